"""Run the real bot against the stand-in: a fresh bot per test, started with ``bot.start()`` unchanged."""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.core import FAQ, Matcher
from bot.core.records import Records
from bot.core.service import FAQService, IndexBuilder
from bot.core.store import FAQStore
from bot.discordbot.client import FAQBot, ShardedFAQBot, create_bot, sync_commands
from bot.settings import Settings
from tests.discord.standin import InteractionState, StandIn
from tests.discord.standin.world import snowflake
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
        # The listener tasks discord.py spawned for each message (``Client._schedule_event``), by message id: a test
        # waits for them to finish rather than for a while, so a late wrong reply is always seen.
        self.handling: dict[str, list[asyncio.Task[Any]]] = {}
        schedule = bot._schedule_event

        def tracked(coro: Any, event_name: str, *args: Any, **kwargs: Any) -> asyncio.Task[Any]:
            task = schedule(coro, event_name, *args, **kwargs)
            if event_name == "on_message" and args:
                self.handling.setdefault(str(args[0].id), []).append(task)
            return task

        bot._schedule_event = tracked  # type: ignore[method-assign]
        click = standin.click

        async def live_click(
            message: dict[str, Any], custom_id: str, *, live: bool = True, **kwargs: Any
        ) -> InteractionState:
            if live:
                current = standin.messages.get(message["id"], message)
                await self.until(
                    lambda: self.dispatchable(current, custom_id), f"the button {custom_id} never went live"
                )
            return await click(message, custom_id, **kwargs)

        standin.click = live_click  # type: ignore[method-assign]
        submit = standin.submit

        async def live_submit(opened: InteractionState, values: dict[str, str], **kwargs: Any) -> InteractionState:
            modal = opened.responses[0] if opened.responses else {}
            if modal.get("type") == 9:
                custom_id = modal["data"]["custom_id"]
                modals = self.bot._connection._view_store._modals
                await self.until(lambda: custom_id in modals, f"the form {custom_id} never went live")
            return await submit(opened, values, **kwargs)

        standin.submit = live_submit  # type: ignore[method-assign]

    def dispatchable(self, message: dict[str, Any], custom_id: str) -> bool:
        """Whether discord.py would hand a click on ``custom_id`` to a view: the lookups of its
        ``ViewStore.dispatch_view`` (by message id; by the interaction that sent it, where discord.py 2.6 keeps a
        reply's view; by none, a persistent view; a dynamic item's pattern). A disabled or missing button is no
        click to wait for."""
        component = self.standin.find_component(message, custom_id)
        if component is None or component.get("disabled"):
            return True
        store = self.bot._connection._view_store
        key = (component["type"], custom_id)
        owners: list[int | None] = [int(message["id"]), None]
        if message.get("interaction_metadata"):
            owners.append(int(message["interaction_metadata"]["id"]))
        if any(key in store._views.get(owner, {}) for owner in owners):
            return True
        return any(pattern.fullmatch(custom_id) for pattern in store._dynamic_items)

    async def until(self, ready: Callable[[], bool], failure: str, wait: float = 10.0) -> None:
        """Wait until ``ready()``, failing with ``failure`` after ``wait`` seconds.

        The stand-in has the bot's reply before discord.py has read it and registered its view (or form): a person
        can't click that fast, a test can, and a click on buttons not yet live is dropped (the test then waits out
        its deadline for an outcome that never comes). Under load, with fifty replies in flight, registering took
        over the 2 s once allowed. A test that clicks dead buttons on purpose passes ``live=False``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while not ready():
            assert loop.time() < deadline, failure
            await asyncio.sleep(0.005)

    async def handled(self, message_id: str, wait: float = 10.0) -> None:
        """Wait until the bot has received the message and every listener of it has finished."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while message_id not in self.handling:
            assert loop.time() < deadline, f"the bot never received message {message_id}"
            await asyncio.sleep(0.005)
        await asyncio.wait_for(asyncio.gather(*self.handling[message_id]), max(0.0, deadline - loop.time()))

    async def said(self, content: str, **kwargs: Any) -> list[dict[str, Any]]:
        """A user posts a message; every message the bot posted by the time it has finished handling it (replies
        or not; with messages posted at the same time, theirs too): for "stays silent" and "answers once", with no
        guess at how long the bot may take."""
        message_id = kwargs.pop("id", None) or snowflake()
        before = set(self.standin.messages)
        await self.standin.say(content, id=message_id, wait=0, **kwargs)
        await self.handled(message_id)
        bot_id = self.standin.bot_user["id"]
        posted = [m for i, m in self.standin.messages.items() if i not in before and i != message_id]
        return [m for m in posted if m["author"]["id"] == bot_id]

    async def settle(self, wait: float = 10.0) -> None:
        """Wait until every deferred reply ("thinking…") has been filled in: the bot finishes work it acknowledged
        before the test closes it."""
        deadline = asyncio.get_running_loop().time() + wait
        while any(m["flags"] & 128 for m in self.standin.messages.values()):
            assert asyncio.get_running_loop().time() < deadline, "a deferred reply was never filled in"
            await asyncio.sleep(0.02)

    async def reply(self, state: InteractionState, wait: float = 10.0) -> dict[str, Any]:
        """The bot's reply to an interaction as the user finally sees it (after a deferred "thinking…")."""
        assert state.original_id is not None, "the bot did not respond with a message"
        message = await self.standin.wait_for_message(
            lambda m: m["id"] == state.original_id and not m["flags"] & 128, wait=wait
        )
        buttons = [
            child["custom_id"]
            for row in message["components"]
            for child in row.get("components") or []
            if child.get("custom_id") and not child.get("disabled")
        ]
        await self.until(
            lambda: all(self.dispatchable(message, b) for b in buttons), "the reply's buttons never went live", wait
        )
        return message

    async def sync_all(self) -> None:
        """What an operator does once: global sync (DMs) and guild sync (instant in the server)."""
        await sync_commands(self.bot.tree, None)
        await sync_commands(self.bot.tree, int(self.standin.guild_id))


