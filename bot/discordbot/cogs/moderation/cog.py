"""`/faqmod`: moderators keep the FAQ right from Discord. Every change is validated with the loader's rules,
shown as a diff, and saved only when the moderator confirms."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answer import Engine
from bot.core.chart import stats_png
from bot.core.faq import MAX_SYNONYM_TERMS, MAX_SYNONYM_WORD, Entry, FAQError, parse_faq
from bot.core.insight import FORMATS, KINDS, LABELS, STATUSES, declined_notes, export_records, stats
from bot.core.queue import unanswered_groups
from bot.core.records import Records
from bot.core.service import Change, FAQService, Outcome
from bot.core.storage import StorageError
from bot.core.store import (
    MAX_IMPORT_BYTES,
    ConflictError,
    Edit,
    NothingToUndo,
    SavingPaused,
    add_alias,
    entry_version,
    remove_entry,
    replace_all,
    set_synonym,
)
from bot.core.text import normalize
from bot.discordbot import autocomplete, guilds, render
from bot.discordbot.cogs.moderation.embeds import change_text, diff_embed, problems_text, queue_embed
from bot.discordbot.cogs.moderation.views import FORM_FIELD_LIMIT, ConfirmView, EntryModal, QueueView, slug
from bot.discordbot.errors import Refused

if TYPE_CHECKING:
    from bot.discordbot.client import FAQBot

log = logging.getLogger(__name__)

STATS_PNG = "faq-stats.png"


class _AutoAnswerChannel(app_commands.Transformer):
    """A text or forum channel option, taken as Discord resolved it (no cache needed: a server in an outage has
    no channels cached)."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.forum]

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> Any:
        return value


