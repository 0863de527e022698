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
import itertools
import logging
import math
import re
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from bot.core.article import MONTH_NAMES
from bot.core.faq import FAQ, Entry
from bot.core.spelling import Spelling, common_words, country_names, english_words
from bot.core.text import canonical, fold_typography, normalize, question_parts
from bot.core.vocabulary import Vocabulary

log = logging.getLogger(__name__)

PHRASING_CREDIT = 1.0
SUPPORT_CREDIT = 0.6  # a word only in the entry's answer or quotes: evidence, but weaker than a phrasing
# A word only in the questions members asked (``asked:``): as weak as the answer's. Their wording is chat ("what did
# pakistan actually hit"), so full credit made every entry know the common words of every other, and questions
# about one entry were answered by another. Chosen on the tuning split, cross-fitted (0.3, 0.6, 1.0 tried).
ASKED_CREDIT = 0.6
THIN_MATCH = 0.7  # a question that meets an entry through one alternate-only word keeps this share of its score
COVERAGE_WEIGHT = 0.65
CANDIDATES = 24
COMPLETE_ALL = 2000  # autocomplete scores every question of a FAQ up to this size, else a shortlist of
COMPLETE_SHORTLIST = 300  # questions found through the typed words' prefixes
MAX_QUESTION_CHARS = 500  # questions are cut here before matching: enough for any real question
SPELLING_CUTOFF = 82.0
COMMON_SHARE = 0.3
INTENT_WEIGHT = 0.5  # a question word counts half as much as a topic word
# Words of another language: how much they weigh, how many make a question one (from the tuning split: one or two
# such words are often what an off-topic question is about, "why did the us bomb fordow"), and how many of the
# article's words besides countries it must use (from a review's off-topic chat: "kyun itni garmi hai Balochistan").
FOREIGN_WEIGHT = 0.25
FOREIGN_MIN = 3
FOREIGN_TOPICAL = 2
FOCUS_SHARE = 0.75  # a focus word is at least this rare (by IDF) as the question's rarest subject word
# A question made only of words most entries share ("iran", "the strikes") is too vague to answer with
# confidence: its score is scaled down until its words weigh this share of a word found in one entry only.
SPECIFICITY = 0.45  # terms in more entries than this share are too common to find candidates with
PART_TERMS = 3  # content terms a part of a multi-part question needs to be ranked on its own
MONTHS = re.compile(MONTH_NAMES)
NAME_SHARE = 1 / 3  # a name in this share of the article's paragraphs is its subject ("Iran"), not a name asked about
READ_KEPT = 64  # questions whose terms are kept: one question is read several times while it is answered
PART_SURE = 0.8  # a part outranks the whole question only when it is answered this surely


