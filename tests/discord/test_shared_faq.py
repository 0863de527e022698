"""A moderator's save while the shared database is down, through the stand-in: refused with a clear message while
members are still answered, accepted once it is back. The bot is built by the real composition root with
FAQBOT_DATABASE_URL pointing at the test's own PostgreSQL server, which the test stops and starts."""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build
from bot.core.shared import SharedFAQStore
from bot.core.store import PAUSED
from bot.discordbot.client import create_bot
from tests import pgserver
from tests.discord.conftest import ErrorLog, Harness, base_settings
from tests.discord.standin import StandIn
from tests.discord.test_moderation import final_text, mod, opt
from tests.paths import KNOWLEDGE


@pytest.fixture
async def down_harness(postgres_server: str, standin: StandIn, tmp_path: Path) -> AsyncIterator[tuple[Harness, Path]]:
    """A bot on the test's own PostgreSQL (not ``postgres_server``, which the other tests use): (harness, the
    server's folder)."""
    folder = await asyncio.to_thread(pgserver.init)
    url = await asyncio.to_thread(pgserver.start, folder)
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    for name in ("faq.yaml", "vocabulary.yaml"):
        shutil.copy(KNOWLEDGE / name, knowledge / name)
    settings = base_settings(
        standin,
        tmp_path,
        database_url=url,
        faq_path=knowledge / "faq.yaml",
        vocabulary_path=knowledge / "vocabulary.yaml",
        home_guild_ids=frozenset({int(standin.guild_id)}),
        moderator_role="Moderator",
    )
    errors = ErrorLog()
    loggers = [logging.getLogger("discord"), logging.getLogger("bot")]
    for logger in loggers:
        logger.addHandler(errors)
    app = await asyncio.to_thread(build, settings)
    bot = create_bot(settings, app.service, app.records, guild_ready_timeout=0.05)
    task = asyncio.create_task(bot.start(standin.token))
    await asyncio.wait_for(bot.wait_until_ready(), 10)
    harness = Harness(standin, bot, errors, settings.data_dir)
    await harness.sync_all()
    try:
        yield harness, folder
        await harness.settle()
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
        await asyncio.to_thread(app.close)
        for logger in loggers:
            logger.removeHandler(errors)
        await asyncio.to_thread(pgserver.stop, folder, remove=True)
    messages = [f"{r.name}: {r.getMessage()}" for r in errors.records]
    assert len(messages) == harness.expected_errors, messages


async def confirmed(harness: Harness, command: str, *options: dict[str, Any]) -> str:
    """Propose a change, press Confirm, and return what the moderator is told."""
    state = await mod(harness, command, *options)
    message = await harness.reply(state)
    await harness.standin.click(message, "mod:confirm", user=harness.standin.moderator, moderator=True)
    await harness.standin.wait_for_message(
        lambda m: m["id"] == message["id"] and not m["components"] and not m["flags"] & 128, wait=30
    )
    return final_text(harness, state)


async def test_saves_are_paused_while_the_database_is_down_and_members_still_answered(
    down_harness: tuple[Harness, Path], caplog: pytest.LogCaptureFixture
) -> None:
    harness, folder = down_harness
    assert isinstance(harness.bot.service.store, SharedFAQStore)  # the composition root chose the database
    assert (await confirmed(harness, "alias", opt("entry", "airspace"), opt("phrasing", "first skyway"))).startswith(
        "Saved"
    )

    await asyncio.to_thread(pgserver.stop, folder)
    harness.expected_errors = 1  # the records writer says once that it buffers
    asked = await harness.standin.slash("ask", [opt("question", "what did pakistan tell its airlines")])
    reply = await harness.reply(asked)
    assert "asked the Pakistani airlines not to use Iranian airspace" in str(reply["embeds"])  # from memory
    text = await confirmed(harness, "alias", opt("entry", "airspace"), opt("phrasing", "second skyway"))
    assert text == PAUSED == "Saving is paused: the database is unreachable. Try again in a minute."
    undo = await mod(harness, "undo")
    assert (await harness.reply(undo))["content"] == PAUSED
    assert "second skyway" not in harness.bot.engine.faq.get("airspace").alternates  # type: ignore[union-attr]

    await asyncio.to_thread(pgserver.start, folder)
    text = await confirmed(harness, "alias", opt("entry", "airspace"), opt("phrasing", "third skyway"))
    assert text.startswith("Saved: alias airspace: third skyway")
    alternates = harness.bot.engine.faq.get("airspace").alternates  # type: ignore[union-attr]
    assert "first skyway" in alternates and "third skyway" in alternates
    assert caplog.text.count("The database is unreachable") == 1
