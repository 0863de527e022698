"""The terminal front-end's renderer: an answer as plain text, shared by `faqbot ask` and `faqbot console`.

It says what the Discord embed says (the matched question, the short answer, the quotes with their paragraph
numbers, related questions, the confidence), wrapped for a terminal.
"""

from __future__ import annotations

import logging
import textwrap

from bot.core.answer import Answer, Status
from bot.core.article import ArticleMeta

log = logging.getLogger(__name__)

WIDTH = 100


def wrap(text: str, indent: str = "") -> str:
    """Fill text to the terminal width, every line starting with ``indent``."""
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def format_answer(answer: Answer, article: ArticleMeta) -> str:
    """The answer as a person reads it in a terminal: what the Discord embed says, in plain text."""
    lines: list[str] = []
    if answer.status is Status.ANSWERED and answer.entry is not None:
        lines.append(answer.entry.question)
        lines.append(wrap(answer.entry.answer))
        lines.append("")
        lines.append("From the article:")
        for citation in answer.citations:
            lines.append(wrap(f"“{citation.text}” (paragraph {citation.paragraph})", "  > "))
        if answer.related:
            lines.append("")
            lines.append("Related questions:")
            lines.extend(f"  - {e.question}" for e in answer.related)
        lines.append(f"(confidence {answer.score:.0%})")
    elif answer.status is Status.PARTIAL and answer.entry is not None:
        lines.append(
            wrap(f"The article doesn't say {answer.missing or 'that'}. What it says about “{answer.entry.question}”:")
        )
        for citation in answer.citations:
            lines.append(wrap(f"“{citation.text}” (paragraph {citation.paragraph})", "  > "))
    elif answer.status is Status.AMBIGUOUS:
        lines.append("That could mean more than one thing. Did you mean:")
        lines.extend(f"  - {s.entry.question}" for s in answer.suggestions)
    else:
        lines.append(decline_text(answer, article))
        if answer.suggestions:
            lines.append("The closest questions it does answer:")
            lines.extend(f"  - {s.entry.question}" for s in answer.suggestions)
    return "\n".join(lines)


def decline_text(answer: Answer, article: ArticleMeta) -> str:
    """What to say when the article does not answer (or nothing was asked)."""
    if not answer.question.strip():
        return f"Ask a question about {article.short_subject}."
    return f"The article doesn't say. I only answer from the article on {article.short_subject}."
