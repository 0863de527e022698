"""Asking: `/ask` (and `!ask`), mentions, direct messages and the "Find answer" message command."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answer import Answer
from bot.core.autoanswer import Earlier
from bot.core.records import Place
from bot.discordbot import delivery, render
from bot.discordbot.cogs.browse import entry_named
from bot.discordbot.errors import describe, report_interaction_error
from bot.discordbot.views import answer_if_stale, might_be_late, place_of, respond, view_for

if TYPE_CHECKING:
    from bot.discordbot.client import FAQBot

log = logging.getLogger(__name__)

DM_HELP_WORDS = {"help", "/help", "!help", "?", "hi", "hello", "hey", "start"}
DELETED = "That message was deleted, so there is nothing to answer."
REPLIED_GONE = "The message you replied to was deleted, so there is nothing to answer. Ask me after the mention."
CANT_READ_REPLIED = (
    "I can't read the text of the message you replied to: Discord only shows me messages that mention me. "
    "Right-click it > Apps > **Find answer** instead, or ask me after the mention."
)
CANT_READ_ROLE_MENTION = (
    "I can't read messages that mention my role: mention me (the bot, not the role) with your question, or use `/ask`."
)


PENDING_WAIT = 10.0  # seconds to wait for the link of the same answer being sent in the channel right now


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
        """Ask the core, and remember what it could not answer for the moderators. Called in a worker thread: with
        the semantic option a question costs milliseconds of CPU, too long for the event loop."""
        answer = self.bot.engine.ask(question)
        self.bot.records.add_answer(answer, place)
        return answer

    async def claim(
        self, answer: Answer, place: Place, before_waiting: Callable[[], Awaitable[None]] | None = None
    ) -> tuple[Earlier | None, bool]:
        """The public answer about the same entry in the same channel within the channel cooldown, if any: the
        anti-spam rule points at it instead of posting it again. Otherwise the (channel, entry) is claimed at once,
        before anything is awaited, so a second question meanwhile gets the pointer, not a second answer: the
        flag says whether this caller claimed it (then ``release`` it if nothing was posted). An answer being
        sent is waited for, for its link (calling ``before_waiting`` as it waits: say, to acknowledge an
        interaction before Discord's 3 seconds are up)."""
        if not answer.answered or answer.entry is None or place.guild_id is None or place.channel_id is None:
            return None, False
        seconds = self.bot.settings.channel_cooldown
        if seconds <= 0:
            return None, False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + PENDING_WAIT
        while True:
            earlier = self.bot.recent.reserve(place.channel_id, answer.entry.id, seconds)
            if earlier is None:
                return None, True
            if not earlier.pending:
                return earlier, False
            if loop.time() >= deadline:
                return None, False  # the other answer is stuck (rate limits?): post this one too
            if before_waiting is not None:
                await before_waiting()
            await asyncio.sleep(0.05)

    def release(self, answer: Answer, place: Place, claimed: bool) -> None:
        """Give up a claim from ``claim`` when nothing was posted in the channel (a no-op once it was)."""
        if claimed and answer.entry is not None and place.channel_id is not None:
            self.bot.recent.release(place.channel_id, answer.entry.id)

    def posted(self, answer: Answer, place: Place, sent: Any) -> None:
        """Remember a public answer in a server channel, for the channel cooldown (and auto-answer's)."""
        channel = getattr(sent, "channel", None)
        if (
            answer.answered
            and answer.entry is not None
            and place.guild_id is not None
            and channel is not None
            and channel.id == place.channel_id
        ):
            self.bot.recent.note(channel.id, answer.entry.id, sent.jump_url)

    async def _answer_message(self, message: discord.Message, question: str, *, intro: str | None = None) -> None:
        """Answer a member's message (a mention, a DM, `!ask`) in a reply, with the view under it; where the bot
        may not post or embed, the fallbacks of ``delivery.reply``."""
        place = _place(message.guild, message.channel)
        answer = await asyncio.to_thread(self.answer, question, place)
        earlier, claimed = await self.claim(answer, place)
        if earlier is not None:
            assert answer.entry is not None
            await self._say(message, pointer(answer.entry.question, earlier.link, short=True))
            return
        view = view_for(self.bot, answer, place, message.author.id)
        try:
            sent = await delivery.reply(
                message,
                content=intro,
                embed=render.answer_embed(answer, self.bot.article),
                text=render.answer_text(answer, self.bot.article),
                view=view,
            )
            if view is not None and sent is not None:
                view.message = sent
            self.posted(answer, place, sent)
        except delivery.MessageGone:
            log.info("Message %s was deleted before I could answer it", message.id)
        finally:
            self.release(answer, place, claimed)

    async def _answer_interaction(self, interaction: discord.Interaction[Any], question: str) -> None:
        """`/ask`: the answer is the response itself, acknowledged first when it might miss the 3 seconds."""
        if might_be_late(interaction):
            await interaction.response.defer(thinking=True)
        place = place_of(interaction)
        answer = await asyncio.to_thread(self.answer, question, place)

        async def acknowledge() -> None:  # waiting for another answer's link may outlast Discord's 3 seconds
            if might_be_late(interaction) and not interaction.response.is_done():
                await interaction.response.defer(thinking=True)

        earlier, claimed = await self.claim(answer, place, acknowledge)
        try:
            await self._respond(interaction, answer, place, earlier)
        finally:
            self.release(answer, place, claimed)

    async def _respond(
        self, interaction: discord.Interaction[Any], answer: Answer, place: Place, earlier: Earlier | None
    ) -> None:
        if earlier is not None:
            assert answer.entry is not None
            text = pointer(answer.entry.question, earlier.link)
            if interaction.response.is_done():  # deferred publicly: the pointer goes in a private follow-up
                await interaction.delete_original_response()
                await interaction.followup.send(text, ephemeral=True, allowed_mentions=render.NO_PINGS)
            else:
                await interaction.response.send_message(text, ephemeral=True, allowed_mentions=render.NO_PINGS)
            return
        view = view_for(self.bot, answer, place, interaction.user.id)
        if view is not None:
            view.expire_with(interaction)  # the response can be edited only while the token lasts
        embed = render.answer_embed(answer, self.bot.article)
        if interaction.response.is_done():
            sent: Any = await interaction.edit_original_response(
                embed=embed, view=view, allowed_mentions=render.NO_PINGS
            )
        else:
            sent = await respond(interaction, embed=embed, view=view or discord.utils.MISSING)
        if view is not None:
            view.message = sent
        self.posted(answer, place, sent)

    async def _say(self, message: discord.Message, text: str) -> None:
        """A short reply (help, a notice), with the same fallbacks as an answer."""
        try:
            await delivery.reply(message, content=text)
        except delivery.MessageGone:
            log.info("Message %s was deleted before I could reply", message.id)

    def _retry_after(self, message: discord.Message) -> float | None:
        bucket = self._cooldowns.get_bucket(message)
        return bucket.update_rate_limit() if bucket is not None else None

    async def _reply(self, message: discord.Message, question: str, *, intro: str | None = None) -> None:
        retry = self._retry_after(message)
        if retry:
            await self._say(message, f"You're asking quickly. Try again in {max(1, round(retry))} s.")
            return
        await self._answer_message(message, question, intro=intro)

    # --- /ask and !ask --------------------------------------------------------------------------------------------

    @commands.hybrid_command(name="ask", description="Ask a question about the article")  # type: ignore[arg-type]
    @app_commands.describe(question="Your question; suggestions appear as you type")
    @commands.dynamic_cooldown(_ask_cooldown, commands.BucketType.user)
    async def ask(self, ctx: commands.Context[FAQBot], *, question: str) -> None:
        """Ask a question about the article."""
        if ctx.interaction is not None:
            await self._answer_interaction(ctx.interaction, question)
        else:
            await self._answer_message(ctx.message, question)

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
        await interaction.response.defer(ephemeral=True, thinking=True)  # first: posting may wait on rate limits
        place = place_of(interaction)
        answer = await asyncio.to_thread(self.answer, _strip_mentions(question, self.bot, interaction.guild), place)
        earlier, claimed = await self.claim(answer, place)
        try:
            await self._answer_found(interaction, message, answer, place, earlier)
        finally:
            self.release(answer, place, claimed)

    async def _answer_found(
        self,
        interaction: discord.Interaction[Any],
        message: discord.Message,
        answer: Answer,
        place: Place,
        earlier: Earlier | None,
    ) -> None:
        if earlier is not None:
            assert answer.entry is not None
            await interaction.edit_original_response(
                content=pointer(answer.entry.question, earlier.link), allowed_mentions=render.NO_PINGS
            )
            return
        # The one who asked for it and the one whose question it answers may both delete it.
        view = view_for(self.bot, answer, place, interaction.user.id, (interaction.user.id, message.author.id))
        answered_privately = False

        async def privately(note: str, content: str | None, embed: discord.Embed | None, private_view: Any) -> Any:
            # The bot may not post here (or a user-installed context): answer in the "thinking…" reply instead (a
            # follow-up would leave that reply loading for ever).
            nonlocal answered_privately
            answered_privately = True
            if private_view is not None:
                private_view.expire_with(interaction)
            return await interaction.edit_original_response(
                content=delivery.join(note, content), embed=embed, view=private_view, allowed_mentions=render.NO_PINGS
            )

        try:
            # A real reply, so the channel sees which question this answers.
            sent = await delivery.reply(
                message,
                embed=render.answer_embed(answer, self.bot.article),
                text=render.answer_text(answer, self.bot.article),
                view=view,
                permissions=interaction.app_permissions if interaction.guild_id else None,
                privately=privately,
            )
        except delivery.MessageGone:
            await interaction.edit_original_response(content=DELETED, allowed_mentions=render.NO_PINGS)
            return
        if view is not None and sent is not None:
            view.message = sent
        if answered_privately:
            return
        self.posted(answer, place, sent)
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
        by_role = _mentions_role_of(message)
        mentioned = addresses_bot(message, self.bot) and not message.mention_everyone
        if not in_dm and not mentioned:
            return
        ctx = await self.bot.get_context(message)
        if ctx.valid or entry_named(ctx) is not None:
            return  # a command (`!ask`, `@bot ask`) or an entry's id (`!airspace`): that answers
        question = _strip_mentions(message.content, self.bot, message.guild)
        if in_dm:
            # Without message content there are no text-prefix commands; "!ask why…" is still a question.
            question = re.sub(rf"^{re.escape(self.bot.settings.prefix)}\s*ask\b\s*", "", question, flags=re.I)
        if by_role:
            question = re.sub(r"^ask\b\s*", "", question, flags=re.I)  # `@FAQ Bot ask …` picked as the role
        try:
            if in_dm and (not question or question.lower().strip("!?. ") in {w.strip("!?/") for w in DM_HELP_WORDS}):
                await self._say(message, render.help_text(self.bot.article))
            elif not question and by_role and not message.content:
                await self._say(message, CANT_READ_ROLE_MENTION)  # Discord withheld the text
            elif not question and message.reference is not None and message.reference.message_id is not None:
                await self._answer_replied(message)
            elif not question:
                await self._say(
                    message, f"Ask me something after the mention, e.g. “@me {self.bot.article.example_question}”"
                )
            else:
                await self._reply(message, question)
        except discord.DiscordServerError as error:
            # Discord's own failure (an incident; discord.py already retried what it retries): not a bug here, and
            # a second post into the failing channel would fail too.
            log.warning(
                "Discord failed (%s %s) while I answered message %s in %s: it went unanswered.",
                error.status,
                error.text or "server error",
                message.id,
                delivery.where(message.channel),
            )
        except discord.HTTPException as error:
            # Discord refused what I sent (not a permission or a deleted message: those fall back in delivery):
            # a bug on my side, logged once; no "something went wrong" post that could be refused the same way.
            log.error("Could not answer message %s", message.id, exc_info=error)
        except Exception as error:  # one bad message must not stop the listener for everyone else
            log.error("Error answering message %s", message.id, exc_info=error)
            text = describe(error)
            if text:
                await self._say(message, text)

    async def _answer_replied(self, message: discord.Message) -> None:
        """A reply that only mentions the bot: answer the message it replies to, saying whose question it is."""
        target = await self._replied_to(message)
        if target is None:
            return
        if target.author == self.bot.user:
            await self._say(message, "Ask me a new question after the mention.")
            return
        question = _strip_mentions(target.content, self.bot, message.guild)
        if not question:
            await self._say(message, CANT_READ_REPLIED)
            return
        intro = f"Answering {render.echo(target.author.display_name, 80)}'s question:"
        await self._reply(message, question, intro=intro)

    async def _replied_to(self, message: discord.Message) -> discord.Message | None:
        """The message ``message`` replies to (sent along by Discord, else fetched); None, after telling the
        member, when it is gone or the bot may not read it."""
        reference = message.reference
        assert reference is not None and reference.message_id is not None
        if isinstance(reference.resolved, discord.Message):
            return reference.resolved
        if isinstance(reference.resolved, discord.DeletedReferencedMessage):
            await self._say(message, REPLIED_GONE)
            return None
        try:
            return await message.channel.fetch_message(reference.message_id)
        except discord.NotFound:
            await self._say(message, REPLIED_GONE)
        except discord.Forbidden:
            history = delivery.NAMES["read_message_history"]
            delivery.warn(message.channel, [history], "Could not read the message a member replied to.")
            await self._say(message, "I can't read the message you replied to here. Ask me after the mention.")
        return None


def pointer(question: str, link: str, *, short: bool = False) -> str:
    """Instead of a second copy of an answer given in this channel a moment ago: where it is."""
    if short:
        return f"Answered just above: {link}"
    return f"“{render.echo(question, 120)}” was answered in this channel a moment ago: {link}"


def _place(guild: discord.Guild | None, channel: Any) -> Place:
    return Place(guild.id, channel.id) if guild is not None else Place()


def addresses_bot(message: discord.Message, bot: commands.Bot) -> bool:
    """Whether a message is a question to the bot: it mentions the bot's user in its text (``<@id>``), or the
    bot's managed role. A reply pings its author by default, which puts the bot in ``mentions`` with no mention
    in the text: a reply to the bot ("thanks", "delete" under an auto-answer) is not a question to it. The Ask and
    AutoAnswer cogs both ask this, so a message is answered by one of them only."""
    user = bot.user
    if user is not None and user in message.mentions and re.search(rf"<@!?{user.id}>", message.content):
        return True
    return _mentions_role_of(message)


def _mentions_role_of(message: discord.Message) -> bool:
    """Whether the message mentions the bot's own managed role (what Discord's picker often offers for "@FAQ Bot")."""
    role = message.guild.self_role if message.guild is not None else None
    return role is not None and (role.id in message.raw_role_mentions or role in message.role_mentions)


def _strip_mentions(text: str, bot: commands.Bot, guild: discord.Guild | None = None) -> str:
    """The question without the bot's own mention, by user or by its managed role."""
    if bot.user is not None:
        text = re.sub(rf"<@!?{bot.user.id}>", " ", text)
    role = guild.self_role if guild is not None else None
    if role is not None:
        text = re.sub(rf"<@&{role.id}>", " ", text)
    return " ".join(text.split())


async def setup(bot: FAQBot) -> None:
    await bot.add_cog(Ask(bot))
