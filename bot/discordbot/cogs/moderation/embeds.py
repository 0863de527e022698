"""What moderators are shown: the diff to confirm, the unanswered queue, and the outcome of a save or a load."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.core.faq import Problem
from bot.core.queue import Group
from bot.core.service import Change, Outcome
from bot.core.store import Preview
from bot.discordbot import render


def problems_text(problems: Sequence[Problem], lead: str = "Not saved. Fix these and try again:") -> str:
    """List the problems that kept a change from being saved, within a message's limit."""
    return render.truncate(f"{lead}\n{render.problems_list(problems)}", render.CONTENT_LIMIT)


def change_text(change: Change) -> str:
    """Tell a moderator the outcome of a save or an undo."""
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
    if change.outcome is Outcome.PAUSED:
        return change.reason
    return f"Not saved: {change.reason}."


def diff_embed(title: str, preview: Preview) -> discord.Embed:
    """Show a proposed change as a diff to confirm."""
    body = "\n".join(preview.diff)
    embed = discord.Embed(
        title=render.truncate(title, render.TITLE_LIMIT),
        description=render.truncate(f"```diff\n{render.truncate(body, 3900)}\n```", render.DESCRIPTION_LIMIT),
        colour=render.COLOUR_CHOICE,
    )
    embed.set_footer(text="Nothing is saved until you confirm.")
    return embed


def queue_embed(groups: list[Group]) -> discord.Embed:
    """List the groups of unanswered questions, most frequent first."""
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
