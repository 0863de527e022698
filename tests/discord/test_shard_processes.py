"""Shard clusters as operators run them: `faqbot sync` once, then two `faqbot run --shards` processes (real OS
processes, the real CLI) on shards 0 and 1 of 2, against one stand-in, sharing one PostgreSQL database."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.core import FAQ
from bot.core.storage import open_storage
from tests.discord.standin import StandIn
from tests.paths import KNOWLEDGE, ROOT

OFF_TOPIC = "who won the world cup"
# How long a process may take to start or to finish by itself: a hang guard, not a speed test. Each process has a
# data folder of its own, so each embeds the FAQ's phrasings on its first start (about 20 s on an idle 2-core
# machine, two at once, and much longer on a busy one: a 60 s limit failed a CI run there).
STARTUP = 300.0  # declined: kept for the moderators' queue with the place it was asked


def q(text: str) -> list[dict[str, Any]]:
    return [{"name": "question", "type": 3, "value": text}]


class BotProcess:
    """`faqbot ARGS` in a process of its own, pointed at the stand-in; its log lines kept as they come."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stderr is not None
        async for raw in self.process.stderr:
            self.lines.append(raw.decode(errors="replace").rstrip())

    async def wait_for_line(self, text: str, wait: float = STARTUP) -> None:
        deadline = asyncio.get_running_loop().time() + wait
        while not any(text in line for line in self.lines):
            if self.process.returncode is not None or asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no {text!r} in the log:\n" + "\n".join(self.lines))
            await asyncio.sleep(0.05)

    async def finish(self, wait: float = STARTUP) -> int:
        """Wait for it to exit by itself."""
        code = await asyncio.wait_for(self.process.wait(), wait)
        await self.reader
        return code

    async def stop(self) -> int:
        """Ctrl-C, as an operator stops it: it writes what it buffered and exits."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
        try:
            code = await asyncio.wait_for(self.process.wait(), 30)
        except TimeoutError:
            self.process.kill()
            code = await self.process.wait()
        await self.reader
        return code


Launch = Callable[..., Awaitable[BotProcess]]


@pytest.fixture
async def launch(standin: StandIn, tmp_path: Path, postgres_url: str) -> AsyncIterator[Launch]:
    """Start `faqbot ARGS` with the settings an operator would give each process: the same database and home
    servers, its own copy of the knowledge folder and its own data folder (as on its own machine)."""
    started: list[BotProcess] = []
    code = (
        # Ctrl-C must reach the bot as it does an operator's: a test run started in the background (a shell
        # without job control) ignores SIGINT, and children inherit that.
        "import signal; signal.signal(signal.SIGINT, signal.default_int_handler);"
        "import sys, discord.http, discord.gateway, yarl;"
        f"discord.http.Route.BASE = 'http://127.0.0.1:{standin.port}/api/v10';"
        f"discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL('ws://127.0.0.1:{standin.port}/gateway');"
        "from bot.cli import main; sys.exit(main(sys.argv[1:]))"
    )

    async def go(name: str, *argv: str, **settings: str) -> BotProcess:
        home = tmp_path / name
        (home / "knowledge").mkdir(parents=True)
        for file in ("faq.yaml", "vocabulary.yaml"):
            shutil.copy(KNOWLEDGE / file, home / "knowledge" / file)
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DISCORD_TOKEN": standin.token,
            "FAQBOT_DATABASE_URL": postgres_url,
            "FAQBOT_DATA_DIR": str(home / "data"),
            "FAQBOT_FAQ_PATH": str(home / "knowledge" / "faq.yaml"),
            "FAQBOT_VOCABULARY_PATH": str(home / "knowledge" / "vocabulary.yaml"),
            "FAQBOT_HOME_GUILD_IDS": ",".join(standin.guild_ids),
            "FAQBOT_MODERATOR_ROLE": "Moderator",
            "FAQBOT_ASK_RATE": "100",
            "FAQBOT_LOG_LEVEL": "INFO",
            "FAQBOT_SHARD_IDS": "",
            "FAQBOT_SHARD_COUNT": "",
            **settings,
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", code, *argv, cwd=home, env=env, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        started.append(BotProcess(process))
        return started[-1]

    try:
        yield go
    finally:
        for bot in started:
            with contextlib.suppress(Exception):
                await bot.stop()


def guild_per_shard(standin: StandIn) -> dict[int, str]:
    """The stand-in's first guild, and another on the other shard of 2."""
    first = standin.shard_of(standin.guild_id, 2)
    return {first: standin.guild_id, 1 - first: standin.add_guild(shard=1 - first, count=2)}


