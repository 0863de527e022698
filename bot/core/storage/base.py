"""The storage interface, and what the SQL back-ends share: tables, row conversion, versioned migrations."""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any, Protocol

log = logging.getLogger(__name__)

# The kinds of record and their columns, besides ``time`` (seconds since the epoch) and the row's own id.
COLUMNS: dict[str, tuple[str, ...]] = {
    "asks": ("entry", "status"),
    "unanswered": ("question", "status", "suggestions", "place"),
    "feedback": ("entry", "helpful", "question", "place"),
    "dismissed": ("question",),
    "channel_settings": ("guild_id", "channel_id", "setting", "enabled", "user_id"),
    "audit": ("record_id", "user_id", "guild_id", "action", "entry", "before", "after", "summary"),
    "notes": ("day", "group_key"),
}
JSON_COLUMNS = frozenset({"suggestions", "before", "after"})
# What retention removes: what members did. The audit log of moderators' changes is kept for ever.
RETAINED = ("asks", "unanswered", "feedback", "dismissed", "notes")
DAY_SECONDS = 86_400

Row = dict[str, Any]


class StorageError(Exception):
    """The database could not be reached or refused a statement; the message says which database."""


class RecordError(StorageError):
    """The database refused the records themselves (a constraint, a bad value): retrying would not help."""


class Storage(Protocol):
    """Where records of what members and moderators do are kept. Every method is safe from several threads."""

    description: str

    def append(self, batch: Sequence[tuple[str, Row]]) -> None:
        """Write (kind, row) pairs in one transaction: all of them or, raising StorageError, none."""

    def rows(self, kind: str, since: float | None = None) -> list[Row]:
        """Every row of a kind (at or after ``since``, when given), oldest first, each with ``time`` and its
        columns."""

    def day_counts(self, since: float) -> list[tuple[int, str, int]]:
        """Questions asked at or after ``since``, counted in the database per UTC day (days since the epoch) and
        status: (day, status, count), by day."""

    def top_entries(self, since: float, limit: int) -> list[tuple[str, int]]:
        """The entries answered most at or after ``since``: (entry id, count), most first, ties by id."""

    def claim_note(self, day: str, key: str, time: float) -> bool:
        """Record that the note ``key`` was posted on ``day``; False if it already was (by any process)."""

    def import_rows(self, kind: str, rows: Sequence[tuple[str, Row]]) -> int:
        """Write (source, row) pairs unless a row with that source is already there; how many were new."""

    def prune(self, before: float) -> int:
        """Remove what members did before ``before`` (the audit log stays); how many rows went."""

    def close(self) -> None:
        """Release the connection."""
        ...


def migrations(dialect: str) -> list[tuple[int, str, str]]:
    """The versioned SQL files of a dialect, in order: (version, name, text)."""
    folder = resources.files("bot.core.storage") / "migrations" / dialect
    found = []
    for item in folder.iterdir():
        match = re.fullmatch(r"(\d+)_.+\.sql", item.name)
        if match:
            found.append((int(match[1]), item.name, item.read_text(encoding="utf-8")))
    return sorted(found)


def statements(script: str) -> list[str]:
    """The statements of a migration file (comments dropped; statements end with a semicolon)."""
    text = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("--"))
    return [part.strip() for part in text.split(";") if part.strip()]


