"""Run the real bot against the stand-in: a fresh bot per test, started with ``bot.start()`` unchanged."""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.core import FAQ
from bot.core.records import Records
from bot.core.store import FAQStore
from bot.discordbot.client import FAQBot, ShardedFAQBot, create_bot
from bot.settings import Settings
from tests.discord.standin import StandIn
from tests.paths import KNOWLEDGE


class ErrorLog(logging.Handler):
    """Collects ERROR records from discord.py and from the bot: exceptions there are logged, not raised."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Harness:
    def __init__(self, standin: StandIn, bot: FAQBot | ShardedFAQBot, errors: ErrorLog, data: Path) -> None:
        self.standin = standin
        self.bot = bot
        self.errors = errors
        self.data = data
        self.expected_errors = 0

    async def sync_all(self) -> None:
        """What an operator does once: global sync (DMs) and guild sync (instant in the server)."""
        await self.bot.tree.sync()
        guild = discord.Object(int(self.standin.guild_id))
        self.bot.tree.copy_global_to(guild=guild)
        await self.bot.tree.sync(guild=guild)


def make_store(tmp_path: Path, faq: FAQ) -> FAQStore:
    """A FAQ store on a copy of the shipped faq.yaml, so tests can change it."""
    folder = tmp_path / "knowledge"
    folder.mkdir(exist_ok=True)
    target = folder / "faq.yaml"
    if not target.exists():
        shutil.copy(KNOWLEDGE / "faq.yaml", target)
    return FAQStore(target, faq.article, tmp_path / "data")


async def start_bot(
    standin: StandIn, settings: Settings, faq: FAQ, **options: Any
) -> tuple[FAQBot | ShardedFAQBot, asyncio.Task[None]]:
    store = make_store(settings.data_dir.parent, faq)
    bot = create_bot(settings, store, Records(settings.data_dir), guild_ready_timeout=0.05, **options)
    task = asyncio.create_task(bot.start(standin.token))
    ready = asyncio.create_task(bot.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        ready.cancel()
        task.result()  # raises what start() raised
    assert ready in done, "the bot did not become ready against the stand-in"
    return bot, task


def base_settings(standin: StandIn, tmp_path: Path, **changes: Any) -> Settings:
    settings = Settings(
        token=standin.token,
        data_dir=tmp_path / "data",
        owner_ids=frozenset({int(standin.owner["id"])}),
        ask_rate=100,
        ask_per=1.0,
    )
    return replace(settings, **changes)


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    server = StandIn()
    await server.start()
    yield server
    await server.close()


@pytest.fixture
def settings_changes() -> dict[str, Any]:
    """Override in a test module (or parametrize) to start the bot with other settings."""
    return {}


@pytest.fixture
async def harness(
    standin: StandIn, faq: FAQ, tmp_path: Path, settings_changes: dict[str, Any]
) -> AsyncIterator[Harness]:
    errors = ErrorLog()
    loggers = [logging.getLogger("discord"), logging.getLogger("bot")]
    for logger in loggers:
        logger.addHandler(errors)
    settings = base_settings(standin, tmp_path, **settings_changes)
    bot, task = await start_bot(standin, settings, faq)
    h = Harness(standin, bot, errors, settings.data_dir)
    await h.sync_all()
    try:
        yield h
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
        for logger in loggers:
            logger.removeHandler(errors)
    assert standin.violations == [], standin.violations
    messages = [f"{r.name}: {r.getMessage()}" for r in errors.records]
    assert len(messages) == h.expected_errors, messages
