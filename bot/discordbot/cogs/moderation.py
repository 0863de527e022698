"""`/faqmod`: moderators keep the FAQ right from Discord. Every change is validated with the loader's rules,
shown as a diff, and saved only when the moderator confirms."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import logging
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.faq import MAX_ALTERNATE, MAX_ANSWER, MAX_QUESTION, Entry, FAQError, Problem, parse_faq
from bot.core.queue import Group, stats, unanswered_groups
from bot.core.service import Change, Outcome
from bot.core.store import (
    MAX_IMPORT_BYTES,
    ConflictError,
    Edit,
    NothingToUndo,
    Preview,
    add_alias,
    add_entry,
    edit_entry,
    entry_version,
    remove_entry,
    replace_all,
)
from bot.discordbot import guilds, render
from bot.discordbot.errors import Refused, report_interaction_error
from bot.discordbot.views import BaseView

if TYPE_CHECKING:
    from bot.discordbot.client import FAQBot

log = logging.getLogger(__name__)

FORM_FIELD_LIMIT = 4000  # Discord's limit for a paragraph text input


def slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:50].strip("-") or "entry"


def problems_text(problems: Sequence[Problem], lead: str = "Not saved. Fix these and try again:") -> str:
    return render.truncate(f"{lead}\n{render.problems_list(problems)}", render.CONTENT_LIMIT)


def change_text(change: Change) -> str:
    """What a moderator is told about a save or an undo."""
    if change.outcome is Outcome.SAVED:
        if change.summary.startswith("undo"):
            return f"Undone: {change.summary.removeprefix('undo ')}."
        return f"Saved: {change.summary}. Members get the new answer now."
    if change.outcome is Outcome.INVALID:
        return problems_text(change.problems)
    if change.outcome is Outcome.FAILED:
        return f"Not saved: {change.reason}. The FAQ is unchanged; try again, or tell the bot's operator."
    if change.outcome is Outcome.NOTHING:
        return "Nothing to undo."
    return f"Not saved: {change.reason}."


def diff_embed(title: str, preview: Preview) -> discord.Embed:
    body = "\n".join(preview.diff)
    embed = discord.Embed(
        title=render.truncate(title, render.TITLE_LIMIT),
        description=render.truncate(f"```diff\n{render.truncate(body, 3900)}\n```", render.DESCRIPTION_LIMIT),
        colour=render.COLOUR_CHOICE,
    )
    embed.set_footer(text="Nothing is saved until you confirm.")
    return embed


class ConfirmView(BaseView):
    """Confirm / Cancel, after discord.py's confirm example: a click decides and the command awaits ``decision()``.
    Only the moderator who asked may click, and Confirm checks again that they still may edit (a role can be taken
    away while the preview is open). Unlike the example, Confirm does not stop the view: it keeps answering clicks
    while the change is saved (a second Confirm is told it is being saved once, instead of Discord's "interaction
    failed"), and the command stops it once the outcome replaces the buttons."""

    timeout_seconds = 5 * 60.0

    def __init__(self, cog: Moderation, owner_id: int) -> None:
        super().__init__(cog.bot)
        self.cog = cog
        self.owner_id = owner_id
        self.confirmed: discord.Interaction[Any] | None = None  # the click that confirmed, to report the outcome
        self._decided: asyncio.Future[discord.Interaction[Any] | None] = asyncio.get_running_loop().create_future()

    async def decision(self) -> discord.Interaction[Any] | None:
        """The click that confirmed (acknowledged), or None when cancelled or timed out."""
        return await self._decided

    def _decide(self, confirmation: discord.Interaction[Any] | None) -> None:
        if not self._decided.done():
            self._decided.set_result(confirmation)

    async def on_timeout(self) -> None:
        self._decide(None)
        await super().on_timeout()

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(
                "Only the moderator who made this change can confirm it.", ephemeral=True
            )
            return False
        await self.cog.check_moderator(interaction)  # raises Refused, reported by on_error
        return True

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.success, custom_id="mod:confirm")
    async def confirm(self, interaction: discord.Interaction[Any], button: discord.ui.Button[ConfirmView]) -> None:
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
        if self.confirmed is not None:
            await interaction.response.send_message("This change was already confirmed.", ephemeral=True)
            return
        self._decide(None)
        self.stop()
        await interaction.response.edit_message(content="Cancelled: nothing was changed.", embed=None, view=None)


