"""Rank by words and meaning together: the lexical matcher's score fused with sentence-embedding similarity.

``SemanticMatcher`` is a ``Matcher`` (the engine and the service use it unchanged) whose index also holds an
embedding of each entry's question and alternate phrasings. A question's semantic score for an entry is its best
cosine similarity to one of them. The fused score is what the engine ranks, compares with the answer threshold
and uses for "did you mean" margins:

* the lexical score stays the backbone: a question that matches on words scores as before, a little higher when
  its meaning agrees, lower when it does not;
* meaning can lift an entry the words barely reach ("did islamabad yank its envoy"), but only so far: without
  lexical evidence an entry stays below the answer threshold unless the similarity is high enough that the two
  sentences say the same thing. A question about something else (off-topic) shares neither, and is declined.

The weights and limits below were chosen on the tuning split of tests/data/eval with ``faqbot eval``, by a grid
over them: the most in-scope answers among the settings that decline at least as many near-misses as words alone
and every off-topic question (a weak match is never passed off as an answer). Settings that answered 8 more
in-scope questions also answered 1-3 more near-misses.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from bot.core.faq import FAQ, Entry
from bot.core.gaps import FACTS, asks_for
from bot.core.matcher import CANDIDATES, MAX_QUESTION_CHARS, Matcher, Scored, Thresholds
from bot.core.semantic import EmbeddingCache, Encoder, QueryCache, Vectors
from bot.core.text import spoken
from bot.core.vocabulary import Vocabulary

log = logging.getLogger(__name__)

ANSWER = Thresholds().answer  # the engine's default answer threshold, which ``Weights.answer_at`` maps onto
SEMANTIC_CANDIDATES = 8  # entries added to the lexical candidates by meaning alone


@dataclass(frozen=True, slots=True)
class Weights:
    """How the two signals combine (see the module's docstring); defaults chosen on the tuning split."""

    floor: float = 0.30  # cosine at or below this adds nothing (unrelated sentences land around 0-0.3)
    ceiling: float = 0.80  # cosine at or above this counts fully: the sentences say the same thing
    lexical: float = 0.70  # the lexical score's share of the fused score
    evidence: float = 0.55  # below this lexical score, meaning alone must reach ``sure`` to answer
    sure: float = 0.72  # cosine at which meaning alone may answer
    cap: float = 0.55  # the most a question without lexical evidence or sure meaning scores (below answering)
    agree: float = 0.03  # added when the entry is first by words and first by meaning
    # Fused scores are stretched toward 1 so that this fused score lands on the engine's default answer threshold:
    # the two signals together are surer than words alone at the same number (chosen on the tuning split).
    answer_at: float = 0.57


@dataclass(frozen=True, slots=True)
class Fused(Scored):
    """A fused score; ``lexical`` and ``semantic`` are the two signals it came from."""

    lexical: float = 0.0
    semantic: float = 0.0


def fuse(lexical: float, semantic: float, weights: Weights) -> float:
    """One entry's fused score from its lexical score (0-1) and its best cosine similarity (-1-1)."""
    meaning = min(1.0, max(0.0, (semantic - weights.floor) / (weights.ceiling - weights.floor)))
    score = weights.lexical * lexical + (1 - weights.lexical) * meaning
    if lexical < weights.evidence and semantic < weights.sure:
        score = min(score, weights.cap)
    return score


def calibrate(score: float, weights: Weights) -> float:
    """Stretch a fused score (0-1) toward 1 so that ``weights.answer_at`` becomes the answer threshold. Order is
    kept and scores stay within 0-1 (0 becomes about 0.07); gaps between scores shrink by 7%, so the "did you
    mean" margin is a little wider in fused terms."""
    return 1 - (1 - score) * (1 - ANSWER) / (1 - weights.answer_at)


class Semantic:
    """The encoder, its on-disk embedding cache and the fusion weights: what builds a ``SemanticMatcher`` for each
    new FAQ revision. Called like ``Matcher`` (``Semantic(...)(faq, vocabulary)``), so it is an index builder."""

    def __init__(self, encoder: Encoder, cache_dir: Path | None, weights: Weights | None = None) -> None:
        self.encoder = encoder
        self.weights = weights or Weights()
        self.cache = EmbeddingCache(cache_dir, encoder)
        self.query = QueryCache(encoder)

    def __call__(self, faq: FAQ, vocabulary: Vocabulary) -> SemanticMatcher:
        """Build the index of a FAQ: lexical and semantic (slow the first time a text is seen: off the loop)."""
        return SemanticMatcher(faq, vocabulary, self)


def phrasings(faq: FAQ) -> tuple[list[str], list[int]]:
    """The texts embedded for each entry (its question, alternates and asked questions) and the entry each belongs
    to. Answers and quotes were tried as well (a lower-weighted second similarity): no gain on the tuning split."""
    texts: list[str] = []
    owners: list[int] = []
    for index, entry in enumerate(faq.entries):
        for text in dict.fromkeys(entry.phrasings):
            texts.append(text)
            owners.append(index)
    return texts, owners


class SemanticMatcher(Matcher):
    """A ``Matcher`` whose ranking also weighs meaning (see the module's docstring)."""

    reads_unknown_words = True

    def __init__(self, faq: FAQ, vocabulary: Vocabulary, semantic: Semantic) -> None:
        super().__init__(faq, vocabulary)
        self.semantic = semantic
        started = time.perf_counter()
        texts, owners = phrasings(faq)
        self._vectors: Vectors = semantic.cache.embed(texts)
        # Rows are grouped by entry, in entry order, and every entry has a question: one segment per entry.
        self._starts = np.flatnonzero(np.diff(np.array(owners, np.int64), prepend=-1))
        self._index = {entry.id: index for index, entry in enumerate(self.entries)}
        self._typing = threading.local()  # set while autocomplete ranks: it matches typed words, not meaning
        log.debug("Semantic index: %d phrasings in %.2f s", len(texts), time.perf_counter() - started)

    def similarities(self, question: str) -> Vectors:
        """The question's best cosine similarity to each entry's phrasings, one number per entry."""
        if not len(self._vectors):
            return np.full(len(self.entries), -1.0, np.float32)
        query = self.semantic.query(spoken(question[:MAX_QUESTION_CHARS], self.vocabulary.fillers))
        best: Vectors = np.maximum.reduceat(self._vectors @ query, self._starts)
        return best

    def complete(self, text: str, limit: int = 25) -> list[Entry]:
        """Autocomplete as on words alone: it runs on every keystroke, often on the event loop, and half-typed
        words have no meaning to compare yet."""
        self._typing.active = True
        try:
            return super().complete(text, limit)
        finally:
            self._typing.active = False

    def _rank(self, question: str, limit: int) -> list[Scored]:
        """Entries by descending fused score: the lexical candidates and the entries nearest in meaning."""
        if getattr(self._typing, "active", False):
            return super()._rank(question, limit)
        lexical = {s.entry.id: s for s in super()._rank(question, CANDIDATES)}
        if not question.strip() or not self.entries:
            return []
        similar = self.similarities(question)
        chosen = {self._index[i] for i in lexical}
        nearest = np.argsort(-similar, kind="stable")[:SEMANTIC_CANDIDATES]
        chosen.update(int(i) for i in nearest if similar[i] >= self.semantic.weights.floor)
        weights = self.semantic.weights
        if asks_for(question) in FACTS:
            # A question asking for a number, a name or a date is near in meaning to the entry about its subject
            # whether or not the article gives that fact ("how much do they trade rn, actual numbers"): only its
            # words decide, and the partial check after them. On the tuning split this kept 2 of 48 near-misses
            # declined and cost no in-scope answer.
            weights = replace(weights, lexical=1.0, agree=0.0)
        first_by_words = min(lexical.values(), key=lambda s: (-s.score, s.entry.id)).entry.id if lexical else None
        first_by_meaning = int(nearest[0])
        scored: list[Scored] = []
        for index in chosen:
            entry = self.entries[index]
            found = lexical.get(entry.id)
            words = found.score if found else 0.0
            meaning = float(similar[index])
            score = fuse(words, meaning, weights)
            if index == first_by_meaning and entry.id == first_by_words:
                score += weights.agree
            # Back to 0-1 by scaling, not by cutting at 1: an entry first by both signals keeps its lead over a
            # runner-up that also scores near the top, so a clear question does not become "did you mean".
            score /= 1 + weights.agree
            score = calibrate(score, weights)
            coverage, similarity = (found.coverage, found.similarity) if found else (0.0, 0.0)
            scored.append(Fused(entry, score, coverage, similarity, lexical=words, semantic=meaning))
        scored.sort(key=lambda s: (-s.score, s.entry.id))
        return scored[:limit]
