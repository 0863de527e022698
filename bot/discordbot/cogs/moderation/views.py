"""The moderators' views: Confirm / Cancel, the entry form, and the unanswered queue."""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.core.faq import MAX_ALTERNATE, MAX_ANSWER, MAX_QUESTION, Entry
from bot.core.queue import Group
from bot.core.store import add_alias, add_entry, edit_entry, entry_version
from bot.discordbot import render
from bot.discordbot.cogs.moderation.embeds import queue_embed
from bot.discordbot.errors import report_interaction_error
from bot.discordbot.views import OwnedView

if TYPE_CHECKING:
    from bot.discordbot.cogs.moderation.cog import Moderation

FORM_FIELD_LIMIT = 4000  # Discord's limit for a paragraph text input


def slug(text: str) -> str:
    """Make an entry id from a question (lowercase words joined by hyphens, at most 50 characters)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:50].strip("-") or "entry"


class ConfirmView(OwnedView):
    """Ask the moderator who proposed a change to confirm or cancel it.

    Confirm / Cancel, after discord.py's confirm example: a click decides and the command awaits ``decision()``.
    Only the moderator who asked may click, and Confirm checks again that they still may edit (a role can be taken
    away while the preview is open). Unlike the example, Confirm does not stop the view: it keeps answering clicks
    while the change is saved (a second Confirm is told it is being saved once, instead of Discord's "interaction
    failed"), and the command stops it once the outcome replaces the buttons.

    It lives on a reply edited through the command's token: ``expire_with`` times it out at most ``WINDOW`` after it
    is shown and always before that token expires, so the buttons are disabled (and the change declined) while the
    edit still works."""

    WINDOW = 5 * 60.0
    refusal = "Only the moderator who made this change can confirm it."

    def __init__(self, cog: Moderation, owner_id: int) -> None:
        super().__init__(cog.bot, owner_id)
        self.cog = cog
        self.confirmed: discord.Interaction[Any] | None = None  # the click that confirmed, to report the outcome
        self._decided: asyncio.Future[discord.Interaction[Any] | None] = asyncio.get_running_loop().create_future()

    async def decision(self) -> discord.Interaction[Any] | None:
        """Wait for the click that confirmed (acknowledged); None when cancelled or timed out."""
        return await self._decided

    def _decide(self, confirmation: discord.Interaction[Any] | None) -> None:
        if not self._decided.done():
            self._decided.set_result(confirmation)

    async def on_timeout(self) -> None:
        """Decide 'no' and disable the buttons."""
        self._decide(None)
        await super().on_timeout()

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Let only the moderator who asked click, and only while they still may edit."""
        if not await super().interaction_check(interaction):
            return False
        await self.cog.check_moderator(interaction)  # raises Refused, reported by on_error
        return True

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.success, custom_id="mod:confirm")
    async def confirm(self, interaction: discord.Interaction[Any], button: discord.ui.Button[ConfirmView]) -> None:
        """Take the first Confirm as the decision; tell a second click it is being saved once."""
        if self.confirmed is not None:  # a double click: the first one is being saved
            await interaction.response.send_message("Already confirmed; saving it once.", ephemeral=True)
            return
        self.confirmed = interaction  # before any await: a click right behind this one sees it
        try:
            await interaction.response.defer()  # saving waits for other moderators' saves: acknowledge first
        finally:
            self._decide(interaction)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary, custom_id="mod:cancel")
    async def cancel(self, interaction: discord.Interaction[Any], button: discord.ui.Button[ConfirmView]) -> None:
        """Cancel the change, unless it was already confirmed."""
        if self.confirmed is not None:
            await interaction.response.send_message("This change was already confirmed.", ephemeral=True)
            return
        self._decide(None)
        self.stop()
        await interaction.response.edit_message(content="Cancelled: nothing was changed.", embed=None, view=None)


