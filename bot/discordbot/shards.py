"""Shard clusters: one process runs some of the bot's shards, and direct messages belong to shard 0.

Discord sends every direct message (and every interaction outside a server) to shard 0 only, so of several
processes that split the shards, the one holding shard 0 answers DMs. A process without shard 0 drops DM events
before discord.py parses them, in case one ever arrives elsewhere: two processes must never both answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from discord.ext import commands

from bot.settings import Settings, describe_shards

log = logging.getLogger(__name__)

EVENTS = ("MESSAGE_CREATE", "INTERACTION_CREATE")


def describe(settings: Settings) -> str:
    """Which shards this process runs, for the log: "shards 0-3 of 8", "all 4 shards", "one shard"."""
    if settings.shard_ids is not None and settings.shard_count is not None:
        return f"shards {describe_shards(settings.shard_ids)} of {settings.shard_count}"
    if settings.shard_count is not None:
        return f"all {settings.shard_count} shards"
    return "one shard"


def leave_dms_to_shard_zero(bot: commands.Bot, settings: Settings) -> None:
    """Without shard 0, drop direct-message events (no server): the process holding shard 0 answers them."""
    if settings.handles_direct_messages:
        return
    parsers: dict[str, Callable[[Any], None]] = bot._connection.parsers  # shared with every gateway connection
    for event in EVENTS:
        parse = parsers[event]
        if not getattr(parse, "leaves_dms", False):
            parsers[event] = _in_servers_only(event, parse)


def _in_servers_only(event: str, parse: Callable[[Any], None]) -> Callable[[Any], None]:
    def in_servers(data: Any) -> None:
        if data.get("guild_id") is None:
            log.info("Ignoring %s %s outside a server: the process holding shard 0 answers DMs", event, data.get("id"))
            return
        parse(data)

    in_servers.leaves_dms = True  # type: ignore[attr-defined]
    return in_servers
