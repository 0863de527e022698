"""The matcher's vocabulary: stop words, synonyms, question words and phrase rewrites, loaded from YAML.

The words live in ``knowledge/vocabulary.yaml``, where moderators can change them, not in code; ``bot.core.text``
applies them. Like the FAQ, the file is checked whole and every problem is reported at once with file, line and
key: wrong types, unknown fields, duplicates, a word in two sections, a synonym that maps a word to itself or
never gets the chance to (a stop word, or a rewrite, gets to it first), a phrase rewrite that can never match, a
pattern that does not compile. A file with any problem never becomes a vocabulary.

Phrase rewrites are written as word sequences, "a/b" giving a choice of words at one place ("hit/hits back");
the loader compiles them to regular expressions that match whole words, ignoring case unless ``match_case`` is
set. A ``pattern`` (a regular expression) is there for what words cannot say.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.core.text import clean, normalize

# The FAQ's YAML reading and its problem reports, so both files are checked and reported the same way.
from bot.core.yamlfile import FAQError, Problem, Scalar, line_of, not_text, parse_yaml, type_name

log = logging.getLogger(__name__)

SCHEMA_FILE = "vocabulary.schema.json"
SECTIONS = ("general", "article")
SECTION_FIELDS = ("intent_terms", "stop_words", "fillers", "synonyms", "phrases")
PHRASE_FIELDS = ("from", "pattern", "to", "match_case")
WORD = re.compile(r"^[a-z0-9]+$")
TERMS = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+)*$")
MAX_SEQUENCES = 1000  # word sequences one phrase rewrite may stand for, its choices multiplied out
_GROUP_REFERENCE = re.compile(r"\\(\d+)|\\g<(\w+)>")
_SAMPLE = "a b 1 x.y A B 21st"  # where a pattern that can match nothing at all would show it


class VocabularyError(FAQError):
    """The vocabulary could not be loaded; ``problems`` lists every reason."""


@dataclass(frozen=True, slots=True)
class Rewrite:
    """One phrase rewrite, compiled: every match of ``pattern`` is replaced by ``replacement``."""

    pattern: re.Pattern[str]
    replacement: str
    line: int | None = None
    # Text one of which any match must contain (lower-cased unless the pattern matches case), so most texts skip
    # the regular expression; None: no such test, always run it.
    needles: tuple[str, ...] | None = None
    match_case: bool = False


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """What the matcher knows about words, both sections merged. Immutable; compared (and cached) by identity."""

    stop_words: frozenset[str]
    synonyms: Mapping[str, tuple[str, ...]]  # word -> its canonical term(s), unstemmed
    intent_terms: frozenset[str]
    rewrites: tuple[Rewrite, ...]  # in the order they run: general's, then article's
    source: str = "vocabulary.yaml"
    # Chat fillers ("ngl", "lah"): stop words (they are in ``stop_words`` too) that are also left out of the
    # sentence compared by meaning, where they pull a question away from the FAQ's phrasings.
    fillers: frozenset[str] = frozenset()
    words: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "synonyms", MappingProxyType(dict(self.synonyms)))
        object.__setattr__(self, "stop_words", frozenset(self.stop_words | self.fillers))  # a filler is dropped too
        named = {target for targets in self.synonyms.values() for target in targets}
        # Every word named here, that a misspelt word may be meant for (the matcher adds the FAQ's and article's).
        object.__setattr__(self, "words", frozenset(self.stop_words | self.synonyms.keys() | named))

    def with_synonyms(self, extra: Mapping[str, tuple[str, ...]]) -> Vocabulary:
        """This vocabulary plus the FAQ's own (moderators') synonyms. Lenient: a word this file already maps,
        or drops, keeps its meaning here (``check_faq_synonyms`` reports such words when the FAQ is saved or
        loaded), so a hand-edited FAQ can never change how the file's words are read."""
        targets = _targets(self.synonyms)
        added = {
            word: terms
            for word, terms in extra.items()
            if word not in self.synonyms
            and word not in self.stop_words
            and word not in self.intent_terms
            and word not in targets
        }
        if not added:
            return self
        return Vocabulary(
            stop_words=self.stop_words,
            synonyms={**self.synonyms, **added},
            intent_terms=self.intent_terms,
            rewrites=self.rewrites,
            source=f"{self.source} and the FAQ's synonyms",
            fillers=self.fillers,
        )

    def describe(self) -> str:
        """How much it holds, for `faqbot validate`."""
        return (
            f"{len(self.stop_words)} stop words, {len(self.synonyms)} synonyms, "
            f"{len(self.rewrites)} phrase rewrites, {len(self.intent_terms)} intent terms"
            + (f" ({len(self.fillers)} of the stop words are chat fillers)" if self.fillers else "")
        )


