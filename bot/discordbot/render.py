"""One renderer from an answer to what Discord shows, within Discord's limits.

Text that came from a user is escaped (markdown and mentions) wherever it is echoed, and every message goes out
with no mentions allowed, so nothing the bot says can ping anyone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord

from bot.core.answer import Answer, Status
from bot.core.article import ArticleMeta
from bot.core.faq import FAQ, Entry, Problem

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions(everyone=False, users=False, roles=False, replied_user=False)

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
COLOUR_PARTIAL = discord.Colour.orange()


def help_text(article: ArticleMeta) -> str:
    """How to ask, for DMs and `/about`."""
    return (
        f"I answer questions about {article.described}, quoting the article with paragraph numbers.\n"
        "• Use `/ask` (with suggestions as you type), or mention me with your question.\n"
        "• In a DM, just type your question.\n"
        "• `/faq topics`, `/faq list` and `/faq show` browse everything I can answer; `/about` says where it comes "
        "from."
    )


def source_line(article: ArticleMeta) -> str:
    """Where every answer comes from, for the footer under it."""
    return f"Source: {article.kind} on {article.short_subject}"


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
    """Text for a button label: one line, within Discord's 80 characters."""
    return truncate(" ".join(text.split()), LABEL_LIMIT)


def _asked(embed: discord.Embed, question: str, entry: Entry | None) -> None:
    if question.strip() and (entry is None or question.strip() != entry.question):
        # The author line does not render markdown or mentions: a safe place to echo the question.
        embed.set_author(name=truncate("You asked: " + " ".join(question.split()), AUTHOR_LIMIT))


def answer_embed(answer: Answer, article: ArticleMeta) -> discord.Embed:
    """The embed for any answer: the grounded answer, a 'did you mean', or an honest decline."""
    if answer.status is Status.ANSWERED and answer.entry is not None:
        embed = _answered(answer, answer.entry, article)
    elif answer.status is Status.PARTIAL and answer.entry is not None:
        embed = _partial(answer, answer.entry, article)
    elif answer.status is Status.AMBIGUOUS:
        embed = discord.Embed(
            title="Did you mean…",
            description="Your question could mean more than one thing. Pick the one you meant:\n"
            + "\n".join(f"• {s.entry.question}" for s in answer.suggestions),
            colour=COLOUR_CHOICE,
        )
    else:
        lines = ["The article doesn't say." if answer.question.strip() else "Ask me a question about the article."]
        lines.append(f"I only answer from {article.described}, and nothing in it answers that.")
        if answer.suggestions:
            lines.append("\nThe closest questions it does answer:")
            lines.extend(f"• {s.entry.question}" for s in answer.suggestions)
        embed = discord.Embed(title="Not covered", description="\n".join(lines), colour=COLOUR_DECLINE)
    _asked(embed, answer.question, answer.entry if answer.answered else None)
    return fit(embed)


def _partial(answer: Answer, entry: Entry, article: ArticleMeta) -> discord.Embed:
    """Not an answer: the article mentions the subject but not what was asked; show what it does say."""
    embed = discord.Embed(
        title="The article doesn't say",
        description=truncate(
            f"The article doesn't say {answer.missing or 'that'}. What it says about “{entry.question}”:",
            DESCRIPTION_LIMIT,
        ),
        colour=COLOUR_PARTIAL,
    )
    _quote_fields(embed, answer)
    embed.set_footer(text=truncate(source_line(article), FOOTER_LIMIT))
    return embed


def _answered(answer: Answer, entry: Entry, article: ArticleMeta) -> discord.Embed:
    embed = discord.Embed(
        title=truncate(entry.question, TITLE_LIMIT),
        description=truncate(entry.answer, DESCRIPTION_LIMIT),
        colour=COLOUR_ANSWER,
    )
    _quote_fields(embed, answer)
    embed.set_footer(text=truncate(f"{source_line(article)} · confidence {answer.score:.0%}", FOOTER_LIMIT))
    return embed


