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


MODERATE_MESSAGES = ("manage_messages", "manage_guild")  # enough to remove an answer of the bot
MODERATE_CHANNELS = ("manage_channels", "manage_guild")  # enough to change how the bot behaves in a channel


async def moderates(
    bot: Any,
    interaction: discord.Interaction[Any],
    permissions: tuple[str, ...] = MODERATE_MESSAGES,
    *,
    where: discord.Permissions | None = None,
) -> bool:
    """Whether the member who acted moderates this server: the bot's owner anywhere; in a server, Manage Server,
    one of ``permissions`` in the channel concerned (``where``: the member's permissions there as Discord resolved
    them; default: the channel of the interaction), or the moderator role."""
    if await bot.is_owner(interaction.user):
        return True
    if interaction.guild_id is None:
        return False
    granted = interaction.permissions if where is None else where
    if interaction.permissions.manage_guild or any(getattr(granted, name) for name in permissions):
        return True
    role = bot.settings.moderator_role
    member = interaction.user
    return bool(role) and isinstance(member, discord.Member) and any(r.name == role for r in await member_roles(member))
