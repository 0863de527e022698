"""The moderators' queue: what members asked that the FAQ could not answer, grouped by similarity."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.core.answer import Engine
from bot.core.faq import Entry
from bot.core.records import Records
from bot.core.text import normalize

SIMILAR = 80.0  # token_set_ratio at which two questions count as the same question


@dataclass
class Group:
    """Questions that ask the same thing; ``question`` is the first one asked, shown as the group's title."""

    question: str
    questions: list[str] = field(default_factory=list)
    reasons: set[str] = field(default_factory=set)
    nearest: Entry | None = None

    @property
    def count(self) -> int:
        return len(self.questions)


def unanswered_groups(records: Records, engine: Engine, limit: int = 25) -> list[Group]:
    """Declined and not-helpful questions, minus dismissed ones, grouped, most frequent first."""
    dismissed = records.dismissed()
    items: list[tuple[str, str]] = [(r.question, "declined") for r in records.unanswered()]
    items += [(f.question, "not helpful") for f in records.feedback() if not f.helpful]
    groups: list[tuple[str, Group]] = []
    for question, reason in items:
        if not question.strip() or question in dismissed:
            continue
        key = normalize(question)
        for seen, group in groups:
            if fuzz.token_set_ratio(key, seen) >= SIMILAR:
                group.questions.append(question)
                group.reasons.add(reason)
                break
        else:
            groups.append((key, Group(question, [question], {reason})))
    ranked = sorted((g for _, g in groups), key=lambda g: -g.count)[:limit]
    for group in ranked:
        best = engine.matcher.rank(group.question, limit=1)
        group.nearest = best[0].entry if best else None
    return ranked


@dataclass(frozen=True)
class Stats:
    asked: int
    answered: int
    top: list[tuple[str, int]]
    open_unanswered: int

    @property
    def answer_rate(self) -> float:
        return self.answered / self.asked if self.asked else 0.0


def stats(records: Records, engine: Engine) -> Stats:
    asks = records.asks()
    counts: dict[str, int] = {}
    for ask in asks:
        if ask.get("status") == "answered" and ask.get("entry"):
            counts[ask["entry"]] = counts.get(ask["entry"], 0) + 1
    top = sorted(counts.items(), key=lambda item: -item[1])[:5]
    answered = sum(1 for a in asks if a.get("status") == "answered")
    open_count = sum(g.count for g in unanswered_groups(records, engine, limit=1000))
    return Stats(len(asks), answered, top, open_count)