class Moderation(commands.Cog):
    """Serve `/faqmod`: moderators add, edit, remove, import, undo and triage, each change confirmed."""

    faqmod = app_commands.Group(
        name="faqmod",
        description="Moderators: keep the FAQ right",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    synonym = app_commands.Group(
        name="synonym",
        description="Words members use that the FAQ doesn't (read on top of vocabulary.yaml)",
        parent=faqmod,
    )

    def __init__(self, bot: FAQBot, service: FAQService, records: Records) -> None:
        self.bot = bot  # the owner check, the settings (read on every use) and the moderators' log channel
        self.service = service
        self.records = records
        self._notes_task: asyncio.Task[None] | None = None
        self._notes_again = False

    async def cog_load(self) -> None:
        """Watch for declined questions that keep coming back."""
        self.records.on_unanswered.append(self._declined_kept)

    async def cog_unload(self) -> None:
        """Stop watching; a check under way is cancelled."""
        if self._declined_kept in self.records.on_unanswered:
            self.records.on_unanswered.remove(self._declined_kept)
        if self._notes_task is not None:
            self._notes_task.cancel()

    # --- the note about a declined question that comes back ---

    def _declined_kept(self) -> None:
        """A declined question was kept (on any thread): check the day's groups on the loop, soon."""
        try:
            self.bot.loop.call_soon_threadsafe(self._check_declined_soon)
        except (AttributeError, RuntimeError):  # not logged in yet, or the loop is closed: no one to tell
            return

    def _check_declined_soon(self) -> None:
        settings = self.bot.settings
        if settings.declined_note_count <= 0 or not settings.mod_log_channel_id:
            return
        if self._notes_task is not None and not self._notes_task.done():
            self._notes_again = True  # the check under way runs once more when it ends: checks never pile up
            return
        self._notes_task = asyncio.get_running_loop().create_task(self._check_declined())

    async def _check_declined(self) -> None:
        """Post a note to the moderators' log for each group of declined questions that reached the setting's
        count today and was not noted yet (the storage remembers, across restarts and processes)."""
        self._notes_again = True
        while self._notes_again:
            self._notes_again = False
            threshold = self.bot.settings.declined_note_count
            try:
                notes = await asyncio.to_thread(declined_notes, self.records, self.engine.matcher.vocabulary, threshold)
            except StorageError as error:
                log.warning("Could not check for declined questions asked again: %s", error)
                return
            except Exception:  # a task nobody awaits: say it here, or the error is only seen at shutdown
                log.exception("Checking for declined questions asked again failed")
                return
            for note in notes:
                others = len(set(note.questions)) - 1
                also = f" (and {others} other wording{'s' if others != 1 else ''})" if others > 0 else ""
                await self.bot.post_mod_log(
                    f"Asked {note.count} times today and declined: “{render.echo(note.question, 300)}”{also}. "
                    "Add it to the FAQ or dismiss it with `/faqmod unanswered`."
                )

    @property
    def engine(self) -> Engine:
        """Return what members are answered from (the service swaps the index inside it)."""
        return self.service.engine

    # --- who may edit ---

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Refuse every `/faqmod` command to anyone who may not edit the FAQ (`autoanswer` checks who may moderate
        the channel it changes itself, once it knows which)."""
        if interaction.command is not None and interaction.command.qualified_name == "faqmod autoanswer":
            return True
        await self.check_moderator(interaction)
        return True

    async def check_moderator(self, interaction: discord.Interaction[Any]) -> None:
        """Raise Refused, with the reason, unless this member may edit the FAQ.

        Owner anywhere; in home servers, members with the moderator role or Manage Server. Checked on every
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
        """Make ``data``'s id unique in the FAQ by numbering it (slug-2, slug-3, …)."""
        base, number = data["id"], 2
        while self.engine.faq.get(data["id"]) is not None:
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
        """Show a change as a diff and save exactly what was shown when the moderator confirms.

        Acknowledge, validate off the loop, show the diff with Confirm; on Confirm save exactly what was shown
        (an entry edit checks the entry's version, a whole-FAQ change the revision), then run ``after``."""
        if not interaction.response.is_done():
            await interaction.response.defer(ephemeral=True, thinking=True)
        service = self.service
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
        await self.confirm_then(
            interaction,
            diff_embed(title, preview),
            lambda user_id, guild_id: service.save(edit, user_id=user_id, guild_id=guild_id),
            after=after,
        )

    async def confirm_then(
        self,
        interaction: discord.Interaction[Any],
        embed: discord.Embed,
        apply: Callable[[int, int | None], Change],
        *,
        after: Callable[[], None] | None = None,
        refused: str = "Not saved",
    ) -> None:
        """Ask to confirm; on Confirm run ``apply`` (user id, server id) off the loop, then ``after`` if it
        changed the FAQ, log it, and put the outcome in place of the buttons (``refused`` leads a refusal)."""
        view = await self.ask_to_confirm(interaction, embed)
        if view is None:
            return
        try:
            confirmation = view.confirmed
            assert confirmation is not None
            change = await asyncio.to_thread(apply, confirmation.user.id, confirmation.guild_id)
            if change.ok:
                if after is not None:
                    await asyncio.to_thread(after)
                await self.bot.post_mod_log(f"{confirmation.user.mention} ({confirmation.user.id}): {change.summary}")
            text = change_text(change)
            if not change.ok:
                text = text.replace("Not saved", refused, 1)
            await confirmation.edit_original_response(content=text, embed=None, view=None)
        finally:
            view.stop()  # the outcome replaced the buttons (or failed to): no more clicks to answer

    async def ask_to_confirm(self, interaction: discord.Interaction[Any], embed: discord.Embed) -> ConfirmView | None:
        """Show ``embed`` with Confirm / Cancel on the (deferred) reply and wait for the decision.

        Returns the view once Confirm was pressed
        (``confirmed`` is the click, to report the outcome on; stop the view after), or None when cancelled or timed
        out."""
        view = ConfirmView(self, interaction.user.id)
        view.expire_with(interaction, within=ConfirmView.WINDOW)  # the reply is edited through this token
        view.message = await interaction.edit_original_response(embed=embed, view=view)
        return view if await view.decision() is not None else None

    # --- autocomplete ---

    async def entry_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest entries by question, with their ids."""
        return autocomplete.entry_choices(self.engine, current, with_id=True)

    async def topic_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest topics by id or title."""
        return autocomplete.topic_choices(self.engine.faq, current)

    def _entry(self, entry_id: str) -> Entry:
        entry = self.engine.faq.get(entry_id.strip())
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
        """Open the form for a new entry."""
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
        """Open the form filled in with an entry, unless Discord's form cannot hold all of it."""
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
        """Propose an alternate phrasing for an entry."""
        found = self._entry(entry)
        await self.propose(interaction, add_alias(found.id, phrasing), f"Add a phrasing to `{found.id}`?")

    @synonym.command(name="add", description="Make a word members use read like the FAQ's word (asks to confirm)")
    @app_commands.describe(word="The word members type (e.g. kerfuffle)", means="The FAQ's word for it (e.g. standoff)")
    async def synonym_add(
        self,
        interaction: discord.Interaction[Any],
        word: app_commands.Range[str, 1, MAX_SYNONYM_WORD],
        means: app_commands.Range[str, 1, MAX_SYNONYM_TERMS],
    ) -> None:
        """Propose a synonym: questions with ``word`` are then matched as if they said ``means``."""
        typed, meaning = normalize(word), normalize(means)
        if not typed or " " in typed:
            raise Refused(
                "Give one word for `word` (a phrase can't be a synonym; add it as a phrasing with /faqmod alias)."
            )
        if not meaning:
            raise Refused("Give the FAQ's word(s) for it in `means`, e.g. `standoff`.")
        await self.propose(
            interaction,
            set_synonym(typed, meaning),
            f"Read “{render.echo(typed, 40)}” as “{render.echo(meaning, 60)}”?",
        )

    @synonym.command(name="remove", description="Forget a synonym moderators added (asks to confirm)")
    @app_commands.describe(word="The word")
    async def synonym_remove(
        self, interaction: discord.Interaction[Any], word: app_commands.Range[str, 1, MAX_SYNONYM_WORD]
    ) -> None:
        """Propose forgetting one of the FAQ's synonyms."""
        typed = normalize(word)
        if typed not in self.engine.faq.synonyms:
            raise Refused(f"`{render.echo(word, 40)}` is not a synonym moderators added. See `/faqmod synonym list`.")
        await self.propose(interaction, set_synonym(typed, None), f"Forget the synonym “{render.echo(typed, 40)}”?")

    @synonym_remove.autocomplete("word")
    async def synonym_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest the FAQ's synonyms."""
        typed = normalize(current)
        words = [w for w in sorted(self.engine.faq.synonyms) if w.startswith(typed)]
        return [
            app_commands.Choice(name=render.echo(f"{w} → {' '.join(self.engine.faq.synonyms[w])}", 100), value=w)
            for w in words[:25]
        ]

    @synonym.command(name="list", description="The synonyms moderators added")
    async def synonym_list(self, interaction: discord.Interaction[Any]) -> None:
        """List the FAQ's synonyms (vocabulary.yaml's own are edited in the file)."""
        synonyms = self.engine.faq.synonyms
        lines = [f"`{word}` → {' '.join(terms)}" for word, terms in sorted(synonyms.items())]
        embed = discord.Embed(
            title=f"Synonyms moderators added ({len(lines)})",
            description="\n".join(lines) or "None yet. Add one with `/faqmod synonym add`.",
            colour=render.COLOUR_ANSWER,
        )
        embed.set_footer(text="The built-in vocabulary is knowledge/vocabulary.yaml, edited in the file.")
        await interaction.response.send_message(
            embed=render.fit(embed), ephemeral=True, allowed_mentions=render.NO_PINGS
        )

    @faqmod.command(name="remove", description="Remove an entry (asks to confirm)")
    @app_commands.describe(entry="The entry to remove")
    @app_commands.autocomplete(entry=entry_autocomplete)
    async def remove(self, interaction: discord.Interaction[Any], entry: str) -> None:
        """Propose removing an entry."""
        found = self._entry(entry)
        await self.propose(interaction, remove_entry(found.id, entry_version(found)), f"Remove `{found.id}`?")

    @faqmod.command(name="reload", description="Re-read the FAQ file from disk")
    async def reload(self, interaction: discord.Interaction[Any]) -> None:
        """Re-read the FAQ file from disk and serve it if it is valid."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        change = await asyncio.to_thread(self.service.reload)
        if change.outcome is Outcome.INVALID:
            lead = "The file on disk has problems; still serving the previous FAQ. Fix these and try again:"
            await interaction.edit_original_response(content=problems_text(change.problems, lead))
            return
        if change.outcome is Outcome.PAUSED:
            await interaction.edit_original_response(content=change.reason)
            return
        assert change.faq is not None
        await interaction.edit_original_response(content=f"Reloaded: {len(change.faq)} entries.")

    @faqmod.command(name="history", description="Recent changes (who, when, what)")
    @app_commands.describe(entry="Only changes to this entry")
    @app_commands.autocomplete(entry=entry_autocomplete)
    async def history(self, interaction: discord.Interaction[Any], entry: str | None = None) -> None:
        """Show recent changes, optionally to one entry."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        records = await asyncio.to_thread(self.service.history, entry, 15)
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
        """Propose reverting the last change, and revert it on Confirm."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        service = self.service
        try:
            preview = await asyncio.to_thread(service.undo_preview)
        except NothingToUndo:
            await interaction.edit_original_response(content="Nothing to undo.")
            return
        except SavingPaused as paused:
            await interaction.edit_original_response(content=str(paused))
            return
        last = preview.undoes
        title = f"Undo: {last.summary}?" if last else "Undo the last change?"
        await self.confirm_then(
            interaction,
            diff_embed(title, preview),
            lambda user_id, guild_id: service.undo(expected=preview.revision, user_id=user_id, guild_id=guild_id),
            refused="Not undone",
        )

    @faqmod.command(name="export", description="Download the FAQ as YAML, or what members asked as CSV or JSON")
    @app_commands.describe(
        what="The FAQ (default), or records of what members did",
        format="For records: CSV (default) or JSON",
        days="For records: the last this many days, today included (default 30; 0: everything kept)",
    )
    @app_commands.choices(
        what=[
            app_commands.Choice(name="the FAQ (faq.yaml)", value="faq"),
            app_commands.Choice(name="asks, unanswered questions and feedback", value="records"),
            app_commands.Choice(name="asks: every question's outcome", value="asks"),
            app_commands.Choice(name="unanswered: declined questions, as asked", value="unanswered"),
            app_commands.Choice(name="feedback: helpful / not helpful votes", value="feedback"),
        ],
        format=[app_commands.Choice(name=name.upper(), value=name) for name in FORMATS],
    )
    async def export(
        self,
        interaction: discord.Interaction[Any],
        what: str = "faq",
        format: str = "csv",
        days: app_commands.Range[int, 0, 3660] = 30,
    ) -> None:
        """Attach the current FAQ as YAML, or the records of a time window as CSV or JSON."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        if what != "faq":
            await self.export_records(interaction, list(KINDS) if what == "records" else [what], format, days)
            return
        service = self.service
        faq = service.faq
        text = await asyncio.to_thread(service.export)
        await interaction.edit_original_response(
            content=f"The FAQ: {len(faq)} entries.",
            attachments=[discord.File(io.BytesIO(text.encode()), filename="faq.yaml")],
        )

    async def export_records(
        self, interaction: discord.Interaction[Any], kinds: list[str], fmt: str, days: int
    ) -> None:
        """Attach the records of the window, one file per kind, within Discord's attachment size limit."""
        limit = interaction.filesize_limit
        try:
            files = await asyncio.to_thread(export_records, self.records, kinds, fmt, days, limit=limit)
        except StorageError as error:
            await interaction.edit_original_response(content=f"The database is unreachable: {error}. Try later.")
            return
        window = f"the last {days} day{'s' if days != 1 else ''} (UTC)" if days else "everything kept"
        counts = ", ".join(f"{f.rows} {f.name.split('.')[0]}" for f in files)
        text = f"Records from {window}, as {fmt.upper()}: {counts}."
        trimmed = [f for f in files if f.trimmed]
        if trimmed:
            left_out = ", ".join(f"{f.total - f.rows} of {f.total} {f.name.split('.')[0]}" for f in trimmed)
            text += (
                f"\nTrimmed to fit Discord's attachment limit ({limit / 1024 / 1024:.0f} MB): the oldest rows were "
                f"left out ({left_out}). Ask for fewer days, or use `faqbot export-records` on the bot's machine."
            )
        await interaction.edit_original_response(
            content=text, attachments=[discord.File(io.BytesIO(f.data), filename=f.name) for f in files]
        )

    @faqmod.command(name="import", description="Replace the FAQ with an uploaded YAML file (asks to confirm)")
    @app_commands.describe(file="A faq.yaml, as exported (at most 256 KB)")
    async def import_(self, interaction: discord.Interaction[Any], file: discord.Attachment) -> None:
        """Validate an uploaded FAQ file and propose replacing the FAQ with it."""
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
            faq = await asyncio.to_thread(parse_faq, text, source=file.filename, article=self.engine.faq.article)
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

    @faqmod.command(name="unanswered", description="What members asked that the FAQ could not answer")
    async def unanswered(self, interaction: discord.Interaction[Any]) -> None:
        """Show what members asked that the FAQ could not answer, with the queue's actions."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        groups = await asyncio.to_thread(unanswered_groups, self.records, self.engine)
        view = QueueView(self, groups, interaction.user.id).expire_with(interaction) if groups else None
        message = await interaction.edit_original_response(
            embed=queue_embed(groups), view=view, allowed_mentions=render.NO_PINGS
        )
        if view is not None:
            view.message = message

    @faqmod.command(name="stats", description="Questions per day, answer rates, most asked entries, with a chart")
    @app_commands.describe(days="The last this many days, today included (default 30)")
    async def stats_(self, interaction: discord.Interaction[Any], days: app_commands.Range[int, 1, 366] = 30) -> None:
        """Show questions per day, how they were answered and the most asked entries, as figures and a chart."""
        await interaction.response.defer(ephemeral=True, thinking=True)

        def work() -> tuple[Any, bytes]:  # counted by the database, drawn by Pillow: both off the loop
            figures = stats(self.records, self.engine, days)
            return figures, stats_png(figures)

        try:
            figures, png = await asyncio.to_thread(work)
        except StorageError as error:
            await interaction.edit_original_response(content=f"The database is unreachable: {error}. Try later.")
            return
        faq = self.engine.faq
        top = "\n".join(
            f"{count}× {render.truncate(found.question if (found := faq.get(entry_id)) else entry_id, 90)}"
            for entry_id, count in figures.top
        )
        plural = "s" if days != 1 else ""
        embed = discord.Embed(title=f"FAQ statistics: the last {days} day{plural} (UTC)", colour=render.COLOUR_ANSWER)
        embed.add_field(name="Questions asked", value=str(figures.asked))
        embed.add_field(name="Answer rate", value=f"{figures.answer_rate:.0%}")
        embed.add_field(name="Open unanswered", value=str(figures.open_unanswered))
        embed.add_field(
            name="Outcomes",
            value=" · ".join(
                f"{LABELS[status]} {figures.totals[status]} ({figures.rate(status):.0%})" for status in STATUSES
            ),
            inline=False,
        )
        busiest = max(figures.daily, key=lambda day: day.total)
        if busiest.total:
            embed.add_field(name="Busiest day", value=f"{busiest.day.isoformat()}: {busiest.total}", inline=False)
        embed.add_field(name="Most asked", value=top or "Nothing yet.", inline=False)
        embed.set_image(url=f"attachment://{STATS_PNG}")
        await interaction.edit_original_response(
            embed=embed, attachments=[discord.File(io.BytesIO(png), filename=STATS_PNG)]
        )

    @faqmod.command(name="autoanswer", description="Answer questions in a channel without being asked (on, off, list)")
    @app_commands.describe(
        action="on: answer questions posted in the channel; off: stop; list: where it is on",
        channel="A text or forum channel (default: this one)",
    )
    async def autoanswer(
        self,
        interaction: discord.Interaction[Any],
        action: Literal["on", "off", "list"],
        channel: app_commands.Transform[app_commands.AppCommandChannel, _AutoAnswerChannel] | None = None,
    ) -> None:
        """Turn auto-answer on or off in a channel, or list where it is on; audited and told to the mod log."""
        assert interaction.guild_id is not None  # the group is guild-only
        # Manage Channels in the channel it changes (as Discord resolved it for this member there, not where they
        # typed), Manage Server, the moderator role, or the owner.
        where = channel.permissions if channel is not None and action != "list" else None
        if not await guilds.moderates(self.bot, interaction, guilds.MODERATE_CHANNELS, where=where):
            raise Refused("Only moderators can change where I answer on my own.")
        channels = self.bot.channels
        if action == "list":
            enabled = channels.channels(interaction.guild_id)
            text = (
                "Auto-answer is on in " + ", ".join(f"<#{c}>" for c in enabled) + "."
                if enabled
                else "Auto-answer is off in every channel here. Turn it on with `/faqmod autoanswer on`."
            )
            if enabled and not self.bot.settings.message_content:
                text += "\n" + NEEDS_MESSAGE_CONTENT_NOW
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=render.NO_PINGS)
            return
        target_id, kind = _target(interaction, channel)
        if kind not in AUTOANSWER_CHANNEL_TYPES:
            raise Refused("Auto-answer works in text and forum channels: pick one with the `channel` option.")
        on = action == "on"
        if on and not self.bot.settings.message_content:
            raise Refused(NEEDS_MESSAGE_CONTENT)
        await interaction.response.defer(ephemeral=True, thinking=True)
        user = interaction.user
        try:
            changed = await asyncio.to_thread(
                channels.set, interaction.guild_id, target_id, on, user_id=user.id, where=f"<#{target_id}>"
            )
        except StorageError as error:
            log.warning("Could not save auto-answer %s in channel %s: %s", action, target_id, error)
            await interaction.edit_original_response(
                content="Not saved: the database is unreachable right now. Try again in a minute."
            )
            return
        if not changed:
            text = f"Auto-answer was already {action} in <#{target_id}>."
        elif on:
            text = (
                f"Auto-answer is on in <#{target_id}>: questions posted there (and the first post of each new "
                "thread) get an answer when the FAQ answers them with high confidence; nothing else is answered."
            )
        else:
            text = f"Auto-answer is off in <#{target_id}>."
        if changed:
            await self.bot.post_mod_log(f"{user.mention} ({user.id}): auto-answer {action} in <#{target_id}>")
        await interaction.edit_original_response(content=text, allowed_mentions=render.NO_PINGS)


AUTOANSWER_CHANNEL_TYPES = (discord.ChannelType.text, discord.ChannelType.forum)
NEEDS_MESSAGE_CONTENT = (
    "Auto-answer needs the Message Content intent: without it Discord shows me only messages that mention me. "
    "Ask the bot's operator to enable it in the Developer Portal (Bot > Privileged Gateway Intents > Message "
    "Content Intent), set `FAQBOT_MESSAGE_CONTENT=true` and restart the bot; then turn auto-answer on again."
)
NEEDS_MESSAGE_CONTENT_NOW = (
    "It answers nothing at the moment: the Message Content intent is off (`FAQBOT_MESSAGE_CONTENT`)."
)


def _target(
    interaction: discord.Interaction[Any], channel: app_commands.AppCommandChannel | None
) -> tuple[int, discord.ChannelType | None]:
    """The channel a moderator means (the option, else where they typed) and its type."""
    if channel is not None:
        return channel.id, channel.type
    here = interaction.channel
    return (interaction.channel_id or 0), getattr(here, "type", None)


def _ids(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").replace(" ", ",").split(",") if part.strip()]
