"""How the FAQ is doing, for moderators: questions per day and how they were answered, the records exported for
a time window, and the note about a declined question that keeps coming back.

Days are UTC calendar days. The figures are counted by the database (one row per day and status), never by
reading the whole history into Python, so `/faqmod stats` costs the same after a year as after a day.
"""

from __future__ import annotations

import csv
import io
import json
import time as clock
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.core.answer import Engine
from bot.core.queue import group_questions, most_frequent, queued
from bot.core.records import DAY, Records
from bot.core.text import normalize
from bot.core.vocabulary import Vocabulary

# The outcomes of a question, as the records keep them, and what moderators call them.
STATUSES = ("answered", "partial", "ambiguous", "not_covered")
LABELS = {"answered": "answered", "partial": "partial", "ambiguous": "did you mean", "not_covered": "declined"}
TOP = 5  # the most asked entries shown
MAX_DAYS = 366
EPOCH = date(1970, 1, 1)


def day_number(moment: float) -> int:
    """The UTC day a time falls on, counted from the epoch (as the storage counts it)."""
    return int(moment // DAY)


def day_label(moment: float) -> str:
    """The UTC date of a time, as YYYY-MM-DD."""
    return (EPOCH + timedelta(days=day_number(moment))).isoformat()


# --- statistics -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    """One UTC day's questions, by outcome."""

    day: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """Every question asked that day."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class Stats:
    """What `/faqmod stats` shows: questions per day by outcome, the most asked entries, the open queue."""

    days: int
    daily: list[Day]  # every day of the window, oldest first, days without questions included
    top: list[tuple[str, int]]
    open_unanswered: int
    totals: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        totals = dict.fromkeys(STATUSES, 0)
        for day in self.daily:
            for status, count in day.counts.items():
                totals[status] = totals.get(status, 0) + count
        object.__setattr__(self, "totals", totals)

    @property
    def asked(self) -> int:
        """Questions asked in the window."""
        return sum(self.totals.values())

    @property
    def answered(self) -> int:
        """Questions answered in the window."""
        return self.totals["answered"]

    def rate(self, status: str) -> float:
        """The share of questions with this outcome, 0 when none were asked."""
        return self.totals.get(status, 0) / self.asked if self.asked else 0.0

    @property
    def answer_rate(self) -> float:
        """The share of questions answered, 0 when none were asked."""
        return self.rate("answered")


def stats(records: Records, engine: Engine, days: int = 30, now: float | None = None) -> Stats:
    """The last ``days`` UTC days, today included: questions per day and outcome and the most asked entries
    (both counted by the database), and how many questions wait in the unanswered queue (all of it)."""
    days = max(1, min(days, MAX_DAYS))
    today = day_number(clock.time() if now is None else now)
    first = today - days + 1
    since = first * DAY
    by_day: dict[int, dict[str, int]] = {number: {} for number in range(first, today + 1)}
    for number, status, count in records.day_counts(since):
        if number in by_day:  # a clock set back may have written a row "tomorrow"
            by_day[number][status] = by_day[number].get(status, 0) + count
    daily = [Day(EPOCH + timedelta(days=number), counts) for number, counts in by_day.items()]
    top = records.top_entries(since, TOP)
    groups = group_questions(queued(records), engine.matcher.vocabulary)
    open_count = sum(g.count for g in most_frequent(groups)[:1000])
    return Stats(days, daily, top, open_count)


# --- export -------------------------------------------------------------------------------------------------------

KINDS = ("asks", "unanswered", "feedback")
FORMATS = ("csv", "json")
# The columns of each kind as exported: ``time`` is seconds since the epoch (exact, to parse back), ``utc`` the same
# moment for people.
FIELDS: dict[str, tuple[str, ...]] = {
    "asks": ("time", "utc", "entry", "status"),
    "unanswered": ("time", "utc", "question", "status", "suggestions", "place"),
    "feedback": ("time", "utc", "entry", "helpful", "question", "place"),
}


@dataclass(frozen=True)
class ExportFile:
    """One kind of record, serialised; ``rows`` of ``total`` in the window (fewer when trimmed to fit)."""

    name: str
    data: bytes
    rows: int
    total: int

    @property
    def trimmed(self) -> bool:
        """Whether older rows were left out to fit the size limit."""
        return self.rows < self.total


def _utc(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _exported(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    return {name: _utc(row["time"]) if name == "utc" else row.get(name) for name in FIELDS[kind]}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula


def _csv_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(str(item) for item in value)  # entry ids never hold spaces
    if isinstance(value, float):
        return repr(value)  # a number, never text: a leading "-" here is a sign
    text = "" if value is None else str(value)
    # Members write the questions: "=HYPERLINK(…)" must open as text in a spreadsheet, not run as a formula.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_line(values: Sequence[Any]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([_csv_cell(v) for v in values])
    return buffer.getvalue().encode("utf-8")


def _encoded(kind: str, rows: list[dict[str, Any]], fmt: str) -> tuple[bytes, list[bytes], bytes]:
    """(head, one chunk per row, tail) of the file, so rows can be dropped without serialising again."""
    if fmt == "csv":
        return _csv_line(FIELDS[kind]), [_csv_line([r[name] for name in FIELDS[kind]]) for r in rows], b""
    chunks = [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in rows]
    return b"[\n", chunks, b"\n]\n"


def _joined(fmt: str, head: bytes, chunks: list[bytes], tail: bytes) -> bytes:
    if fmt == "csv":
        return head + b"".join(chunks)
    return head + b",\n".join(chunks) + (tail if chunks else b"]\n")


def export_records(
    records: Records,
    kinds: Sequence[str],
    fmt: str,
    days: int,
    *,
    limit: int | None = None,
    now: float | None = None,
) -> list[ExportFile]:
    """The records of ``kinds`` from the last ``days`` days (0: everything kept), one file per kind, oldest row
    first. With ``limit``, the files together stay within that many bytes: the oldest rows of the window are left
    out first (``ExportFile.trimmed`` says so)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    moment = clock.time() if now is None else now
    since = (day_number(moment) - days + 1) * DAY if days > 0 else None
    readers = {
        "asks": lambda: records.asks(since),
        "unanswered": lambda: [vars_of(r) for r in records.unanswered(since)],
        "feedback": lambda: [vars_of(r) for r in records.feedback(since)],
    }
    parts: list[tuple[str, bytes, list[bytes], bytes, list[float]]] = []
    for kind in kinds:
        rows = [_exported(kind, row) for row in readers[kind]()]
        head, chunks, tail = _encoded(kind, rows, fmt)
        parts.append((kind, head, chunks, tail, [r["time"] for r in rows]))
    keep = {kind: len(chunks) for kind, _, chunks, _, _ in parts}
    if limit is not None:
        size = sum(len(_joined(fmt, head, chunks, tail)) for _, head, chunks, tail, _ in parts)
        # Drop the oldest row of all kinds while over: by time, so what is left is the newest of everything.
        separator = 2 if fmt == "json" else 0
        order = sorted(
            (times[i], kind, len(chunks[i]) + separator)
            for kind, _, chunks, _, times in parts
            for i in range(len(chunks))
        )
        dropped = dict.fromkeys(keep, 0)
        for _, kind, cost in order:
            if size <= limit:
                break
            dropped[kind] += 1
            size -= cost
        keep = {kind: keep[kind] - dropped[kind] for kind in keep}
    while True:
        files = []
        for kind, head, chunks, tail, _ in parts:
            kept = chunks[len(chunks) - keep[kind] :] if keep[kind] else []
            files.append(ExportFile(f"{kind}.{fmt}", _joined(fmt, head, kept, tail), len(kept), len(chunks)))
        over = limit is not None and sum(len(f.data) for f in files) > limit
        if not over or not any(keep.values()):
            return files
        # The estimate above left a few bytes over (separators): drop the oldest row left of any kind.
        oldest = min((times[len(times) - keep[kind]], kind) for kind, _, _, _, times in parts if keep[kind])
        keep[oldest[1]] -= 1


def vars_of(record: Any) -> dict[str, Any]:
    """A record dataclass (``Unanswered``, ``Feedback``) as its fields."""
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


# --- the note about a declined question that comes back --------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """A declined question (a group of them, as the queue groups them) asked ``count`` times today."""

    question: str  # the group's first wording today
    count: int
    questions: list[str]
    day: str


def declined_notes(
    records: Records, vocabulary: Vocabulary | None, threshold: int, now: float | None = None
) -> list[Note]:
    """Groups of today's declined questions (not partial or "did you mean" ones, and not those moderators
    dismissed) asked at least ``threshold`` times and not noted yet today. Each is
    claimed in the storage before it is returned, so it is returned once per day, across restarts and processes.
    A group is known by its first question today, normalised: the queue's grouping keeps a group's first
    question first as more arrive."""
    if threshold <= 0:
        return []
    moment = clock.time() if now is None else now
    today = day_number(moment)
    dismissed = records.dismissed()
    declined = [
        r.question
        for r in records.unanswered(since=today * DAY)
        if r.status == "not_covered" and day_number(r.time) == today and r.question not in dismissed
    ]
    groups = group_questions([(question, "declined") for question in declined], vocabulary)
    label = day_label(moment)
    notes = []
    for group in groups:
        if group.count < threshold:
            continue
        key = normalize(group.question, vocabulary) or group.question.strip().lower()
        if records.claim_note(label, key[:500]):
            notes.append(Note(group.question, group.count, group.questions, label))
    return notes
