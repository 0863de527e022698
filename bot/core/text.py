"""Text normalisation shared by quote checking and matching.

Two different jobs live here: ``fold_for_quote`` keeps every word and only evens out typography, so a quote can
be found in the article whatever quote marks or spacing a moderator typed; ``terms`` reduces a question to the
content words the matcher compares, so "Why did Pakistan's envoy leave?" and "pakistani ambassador recalled"
share vocabulary.

Only the mechanism is here. What the words mean (stop words, synonyms, phrase rewrites, question words) is data,
``knowledge/vocabulary.yaml``, loaded by ``bot.core.vocabulary`` and passed in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import snowballstemmer

if TYPE_CHECKING:
    from bot.core.vocabulary import Vocabulary

# Typographic marks people paste from articles, phones and word processors, folded to ASCII.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2026": "...",
    }
)

_SPACE = re.compile(r"\s+")


def fold_typography(text: str) -> str:
    """Fold quote marks, dashes and odd spaces to ASCII, keeping one character for each (no length change
    except for the ellipsis)."""
    return text.translate(_TYPOGRAPHY)


def fold_for_quote(text: str) -> str:
    """Normalise a quote for verbatim comparison: typography folded, whitespace collapsed, case kept."""
    return _SPACE.sub(" ", fold_typography(text)).strip()


def strip_accents(text: str) -> str:
    if text.isascii():
        return text  # nothing to decompose: the common case, and much faster
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Discord mentions, custom emoji, channel links and URLs say nothing about the question.
_MARKUP = re.compile(
    r"<a?:\w+:\d+>|<[@#][!&]?\d+>|<t:-?\d+(?::[tTdDfFR])?>|</[\w -]+:\d+>|@(?:everyone|here)\b|https?://\S+"
)

_TOKEN = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"'s\b|s'(?=\s|$)")

_STEMMER = snowballstemmer.stemmer("english")


def clean(text: str) -> str:
    """The text phrase rewrites see: typography folded, accents stripped and Discord markup gone, case kept."""
    text = strip_accents(fold_typography(text))
    if "<" not in text and "@" not in text and "http" not in text:
        return text  # every kind of markup starts with one of these
    return _MARKUP.sub(" ", text)


# Where a question that asks several things breaks into parts: after "?" or ";", and at "and" before a question
# word ("when did Iran strike and what did Pakistan call its response").
PART_BREAK = re.compile(
    r"[?;]+\s*(?=\S)|,?\s+and\s+(?=(?:what|when|who|how|why|which|where|did|does|do|is|are|was|were)\b)", re.I
)


def question_parts(text: str) -> list[str]:
    """The parts of a question, in order, each stripped of the punctuation around it; one part when it asks one
    thing."""
    parts = (part.strip(" ,.!?;") for part in PART_BREAK.split(text))
    return [part for part in parts if part]


def normalize(text: str, vocabulary: Vocabulary | None = None) -> str:
    """Lower-case ASCII words separated by single spaces: typography, accents, punctuation and markup gone, and
    the vocabulary's phrase rewrites made ("United States" becomes "usa"). Without a vocabulary, no rewrites:
    the words as written, which is what the checks for duplicate phrasings and the moderators' queue compare."""
    text = clean(text)
    if vocabulary is not None and vocabulary.rewrites:
        text = _rewrite(text, vocabulary, 0)
    text = text.lower()
    if "'" in text:  # every possessive has one
        text = _POSSESSIVE.sub("", text)
    return " ".join(_TOKEN.findall(text.replace("'", "")))


# What a sentence encoder should not read: markdown marks at the edges of words ("**why**", not "5*3"), and emoji
# and other pictographs with their skin tones, variation selectors and keycaps; chat fillers go word by word.
_FORMATTING = re.compile(r"(?<!\w)[*_~|]+|[*_~|]+(?!\w)|^>+ ?", re.M)
_WORDISH = re.compile(r"[\w'-]+")
_REPEATED = re.compile(r"\s*([?!.,])(?:\s*[?!.,])*")  # "strike ??", "so,," and "bro..." keep one mark
_LEADING = re.compile(r"^[\s,.;:!?-]+")


def _shown(c: str) -> str:
    """A character as the sentence keeps it: a pictograph is a space, an invisible format character (a soft
    hyphen, a joiner inside Bengali or Hindi) nothing, the rest itself."""
    if c.isascii():
        return c  # "^", "`" and "|" are formatting or arithmetic, not pictographs
    category = unicodedata.category(c)
    if category in ("So", "Sk", "Me") or "\ufe00" <= c <= "\ufe0f":
        return " "
    if category == "Cf":
        return " " if c == "\u200b" else ""
    return c


