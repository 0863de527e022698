"""The embedded default: one SQLite file under the data folder, in WAL mode (crash-safe, readers never block
the writer), shared safely by several processes on one machine."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from bot.core.storage.base import SQLStorage

log = logging.getLogger(__name__)

FILE_NAME = "faqbot.db"


class SQLiteStorage(SQLStorage):
    """SQLite in WAL mode under the data folder: the default, no setup."""

    dialect = "sqlite"
    placeholder = "?"

    def __init__(self, path: Path, *, busy_seconds: float = 30.0) -> None:
        super().__init__()
        self.path = path
        self.busy_seconds = busy_seconds
        self.description = f"SQLite {path}"
        self.migrate()

    def _connect(self) -> Any:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            self.path, timeout=self.busy_seconds, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")  # with WAL: a crash of the process loses nothing committed
        return connection

    def _errors(self) -> tuple[type[BaseException], ...]:
        return (sqlite3.Error, OSError)

    def _refused(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError)

    def _begin(self, connection: Any) -> None:
        connection.execute("BEGIN IMMEDIATE")

    def _commit(self, connection: Any) -> None:
        connection.execute("COMMIT")

    def _rollback(self, connection: Any) -> None:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
