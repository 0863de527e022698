"""The bot: a commands.Bot subclass that receives its dependencies, and a factory that builds it from settings."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.core.answer import Engine
from bot.core.article import ArticleMeta
from bot.core.autoanswer import ChannelSettings, RecentAnswers
from bot.core.faq import FAQError
from bot.core.records import Records
from bot.core.service import FAQService, Outcome
from bot.core.storage import StorageError
from bot.discordbot import guilds, render, replay, shards
from bot.discordbot.errors import report_command_error, report_interaction_error
from bot.settings import Settings

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.discordbot.cogs.ask",
    "bot.discordbot.cogs.browse",
    "bot.discordbot.cogs.admin",
    "bot.discordbot.cogs.moderation",
    "bot.discordbot.cogs.autoanswer",
)


class _Tree(app_commands.CommandTree["FAQBot"]):
    async def on_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        await report_interaction_error(interaction, error)


async def sync_commands(tree: app_commands.CommandTree[Any], guild_id: int | None) -> list[app_commands.AppCommand]:
    """Register the slash commands with Discord: in one server (the global ones copied there, instant), or
    globally (None; may take a while to appear). Every sync goes through here: Discord rate-limits syncing."""
    guild = discord.Object(guild_id) if guild_id else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    return await tree.sync(guild=guild)


class _FAQBotMixin:
    """What both the plain and the sharded bot add to discord.py's Bot."""

    settings: Settings
    service: FAQService
    records: Records
    channels: ChannelSettings  # where moderators turned auto-answer on
    recent: RecentAnswers  # the newest public answer about each entry in each channel, for the cooldowns
    _watcher: tasks.Loop[Any] | None = None
    _last_disk_problem: str | None = None

    def _setup(self, settings: Settings, service: FAQService, records: Records) -> None:
        self.settings = settings
        self.service = service
        self.records = records
        # One look at the disk at a time: the periodic watch and a direct call (a test, a future command) must
        # not overlap, or the second finds "no change" and returns while the first is still building the index.
        self._disk_lock = asyncio.Lock()
        self.channels = ChannelSettings(records.storage)
        self.recent = RecentAnswers()

    @property
    def engine(self) -> Engine:
        """What members are answered from; the service swaps the index inside it."""
        return self.service.engine

    @property
    def article(self) -> ArticleMeta:
        """What the article is (title, date, kind, subject): every text that names it takes it from here."""
        return self.service.engine.faq.article.meta

    async def setup_hook(self) -> None:
        bot: commands.Bot = self  # type: ignore[assignment]
        replay.handle_once(bot)  # the gateway may deliver an event again after a RESUME
        shards.leave_dms_to_shard_zero(bot, self.settings)  # Discord sends DMs to shard 0 only
        try:
            await asyncio.to_thread(self.channels.load)
        except StorageError as error:
            log.warning("Could not read where auto-answer is on (%s): it is off until the next start", error)
        enabled = self.channels.count()
        if enabled and not self.settings.message_content:
            log.warning(
                "Auto-answer is on in %d channels but FAQBOT_MESSAGE_CONTENT is false, so Discord sends no message "
                "text and nothing is auto-answered: enable the Message Content intent in the developer portal and "
                "set FAQBOT_MESSAGE_CONTENT=true",
                enabled,
            )
        for extension in EXTENSIONS:
            await bot.load_extension(extension)
        self._watcher = tasks.loop(seconds=self.settings.watch_seconds)(self.check_disk)
        self._watcher.before_loop(bot.wait_until_ready)
        self._watcher.start()
        guild_id = self.settings.dev_guild_id
        if guild_id and not self.settings.handles_direct_messages:
            log.info("Not syncing to the development server: the process holding shard 0 does")
        elif guild_id:
            synced = await sync_commands(bot.tree, guild_id)
            log.info("Synced %d commands to development server %s", len(synced), guild_id)

    async def on_ready(self) -> None:
        bot: commands.Bot = self  # type: ignore[assignment]
        log.info("Ready as %s in %d servers (%s)", bot.user, len(bot.guilds), shards.describe(self.settings))

    async def on_command_error(self, ctx: commands.Context[Any], error: commands.CommandError) -> None:
        await report_command_error(ctx, error)

    async def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
        await super().close()  # type: ignore[misc]

    async def check_disk(self) -> None:
        """Serve the FAQ file if it changed on disk and is valid; tell moderators once if it is not. Returns once
        any change it or a concurrent look found is served."""
        async with self._disk_lock:
            await self._check_disk()

    async def _check_disk(self) -> None:
        change = await asyncio.to_thread(self.service.poll)
        if change is None:
            return
        if change.outcome is Outcome.INVALID:
            text = str(FAQError(list(change.problems)))
            if text != self._last_disk_problem:
                self._last_disk_problem = text
                log.warning("The FAQ file changed on disk but has problems; still serving the previous FAQ:\n%s", text)
                await self.post_mod_log(
                    "The FAQ file changed on disk but has problems, so the previous FAQ stays in service:\n"
                    + render.problems_list(change.problems)
                )
            return
        self._last_disk_problem = None
        assert change.faq is not None
        log.info("The FAQ file changed on disk; now serving %d entries", len(change.faq))
        await self.post_mod_log(f"The FAQ file changed on disk and was reloaded: {len(change.faq)} entries.")

    async def post_mod_log(self, text: str) -> None:
        """Tell the moderators' log channel, if one is set; a failure to post is logged, never raised."""
        bot: commands.Bot = self  # type: ignore[assignment]
        channel_id = self.settings.mod_log_channel_id
        if not channel_id:
            return
        channel = await guilds.channel(bot, channel_id)  # fetched if its server is unavailable (an outage)
        if not isinstance(channel, discord.abc.Messageable):
            log.warning("Moderator log channel %s not found", channel_id)
            return
        try:
            await channel.send(render.truncate(text, render.CONTENT_LIMIT), allowed_mentions=render.NO_PINGS)
        except discord.HTTPException:
            log.warning("Could not post to the moderator log channel", exc_info=True)


