"""The FAQ: its model, and loading it from YAML with every problem reported at once.

A moderator fixing the file wants the whole list of what is wrong, each with file, line and entry id, not one
error per run. Validation works on plain data (dicts and lists), so an edit made from Discord is held to exactly
the same rules as the file on disk. A file with any problem never becomes a FAQ: there is no half-loaded state.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.article import Article, Citation, load_article
from bot.core.text import normalize
from bot.core.yamlfile import Checker, line_of, not_text, type_name
from bot.core.yamlfile import FAQError as FAQError  # re-exported: FAQ problems are imported from here
from bot.core.yamlfile import Problem as Problem
from bot.core.yamlfile import parse_yaml as parse_yaml

log = logging.getLogger(__name__)

SCHEMA_FILE = "faq.schema.json"

# Limits follow from where the text ends up in Discord: a question is an autocomplete choice name (100), an
# answer sits in an embed description, a quote in an embed field value (1,024 with its paragraph mark), and the
# whole entry in one embed (6,000).
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID = 50
MAX_TOPIC_TITLE = 80
MAX_TOPIC_DESCRIPTION = 200
MAX_QUESTION = 100
MAX_ALTERNATE = 150
MAX_ALTERNATES = 60
# Questions as members asked them: many more than the hand-written alternates, and never in the edit form.
MAX_ASKED = 100
MAX_KEYWORD = 50
MAX_ANSWER = 1000
MAX_QUOTE = 900
MAX_QUOTES = 5
MAX_RELATED = 5
MAX_EMBED_TEXT = 5500


@dataclass(frozen=True, slots=True)
class Limits:
    """How big a whole FAQ may be, so loading, validating and indexing it stay well under a second. The counts
    are checked on the parsed data before anything else: YAML aliases (``*name``) can repeat a whole entry in a
    few bytes, so a small file can stand for a huge FAQ. ``faqbot validate``, start-up, hot reload, import and
    every save from Discord are held to them (benchmarks lift them to time bigger synthetic FAQs)."""

    file_bytes: int = 256 * 1024  # Discord's import takes at most this; export must be importable again
    entries: int = 1000
    phrasings: int = 10_000  # questions, alternates and asked questions, over all entries


LIMITS = Limits()
MAX_FILE_BYTES = LIMITS.file_bytes
MAX_ENTRIES = LIMITS.entries
MAX_PHRASINGS = LIMITS.phrasings
MAX_HINTS = 20  # quotes not in the article that get a closest-passage hint (each costs a fuzzy search)

TOP_FIELDS = ("topics", "entries", "synonyms")
MAX_SYNONYMS = 500  # moderators' synonyms (the vocabulary file has its own, unlimited)
SYNONYM_WORD = re.compile(r"^[a-z0-9]+$")  # one word as normalisation leaves it
SYNONYM_TERMS = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+)*$")
MAX_SYNONYM_WORD = 40  # a synonym is an autocomplete choice ("word → terms") of at most 100 characters
MAX_SYNONYM_TERMS = 50
TOPIC_FIELDS = ("title", "description")
ENTRY_FIELDS = ("id", "topic", "question", "alternates", "asked", "answer", "quotes", "related", "keywords")
REQUIRED_ENTRY_FIELDS = ("id", "topic", "question", "answer", "quotes")


@dataclass(frozen=True, slots=True)
class Topic:
    """A group of entries, with the title and description `/faq topics` shows."""

    id: str
    title: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One question the FAQ answers. ``quotes`` are as written in the file; ``citations`` are the article's
    own text for them, with paragraph numbers, and are what the bot shows."""

    id: str
    topic: str
    question: str
    answer: str
    quotes: tuple[str, ...]
    citations: tuple[Citation, ...]
    alternates: tuple[str, ...] = ()
    # Questions members asked that this entry answers, in their own words (slang, typos, other languages): the
    # matcher learns their wording, as weaker evidence than a moderator's phrasing (see matcher.ASKED_CREDIT).
    asked: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    line: int | None = None

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The question, its alternate phrasings and the questions members asked."""
        return (self.question, *self.alternates, *self.asked)

    @property
    def paragraphs(self) -> tuple[int, ...]:
        """The paragraphs the entry's quotes come from, in order."""
        return tuple(sorted({c.paragraph for c in self.citations}))

    def to_data(self) -> dict[str, Any]:
        """The entry as it is written in faq.yaml (empty optional fields left out)."""
        data: dict[str, Any] = {"id": self.id, "topic": self.topic, "question": self.question}
        if self.alternates:
            data["alternates"] = list(self.alternates)
        if self.asked:
            data["asked"] = list(self.asked)
        data["answer"] = self.answer
        data["quotes"] = list(self.quotes)
        if self.related:
            data["related"] = list(self.related)
        if self.keywords:
            data["keywords"] = list(self.keywords)
        return data


