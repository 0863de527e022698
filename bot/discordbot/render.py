"""One renderer from an answer to what Discord shows, within Discord's limits.

Text that came from a user is escaped (markdown and mentions) wherever it is echoed, and every message goes out
with no mentions allowed, so nothing the bot says can ping anyone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord

from bot.core.answer import Answer, Status
from bot.core.faq import FAQ, Entry, Problem

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions(everyone=False, users=False, roles=False, replied_user=False)
ARTICLE = "an opinion piece on the January 2024 Iran–Pakistan standoff"
SOURCE = "Source: opinion piece on the January 2024 Iran–Pakistan strikes"

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
CONTENT_LIMIT = 2000
LABEL_LIMIT = 80
CHOICE_LIMIT = 100

COLOUR_ANSWER = discord.Colour.blurple()
COLOUR_CHOICE = discord.Colour.gold()
COLOUR_DECLINE = discord.Colour.light_grey()

HELP_TEXT = (
    "I answer questions about " + ARTICLE + ", quoting the article with paragraph numbers.\n"
    "• Use `/ask` (with suggestions as you type), or mention me with your question.\n"
    "• In a DM, just type your question.\n"
    "• `/faq topics`, `/faq list` and `/faq show` browse everything I can answer; `/about` says where it comes from."
)


def truncate(text: str, limit: int) -> str:
    """Cut text to a limit, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def echo(text: str, limit: int) -> str:
    """User text made safe to show: markdown and mentions neutralised, whitespace collapsed, length bounded."""
    cleaned = " ".join(text.split())
    cleaned = discord.utils.escape_mentions(discord.utils.escape_markdown(cleaned))
    return truncate(cleaned, limit)


MAX_SHOWN_PROBLEMS = 8


def problems_list(problems: Sequence[Problem]) -> str:
    """Validation problems as a short bullet list (the first few; the file and line are for the log)."""
    lines = [f"• {truncate(str(p).split(': ', 1)[-1], 300)}" for p in problems[:MAX_SHOWN_PROBLEMS]]
    if len(problems) > MAX_SHOWN_PROBLEMS:
        lines.append(f"…and {len(problems) - MAX_SHOWN_PROBLEMS} more.")
    return "\n".join(lines)


def label(text: str) -> str:
    return truncate(" ".join(text.split()), LABEL_LIMIT)


def _asked(embed: discord.Embed, question: str, entry: Entry | None) -> None:
    if question.strip() and (entry is None or question.strip() != entry.question):
        # The author line does not render markdown or mentions: a safe place to echo the question.
        embed.set_author(name=truncate("You asked: " + " ".join(question.split()), AUTHOR_LIMIT))


def answer_embed(answer: Answer) -> discord.Embed:
    """The embed for any answer: the grounded answer, a 'did you mean', or an honest decline."""
    if answer.status is Status.ANSWERED and answer.entry is not None:
        embed = _answered(answer, answer.entry)
    elif answer.status is Status.AMBIGUOUS:
        embed = discord.Embed(
            title="Did you mean…",
            description="Your question could mean more than one thing. Pick the one you meant:\n"
            + "\n".join(f"• {s.entry.question}" for s in answer.suggestions),
            colour=COLOUR_CHOICE,
        )
    else:
        lines = ["The article doesn't say." if answer.question.strip() else "Ask me a question about the article."]
        lines.append(f"I only answer from {ARTICLE}, and nothing in it answers that.")
        if answer.suggestions:
            lines.append("\nThe closest questions it does answer:")
            lines.extend(f"• {s.entry.question}" for s in answer.suggestions)
        embed = discord.Embed(title="Not covered", description="\n".join(lines), colour=COLOUR_DECLINE)
    _asked(embed, answer.question, answer.entry if answer.answered else None)
    return fit(embed)


def _answered(answer: Answer, entry: Entry) -> discord.Embed:
    embed = discord.Embed(
        title=truncate(entry.question, TITLE_LIMIT),
        description=truncate(entry.answer, DESCRIPTION_LIMIT),
        colour=COLOUR_ANSWER,
    )
    for citation in answer.citations[:25]:
        quote = "> " + truncate(citation.text, FIELD_VALUE_LIMIT - 3).replace("\n", "\n> ")
        embed.add_field(name=f"Paragraph {citation.paragraph}", value=truncate(quote, FIELD_VALUE_LIMIT), inline=False)
    embed.set_footer(text=truncate(f"{SOURCE} · confidence {answer.score:.0%}", FOOTER_LIMIT))
    return embed


