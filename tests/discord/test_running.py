"""Starting the bot: token problems, intents, sharding, and when slash commands are synced."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import discord
import pytest

from bot.cli import main
from bot.core import FAQ
from bot.discordbot import runner
from bot.discordbot.client import ShardedFAQBot, create_bot, intents_for
from bot.settings import Settings
from tests.discord.conftest import Harness, base_settings, make_app, start_bot
from tests.discord.standin import StandIn
from tests.paths import ROOT


@pytest.fixture
def threaded_standin() -> Iterator[StandIn]:
    """A stand-in on its own loop and thread, for code that runs ``asyncio.run`` itself (``faqbot run``)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(_make(), loop).result(10)
    yield server
    asyncio.run_coroutine_threadsafe(server.close(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


async def _make() -> StandIn:
    server = StandIn(app_has_message_content=False)
    await server.start()
    return server


def test_run_without_a_token_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(Path(__file__).parent)  # no .env here
    monkeypatch.setattr("bot.settings.PROJECT_ROOT", Path(__file__).parent)  # nor a developer's beside the project
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "DISCORD_TOKEN" in err and "faqbot console" in err


def test_rejected_token_is_a_one_line_error_and_never_shown(
    threaded_standin: StandIn,
    faq: FAQ,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = "MTIz.this-is-a-wrong-token.XYZ"
    settings = replace(base_settings(threaded_standin, tmp_path), token=secret)
    with caplog.at_level(logging.DEBUG):
        assert runner.run(make_app(settings, faq)) == 1
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines()[-1] == f"faqbot: {runner.REJECTED}"
    assert secret not in captured.err + captured.out + caplog.text
    assert "Traceback" not in captured.err


def test_message_content_intent_the_app_lacks_is_explained(
    threaded_standin: StandIn, faq: FAQ, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = base_settings(threaded_standin, tmp_path, message_content=True)
    assert runner.run(make_app(settings, faq)) == 1
    assert threaded_standin.close_code == 4014
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"faqbot: {runner.NEEDS_INTENT}"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run_unreachable(tmp_path: Path, *argv: str, level: str = "INFO") -> subprocess.CompletedProcess[str]:
    """`faqbot ARGV` as a person runs it, with Discord's API at a closed port on 127.0.0.1 (nothing else)."""
    code = (
        "import sys, discord.http;"
        f"discord.http.Route.BASE = 'http://127.0.0.1:{_closed_port()}/api/v10';"
        "from bot.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DISCORD_TOKEN": "MTIz.not-a-real-token.XYZ",
        "FAQBOT_DATA_DIR": str(tmp_path / "data"),
        "FAQBOT_LOG_LEVEL": level,
    }
    return subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300
    )  # a hang guard: a first start embeds the FAQ, far slower on a busy machine


@pytest.mark.parametrize("argv", [["run"], ["sync"]])
def test_unreachable_discord_is_one_line_and_each_log_line_is_printed_once(tmp_path: Path, argv: list[str]) -> None:
    result = _run_unreachable(tmp_path, *argv)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert lines[-1].startswith("faqbot: Could not reach Discord (Cannot connect to host 127.0.0.1:")
    assert lines[-1].endswith("Check the internet connection, DNS, and any proxy or firewall.")
    assert sum("logging in using static token" in line for line in lines) == 1
    assert len(lines) == len(set(lines)), result.stderr


@pytest.mark.parametrize(("argv", "level"), [(["run"], "DEBUG"), (["-v", "run"], "INFO")])
def test_unreachable_discord_traceback_is_in_the_debug_log_only(tmp_path: Path, argv: list[str], level: str) -> None:
    result = _run_unreachable(tmp_path, *argv, level=level)
    assert result.returncode == 1
    assert "Traceback" in result.stderr
    assert result.stderr.count("client_exceptions.ClientConnectorError: Cannot connect") == 1  # printed once
    assert result.stderr.strip().splitlines()[-1].startswith("faqbot: Could not reach Discord")


@pytest.mark.parametrize("guild", [False, True])
def test_faqbot_sync_registers_commands_globally_or_in_one_server(
    threaded_standin: StandIn, faq: FAQ, tmp_path: Path, capsys: pytest.CaptureFixture[str], guild: bool
) -> None:
    settings = base_settings(threaded_standin, tmp_path)
    guild_id = int(threaded_standin.guild_id) if guild else None
    assert runner.sync(make_app(settings, faq), guild_id) == 0
    scope = threaded_standin.guild_id if guild else None
    names = sorted(c["name"] for c in threaded_standin.commands[scope])
    assert names == ["Find answer", "about", "ask", "faq", "faqmod"]
    assert f"Synced 5 commands to {'server' if guild else 'all servers'}" in capsys.readouterr().out
    assert threaded_standin.requests_to("GET", r"^/gateway") == []  # HTTP only, no gateway session


def test_default_intents_only_unless_opted_in() -> None:
    assert intents_for(Settings()) == discord.Intents.default()
    assert not intents_for(Settings()).message_content
    assert intents_for(Settings(message_content=True)).message_content


async def test_start_syncs_nothing_globally(standin: StandIn, faq: FAQ, tmp_path: Path) -> None:
    bot, task = await start_bot(standin, base_settings(standin, tmp_path), faq)
    try:
        assert standin.requests_to("PUT", r"/commands$") == []
        assert standin.intents == discord.Intents.default().value
        mentions = bot.allowed_mentions
        assert mentions is not None and mentions.to_dict()["parse"] == [] and not mentions.replied_user
    finally:
        await bot.close()
        await task


async def test_start_syncs_to_the_development_server_when_set(standin: StandIn, faq: FAQ, tmp_path: Path) -> None:
    settings = base_settings(standin, tmp_path, dev_guild_id=int(standin.guild_id))
    bot, task = await start_bot(standin, settings, faq)
    try:
        puts = standin.requests_to("PUT", r"/commands$")
        assert [r.path for r in puts] == [f"/applications/{standin.app_id}/guilds/{standin.guild_id}/commands"]
        state = await standin.slash("ask", [{"name": "question", "type": 3, "value": "davos"}])
        assert state.response["type"] == 4
    finally:
        await bot.close()
        await task
    assert standin.violations == []


async def test_sharded_bot_from_settings(standin: StandIn, faq: FAQ, tmp_path: Path) -> None:
    settings = base_settings(standin, tmp_path, shard_count=1, shard_ids=(0,))
    bot, task = await start_bot(standin, settings, faq)
    try:
        assert isinstance(bot, ShardedFAQBot)
        assert standin.identify is not None and standin.identify["shard"] == [0, 1]
        await bot.tree.sync()
        state = await standin.slash("ask", [{"name": "question", "type": 3, "value": "irgc"}], guild=False)
        assert state.response["data"]["embeds"][0]["title"].startswith("What is the IRGC")
    finally:
        await bot.close()
        await task
    assert standin.violations == []


async def test_owner_only_sync_command(harness: Harness) -> None:
    standin = harness.standin
    bot = standin.bot_user
    before = len(standin.requests_to("PUT", r"/commands$"))
    refused = await standin.say(f"<@{bot['id']}> sync", mentions=[bot])
    assert refused[0]["content"] == "Only the bot's owner can do that."
    assert len(standin.requests_to("PUT", r"/commands$")) == before
    done = await standin.say(f"<@{bot['id']}> sync", mentions=[bot], author=standin.owner)
    assert done[0]["content"].startswith("Synced 5 commands to all servers")
    here = await standin.say(f"<@{bot['id']}> sync {standin.guild_id}", mentions=[bot], author=standin.owner)
    assert here[0]["content"] == f"Synced 5 commands to server {standin.guild_id}."


def test_factory_builds_the_plain_bot_without_shard_settings(faq: FAQ, tmp_path: Path) -> None:
    app = make_app(Settings(data_dir=tmp_path / "data"), faq)
    bot = create_bot(app.settings, app.service, app.records)
    assert type(bot).__name__ == "FAQBot"
