"""Auto-answer: in channels where moderators turned it on, answer questions nobody asked the bot.

Only what the FAQ answers with high confidence (``FAQBOT_AUTOANSWER_THRESHOLD``) is answered; partial, ambiguous
and declined questions stay silent, and so do bots, webhooks, the bot itself, a second message in a thread, and a
question about an entry answered in the channel within ``FAQBOT_AUTOANSWER_COOLDOWN_SECONDS``. In a forum channel
the first post of each new thread (its title and text) is the question; a reply to someone is conversation and is
left alone. The answer asks its asker "Did this answer
your question?": ✅ keeps it (a helpful vote), ❌ or replying "delete" removes it and records the question for the
moderators' queue (a not-helpful vote). Discord sends message text only with the Message Content intent, so
without ``FAQBOT_MESSAGE_CONTENT`` nothing is auto-answered.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.core.answer import Answer
from bot.core.autoanswer import Seen, looks_like_question
from bot.core.records import Place
from bot.discordbot import delivery, guilds, render
from bot.discordbot.cogs.ask import addresses_bot
from bot.discordbot.views import BaseView, delete_answer

if TYPE_CHECKING:
    from bot.discordbot.client import FAQBot

log = logging.getLogger(__name__)

ASK_BACK = "Did this answer your question?"
ONLY_ASKER = "Only the person who asked (or a moderator) can answer this."
DELETE_WORDS = {"delete", "remove"}
MAX_FORUM_TEXT = 300  # characters of a forum post's text matched besides its title


class AutoAnswerView(BaseView):
    """✅ / ❌ under an auto-answer, for its asker and moderators."""

    def __init__(self, bot: FAQBot, answer: Answer, place: Place, asker_id: int, cog: AutoAnswer) -> None:
        super().__init__(bot)
        self.answer = answer
        self.place = place
        self.asker_id = asker_id
        self.cog = cog
        self.decided = False  # the first verdict wins: a double click or ❌ plus "delete" is one vote

    def decide(self) -> bool:
        """Take the asker's verdict, once: False if one was already taken. Synchronous, before any await, so
        two clicks handled at once cannot both pass."""
        if self.decided:
            return False
        self.decided = True
        self.stop()
        return True

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id == self.asker_id or await guilds.moderates(self.bot, interaction):
            return True
        await interaction.response.send_message(ONLY_ASKER, ephemeral=True)
        return False

    def vote(self, helpful: bool) -> None:
        """Record the asker's verdict: a not-helpful vote puts the question in the moderators' queue."""
        assert self.answer.entry is not None
        self.bot.records.add_feedback(self.answer.entry.id, helpful, self.answer.question, self.place)

    @discord.ui.button(label="Yes", emoji="✅", style=discord.ButtonStyle.success, custom_id="auto:yes")
    async def yes(self, interaction: discord.Interaction[Any], button: discord.ui.Button[AutoAnswerView]) -> None:
        if not self.decide():
            await interaction.response.defer()  # already decided: nothing more to do
            return
        self.vote(True)
        await interaction.response.edit_message(content=None, view=None)  # the answer stays, the question goes

    @discord.ui.button(label="No", emoji="❌", style=discord.ButtonStyle.secondary, custom_id="auto:no")
    async def no(self, interaction: discord.Interaction[Any], button: discord.ui.Button[AutoAnswerView]) -> None:
        if not self.decide():
            await interaction.response.defer()  # already decided: nothing more to do
            return
        self.vote(False)
        await delete_answer(interaction, self)
        await interaction.followup.send(
            "Removed. Moderators will see the question, so the FAQ can answer it better.", ephemeral=True
        )

    def stop(self) -> None:
        super().stop()
        if self.message is not None:
            self.cog.live.pop(self.message.id, None)

    async def on_timeout(self) -> None:
        if self.message is not None:
            self.cog.live.pop(self.message.id, None)
        await super().on_timeout()


class AutoAnswer(commands.Cog):
    """Answers questions posted in the channels where moderators turned auto-answer on."""

    def __init__(self, bot: FAQBot) -> None:
        self.bot = bot
        self.threads = Seen()  # threads answered in: never twice in one
        self.live: dict[int, AutoAnswerView] = {}  # answer message id -> its view, for a "delete" reply

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.guild is None or message.author.bot or message.webhook_id is not None:
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return  # a system message ("started a thread", "pinned a message") is nobody's question
        if not self.bot.settings.message_content or self.bot.user is None:
            return
        channel = message.channel
        parent_id = channel.parent_id if isinstance(channel, discord.Thread) else None
        if not (self.bot.channels.enabled(channel.id) or self.bot.channels.enabled(parent_id)):
            return
        try:
            if await self._deletion_asked(message):
                return
            if addresses_bot(message, self.bot) or message.mention_everyone:
                return  # a mention (of the bot or its role) is a question to the bot: the Ask cog answers it
            if message.reference is not None:
                return  # a reply is part of a conversation between members, not a question to the channel
            if (await self.bot.get_context(message)).valid:
                return  # a prefix command answers itself
            await self._maybe_answer(message)
        except Exception as error:  # one bad message must not stop the listener for everyone else
            log.error("Error auto-answering message %s", message.id, exc_info=error)

    async def _maybe_answer(self, message: discord.Message) -> None:
        channel = message.channel
        thread = channel if isinstance(channel, discord.Thread) else None
        if thread is not None and thread.id in self.threads:
            return
        forum_post = thread is not None and _in_forum(thread)
        if forum_post:
            assert thread is not None
            if message.id != thread.id:
                return  # only a forum thread's first post is its question
            candidates = [thread.name, message.content[:MAX_FORUM_TEXT], f"{thread.name} {message.content}"]
        elif looks_like_question(message.content):
            candidates = [message.content]
        else:
            return
        answer = await asyncio.to_thread(self._best, [c for c in candidates if c.strip()])  # meaning costs ms
        if answer is None or answer.entry is None:
            return
        entry = answer.entry
        cooldown = self.bot.settings.autoanswer_cooldown
        # Claimed before the send is awaited, so a second question about it meanwhile is not answered too.
        if self.bot.recent.reserve(channel.id, entry.id, cooldown) is not None:
            log.debug("Auto-answer: %s was answered in %s a moment ago", entry.id, channel.id)
            return
        sent: discord.Message | None = None
        try:
            if thread is not None and not self.threads.add(thread.id):
                return
            sent = await self._send(message, answer)
        finally:
            if sent is None and cooldown > 0:
                self.bot.recent.release(channel.id, entry.id)  # not sent: the next question may be answered
        if sent is None:
            return
        self.bot.recent.note(channel.id, entry.id, sent.jump_url)
        self.bot.records.add_answer(answer, Place(message.guild.id if message.guild else None, channel.id))
        log.info("Auto-answered message %s in %s with %s (%.2f)", message.id, channel.id, entry.id, answer.score)

    async def _send(self, message: discord.Message, answer: Answer) -> discord.Message | None:
        """Post the answer under ``message`` with ✅ / ❌; None when it could not be posted."""
        place = Place(message.guild.id if message.guild else None, message.channel.id)
        view = AutoAnswerView(self.bot, answer, place, message.author.id, self)

        async def nowhere(note: str, content: str | None, embed: discord.Embed | None, private_view: Any) -> None:
            return None  # nobody asked: no DM when the bot may not post here (delivery logged what to grant)

        try:
            sent = await delivery.reply(
                message,
                content=ASK_BACK,
                embed=render.answer_embed(answer, self.bot.article),
                text=render.answer_text(answer, self.bot.article),
                view=view,
                privately=nowhere,
            )
        except delivery.MessageGone:
            log.info("Message %s was deleted before I could auto-answer it", message.id)
            return None
        if sent is None:
            view.stop()
            return None
        view.message = sent
        self.live[sent.id] = view
        return sent

    def _best(self, questions: list[str]) -> Answer | None:
        """The most confident answer to any of ``questions``, if it is an answer at auto-answer's threshold."""
        settings = self.bot.settings
        threshold = max(settings.autoanswer_threshold, settings.answer_threshold)
        best: Answer | None = None
        for question in questions:
            answer = self.bot.engine.ask(question)
            if answer.answered and answer.score >= threshold and (best is None or answer.score > best.score):
                best = answer
        return best

    async def _deletion_asked(self, message: discord.Message) -> bool:
        """The asker replied "delete" to their auto-answer: remove it and record the question for the queue."""
        reference = message.reference
        if reference is None or reference.message_id is None:
            return False
        view = self.live.get(reference.message_id)
        if view is None or message.content.strip().lower().strip(".!") not in DELETE_WORDS:
            return False
        if message.author.id != view.asker_id:
            return True  # someone else's "delete": not theirs to remove, and not a question either
        if not view.decide():
            return True  # ✅ or ❌ was clicked a moment ago
        view.vote(False)
        if view.message is not None:
            self.bot.recent.forget(view.message.jump_url)
            try:
                await view.message.delete()
            except discord.NotFound:
                log.debug("The auto-answer %s was already deleted", reference.message_id)
        return True


def _in_forum(thread: discord.Thread) -> bool:
    parent = thread.parent
    return isinstance(parent, discord.ForumChannel) or getattr(parent, "type", None) == discord.ChannelType.forum


async def setup(bot: FAQBot) -> None:
    await bot.add_cog(AutoAnswer(bot))
