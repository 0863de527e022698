"""Shard clusters end to end: bot clients that each run some of the shards against one stand-in, which sends each
guild's events to its shard ((guild_id >> 22) % shard count) and DMs to shard 0, as Discord does."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.core import FAQ
from bot.core.records import Records
from bot.discordbot.client import FAQBot, ShardedFAQBot, sync_commands
from tests.discord.conftest import ErrorLog, base_settings, start_bot
from tests.discord.standin import StandIn

Bot = FAQBot | ShardedFAQBot
Start = Callable[..., Awaitable[Bot]]

OFF_TOPIC = "who won the world cup"  # declined: kept for the moderators' queue with the place it was asked


def q(text: str) -> list[dict[str, Any]]:
    return [{"name": "question", "type": 3, "value": text}]


def mention(standin: StandIn, text: str) -> tuple[str, list[dict[str, Any]]]:
    return f"<@{standin.bot_user['id']}> {text}", [standin.bot_user]


@pytest.fixture
async def start(standin: StandIn, faq: FAQ, tmp_path: Path) -> AsyncIterator[Start]:
    """Start bot clients in this test's loop, each with its own settings (``data``: its data folder's name, so
    two can share one database or not); all closed at the end, with no ERROR logged and no rule broken."""
    errors = ErrorLog()
    loggers = [logging.getLogger("discord"), logging.getLogger("bot")]
    for logger in loggers:
        logger.addHandler(errors)
    running: list[tuple[Bot, asyncio.Task[None]]] = []

    async def go(*, data: str = "data", **changes: Any) -> Bot:
        settings = base_settings(standin, tmp_path, data_dir=tmp_path / data, **changes)
        bot, task = await start_bot(standin, settings, faq, identify_wait=False)
        running.append((bot, task))
        return bot

    try:
        yield go
    finally:
        for bot, task in running:
            await bot.close()
            await asyncio.wait_for(task, 5)
        for logger in loggers:
            logger.removeHandler(errors)
    assert standin.violations == [], standin.violations
    assert [f"{r.name}: {r.getMessage()}" for r in errors.records] == []


def asked_where(records: Records) -> list[str]:
    """The places of the declined questions a bot kept, as stored."""
    assert records.writer.flush()
    return sorted(row["place"] for row in records.storage.rows("unanswered"))


@pytest.fixture
def standin_setup() -> Callable[[StandIn], Awaitable[None]]:
    async def four_shards(standin: StandIn) -> None:
        standin.shard_count = 4

    return four_shards


def one_guild_per_shard(standin: StandIn) -> dict[int, str]:
    """A guild on each shard of the stand-in's count (its first guild where it falls, more where none does)."""
    guilds = {standin.shard_of(standin.guild_id, standin.shard_count): standin.guild_id}
    for shard in range(standin.shard_count):
        if shard not in guilds:
            guilds[shard] = standin.add_guild(shard=shard)
    return guilds


async def test_a_process_on_shards_0_and_1_of_4_gets_only_its_guilds(standin: StandIn, start: Start) -> None:
    guilds = one_guild_per_shard(standin)
    bot = await start(shard_count=4, shard_ids=(0, 1))
    assert sorted(i["shard"] for i in standin.identified) == [[0, 4], [1, 4]]
    assert sorted(g.id for g in bot.guilds) == sorted(int(guilds[s]) for s in (0, 1))
    text, mentions = mention(standin, OFF_TOPIC)
    answered = {}
    for shard, guild in guilds.items():
        replies = await standin.say(text, mentions=mentions, guild_id=guild, wait=2 if shard < 2 else 0.5)
        answered[shard] = len(replies)
    assert answered == {0: 1, 1: 1, 2: 0, 3: 0}  # the process holding shards 2-3 answers those (none runs here)
    channels = {s: standin.guild_channels[g] for s, g in guilds.items()}
    assert asked_where(bot.records) == sorted(f"{guilds[s]}/{channels[s]}" for s in (0, 1))


