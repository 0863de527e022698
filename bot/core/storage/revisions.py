"""The FAQ's revisions in PostgreSQL, so several bot processes serve one FAQ.

A change is made in one transaction holding an advisory lock: read the newest revision, let the caller build
the next one from it (or refuse), insert it with its audit record, and notify the other processes. The revision
number is the primary key, so even without the lock two processes could never both add the same one: saves
serialise in the database and a change is either wholly there (revision and audit record) or not at all.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.core.storage.base import RecordError, StorageError
from bot.core.storage.postgres import PostgresStorage

log = logging.getLogger(__name__)

CHANNEL = "faqbot_faq"  # LISTEN/NOTIFY channel; the payload is the new revision's number
FAQ_LOCK = 0x46415152  # the advisory lock a change holds ("FAQR")
META = "revision, time, action, entry, summary, user_id, guild_id, record_id, undoes"


def digest(text: str) -> str:
    """The SHA-256 of a FAQ text, to tell identical revisions (and the file on disk) apart cheaply."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredRevision:
    """One revision as the database keeps it. ``text`` is empty when only the metadata was read."""

    revision: int
    time: float
    action: str
    entry: str | None = None
    summary: str = ""
    user_id: int | None = None
    guild_id: int | None = None
    record_id: str | None = None
    undoes: int | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class NewRevision:
    """What a change adds: the text, and the audit record that goes with it (``before``/``after``: the entry)."""

    text: str
    time: float
    action: str
    entry: str | None
    summary: str
    user_id: int | None
    guild_id: int | None
    record_id: str
    before: Any = None
    after: Any = None
    undoes: int | None = None


class Reader:
    """What a change may read inside its transaction (the lock is held)."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def text(self, revision: int) -> str:
        """The text of one revision."""
        self._cursor.execute("SELECT text FROM faq_revisions WHERE revision = %s", (revision,))
        row = self._cursor.fetchone()
        if row is None:
            raise StorageError(f"revision {revision} of the FAQ is missing from the database")
        return str(row[0])

    def log(self) -> list[StoredRevision]:
        """Every revision's metadata, oldest first."""
        self._cursor.execute(f"SELECT {META} FROM faq_revisions ORDER BY revision")
        return [StoredRevision(*row) for row in self._cursor.fetchall()]


T = TypeVar("T")
Build = Callable[[StoredRevision | None, Reader], NewRevision | None]


class PostgresRevisions(PostgresStorage):
    """The faq_revisions table: read the newest, add the next under the revision check, listen for changes.
    Each operation is tried twice when the connection breaks before it did anything (a restarted server closes
    the connection the first statement finds), so the first save after an outage is not refused needlessly."""

    def _twice(self, work: Callable[[], T], started: Callable[[], bool] = lambda: False) -> T:
        try:
            return work()
        except RecordError:
            raise
        except StorageError:
            if started():
                raise
            log.debug("Retrying on a new connection to %s", self.description, exc_info=True)
            return work()

    def _one(self, query: str, arguments: tuple[Any, ...] = ()) -> Any:
        def work() -> Any:
            with self._transaction() as cursor:
                cursor.execute(query, arguments)
                return cursor.fetchone()

        return self._twice(work)

    def newest_number(self) -> int:
        """The newest revision's number (0 when there is none)."""
        return int(self._one("SELECT COALESCE(MAX(revision), 0) FROM faq_revisions")[0])

    def newest(self) -> StoredRevision | None:
        """The newest revision with its text, or None when the table is empty."""
        row = self._one(f"SELECT {META}, text FROM faq_revisions ORDER BY revision DESC LIMIT 1")
        return StoredRevision(*row) if row is not None else None

    def get(self, revision: int) -> StoredRevision | None:
        """One revision with its text."""
        row = self._one(f"SELECT {META}, text FROM faq_revisions WHERE revision = %s", (revision,))
        return StoredRevision(*row) if row is not None else None

    def log(self) -> list[StoredRevision]:
        """Every revision's metadata, oldest first."""

        def work() -> list[StoredRevision]:
            with self._transaction() as cursor:
                return Reader(cursor).log()

        return self._twice(work)

    def change(self, build: Build) -> StoredRevision | None:
        """Add the revision ``build`` makes from the newest one, as the newest + 1, with its audit record, and
        notify the other processes; None (nothing written) when ``build`` returns None. Whatever ``build``
        raises (a conflict, a broken rule) leaves the database as it was. StorageError when it is unreachable."""
        built = False

        def work() -> StoredRevision | None:
            nonlocal built
            with self._transaction() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", (FAQ_LOCK,))
                cursor.execute(f"SELECT {META}, text FROM faq_revisions ORDER BY revision DESC LIMIT 1")
                row = cursor.fetchone()
                newest = StoredRevision(*row) if row is not None else None
                built = True
                new = build(newest, Reader(cursor))
                return self._add(cursor, newest, new)

        return self._twice(work, lambda: built)

    def _add(self, cursor: Any, newest: StoredRevision | None, new: NewRevision | None) -> StoredRevision | None:
        """Insert the revision after ``newest`` and its audit record, and notify (sent when it commits)."""
        if new is None:
            return None
        number = (newest.revision if newest else 0) + 1
        cursor.execute(
            "INSERT INTO faq_revisions (revision, time, text, digest, action, entry, summary, user_id, guild_id,"
            " record_id, undoes) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (number, new.time, new.text, digest(new.text), new.action, new.entry, new.summary, new.user_id,
             new.guild_id, new.record_id, new.undoes),
        )  # fmt: skip
        audit = {
            "time": new.time,
            "record_id": new.record_id,
            "user_id": new.user_id,
            "guild_id": new.guild_id,
            "action": new.action,
            "entry": new.entry,
            "before": new.before,
            "after": new.after,
            "summary": new.summary,
        }
        if new.action not in {"start"}:
            self._insert(cursor, "audit", audit)
        self._step("inserted")
        cursor.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(number)))
        return StoredRevision(
            number, new.time, new.action, new.entry, new.summary, new.user_id, new.guild_id, new.record_id,
            new.undoes, new.text,
        )  # fmt: skip

    def _step(self, name: str) -> None:
        """A point inside a change's transaction; tests stop or kill the process here."""

    # --- following other processes' changes ---

    def listen(self, stop: threading.Event, every: float) -> Iterator[bool]:
        """Yield True on each notification of a new revision, and False once listening starts and then every
        ``every`` seconds without one (the caller polls then). Raises StorageError when the connection is lost;
        the caller reconnects. Checks ``stop`` at least once a second."""
        try:
            with self._psycopg.connect(self.url, autocommit=True, connect_timeout=self.connect_seconds) as conn:
                conn.execute(f"LISTEN {CHANNEL}")
                yield False  # listening now: whatever was committed before is read by the caller
                quiet = time.monotonic()
                while not stop.is_set():
                    heard = False
                    for _ in conn.notifies(timeout=min(every, 1.0), stop_after=1):
                        heard = True
                    if stop.is_set():
                        return
                    if heard or time.monotonic() - quiet >= every:
                        quiet = time.monotonic()
                        yield heard
        except self._errors() as exc:
            raise StorageError(f"{self.description}: {' '.join(str(exc).split()) or type(exc).__name__}") from exc
