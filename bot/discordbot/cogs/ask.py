"""Asking: `/ask` (and `!ask`), mentions, direct messages and the "Find answer" message command."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answer import Answer
from bot.core.records import Place
from bot.discordbot import render
from bot.discordbot.errors import describe, report_interaction_error
from bot.discordbot.views import answer_if_stale, place_of, view_for

if TYPE_CHECKING:
    from bot.discordbot.client import FAQBot

log = logging.getLogger(__name__)

DM_HELP_WORDS = {"help", "/help", "!help", "?", "hi", "hello", "hey", "start"}


def _ask_cooldown(ctx: commands.Context[FAQBot]) -> commands.Cooldown:
    return commands.Cooldown(ctx.bot.settings.ask_rate, ctx.bot.settings.ask_per)


class Ask(commands.Cog):
    """Turns a question into an answer from the core, however it was asked."""

    def __init__(self, bot: FAQBot) -> None:
        self.bot = bot
        # Mentions and DMs are not commands: they get their own per-user bucket, at the same rate as `/ask`.
        self._cooldowns = commands.CooldownMapping.from_cooldown(
            bot.settings.ask_rate, bot.settings.ask_per, commands.BucketType.user
        )
        self.find_answer_menu = app_commands.ContextMenu(name="Find answer", callback=self.find_answer)
        self.find_answer_menu.error(self._menu_error)
        if self.ask.app_command is not None:  # the slash command names the article, from article.yaml
            self.ask.app_command.description = f"Ask a question about the article on {bot.article.short_subject}"

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.find_answer_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.find_answer_menu.name, type=self.find_answer_menu.type)

    # --- helpers -----------------------------------------------------------------------------------------------

    def answer(self, question: str, place: Place) -> Answer:
        """Ask the core, and remember what it could not answer for the moderators."""
        answer = self.bot.engine.ask(question)
        self.bot.records.add_answer(answer, place)
        return answer

    async def _send_answer(
        self, reply: Callable[..., Awaitable[discord.Message]], question: str, place: Place, asker_id: int
    ) -> None:
        """Answer as a reply (to a message, or to a command), with the view that belongs under the answer."""
        answer = self.answer(question, place)
        view = view_for(self.bot, answer, place, asker_id)
        sent = await reply(
            embed=render.answer_embed(answer, self.bot.article),
            view=view or discord.utils.MISSING,
            mention_author=False,
            allowed_mentions=render.NO_PINGS,
        )
        if view is not None:
            view.message = sent

    def _retry_after(self, message: discord.Message) -> float | None:
        bucket = self._cooldowns.get_bucket(message)
        return bucket.update_rate_limit() if bucket is not None else None

    async def _reply(self, message: discord.Message, question: str) -> None:
        retry = self._retry_after(message)
        if retry:
            await message.reply(
                f"You're asking quickly. Try again in {max(1, round(retry))} s.",
                mention_author=False,
                allowed_mentions=render.NO_PINGS,
            )
            return
        await self._send_answer(message.reply, question, _place(message.guild, message.channel), message.author.id)

    # --- /ask and !ask --------------------------------------------------------------------------------------------

    @commands.hybrid_command(name="ask", description="Ask a question about the article")  # type: ignore[arg-type]
    @app_commands.describe(question="Your question; suggestions appear as you type")
    @commands.dynamic_cooldown(_ask_cooldown, commands.BucketType.user)
    async def ask(self, ctx: commands.Context[FAQBot], *, question: str) -> None:
        """Ask a question about the article."""
        await self._send_answer(ctx.reply, question, _place(ctx.guild, ctx.channel), ctx.author.id)

    @ask.autocomplete("question")
    async def ask_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        entries = self.bot.engine.matcher.complete(current, limit=25)
        choices: list[app_commands.Choice[str]] = []
        seen: set[str] = set()
        for entry in entries:
            name = render.truncate(entry.question, render.CHOICE_LIMIT)
            if name not in seen:
                seen.add(name)
                choices.append(app_commands.Choice(name=name, value=name))
        return choices[:25]

    # --- "Find answer" on someone else's message -----------------------------------------------------------------

    @app_commands.checks.dynamic_cooldown(
        lambda interaction: app_commands.Cooldown(
            interaction.client.settings.ask_rate,  # type: ignore[attr-defined]
            interaction.client.settings.ask_per,  # type: ignore[attr-defined]
        )
    )
    async def find_answer(self, interaction: discord.Interaction[Any], message: discord.Message) -> None:
        """Answer the question in someone's message, as a reply to that message."""
        question = message.content
        if not question.strip():
            await interaction.response.send_message(
                "I can't read that message's text. It may have no text, or I may lack the message-content "
                "permission for it. Try `/ask` instead.",
                ephemeral=True,
            )
            return
        place = place_of(interaction)
        answer = self.answer(_strip_mentions(question, self.bot), place)
        view = view_for(self.bot, answer, place, interaction.user.id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            # A real reply, so the channel sees which question this answers.
            sent = await message.reply(
                embed=render.answer_embed(answer, self.bot.article),
                view=view or discord.utils.MISSING,
                mention_author=False,
                allowed_mentions=render.NO_PINGS,
            )
        except discord.Forbidden:
            # No permission to post here (or a user-installed context): answer privately instead, in the
            # "thinking…" reply (a follow-up would leave that reply loading for ever).
            sent = await interaction.edit_original_response(
                embed=render.answer_embed(answer, self.bot.article), view=view
            )
            if view is not None:
                view.message = sent
            return
        if view is not None:
            view.message = sent
        await interaction.edit_original_response(
            content=f"Answered {message.author.display_name}'s question in a reply to their message.",
            allowed_mentions=render.NO_PINGS,
        )

    async def _menu_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        await report_interaction_error(interaction, error)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        await answer_if_stale(interaction)

    # --- mentions and DMs -----------------------------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.bot.user is None:
            return
        in_dm = message.guild is None
        mentioned = self.bot.user in message.mentions and not message.mention_everyone
        if not in_dm and not mentioned:
            return
        ctx = await self.bot.get_context(message)
        if ctx.valid:
            return  # a command (`!ask`, `@bot ask`): the command answers
        question = _strip_mentions(message.content, self.bot)
        if in_dm:
            # Without message content there are no text-prefix commands; "!ask why…" is still a question.
            question = re.sub(rf"^{re.escape(self.bot.settings.prefix)}\s*ask\b\s*", "", question, flags=re.I)
        if in_dm and (not question or question.lower().strip("!?. ") in {w.strip("!?/") for w in DM_HELP_WORDS}):
            await message.reply(
                render.help_text(self.bot.article), mention_author=False, allowed_mentions=render.NO_PINGS
            )
            return
        if not question:
            await message.reply(
                f"Ask me something after the mention, e.g. “@me {self.bot.article.example_question}”",
                mention_author=False,
                allowed_mentions=render.NO_PINGS,
            )
            return
        try:
            await self._reply(message, question)
        except discord.HTTPException as error:
            log.error("Could not answer message %s", message.id, exc_info=error)
        except Exception as error:  # one bad message must not stop the listener for everyone else
            log.error("Error answering message %s", message.id, exc_info=error)
            text = describe(error)
            if text:
                await message.reply(text, mention_author=False, allowed_mentions=render.NO_PINGS)


def _place(guild: discord.Guild | None, channel: Any) -> Place:
    return Place(guild.id, channel.id) if guild is not None else Place()


def _strip_mentions(text: str, bot: commands.Bot) -> str:
    """The question without the bot's own mention (and any other mention syntax)."""
    if bot.user is not None:
        text = re.sub(rf"<@!?{bot.user.id}>", " ", text)
    return " ".join(text.split())


async def setup(bot: FAQBot) -> None:
    await bot.add_cog(Ask(bot))
