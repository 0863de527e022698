"""The answer as data: what every front-end (Discord, console, JSON) renders in its own way."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import partial
from typing import Any

from bot.core.article import Citation
from bot.core.faq import FAQ, Entry
from bot.core.gaps import MISSING, NOT_OPEN, Asks, Gaps, asks_for
from bot.core.matcher import MAX_QUESTION_CHARS, Matcher, Scored, Thresholds
from bot.core.text import question_parts
from bot.core.vocabulary import Vocabulary

log = logging.getLogger(__name__)

MAX_SUGGESTIONS = 3

IndexBuilder = Callable[[FAQ, Vocabulary], Matcher]


class Status(StrEnum):
    ANSWERED = "answered"
    AMBIGUOUS = "ambiguous"
    PARTIAL = "partial"  # the article talks about this but does not give what was asked: not an answer
    NOT_COVERED = "not_covered"


@dataclass(frozen=True, slots=True)
class Suggestion:
    entry: Entry
    score: float


@dataclass(frozen=True, slots=True)
class Answer:
    """The outcome for one question. ``suggestions`` are "did you mean" options when ambiguous and nearest
    entries when not covered; they are never the answer."""

    question: str
    status: Status
    entry: Entry | None = None
    score: float = 0.0
    citations: tuple[Citation, ...] = ()
    related: tuple[Entry, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    missing: str | None = None  # for a partial answer: what the article doesn't say ("that number")

    @property
    def answered(self) -> bool:
        return self.status is Status.ANSWERED

    @property
    def text(self) -> str | None:
        """The short answer; None unless answered (a partial answer shows quotes, never the entry's answer)."""
        return self.entry.answer if self.entry and self.answered else None

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape documented in the README (``faqbot ask --json``)."""
        return {
            "question": self.question,
            "answered": self.answered,
            "status": str(self.status),
            "entry": self.entry.id if self.entry else None,
            "matched_question": self.entry.question if self.entry else None,
            "topic": self.entry.topic if self.entry else None,
            "answer": self.text,
            "score": round(self.score, 4),
            "citations": [{"quote": c.text, "paragraph": c.paragraph} for c in self.citations],
            "related": [{"id": e.id, "question": e.question} for e in self.related],
            "suggestions": [
                {"id": s.entry.id, "question": s.entry.question, "score": round(s.score, 4)} for s in self.suggestions
            ],
            "missing": self.missing,
        }


class Engine:
    """Answers from one FAQ index at a time. ``install`` swaps the index in one assignment, so a question is
    always answered from one consistent FAQ, and only ever for a newer revision: indexes built concurrently may
    finish in any order, and the older one must never win. ``FAQService`` is the only caller that installs."""

    def __init__(
        self,
        faq: FAQ,
        vocabulary: Vocabulary,
        thresholds: Thresholds | None = None,
        *,
        revision: int = 0,
        build_index: IndexBuilder = Matcher,
    ) -> None:
        self.thresholds = thresholds or Thresholds()
        self._matcher = build_index(faq, vocabulary)
        self._revision = revision
        self._swap = threading.Lock()
        self._gaps = Gaps(faq.article)
        # Who does the deed each entry's question names, for the index it was read with: read once, not per question.
        self._entry_agents: tuple[Matcher, dict[str, str | None]] | None = None

    @property
    def faq(self) -> FAQ:
        return self._matcher.faq

    @property
    def matcher(self) -> Matcher:
        return self._matcher

    @property
    def revision(self) -> int:
        return self._revision

    def install(self, matcher: Matcher, revision: int) -> bool:
        """Serve ``matcher`` if ``revision`` is newer than the one served; say whether it was."""
        with self._swap:
            if revision <= self._revision:
                return False
            self._matcher, self._revision = matcher, revision
            return True

    def ask(self, question: str) -> Answer:
        matcher = self._matcher
        ranked, parts = matcher.rank_parts(question, limit=6)  # parts: a multi-part question's own rankings
        ranked = self._by_agent(question, ranked)
        limits = self.thresholds
        lowest = limits.answer - max(limits.weak_margin, limits.open_margin)
        if not ranked or ranked[0].score < lowest or not self._sure(ranked[0], question):
            nearest = tuple(Suggestion(s.entry, s.score) for s in ranked if s.score >= limits.suggest)
            best = ranked[0].score if ranked else 0.0
            return Answer(question, Status.NOT_COVERED, score=best, suggestions=nearest[:MAX_SUGGESTIONS])
        top = ranked[0]
        gap = self._gap(question, top, parts)
        if gap is not None and gap in RUNNER_MAY_HOLD and not top.part:
            # A close runner-up that holds the fact the first lacks answers ("what does IRGC stand for": the entry
            # that spells it out, not the one that only names it): a partial must never dodge what the article says.
            for runner in ranked[1:]:
                if runner.score < limits.answer or top.score - runner.score >= RUNNER_UP:
                    break  # ranked best first
                # It must know the names the question names ("when was the sino-iran deal signed": not the PTA's
                # date), and its fact must be said of what the question names, not of nothing it names at all.
                if runner.part or not self._sure(runner, question):
                    continue
                if self._gap(question, runner, parts, strict=True) is None:
                    return self._answer(question, runner.entry, runner.score)
        if gap is not None:
            # What the article says about the subject, honestly labelled as not the answer to the question.
            return Answer(question, Status.PARTIAL, top.entry, top.score, top.entry.citations, missing=MISSING[gap])
        if top.score < limits.answer and self._about_unknown_topic(matcher, top.part or question):
            # Below the threshold, a common English word no entry uses is likely what the question is about, and
            # the article never discusses it ("how did the india pakistan cricket match go"): not an answer.
            nearest = tuple(Suggestion(s.entry, s.score) for s in ranked if s.score >= limits.suggest)
            return Answer(question, Status.NOT_COVERED, score=top.score, suggestions=nearest[:MAX_SUGGESTIONS])
        # "Did you mean" weighs entries for the same question: the part the answer is for, or the whole question.
        # Entries that answer different parts answer different questions: no choice to offer.
        same = parts[top.part] if top.part else [s for s in ranked if not s.part]
        rivals = [
            s
            for s in same
            if s.entry.id != top.entry.id and top.score - s.score < limits.ambiguous_margin and _distinct(top, s)
        ]
        if rivals:
            # "Did you mean" offers only entries about what the question names: two entries that share only
            # how it is asked ("what role", "what happened") with it are no choice to offer.
            focus = matcher.focus(question)
            options = [s for s in [top, *rivals] if matcher.covers(s.entry, focus)] if focus else [top, *rivals]
            if len(options) >= 2:
                chosen = tuple(Suggestion(s.entry, s.score) for s in options)
                return Answer(question, Status.AMBIGUOUS, score=top.score, suggestions=chosen[:MAX_SUGGESTIONS])
            if options != [top]:
                # Neither close entry names the subject: not an answer; the nearest entries that do name it.
                nearest = tuple(
                    Suggestion(s.entry, s.score)
                    for s in ranked
                    if s.score >= limits.suggest and matcher.covers(s.entry, focus)
                )
                return Answer(question, Status.NOT_COVERED, score=top.score, suggestions=nearest[:MAX_SUGGESTIONS])
        # The entries that answer the question's other parts come first among the related questions.
        others = [
            found[0].entry
            for part, found in parts.items()
            if part != top.part and found and found[0].score >= limits.answer and not _answers(top.entry, found, limits)
        ]
        return self._answer(question, top.entry, top.score, tuple(others))

    def _agent(self, text: str) -> str | None:
        """Who does the deed a text names: the article's subject named last before its last deed word ("why did
        iran attack pakistan": Iran; "after iran's strike, how fast did pakistan hit back": Pakistan)."""
        matcher = self._matcher
        subjects = self._gaps.subjects_read(matcher.vocabulary)
        deeds = self._gaps.deeds_read(matcher.vocabulary)
        last = None
        agent = None
        for term in matcher.query_terms(text):
            if term in subjects:
                last = term
            elif term in deeds:
                agent = last
        return agent

    def _by_agent(self, question: str, ranked: list[Scored]) -> list[Scored]:
        """Entries about the other side's deed step back a little: "why did iran attack pakistan" is not "Why did
        Pakistan strike back at Iran?", though both hold the same words."""
        asked = self._agent(question)
        if asked is None or len(ranked) < 2:
            return ranked
        known = self._entry_agents
        if known is None or known[0] is not self._matcher:
            known = self._entry_agents = (self._matcher, {})
        agents = known[1]
        for s in ranked:
            if s.entry.id not in agents:
                agents[s.entry.id] = self._agent(s.entry.question)
        moved = [
            replace(s, score=s.score - AGENT_PENALTY) if (other := agents[s.entry.id]) and other != asked else s
            for s in ranked
        ]
        return sorted(moved, key=lambda s: (-s.score, s.entry.id))

    def _about_unknown_topic(self, matcher: Matcher, question: str) -> bool:
        """Whether the question is about a common English word no entry uses: it names nothing else the article
        uses, only the article's names and countries ("how is the weather in balochistan"). One that names what the
        article discusses ("were they buddy-buddy before the strikes") is about that: slang is often common English."""
        if not matcher.unknown_topic_words(question):
            return False
        named = self._gaps.capitalised_read(matcher.vocabulary)  # "india", "balochistan", "iran"
        return not (matcher.article_terms(question) - named - matcher.countries(question))

    def _sure(self, top: Scored, question: str) -> bool:
        """Whether the best entry may answer. Never when the question names something of the article's the entry
        knows nothing of ("the russia ukraine war": the reactions' entry knows Russia, not Ukraine). Then surely by
        its score; or, a little below, when no part of the question (or of the part answered) asks for a fact a
        near-miss asks for (``NOT_OPEN``), or when the entry knows every word of what it asks about. A question whose
        focus is only names ("did turkey send troops") gets only the second chance."""
        matcher = self._matcher
        asked = top.part or question
        if not all(matcher.knows_name(top.entry, name) for name in matcher.names(asked)):
            return False
        if self._gaps.before(asked):
            return False  # "the iran iraq war in the 80s": a time before anything the article tells
        limits = self.thresholds
        if top.score >= limits.answer:
            return True
        # Below the threshold, a country the article never names that the entry does not know either is what the
        # question is about ("is china mediating in the myanmar civil war"); above it, it is where the asker is
        # from ("greetings from kenya, what was operation marg bar sarmachar").
        if not all(matcher.knows_name(top.entry, country) for country in matcher.elsewhere(asked)):
            return False
        if not matcher.reads_unknown_words and not matcher.knows_every_word(asked):
            return False  # on words alone, a word no entry uses may be what it is about: "cricket", "election"
        focus = matcher.focus(asked)
        if focus <= matcher.names(asked):
            # Only names in focus ("did turkey send troops"): what is asked about them must be known too.
            focus = matcher.known_terms(asked)
        elif top.score >= limits.answer - limits.open_margin and not any(
            asks_for(part) in NOT_OPEN for part in question_parts(asked) or [asked]
        ):
            return True
        if top.score < limits.answer - limits.weak_margin:
            return False
        return bool(focus) and all(matcher.covers(top.entry, frozenset({term})) for term in focus)

    def _gap(self, question: str, top: Scored, parts: dict[str, list[Scored]], *, strict: bool = False) -> Asks | None:
        """What the question asks for that the article does not give. Each part of a multi-part question is checked
        on its own: "who is the iranian foreign minister and when is he visiting" lacks the name. ``strict``: a
        fact must be said of something the question names (for an entry that is not the best)."""
        matcher = self._matcher
        pieces = question_parts(question[:MAX_QUESTION_CHARS]) or [question]
        asked = top.part or pieces[0]  # the piece the answer is for
        for piece in pieces:
            read = partial(matcher.query_terms, piece)
            missing = self._gaps.missing(piece, top.entry, matcher.vocabulary, read, strict=strict)
            if missing is None:
                continue
            # Another piece may be about another entry (a piece too short to outrank the whole, "what came out of
            # it", is ranked only now, when it asks for something): it lacks the fact only when none of the entries
            # its own ranking would answer with holds it either. A partial must never dodge what the article says.
            found = [] if piece == asked else parts.get(piece) or matcher.rank(piece, limit=6)
            answering = [s.entry for s in found if s.score >= self.thresholds.answer]
            others = {entry.id: entry for entry in answering if entry.id != top.entry.id}.values()
            vocabulary = matcher.vocabulary
            if all(self._gaps.missing(piece, entry, vocabulary, read) is not None for entry in others):
                return missing
        return None

    def answer_entry(self, entry_id: str, question: str | None = None) -> Answer | None:
        """The answer for a chosen entry (a button, a related question, ``/faq show``)."""
        entry = self.faq.get(entry_id)
        if entry is None:
            return None
        return self._answer(question or entry.question, entry, 1.0)

    def _answer(self, question: str, entry: Entry, score: float, first: tuple[Entry, ...] = ()) -> Answer:
        listed = (*first, *(e for e in (self.faq.get(r) for r in entry.related) if e is not None))
        related = tuple({e.id: e for e in listed if e.id != entry.id}.values())
        return Answer(question, Status.ANSWERED, entry, score, entry.citations, related)


# How far below the best entry one that holds the fact the best lacks may answer instead (from the tuning split),
# for the facts a quote holds or not by itself (a date said of what is asked, what a term stands for). Not a number
# ("five billion dollars" of trade is not the Sino-Iran deal's worth), whether someone reacted or a plan came true:
# an entry about something else may pass those checks by its own words.
RUNNER_UP = 0.06
# How far an entry about the other side's deed steps back ("why did iran attack pakistan": not Pakistan's reasons).
AGENT_PENALTY = 0.04
RUNNER_MAY_HOLD = frozenset({Asks.DATE, Asks.MEANING})


def _answers(entry: Entry, found: list[Scored], limits: Thresholds) -> bool:
    """Whether the entry answers a part, by that part's own ranking."""
    return any(s.entry.id == entry.id and s.score >= limits.answer for s in found)


def _distinct(a: Scored, b: Scored) -> bool:
    """Two close entries are a real choice only when they cite different parts of the article."""
    return not set(a.entry.paragraphs) & set(b.entry.paragraphs)