class EntryModal(discord.ui.Modal):
    """Ask for an entry's question, alternate phrasings, answer and quotes (one per line), to add or edit it."""

    def __init__(self, cog: Moderation, *, entry: Entry | None, data: dict[str, Any]) -> None:
        super().__init__(title="Edit FAQ entry" if entry else "New FAQ entry", timeout=15 * 60)
        self.cog = cog
        self.entry = entry
        self.data = data  # id, topic, related, keywords: set from the command's options
        self.version = entry_version(entry) if entry else "absent"
        self.question: discord.ui.TextInput[EntryModal] = discord.ui.TextInput(
            style=discord.TextStyle.short, max_length=MAX_QUESTION, default=data.get("question"), custom_id="question"
        )
        self.alternates: discord.ui.TextInput[EntryModal] = discord.ui.TextInput(
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=FORM_FIELD_LIMIT,
            custom_id="alternates",
            default="\n".join(data.get("alternates", [])) or None,  # the edit command refuses what does not fit
        )
        self.answer: discord.ui.TextInput[EntryModal] = discord.ui.TextInput(
            style=discord.TextStyle.paragraph, max_length=MAX_ANSWER, default=data.get("answer"), custom_id="answer"
        )
        self.quotes: discord.ui.TextInput[EntryModal] = discord.ui.TextInput(
            style=discord.TextStyle.paragraph,
            max_length=FORM_FIELD_LIMIT,
            custom_id="quotes",
            default="\n".join(data.get("quotes", [])) or None,
        )
        self.add_item(discord.ui.Label(text="Question", description="At most 100 characters", component=self.question))
        self.add_item(
            discord.ui.Label(
                text="Alternate phrasings",
                component=self.alternates,
                description=f"One per line, as people would ask (each ≤ {MAX_ALTERNATE})",
            )
        )
        self.add_item(
            discord.ui.Label(text="Answer", component=self.answer, description="Short; say what the article argues")
        )
        self.add_item(
            discord.ui.Label(text="Quotes", component=self.quotes, description="One per line, copied from the article")
        )

    def entry_data(self) -> dict[str, Any]:
        """Return the entry the form describes, as the FAQ file holds it."""
        data: dict[str, Any] = {
            "id": self.data["id"],
            "topic": self.data["topic"],
            "question": self.question.value.strip(),
        }
        alternates = [line.strip() for line in self.alternates.value.splitlines() if line.strip()]
        if alternates:
            data["alternates"] = alternates
        if self.data.get("asked"):  # not in the form (too many, and members' words): kept as they are
            data["asked"] = list(self.data["asked"])
        data["answer"] = " ".join(self.answer.value.split())
        data["quotes"] = [line.strip() for line in self.quotes.value.splitlines() if line.strip()]
        for key in ("related", "keywords"):
            if self.data.get(key):
                data[key] = list(self.data[key])
        return data

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Propose the entry as written in the form."""
        if not self.data.get("id"):  # a new entry named after its question
            self.data = self.cog.unique_id({**self.data, "id": slug(self.question.value)})
        data = self.entry_data()
        edit = add_entry(data) if self.entry is None else edit_entry(self.entry.id, data, self.version)
        title = f"Edit `{self.entry.id}`?" if self.entry else f"Add `{data['id']}`?"
        await self.cog.propose(interaction, edit, title)

    async def on_error(self, interaction: discord.Interaction[Any], error: Exception) -> None:  # type: ignore[override]
        """Report the error through the bot's one handler."""
        await report_interaction_error(interaction, error)


