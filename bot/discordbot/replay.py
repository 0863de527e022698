"""Gateway events delivered twice are handled once.

Discord's gateway delivers at least once: after a RESUME it replays what it believes the bot missed, and an event
can arrive again. Answering a message twice posts a duplicate answer; responding to an interaction twice is
refused by Discord (40060). The bot remembers the ids of the last messages and interactions it handled and
drops repeats before discord.py parses them.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from discord.ext import commands

log = logging.getLogger(__name__)

REMEMBERED = 5000
EVENTS = ("MESSAGE_CREATE", "INTERACTION_CREATE")


def handle_once(bot: commands.Bot) -> None:
    """Wrap discord.py's parsers for the events the bot answers so a repeated id is dropped."""
    parsers: dict[str, Callable[[Any], None]] = bot._connection.parsers  # shared with every gateway connection
    for event in EVENTS:
        parse = parsers[event]
        if getattr(parse, "handles_once", False):
            continue
        parsers[event] = _once(event, parse)


def _once(event: str, parse: Callable[[Any], None]) -> Callable[[Any], None]:
    seen: OrderedDict[str, None] = OrderedDict()

    def once(data: Any) -> None:
        key = str(data.get("id"))
        if key in seen:
            log.info("Ignoring %s %s: delivered again (replayed by the gateway)", event, key)
            return
        seen[key] = None
        if len(seen) > REMEMBERED:
            seen.popitem(last=False)
        parse(data)

    once.handles_once = True  # type: ignore[attr-defined]
    return once
