"""Owner tools. Slash commands are synced on request, never on every start (Discord rate-limits syncing)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from discord.ext import commands

from bot.discordbot import render
from bot.discordbot.client import sync_commands

if TYPE_CHECKING:
    from bot.discordbot.client import FAQBot

log = logging.getLogger(__name__)


class Admin(commands.Cog):
    def __init__(self, bot: FAQBot) -> None:
        self.bot = bot

    @commands.command(name="sync", hidden=True)
    @commands.is_owner()
    async def sync(self, ctx: commands.Context[FAQBot], guild_id: int | None = None) -> None:
        """Sync slash commands globally, or to one server (`sync 1234`): `@bot sync` works without the
        message-content intent."""
        synced = await sync_commands(self.bot.tree, guild_id)
        where = f"server {guild_id}" if guild_id else "all servers (global; may take a while to appear)"
        log.info("Synced %d commands to %s", len(synced), where)
        await ctx.reply(
            f"Synced {len(synced)} commands to {where}.", mention_author=False, allowed_mentions=render.NO_PINGS
        )


async def setup(bot: FAQBot) -> None:
    await bot.add_cog(Admin(bot))
