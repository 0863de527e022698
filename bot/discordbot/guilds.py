"""What the bot needs from a server whose data discord.py does not have: during an outage Discord marks the server
unavailable, and a bot that (re)started meanwhile builds it from the interaction alone, with no roles and no
channels. Fetch what is missing instead of refusing moderators or dropping the moderator-log post."""

from __future__ import annotations

import logging
from typing import Any

import discord

log = logging.getLogger(__name__)


async def member_roles(member: discord.Member) -> list[discord.Role]:
    """The member's roles: from the cache, or fetched from Discord when the server's roles are not cached."""
    role_ids = set(member._roles)  # discord.py keeps the ids the interaction sent even when it can't resolve them
    if member.guild.roles or not role_ids:
        return member.roles
    log.info("Server %s has no roles cached (unavailable?): fetching them for member %s", member.guild.id, member.id)
    try:
        roles = await member.guild.fetch_roles()
    except discord.HTTPException as error:
        log.warning("Could not fetch the roles of server %s: %s", member.guild.id, error)
        return member.roles
    return [role for role in roles if role.id in role_ids]


async def channel(bot: Any, channel_id: int) -> Any:
    """A channel from the cache, or fetched from Discord (its server may be unavailable); None if it is gone."""
    found = bot.get_channel(channel_id)
    if found is not None:
        return found
    try:
        return await bot.fetch_channel(channel_id)
    except discord.HTTPException as error:
        log.warning("Could not fetch channel %s: %s", channel_id, error)
        return None
