"""The article: what it is, its numbered paragraphs, and finding a quote in it.

Quotes are the bot's evidence, so they are checked against the article text at load time. A quote matches when
it is the same text up to typographic quote marks and whitespace; what the bot shows is always the article's own
characters, cut from the article, never the moderator's copy.

What the article is (title, author, date, kind of piece, subject) is data too: ``article.yaml`` beside the text,
validated like the FAQ, and the one place every front-end takes the article's identity from.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from bot.core.text import fold_typography
from bot.core.yamlfile import Checker, FAQError, Problem, Scalar, line_of, parse_yaml, type_name

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
        """The article's own text for the folded characters ``start`` to ``end``."""
        return self.original[self.origin[start] : self.origin[end - 1] + 1]


def split_sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences, keeping abbreviations such as "Gen." inside their sentence."""
    pieces = _SENTENCE_END.split(paragraph.strip())
    sentences: list[str] = []
    for piece in pieces:
        if sentences and sentences[-1].endswith(_ABBREVIATIONS):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


MONTH_NAMES = r"January|February|March|April|May|June|July|August|September|October|November|December"
_INNER_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w/-]+")  # not a paragraph's or a sentence's first word


class Article:
    """The pinned source text, split into paragraphs on blank lines and numbered from 1, and what it is.

    ``load_article`` reads both the text and its metadata; ``Article(text)`` and ``from_file`` give the text
    alone, which is all quote lookup needs."""

    def __init__(self, text: str, *, path: Path | None = None, meta: ArticleMeta | None = None) -> None:
        self.text = text
        self.path = path
        self.paragraphs: list[str] = [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
        self._folded = [_Folded(p) for p in self.paragraphs]
        self._meta = meta

    @classmethod
    def from_file(cls, path: Path) -> Article:
        """The article text in a UTF-8 file, without its metadata."""
        return cls(path.read_text(encoding="utf-8"), path=path)

    @cached_property
    def inner_capitals(self) -> list[frozenset[str]]:
        """Per paragraph, the words capitalised inside a sentence: names ("China", "Salala"), where "Since" or
        "Therefore" are capitalised only for starting one."""
        return [frozenset(_INNER_CAPITAL.findall(paragraph)) for paragraph in self.paragraphs]

    @cached_property
    def lower_words(self) -> frozenset[str]:
        """The words the article writes in lower case somewhere: common words, not names ("trade", not "Trade"
        in "Preferential Trade Agreement")."""
        return frozenset(re.findall(r"\b[a-z][\w-]*", self.text))

    @property
    def meta(self) -> ArticleMeta:
        """What the article is (title, date, kind, subject), as ``article.yaml`` says."""
        if self._meta is None:
            raise LookupError("this article was read without its metadata; read it with load_article()")
        return self._meta

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


# --- what the article is: article.yaml ---------------------------------------------------------------------------

META_SUFFIX = ".yaml"
META_FIELDS = (
    "title",
    "author",
    "date",
    "kind",
    "subject",
    "short_subject",
    "example_question",
    "source",
    "paragraphs",
)
UNKNOWABLE = ("title", "author", "date")  # null when not known
# The short subject ends the `/ask` command's description ("Ask a question about the article on …"), which
# Discord limits to 100 characters; the example question follows "Example: `/ask question: …`" in a reply.
META_LIMITS = {
    "title": 200,
    "author": 100,
    "date": 50,
    "kind": 40,
    "subject": 200,
    "short_subject": 60,
    "example_question": 80,
    "source": 200,
}


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What the article is, from ``article.yaml``: every front-end says it from here, never from a literal.

    ``title``, ``author`` and ``date`` are None when they are not known: the bot says so rather than guess."""

    kind: str
    subject: str
    short_subject: str
    example_question: str
    source: str
    paragraphs: int
    title: str | None = None
    author: str | None = None
    date: str | None = None

    @property
    def a_kind(self) -> str:
        """The kind of piece with its indefinite article: "an essay", "a news report"."""
        return f"{'an' if self.kind[:1].lower() in 'aeiou' else 'a'} {self.kind}"

    @property
    def described(self) -> str:
        """The piece in a few words, its kind and short subject: "an essay on …"."""
        return f"{self.a_kind} on {self.short_subject}"

    @property
    def unknown(self) -> tuple[str, ...]:
        """Which of title, author and date are not known, in that order."""
        return tuple(name for name in UNKNOWABLE if getattr(self, name) is None)