# Words this short are not read as what a question is about when no entry uses them: "re", "ow", "aka" are
# fillers of other Englishes as often as English words.
TOPIC_SHORTEST = 3


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where a score becomes an answer (the engine decides; the matcher only scores); settings may override each."""

    answer: float = 0.6
    ambiguous_margin: float = 0.025
    suggest: float = 0.35
    # Up to this far below ``answer``, a question is still answered by an entry that knows every word of its focus
    # (a paraphrase scores low on words it never shares): "the russia ukraine war" is not answered by the entry
    # that knows only "russia".
    weak_margin: float = 0.04
    # Up to this far below ``answer``, a question that asks for no particular detail ("why was pakistan so
    # pressed", "did they patch it up"), or only what a term means, is answered by its best entry, even one that
    # lacks a word of it. Slang and paraphrase score low on words they never share with the FAQ, while the
    # near-miss shape asks the article for a detail it lacks (a number, a name, a date, someone's reaction,
    # whether a plan came true...): those keep the full threshold (``gaps.NOT_OPEN``).
    open_margin: float = 0.05


@dataclass(frozen=True, slots=True)
class Scored:
    entry: Entry
    score: float
    coverage: float
    similarity: float
    part: str = ""  # the part of a multi-part question this score is for; empty for the whole question


class Matcher:
    """An index over one FAQ, reading words with one vocabulary. Build a new one when either changes; it is cheap."""

    # Whether the ranking reads words the FAQ never uses (a sentence-embedding model does; words alone do not).
    reads_unknown_words = False

    def __init__(self, faq: FAQ, vocabulary: Vocabulary) -> None:
        self.faq = faq
        self.vocabulary = vocabulary = vocabulary.with_synonyms(faq.synonyms)  # moderators' synonyms on top
        self._intent = vocabulary.intent_terms  # question words: they weigh INTENT_WEIGHT
        self.entries = faq.entries
        credits: list[dict[str, float]] = []  # each entry's terms and their credit, while building
        owned: list[bool] = []  # for each of those terms: does the entry own it (not from an alternate only)?
        self._by_entry: dict[int, list[str]] = {}
        # Spelling is corrected on whole words, before stemming: "operaton" is close to "operation", not to its
        # stem "oper". Stop words are in the list so "happend" is read as the stop word it is.
        canon: dict[str, tuple[str, ...]] = {}  # every word read, with its terms
        read_before: dict[str, list[str]] = {}  # quotes and phrasings recur across entries: read each once
        normalised_before: dict[str, str] = {}

        def read(text: str) -> list[str]:
            found = read_before.get(text)
            if found is None:
                normalised = normalised_before[text] = normalize(text, vocabulary)
                split = normalised.split()
                try:  # most words were read before
                    found = [term for word in split for term in canon[word]]
                except KeyError:
                    for word in split:
                        if word not in canon:
                            canon[word] = canonical(word, vocabulary)
                    found = [term for word in split for term in canon[word]]
                read_before[text] = found
            return found

        for index, entry in enumerate(self.entries):
            credit: dict[str, float] = {}
            for text in (entry.answer, *(c.text for c in entry.citations)):
                credit.update(dict.fromkeys(read(text), SUPPORT_CREDIT))
            own = set(credit)  # terms of the answer and quotes, then of the question and keywords
            phrasings: list[str] = []
            asked = frozenset(entry.asked)
            for text in (*entry.phrasings, *entry.keywords):
                phrase_terms = read(text)
                if text in asked:
                    for term in phrase_terms:
                        credit[term] = max(credit.get(term, 0.0), ASKED_CREDIT)
                else:
                    credit.update(dict.fromkeys(phrase_terms, PHRASING_CREDIT))
                if text not in entry.alternates and text not in asked:
                    own.update(phrase_terms)
                if phrase_terms and text not in entry.keywords:
                    phrasings.append(" ".join(phrase_terms))
            if phrasings:
                self._by_entry[index] = phrasings
            credits.append(credit)
            owned.extend([term in own for term in credit])
        self._positions = {entry.id: index for index, entry in enumerate(self.entries)}
        count = max(len(self.entries), 1)
        # The inverted index in one pass: every (term, entry, credit, owned) posting, sorted by term (stably, so
        # each term's entries stay in order) and cut into one slice per term. Slices of three shared arrays hold
        # a posting in 13 bytes where a tuple of boxed numbers takes about 100 (and a dict and a set per entry,
        # which scoring used to read, three times that), and building them costs no Python loop per posting.
        ids: dict[str, int] = {}
        term_ids = [ids.setdefault(term, len(ids)) for credit in credits for term in credit]
        by_term = np.argsort(np.array(term_ids, np.int32), kind="stable")
        lengths = [len(credit) for credit in credits]
        entries = np.repeat(np.arange(len(credits), dtype=np.int32), lengths)[by_term]
        values = np.fromiter((v for credit in credits for v in credit.values()), float, len(term_ids))[by_term]
        owns = np.array(owned, bool)[by_term]
        del credits, owned
        sizes = np.bincount(np.array(term_ids, np.int32), minlength=len(ids)).tolist() if ids else []
        self._postings: dict[str, tuple[NDArray[np.int32], NDArray[np.float64], NDArray[np.bool_]]] = {}
        self._idf: dict[str, float] = {}
        at = 0
        for term, size in zip(ids, sizes, strict=True):
            self._postings[term] = (entries[at : at + size], values[at : at + size], owns[at : at + size])
            self._idf[term] = math.log(1 + count / size)
            at += size
        self._unknown_idf = math.log(1 + count)
        self._common = max(8, int(count * COMMON_SHARE))
        self._paragraph_terms = [frozenset(read(paragraph)) for paragraph in faq.article.paragraphs]
        self._article_terms = frozenset().union(*self._paragraph_terms)
        # Proper names the article uses ("Russia", "Ukrainian", "Salala"), not its subjects ("Iran" is everywhere).
        shares: dict[str, int] = {}
        common = set(read(" ".join(faq.article.lower_words)))  # "trade" in "Preferential Trade Agreement"
        for capitalised in faq.article.inner_capitals:
            for term in set(read(" ".join(w for w in capitalised if not MONTHS.fullmatch(w)))):
                shares[term] = shares.get(term, 0) + 1
        subject = max(2, round(len(faq.article.paragraphs) * NAME_SHARE))
        self._name_terms = frozenset(t for t, n in shares.items() if n < subject and t not in common)
        # Countries the article never names (nor their people: "Indian" names India): a question naming one is about
        # somewhere else unless an entry knows it (the Davos meeting's entry knows "switzerland" from how members
        # asked). Read without adding to the words the spelling corrector knows ("yemeni" is not a typo of "yemen").
        said = {word[:5] for text in faq.article.paragraphs for word in normalised_before[text].split()}  # read above
        self._english = common_words()
        self._dictionary = english_words()
        self._elsewhere = (
            frozenset(
                term
                for name in country_names()
                for word in normalize(name, vocabulary).split()
                if word not in self._english and word[:5] not in said
                for term in canonical(word, vocabulary)
            )
            - self._article_terms
        )
        # Every country, named by the article or not: none is what a question is about on its own.
        self._countries = frozenset(
            term
            for name in country_names()
            for word in normalize(name, vocabulary).split()
            for term in canonical(word, vocabulary)
        )
        self._words = frozenset(vocabulary.words | canon.keys())
        self._spelling = Spelling(self._words, SPELLING_CUTOFF)
        # Four-letter words with a vowel or a doubled letter dropped inside, to the five-letter English words of the
        # article they come from ("trde": "trade", "ofer": "offer"). Not the Hindi "kahan", which "khan" would
        # become, nor words the article never uses ("pres" is not "press", "intl" not "intel": a review's finds).
        self._dropped: dict[str, set[str]] = {}
        written = set(normalize(faq.article.text).split())  # as written: no phrase rewrites
        for word in self._words & self._english & written:
            if len(word) == 5 and word.isalpha() and word not in vocabulary.stop_words:
                for at in range(1, 4):
                    if word[at] in "aeiou" or word[at] in (word[at - 1], word[at + 1]):  # "ofer": "offer"
                        self._dropped.setdefault(word[:at] + word[at + 1 :], set()).add(word)
        self._by_entry_sorted = {i: [" ".join(sorted(p.split())) for p in ps] for i, ps in self._by_entry.items()}
        self._corrections: OrderedDict[str, str] = OrderedDict()
        self._read: OrderedDict[str, tuple[str, ...]] = OrderedDict()  # question -> its terms, oldest first
        self._titles = [
            normalised_before[e.question] if e.question in normalised_before else normalize(e.question, vocabulary)
            for e in self.entries
        ]
        self._lowered = [" ".join(fold_typography(e.question).lower().split()) for e in self.entries]
        # Autocomplete over a large FAQ: the questions' words, sorted, and the entries holding each, in one array
        # cut by word, so the entries of every word starting with a prefix are one slice. Built here (off the
        # event loop) rather than on the first keystroke.
        self._title_words: list[str] = []
        self._title_entries = np.zeros(0, np.int32)
        self._title_starts = np.zeros(1, np.int64)
        if len(self._titles) > COMPLETE_ALL:
            found: dict[str, list[int]] = defaultdict(list)
            for index, title in enumerate(self._titles):
                for word in dict.fromkeys(title.split()):
                    found[word].append(index)
            self._title_words = sorted(found)
            holders = [found[word] for word in self._title_words]
            self._title_entries = np.fromiter(itertools.chain.from_iterable(holders), np.int32)
            self._title_starts = np.cumsum([0, *map(len, holders)], dtype=np.int64)

    # --- query side ---

    def _correct(self, word: str) -> str:
        """The known word a misspelt word most likely meant; the word itself when it is known, a common English
        word (see ``common_words``) or simply new."""
        if word in self._words or len(word) < 4 or word.isdigit() or word in self._english:
            return word
        if len(word) < 5:
            return self._short(word)
        if word in self._corrections:
            self._corrections.move_to_end(word)
            return self._corrections[word]
        corrected = self._swapped(word) or self._spelling.closest(word) or word
        self._corrections[word] = corrected
        if len(self._corrections) > 4096:
            self._corrections.popitem(last=False)
        return corrected

    def _swapped(self, word: str) -> str | None:
        """The one known word two neighbouring letters swapped back give ("syira": "syria", "ecnomy": none): the
        commonest slip when typing fast, which the similarity ratio scores as two edits, below words it favours."""
        found = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
        found = (found & self._words) - self.vocabulary.stop_words - {word}
        return next(iter(found)) if len(found) == 1 else None

    def _short(self, word: str) -> str:
        """A short word has too few letters to tell a typo from another word by similarity ("time" is not "tie";
        swapping two letters turns "arid" into "raid", "sued" into "used"): only "f" written for "ph" is undone
        ("fone"), and only into a word that is not a stop word; and a letter dropped from a longer word is put back
        when only one word it could come from is known ("trde": "trade"), the commonest slip on a phone."""
        if "f" in word:
            sounded = word.replace("f", "ph", 1)
            if sounded in self._words and sounded not in self.vocabulary.stop_words:
                return sounded
        whole = self._dropped.get(word, set()) if not word.endswith("s") else set()  # "bans" is no "bean"
        return next(iter(whole)) if len(whole) == 1 else word

    def query_terms(self, question: str) -> list[str]:
        """The question's content terms, misspellings corrected first; unknown words are kept as they are. Kept for
        the last few questions: ranking, the partial check and the answer's checks all read the same question."""
        found = self._read.get(question)
        if found is None:
            out: list[str] = []
            words = normalize(question[:MAX_QUESTION_CHARS], self.vocabulary).split()
            fixed = [self._correct(word) for word in words]
            if fixed != words:  # read again: "foriegn minster" corrected is the phrase "foreign minister"
                fixed = normalize(" ".join(fixed), self.vocabulary).split()
            for word in fixed:
                out.extend(canonical(word, self.vocabulary))
            found = self._read[question] = tuple(dict.fromkeys(out))
            if len(self._read) > READ_KEPT:
                self._read.popitem(last=False)
        return list(found)

    def _candidates(self, usable: list[str], weights: dict[str, float]) -> list[int]:
        """The CANDIDATES entries the usable terms credit most; ties go to the entry the terms reach first (term by
        term, then by position), as summing into a dict in that order and sorting it stably would."""
        if len(usable) == 1:
            indices = self._postings[usable[0]][0]
            if len(indices) <= CANDIDATES:
                few: list[int] = indices.tolist()  # numpy types tolist() of an array of unknown shape as Any
                return few
        sums = np.zeros(len(self.entries))
        first = np.full(len(self.entries), len(usable), dtype=np.int32)  # the first term to reach each entry
        for order, term in enumerate(usable):
            indices, credits, _ = self._postings[term]
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
        """Entries by descending score (0 to 1); empty when the question has no content words.

        A question that asks two things ("when did Iran strike and what did Pakistan call its response") scores
        each entry by the best of the whole and each part: an entry that answers one part surely (``PART_SURE``)
        outranks one that shares a word with each ("response" and "strike": how other countries responded). A
        part matched less surely leaves the verdict to the whole question (measured with a stranger's 293 two-part
        and "how much"/"these days" questions: 0.6 and 0.7 answered 2-4 more the article does not answer)."""
        return self.rank_parts(question, limit)[0]

    def rank_parts(self, question: str, limit: int = 5) -> tuple[list[Scored], dict[str, list[Scored]]]:
        """``rank``, and each part's own ranking when the question asks several things (empty when it asks one):
        the engine checks each part for what the article lacks and offers the other parts' entries."""
        ranked = self._rank(question, limit)
        parts = self.parts(question)
        if not parts or not ranked:
            return ranked, {}
        found = {part: self._rank(part, limit) for part in parts}
        best = {s.entry.id: s for s in ranked}
        for part, scored_list in found.items():
            for scored in scored_list:
                known = best.get(scored.entry.id)
                if scored.score >= PART_SURE and (known is None or scored.score > known.score):
                    best[scored.entry.id] = replace(scored, part=part)
        order = {"": 0} | {part: index for index, part in enumerate(parts, 1)}  # ties: the part asked first
        return sorted(best.values(), key=lambda s: (-s.score, order[s.part], s.entry.id))[:limit], found

    def parts(self, question: str) -> list[str]:
        """The parts of a question that asks several things, each with enough words to rank on its own; empty
        when it asks one thing ("and the gulf states?" is too little to answer alone)."""
        parts = [p for p in question_parts(question[:MAX_QUESTION_CHARS]) if len(self.query_terms(p)) >= PART_TERMS]
        return parts if len(parts) >= 2 else []

    def _rank(self, question: str, limit: int) -> list[Scored]:
        """``rank`` for one question or one part of it."""
        query = self.query_terms(question)
        if not query or not self.entries:
            return []
        weights = {
            t: self._idf.get(t, self._unknown_idf) * (INTENT_WEIGHT if t in self._intent else 1.0) for t in query
        }
        total = sum(weights.values())
        specificity = min(1.0, total / (SPECIFICITY * self._unknown_idf))
        # A question mostly in another language ("ki bhai, Kerman ot Suleimani er kobor er okhane ki hoisilo?"):
        # its words no entry knows and no English dictionary has say little about what it is not about, so they
        # weigh less against the words of the article it uses. An English word no entry knows keeps its full
        # weight: "casualties" is what a near-miss asks for. So does chat that names only countries and a place
        # ("Tehran ka mausam aaj kaisa hai"): the article's words must be at least two more.
        foreign = [t for t in query if t not in self._idf and t.isalpha() and t not in self._dictionary]
        if len(foreign) >= FOREIGN_MIN and self._topical(query) >= FOREIGN_TOPICAL:
            for term in foreign:
                weights[term] *= FOREIGN_WEIGHT
            total = sum(weights.values())
        selective = sorted((t for t in query if t in self._postings), key=lambda t: len(self._postings[t][0]))
        usable = [t for t in selective if len(self._postings[t][0]) <= self._common] or selective[:1]
        chosen = self._candidates(usable, weights)
        similarities = self._similarities(chosen, " ".join(sorted(query)), " ".join(query))
        # Each candidate's credit for each query term, read from the postings, summed term by term in query
        # order (so the sums are the ones adding up a dict of credits per entry gave).
        candidates = np.array(chosen, np.int64)
        covered = np.zeros(len(chosen))
        matched = np.zeros(len(chosen), np.int64)  # content (not question) words the entry knows
        owned = np.zeros(len(chosen), bool)  # ... one of which it owns (not from an alternate only)
        named = np.zeros(len(chosen), bool)  # ... one of which the article uses
        for term in query:
            posting = self._postings.get(term)
            if posting is None:
                continue  # no credit: adding nothing, as adding 0.0 did
            indices, credits, owns = posting
            at = np.minimum(np.searchsorted(indices, candidates), len(indices) - 1)
            hit = indices[at] == candidates
            covered += weights[term] * np.where(hit, credits[at], 0.0)
            if term not in self._intent:
                matched += hit
                owned |= hit & owns[at]
                if term in self._article_terms:
                    named |= hit
        # One word that only an alternate phrasing uses ("old" in "why rehash old spy story") is too thin to
        # answer on: "how old are you" is not about that entry.
        thin = (~(owned | named) | ((matched < 2) & ~owned)).tolist()
        scored: list[Scored] = []
        for index, coverage, similarity, weak in zip(
            chosen, (covered / total).tolist(), similarities, thin, strict=True
        ):
            score = specificity * (COVERAGE_WEIGHT * coverage + (1 - COVERAGE_WEIGHT) * similarity)
            if weak:
                score *= THIN_MATCH
            scored.append(Scored(self.entries[index], score, coverage, similarity))
        scored.sort(key=lambda s: (-s.score, s.entry.id))
        return scored[:limit]

    def _topical(self, query: list[str]) -> int:
        """How many of the article's words a question uses besides countries and question words."""
        return sum(t in self._article_terms and t not in self._countries and t not in self._intent for t in query)

    def _similarities(self, chosen: list[int], query_sorted: str, query_ordered: str) -> list[float]:
        """Each chosen entry's best phrasing similarity (0 to 1; 0 without phrasings), all in two rapidfuzz calls.

        Word choice matters most; word order breaks ties ("iran struck pakistan" is not "pakistan struck iran")."""
        have = [i for i in chosen if i in self._by_entry]
        if not have:
            return [0.0] * len(chosen)
        starts = np.cumsum([0] + [len(self._by_entry[i]) for i in have[:-1]])
        unordered = process.cdist(
            [query_sorted], [p for i in have for p in self._by_entry_sorted[i]], scorer=fuzz.ratio, dtype=np.float64
        )[0]
        ordered = process.cdist(
            [query_ordered], [p for i in have for p in self._by_entry[i]], scorer=fuzz.ratio, dtype=np.float64
        )[0]
        unordered_best = np.maximum.reduceat(unordered, starts).tolist()
        ordered_best = np.maximum.reduceat(ordered, starts).tolist()
        best = {i: (0.6 * u + 0.4 * o) / 100 for i, u, o in zip(have, unordered_best, ordered_best, strict=True)}
        return [best.get(index, 0.0) for index in chosen]

    def focus(self, question: str) -> frozenset[str]:
        """The question's focus: its rarest words (by IDF over the entries) among those naming a subject.

        A subject is something the article itself names ("china", "the army"); words only the FAQ's phrasings use
        ("role", "happen", "chief") are how people ask, not what they ask about, so they are focus words only when
        the question names nothing the article does. Question words never are. Empty when no word is known."""
        known = [t for t in self.query_terms(question) if t in self._idf and t not in self._intent]
        named = [t for t in known if t in self._article_terms] or known
        if not named:
            return frozenset()
        rarest = max(self._idf[t] for t in named)
        return frozenset(t for t in named if self._idf[t] >= FOCUS_SHARE * rarest)

    def names(self, question: str) -> frozenset[str]:
        """The proper names of the article the question names (not its subjects)."""
        return frozenset(t for t in self.query_terms(question) if t in self._name_terms)

    def elsewhere(self, question: str) -> frozenset[str]:
        """The countries the question names that the article never does ("myanmar", "somalia")."""
        return frozenset(t for t in self.query_terms(question) if t in self._elsewhere)

    def unknown_topic_words(self, question: str) -> frozenset[str]:
        """The common English words of the question that no entry uses, as typed ("cricket", "nuclear", "weather"):
        what it asks about may be something the article never discusses. Slang and other languages' words are
        seldom common English words, so they are not counted."""
        unknown = set()
        for word in normalize(question[:MAX_QUESTION_CHARS], self.vocabulary).split():
            if len(word) > TOPIC_SHORTEST and word in self._english:
                terms = canonical(word, self.vocabulary)
                if terms and not any(t in self._idf for t in terms):
                    unknown.add(word)
        return frozenset(unknown)

    def article_terms(self, question: str) -> frozenset[str]:
        """The question's content terms the article itself uses (not only the FAQ's phrasings: "game", "won")."""
        return frozenset(t for t in self.query_terms(question) if t in self._article_terms and t not in self._intent)

    def countries(self, question: str) -> frozenset[str]:
        """The countries the question names, the article's or not."""
        return frozenset(t for t in self.query_terms(question) if t in self._countries)

    def knows_name(self, entry: Entry, name: str) -> bool:
        """Whether the entry knows a name, itself or in the paragraphs it quotes from (their context): "cpec and
        gwadar" are China's stake even where the entry's own quote names only the road."""
        if self.covers(entry, frozenset({name})):
            return True
        return any(name in self._paragraph_terms[p - 1] for p in entry.paragraphs if p <= len(self._paragraph_terms))

    def known_terms(self, question: str) -> frozenset[str]:
        """The question's content terms some entry uses (question words left out)."""
        return frozenset(t for t in self.query_terms(question) if t in self._idf and t not in self._intent)

    def knows_every_word(self, question: str) -> bool:
        """Whether every content word of the question is one some entry uses."""
        return all(term in self._idf for term in self.query_terms(question))

    def covers(self, entry: Entry, terms: frozenset[str]) -> bool:
        """Whether the entry knows any of the terms (in its phrasings, keywords, answer or quotes)."""
        index = self._positions.get(entry.id)
        if index is None:
            return False
        for term in terms:
            posting = self._postings.get(term)
            if posting is not None:
                at = int(np.searchsorted(posting[0], index))
                if at < len(posting[0]) and posting[0][at] == index:
                    return True
        return False

    def _shortlist(self, typed: list[str]) -> NDArray[np.intp]:
        """Up to COMPLETE_SHORTLIST entries (by position) whose questions have words starting with the typed
        words: the most typed words matched first, then the earlier entries."""
        words = self._title_words
        counts = np.zeros(len(self._titles), np.int32)
        for prefix in dict.fromkeys(typed):
            start = bisect.bisect_left(words, prefix)
            end = bisect.bisect_left(words, prefix + "\U0010ffff", start)
            if end == start:
                continue
            reached = np.zeros(len(self._titles), bool)  # an entry counts once per typed word
            reached[self._title_entries[self._title_starts[start] : self._title_starts[end]]] = True
            counts += reached
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
        starting = [i for i in pool if self._lowered[i].startswith(raw)]
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