def spoken(text: str, fillers: frozenset[str]) -> str:
    """The sentence a sentence encoder compares: the question as written (any script, numbers and accents kept),
    without Discord markup, formatting, emoji or chat fillers ("ngl", "fr fr", "lah"), which say how someone
    talks, not what they ask. The text without its markup when nothing else would be left."""
    written, text = text, _MARKUP.sub(" ", fold_typography(text))
    bare = _FORMATTING.sub("", "".join(map(_shown, text)))

    def kept_word(found: re.Match[str]) -> str:
        word = found.group()
        return "" if word.isascii() and normalize(word) in fillers else word  # "为什么回应ok" is no filler

    kept = " ".join(_WORDISH.sub(kept_word, bare).split())
    kept = _LEADING.sub("", _REPEATED.sub(r"\1", kept))
    if any(c.isalnum() for c in kept):
        return kept
    return " ".join(text.split()) or written


_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Guards:
    """Which rewrites a text may need, found without running them: most texts contain none of their first words.
    A first word made of word characters stands as a whole word in any match, so the text's words are looked up;
    other first words (such as "U.S.") are searched for as substrings."""

    lower: dict[str, tuple[int, ...]]  # a first word, lower-cased -> the rewrites (ignoring case) starting with it
    cased: dict[str, tuple[int, ...]]  # the same for the rewrites that match case
    substrings: tuple[tuple[int, bool, tuple[str, ...]], ...]  # rewrite, match_case, first words not all wordy
    always: tuple[int, ...]  # rewrites whose first words are not known: always tried


@lru_cache(maxsize=16)
def _guards(vocabulary: Vocabulary) -> _Guards:
    lower: dict[str, list[int]] = {}
    cased: dict[str, list[int]] = {}
    substrings: list[tuple[int, bool, tuple[str, ...]]] = []
    always: list[int] = []
    for index, rewrite in enumerate(vocabulary.rewrites):
        needles = rewrite.needles
        if needles is None:
            always.append(index)
        elif all(_WORD.fullmatch(needle) for needle in needles):
            for needle in needles:
                (cased if rewrite.match_case else lower).setdefault(needle, []).append(index)
        else:
            substrings.append((index, rewrite.match_case, needles))
    return _Guards(
        {word: tuple(found) for word, found in lower.items()},
        {word: tuple(found) for word, found in cased.items()},
        tuple(substrings),
        tuple(always),
    )


def _rewrite(text: str, vocabulary: Vocabulary, start: int) -> str:
    """The text with the vocabulary's phrase rewrites from ``start`` on made, in order, each on what the earlier
    ones left."""
    rewrites = vocabulary.rewrites
    if text.isascii():
        # Outside ASCII, case-insensitive matching goes beyond lower() ("ı" is "i"): every rewrite is tried.
        guards = _guards(vocabulary)
        lowered = text.lower()
        tried = set(guards.always)
        for word in guards.lower.keys() & _WORD.findall(lowered):
            tried.update(guards.lower[word])
        if guards.cased:
            for word in guards.cased.keys() & _WORD.findall(text):
                tried.update(guards.cased[word])
        for index, match_case, needles in guards.substrings:
            haystack = text if match_case else lowered
            for needle in needles:
                if needle in haystack:
                    tried.add(index)
                    break
        order: list[int] | range = sorted(tried)
    else:
        order = range(len(rewrites))
    for index in order:
        if index < start:
            continue
        rewrite = rewrites[index]
        if rewrite.pattern.search(text) is None:
            continue  # cheaper than sub, which reads its replacement template first
        return _rewrite(rewrite.pattern.sub(rewrite.replacement, text), vocabulary, index + 1)
    return text


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball's English stemmer (so "restoration" meets "restore"), sparing short words and numbers."""
    if len(word) <= 3 or word.isdigit():
        return word
    return _STEMMER.stemWord(word)


@lru_cache(maxsize=65536)
def canonical(word: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """Map a normalised word to its canonical term(s): synonyms folded, then stemmed (question words are kept as
    they are); stop words and single letters map to nothing."""
    stop_words, synonyms, intent_terms = vocabulary.stop_words, vocabulary.synonyms, vocabulary.intent_terms
    if word in stop_words or (len(word) == 1 and not word.isdigit()):
        return ()
    mapped = synonyms.get(word)
    if mapped is None:
        stemmed = word if word in intent_terms else stem(word)
        if stemmed in stop_words:
            return ()
        mapped = synonyms.get(stemmed)
        if mapped is None:
            return (stemmed,)
    return tuple(part if part in intent_terms else stem(part) for part in mapped)


def terms(text: str, vocabulary: Vocabulary) -> list[str]:
    """The content terms of a text, in order, duplicates kept."""
    out: list[str] = []
    for word in normalize(text, vocabulary).split():
        out.extend(canonical(word, vocabulary))
    return out