def meta_path(article_path: Path) -> Path:
    """Where an article's metadata lives: beside its text, with the same name, ending in ``.yaml``."""
    return article_path.with_suffix(META_SUFFIX)


def validate_meta(data: Any, *, source: str, article: Article | None = None) -> ArticleMeta:
    """Check parsed ``article.yaml`` data; return the metadata or raise FAQError listing every problem.

    With ``article``, also check that ``source`` names its file and ``paragraphs`` is its paragraph count."""
    check = Checker(source)
    if not isinstance(data, dict):
        check.add(
            line_of(data) or 1, None, f"the file must be a mapping of {', '.join(META_FIELDS)}, not {type_name(data)}"
        )
        raise FAQError(check.problems)
    check.unknown_fields(data, META_FIELDS, "the file", None)
    for name in META_FIELDS:
        if name not in data:
            check.add(
                line_of(data),
                None,
                f"missing field '{name}'" + (" (null when not known)" if name in UNKNOWABLE else ""),
            )
    texts: dict[str, str | None] = {}
    for name, limit in META_LIMITS.items():
        if name not in data or (name in UNKNOWABLE and data[name] is None):
            texts[name] = None
            continue
        texts[name] = check.text(data, name, data[name], name, limit, None)
    paragraphs = _paragraph_count(check, data)
    if article is not None:
        expected = article.path.name if article.path is not None else None
        if expected is not None and texts["source"] is not None and texts["source"] != expected:
            check.add(
                line_of(data, "source"),
                None,
                f"source is {texts['source']!r}, but the article beside it is {expected!r}",
            )
        if paragraphs is not None and paragraphs != len(article.paragraphs):
            check.add(
                line_of(data, "paragraphs"),
                None,
                f"paragraphs is {paragraphs}, but the article has {len(article.paragraphs)} (separated by blank "
                "lines); fix the count, or the article, so citations keep their numbers",
            )
    if check.problems:
        raise FAQError(check.problems)
    kind, subject, short, example, text_source = (
        texts["kind"],
        texts["subject"],
        texts["short_subject"],
        texts["example_question"],
        texts["source"],
    )
    assert kind and subject and short and example and text_source and paragraphs, "checked above"
    return ArticleMeta(
        kind=kind,
        subject=subject,
        short_subject=short,
        example_question=example,
        source=text_source,
        paragraphs=paragraphs,
        title=texts["title"],
        author=texts["author"],
        date=texts["date"],
    )


def _paragraph_count(check: Checker, data: dict[Any, Any]) -> int | None:
    if "paragraphs" not in data:
        return None
    value = data["paragraphs"]
    written = value.text if isinstance(value, Scalar) and value.kind == "a number" else value
    if isinstance(written, int) and not isinstance(written, bool):
        written = str(written)
    if isinstance(written, str) and written.isascii() and written.isdigit() and int(written) >= 1:
        return int(written)
    shown = value.text if isinstance(value, Scalar) else type_name(value)
    check.add(line_of(data, "paragraphs"), None, f"paragraphs must be a whole number of at least 1, not {shown}")
    return None


def load_article(path: Path) -> Article:
    """Read the article's text and its metadata (``article.yaml`` beside it); any problem raises FAQError."""
    try:
        article = Article.from_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FAQError([Problem(str(path), None, None, f"cannot read the article: {reason}")]) from exc
    where = meta_path(path)
    try:
        raw = where.read_bytes()
    except OSError as exc:
        reason = (
            f"cannot read the article's metadata: {exc.strerror or exc} (it says what the article is; see "
            "knowledge/article.yaml)"
        )
        raise FAQError([Problem(str(where), None, None, reason)]) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FAQError([Problem(where.name, line, None, "the file is not UTF-8 text")]) from exc
    article._meta = validate_meta(parse_yaml(text, where.name), source=where.name, article=article)
    return article
