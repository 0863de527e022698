"""Where what members and moderators do is kept: asks, unanswered questions, feedback, dismissals, the audit log.

One interface (``Storage``), two back-ends: SQLite under the data folder by default, PostgreSQL when a database
URL is given. Both apply their schema from versioned SQL files (``migrations/``) when opened.
"""

from __future__ import annotations

from pathlib import Path

from bot.core.storage.base import COLUMNS, RETAINED, RecordError, Row, Storage, StorageError
from bot.core.storage.buffer import BufferedWriter
from bot.core.storage.sqlite import FILE_NAME, SQLiteStorage

__all__ = [
    "COLUMNS",
    "FILE_NAME",
    "RETAINED",
    "BufferedWriter",
    "RecordError",
    "Row",
    "SQLiteStorage",
    "Storage",
    "StorageError",
    "open_storage",
]


def open_storage(data_dir: Path, database_url: str | None = None) -> Storage:
    """PostgreSQL at ``database_url`` when given, else the SQLite file in ``data_dir``; migrated to the newest
    schema. Raises StorageError when the database cannot be reached."""
    if database_url:
        from bot.core.storage.postgres import PostgresStorage

        return PostgresStorage(database_url)
    return SQLiteStorage(data_dir / FILE_NAME)