class QueueView(OwnedView):
    """Let a moderator pick a group of unanswered questions and act on it.

    Each action takes the group picked when its button
    is pressed, so picking another group meanwhile (before a Confirm, or while a dismissal is saved) does not
    change which group it acts on. It lives on the command's private reply, which only the command's token can
    edit: it is bound to that token (``expire_with``), and a view that replaces it keeps its deadline."""

    refusal = "This queue view belongs to another moderator."

    def __init__(self, cog: Moderation, groups: list[Group], owner_id: int) -> None:
        super().__init__(cog.bot, owner_id)
        self.cog = cog
        self.groups = groups
        self.chosen: Group | None = None
        self.pick.options = [
            discord.SelectOption(
                label=render.truncate(g.question, 100),
                value=str(index),
                description=render.truncate(f"asked {g.count}× · {', '.join(sorted(g.reasons))}", 100),
            )
            for index, g in enumerate(groups[:25])
        ]
        self._show_choice()

    def _show_choice(self) -> None:
        # Not `_refresh`: discord.py's View has a `_refresh(components)` of its own, called on message updates.
        nearest = self.chosen.nearest if self.chosen else None
        for option in self.pick.options:  # the message shows which group the buttons act on
            option.default = self.chosen is not None and self.groups[int(option.value)] is self.chosen
        self.add_alias.disabled = nearest is None
        self.add_alias.label = render.label(f"Add as phrasing to {nearest.id}" if nearest else "Add as phrasing")
        self.new_entry.disabled = self.dismiss.disabled = self.chosen is None

    @discord.ui.select(cls=discord.ui.Select, placeholder="Pick a question to act on…", row=0, custom_id="queue:pick")
    async def pick(self, interaction: discord.Interaction[Any], select: discord.ui.Select[QueueView]) -> None:
        """Choose the group the buttons act on."""
        self.chosen = self.groups[int(select.values[0])]
        self._show_choice()
        await interaction.response.edit_message(view=self)

    @discord.ui.button(label="Add as phrasing", style=discord.ButtonStyle.primary, row=1, custom_id="queue:alias")
    async def add_alias(self, interaction: discord.Interaction[Any], button: discord.ui.Button[QueueView]) -> None:
        """Propose the picked group's question as a phrasing of its nearest entry."""
        group = self.chosen
        assert group is not None and group.nearest is not None
        records = self.cog.records
        edit = add_alias(group.nearest.id, render.truncate(group.question, MAX_ALTERNATE))
        await self.cog.propose(
            interaction,
            edit,
            f"Add this phrasing to `{group.nearest.id}`?",
            after=lambda: records.dismiss(group.questions),  # the group added, whatever is picked by the confirm
        )

    @discord.ui.button(label="New entry…", style=discord.ButtonStyle.secondary, row=1, custom_id="queue:new")
    async def new_entry(self, interaction: discord.Interaction[Any], button: discord.ui.Button[QueueView]) -> None:
        """Open the new-entry form filled in with the picked group's question."""
        group = self.chosen
        assert group is not None
        topic = group.nearest.topic if group.nearest else next(iter(self.cog.engine.faq.topics))
        data = {
            "id": slug(group.question),
            "topic": topic,
            "question": render.truncate(group.question, MAX_QUESTION),
        }
        await interaction.response.send_modal(EntryModal(self.cog, entry=None, data=self.cog.unique_id(data)))

    @discord.ui.button(label="Dismiss", style=discord.ButtonStyle.danger, row=1, custom_id="queue:dismiss")
    async def dismiss(self, interaction: discord.Interaction[Any], button: discord.ui.Button[QueueView]) -> None:
        """Dismiss the picked group and show the queue without it."""
        group = self.chosen  # taken now: another pick may arrive while the dismissal is written
        assert group is not None
        await asyncio.to_thread(self.cog.records.dismiss, group.questions)
        self.groups[:] = [g for g in self.groups if g is not group]
        self.stop()  # the message gets a new view: this one must not disable it on timeout
        view = QueueView(self.cog, self.groups, self.owner_id) if self.groups else None
        if view is not None:
            view.message = self.message
            view.deadline = self.deadline  # the same message, edited through the same token
        await interaction.response.edit_message(embed=queue_embed(self.groups), view=view)