@dataclass(frozen=True)
class FAQ:
    """A validated FAQ bound to the article its quotes come from."""

    topics: dict[str, Topic]
    entries: tuple[Entry, ...]
    article: Article
    source: str = "faq.yaml"
    # Moderators' synonyms: word -> canonical term(s), read on top of vocabulary.yaml. They live in the FAQ so a
    # synonym added from Discord is saved, audited, undone and shared like any other FAQ edit.
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    synonym_lines: Mapping[str, int | None] = field(default_factory=dict, repr=False, compare=False)
    by_id: dict[str, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {e.id: e for e in self.entries})

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id, or None."""
        return self.by_id.get(entry_id)

    def in_topic(self, topic: str) -> list[Entry]:
        """The entries of one topic, in file order."""
        return [e for e in self.entries if e.topic == topic]

    def to_data(self) -> dict[str, Any]:
        """The FAQ as it is written in faq.yaml."""
        topics = {
            t.id: {"title": t.title, **({"description": t.description} if t.description else {})}
            for t in self.topics.values()
        }
        data: dict[str, Any] = {"topics": topics, "entries": [e.to_data() for e in self.entries]}
        if self.synonyms:
            data["synonyms"] = {word: " ".join(terms) for word, terms in self.synonyms.items()}
        return data


# --- validation -------------------------------------------------------------------------------------------------


class _Checker(Checker):
    def __init__(self, source: str, article: Article) -> None:
        super().__init__(source)
        self.article = article
        # A text given many times (YAML aliases repeat it for free) is looked up in the article once.
        self._citations: dict[str, Citation | None] = {}
        self._hints: dict[str, str] = {}

    def locate(self, quote: str) -> Citation | None:
        if quote not in self._citations:
            self._citations[quote] = self.article.locate(quote)
        return self._citations[quote]

    def hint(self, quote: str) -> str:
        """The closest passage of the article to a quote not in it, for the first few such quotes."""
        if quote not in self._hints:
            if len(self._hints) >= MAX_HINTS:
                return ""
            closest = self.article.closest(quote)
            self._hints[quote] = (
                f'; closest passage (paragraph {closest.paragraph}): "{closest.text}"'
                if closest is not None and closest.similarity >= 50
                else ""
            )
        return self._hints[quote]

    def within_limits(self, data: Mapping[Any, Any], entries: list[Any], limits: Limits) -> bool:
        """Count entries and phrasings before looking at any of them; report what is over its limit."""
        line = line_of(data, "entries")
        fits = True
        if len(entries) > limits.entries:
            self.add(line, None, f"the FAQ has {len(entries):,} entries; the limit is {limits.entries:,}")
            fits = False
        phrasings = 0
        for raw in entries:
            if isinstance(raw, dict):
                phrasings += ("question" in raw) + sum(
                    len(raw[key]) for key in ("alternates", "asked") if isinstance(raw.get(key), list)
                )
        if phrasings > limits.phrasings:
            self.add(
                line,
                None,
                f"the FAQ has {phrasings:,} phrasings (questions, alternates, asked); "
                f"the limit is {limits.phrasings:,}",
            )
            fits = False
        return fits


def validate_document(data: Any, *, source: str, article: Article, limits: Limits = LIMITS) -> FAQ:
    """Check parsed FAQ data against every rule; return the FAQ or raise FAQError listing all problems. A FAQ
    with more entries or phrasings than ``limits`` allow is refused with just that, before its entries are read."""
    check = _Checker(source, article)
    if not isinstance(data, dict):
        check.add(
            line_of(data) or 1, None, f"the file must be a mapping with 'topics' and 'entries', not {type_name(data)}"
        )
        raise FAQError(check.problems)
    check.unknown_fields(data, TOP_FIELDS, "the file", None)
    topics = _validate_topics(check, data)
    raw_entries = data.get("entries")
    entries: list[Entry] = []
    if raw_entries is None:
        check.add(line_of(data), None, "missing field 'entries'")
    elif not isinstance(raw_entries, list):
        check.add(line_of(data, "entries"), None, f"entries must be a list, not {type_name(raw_entries)}")
    elif not raw_entries:
        check.add(line_of(data, "entries"), None, "entries must not be empty")
    elif check.within_limits(data, raw_entries, limits):
        for index, raw in enumerate(raw_entries):
            entry = _validate_entry(check, raw_entries, index, raw, topics)
            if entry is not None:
                entries.append(entry)
        _validate_across(check, raw_entries)
    synonyms, synonym_lines = _validate_synonyms(check, data)
    if check.problems:
        raise FAQError(check.problems)
    return FAQ(
        topics=topics,
        entries=tuple(entries),
        article=article,
        source=source,
        synonyms=synonyms,
        synonym_lines=synonym_lines,
    )


def _validate_synonyms(
    check: _Checker, data: Mapping[Any, Any]
) -> tuple[dict[str, tuple[str, ...]], dict[str, int | None]]:
    """The moderators' synonyms, each checked on its own; how they sit with vocabulary.yaml (a stop word, a
    synonym already there) is checked where both are known (``bot.core.vocabulary.check_faq_synonyms``)."""
    synonyms: dict[str, tuple[str, ...]] = {}
    lines: dict[str, int | None] = {}
    raw = data.get("synonyms")
    if raw is None:
        return synonyms, lines
    if not isinstance(raw, dict):
        check.add(
            line_of(data, "synonyms"), None, f"synonyms must be a mapping of word to term(s), not {type_name(raw)}"
        )
        return synonyms, lines
    if len(raw) > MAX_SYNONYMS:
        check.add(line_of(data, "synonyms"), None, f"synonyms: {len(raw):,} synonyms; the limit is {MAX_SYNONYMS}")
        return synonyms, lines
    for word, line in getattr(raw, "duplicates", []):
        check.add(line, None, f"synonyms: '{word}' is given twice")
    for word, target in raw.items():
        line = line_of(raw, word)
        if not isinstance(word, str) or not SYNONYM_WORD.match(word):
            read = normalize(word) if isinstance(word, str) else ""
            hint = f" (write it as '{read}')" if read and " " not in read else ""
            check.add(line, None, f"synonyms: '{word}' must be one word in lower case, letters and digits only{hint}")
            continue
        if not isinstance(target, str) or not SYNONYM_TERMS.match(target):
            read = normalize(target) if isinstance(target, str) else ""
            hint = f" (write it as '{read}')" if read else ""
            check.add(line, None, f"synonyms: '{word}' must map to words in lower case, letters and digits only{hint}")
            continue
        if len(word) > MAX_SYNONYM_WORD or len(target) > MAX_SYNONYM_TERMS:
            check.add(
                line,
                None,
                f"synonyms: '{word[:MAX_SYNONYM_WORD]}…' is too long (at most {MAX_SYNONYM_WORD} characters for the "
                f"word, {MAX_SYNONYM_TERMS} for what it means)",
            )
            continue
        terms = tuple(target.split())
        if terms == (word,):
            check.add(line, None, f"synonyms: '{word}' maps to itself; remove it")
            continue
        if len(word) == 1 and not word.isdigit():
            check.add(line, None, f"synonyms: '{word}' can never match: single letters are dropped")
            continue
        synonyms[word], lines[word] = terms, line
    return synonyms, lines


def _validate_topics(check: _Checker, data: Mapping[Any, Any]) -> dict[str, Topic]:
    raw = data.get("topics")
    if raw is None:
        check.add(line_of(data), None, "missing field 'topics'")
        return {}
    if not isinstance(raw, dict) or not raw:
        check.add(line_of(data, "topics"), None, "topics must be a non-empty mapping of topic id to title")
        return {}
    topics: dict[str, Topic] = {}
    for key, value in raw.items():
        line = line_of(raw, key)
        if not isinstance(key, str):
            check.add(line, None, not_text("topic id", key))
            continue
        if not ID_PATTERN.match(key):
            check.add(line, None, f"topic id {key!r} must be lower-case words joined by hyphens")
            continue
        if not isinstance(value, dict):
            check.add(line, None, f"topic '{key}' must be a mapping with a title, not {type_name(value)}")
            continue
        check.unknown_fields(value, TOPIC_FIELDS, f"topic '{key}'", None)
        title = check.text(value, "title", value.get("title"), f"topic '{key}' title", MAX_TOPIC_TITLE, None)
        description = ""
        if "description" in value:
            description = (
                check.text(
                    value,
                    "description",
                    value["description"],
                    f"topic '{key}' description",
                    MAX_TOPIC_DESCRIPTION,
                    None,
                )
                or ""
            )
        if title is not None:
            topics[key] = Topic(key, title, description)
    for key, line in getattr(raw, "duplicates", []):
        check.add(line, None, f"topic '{key}' is given twice")
    return topics


def _validate_entry(check: _Checker, parent: list[Any], index: int, raw: Any, topics: dict[str, Topic]) -> Entry | None:
    line = line_of(parent, index)
    if not isinstance(raw, dict):
        check.add(line, None, f"entry {index + 1} must be a mapping, not {type_name(raw)}")
        return None
    raw_id = raw.get("id")
    entry_id = raw_id if isinstance(raw_id, str) and raw_id.strip() else None
    label = entry_id or f"#{index + 1}"
    before = len(check.problems)
    check.unknown_fields(raw, ENTRY_FIELDS, "an entry", label)
    for name in REQUIRED_ENTRY_FIELDS:
        if name not in raw:
            check.add(line, label, f"missing field '{name}'")
    if "id" in raw:
        checked = check.text(raw, "id", raw_id, "id", MAX_ID, label)
        if checked is not None and not ID_PATTERN.match(checked):
            check.add(line_of(raw, "id"), label, "id must be lower-case letters and digits joined by hyphens")
    topic = None
    if "topic" in raw:
        topic = check.text(raw, "topic", raw["topic"], "topic", MAX_ID, label)
        if topic is not None and topics and topic not in topics:
            check.add(line_of(raw, "topic"), label, f"unknown topic '{topic}' (known: {', '.join(topics)})")
    question = (
        check.text(raw, "question", raw.get("question"), "question", MAX_QUESTION, label)
        if ("question" in raw)
        else None
    )
    answer = check.text(raw, "answer", raw.get("answer"), "answer", MAX_ANSWER, label) if "answer" in raw else None
    alternates = check.text_list(
        raw, "alternates", raw.get("alternates", []), "alternate", MAX_ALTERNATE, MAX_ALTERNATES, label
    )
    asked = check.text_list(raw, "asked", raw.get("asked", []), "asked question", MAX_ALTERNATE, MAX_ASKED, label)
    keywords = check.text_list(raw, "keywords", raw.get("keywords", []), "keyword", MAX_KEYWORD, MAX_ALTERNATES, label)
    related = check.text_list(raw, "related", raw.get("related", []), "related id", MAX_ID, MAX_RELATED, label)
    quotes: list[tuple[int | None, str]] = []
    if "quotes" in raw:
        quotes = check.text_list(raw, "quotes", raw["quotes"], "quote", MAX_QUOTE, MAX_QUOTES, label)
        if isinstance(raw["quotes"], list) and not raw["quotes"]:
            check.add(line_of(raw, "quotes"), label, "quotes must hold at least one quote from the article")
    citations: list[Citation] = []
    for number, (quote_line, quote) in enumerate(quotes, start=1):
        citation = check.locate(quote)
        if citation is not None:
            citations.append(citation)
            continue
        check.add(quote_line, label, f"quote {number} is not verbatim in the article{check.hint(quote)}")
    for related_line, related_id in related:
        if related_id == entry_id:
            check.add(related_line, label, "an entry cannot be related to itself")
    if question and answer:
        size = len(question) + len(answer) + sum(len(c.text) + 40 for c in citations) + 200
        if size > MAX_EMBED_TEXT:
            check.add(
                line,
                label,
                f"question, answer and quotes come to about {size} characters; "
                f"one Discord embed holds {MAX_EMBED_TEXT}",
            )
    if len(check.problems) > before or entry_id is None or topic is None or question is None or answer is None:
        return None
    return Entry(
        id=entry_id,
        topic=topic,
        question=question,
        answer=answer,
        quotes=tuple(q for _, q in quotes),
        citations=tuple(citations),
        alternates=tuple(a for _, a in alternates),
        asked=tuple(a for _, a in asked),
        related=tuple(r for _, r in related),
        keywords=tuple(k for _, k in keywords),
        line=line,
    )


def _validate_across(check: _Checker, raw_entries: list[Any]) -> None:
    """Rules that look at several entries: unique ids, unique phrasings, related ids that exist."""
    seen_ids: dict[str, int | None] = {}
    owner_of: dict[str, str] = {}
    keys: dict[str, str] = {}  # normalised once per text: the same phrasing may be given many times
    for raw in raw_entries:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            continue
        entry_id = raw["id"].strip()
        line = line_of(raw, "id")
        if entry_id in seen_ids:
            first = seen_ids[entry_id]
            check.add(line, entry_id, f"duplicate id (first used at line {first})" if first else "duplicate id")
        else:
            seen_ids[entry_id] = line
        phrasings: list[tuple[int | None, Any]] = [(line_of(raw, "question"), raw.get("question"))]
        for listing in ("alternates", "asked"):
            listed = raw.get(listing)
            if isinstance(listed, list):
                phrasings += [(line_of(listed, i), a) for i, a in enumerate(listed)]
        for phrasing_line, phrasing in phrasings:
            if not isinstance(phrasing, str) or len(phrasing) > MAX_ALTERNATE:  # too long: reported already
                continue
            key = keys.get(phrasing)
            if key is None:
                key = keys[phrasing] = normalize(phrasing)
            if not key:
                continue
            owner = owner_of.get(key)
            if owner is None:
                owner_of[key] = entry_id
            elif owner == entry_id:
                check.add(phrasing_line, entry_id, f"phrasing '{phrasing.strip()}' is given twice")
            else:
                check.add(phrasing_line, entry_id, f"phrasing '{phrasing.strip()}' is also used by entry '{owner}'")
    for index, raw in enumerate(raw_entries):
        if not isinstance(raw, dict) or not isinstance(raw.get("related"), list):
            continue
        related = raw["related"]
        for position, related_id in enumerate(related):
            if isinstance(related_id, str) and related_id.strip() and related_id.strip() not in seen_ids:
                check.add(
                    line_of(related, position),
                    raw.get("id") if isinstance(raw.get("id"), str) else f"#{index + 1}",
                    f"related id '{related_id}' is not an entry",
                )


def check_size(size: int, source: str, limits: Limits = LIMITS, *, would: bool = False) -> None:
    """Refuse a FAQ file of more than ``limits.file_bytes`` bytes (UTF-8) before it is parsed, or (``would``) a
    change that would make the file that big before it is written."""
    if size > limits.file_bytes:
        most = limits.file_bytes
        unit = f" ({most // 1024} KiB)" if most % 1024 == 0 else ""
        verb = "would be" if would else "is"
        message = f"the file {verb} {size:,} bytes; the limit is {most:,} bytes{unit}"
        raise FAQError([Problem(source, None, None, message)])


def parse_faq(text: str, *, source: str, article: Article, limits: Limits = LIMITS) -> FAQ:
    """Parse and validate FAQ text (an upload, a kept version); too big a text is refused before parsing."""
    check_size(len(text.encode("utf-8")), source, limits)
    return validate_document(parse_yaml(text, source), source=source, article=article, limits=limits)


def load_faq(path: Path, article: Article) -> FAQ:
    """Read and validate a FAQ file; any problem raises FAQError and nothing is returned."""
    source = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FAQError([Problem(str(path), None, None, f"cannot read the file: {exc.strerror or exc}")]) from exc
    check_size(len(raw), source)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FAQError([Problem(source, line, None, "the file is not UTF-8 text")]) from exc
    return parse_faq(text, source=source, article=article)


def load(faq_path: Path, article_path: Path) -> FAQ:
    """Read the article (its text and what it is) and the FAQ from disk. A missing or unreadable article, or a
    problem in its metadata, is reported like a FAQ problem; the FAQ is still checked against the text, so one
    run lists every problem of both."""
    try:
        article = load_article(article_path)
    except FAQError as exc:
        try:
            text_only = Article.from_file(article_path)
        except (OSError, UnicodeDecodeError):
            raise exc from None  # the text itself could not be read: nothing to check the FAQ against
        try:
            load_faq(faq_path, text_only)
        except FAQError as more:
            raise FAQError([*exc.problems, *more.problems]) from exc
        raise
    return load_faq(faq_path, article)
