"""Posting in a channel the way production Discord allows it.

Before replying in a server channel the bot checks its own permissions there (``channel.permissions_for``, or
the ``app_permissions`` Discord sends with an interaction) and falls back instead of failing: plain text when it
may not embed, no reply link when it may not read the history, and a private reply (a DM, or the interaction's
own reply) when it may not post at all. Each fallback logs a WARNING that names the permission to grant; nothing
is dropped silently. A message deleted before the reply lands raises ``MessageGone`` for the caller to word.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.discordbot import render

log = logging.getLogger(__name__)

NAMES = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "send_messages_in_threads": "Send Messages in Threads",
    "embed_links": "Embed Links",
    "read_message_history": "Read Message History",
}

Private = Callable[[str, str | None, discord.Embed | None, discord.ui.View | None], Awaitable[Any]]


class MessageGone(Exception):
    """The message the bot meant to reply to was deleted (Discord's 10008, or 50035 on ``message_reference``)."""


def is_unknown_message(error: discord.HTTPException) -> bool:
    return error.code == 10008 or (error.code == 50035 and "message_reference" in (error.text or ""))


def permissions_in(channel: Any) -> discord.Permissions | None:
    """The bot's permissions in a server channel, from discord.py's cache; None in DMs or when unknown."""
    guild = getattr(channel, "guild", None)
    if guild is None or guild.me is None or not hasattr(channel, "permissions_for"):
        return None
    return channel.permissions_for(guild.me)


def missing(
    channel: Any, permissions: discord.Permissions | None, *, embed: bool = False, reply: bool = False
) -> list[str]:
    """The permissions the bot lacks to post (and embed, and reply) in ``channel``, by Discord's names."""
    if permissions is None:
        return []
    send = "send_messages_in_threads" if isinstance(channel, discord.Thread) else "send_messages"
    needed = ["view_channel", send]
    if embed:
        needed.append("embed_links")
    if reply:
        needed.append("read_message_history")
    return [NAMES[name] for name in needed if not getattr(permissions, name)]


def where(channel: Any) -> str:
    guild = getattr(channel, "guild", None)
    name = getattr(channel, "name", None) or "a channel"
    return f"#{name} ({channel.id}) in {guild.name} ({guild.id})" if guild is not None else f"channel {channel.id}"


def warn(channel: Any, names: list[str], fallback: str) -> None:
    """The operator's log line: which permission to grant where, and what the bot did instead."""
    log.warning(
        "Missing permission %s in %s: grant the bot %s there. %s",
        ", ".join(names),
        where(channel),
        " and ".join(names),
        fallback,
    )


def join(*parts: str | None) -> str | None:
    text = "\n".join(p for p in parts if p)
    return render.truncate(text, render.CONTENT_LIMIT) if text else None


async def dm(message: discord.Message, note: str, content: str | None, embed: discord.Embed | None, view: Any) -> Any:
    """Reply to the author by DM, since the channel is closed to the bot; None if they accept no DMs."""
    try:
        return await message.author.send(
            content=join(note, content),
            embed=embed or discord.utils.MISSING,
            view=view or discord.utils.MISSING,
            allowed_mentions=render.NO_PINGS,
        )
    except discord.HTTPException as error:
        log.warning(
            "Could not DM %s either (%s): their message %s in %s went unanswered.",
            message.author.id,
            error.text or error.status,
            message.id,
            where(message.channel),
        )
        return None


async def reply(
    message: discord.Message,
    *,
    content: str | None = None,
    embed: discord.Embed | None = None,
    text: str | None = None,
    view: discord.ui.View | None = None,
    permissions: discord.Permissions | None = None,
    privately: Private | None = None,
) -> Any:
    """Reply to ``message`` in its channel if the bot may, else fall back (see the module). ``text`` is the plain
    form of ``embed``; ``permissions`` overrides the cache (an interaction's ``app_permissions``); ``privately``
    replaces the DM fallback. Returns the message sent (in the channel or privately), or None."""
    channel = message.channel
    permissions = permissions if permissions is not None else permissions_in(channel)
    private: Private = privately or (lambda note, c, e, v: dm(message, note, c, e, v))
    cannot_post = missing(channel, permissions)
    if cannot_post:
        warn(channel, cannot_post, f"Replied to {message.author.id} privately instead.")
        return await private(_cannot_post_note(channel, cannot_post), content, embed, view)
    if embed is not None and permissions is not None and not permissions.embed_links:
        warn(channel, [NAMES["embed_links"]], "Answered as plain text instead.")
        content, embed = join(content, text or render.embed_text(embed)), None
    as_reply = permissions is None or permissions.read_message_history
    if not as_reply:
        warn(channel, [NAMES["read_message_history"]], "Posted without the reply link instead.")
        content = join(f"To {render.echo(message.author.display_name, 80)}:", content)
    try:
        if as_reply:
            return await message.reply(
                content=content,
                embed=embed or discord.utils.MISSING,
                view=view or discord.utils.MISSING,
                mention_author=False,
                allowed_mentions=render.NO_PINGS,
            )
        return await channel.send(
            content=content,
            embed=embed or discord.utils.MISSING,
            view=view or discord.utils.MISSING,
            allowed_mentions=render.NO_PINGS,
        )
    except discord.Forbidden as error:
        # discord.py's cache did not know yet (a permission changed a moment ago): Discord's answer is the truth.
        log.warning(
            "Discord refused my reply in %s (%s): check the bot's Send Messages, Embed Links and Read Message "
            "History permissions there. Replied to %s privately instead.",
            where(channel),
            error.text or error.status,
            message.author.id,
        )
        note = f"I couldn't post my reply in {_mention(channel)} (Discord refused it), so here it is privately."
        return await private(note, content, embed, view)
    except discord.HTTPException as error:
        if is_unknown_message(error):
            raise MessageGone(str(message.id)) from error
        raise


async def explain_forbidden(message: discord.Message, error: discord.Forbidden) -> None:
    """A command's reply was refused (a prefix command in a channel closed to the bot): log what to grant and
    tell the author privately."""
    names = missing(message.channel, permissions_in(message.channel), embed=True, reply=True)
    shown = ", ".join(names) or "a permission"
    log.warning(
        "Discord refused a reply in %s (%s): grant the bot %s there.",
        where(message.channel),
        error.text or error.status,
        shown,
    )
    note = (
        f"I couldn't reply in {_mention(message.channel)}: I'm missing {shown} there. Ask a server admin, or use "
        "the slash commands (`/ask`, `/faq`), which work anywhere."
    )
    await dm(message, note, None, None, None)


def _mention(channel: Any) -> str:
    return f"<#{channel.id}>" if getattr(channel, "guild", None) is not None else "that channel"


def _cannot_post_note(channel: Any, names: list[str]) -> str:
    return f"I can't post in {_mention(channel)} (I'm missing {', '.join(names)} there), so here is my reply privately."