def _quote_fields(embed: discord.Embed, answer: Answer) -> None:
    for citation in answer.citations[:25]:
        quote = "> " + truncate(citation.text, FIELD_VALUE_LIMIT - 3).replace("\n", "\n> ")
        embed.add_field(name=f"Paragraph {citation.paragraph}", value=truncate(quote, FIELD_VALUE_LIMIT), inline=False)


def entry_embed(entry: Entry, faq: FAQ) -> discord.Embed:
    """An entry shown on its own (``/faq show``): the same as its answer, plus its topic."""
    article = faq.article.meta
    embed = _answered(Answer(entry.question, Status.ANSWERED, entry, 1.0, entry.citations), entry, article)
    topic = faq.topics.get(entry.topic)
    footer = f"{source_line(article)} · topic: {topic.title if topic else entry.topic}"
    embed.set_footer(text=truncate(footer, FOOTER_LIMIT))
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
    """The FAQ's topics with their sizes (`/faq topics`)."""
    embed = discord.Embed(
        title="Topics", colour=COLOUR_ANSWER, description=f"What I can answer about {faq.article.meta.described}."
    )
    for topic in list(faq.topics.values())[:25]:
        count = len(faq.in_topic(topic.id))
        embed.add_field(
            name=truncate(f"{topic.title} ({count})", FIELD_NAME_LIMIT),
            value=truncate(topic.description or "—", FIELD_VALUE_LIMIT) + f"\n`/faq list topic:{topic.id}`",
            inline=False,
        )
    return fit(embed)


def about_embed(faq: FAQ) -> discord.Embed:
    """What the bot knows and where it comes from (`/about`), all from the article's metadata and the FAQ."""
    article = faq.article.meta
    quotes = sum(len(e.citations) for e in faq)
    embed = discord.Embed(
        title="About this bot",
        colour=COLOUR_ANSWER,
        description=(
            f"I answer questions about {_piece(article)}. Every answer quotes the article verbatim, with "
            f"paragraph numbers, and I say so when the article doesn't answer a question.\n\n"
            f"I know {len(faq)} questions in {len(faq.topics)} topics, backed by {quotes} quotes from the "
            f"article's {len(faq.article.paragraphs)} paragraphs. The answers summarise the article's own "
            f"arguments: it is {article.a_kind}, not a neutral report."
        ),
    )
    embed.add_field(name="How to ask", value=truncate(help_text(article), FIELD_VALUE_LIMIT), inline=False)
    return fit(embed)


def _piece(article: ArticleMeta) -> str:
    """The article named as fully as it is known: “Title” by Author, an essay on … (written in …; its … is not
    known)."""
    if article.title:
        named = f"“{article.title}”" + (f" by {article.author}" if article.author else "")
        piece = f"{named}, {article.a_kind} on {article.subject}"
    else:
        piece = article.a_kind + (f" by {article.author}" if article.author else "") + f" on {article.subject}"
    notes = [f"written in {article.date}"] if article.date else []
    if article.unknown:
        names = article.unknown
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        notes.append(f"its {listed} {'is' if len(names) == 1 else 'are'} not known")
    return piece + (f" ({'; '.join(notes)})" if notes else "")


# --- plain text, for channels where the bot may not embed (no Embed Links) -------------------------------------

QUOTE_TEXT_LIMIT = 600


def answer_text(answer: Answer, article: ArticleMeta) -> str:
    """An answer as plain text within 2,000 characters: the same reply, each quote a line with its paragraph."""
    if answer.status is not Status.ANSWERED or answer.entry is None:
        return embed_text(answer_embed(answer, article))
    head = [f"**{truncate(answer.entry.question, TITLE_LIMIT)}**", truncate(answer.entry.answer, 1000)]
    foot = f"-# {source_line(article)} · confidence {answer.score:.0%}"
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
