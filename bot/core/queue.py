"""The moderators' queue: what members asked that the FAQ could not answer, grouped by similarity.

Two questions are the same question when rapidfuzz's ``token_set_ratio`` of their normalised texts is at least
``SIMILAR``. Questions are taken in the order recorded (declined ones, then not-helpful votes); each joins the
first group, in order of creation, whose title (its first question) is similar enough, or starts a new group.

Checking each question against every group is quadratic: several seconds for the 5,000 questions the records
hold, too slow for Discord's 3 seconds. So an index (``_Index``) offers candidate groups, and each candidate is
checked with the same ``token_set_ratio``, oldest group first. ``token_set_ratio`` reaches 80 in two ways: the
words two questions share weigh (each its length plus one) more than two thirds of one of them; or the words
they do not share are close letter for letter (misspellings, "foreing minister" and "foreignminister"). The
index finds every title similar the first way: such a title shares one of the question's rarer words. For the
second way it counts a word alike another (a misspelling, an ending: ``_alike``) as shared, and asks for half
rather than two thirds. What it can miss is two questions whose letters line up without their words being
alike: "what is links and" and "what is ban inside" (80.0), or two misspellings of a short word, "pign pls" and
"pls pinng pls" (82.4). ``benchmarks/queue_bench.py --compare`` counts how often a question lands in another
group than the quadratic loop puts it in (a few in 5,000).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core.answer import Engine
from bot.core.faq import Entry
from bot.core.records import MAX_RECORDS, Records
from bot.core.text import normalize
from bot.core.vocabulary import Vocabulary

SIMILAR = 80.0  # token_set_ratio at which two questions count as the same question
SHARE = 0.5  # what the index asks two questions to share (token_set_ratio needs two thirds of exact words)
LEVELS = 3  # the index asks a title to meet up to this many of a question's words
LONG = 7  # words this long are also alike when rapidfuzz's ratio reaches SIMILAR
HEAD = 5  # letters at the start and at the end of a word that the index compares to find misspellings


@dataclass
class Group:
    """Questions that ask the same thing; ``question`` is the first one asked, shown as the group's title."""

    question: str
    questions: list[str] = field(default_factory=list)
    reasons: set[str] = field(default_factory=set)
    nearest: Entry | None = None

    @property
    def count(self) -> int:
        """How many times the group's questions were asked."""
        return len(self.questions)


# Normalising 5,000 questions takes about 0.1 s, and the same questions come back on every look at the queue
# (the records hold at most MAX_RECORDS lines per file).
_normal = lru_cache(maxsize=4 * MAX_RECORDS)(normalize)


def queued(records: Records) -> list[tuple[str, str]]:
    """(question, reason) for every declined or not-helpful question still open, in the order recorded:
    declined questions first, then not-helpful votes."""
    dismissed = records.dismissed()
    items: list[tuple[str, str]] = [(r.question, "declined") for r in records.unanswered()]
    items += [(f.question, "not helpful") for f in records.feedback() if not f.helpful]
    return [(q, reason) for q, reason in items if q.strip() and q not in dismissed]


def group_questions(items: Iterable[tuple[str, str]], vocabulary: Vocabulary | None = None) -> list[Group]:
    """Group (question, reason) pairs, in order of creation (see the module's docstring). Texts are normalised
    with the matcher's ``vocabulary`` (its phrase rewrites), or as written without one."""
    pairs = list(items)
    keys: list[str] = []  # distinct non-empty normalised texts, in order of first appearance
    position: dict[str, int] = {}
    for question, _ in pairs:
        key = _normal(question, vocabulary)
        if key and key not in position:
            position[key] = len(keys)
            keys.append(key)
    index = _Index(keys)
    group_of: dict[str, Group] = {}  # normalised text -> its group (identical texts always group together)
    groups: list[Group] = []
    indexed: list[Group] = []  # the groups the index knows, by its numbering (texts that normalise to nothing,
    # such as "???", are groups of their own and never indexed)
    for question, reason in pairs:
        key = _normal(question, vocabulary)
        group = group_of.get(key) if key else None
        if group is None:
            found = index.find(position[key]) if key else None
            if found is None:
                group = Group(question, [], set())
                if key:
                    index.add(position[key], len(indexed))
                    indexed.append(group)
                groups.append(group)
            else:
                group = indexed[found]
            if key:
                group_of[key] = group
        group.questions.append(question)
        group.reasons.add(reason)
    return groups