def entry_embed(entry: Entry, faq: FAQ) -> discord.Embed:
    """An entry shown on its own (``/faq show``): the same as its answer, plus its topic."""
    embed = _answered(Answer(entry.question, Status.ANSWERED, entry, 1.0, entry.citations), entry)
    topic = faq.topics.get(entry.topic)
    embed.set_footer(text=truncate(f"{SOURCE} · topic: {topic.title if topic else entry.topic}", FOOTER_LIMIT))
    return fit(embed)


def fit(embed: discord.Embed) -> discord.Embed:
    """Drop trailing fields, then shorten the description, until the embed is within Discord's 6,000 total."""
    while len(embed) > EMBED_TOTAL_LIMIT and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    overflow = len(embed) - EMBED_TOTAL_LIMIT
    if overflow > 0 and embed.description:
        embed.description = truncate(embed.description, max(1, len(embed.description) - overflow))
    return embed


def topics_embed(faq: FAQ) -> discord.Embed:
    embed = discord.Embed(title="Topics", colour=COLOUR_ANSWER, description=f"What I can answer about {ARTICLE}.")
    for topic in list(faq.topics.values())[:25]:
        count = len(faq.in_topic(topic.id))
        embed.add_field(
            name=truncate(f"{topic.title} ({count})", FIELD_NAME_LIMIT),
            value=truncate(topic.description or "—", FIELD_VALUE_LIMIT) + f"\n`/faq list topic:{topic.id}`",
            inline=False,
        )
    return fit(embed)


def about_embed(faq: FAQ) -> discord.Embed:
    quotes = sum(len(e.citations) for e in faq)
    embed = discord.Embed(
        title="About this bot",
        colour=COLOUR_ANSWER,
        description=(
            f"I answer questions about {ARTICLE} (written in late January 2024; its title and author are not "
            f"known). Every answer quotes the article verbatim, with paragraph numbers, and I say so when the "
            f"article doesn't answer a question.\n\n"
            f"I know {len(faq)} questions in {len(faq.topics)} topics, backed by {quotes} quotes from the "
            f"article's {len(faq.article.paragraphs)} paragraphs. The answers summarise the article's own "
            f"arguments: it is an opinion piece, not a neutral report."
        ),
    )
    embed.add_field(name="How to ask", value=truncate(HELP_TEXT, FIELD_VALUE_LIMIT), inline=False)
    return fit(embed)


# --- plain text, for channels where the bot may not embed (no Embed Links) -------------------------------------

QUOTE_TEXT_LIMIT = 600


def answer_text(answer: Answer) -> str:
    """An answer as plain text within 2,000 characters: the same reply, each quote a line with its paragraph."""
    if answer.status is not Status.ANSWERED or answer.entry is None:
        return embed_text(answer_embed(answer))
    head = [f"**{truncate(answer.entry.question, TITLE_LIMIT)}**", truncate(answer.entry.answer, 1000)]
    foot = f"-# {SOURCE} · confidence {answer.score:.0%}"
    quotes: list[str] = []
    for citation in answer.citations:
        quote = f"> “{truncate(' '.join(citation.text.split()), QUOTE_TEXT_LIMIT)}” (paragraph {citation.paragraph})"
        if len("\n".join([*head, *quotes, quote, foot])) > CONTENT_LIMIT:
            break
        quotes.append(quote)
    return truncate("\n".join([*head, *quotes, foot]), CONTENT_LIMIT)


def embed_text(embed: discord.Embed) -> str:
    """Any embed as plain text (title, description, fields, footer) within 2,000 characters."""
    parts = [f"**{embed.title}**"] if embed.title else []
    if embed.description:
        parts.append(embed.description)
    parts.extend(f"**{field.name}**\n{field.value}" for field in embed.fields)
    if embed.footer.text:
        parts.append(f"-# {embed.footer.text}")
    return truncate("\n".join(parts), CONTENT_LIMIT)
