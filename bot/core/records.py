"""What members asked that the FAQ could not answer, and their helpful / not-helpful votes.

Moderators use these to improve the FAQ. Each record keeps the question text, the time and the place (guild and
channel, or "dm") and nothing about the user: moderation needs to know what was asked, not who asked it. Files
are JSON Lines under the data folder and are trimmed to their newest ``MAX_RECORDS`` lines, so they stay small.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.core.answer import Answer

log = logging.getLogger(__name__)

MAX_RECORDS = 5000
MAX_QUESTION = 500


@dataclass(frozen=True, slots=True)
class Place:
    """Where a question was asked: a guild channel, a direct message (both ids None), or a front-end other than
    Discord, by name (``CLI``)."""

    guild_id: int | None = None
    channel_id: int | None = None
    name: str | None = None

    def label(self) -> str:
        """The place as it is written in the records: the front-end's name, `dm`, or `guild/channel`."""
        if self.name is not None:
            return self.name
        return "dm" if self.guild_id is None else f"{self.guild_id}/{self.channel_id}"


CLI = Place(name="cli")  # `faqbot ask --record`


@dataclass(frozen=True, slots=True)
class Unanswered:
    """A question the bot declined or could only guess at, kept for the moderators' queue."""

    question: str
    status: str
    suggestions: list[str]
    place: str
    time: float


@dataclass(frozen=True, slots=True)
class Feedback:
    """A member's helpful / not helpful vote on an answer."""

    entry: str
    helpful: bool
    question: str
    place: str
    time: float


def trim_jsonl(path: Path, keep: int, line_bytes: int = 150) -> None:
    """Keep the newest ``keep`` lines once the file has grown to about twice that, so appends stay cheap."""
    if path.stat().st_size < keep * line_bytes * 2:
        return
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if len(lines) <= keep:
        return
    temporary = path.with_suffix(".tmp")
    temporary.write_text("".join(lines[-keep:]), encoding="utf-8")
    os.replace(temporary, path)


class Records:
    """Append-only JSONL files, safe to use from the event loop (each write is small) and from threads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()

    @property
    def unanswered_path(self) -> Path:
        """Where declined questions are kept."""
        return self.folder / "unanswered.jsonl"

    @property
    def feedback_path(self) -> Path:
        """Where votes are kept."""
        return self.folder / "feedback.jsonl"

    @property
    def asks_path(self) -> Path:
        """Where every question asked is kept (for statistics)."""
        return self.folder / "asks.jsonl"

    @property
    def dismissed_path(self) -> Path:
        """Where questions the moderators dismissed from the queue are kept."""
        return self.folder / "dismissed.jsonl"

    def add_ask(self, entry: str | None, status: str) -> None:
        """One line per question asked, for the answer rate and the most asked entries (no text, no user)."""
        self._append(self.asks_path, {"entry": entry, "status": status, "time": time.time()})

    def asks(self) -> list[dict[str, Any]]:
        """Every question asked, oldest first."""
        return self._read(self.asks_path)

    def dismiss(self, questions: list[str]) -> None:
        """Take these questions out of the unanswered queue."""
        for question in questions:
            self._append(self.dismissed_path, {"question": question[:MAX_QUESTION], "time": time.time()})

    def dismissed(self) -> set[str]:
        """The questions dismissed from the queue."""
        return {r["question"] for r in self._read(self.dismissed_path) if isinstance(r.get("question"), str)}

    def add_answer(self, answer: Answer, place: Place) -> None:
        """What is kept of every question answered (by the bot, or by `faqbot ask --record`): a line for the
        statistics, and the question itself, for the moderators' queue, when it was not answered. Blank
        questions are not kept."""
        if not answer.question.strip():
            return
        self.add_ask(answer.entry.id if answer.entry else None, str(answer.status))
        if not answer.answered:
            self.add_unanswered(answer.question, str(answer.status), [s.entry.id for s in answer.suggestions], place)

    def add_unanswered(self, question: str, status: str, suggestions: list[str], place: Place) -> None:
        """Keep a question the bot did not answer."""
        record = Unanswered(question[:MAX_QUESTION], status, suggestions, place.label(), time.time())
        self._append(self.unanswered_path, asdict(record))

    def add_feedback(self, entry: str, helpful: bool, question: str, place: Place) -> None:
        """Keep a vote on an answer."""
        record = Feedback(entry, helpful, question[:MAX_QUESTION], place.label(), time.time())
        self._append(self.feedback_path, asdict(record))

    def unanswered(self) -> list[Unanswered]:
        """Every question kept as unanswered, oldest first."""
        return [Unanswered(**r) for r in self._read(self.unanswered_path)]

    def feedback(self) -> list[Feedback]:
        """Every vote, oldest first."""
        return [Feedback(**r) for r in self._read(self.feedback_path)]

    def _append(self, path: Path, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(line)
                trim_jsonl(path, MAX_RECORDS)
            except OSError:
                log.exception("Could not record to %s", path)

    def _read(self, path: Path) -> list[dict[str, Any]]:
        if not path.exists():
            return []
        out: list[dict[str, Any]] = []
        with self._lock:
            text = path.read_text(encoding="utf-8", errors="replace")
        for line in text.splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                log.warning("Skipping a damaged line in %s", path)
                continue
            if isinstance(record, dict):
                out.append(record)
        return out