# --- compiling phrase rewrites ----------------------------------------------------------------------------------


def sequences(text: str) -> list[str]:
    """The word sequences a ``from`` line stands for: "hit/hits back" is "hit back" and "hits back"."""
    choices = [word.split("/") for word in text.split()]
    return [" ".join(words) for words in itertools.product(*choices)]


def compile_words(lines: list[str], *, match_case: bool) -> re.Pattern[str]:
    """A regular expression matching any of the lines' word sequences as whole words, with any space between."""
    alternatives = []
    for line in sorted(lines, key=lambda line: len(line.split()), reverse=True):  # the longest sequence wins
        words = []
        for word in line.split():
            # Where several choices would match, the longest wins.
            options = [re.escape(option) for option in sorted(word.split("/"), key=len, reverse=True)]
            words.append(options[0] if len(options) == 1 else f"(?:{'|'.join(options)})")
        alternatives.append(r"\s+".join(words))
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", 0 if match_case else re.IGNORECASE)


def first_words(lines: list[str], *, match_case: bool) -> tuple[str, ...] | None:
    """Words one of which any match of ``compile_words(lines)`` contains as a whole word (lower-cased unless
    matching case): from each line, the choices at one place, the place whose shortest choice is longest (a long
    word is a rarer one, so the test passes over more texts: "optimistic", not "it"). None when that cannot be
    said with a substring test (a choice outside ASCII)."""
    if not all(line.split() for line in lines):
        return None
    needles: set[str] = set()
    for line in lines:
        places = [word.split("/") for word in line.split()]
        needles.update(max(places, key=lambda options: min(len(option) for option in options)))
    if not all(needle and needle.isascii() for needle in needles):
        return None
    return tuple(sorted(needle if match_case else needle.lower() for needle in needles))


# --- validation -------------------------------------------------------------------------------------------------


