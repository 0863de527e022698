"""Owner tools. Slash commands are synced on request, never on every start (Discord rate-limits syncing)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.discordbot import render

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
        guild = discord.Object(guild_id) if guild_id else None
        if guild is not None:
            self.bot.tree.copy_global_to(guild=guild)
        synced = await self.bot.tree.sync(guild=guild)
        where = f"server {guild_id}" if guild_id else "all servers (global; may take a while to appear)"
        log.info("Synced %d commands to %s", len(synced), where)
        await ctx.reply(
            f"Synced {len(synced)} commands to {where}.", mention_author=False, allowed_mentions=render.NO_PINGS
        )


async def setup(bot: FAQBot) -> None:
    await bot.add_cog(Admin(bot))
