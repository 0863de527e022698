"""The known word a misspelt word most likely meant, without comparing it to the whole vocabulary.

``closest`` gives exactly what ``rapidfuzz.process.extractOne(word, sorted(words), scorer=fuzz.ratio,
score_cutoff=cutoff)`` gives, but compares the word only to the few known words that could reach the cutoff: those
sharing enough distinct letter pairs (bigrams) with it, found through an index of which words hold each pair.

Why the filter loses nothing: ``fuzz.ratio`` is ``200 * LCS / (L + M)`` for words of lengths L and M with a
longest common subsequence LCS, so a cutoff bounds LCS from below. Turning the word into the known one deletes
``L - LCS`` of its letters and inserts ``M - LCS``; each deleted letter breaks at most two of its letter pairs and
each inserted one at most one, and every pair left unbroken is a pair of the known word. So the two share at least
``pairs(word) - 2 * (L - LCS) - (M - LCS)`` distinct pairs, a bound that depends only on the lengths.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import KeysView
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from spellchecker import SpellChecker

COMMON_COUNT = 1000  # pyspellchecker's English list: about the 19,000 most frequent words reach this count


@functools.cache
def common_words() -> frozenset[str]:
    """The English words common enough that a question using one meant it, not a known word it resembles:
    "nuclear" is not a typo of "clear", nor "telling" of "selling", "stuck" of "struck" or "truce" of "true".
    Rarer words still count as possible typos ("navel" for "naval", "minster" for "minister"). The cost: a typo
    that is itself a common word ("attach" for "attack", "trail" for "trial") stays as typed; on the eval sets
    more questions gained than lost. The list is pyspellchecker's English word frequencies (from subtitles; the
    dependency is pinned below 0.10, so the list does not change under us); read once per process, about 0.1 s."""
    return frozenset(word for word, count in _frequencies().items() if count >= COMMON_COUNT)


@functools.cache
def _checker() -> SpellChecker:
    from spellchecker import SpellChecker  # imported here: only the matcher's first build needs it

    return SpellChecker(language="en", distance=1)


def _frequencies() -> dict[str, int]:
    counts: dict[str, int] = _checker().word_frequency.dictionary
    return counts


def english_words() -> KeysView[str]:
    """Every word of the same English list, however rare ("kudos", "fordow" is not): a word no entry knows that
    is not English either is likely another language's (see ``bot.core.matcher.FOREIGN_WEIGHT``). The list's own
    keys: no copy of its 160,000 words."""
    return _frequencies().keys()


@functools.lru_cache(maxsize=4096)
def likeliest(word: str) -> str | None:
    """The most frequent English word one edit away from ``word`` (a letter left out, added, changed, or two swapped):
    what a typist most likely meant ("comander" is "commander", "thats" is "that" rather than "whats"); None
    when no English word is one edit away. pyspellchecker's own candidates; ties go to the later word in
    alphabetical order, not to set order (``SpellChecker.correction`` would differ between runs)."""
    checker = _checker()
    found = checker.known(checker.edit_distance_1(word)) - {word}
    counts = _frequencies()
    return max(found, key=lambda edit: (counts[edit], edit)) if found else None


@functools.cache
def country_names() -> tuple[str, ...]:
    """The one-word names of the world's countries (ISO 3166, from pycountry, which tracks Debian's iso-codes),
    lower-cased, leaving out common English words ("jersey", "reunion" once its accent is gone: the matcher checks
    again after reading them): a question naming a country that no entry knows may be about somewhere else."""
    import pycountry  # imported here: only the matcher's first build needs it

    names = {
        value.lower()
        for country in pycountry.countries
        for field in ("name", "common_name", "official_name")
        if isinstance(value := getattr(country, field, None), str) and value.isalpha()  # not "Timor-Leste"
    }
    return tuple(sorted(names - common_words()))


class Spelling:
    """An index over known words for ``closest``. Built once per vocabulary; cheap (numpy over all letters)."""

    def __init__(self, words: frozenset[str] | set[str], cutoff: float) -> None:
        self.words = sorted(words)
        self.cutoff = cutoff
        # A bound a little looser than the cutoff: the filter must keep every word rapidfuzz's floating point
        # could let through.
        self._share = (cutoff - 1) / 200
        ascii_words = [w.isascii() for w in self.words]
        self._always = np.flatnonzero(~np.array(ascii_words, bool)) if self.words else np.zeros(0, np.intp)
        lengths = np.array([len(w) for w in self.words], np.int64)
        self._lengths = lengths
        self._longest = int(lengths.max()) if self.words else 0
        self._needs: dict[tuple[int, int], NDArray[np.int64]] = {}
        self._holders: dict[int, NDArray[np.int32]] = {}  # a letter pair -> the positions of the words holding it
        if not self.words:
            return
        # Every adjacent pair of bytes inside a word, as one number, with the word's position; a pair once per word.
        text = np.frombuffer("\0".join(self.words).encode("utf-8", "surrogatepass"), np.uint8).astype(np.int64)
        codes = text[:-1] * 256 + text[1:]
        owner = np.repeat(np.arange(len(self.words), dtype=np.int64), [len(w.encode("utf-8")) + 1 for w in self.words])
        owner = owner[: len(codes)]
        inside = (text[:-1] != 0) & (text[1:] != 0)
        keys = np.unique(owner[inside] * 65536 + codes[inside])
        pair_codes = keys % 65536
        order = np.argsort(pair_codes, kind="stable")
        holders = (keys // 65536)[order].astype(np.int32)  # by pair, then by word position
        codes_present, counts = np.unique(pair_codes[order], return_counts=True)
        ends = np.cumsum(counts).tolist()
        for code, end, count in zip(codes_present.tolist(), ends, counts.tolist(), strict=True):
            self._holders[code] = holders[end - count : end]

    def _needed(self, length: int, pairs: int) -> NDArray[np.int64]:
        """For each length a known word may have: the fewest distinct pairs it must share with a word of ``length``
        letters and ``pairs`` distinct pairs to possibly reach the cutoff (more than any word has: it cannot)."""
        found = self._needs.get((length, pairs))
        if found is None:
            found = np.full(self._longest + 1, np.iinfo(np.int64).max)
            for other in range(self._longest + 1):
                common = math.ceil(self._share * (length + other))  # the longest common subsequence is at least this
                if common <= min(length, other):
                    found[other] = pairs - (2 * (length - common) + (other - common))
            self._needs[(length, pairs)] = found
        return found

    def closest(self, word: str) -> str | None:
        """The best-scoring known word at or above the cutoff (the first in sorted order on a tie), or None."""
        if not self.words:
            return None
        if not word.isascii():
            found = process.extractOne(word, self.words, scorer=fuzz.ratio, score_cutoff=self.cutoff)
            return found[0] if found else None
        pairs = {ord(a) * 256 + ord(b) for a, b in itertools.pairwise(word)}
        held = [self._holders[p] for p in pairs if p in self._holders]
        counts = np.bincount(np.concatenate(held) if held else held, minlength=len(self.words))
        possible = np.flatnonzero(counts >= self._needed(len(word), len(pairs))[self._lengths])
        if len(self._always):
            possible = np.union1d(possible, self._always)
        if not len(possible):
            return None
        choices = [self.words[i] for i in possible.tolist()]
        found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=self.cutoff)
        return found[0] if found else None