def most_frequent(groups: list[Group]) -> list[Group]:
    """Most asked first; ties keep the order of creation."""
    return sorted(groups, key=lambda g: -g.count)


def unanswered_groups(records: Records, engine: Engine, limit: int = 25) -> list[Group]:
    """Declined and not-helpful questions, minus dismissed ones, grouped, most frequent first."""
    return with_nearest(most_frequent(group_questions(queued(records), engine.matcher.vocabulary))[:limit], engine)


def with_nearest(groups: list[Group], engine: Engine) -> list[Group]:
    """Set each group's nearest entry: the one the matcher ranks first for its title, if it is close enough to
    be offered as a suggestion (an off-topic question has none: "add as phrasing" to a random entry is noise)."""
    for group in groups:
        best = engine.matcher.rank(group.question, limit=1)
        group.nearest = best[0].entry if best and best[0].score >= engine.thresholds.suggest else None
    return groups


class _Index:
    """Finds, for a question, the first group whose title is similar enough (see the module's docstring).

    Questions are numbered by their position in ``keys``, groups by creation. A word of one question *meets*
    another question when that has the word or a word alike it (``_alike``), or, from the question's side, a
    word alike one alike it. A word weighs its length plus one, as in the joined text token_set_ratio compares.
    A candidate title is met by words weighing at least ``SHARE`` of the question, or meets the question with
    words weighing at least ``SHARE`` of the title; with the words taken rarest first, that means meeting at
    least one, two, three of the first few words (``Prefix``), which is what the index checks. Groups are the
    bits of a Python int: the groups having a word are one int, and "at least m of these words" costs a few
    ``|`` and ``&`` per word.
    """

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.words = [list(set(key.split())) for key in keys]
        frequency = Counter(word for words in self.words for word in words)
        self.alike = _alike(frequency)
        rarity = {word: sum(frequency[other] for other in alike) for word, alike in self.alike.items()}
        self.prefixes = [_prefix(words, rarity) for words in self.words]
        self.having: dict[str, int] = {}  # word -> groups whose title has a word alike it
        # meets[m][word] -> groups whose title's prefix, as far as its (m+1)th end, has a word near it (two steps
        # of "alike"); beyond[m]: groups whose title's prefix has no (m+1)th end
        self.meets: list[dict[str, int]] = [{} for _ in range(LEVELS)]
        self.beyond = [0] * LEVELS
        self.indexed: set[str] = set()  # the words in any of meets
        self.titles: list[str] = []  # group -> its title's normalised text

    def candidates(self, number: int) -> int:
        """Groups whose title may be similar to question ``number``, as the bits of an int."""
        having, alike, prefix = self.having, self.alike, self.prefixes[number]
        ends = prefix.ends
        met = [0] * len(ends)  # met[j]: groups met by at least j + 1 of the question's words so far
        found = 0
        level = 0
        for i, word in enumerate(prefix.words, 1):
            groups = 0
            for other in alike[word]:
                groups |= having.get(other, 0)
            for j in range(len(met) - 1, 0, -1):
                met[j] |= met[j - 1] & groups
            met[0] |= groups
            while level < len(ends) and ends[level] == i:
                found = met[level] if level == 0 else found & met[level]
                level += 1
        meets, indexed = self.meets, self.indexed
        met_by = [[0] * (m + 1) for m in range(LEVELS)]  # met_by[m][j]: groups meeting j + 1 words of meets[m]
        for word in self.words[number]:
            if word not in indexed:
                continue
            for m, index in enumerate(meets):
                groups = index.get(word, 0)
                if groups:
                    met = met_by[m]
                    for j in range(m, 0, -1):
                        met[j] |= met[j - 1] & groups
                    met[0] |= groups
        meeting = met_by[0][0]
        for m in range(1, LEVELS):
            meeting &= met_by[m][m] | self.beyond[m]
        return found | meeting

    def find(self, number: int) -> int | None:
        candidates = self.candidates(number)
        key, titles = self.keys[number], self.titles
        while candidates:  # oldest group first
            lowest = candidates & -candidates
            group = lowest.bit_length() - 1
            if fuzz.token_set_ratio(key, titles[group], score_cutoff=SIMILAR) >= SIMILAR:
                return group
            candidates ^= lowest
        return None

    def add(self, number: int, group: int) -> None:
        assert group == len(self.titles)
        self.titles.append(self.keys[number])
        bit, prefix, alike, having = 1 << group, self.prefixes[number], self.alike, self.having
        for word in self.words[number]:
            for other in alike[word]:
                having[other] = having.get(other, 0) | bit
        for m, index in enumerate(self.meets):
            if m >= len(prefix.ends):
                self.beyond[m] |= bit
                continue
            words = prefix.words[: prefix.ends[m]]
            near = {other for w in words for other in alike[w]}
            for word in near:
                index[word] = index.get(word, 0) | bit
            self.indexed |= near