class FAQBot(_FAQBotMixin, commands.Bot):
    def __init__(self, settings: Settings, service: FAQService, records: Records, **options: Any) -> None:
        super().__init__(**_options(settings, service.engine.faq.article.meta), **options)
        self._setup(settings, service, records)


class ShardedFAQBot(_FAQBotMixin, commands.AutoShardedBot):
    def __init__(self, settings: Settings, service: FAQService, records: Records, **options: Any) -> None:
        super().__init__(**_options(settings, service.engine.faq.article.meta), **options)
        self._setup(settings, service, records)


def intents_for(settings: Settings) -> discord.Intents:
    """Default intents only; message content (privileged) only when the operator opts in for prefix commands."""
    intents = discord.Intents.default()
    intents.message_content = settings.message_content
    return intents


def _options(settings: Settings, article: ArticleMeta) -> dict[str, Any]:
    # A mention always works as a prefix: Discord sends the text of messages that mention the bot. The text
    # prefix ("!ask") only where the operator enabled message content, since without it the text never arrives.
    prefix = commands.when_mentioned_or(settings.prefix) if settings.message_content else commands.when_mentioned
    options: dict[str, Any] = {
        "command_prefix": prefix,
        "intents": intents_for(settings),
        "allowed_mentions": render.NO_PINGS,
        "tree_cls": _Tree,
        "help_command": None,
        "description": f"Answers questions about {article.short_subject}, quoting the article.",
    }
    if settings.owner_ids:
        options["owner_ids"] = set(settings.owner_ids)
    if settings.shard_count is not None:
        options["shard_count"] = settings.shard_count
    if settings.shard_ids is not None:
        options["shard_ids"] = list(settings.shard_ids)
    return options


def create_bot(settings: Settings, service: FAQService, records: Records, **options: Any) -> FAQBot | ShardedFAQBot:
    """Build the bot around the FAQ in service; sharded when the settings name a shard count or shard ids."""
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False  # no voice here: nothing to warn about
    kind = ShardedFAQBot if settings.shard_count is not None or settings.shard_ids is not None else FAQBot
    return kind(settings, service, records, **options)
