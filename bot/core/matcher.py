"""Match a question to FAQ entries, with a confidence that knows when to stay silent.

Each entry is scored two ways and the scores are blended:

* **coverage**: the share of the question's content words (weighted by rarity, IDF) that the entry knows, from
  its phrasings and keywords in full and from its answer and quotes in part. A question about something the FAQ
  never mentions ("How many civilians died?") keeps a large uncovered share and is declined, however well its
  other words match. Misspelt words are corrected to the FAQ's vocabulary first.
* **similarity**: rapidfuzz's ``token_sort_ratio`` between the question's content words and the entry's best
  phrasing, which rewards questions worded the way the entry's phrasings are.

Candidates come from an inverted index, so the cost grows with the entries that share a word with the question,
not with the whole FAQ.
"""

from __future__ import annotations

import bisect
import logging
import math
from collections import OrderedDict, defaultdict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from bot.core.faq import FAQ, Entry
from bot.core.text import canonical, fold_typography, normalize
from bot.core.vocabulary import Vocabulary

log = logging.getLogger(__name__)

PHRASING_CREDIT = 1.0
SUPPORT_CREDIT = 0.6  # a word only in the entry's answer or quotes: evidence, but weaker than a phrasing
THIN_MATCH = 0.7  # a question that meets an entry through one alternate-only word keeps this share of its score
COVERAGE_WEIGHT = 0.65
CANDIDATES = 24
COMPLETE_ALL = 2000  # autocomplete scores every question of a FAQ up to this size, else a shortlist of
COMPLETE_SHORTLIST = 300  # questions found through the typed words' prefixes
MAX_QUESTION_CHARS = 500  # questions are cut here before matching: enough for any real question
SPELLING_CUTOFF = 82.0
COMMON_SHARE = 0.3
INTENT_WEIGHT = 0.5  # a question word counts half as much as a topic word
# A question made only of words most entries share ("iran", "the strikes") is too vague to answer with
# confidence: its score is scaled down until its words weigh this share of a word found in one entry only.
SPECIFICITY = 0.45  # terms in more entries than this share are too common to find candidates with


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where a score becomes an answer (the engine decides; the matcher only scores); settings may override each."""

    answer: float = 0.6
    ambiguous_margin: float = 0.025
    suggest: float = 0.35


@dataclass(frozen=True, slots=True)
class Scored:
    entry: Entry
    score: float
    coverage: float
    similarity: float


class Matcher:
    """An index over one FAQ, reading words with one vocabulary. Build a new one when either changes; it is cheap."""

    def __init__(self, faq: FAQ, vocabulary: Vocabulary) -> None:
        self.faq = faq
        self.vocabulary = vocabulary = vocabulary.with_synonyms(faq.synonyms)  # moderators' synonyms on top
        self._intent = vocabulary.intent_terms  # question words: they weigh INTENT_WEIGHT
        self.entries = faq.entries
        credits: list[dict[str, float]] = []
        self._own: list[frozenset[str]] = []
        self._phrasings: list[tuple[int, str]] = []
        # Spelling is corrected on whole words, before stemming: "operaton" is close to "operation", not to its
        # stem "oper". Stop words are in the list so "happend" is read as the stop word it is.
        words: set[str] = set(vocabulary.words)

        read_before: dict[str, list[str]] = {}  # quotes and phrasings recur across entries: read each once
        canonical_before: dict[str, tuple[str, ...]] = {}

        def canon(word: str) -> tuple[str, ...]:
            found = canonical_before.get(word)
            if found is None:
                found = canonical_before[word] = canonical(word, vocabulary)
            return found

        def read(text: str) -> list[str]:
            found = read_before.get(text)
            if found is None:
                normalised = normalize(text, vocabulary).split()
                words.update(normalised)
                found = read_before[text] = [term for word in normalised for term in canon(word)]
            return found

        for index, entry in enumerate(self.entries):
            credit: dict[str, float] = {}
            for text in (entry.answer, *(c.text for c in entry.citations)):
                for term in read(text):
                    credit[term] = SUPPORT_CREDIT
            own = set(credit)  # terms of the answer and quotes, then of the question and keywords
            for text in (*entry.phrasings, *entry.keywords):
                phrase_terms = read(text)
                for term in phrase_terms:
                    credit[term] = PHRASING_CREDIT
                if text not in entry.alternates:
                    own.update(phrase_terms)
                if phrase_terms and text not in entry.keywords:
                    self._phrasings.append((index, " ".join(phrase_terms)))
            credits.append(credit)
            self._own.append(frozenset(own))
        self._credits = credits
        count = max(len(self.entries), 1)
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, credit in enumerate(credits):
            for term, value in credit.items():
                postings[term].append((index, value))
        # Each term's entries and credits as arrays: candidates are scored in numpy, and arrays hold a posting in
        # 12 bytes where a tuple of boxed numbers takes about 100.
        self._postings: dict[str, tuple[NDArray[np.int32], NDArray[np.float64]]] = {
            term: (np.fromiter((i for i, _ in found), np.int32, len(found)), np.array([c for _, c in found]))
            for term, found in postings.items()
        }
        self._idf = {t: math.log(1 + count / len(p)) for t, p in postings.items()}
        self._unknown_idf = math.log(1 + count)
        self._common = max(8, int(count * COMMON_SHARE))
        article_terms: set[str] = set()
        for paragraph in faq.article.paragraphs:
            normalised = normalize(paragraph, vocabulary).split()
            words.update(normalised)
            article_terms.update(term for word in normalised for term in canonical(word, vocabulary))
        self._article_terms = frozenset(article_terms)
        self._words = words
        self._spellings = sorted(words)
        self._by_entry: dict[int, list[str]] = defaultdict(list)
        for index, phrasing in self._phrasings:
            self._by_entry[index].append(phrasing)
        self._by_entry_sorted = {i: [" ".join(sorted(p.split())) for p in ps] for i, ps in self._by_entry.items()}
        self._corrections: OrderedDict[str, str] = OrderedDict()
        self._titles = [normalize(e.question, vocabulary) for e in self.entries]
        self._lowered = [" ".join(fold_typography(e.question).lower().split()) for e in self.entries]
        self._title_words: list[str] | None = None  # built on the first autocomplete of a large FAQ
        self._title_postings: dict[str, NDArray[np.int32]] = {}

    # --- query side ---

    def _correct(self, word: str) -> str:
        """The known word a misspelt word most likely meant; the word itself when it is known or simply new."""
        if word in self._words or len(word) < 5 or word.isdigit():
            return word  # short words: too little to tell a typo from another word ("time" is not "tie")
        if word in self._corrections:
            self._corrections.move_to_end(word)
            return self._corrections[word]
        found = process.extractOne(word, self._spellings, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF)
        corrected = found[0] if found else word
        self._corrections[word] = corrected
        if len(self._corrections) > 4096:
            self._corrections.popitem(last=False)
        return corrected

    def query_terms(self, question: str) -> list[str]:
        """The question's content terms, misspellings corrected first; unknown words are kept as they are."""
        out: list[str] = []
        for word in normalize(question[:MAX_QUESTION_CHARS], self.vocabulary).split():
            out.extend(canonical(self._correct(word), self.vocabulary))
        return list(dict.fromkeys(out))

    def _candidates(self, usable: list[str], weights: dict[str, float]) -> list[int]:
        """The CANDIDATES entries the usable terms credit most; ties go to the entry the terms reach first (term by
        term, then by position), as summing into a dict in that order and sorting it stably would."""
        if len(usable) == 1:
            indices, credits = self._postings[usable[0]]
            if len(indices) <= CANDIDATES:
                few: list[int] = indices.tolist()  # numpy types tolist() of an array of unknown shape as Any
                return few
        sums = np.zeros(len(self.entries))
        first = np.full(len(self.entries), len(usable), dtype=np.int32)  # the first term to reach each entry
        for order, term in enumerate(usable):
            indices, credits = self._postings[term]
            sums[indices] += weights[term] * credits  # an entry is in a posting list once: no repeated index
            first[indices] = np.minimum(first[indices], order)
        reached = np.flatnonzero(first < len(usable))
        if len(reached) <= CANDIDATES:
            return reached.tolist()
        scores = sums[reached]
        cut = np.partition(scores, len(scores) - CANDIDATES)[len(scores) - CANDIDATES]  # the CANDIDATES-th best
        above = reached[scores > cut]
        tied = reached[scores == cut]
        if len(above) + len(tied) > CANDIDATES:
            tied = tied[np.lexsort((tied, first[tied]))][: CANDIDATES - len(above)]
        return [*above.tolist(), *tied.tolist()]

    def rank(self, question: str, limit: int = 5) -> list[Scored]:
        """Entries by descending score (0 to 1); empty when the question has no content words."""
        query = self.query_terms(question)
        if not query or not self.entries:
            return []
        weights = {
            t: self._idf.get(t, self._unknown_idf) * (INTENT_WEIGHT if t in self._intent else 1.0) for t in query
        }
        total = sum(weights.values())
        specificity = min(1.0, total / (SPECIFICITY * self._unknown_idf))
        selective = sorted((t for t in query if t in self._postings), key=lambda t: len(self._postings[t][0]))
        usable = [t for t in selective if len(self._postings[t][0]) <= self._common] or selective[:1]
        chosen = self._candidates(usable, weights)
        query_sorted = " ".join(sorted(query))
        query_ordered = " ".join(query)
        scored: list[Scored] = []
        for index in chosen:
            credit = self._credits[index]
            coverage = sum(weights[t] * credit.get(t, 0.0) for t in query) / total
            similarity = 0.0
            if index in self._by_entry:
                # Word choice matters most; word order breaks ties ("iran struck pakistan" is not
                # "pakistan struck iran").
                unordered = process.extractOne(query_sorted, self._by_entry_sorted[index], scorer=fuzz.ratio)
                ordered = process.extractOne(query_ordered, self._by_entry[index], scorer=fuzz.ratio)
                similarity = (0.6 * unordered[1] + 0.4 * ordered[1]) / 100
            score = specificity * (COVERAGE_WEIGHT * coverage + (1 - COVERAGE_WEIGHT) * similarity)
            matched = {t for t in query if t in credit and t not in self._intent}
            if not matched & (self._own[index] | self._article_terms) or (
                len(matched) < 2 and not self._own[index] & matched
            ):
                # One word that only an alternate phrasing uses ("old" in "why rehash old spy story") is too
                # thin to answer on: "how old are you" is not about that entry.
                score *= THIN_MATCH
            scored.append(Scored(self.entries[index], score, coverage, similarity))
        scored.sort(key=lambda s: (-s.score, s.entry.id))
        return scored[:limit]

    def _shortlist(self, typed: list[str]) -> NDArray[np.intp]:
        """Up to COMPLETE_SHORTLIST entries (by position) whose questions have words starting with the typed
        words: the most typed words matched first, then the earlier entries."""
        if self._title_words is None:
            found: dict[str, list[int]] = defaultdict(list)
            for index, title in enumerate(self._titles):
                for word in dict.fromkeys(title.split()):
                    found[word].append(index)
            self._title_postings = {word: np.array(indices, np.int32) for word, indices in found.items()}
            self._title_words = sorted(found)
        words = self._title_words
        counts = np.zeros(len(self._titles), np.int32)
        for prefix in dict.fromkeys(typed):
            start = bisect.bisect_left(words, prefix)
            end = bisect.bisect_left(words, prefix + "\U0010ffff", start)
            if end == start:
                continue
            arrays = [self._title_postings[word] for word in words[start:end]]
            counts[np.unique(np.concatenate(arrays)) if len(arrays) > 1 else arrays[0]] += 1
        reached = np.flatnonzero(counts)
        if len(reached) > COMPLETE_SHORTLIST:
            reached = np.sort(reached[np.argsort(-counts[reached], kind="stable")[:COMPLETE_SHORTLIST]])
        return reached

    def complete(self, text: str, limit: int = 25) -> list[Entry]:
        """Entries for an autocomplete box: every entry for empty input, else the best fuzzy matches of what was
        typed so far against the questions (prefixes count)."""
        typed = normalize(text, self.vocabulary)
        if not typed:
            return list(self.entries[:limit])
        if len(self._titles) <= COMPLETE_ALL:
            hits = process.extract(typed, self._titles, scorer=fuzz.WRatio, limit=limit, score_cutoff=50)
            ranked = [self.entries[i] for _, _, i in hits]
        else:
            # A large FAQ: scoring every question costs tens of ms per keystroke. Score only the questions with
            # a word that starts the way a typed word does, those sharing the most typed words first.
            shortlist = self._shortlist(typed.split())
            choices = {int(i): self._titles[i] for i in shortlist}
            hits = process.extract(typed, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=50)
            ranked = [self.entries[i] for _, _, i in hits]
        # A question that starts with what was typed is what the person is typing: first, whatever the fuzzy
        # scores ("Why did Pakistan strike" scores many questions alike).
        raw = " ".join(fold_typography(text).lower().split())
        pool = range(len(self.entries)) if len(self._titles) <= COMPLETE_ALL else [i for _, _, i in hits]
        starting = [
            i for i in pool if " ".join(fold_typography(self.entries[i].question).lower().split()).startswith(raw)
        ]
        if starting:
            first = {self.entries[i].id for i in starting}
            ranked = [self.entries[i] for i in starting] + [e for e in ranked if e.id not in first]
        if len(ranked) < limit:
            seen = {e.id for e in ranked}
            for scored in self.rank(text, limit=limit):
                if scored.entry.id not in seen:
                    ranked.append(scored.entry)
                    seen.add(scored.entry.id)
        return ranked[:limit]
