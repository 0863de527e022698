"""The bot: a commands.Bot subclass that receives its dependencies, and a factory that builds it from settings."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answer import Engine
from bot.core.records import Records
from bot.core.store import FAQStore
from bot.discordbot import render
from bot.discordbot.errors import report_command_error, report_interaction_error
from bot.settings import Settings

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.discordbot.cogs.ask",
    "bot.discordbot.cogs.browse",
    "bot.discordbot.cogs.admin",
    "bot.discordbot.cogs.moderation",
)


class _Tree(app_commands.CommandTree["FAQBot"]):
    async def on_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        await report_interaction_error(interaction, error)


class _FAQBotMixin:
    """What both the plain and the sharded bot add to discord.py's Bot."""

    settings: Settings
    engine: Engine
    records: Records
    store: FAQStore

    def _setup(self, settings: Settings, engine: Engine, records: Records, store: FAQStore) -> None:
        self.settings = settings
        self.engine = engine
        self.records = records
        self.store = store

    async def setup_hook(self) -> None:
        bot: commands.Bot = self  # type: ignore[assignment]
        for extension in EXTENSIONS:
            await bot.load_extension(extension)
        guild_id = self.settings.dev_guild_id
        if guild_id:
            guild = discord.Object(guild_id)
            bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
            log.info("Synced %d commands to development server %s", len(synced), guild_id)

    async def on_ready(self) -> None:
        bot: commands.Bot = self  # type: ignore[assignment]
        log.info("Ready as %s in %d servers", bot.user, len(bot.guilds))

    async def on_command_error(self, ctx: commands.Context[Any], error: commands.CommandError) -> None:
        await report_command_error(ctx, error)


class FAQBot(_FAQBotMixin, commands.Bot):
    def __init__(self, settings: Settings, engine: Engine, records: Records, store: FAQStore, **options: Any) -> None:
        super().__init__(**_options(settings), **options)
        self._setup(settings, engine, records, store)


class ShardedFAQBot(_FAQBotMixin, commands.AutoShardedBot):
    def __init__(self, settings: Settings, engine: Engine, records: Records, store: FAQStore, **options: Any) -> None:
        super().__init__(**_options(settings), **options)
        self._setup(settings, engine, records, store)


def intents_for(settings: Settings) -> discord.Intents:
    """Default intents only; message content (privileged) only when the operator opts in for prefix commands."""
    intents = discord.Intents.default()
    intents.message_content = settings.message_content
    return intents


def _options(settings: Settings) -> dict[str, Any]:
    # A mention always works as a prefix: Discord sends the text of messages that mention the bot. The text
    # prefix ("!ask") only where the operator enabled message content, since without it the text never arrives.
    prefix = commands.when_mentioned_or(settings.prefix) if settings.message_content else commands.when_mentioned
    options: dict[str, Any] = {
        "command_prefix": prefix,
        "intents": intents_for(settings),
        "allowed_mentions": render.NO_PINGS,
        "tree_cls": _Tree,
        "help_command": None,
        "description": "Answers questions about the January 2024 Iran–Pakistan standoff, quoting the article.",
    }
    if settings.owner_ids:
        options["owner_ids"] = set(settings.owner_ids)
    if settings.shard_count is not None:
        options["shard_count"] = settings.shard_count
    if settings.shard_ids is not None:
        options["shard_ids"] = list(settings.shard_ids)
    return options


def create_bot(settings: Settings, store: FAQStore, records: Records, **options: Any) -> FAQBot | ShardedFAQBot:
    """Build the bot around the FAQ store; sharded when the settings name a shard count or shard ids."""
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False  # no voice here: nothing to warn about
    engine = Engine(store.faq, settings.thresholds)
    kind = ShardedFAQBot if settings.shard_count is not None or settings.shard_ids is not None else FAQBot
    return kind(settings, engine, records, store, **options)