class EntryModal(discord.ui.Modal):
    """Add or edit an entry: question, alternate phrasings, answer, quotes (one per line)."""

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
        data: dict[str, Any] = {
            "id": self.data["id"],
            "topic": self.data["topic"],
            "question": self.question.value.strip(),
        }
        alternates = [line.strip() for line in self.alternates.value.splitlines() if line.strip()]
        if alternates:
            data["alternates"] = alternates
        data["answer"] = " ".join(self.answer.value.split())
        data["quotes"] = [line.strip() for line in self.quotes.value.splitlines() if line.strip()]
        for key in ("related", "keywords"):
            if self.data.get(key):
                data[key] = list(self.data[key])
        return data

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        if not self.data.get("id"):  # a new entry named after its question
            self.data = self.cog.unique_id({**self.data, "id": slug(self.question.value)})
        data = self.entry_data()
        edit = add_entry(data) if self.entry is None else edit_entry(self.entry.id, data, self.version)
        title = f"Edit `{self.entry.id}`?" if self.entry else f"Add `{data['id']}`?"
        await self.cog.propose(interaction, edit, title)

    async def on_error(self, interaction: discord.Interaction[Any], error: Exception) -> None:
        await report_interaction_error(interaction, error)


class QueueView(BaseView):
    """Pick a group of unanswered questions, then act on it. Each action takes the group picked when its button
    is pressed, so picking another group meanwhile (before a Confirm, or while a dismissal is saved) does not
    change which group it acts on."""

    timeout_seconds = 10 * 60.0

    def __init__(self, cog: Moderation, groups: list[Group], owner_id: int) -> None:
        super().__init__(cog.bot)
        self.cog = cog
        self.groups = groups
        self.owner_id = owner_id
        self.chosen: Group | None = None
        self.pick.options = [
            discord.SelectOption(
                label=render.truncate(g.question, 100),
                value=str(index),
                description=render.truncate(f"asked {g.count}× · {', '.join(sorted(g.reasons))}", 100),
            )
            for index, g in enumerate(groups[:25])
        ]
        self._refresh()

    def _refresh(self) -> None:
        nearest = self.chosen.nearest if self.chosen else None
        for option in self.pick.options:  # the message shows which group the buttons act on
            option.default = self.chosen is not None and self.groups[int(option.value)] is self.chosen
        self.add_alias.disabled = nearest is None
        self.add_alias.label = render.label(f"Add as phrasing to {nearest.id}" if nearest else "Add as phrasing")
        self.new_entry.disabled = self.dismiss.disabled = self.chosen is None

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message("This queue view belongs to another moderator.", ephemeral=True)
        return False

    @discord.ui.select(placeholder="Pick a question to act on…", row=0, custom_id="queue:pick")
    async def pick(self, interaction: discord.Interaction[Any], select: discord.ui.Select[QueueView]) -> None:
        self.chosen = self.groups[int(select.values[0])]
        self._refresh()
        await interaction.response.edit_message(view=self)

    @discord.ui.button(label="Add as phrasing", style=discord.ButtonStyle.primary, row=1, custom_id="queue:alias")
    async def add_alias(self, interaction: discord.Interaction[Any], button: discord.ui.Button[QueueView]) -> None:
        group = self.chosen
        assert group is not None and group.nearest is not None
        records = self.cog.bot.records
        edit = add_alias(group.nearest.id, render.truncate(group.question, MAX_ALTERNATE))
        await self.cog.propose(
            interaction,
            edit,
            f"Add this phrasing to `{group.nearest.id}`?",
            after=lambda: records.dismiss(group.questions),  # the group added, whatever is picked by the confirm
        )

    @discord.ui.button(label="New entry…", style=discord.ButtonStyle.secondary, row=1, custom_id="queue:new")
    async def new_entry(self, interaction: discord.Interaction[Any], button: discord.ui.Button[QueueView]) -> None:
        group = self.chosen
        assert group is not None
        topic = group.nearest.topic if group.nearest else next(iter(self.cog.bot.engine.faq.topics))
        data = {
            "id": slug(group.question),
            "topic": topic,
            "question": render.truncate(group.question, MAX_QUESTION),
        }
        await interaction.response.send_modal(EntryModal(self.cog, entry=None, data=self.cog.unique_id(data)))

    @discord.ui.button(label="Dismiss", style=discord.ButtonStyle.danger, row=1, custom_id="queue:dismiss")
    async def dismiss(self, interaction: discord.Interaction[Any], button: discord.ui.Button[QueueView]) -> None:
        group = self.chosen  # taken now: another pick may arrive while the dismissal is written
        assert group is not None
        await asyncio.to_thread(self.cog.bot.records.dismiss, group.questions)
        self.groups[:] = [g for g in self.groups if g is not group]
        self.stop()  # the message gets a new view: this one must not disable it on timeout
        view = QueueView(self.cog, self.groups, self.owner_id) if self.groups else None
        if view is not None:
            view.message = self.message
        await interaction.response.edit_message(embed=self.cog.queue_embed(self.groups), view=view)