async def test_two_processes_split_the_shards_and_each_guild_is_answered_once(standin: StandIn, start: Start) -> None:
    guilds = one_guild_per_shard(standin)
    low = await start(shard_count=4, shard_ids=(0, 1), data="low")
    high = await start(shard_count=4, shard_ids=(2, 3), data="high")
    await sync_commands(low.tree, None)
    for guild in guilds.values():
        state = await standin.slash("ask", q(OFF_TOPIC), guild_id=guild)
        assert len(state.responses) == 1 and state.response["type"] == 4
    place = {s: f"{g}/{standin.guild_channels[g]}" for s, g in guilds.items()}
    assert asked_where(low.records) == sorted([place[0], place[1]])
    assert asked_where(high.records) == sorted([place[2], place[3]])


# --- direct messages: shard 0 only ----------------------------------------------------------------------------


@pytest.mark.parametrize("every_shard", [False, True], ids=["as-discord-sends-them", "sent-to-every-shard"])
async def test_a_dm_is_answered_once_by_the_process_holding_shard_0(
    standin: StandIn, start: Start, every_shard: bool
) -> None:
    standin.dms_to_every_shard = every_shard  # defensively: were a DM ever to reach another shard
    first = await start(shard_count=2, shard_ids=(0,), data="first")
    second = await start(shard_count=2, shard_ids=(1,), data="second")
    await sync_commands(first.tree, None)
    replies = await standin.say("why did iran attack pakistan?", guild=False, wait=2)
    await asyncio.sleep(0.3)  # time for a second answer, were one coming
    replies = await standin.replies_to(replies[0]["message_reference"]["message_id"], wait=0)
    assert [r["embeds"][0]["title"] for r in replies] == ["Why did Iran attack Pakistan?"]
    state = await standin.slash("ask", q(OFF_TOPIC), guild=False)
    await asyncio.sleep(0.3)
    assert len(state.responses) == 1  # a second would be refused by Discord (40060)
    assert asked_where(first.records) == ["dm"]  # the shard-0 holder answered
    assert asked_where(second.records) == []


async def test_without_shard_0_the_development_server_is_left_to_the_shard_0_process(
    standin: StandIn, start: Start
) -> None:
    await start(shard_count=2, shard_ids=(1,), dev_guild_id=int(standin.guild_id))
    assert standin.requests_to("PUT", r"/commands$") == []
    await start(shard_count=2, shard_ids=(0,), dev_guild_id=int(standin.guild_id), data="zero")
    puts = standin.requests_to("PUT", r"/commands$")
    assert [r.path for r in puts] == [f"/applications/{standin.app_id}/guilds/{standin.guild_id}/commands"]


# --- one database shared by two processes ----------------------------------------------------------------------


async def test_two_processes_on_shards_0_and_1_share_one_database_and_records_land_once(
    standin: StandIn, start: Start
) -> None:
    standin.shard_count = 2
    guilds = {standin.shard_of(standin.guild_id, 2): standin.guild_id}
    guilds[1 - next(iter(guilds))] = standin.add_guild(shard=1 - next(iter(guilds)))
    zero = await start(shard_count=2, shard_ids=(0,))
    one = await start(shard_count=2, shard_ids=(1,))  # the same data folder: one SQLite database
    await sync_commands(zero.tree, None)
    asks = 0
    for round_ in range(3):
        for guild in guilds.values():
            state = await standin.slash("ask", q(f"{OFF_TOPIC} {round_}"), guild_id=guild)
            assert state.response["type"] == 4
            asks += 1
        text, mentions = mention(standin, "why did iran attack pakistan?")
        for guild in guilds.values():
            assert len(await standin.say(text, mentions=mentions, guild_id=guild)) == 1
            asks += 1
    for bot in (zero, one):
        assert bot.records.writer.flush()
    storage = zero.records.storage
    assert len(storage.rows("asks")) == asks
    places = sorted(r["place"] for r in storage.rows("unanswered"))
    assert places == sorted(f"{g}/{standin.guild_channels[g]}" for g in guilds.values() for _ in range(3))
