"""`/faqmod`: moderators keep the FAQ right from Discord. Every change is validated with the loader's rules,
shown as a diff, and saved only when the moderator confirms."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answer import Engine
from bot.core.faq import Entry, FAQError, parse_faq
from bot.core.queue import stats, unanswered_groups
from bot.core.records import Records
from bot.core.service import Change, FAQService, Outcome
from bot.core.store import (
    MAX_IMPORT_BYTES,
    ConflictError,
    Edit,
    NothingToUndo,
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

    @property
    def engine(self) -> Engine:
        """Return what members are answered from (the service swaps the index inside it)."""
        return self.service.engine

    # --- who may edit ---

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Refuse every `/faqmod` command to anyone who may not edit the FAQ."""
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
    async def synonym_add(self, interaction: discord.Interaction[Any], word: str, means: str) -> None:
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
    async def synonym_remove(self, interaction: discord.Interaction[Any], word: str) -> None:
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
        last = preview.undoes
        title = f"Undo: {last.summary}?" if last else "Undo the last change?"
        await self.confirm_then(
            interaction,
            diff_embed(title, preview),
            lambda user_id, guild_id: service.undo(expected=preview.revision, user_id=user_id, guild_id=guild_id),
            refused="Not undone",
        )

    @faqmod.command(name="export", description="Download the current FAQ as YAML")
    async def export(self, interaction: discord.Interaction[Any]) -> None:
        """Attach the current FAQ as YAML."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        service = self.service
        faq = service.faq
        text = await asyncio.to_thread(service.export)
        await interaction.edit_original_response(
            content=f"The FAQ: {len(faq)} entries.",
            attachments=[discord.File(io.BytesIO(text.encode()), filename="faq.yaml")],
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
        view = QueueView(self, groups, interaction.user.id) if groups else None
        message = await interaction.edit_original_response(
            embed=queue_embed(groups), view=view, allowed_mentions=render.NO_PINGS
        )
        if view is not None:
            view.message = message

    @faqmod.command(name="stats", description="Most asked entries, answer rate, open unanswered questions")
    async def stats_(self, interaction: discord.Interaction[Any]) -> None:
        """Show the most asked entries, the answer rate and the open unanswered questions."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        figures = await asyncio.to_thread(stats, self.records, self.engine)
        faq = self.engine.faq
        top = "\n".join(
            f"{count}× {render.truncate(found.question if (found := faq.get(entry_id)) else entry_id, 90)}"
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
