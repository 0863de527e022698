"""Buttons and selects under answers and lists. Each view times out and then disables its items."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import discord

from bot.core.answer import Answer
from bot.core.faq import Entry
from bot.core.records import Place
from bot.discordbot import guilds, render
from bot.discordbot.errors import report_interaction_error

if TYPE_CHECKING:
    from bot.discordbot.client import FAQBot

log = logging.getLogger(__name__)

ANSWER_TIMEOUT = 15 * 60.0  # for messages edited through their channel (no token): idle time before disabling
TOKEN_LIFETIME = 15 * 60.0  # an interaction's token works for 15 minutes from the interaction's creation
TOKEN_MARGIN = 60.0  # disable a token-bound view this long before its token expires, while the edit still works
DEFER_AFTER = 1.0  # seconds: an interaction older than this may not get a full answer in within Discord's 3 s
PAGE_SIZE = 10


def interaction_age(interaction: discord.Interaction[Any]) -> float:
    """Seconds since the member acted (the interaction's id carries its creation time)."""
    return max(0.0, (discord.utils.utcnow() - interaction.created_at).total_seconds())


def might_be_late(interaction: discord.Interaction[Any]) -> bool:
    """Whether to acknowledge (defer) before doing the work: the event reached us late (gateway lag, a busy or
    rate-limited bot), so a full answer might miss Discord's 3-second deadline."""
    return interaction_age(interaction) > DEFER_AFTER


def place_of(interaction: discord.Interaction[Any]) -> Place:
    return Place(interaction.guild_id, interaction.channel_id) if interaction.guild_id else Place()


async def respond(interaction: discord.Interaction[Any], **kwargs: Any) -> discord.InteractionMessage | None:
    """Send the first response, with no pings, and return the message it created (so a view can edit it later)."""
    callback = await interaction.response.send_message(allowed_mentions=render.NO_PINGS, **kwargs)
    resource = callback.resource if callback is not None else None
    return resource if isinstance(resource, discord.InteractionMessage) else None


class BaseView(discord.ui.View):
    """Disables its items on timeout and reports errors through the bot's one error handler.

    A view on a message that can only be edited through an interaction's token (a response, an ephemeral reply)
    is bound to that token with ``expire_with``: it times out at a fixed moment before the token expires, however
    often it is clicked, so disabling its buttons still works. Other views time out after being idle."""

    message: discord.Message | discord.InteractionMessage | None = None
    timeout_seconds: float = ANSWER_TIMEOUT
    deadline: float | None = None  # time.monotonic() at which to time out; None: idle timeout

    def __init__(self, bot: FAQBot) -> None:
        super().__init__(timeout=self.timeout_seconds)
        self.bot = bot

    def expire_with(self, interaction: discord.Interaction[Any], *, within: float | None = None) -> BaseView:
        """Time out while ``interaction``'s token can still edit the message: 15 minutes from the interaction's
        creation, less a margin; sooner if ``within`` (seconds from now) ends first. A fixed moment either way:
        clicks do not push it back."""
        remaining = TOKEN_LIFETIME - interaction_age(interaction) - TOKEN_MARGIN
        self.deadline = time.monotonic() + (remaining if within is None else min(remaining, within))
        return self

    @property
    def timeout(self) -> float | None:
        # discord.py re-arms the timeout from this value on every click: with a deadline, that re-arms it to the
        # same moment. Never 0, which discord.py reads as "no timeout".
        if self.deadline is None:
            return discord.ui.View.timeout.fget(self)  # type: ignore[attr-defined]
        return max(self.deadline - time.monotonic(), 0.001)

    @timeout.setter
    def timeout(self, value: float | None) -> None:
        discord.ui.View.timeout.fset(self, value)  # type: ignore[attr-defined]

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True
        if self.message is not None:
            try:
                await self.message.edit(view=self)
            except discord.HTTPException as error:
                # 50027 / 10015: the token expired; 10008: the message was deleted. Nothing left to disable.
                level = logging.DEBUG if error.code in (10008, 10015, 50027) else logging.WARNING
                log.log(level, "Could not disable the view on message %s: %s", self.message.id, error)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_interaction_error(interaction, error)

    async def send_answer(self, interaction: discord.Interaction[Any], answer: Answer) -> None:
        """Answer privately to whoever clicked: the public message stays as it was."""
        view = AnswerView(self.bot, answer, place_of(interaction))
        view.expire_with(interaction)  # an ephemeral reply can only be edited through the click's token
        view.message = await respond(
            interaction, embed=render.answer_embed(answer, self.bot.article), view=view, ephemeral=True
        )


class OwnedView(BaseView):
    """A view opened by one member: only they may use it; anyone else is told ``refusal``, privately.
    A view that others may use too (each as themselves) sets ``refusal`` to None and asks ``is_owner``."""

    refusal: ClassVar[str | None] = "This belongs to someone else."

    def __init__(self, bot: FAQBot, owner_id: int) -> None:
        super().__init__(bot)
        self.owner_id = owner_id

    def is_owner(self, interaction: discord.Interaction[Any]) -> bool:
        """Tell whether the member who opened this view made this interaction."""
        return interaction.user.id == self.owner_id

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Let the owner through; refuse anyone else with ``refusal`` (unless it is None)."""
        if self.refusal is None or self.is_owner(interaction):
            return True
        await interaction.response.send_message(self.refusal, ephemeral=True)
        return False


class _EntryButton(discord.ui.Button["BaseView"]):
    def __init__(self, entry: Entry, *, row: int, prefix: str) -> None:
        super().__init__(
            label=render.label(entry.question),
            style=discord.ButtonStyle.secondary,
            custom_id=f"{prefix}:{entry.id}"[:100],
            row=row,
        )
        self.entry_id = entry.id

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        view = self.view
        assert view is not None
        answer = view.bot.engine.answer_entry(self.entry_id)
        if answer is None:
            await interaction.response.send_message(
                "That question was removed from the FAQ. Try `/ask` again.", ephemeral=True
            )
            return
        if isinstance(view, ChoiceView) and view.is_owner(interaction):
            await view.choose(interaction, answer)
        else:
            await view.send_answer(interaction, answer)


ONLY_ASKER_DELETES = "Only the asker or a moderator can delete this."


async def delete_answer(interaction: discord.Interaction[Any], view: BaseView) -> None:
    """Remove the public message this click was made on, and forget it as an earlier answer to point at."""
    await interaction.response.defer()  # an update of the clicked message, which is then deleted
    message = interaction.message
    try:
        await interaction.delete_original_response()
    except discord.NotFound:
        log.debug("The answer %s was already deleted", message.id if message else "?")
    view.stop()
    if message is not None:
        view.bot.recent.forget(message.jump_url)


class DeleteButton(discord.ui.Button["BaseView"]):
    """🗑️ under a public answer: the asker (``owners``) or a moderator removes it, as python-discord's tags do."""

    def __init__(self, owners: Collection[int], *, row: int) -> None:
        super().__init__(
            label="Delete", emoji="🗑️", style=discord.ButtonStyle.secondary, custom_id="delete:answer", row=row
        )
        self.owners = frozenset(owners)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        view = self.view
        assert view is not None
        if interaction.user.id not in self.owners and not await guilds.moderates(view.bot, interaction):
            await interaction.response.send_message(ONLY_ASKER_DELETES, ephemeral=True)
            return
        await delete_answer(interaction, view)


class AnswerView(BaseView):
    """Related questions as buttons (clicking one answers it) and helpful / not-helpful votes; on a public
    answer, a delete button for its asker (``owners``) and moderators."""

    def __init__(self, bot: FAQBot, answer: Answer, place: Place, owners: Collection[int] = ()) -> None:
        super().__init__(bot)
        self.answer = answer
        self.place = place
        self.owners = tuple(owners)
        self.voted: set[int] = set()
        for entry in answer.related[:5]:
            self.add_item(_EntryButton(entry, row=0, prefix="related"))
        if answer.entry is None:
            self.remove_item(self.helpful)
            self.remove_item(self.not_helpful)
        if owners:
            self.add_item(DeleteButton(owners, row=1))

    async def _vote(self, interaction: discord.Interaction[Any], helpful: bool) -> None:
        if interaction.user.id in self.voted:
            await interaction.response.send_message("You already rated this answer. Thanks!", ephemeral=True)
            return
        self.voted.add(interaction.user.id)
        assert self.answer.entry is not None
        self.bot.records.add_feedback(self.answer.entry.id, helpful, self.answer.question, place_of(interaction))
        text = "Thanks, glad it helped." if helpful else "Thanks. Moderators will see that this answer missed."
        await interaction.response.send_message(text, ephemeral=True)

    @discord.ui.button(label="Helpful", emoji="👍", style=discord.ButtonStyle.success, row=1, custom_id="vote:yes")
    async def helpful(self, interaction: discord.Interaction[Any], button: discord.ui.Button[AnswerView]) -> None:
        await self._vote(interaction, True)

    @discord.ui.button(label="Not helpful", emoji="👎", style=discord.ButtonStyle.secondary, row=1, custom_id="vote:no")
    async def not_helpful(self, interaction: discord.Interaction[Any], button: discord.ui.Button[AnswerView]) -> None:
        await self._vote(interaction, False)


class ChoiceView(OwnedView):
    """'Did you mean' and 'closest questions' buttons. The asker's click turns the message into the answer;
    anyone else's click answers them privately, so nobody can change what the asker sees."""

    refusal = None  # everyone may click: each gets the answer, only the asker's click changes the message

    def __init__(self, bot: FAQBot, entries: Sequence[Entry], owner_id: int, owners: Collection[int] = ()) -> None:
        super().__init__(bot, owner_id)
        self.owners = tuple(owners)
        for index, entry in enumerate(entries[:5]):
            self.add_item(_EntryButton(entry, row=index // 5, prefix="choice"))
        if owners:
            self.add_item(DeleteButton(owners, row=1))

    async def choose(self, interaction: discord.Interaction[Any], answer: Answer) -> None:
        view = AnswerView(self.bot, answer, place_of(interaction), self.owners)
        view.deadline = self.deadline  # the same message, edited the same way (its token, or its channel)
        await interaction.response.edit_message(embed=render.answer_embed(answer, self.bot.article), view=view)
        view.message = self.message
        self.stop()


OUR_PREFIXES = ("related:", "choice:", "vote:", "list:", "delete:", "auto:")
EXPIRED = "These buttons have expired. Ask again with `/ask`, or browse with `/faq list`."
STALE_AFTER = 1.5  # seconds: well inside Discord's 3-second deadline, well after a live view has answered


async def answer_if_stale(interaction: discord.Interaction[Any]) -> None:
    """A click on our buttons that no live view answered (the bot restarted since, or the view timed out before
    its message could be edited) gets a short notice instead of Discord's "This interaction failed"."""
    if interaction.type is not discord.InteractionType.component:
        return
    data: Mapping[str, Any] = interaction.data or {}
    custom_id = str(data.get("custom_id", ""))
    if not custom_id.startswith(OUR_PREFIXES):
        return
    await asyncio.sleep(STALE_AFTER)
    if interaction.response.is_done():
        return
    try:
        await interaction.response.send_message(EXPIRED, ephemeral=True)
    except (discord.InteractionResponded, discord.HTTPException):
        log.debug("A view answered interaction %s after all", interaction.id)


def view_for(
    bot: FAQBot, answer: Answer, place: Place, owner_id: int, owners: Collection[int] | None = None
) -> BaseView | None:
    """The view that goes under a public answer: related questions and votes, or the choices offered, and the
    delete button for ``owners`` (default: the asker) and moderators."""
    owners = (owner_id,) if owners is None else owners
    if answer.answered:
        return AnswerView(bot, answer, place, owners)
    entries = [s.entry for s in answer.suggestions]
    return ChoiceView(bot, entries, owner_id, owners)


class ListView(OwnedView):
    """A paginated list of questions with a select to open one; only the member who asked for it can page."""

    timeout_seconds = 10 * 60.0
    refusal = "This list belongs to someone else. Use `/faq list` to get your own."

    def __init__(self, bot: FAQBot, entries: Sequence[Entry], title: str, owner_id: int) -> None:
        super().__init__(bot, owner_id)
        self.entries = list(entries)
        self.title = title
        self.page = 0
        self.pages = max(1, -(-len(self.entries) // PAGE_SIZE))
        self._show_page()

    def current(self) -> list[Entry]:
        return self.entries[self.page * PAGE_SIZE : (self.page + 1) * PAGE_SIZE]

    def embed(self) -> discord.Embed:
        lines = [f"`{self.page * PAGE_SIZE + i}.` {e.question}" for i, e in enumerate(self.current(), start=1)]
        embed = discord.Embed(
            title=render.truncate(self.title, render.TITLE_LIMIT),
            description="\n".join(lines) or "No questions here yet.",
            colour=render.COLOUR_ANSWER,
        )
        embed.set_footer(text=f"Page {self.page + 1} of {self.pages} · pick a question below to see its answer")
        return render.fit(embed)

    def _show_page(self) -> None:
        # Not `_refresh`: discord.py's View has a `_refresh(components)` of its own, called on message updates.
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= self.pages - 1
        self.open.options = [
            discord.SelectOption(label=render.truncate(e.question, 100), value=e.id) for e in self.current()
        ] or [discord.SelectOption(label="(empty)", value="-")]
        self.open.disabled = not self.current()

    async def _turn(self, interaction: discord.Interaction[Any], step: int) -> None:
        self.page = min(max(self.page + step, 0), self.pages - 1)
        self._show_page()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.button(
        label="Previous", emoji="◀️", style=discord.ButtonStyle.secondary, row=0, custom_id="list:previous"
    )
    async def previous(self, interaction: discord.Interaction[Any], button: discord.ui.Button[ListView]) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next", emoji="▶️", style=discord.ButtonStyle.secondary, row=0, custom_id="list:next")
    async def next(self, interaction: discord.Interaction[Any], button: discord.ui.Button[ListView]) -> None:
        await self._turn(interaction, 1)

    @discord.ui.select(
        cls=discord.ui.Select, placeholder="Open a question…", row=1, min_values=1, max_values=1, custom_id="list:open"
    )
    async def open(self, interaction: discord.Interaction[Any], select: discord.ui.Select[ListView]) -> None:
        answer = self.bot.engine.answer_entry(select.values[0])
        if answer is None:
            await interaction.response.send_message("That question was just removed from the FAQ.", ephemeral=True)
            return
        await self.send_answer(interaction, answer)