def make_store(tmp_path: Path, faq: FAQ) -> FAQStore:
    """A FAQ store on copies of the shipped faq.yaml and vocabulary.yaml, so tests can change them."""
    folder = tmp_path / "knowledge"
    folder.mkdir(exist_ok=True)
    target = folder / "faq.yaml"
    if not target.exists():
        shutil.copy(KNOWLEDGE / "faq.yaml", target)
    vocabulary = folder / "vocabulary.yaml"
    if not vocabulary.exists():
        shutil.copy(KNOWLEDGE / "vocabulary.yaml", vocabulary)
    return FAQStore(target, faq.article, tmp_path / "data", vocabulary_path=vocabulary)


def make_app(settings: Settings, faq: FAQ, *, build_index: IndexBuilder | None = None) -> App:
    """What the composition root builds, on a copy of the shipped FAQ beside the test's data folder.
    ``build_index``: how the service builds the index of each new revision (a test can slow it down)."""
    store = make_store(settings.data_dir.parent, faq)
    service = FAQService.open(store, settings.thresholds, build_index=build_index or Matcher)
    return App(settings, service, Records(settings.data_dir))


async def start_bot(
    standin: StandIn,
    settings: Settings,
    faq: FAQ,
    *,
    build_index: IndexBuilder | None = None,
    identify_wait: bool = True,
    **options: Any,
) -> tuple[FAQBot | ShardedFAQBot, asyncio.Task[None]]:
    """``identify_wait=False``: a process running several shards identifies them at once (discord.py waits 5 s
    between them, Discord's identify rate, which a loopback stand-in does not need)."""
    app = make_app(settings, faq, build_index=build_index)
    bot = create_bot(settings, app.service, app.records, guild_ready_timeout=0.05, **options)
    if not identify_wait:
        bot.before_identify_hook = _no_identify_wait  # type: ignore[method-assign]
    task = asyncio.create_task(bot.start(standin.token))
    ready = asyncio.create_task(bot.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        ready.cancel()
        task.result()  # raises what start() raised
    assert ready in done, "the bot did not become ready against the stand-in"
    return bot, task


async def _no_identify_wait(shard_id: int | None, *, initial: bool = False) -> None:
    pass


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
def standin_setup() -> Callable[[StandIn], Awaitable[None]] | None:
    """Override (or parametrize) to turn fault switches on before the bot connects: they show in GUILD_CREATE."""
    return None


@pytest.fixture
async def standin(standin_setup: Callable[[StandIn], Awaitable[None]] | None) -> AsyncIterator[StandIn]:
    server = StandIn()
    await server.start()
    if standin_setup is not None:
        await standin_setup(server)
    yield server
    await server.close()


@pytest.fixture
def settings_changes() -> dict[str, Any]:
    """Override in a test module (or parametrize) to start the bot with other settings."""
    return {}


@pytest.fixture
def build_index() -> IndexBuilder | None:
    """Override (or parametrize) to have the bot's FAQ service build each new revision's index another way."""
    return None


@pytest.fixture
async def harness(
    standin: StandIn,
    faq: FAQ,
    tmp_path: Path,
    settings_changes: dict[str, Any],
    build_index: IndexBuilder | None,
) -> AsyncIterator[Harness]:
    errors = ErrorLog()
    loggers = [logging.getLogger("discord"), logging.getLogger("bot")]
    for logger in loggers:
        logger.addHandler(errors)
    settings = base_settings(standin, tmp_path, **settings_changes)
    bot, task = await start_bot(standin, settings, faq, build_index=build_index)
    h = Harness(standin, bot, errors, settings.data_dir)
    await h.sync_all()
    try:
        yield h
        await h.settle()
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
        for logger in loggers:
            logger.removeHandler(errors)
    assert standin.violations == [], standin.violations
    messages = [f"{r.name}: {r.getMessage()}" for r in errors.records]
    assert len(messages) == h.expected_errors, messages
