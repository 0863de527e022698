"""Data files read with line numbers, and the problems found in them.

The FAQ (``faq.yaml``) and the article's metadata (``article.yaml``) are both checked here the same way: YAML is
parsed keeping the line of every mapping, key and list item, values YAML would turn into numbers, true/false or
dates are kept as written (so they can be reported, never silently converted), and every problem is collected
with its file and line before anything is refused.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the FAQ or the article's metadata, located as precisely as the input allows."""

    source: str
    line: int | None
    entry: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        who = f"entry '{self.entry}': " if self.entry else ""
        return f"{where}: {who}{self.message}"


class FAQError(Exception):
    """The FAQ (or the article it is built on) could not be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class LineMapping(dict[Any, Any]):
    """A dict that remembers the line of itself and of each key, and any key given twice."""

    line: int | None = None

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Any, int] = {}
        self.duplicates: list[tuple[Any, int]] = []


class LineSequence(list[Any]):
    """A list that remembers the line of itself and of each item."""

    line: int | None = None

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int] = []


# libyaml's parser when PyYAML was built with it (about ten times faster), the pure-Python one otherwise; either
# way the safe constructors, with line numbers kept.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """A safe loader that keeps line numbers, so every problem can point at its line."""


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[LineMapping]:
    data = LineMapping()
    data.line = node.start_mark.line + 1
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
            )
        if key in data:
            data.duplicates.append((key, key_node.start_mark.line + 1))
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[key] = key_node.start_mark.line + 1


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> Iterator[LineSequence]:
    data = LineSequence()
    data.line = node.start_mark.line + 1
    yield data
    for item in node.value:
        data.append(loader.construct_object(item, deep=True))
        data.lines.append(item.start_mark.line + 1)


@dataclass(frozen=True, slots=True)
class Scalar:
    """A value YAML would turn into a number, true/false or a date, kept as written. Every field of the FAQ is
    text, so it is only ever reported (with its line, and a hint to quote it); never converting it means a
    date that does not exist (2024-13-45) or a number too long for Python cannot stop the whole file."""

    kind: str
    text: str

    def __str__(self) -> str:
        return self.text


def _as_written(kind: str) -> Any:
    def construct(loader: _LineLoader, node: yaml.ScalarNode) -> Scalar:
        return Scalar(kind, str(node.value))

    return construct


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
for _tag, _kind in (("int", "a number"), ("float", "a number"), ("bool", "true/false"), ("timestamp", "a date")):
    _LineLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _as_written(_kind))


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML text; a syntax error becomes an FAQError naming the line and column."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "malformed YAML"
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise FAQError(
            [Problem(source, mark.line + 1 if mark else None, None, f"YAML syntax error{where}: {reason}")]
        ) from exc
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as exc:
        raise FAQError([Problem(source, None, None, f"YAML could not be read: {exc}")]) from exc


def line_of(container: Any, key: Any = None) -> int | None:
    """The line of a mapping's key or a list's item (or of the container itself), when it was read from YAML."""
    if isinstance(container, LineMapping):
        return container.lines.get(key, container.line) if key is not None else container.line
    if isinstance(container, LineSequence):
        if isinstance(key, int) and 0 <= key < len(container.lines):
            return container.lines[key]
        return container.line
    return None


def type_name(value: Any) -> str:
    """What a YAML value is, in words for a problem message (text, a list, a number, …)."""
    if isinstance(value, Scalar):
        return value.kind
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "nothing (null)"
    if isinstance(value, date):
        return "a date"
    return type(value).__name__


def not_text(name: str, value: Any) -> str:
    """'NAME must be text, not …', quoting back what YAML did not read as text."""
    if isinstance(value, Scalar):
        shown = value.text if len(value.text) <= 40 else value.text[:39] + "…"
        return f"{name} must be text, not {value.kind} ({shown}); put it in quotes to keep it as text"
    return f"{name} must be text, not {type_name(value)}"


# C0 controls but tab and newline, DEL, and C1 controls: YAML lets them in only through escapes ("\0", "\a",
# "\x1b"), and Discord shows them as nothing or garbage.
def shown(value: Any, most: int = 40) -> str:
    """A value quoted back in a message, cut to ``most`` characters."""
    text = str(value)
    return text if len(text) <= most else text[: most - 1] + "…"


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Checker:
    """Collects every problem of one file, each with its line; the checks every data file shares."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def add(self, line: int | None, entry: str | None, message: str) -> None:
        """Record a problem at a line."""
        self.problems.append(Problem(self.source, line, entry, message))

    def text(self, parent: Any, key: Any, value: Any, name: str, limit: int, entry: str | None) -> str | None:
        """Check one text field: a string, no control characters, not blank, within ``limit``; return it stripped."""
        line = line_of(parent, key)
        if not isinstance(value, str):
            self.add(line, entry, not_text(name, value))
            return None
        if len(value) > limit:  # first: nothing else need read a text that is far too long
            self.add(line, entry, f"{name} is {len(value)} characters; the limit is {limit}")
            return None
        control = CONTROL.search(value)
        if control is not None:
            self.add(
                line,
                entry,
                f"{name} contains a control character (U+{ord(control.group()):04X} at character "
                f"{control.start() + 1}); remove it",
            )
            return None
        if not value.strip():
            self.add(line, entry, f"{name} must not be empty")
            return None
        return value.strip()

    def text_list(
        self, parent: Any, key: str, value: Any, name: str, limit: int, most: int, entry: str | None
    ) -> list[tuple[int | None, str]]:
        """Check a list of text fields, at most ``most`` long; return the good items with their lines."""
        if not isinstance(value, list):
            self.add(line_of(parent, key), entry, f"{key} must be a list, not {type_name(value)}")
            return []
        if len(value) > most:  # the items past the limit are not checked until the list is shortened
            self.add(line_of(parent, key), entry, f"{key} has {len(value)} items; the limit is {most}")
        out: list[tuple[int | None, str]] = []
        for index, item in enumerate(value[:most]):
            checked = self.text(value, index, item, f"{name} {index + 1}", limit, entry)
            if checked is not None:
                out.append((line_of(value, index), checked))
        return out

    def unknown_fields(
        self, mapping: Mapping[Any, Any], allowed: tuple[str, ...], what: str, entry: str | None
    ) -> None:
        """Report keys that are not ``allowed`` and keys given twice."""
        for key in mapping:
            if key not in allowed:
                self.add(
                    line_of(mapping, key),
                    entry,
                    f"unknown field '{shown(key)}' in {what} (allowed: {', '.join(allowed)})",
                )
        for key, line in getattr(mapping, "duplicates", []):
            self.add(line, entry, f"field '{shown(key)}' is given twice")