async def test_two_faqbot_run_processes_split_the_shards_and_share_one_database(
    standin: StandIn, launch: Launch, postgres_url: str
) -> None:
    guilds = guild_per_shard(standin)
    standin.dms_to_every_shard = True  # were a DM to reach shard 1 too, only the shard-0 process answers it
    sync = await launch("sync", "sync")
    # The separate step: slash commands registered once, over HTTP only.
    assert await sync.finish() == 0, "\n".join(sync.lines)
    zero = await launch("zero", "run", "--shards", "0", "--shard-count", "2")
    one = await launch("one", "run", "--shards", "1", "--shard-count", "2")
    await zero.wait_for_line("(shards 0 of 2)")
    await one.wait_for_line("(shards 1 of 2)")
    assert sorted(i["shard"] for i in standin.identified) == [[0, 2], [1, 2]]

    mention = f"<@{standin.bot_user['id']}> why did iran attack pakistan?"
    for shard, guild in guilds.items():
        state = await standin.slash("ask", q(OFF_TOPIC), guild_id=guild, timeout=10)
        assert len(state.responses) == 1 and state.response["type"] == 4, shard
        replies = await standin.say(mention, mentions=[standin.bot_user], guild_id=guild, wait=10)
        assert [r["embeds"][0]["title"] for r in replies] == ["Why did Iran attack Pakistan?"]
    dm = await standin.say(OFF_TOPIC, guild=False, wait=10)
    await asyncio.sleep(0.5)  # time for a second answer, were one coming
    assert len(await standin.replies_to(dm[0]["message_reference"]["message_id"], wait=0)) == 1
    assert any("the process holding shard 0 answers DMs" in line for line in one.lines)

    assert await zero.stop() == 0 and await one.stop() == 0  # each writes what it buffered
    storage = open_storage(Path("unused"), postgres_url)
    try:
        asks = storage.rows("asks")
        places = sorted(r["place"] for r in storage.rows("unanswered"))
    finally:
        storage.close()
    assert len(asks) == 5  # two /ask, two mentions, one DM: each recorded once, by the process that answered
    assert places == sorted([*(f"{g}/{standin.guild_channels[g]}" for g in guilds.values()), "dm"])
    assert not [line for line in zero.lines + one.lines if " ERROR " in line or "Traceback" in line]


async def test_a_moderators_save_in_one_process_is_served_by_the_other(
    standin: StandIn, launch: Launch, faq: FAQ
) -> None:
    guilds = guild_per_shard(standin)
    sync = await launch("sync", "sync")
    assert await sync.finish() == 0, "\n".join(sync.lines)
    # Each checks the database for a newer FAQ only every 10 minutes: within the wait below, only the
    # notification (LISTEN/NOTIFY) can bring one process's save to the other.
    slow_poll = {"FAQBOT_FAQ_POLL_SECONDS": "600"}
    zero = await launch("zero", "run", "--shards", "0", "--shard-count", "2", **slow_poll)
    one = await launch("one", "run", "--shards", "1", "--shard-count", "2", **slow_poll)
    await zero.wait_for_line("(shards 0 of 2)")
    await one.wait_for_line("(shards 1 of 2)")
    airspace = faq.get("airspace")
    assert airspace is not None
    phrasing = "the skyway embargo thing"

    async def served_on_shard_1() -> str:
        state = await standin.slash("ask", q(phrasing), guild_id=guilds[1], timeout=10)
        message = await standin.wait_for_message(lambda m: m["id"] == state.original_id and not m["flags"] & 128)
        return str(message["embeds"][0]["title"]) if message["embeds"] else ""

    assert await served_on_shard_1() != airspace.question

    options = [{"name": "entry", "type": 3, "value": "airspace"}, {"name": "phrasing", "type": 3, "value": phrasing}]
    moderator = {"user": standin.moderator, "moderator": True}
    state = await standin.slash(
        "faqmod", [{"name": "alias", "type": 1, "options": options}], guild_id=guilds[0], timeout=10, **moderator
    )
    preview = await standin.wait_for_message(lambda m: m["id"] == state.original_id and bool(m["components"]))
    await standin.click(preview, "mod:confirm", **moderator)
    saved = await standin.wait_for_message(
        lambda m: m["id"] == preview["id"] and m["content"].startswith(("Saved", "Not")), wait=30
    )
    assert saved["content"].startswith("Saved: alias airspace"), saved["content"]

    deadline = asyncio.get_running_loop().time() + 30
    while (title := await served_on_shard_1()) != airspace.question:
        assert asyncio.get_running_loop().time() < deadline, f"the other process still answers {title!r}"
        await asyncio.sleep(0.1)
    assert await zero.stop() == 0 and await one.stop() == 0
    assert not [line for line in zero.lines + one.lines if " ERROR " in line or "Traceback" in line]
