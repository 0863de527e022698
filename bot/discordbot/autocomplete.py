"""Suggestions for topic and entry options, shared by `/faq` and `/faqmod`, within Discord's limits (at most 25
choices, names of at most 100 characters)."""

from __future__ import annotations

from discord import app_commands

from bot.core.answer import Engine
from bot.core.faq import FAQ
from bot.discordbot import render

MAX_CHOICES = 25  # Discord's limit on autocomplete choices


def topic_choices(faq: FAQ, current: str) -> list[app_commands.Choice[str]]:
    """Offer the topics whose id or title contains what was typed, ignoring case."""
    typed = current.lower()
    return [
        app_commands.Choice(name=render.truncate(f"{t.title} ({t.id})", render.CHOICE_LIMIT), value=t.id)
        for t in faq.topics.values()
        if typed in t.id.lower() or typed in t.title.lower()
    ][:MAX_CHOICES]


def entry_choices(engine: Engine, current: str, *, with_id: bool = False) -> list[app_commands.Choice[str]]:
    """Offer the entries closest to what was typed, named by their question (prefixed by their id for moderators)."""
    return [
        app_commands.Choice(
            name=render.truncate(f"{e.id}: {e.question}" if with_id else e.question, render.CHOICE_LIMIT), value=e.id
        )
        for e in engine.matcher.complete(current, limit=MAX_CHOICES)
    ]