def _flag(value: Any) -> bool | None:
    """true or false as YAML wrote it (the FAQ's loader keeps such values as written); None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Scalar) and value.kind == "true/false":
        return value.text.lower() in {"true", "yes", "on", "y"}
    return None


@dataclass(frozen=True, slots=True)
class _Place:
    section: str
    line: int | None

    def __str__(self) -> str:
        return f"{self.section}, line {self.line}" if self.line else self.section


@dataclass(slots=True)
class _Phrase:
    """A phrase rewrite that passed its own checks, waiting for the checks across rewrites."""

    label: str
    line: int | None
    rewrite: Rewrite
    sequences: list[tuple[int | None, str]]  # (line, sequence); none for a pattern
    to: str


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.stop_words: dict[str, _Place] = {}
        self.synonyms: dict[str, tuple[tuple[str, ...], _Place]] = {}
        self.intent_terms: dict[str, _Place] = {}
        self.fillers: set[str] = set()  # stop words listed as fillers (``stop_words`` holds them too)
        self.phrases: list[_Phrase] = []

    def add(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.source, line, None, message))

    def word(self, key: str, value: Any, line: int | None, name: str) -> str | None:
        """``value`` if it is one word as normalisation leaves it; else report why not and return None."""
        if not isinstance(value, str):
            self.add(line, f"{key}: " + not_text(name, value))
            return None
        if WORD.match(value):
            return value
        read = normalize(value)
        if not value.strip():
            self.add(line, f"{key}: {name} must not be empty")
        elif not read:
            self.add(line, f"{key}: '{value}' has no letters or digits, so it can never match")
        elif " " in read:
            self.add(line, f"{key}: '{value}' can never match: normalisation reads it as the words '{read}'")
        else:
            self.add(line, f"{key}: '{value}' must be written as normalisation reads it: '{read}'")
        return None

    def words(self, section: str, data: Mapping[Any, Any], kind: str) -> None:
        """A list of words: stop words, fillers (stop words of their own list) or intent terms."""
        key = f"{section}.{kind}"
        raw = data[kind]
        if not isinstance(raw, list):
            self.add(line_of(data, kind), f"{key} must be a list of words, not {type_name(raw)}")
            return
        seen: dict[str, _Place] = self.intent_terms if kind == "intent_terms" else self.stop_words
        for index, item in enumerate(raw):
            line = line_of(raw, index)
            word = self.word(key, item, line, f"item {index + 1}")
            if word is None:
                continue
            if word in seen:
                first = seen[word]
                where = f"first at line {first.line}" if first.section == section else f"also in {first}"
                if kind != "intent_terms" and (kind == "fillers") != (word in self.fillers):
                    where += "; a filler is a stop word already, list it once"
                self.add(line, f"{key}: '{word}' is listed twice ({where})")
                continue
            seen[word] = _Place(section, line)
            if kind == "fillers":
                self.fillers.add(word)

    def synonym_map(self, section: str, data: Mapping[Any, Any]) -> None:
        key = f"{section}.synonyms"
        raw = data["synonyms"]
        if not isinstance(raw, dict):
            self.add(
                line_of(data, "synonyms"), f"{key} must be a mapping of word to canonical term(s), not {type_name(raw)}"
            )
            return
        for word, line in getattr(raw, "duplicates", []):
            self.add(line, f"{key}: '{word}' is given twice")
        for word, target in raw.items():
            line = line_of(raw, word)
            checked = self.word(key, word, line, "a word")
            if checked is None:
                continue
            if not isinstance(target, str):
                self.add(line, f"{key}: " + not_text(f"what '{checked}' maps to", target))
                continue
            if not TERMS.match(target):
                read = normalize(target)
                hint = f": '{read}'" if read else ""
                self.add(
                    line,
                    f"{key}: '{checked}' maps to '{target}', which must be written as normalisation reads it{hint}",
                )
                continue
            if checked in self.synonyms:
                self.add(line, f"{key}: '{checked}' is listed twice (also in {self.synonyms[checked][1]})")
                continue
            self.synonyms[checked] = (tuple(target.split()), _Place(section, line))

    def phrase_list(self, section: str, data: Mapping[Any, Any]) -> None:
        key = f"{section}.phrases"
        raw = data["phrases"]
        if not isinstance(raw, list):
            self.add(line_of(data, "phrases"), f"{key} must be a list of rewrites, not {type_name(raw)}")
            return
        for index, item in enumerate(raw):
            phrase = self.phrase(f"{key} {index + 1}", raw, index, item)
            if phrase is not None:
                self.phrases.append(phrase)

    def phrase(self, label: str, parent: list[Any], index: int, raw: Any) -> _Phrase | None:
        line = line_of(parent, index)
        if not isinstance(raw, dict):
            self.add(line, f"{label} must be a mapping with 'from' (or 'pattern') and 'to', not {type_name(raw)}")
            return None
        before = len(self.problems)
        for name in raw:
            if name not in PHRASE_FIELDS:
                self.add(line_of(raw, name), f"{label}: unknown field '{name}' (allowed: {', '.join(PHRASE_FIELDS)})")
        for name, duplicate_line in getattr(raw, "duplicates", []):
            self.add(duplicate_line, f"{label}: field '{name}' is given twice")
        if "from" in raw and "pattern" in raw:
            self.add(line, f"{label}: give 'from' or 'pattern', not both")
        elif "from" not in raw and "pattern" not in raw:
            self.add(line, f"{label}: missing field 'from' (or 'pattern')")
        if "to" not in raw:
            self.add(line, f"{label}: missing field 'to'")
        match_case = _flag(raw.get("match_case", False))
        if match_case is None:
            value = raw["match_case"]
            self.add(line_of(raw, "match_case"), f"{label}: match_case must be true or false, not {type_name(value)}")
        to = raw.get("to")
        if "to" in raw and not isinstance(to, str):
            self.add(line_of(raw, "to"), f"{label}: " + not_text("to", to))
        if len(self.problems) > before or not isinstance(to, str) or match_case is None:
            return None
        if "pattern" in raw:
            return self.pattern(label, raw, to, match_case)
        return self.word_rewrite(label, raw, to, match_case)

    def word_rewrite(self, label: str, raw: Mapping[Any, Any], to: str, match_case: bool) -> _Phrase | None:
        line = line_of(raw)
        if to and not TERMS.match(to):
            self.add(
                line_of(raw, "to"), f"{label}: to must be lower-case words (letters and digits) or \"\", not '{to}'"
            )
            return None
        value = raw["from"]
        items: list[tuple[int | None, Any]]
        if isinstance(value, list):
            items = [(line_of(value, i), item) for i, item in enumerate(value)]
            if not items:
                self.add(line_of(raw, "from"), f"{label}: from must not be empty")
        else:
            items = [(line_of(raw, "from"), value)]
        before = len(self.problems)
        lines: list[str] = []
        found: list[tuple[int | None, str]] = []
        for item_line, item in items:
            if not isinstance(item, str):
                self.add(item_line, f"{label}: " + not_text("from", item))
                continue
            if not item.strip():
                self.add(item_line, f"{label}: from must not be empty")
                continue
            if any(not choice for word in item.split() for choice in word.split("/")):
                self.add(item_line, f"{label}: '{item}' has an empty choice (a '/' with no word on one side)")
                continue
            expanded = sequences(item)
            if len(expanded) > MAX_SEQUENCES:
                self.add(
                    item_line,
                    f"{label}: '{item}' stands for {len(expanded)} word sequences; the limit is {MAX_SEQUENCES}",
                )
                continue
            for sequence in expanded:
                if not normalize(sequence):
                    self.add(item_line, f"{label}: '{sequence}' has no letters or digits, so it can never match")
                elif to and normalize(sequence) == to:
                    self.add(item_line, f"{label}: '{sequence}' is rewritten to itself ('{to}'); remove it")
                else:
                    found.append((item_line, sequence))
            lines.append(item.strip())
        if len(self.problems) > before or not lines:
            return None
        rewrite = Rewrite(
            compile_words(lines, match_case=match_case),
            f" {to} ",
            line,
            needles=first_words(lines, match_case=match_case),
            match_case=match_case,
        )
        return _Phrase(label, line, rewrite, found, to)

    def pattern(self, label: str, raw: Mapping[Any, Any], to: str, match_case: bool) -> _Phrase | None:
        line = line_of(raw, "pattern")
        value = raw["pattern"]
        if not isinstance(value, str):
            self.add(line, f"{label}: " + not_text("pattern", value))
            return None
        try:
            compiled = re.compile(value, 0 if match_case else re.IGNORECASE)
        except re.error as exc:
            self.add(line, f"{label}: pattern does not compile: {exc.msg} (at character {(exc.pos or 0) + 1})")
            return None
        if compiled.match("") or any(m.start() == m.end() for m in compiled.finditer(_SAMPLE)):
            self.add(line, f"{label}: pattern can match empty text, so it would rewrite between any two letters")
            return None
        plain = _GROUP_REFERENCE.sub(" x ", to).strip()
        if plain and not TERMS.match(" ".join(plain.split())):
            self.add(
                line_of(raw, "to"),
                f"{label}: to must be lower-case words and group references (\\1, \\g<name>), not '{to}'",
            )
            return None
        for number, name in _GROUP_REFERENCE.findall(to):
            if number and int(number) > compiled.groups:
                self.add(line_of(raw, "to"), f"{label}: to refers to group {number}, which the pattern does not have")
                return None
            if name and name not in compiled.groupindex and not (name.isdigit() and int(name) <= compiled.groups):
                self.add(line_of(raw, "to"), f"{label}: to refers to group '{name}', which the pattern does not have")
                return None
        return _Phrase(label, line_of(raw), Rewrite(compiled, f" {to} ", line_of(raw)), [], to)

    # --- across the file ---

    def across(self) -> None:
        """Rules that look at several entries at once."""
        for word, (targets, place) in self.synonyms.items():
            key = f"{place.section}.synonyms"
            if word in self.stop_words:
                self.add(
                    place.line,
                    f"{key}: '{word}' is also a stop word ({self.stop_words[word]}), and stop words are dropped first; "
                    "remove one of them",
                )
            elif targets == (word,):
                self.add(place.line, f"{key}: '{word}' maps to itself; remove it")
            elif len(word) == 1 and not word.isdigit():
                self.add(place.line, f"{key}: '{word}' can never match: single letters are dropped")
            for target in targets:
                if target in self.stop_words:
                    self.add(
                        place.line,
                        f"{key}: '{word}' maps to '{target}', a stop word ({self.stop_words[target]}); "
                        f"make '{word}' a stop word instead, or map it to a content word",
                    )
                elif target != word and target in self.synonyms:
                    further, where = self.synonyms[target]
                    self.add(
                        place.line,
                        f"{key}: '{word}' maps to '{target}', which is itself a synonym (of '{' '.join(further)}', "
                        f"{where}); synonyms are not followed twice, so map '{word}' to '{' '.join(further)}'",
                    )
        for word, place in self.intent_terms.items():
            key = f"{place.section}.intent_terms"
            if word in self.stop_words:
                self.add(
                    place.line,
                    f"{key}: '{word}' is also a stop word ({self.stop_words[word]}); a stop word is never a term",
                )
            elif word in self.synonyms:
                targets, where = self.synonyms[word]
                self.add(
                    place.line,
                    f"{key}: '{word}' is also a synonym (of '{' '.join(targets)}', {where}), so it never stays itself",
                )
        self.rewrites_across()

    def rewrites_across(self) -> None:
        """Phrase rewrites that repeat one another or that normalisation or an earlier rewrite leave no text for,
        and words that a rewrite always changes before they could be looked up."""
        seen: dict[str, int | None] = {}
        for position, phrase in enumerate(self.phrases):
            for line, sequence in phrase.sequences:
                folded = sequence.lower()
                if folded in seen:
                    first = seen[folded]
                    where = f" (also at line {first})" if first else ""
                    self.add(line, f"{phrase.label}: '{sequence}' is rewritten twice{where}")
                    continue
                seen[folded] = line
                cleaned = clean(sequence)
                if cleaned != sequence:
                    self.add(
                        line,
                        f"{phrase.label}: '{sequence}' can never match: normalisation turns it into "
                        f"'{' '.join(cleaned.split())}' first",
                    )
                    continue
                earlier = self._rewritten(sequence, self.phrases[:position], phrase.rewrite.pattern)
                if earlier is not None:
                    by, text = earlier
                    self.add(
                        line,
                        f"{phrase.label}: '{sequence}' can never match: the rewrite at line {by.line} turns it "
                        f"into '{text}' first",
                    )
        for kind, entries in (
            ("stop_words", self.stop_words),
            ("synonyms", {w: p for w, (_, p) in self.synonyms.items()}),
            ("intent_terms", self.intent_terms),
        ):
            for word, place in entries.items():
                earlier = self._rewritten(word, self.phrases, None)
                if earlier is not None:
                    by, text = earlier
                    listed = "fillers" if word in self.fillers else kind
                    self.add(
                        place.line,
                        f"{place.section}.{listed}: '{word}' can never match: the rewrite at line {by.line} turns it "
                        f"into '{text}' first",
                    )

    @staticmethod
    def _rewritten(text: str, phrases: list[_Phrase], own: re.Pattern[str] | None) -> tuple[Rewrite, str] | None:
        """The first of ``phrases`` after which ``text`` no longer reads as itself (no longer matches ``own``, or
        for a word, is no longer that word), with what it reads as then; None if none does."""
        current = text
        for phrase in phrases:
            rewritten = phrase.rewrite.pattern.sub(phrase.rewrite.replacement, current)
            if rewritten == current:
                continue
            current = rewritten
            gone = own.search(current) is None if own is not None else normalize(current) != text
            if gone:
                return phrase.rewrite, normalize(current) or " ".join(current.split())
        return None


def _body_line(body: Mapping[Any, Any]) -> Callable[[str], int]:
    """A section's field's line, for ordering fields as the file does (unknown lines last)."""
    return lambda key: line_of(body, key) or 1 << 30


def validate_vocabulary(data: Any, *, source: str) -> Vocabulary:
    """Check parsed vocabulary data against every rule; return the Vocabulary or raise VocabularyError."""
    check = _Checker(source)
    if not isinstance(data, dict):
        check.add(
            line_of(data) or 1,
            f"the file must be a mapping with the sections {' and '.join(SECTIONS)}, not {type_name(data)}",
        )
        raise VocabularyError(check.problems)
    for name, line in getattr(data, "duplicates", []):
        check.add(line, f"section '{name}' is given twice")
    for name in data:
        if name not in SECTIONS:
            check.add(line_of(data, name), f"unknown section '{name}' (allowed: {', '.join(SECTIONS)})")
    for section in SECTIONS:
        if section not in data:
            continue
        body = data[section]
        if body is None:
            continue  # an empty section
        if not isinstance(body, dict):
            check.add(
                line_of(data, section),
                f"{section} must be a mapping (of {', '.join(SECTION_FIELDS)}), not {type_name(body)}",
            )
            continue
        for name, line in getattr(body, "duplicates", []):
            check.add(line, f"{section}: field '{name}' is given twice")
        for name in body:
            if name not in SECTION_FIELDS:
                check.add(
                    line_of(body, name), f"{section}: unknown field '{name}' (allowed: {', '.join(SECTION_FIELDS)})"
                )
        # In file order, so that a word listed twice is reported where it comes second.
        for kind in sorted((k for k in ("intent_terms", "stop_words", "fillers") if k in body), key=_body_line(body)):
            check.words(section, body, kind)
        if "synonyms" in body:
            check.synonym_map(section, body)
        if "phrases" in body:
            check.phrase_list(section, body)
    check.across()
    if check.problems:
        raise VocabularyError(sorted(check.problems, key=lambda p: p.line or 0))
    return Vocabulary(
        stop_words=frozenset(check.stop_words),
        synonyms={word: targets for word, (targets, _) in check.synonyms.items()},
        intent_terms=frozenset(check.intent_terms),
        rewrites=tuple(p.rewrite for p in check.phrases),
        source=source,
        fillers=frozenset(check.fillers),
    )


def check_faq_synonyms(
    synonyms: Mapping[str, tuple[str, ...]],
    vocabulary: Vocabulary,
    *,
    source: str,
    lines: Mapping[str, int | None] | None = None,
    only: Collection[str] | None = None,
) -> list[Problem]:
    """What is wrong with the FAQ's synonyms given the vocabulary they are read with: a word the vocabulary
    already maps or drops (the FAQ's synonym would never be used), a word the vocabulary reads other words as
    (remapping it would cut them off), a term that is a stop word or itself a synonym (synonyms are not followed
    twice). ``only``: check just these words (a moderator's change), the others are only looked up."""
    problems: list[Problem] = []
    file = vocabulary.source
    targets = _targets(vocabulary.synonyms)

    def add(word: str, message: str) -> None:
        problems.append(Problem(source, (lines or {}).get(word), None, f"synonyms: {message}"))

    for word, terms in synonyms.items():
        if only is not None and word not in only:
            continue
        if word in vocabulary.stop_words:
            add(word, f"'{word}' is a stop word in {file}, so it is dropped before synonyms are looked up")
        elif word in vocabulary.intent_terms:
            add(word, f"'{word}' is a question word in {file}; it is kept as it is")
        elif word in targets:
            others = ", ".join(sorted(targets[word])[:4])
            add(
                word,
                f"'{word}' is the word {file} reads {others} as; giving it another meaning would cut those off "
                f"(map the new word to '{word}' instead)",
            )
        elif word in vocabulary.synonyms:
            already = " ".join(vocabulary.synonyms[word])
            if vocabulary.synonyms[word] == terms:
                add(word, f"'{word}' already means '{already}' in {file}; nothing to add")
            else:
                add(word, f"'{word}' already means '{already}' in {file}; change it there")
        for term in terms:
            if term in vocabulary.stop_words:
                add(word, f"'{word}' maps to '{term}', a stop word in {file}; map it to a content word")
            elif term != word and (term in vocabulary.synonyms or term in synonyms):
                further = " ".join(vocabulary.synonyms.get(term) or synonyms[term])
                add(
                    word,
                    f"'{word}' maps to '{term}', which is itself a synonym (of '{further}'); synonyms are not "
                    f"followed twice, so map '{word}' to '{further}'",
                )
    return problems


def _targets(synonyms: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """Each canonical term and the words read as it."""
    found: dict[str, list[str]] = {}
    for word, terms in synonyms.items():
        for term in terms:
            if term != word:
                found.setdefault(term, []).append(word)
    return found


def parse_vocabulary(text: str, *, source: str) -> Vocabulary:
    """Read and validate vocabulary YAML; any problem raises FAQError listing all of them."""
    try:
        data = parse_yaml(text, source)
    except FAQError as error:
        raise VocabularyError(error.problems) from error
    return validate_vocabulary(data, source=source)


def load_vocabulary(path: Path) -> Vocabulary:
    """Read and validate a vocabulary file; any problem raises VocabularyError and nothing is returned."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise VocabularyError([Problem(str(path), None, None, f"cannot read the file: {exc.strerror or exc}")]) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise VocabularyError([Problem(path.name, line, None, "the file is not UTF-8 text")]) from exc
    return parse_vocabulary(text, source=path.name)