class SQLStorage:
    """One connection, used under a lock; reconnects after a failure. Subclasses say how to connect."""

    dialect = ""
    placeholder = "?"
    description = ""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._connection: Any = None

    # --- for the subclasses ---

    def _connect(self) -> Any:
        raise NotImplementedError

    def _errors(self) -> tuple[type[BaseException], ...]:
        raise NotImplementedError

    def _refused(self, exc: BaseException) -> bool:
        """Whether the error is about the statement or its values, not the connection."""
        return False

    def _begin(self, connection: Any) -> None:
        """Start a write transaction that serialises with other processes' migrations."""

    def _commit(self, connection: Any) -> None:
        connection.commit()

    def _rollback(self, connection: Any) -> None:
        connection.rollback()

    def _to_db(self, column: str, value: Any) -> Any:
        if column in JSON_COLUMNS:
            return json.dumps(value, ensure_ascii=False)
        return value

    def _from_db(self, column: str, value: Any) -> Any:
        if column in JSON_COLUMNS:
            return json.loads(value) if value is not None else None
        if column in ("helpful", "enabled"):
            return bool(value)
        return value

    # --- the transaction ---

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._lock:
            try:
                if self._connection is None:
                    self._connection = self._connect()
                connection = self._connection
                self._begin(connection)
                cursor = connection.cursor()
                try:
                    yield cursor
                except BaseException:
                    self._rollback(connection)
                    raise
                self._commit(connection)
            except self._errors() as exc:
                message = f"{self.description}: {' '.join(str(exc).split()) or type(exc).__name__}"
                if self._refused(exc):
                    raise RecordError(message) from exc
                self._drop_connection()
                raise StorageError(message) from exc

    def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:
                log.debug("Closing a broken connection failed", exc_info=True)

    def migrate(self) -> int:
        """Apply the migrations not applied yet, in order, in one transaction; the schema version now. A missing
        one is applied even below the newest applied (branches merged in another order than they were numbered,
        e.g. 0002 arriving after 0003), so every database ends with every table."""
        with self._transaction() as cursor:
            self._lock_schema(cursor)
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL)"
            )
            cursor.execute("SELECT version FROM schema_version")
            applied = {int(row[0]) for row in cursor.fetchall()}
            for version, name, script in migrations(self.dialect):
                if version in applied:
                    continue
                for statement in statements(script):
                    cursor.execute(statement)
                mark = self.placeholder
                cursor.execute(f"INSERT INTO schema_version (version, name) VALUES ({mark}, {mark})", (version, name))
                log.info("%s: applied the migration %s", self.description, name)
                applied.add(version)
            return max(applied, default=0)

    def _lock_schema(self, cursor: Any) -> None:
        """Keep two processes starting at once from applying the same migration twice."""

    # --- the interface ---

    def _insert(self, cursor: Any, kind: str, row: Row, source: str | None = None) -> int:
        columns = ("time", *COLUMNS[kind], *(("source",) if source is not None else ()))
        values = [row.get("time"), *(self._to_db(c, row.get(c)) for c in COLUMNS[kind])]
        if source is not None:
            values.append(source)
        marks = ", ".join([self.placeholder] * len(columns))
        cursor.execute(
            f"INSERT INTO {kind} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT DO NOTHING", tuple(values)
        )
        return max(int(cursor.rowcount), 0)

    def append(self, batch: Sequence[tuple[str, Row]]) -> None:
        """Write a batch of (kind, row) in one transaction."""
        with self._transaction() as cursor:
            for kind, row in batch:
                self._insert(cursor, kind, row)

    def rows(self, kind: str, since: float | None = None) -> list[Row]:
        """Every row of a kind (at or after ``since``), oldest first."""
        columns = ("time", *COLUMNS[kind])
        where, values = ("", ()) if since is None else (f" WHERE time >= {self.placeholder}", (since,))
        with self._transaction() as cursor:
            cursor.execute(f"SELECT {', '.join(columns)} FROM {kind}{where} ORDER BY id", values)
            fetched = cursor.fetchall()
        return [{c: self._from_db(c, v) for c, v in zip(columns, row, strict=True)} for row in fetched]

    # The day a time falls on (UTC days since the epoch), in the dialect's SQL: times are never negative.
    day_sql = f"CAST(time / {DAY_SECONDS} AS INTEGER)"

    def day_counts(self, since: float) -> list[tuple[int, str, int]]:
        """Questions per UTC day and status since ``since``, counted by the database (one row per day and status,
        however many questions)."""
        with self._transaction() as cursor:
            cursor.execute(
                f"SELECT {self.day_sql} AS day, status, COUNT(*) FROM asks WHERE time >= {self.placeholder} "
                "GROUP BY day, status ORDER BY day, status",
                (since,),
            )
            fetched = cursor.fetchall()
        return [(int(day), str(status), int(count)) for day, status, count in fetched]

    def top_entries(self, since: float, limit: int) -> list[tuple[str, int]]:
        """The entries answered most since ``since``, counted by the database."""
        mark = self.placeholder
        with self._transaction() as cursor:
            cursor.execute(
                f"SELECT entry, COUNT(*) AS asked FROM asks WHERE time >= {mark} AND status = 'answered' "
                f"AND entry IS NOT NULL GROUP BY entry ORDER BY asked DESC, entry LIMIT {mark}",
                (since, limit),
            )
            fetched = cursor.fetchall()
        return [(str(entry), int(count)) for entry, count in fetched]

    def claim_note(self, day: str, key: str, time: float) -> bool:
        """Insert the note's row unless (day, key) is there: the unique key makes one process the poster."""
        with self._transaction() as cursor:
            return self._insert(cursor, "notes", {"time": time, "day": day, "group_key": key}) == 1

    def import_rows(self, kind: str, rows: Sequence[tuple[str, Row]]) -> int:
        """Import (source, row) pairs once each; how many were new."""
        with self._transaction() as cursor:
            return sum(self._insert(cursor, kind, row, source) for source, row in rows)

    def prune(self, before: float) -> int:
        """Remove rows older than ``before`` (the audit log stays); how many went."""
        removed = 0
        with self._transaction() as cursor:
            for kind in RETAINED:
                cursor.execute(f"DELETE FROM {kind} WHERE time < {self.placeholder}", (before,))
                removed += max(cursor.rowcount, 0)
        return removed

    def close(self) -> None:
        """Release the connection."""
        with self._lock:
            self._drop_connection()
