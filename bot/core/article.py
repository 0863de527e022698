"""The article: its numbered paragraphs, and finding a quote in it.

Quotes are the bot's evidence, so they are checked against the article text at load time. A quote matches when
it is the same text up to typographic quote marks and whitespace; what the bot shows is always the article's own
characters, cut from the article, never the moderator's copy.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rapidfuzz import fuzz

from bot.core.text import fold_typography

log = logging.getLogger(__name__)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u2018\u201c\"'(])")
_ABBREVIATIONS = ("Gen.", "Mr.", "Dr.", "St.", "No.")


@dataclass(frozen=True, slots=True)
class Citation:
    """A verbatim passage of the article and the 1-based number of the paragraph it lies in."""

    paragraph: int
    text: str


@dataclass(frozen=True, slots=True)
class ClosestPassage:
    """The article passage most like a quote that is not in it, offered so the fix is obvious."""

    paragraph: int
    text: str
    similarity: float


class _Folded:
    """A paragraph with typography folded and whitespace collapsed, remembering where each character came from."""

    __slots__ = ("origin", "original", "text")

    def __init__(self, original: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(original):
            if char.isspace():
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    origin.append(index)
                continue
            for folded in fold_typography(char):
                chars.append(folded)
                origin.append(index)
        while chars and chars[-1] == " ":
            chars.pop()
            origin.pop()
        self.original = original
        self.text = "".join(chars)
        self.origin = origin

    def original_span(self, start: int, end: int) -> str:
        return self.original[self.origin[start] : self.origin[end - 1] + 1]


def split_sentences(paragraph: str) -> list[str]:
    pieces = _SENTENCE_END.split(paragraph.strip())
    sentences: list[str] = []
    for piece in pieces:
        if sentences and sentences[-1].endswith(_ABBREVIATIONS):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


class Article:
    """The pinned source text, split into paragraphs on blank lines and numbered from 1."""

    def __init__(self, text: str, *, path: Path | None = None) -> None:
        self.text = text
        self.path = path
        self.paragraphs: list[str] = [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
        self._folded = [_Folded(p) for p in self.paragraphs]

    @classmethod
    def from_file(cls, path: Path) -> Article:
        return cls(path.read_text(encoding="utf-8"), path=path)

    @cached_property
    def sentences(self) -> list[list[str]]:
        """Each paragraph's sentences, for coverage reports."""
        return [split_sentences(p) for p in self.paragraphs]

    def locate(self, quote: str) -> Citation | None:
        """Find a quote in one paragraph, up to typography and whitespace; return the article's own text."""
        needle = " ".join(fold_typography(quote).split())
        if not needle:
            return None
        for number, folded in enumerate(self._folded, start=1):
            start = folded.text.find(needle)
            if start >= 0:
                return Citation(number, folded.original_span(start, start + len(needle)))
        return None

    @cached_property
    def _passages(self) -> list[tuple[int, str, str]]:
        """Sentences and their clauses, folded and as written: the units a closest-passage hint is cut from."""
        out: list[tuple[int, str, str]] = []
        for number, sentences in enumerate(self.sentences, start=1):
            for sentence in sentences:
                clauses = [sentence, *(c for c in re.split(r"(?<=[;,])\s+", sentence) if len(c) > 20)]
                for clause in dict.fromkeys(clauses):
                    out.append((number, " ".join(fold_typography(clause).split()), clause))
        return out

    def closest(self, quote: str) -> ClosestPassage | None:
        """The sentence or clause of the article that best resembles a quote that is not verbatim in it."""
        needle = " ".join(fold_typography(quote).split())
        if not needle:
            return None
        best: ClosestPassage | None = None
        for number, folded, original in self._passages:
            # A quote is usually part of a sentence: how well it fits inside one counts nearly as much as how
            # alike the two are whole.
            score = max(fuzz.ratio(needle, folded), 0.95 * fuzz.partial_ratio(needle, folded))
            if best is None or score > best.similarity:
                best = ClosestPassage(number, original, score)
        return best
