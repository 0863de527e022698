"""`/faqmod` as a package: the cog and its commands (cog.py), its views (views.py), what it shows (embeds.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.discordbot.cogs.moderation.cog import Moderation

if TYPE_CHECKING:
    from bot.discordbot.client import FAQBot

__all__ = ["Moderation", "setup"]


async def setup(bot: FAQBot) -> None:
    """Add the Moderation cog, handing it the FAQ service and the records it works on."""
    await bot.add_cog(Moderation(bot, bot.service, bot.records))
