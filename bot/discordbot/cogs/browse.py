"""Browsing what the bot knows: `/faq topics`, `/faq list`, `/faq show`, `/about`, and an entry's id typed as a
prefix command (`!airspace`)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.faq import Entry
from bot.core.records import Place
from bot.discordbot import autocomplete, delivery, render
from bot.discordbot.views import AnswerView, ListView

if TYPE_CHECKING:
    from bot.discordbot.client import FAQBot

log = logging.getLogger(__name__)


def entry_named(ctx: commands.Context[Any]) -> Entry | None:
    """The entry a message names as a text-prefix command (`!airspace`, `!davos-meeting`), as python-discord's
    tags do: only with prefix commands enabled, only when no command has that name, None for unknown names."""
    settings = ctx.bot.settings
    if not settings.message_content or ctx.prefix != settings.prefix or ctx.command is not None:
        return None
    name = ctx.invoked_with
    return ctx.bot.engine.faq.get(name.lower()) if name else None


class Browse(commands.Cog):
    def __init__(self, bot: FAQBot) -> None:
        self.bot = bot
        # `!entry-id` is a public answer like `!ask`: the same per-user rate.
        self._cooldowns = commands.CooldownMapping.from_cooldown(
            bot.settings.ask_rate, bot.settings.ask_per, commands.BucketType.user
        )

    @commands.Cog.listener()
    async def on_command_error(self, ctx: commands.Context[FAQBot], error: commands.CommandError) -> None:
        """`!entry-id`: discord.py found no command by that name (real commands come first); show the entry if
        one has it, and say nothing otherwise (the bot's error handler is silent on unknown commands too)."""
        if not isinstance(error, commands.CommandNotFound) or ctx.author.bot:
            return
        entry = entry_named(ctx)
        if entry is None:
            return
        bucket = self._cooldowns.get_bucket(ctx.message)
        retry = bucket.update_rate_limit() if bucket is not None else None
        engine = self.bot.engine
        answer = engine.answer_entry(entry.id)
        assert answer is not None
        place = Place(ctx.guild.id, ctx.channel.id) if ctx.guild else Place()
        view = None if retry else AnswerView(self.bot, answer, place)
        try:
            if retry:
                await delivery.reply(
                    ctx.message, content=f"You're asking quickly. Try again in {max(1, round(retry))} s."
                )
                return
            sent = await delivery.reply(ctx.message, embed=render.entry_embed(entry, engine.faq), view=view)
        except delivery.MessageGone:
            log.info("Message %s was deleted before I could show %s", ctx.message.id, entry.id)
            return
        except discord.HTTPException as exc:
            log.warning("Could not show %s for message %s: %s", entry.id, ctx.message.id, exc)
            return
        if view is not None and sent is not None:
            view.message = sent

    # mypy cannot infer discord.py's hybrid decorators on cog methods (it solves their callback type to Never);
    # pyright, which discord.py is typed against, can. Hence the ignores on them.
    @commands.hybrid_group(  # type: ignore[arg-type]
        name="faq", description="Browse the questions this bot can answer", fallback="topics"
    )
    async def faq(self, ctx: commands.Context[FAQBot]) -> None:
        """List the topics (also `/faq topics`)."""
        await ctx.reply(embed=render.topics_embed(self.bot.engine.faq), allowed_mentions=render.NO_PINGS)

    @faq.command(name="list", description="List the questions, optionally in one topic")  # type: ignore[arg-type]
    @app_commands.describe(topic="Only the questions in this topic")
    async def list_(self, ctx: commands.Context[FAQBot], topic: str | None = None) -> None:
        faq = self.bot.engine.faq
        if topic is not None and topic not in faq.topics:
            names = ", ".join(f"`{t}`" for t in faq.topics)
            await ctx.reply(
                f"There is no topic `{render.echo(topic, 50)}`. Topics: {names}.",
                ephemeral=True,
                allowed_mentions=render.NO_PINGS,
            )
            return
        entries = faq.in_topic(topic) if topic else list(faq.entries)
        title = f"Questions: {faq.topics[topic].title}" if topic else "All questions"
        view = ListView(self.bot, entries, title, ctx.author.id)
        if ctx.interaction is not None:
            view.expire_with(ctx.interaction)  # an ephemeral reply: editable only while the token lasts
        view.message = await ctx.reply(embed=view.embed(), view=view, ephemeral=True, allowed_mentions=render.NO_PINGS)

    @list_.autocomplete("topic")
    async def topic_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return autocomplete.topic_choices(self.bot.engine.faq, current)

    @faq.command(name="show", description="Show one question and its answer")  # type: ignore[arg-type]
    @app_commands.describe(entry="The question to show")
    async def show(self, ctx: commands.Context[FAQBot], *, entry: str) -> None:
        engine = self.bot.engine
        answer = engine.answer_entry(entry.strip())
        if answer is None:
            # Typed rather than picked (or the prefix command): find the entry by its question.
            hits = engine.matcher.complete(entry, limit=1)
            answer = engine.answer_entry(hits[0].id) if hits else None
        if answer is None:
            await ctx.reply(
                "No such question. Use `/faq list` to see them all.", ephemeral=True, allowed_mentions=render.NO_PINGS
            )
            return
        assert answer.entry is not None
        place = Place(ctx.guild.id, ctx.channel.id) if ctx.guild else Place()  # where the entry was shown
        view = AnswerView(self.bot, answer, place, owners=(ctx.author.id,))  # public: its asker may delete it
        if ctx.interaction is not None:
            view.expire_with(ctx.interaction)
        view.message = await ctx.reply(
            embed=render.entry_embed(answer.entry, engine.faq), view=view, allowed_mentions=render.NO_PINGS
        )

    @show.autocomplete("entry")
    async def entry_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return autocomplete.entry_choices(self.bot.engine, current)

    @commands.hybrid_command(name="about", description="What this bot knows and where it comes from")  # type: ignore[arg-type]
    async def about(self, ctx: commands.Context[FAQBot]) -> None:
        await ctx.reply(embed=render.about_embed(self.bot.engine.faq), allowed_mentions=render.NO_PINGS)


async def setup(bot: FAQBot) -> None:
    await bot.add_cog(Browse(bot))