@dataclass(frozen=True, slots=True)
class Prefix:
    """A question's words, rarest first, as far as they matter: a title met by words weighing ``SHARE`` of the
    question meets at least m of ``words[:ends[m - 1]]``."""

    words: list[str]
    ends: list[int]


def _prefix(words: list[str], rarity: dict[str, int]) -> Prefix:
    """After the first i words (rarest first) the words left weigh ``rest``, so a similar title meets words
    weighing ``SHARE * total - rest`` among the first i: at least m of them once the m - 1 heaviest weigh less."""
    ordered = sorted(words, key=lambda w: (rarity[w], w))
    total = sum(len(word) + 1 for word in words)
    rest = total
    ends: list[int] = []
    heaviest: list[int] = []  # the weights of the LEVELS - 1 heaviest words so far, heaviest first
    for i, word in enumerate(ordered, 1):
        weight = len(word) + 1
        rest -= weight
        heaviest = sorted([*heaviest, weight], reverse=True)[: LEVELS - 1]
        while len(ends) < LEVELS and sum(heaviest[: len(ends)]) < SHARE * total - rest:
            ends.append(i)
        if len(ends) == LEVELS:
            break
    return Prefix(ordered[: ends[-1]], ends)


def _signatures(word: str) -> set[str]:
    """Two words within a couple of edits of each other usually share one: the first or the last HEAD letters
    with at most one of them dropped. Words shorter than four letters only match themselves (or a four-letter
    word with one letter more)."""
    if len(word) < 4:
        return {word}
    out: set[str] = set()
    for part in (word[:HEAD], word[-HEAD:]):
        out.add(part)
        out.update(part[:i] + part[i + 1 :] for i in range(len(part)))
    return out


def _alike(vocabulary: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each word -> the words alike it, itself included: within one edit (four letters or fewer) or two (letters
    dropped, added, changed or two swapped); both ``LONG`` letters or more and with a ratio of ``SIMILAR``; or
    one beginning the other ("pakistan", "pakistani"; "react", "reaction"). So a misspelling meets the word.
    Only words sharing a signature are compared."""
    by_signature: dict[str, list[str]] = {}
    signatures: dict[str, set[str]] = {}
    for word in vocabulary:
        signatures[word] = _signatures(word)
        for signature in signatures[word]:
            by_signature.setdefault(signature, []).append(word)
    out: dict[str, tuple[str, ...]] = {}
    for word, sigs in signatures.items():
        pool = list({w for s in sigs for w in by_signature[s]})
        edits = 1 if len(word) <= 4 else 2
        found = {
            other
            for other, distance, _ in process.extract(word, pool, scorer=OSA.distance, score_cutoff=edits, limit=None)
            if distance <= 1 or min(len(word), len(other)) > 4
        }
        if len(word) >= LONG:
            found.update(
                other
                for other, _, _ in process.extract(word, pool, scorer=fuzz.ratio, score_cutoff=SIMILAR, limit=None)
                if len(other) >= LONG
            )
        if len(word) >= HEAD:  # words sharing the first HEAD letters share that signature
            found.update(
                w for w in by_signature[word[:HEAD]] if len(w) >= HEAD and (w.startswith(word) or word.startswith(w))
            )
        found.discard(word)
        out[word] = (word, *sorted(found))
    return out
