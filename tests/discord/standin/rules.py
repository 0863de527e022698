"""Discord's rules beyond what its schema says, as the stand-in enforces them; a broken rule is a violation (the
test fails) and Discord's refusal (``DiscordError``: HTTP status, JSON error code, message).

- Message limits: 2000 characters of content, 10 embeds of at most 6000 characters in all, each part within its
  own limit (https://discord.com/developers/docs/resources/message#embed-object-embed-limits); 5 action rows of
  at most 5 buttons or one select, unique ``custom_id`` of 1-100 characters, labels and options within their
  limits (https://discord.com/developers/docs/components/reference).
- No pings: everything the bot sends says ``allowed_mentions`` with nothing to parse, and a reply does not ping
  its author (https://discord.com/developers/docs/resources/message#allowed-mentions-object). Discord itself
  would ping; the stand-in holds the bot to the project's rule.
- Autocomplete: at most 25 choices, names of 1-100 characters, string values of at most 100
  (https://discord.com/developers/docs/interactions/application-commands#autocomplete).
- The 3-second rule: the first response to an interaction must reach Discord within 3 seconds, or the interaction
  is gone (10062 Unknown interaction); a second response gets 40060
  (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction; codes
  in https://discord.com/developers/docs/topics/opcodes-and-status-codes#json).
"""

from __future__ import annotations

import time
from typing import Any

EPHEMERAL = 1 << 6  # message flag: only the user who invoked the interaction sees it
RESPONSE_DEADLINE = 3.0  # seconds from the interaction to its first response


class DiscordError(Exception):
    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def answered_late(created: float, deadline: float) -> bool:
    """Whether a first response now misses the deadline counted from ``created`` (``time.monotonic()``)."""
    return time.monotonic() - created > deadline


def message_problems(body: dict[str, Any], *, require_no_pings: bool = True) -> list[str]:
    problems: list[str] = []
    content = body.get("content") or ""
    if len(content) > 2000:
        problems.append(f"content is {len(content)} characters (limit 2000)")
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        problems.append("more than 10 embeds")
    total = 0
    for embed in embeds:
        for key, limit in (("title", 256), ("description", 4096)):
            if len(embed.get(key) or "") > limit:
                problems.append(f"embed {key} over {limit}")
            total += len(embed.get(key) or "")
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems.append("more than 25 embed fields")
        for item in fields:
            if not item.get("name") or len(item["name"]) > 256:
                problems.append("embed field name empty or over 256")
            if not item.get("value") or len(item["value"]) > 1024:
                problems.append("embed field value empty or over 1024")
            total += len(item.get("name") or "") + len(item.get("value") or "")
        footer = (embed.get("footer") or {}).get("text") or ""
        author = (embed.get("author") or {}).get("name") or ""
        if len(footer) > 2048 or len(author) > 256:
            problems.append("embed footer or author too long")
        total += len(footer) + len(author)
    if total > 6000:
        problems.append(f"embeds total {total} characters (limit 6000)")
    problems += component_problems(body.get("components") or [])
    if require_no_pings and (content or embeds):
        mentions = body.get("allowed_mentions")
        if mentions is None or mentions.get("parse") or mentions.get("users") or mentions.get("roles"):
            problems.append(f"message may ping: allowed_mentions={mentions!r}")
        if body.get("message_reference") and (mentions or {}).get("replied_user"):
            problems.append("reply pings its author")
    return problems


def component_problems(rows: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(rows) > 5:
        problems.append("more than 5 action rows")
    custom_ids: list[str] = []
    for row in rows:
        children = row.get("components") or []
        selects = [c for c in children if c.get("type") in (3, 5, 6, 7, 8)]
        if len(children) > 5 or (selects and len(children) > 1):
            problems.append("action row over capacity")
        for child in children:
            if child.get("custom_id") is not None:
                custom_ids.append(child["custom_id"])
                if not 1 <= len(child["custom_id"]) <= 100:
                    problems.append("custom_id length")
            if child.get("type") == 2 and len(child.get("label") or "") > 80:
                problems.append("button label over 80")
            if child.get("type") == 3:
                options = child.get("options") or []
                if not 1 <= len(options) <= 25:
                    problems.append("select needs 1-25 options")
                for option in options:
                    if not 1 <= len(option.get("label") or "") <= 100 or len(option.get("value") or "") > 100:
                        problems.append("select option label/value length")
    if len(custom_ids) != len(set(custom_ids)):
        problems.append("duplicate custom_id in one message")
    return problems


def autocomplete_problems(data: dict[str, Any]) -> list[str]:
    choices = data.get("choices") or []
    problems = [] if len(choices) <= 25 else [f"{len(choices)} autocomplete choices (limit 25)"]
    for choice in choices:
        if not 1 <= len(choice.get("name") or "") <= 100:
            problems.append(f"choice name length {len(choice.get('name') or '')}")
        if isinstance(choice.get("value"), str) and len(choice["value"]) > 100:
            problems.append("choice value over 100")
    return problems
