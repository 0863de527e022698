"""What members asked that the FAQ could not answer, and their helpful / not-helpful votes.

Moderators use these to improve the FAQ. Each record keeps the question text, the time and the place (guild and
channel, or "dm") and nothing about the user: moderation needs to know what was asked, not who asked it. They are
kept in the storage (``bot.core.storage``: SQLite in the data folder, or PostgreSQL) for ``retention_days``.
Adding a record never waits for the database: a writer thread writes them in batches (``BufferedWriter``); reading
first waits for what this process has added, so a reader sees its own writes.
"""

from __future__ import annotations

import atexit
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.core.storage import BufferedWriter, SQLiteStorage, Storage, StorageError, open_storage
from bot.core.storage.sqlite import FILE_NAME

if TYPE_CHECKING:
    from bot.core.answer import Answer
    from bot.settings import Settings

log = logging.getLogger(__name__)

MAX_RECORDS = 5000  # the questions the moderators' queue is sized for (its caches)
DAY = 86_400.0
UPKEEP_SECONDS = 3600.0  # how often retention runs in a long-running process
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


class Records:
    """What members did, kept in a ``Storage``; safe to use from the event loop (adding only buffers) and from
    threads. ``close()`` writes what is still buffered (also done at exit)."""

    def __init__(
        self,
        target: Path | Storage,
        *,
        retention_days: int = 365,
        buffer_limit: int = 10_000,
        retry_seconds: float = 1.0,
        max_retry_seconds: float = 30.0,
    ) -> None:
        """``target``: a storage, or a data folder for its SQLite file."""
        self.storage: Storage = SQLiteStorage(target / FILE_NAME) if isinstance(target, Path) else target
        self.retention_days = retention_days
        self.prune()
        self.writer = BufferedWriter(
            self.storage,
            limit=buffer_limit,
            retry_seconds=retry_seconds,
            max_retry_seconds=max_retry_seconds,
            every=(UPKEEP_SECONDS, self.prune) if retention_days else None,
        )
        # Called (on the caller's thread) after a declined question is kept: the bot checks whether it keeps
        # coming back. Each must return at once.
        self.on_unanswered: list[Callable[[], None]] = []
        atexit.register(self.close)

    @classmethod
    def open(cls, settings: Settings, storage: Storage | None = None) -> Records:
        """The records the settings describe (``storage``, when the caller has already opened it)."""
        if storage is None:
            storage = open_storage(settings.data_dir, settings.database_url)
        return cls(storage, retention_days=settings.retention_days)

    def prune(self) -> int:
        """Drop what is older than the retention period; how many records went."""
        if not self.retention_days:
            return 0
        removed = self.storage.prune(time.time() - self.retention_days * DAY)
        if removed:
            log.info("Removed %d records older than %d days", removed, self.retention_days)
        return removed

    def close(self) -> None:
        """Write what is buffered and close the storage."""
        atexit.unregister(self.close)
        self.writer.close()
        self.storage.close()

    @property
    def dropped(self) -> int:
        """Records lost because the buffer overflowed while the database was unreachable."""
        return self.writer.dropped

    def add_ask(self, entry: str | None, status: str) -> None:
        """One record per question asked, for the answer rate and the most asked entries (no text, no user)."""
        self.writer.put("asks", {"entry": entry, "status": status, "time": time.time()})

    def asks(self, since: float | None = None) -> list[dict[str, Any]]:
        """Every question asked (at or after ``since``), oldest first."""
        return self._read("asks", since)

    def day_counts(self, since: float) -> list[tuple[int, str, int]]:
        """(UTC day since the epoch, status, questions) since ``since``, counted by the database."""
        self._flushed()
        return self.storage.day_counts(since)

    def top_entries(self, since: float, limit: int = 5) -> list[tuple[str, int]]:
        """The entries answered most since ``since``: (entry id, times), most first."""
        self._flushed()
        return self.storage.top_entries(since, limit)

    def claim_note(self, day: str, key: str) -> bool:
        """Whether this process should post the note ``key`` today: True once per (day, key), across restarts
        and processes."""
        return self.storage.claim_note(day, key, time.time())

    def dismiss(self, questions: list[str]) -> None:
        """Take these questions out of the unanswered queue."""
        for question in questions:
            self.writer.put("dismissed", {"question": question[:MAX_QUESTION], "time": time.time()})

    def dismissed(self) -> set[str]:
        """The questions dismissed from the queue."""
        return {r["question"] for r in self._read("dismissed")}

    def add_answer(self, answer: Answer, place: Place) -> None:
        """What is kept of every question answered (by the bot, or by `faqbot ask --record`): a record for the
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
        self.writer.put("unanswered", asdict(record))
        for listener in list(self.on_unanswered):
            try:
                listener()
            except Exception:  # a listener's failure must not cost the member their answer
                log.exception("A listener for declined questions failed")

    def add_feedback(self, entry: str, helpful: bool, question: str, place: Place) -> None:
        """Keep a vote on an answer."""
        record = Feedback(entry, helpful, question[:MAX_QUESTION], place.label(), time.time())
        self.writer.put("feedback", asdict(record))

    def unanswered(self, since: float | None = None) -> list[Unanswered]:
        """Every question kept as unanswered (at or after ``since``), oldest first."""
        return [Unanswered(**r) for r in self._read("unanswered", since)]

    def feedback(self, since: float | None = None) -> list[Feedback]:
        """Every vote (at or after ``since``), oldest first."""
        return [Feedback(**r) for r in self._read("feedback", since)]

    def _flushed(self) -> None:
        """Wait until what this process buffered is written. Raises StorageError when the database is
        unreachable."""
        if not self.writer.flush() and self.writer.failing is not None:
            raise StorageError(f"{self.writer.failing}; {self.writer.pending} records waiting to be written")

    def _read(self, kind: str, since: float | None = None) -> list[dict[str, Any]]:
        """Every record of a kind (at or after ``since``), oldest first, after what this process buffered is
        written. Raises StorageError when the database is unreachable."""
        self._flushed()
        return self.storage.rows(kind, since)