class Moderation(commands.Cog):
    faqmod = app_commands.Group(
        name="faqmod",
        description="Moderators: keep the FAQ right",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: FAQBot) -> None:
        self.bot = bot

    # --- who may edit ---

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:  # type: ignore[override]
        await self.check_moderator(interaction)
        return True

    async def check_moderator(self, interaction: discord.Interaction[Any]) -> None:
        """Owner anywhere; in home servers, members with the moderator role or Manage Server. Checked on every
        use and again on Confirm, whatever Discord's default permissions show. Raises Refused with the reason."""
        if await self.bot.is_owner(interaction.user):
            return
        settings = self.bot.settings
        if interaction.guild_id is None:
            raise Refused("Moderator commands work only in the bot's home server.")
        if interaction.guild_id not in settings.home_guild_ids:
            raise Refused("The FAQ can only be changed from the bot's home server, since every server sees it.")
        if interaction.permissions.manage_guild:  # resolved by Discord for this member in this channel
            return
        member = interaction.user
        if (
            isinstance(member, discord.Member)
            and settings.moderator_role
            and any(r.name == settings.moderator_role for r in await guilds.member_roles(member))
        ):
            return
        raise Refused("Only moderators can change the FAQ.")

    # --- the propose / confirm / save flow ---

    def unique_id(self, data: dict[str, Any]) -> dict[str, Any]:
        base, number = data["id"], 2
        while self.bot.engine.faq.get(data["id"]) is not None:
            data["id"] = f"{base[:46]}-{number}"
            number += 1
        return data

    async def propose(
        self,
        interaction: discord.Interaction[Any],
        edit: Edit,
        title: str,
        *,
        after: Callable[[], None] | None = None,
    ) -> None:
        """Acknowledge, validate off the loop, show the diff with Confirm; on Confirm save exactly what was shown
        (an entry edit checks the entry's version, a whole-FAQ change the revision), then run ``after``."""
        if not interaction.response.is_done():
            await interaction.response.defer(ephemeral=True, thinking=True)
        service = self.bot.service
        try:
            preview = await asyncio.to_thread(service.preview, edit)
        except FAQError as error:
            await interaction.edit_original_response(content=problems_text(error.problems))
            return
        except ConflictError as error:
            await interaction.edit_original_response(content=f"Not saved: {error}.")
            return
        if edit.entry_id is None:  # the whole FAQ: confirm only against the FAQ the diff was made from
            edit = dataclasses.replace(edit, base_revision=preview.revision)
        view = await self.ask_to_confirm(interaction, diff_embed(title, preview))
        if view is None:
            return
        try:
            confirmation = view.confirmed
            assert confirmation is not None
            change = await asyncio.to_thread(
                service.save, edit, user_id=confirmation.user.id, guild_id=confirmation.guild_id
            )
            if change.ok:
                if after is not None:
                    await asyncio.to_thread(after)
                await self.bot.post_mod_log(f"{confirmation.user.mention} ({confirmation.user.id}): {change.summary}")
            await confirmation.edit_original_response(content=change_text(change), embed=None, view=None)
        finally:
            view.stop()  # the outcome replaced the buttons (or failed to): no more clicks to answer

    async def ask_to_confirm(self, interaction: discord.Interaction[Any], embed: discord.Embed) -> ConfirmView | None:
        """Show ``embed`` with Confirm / Cancel on the (deferred) reply. Returns the view once Confirm was pressed
        (``confirmed`` is the click, to report the outcome on; stop the view after), or None when cancelled or timed
        out."""
        view = ConfirmView(self, interaction.user.id)
        view.message = await interaction.edit_original_response(embed=embed, view=view)
        return view if await view.decision() is not None else None

    # --- autocomplete ---

    async def entry_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=render.truncate(f"{e.id}: {e.question}", 100), value=e.id)
            for e in self.bot.engine.matcher.complete(current, limit=25)
        ]

    async def topic_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=render.truncate(t.title, 100), value=t.id)
            for t in self.bot.engine.faq.topics.values()
            if current.lower() in t.id
        ][:25]

    def _entry(self, entry_id: str) -> Entry:
        entry = self.bot.engine.faq.get(entry_id.strip())
        if entry is None:
            raise Refused(f"No entry `{render.echo(entry_id, 60)}`. Pick one from the suggestions.")
        return entry

    # --- commands ---

    @faqmod.command(name="add", description="Add a new entry (opens a form)")
    @app_commands.describe(
        topic="The entry's topic",
        related="Related entry ids, comma separated",
        id="The entry's id (default: made from the question)",
    )
    @app_commands.autocomplete(topic=topic_autocomplete)
    async def add(
        self, interaction: discord.Interaction[Any], topic: str, related: str | None = None, id: str | None = None
    ) -> None:
        data = {"id": slug(id) if id else "", "topic": topic, "related": _ids(related)}
        await interaction.response.send_modal(EntryModal(self, entry=None, data=data))

    @faqmod.command(name="edit", description="Edit an entry (opens a form, filled in)")
    @app_commands.describe(
        entry="The entry to edit",
        topic="Move it to another topic",
        related="Related entry ids, comma separated (replaces the list)",
    )
    @app_commands.autocomplete(entry=entry_autocomplete, topic=topic_autocomplete)
    async def edit(
        self, interaction: discord.Interaction[Any], entry: str, topic: str | None = None, related: str | None = None
    ) -> None:
        found = self._entry(entry)
        data = found.to_data()
        too_long = [
            name
            for name, key in (("alternate phrasings", "alternates"), ("quotes", "quotes"))
            if len("\n".join(data.get(key, []))) > FORM_FIELD_LIMIT
        ]
        if too_long:
            raise Refused(
                f"`{found.id}` has more {' and '.join(too_long)} than Discord's form can hold "
                f"({FORM_FIELD_LIMIT} characters), so editing it here would lose some. Use `/faqmod export`, edit "
                "the file and `/faqmod import` it (or add phrasings one by one with `/faqmod alias`)."
            )
        data["topic"] = topic or found.topic
        if related is not None:
            data["related"] = _ids(related)
        await interaction.response.send_modal(EntryModal(self, entry=found, data=data))

    @faqmod.command(name="alias", description="Add an alternate phrasing to an entry")
    @app_commands.describe(entry="The entry", phrasing="How people ask it")
    @app_commands.autocomplete(entry=entry_autocomplete)
    async def alias(self, interaction: discord.Interaction[Any], entry: str, phrasing: str) -> None:
        found = self._entry(entry)
        await self.propose(interaction, add_alias(found.id, phrasing), f"Add a phrasing to `{found.id}`?")

    @faqmod.command(name="remove", description="Remove an entry (asks to confirm)")
    @app_commands.describe(entry="The entry to remove")
    @app_commands.autocomplete(entry=entry_autocomplete)
    async def remove(self, interaction: discord.Interaction[Any], entry: str) -> None:
        found = self._entry(entry)
        await self.propose(interaction, remove_entry(found.id, entry_version(found)), f"Remove `{found.id}`?")

    @faqmod.command(name="reload", description="Re-read the FAQ file from disk")
    async def reload(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        change = await asyncio.to_thread(self.bot.service.reload)
        if change.outcome is Outcome.INVALID:
            lead = "The file on disk has problems; still serving the previous FAQ. Fix these and try again:"
            await interaction.edit_original_response(content=problems_text(change.problems, lead))
            return
        assert change.faq is not None
        await interaction.edit_original_response(content=f"Reloaded: {len(change.faq)} entries.")

    @faqmod.command(name="history", description="Recent changes (who, when, what)")
    @app_commands.describe(entry="Only changes to this entry")
    @app_commands.autocomplete(entry=entry_autocomplete)
    async def history(self, interaction: discord.Interaction[Any], entry: str | None = None) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        records = await asyncio.to_thread(self.bot.service.history, entry, 15)
        lines = [
            f"<t:{int(r.time)}:R> <@{r.user_id}> **{r.action}** {render.echo(r.summary, 150)}"
            if r.user_id
            else f"<t:{int(r.time)}:R> **{r.action}** {render.echo(r.summary, 150)}"
            for r in records
        ]
        embed = discord.Embed(
            title="Recent FAQ changes" + (f": {entry}" if entry else ""),
            description="\n".join(lines) or "No changes yet.",
            colour=render.COLOUR_ANSWER,
        )
        await interaction.edit_original_response(embed=render.fit(embed), allowed_mentions=render.NO_PINGS)

    @faqmod.command(name="undo", description="Revert the last change (asks to confirm)")
    async def undo(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        service = self.bot.service
        try:
            preview = await asyncio.to_thread(service.undo_preview)
        except NothingToUndo:
            await interaction.edit_original_response(content="Nothing to undo.")
            return
        last = preview.undoes
        title = f"Undo: {last.summary}?" if last else "Undo the last change?"
        view = await self.ask_to_confirm(interaction, diff_embed(title, preview))
        if view is None:
            return
        try:
            confirmation = view.confirmed
            assert confirmation is not None
            change = await asyncio.to_thread(
                service.undo, expected=preview.revision, user_id=confirmation.user.id, guild_id=confirmation.guild_id
            )
            if change.ok:
                await self.bot.post_mod_log(f"{confirmation.user.mention} ({confirmation.user.id}): {change.summary}")
            text = change_text(change)
            if not change.ok:
                text = text.replace("Not saved", "Not undone", 1)
            await confirmation.edit_original_response(content=text, embed=None, view=None)
        finally:
            view.stop()

    @faqmod.command(name="export", description="Download the current FAQ as YAML")
    async def export(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        service = self.bot.service
        faq = service.faq
        text = await asyncio.to_thread(service.export)
        await interaction.edit_original_response(
            content=f"The FAQ: {len(faq)} entries.",
            attachments=[discord.File(io.BytesIO(text.encode()), filename="faq.yaml")],
        )

    @faqmod.command(name="import", description="Replace the FAQ with an uploaded YAML file (asks to confirm)")
    @app_commands.describe(file="A faq.yaml, as exported (at most 256 KB)")
    async def import_(self, interaction: discord.Interaction[Any], file: discord.Attachment) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        if file.size > MAX_IMPORT_BYTES:
            await interaction.edit_original_response(
                content=f"That file is {file.size // 1024} KB; the limit is {MAX_IMPORT_BYTES // 1024} KB."
            )
            return
        if not file.filename.lower().endswith((".yaml", ".yml")):
            await interaction.edit_original_response(
                content="Upload a .yaml file (use `/faqmod export` for an example)."
            )
            return
        raw = await file.read()
        try:
            text = raw.decode("utf-8")
            # A worker thread is enough: the loader's limits bound the work (a 256 KiB upload validates in about
            # 0.15 s, benchmarks/import_bench.py), and members' /ask stayed answered in milliseconds even during
            # the 8 s validations the limits now prevent. A process would add ~0.2 s (spawn, pickling the FAQ).
            faq = await asyncio.to_thread(parse_faq, text, source=file.filename, article=self.bot.engine.faq.article)
        except UnicodeDecodeError:
            await interaction.edit_original_response(content="Not imported: the file is not UTF-8 text.")
            return
        except FAQError as error:
            await interaction.edit_original_response(
                content=problems_text(error.problems, "Not imported. Fix these and try again:")
            )
            return
        title = f"Replace the FAQ with {file.filename} ({len(faq)} entries)?"
        await self.propose(interaction, replace_all(faq.to_data(), file.filename), title)

    def queue_embed(self, groups: list[Group]) -> discord.Embed:
        lines = [
            f"**{g.count}×** {render.echo(g.question, 150)}" + (f" · nearest: `{g.nearest.id}`" if g.nearest else "")
            for g in groups[:25]
        ]
        embed = discord.Embed(
            title="Unanswered questions",
            colour=render.COLOUR_CHOICE,
            description="\n".join(lines) or "Nothing waiting. Members' questions all found answers.",
        )
        embed.set_footer(text="Declined or marked not helpful, grouped by similarity, most frequent first.")
        return render.fit(embed)

    @faqmod.command(name="unanswered", description="What members asked that the FAQ could not answer")
    async def unanswered(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        groups = await asyncio.to_thread(unanswered_groups, self.bot.records, self.bot.engine)
        view = QueueView(self, groups, interaction.user.id) if groups else None
        message = await interaction.edit_original_response(
            embed=self.queue_embed(groups), view=view, allowed_mentions=render.NO_PINGS
        )
        if view is not None:
            view.message = message

    @faqmod.command(name="stats", description="Most asked entries, answer rate, open unanswered questions")
    async def stats_(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        figures = await asyncio.to_thread(stats, self.bot.records, self.bot.engine)
        faq = self.bot.engine.faq
        top = "\n".join(
            f"{count}× {render.truncate(faq.get(entry_id).question if faq.get(entry_id) else entry_id, 90)}"
            for entry_id, count in figures.top
        )
        embed = discord.Embed(title="FAQ statistics", colour=render.COLOUR_ANSWER)
        embed.add_field(name="Questions asked", value=str(figures.asked))
        embed.add_field(name="Answer rate", value=f"{figures.answer_rate:.0%}")
        embed.add_field(name="Open unanswered", value=str(figures.open_unanswered))
        embed.add_field(name="Most asked", value=top or "Nothing yet.", inline=False)
        await interaction.edit_original_response(embed=embed)


def _ids(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").replace(" ", ",").split(",") if part.strip()]


async def setup(bot: FAQBot) -> None:
    await bot.add_cog(Moderation(bot))
