"""PostgreSQL, when ``FAQBOT_DATABASE_URL`` is set: several bot processes (or machines) share one database.
Needs the optional extra ``postgres`` (psycopg 3)."""

from __future__ import annotations

import logging
import re
from typing import Any

from bot.core.storage.base import SQLStorage, StorageError

log = logging.getLogger(__name__)

SCHEMA_LOCK = 0x46415142  # the advisory lock taken while migrating ("FAQB")


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


class PostgresStorage(SQLStorage):
    """PostgreSQL through psycopg 3: several bot processes share it."""

    dialect = "postgres"
    placeholder = "%s"
    day_sql = "FLOOR(time / 86400)::BIGINT"  # a cast alone would round to the nearest day

    def __init__(self, url: str, *, connect_seconds: int = 5) -> None:
        super().__init__()
        try:
            import psycopg
        except ImportError as exc:
            raise StorageError(
                "FAQBOT_DATABASE_URL is set but psycopg is not installed: pip install 'faqbot[postgres]'"
            ) from exc
        self._psycopg = psycopg
        self.url = url
        self.connect_seconds = connect_seconds
        self.description = f"PostgreSQL {redact(url)}"
        self.migrate()

    def _connect(self) -> Any:
        return self._psycopg.connect(self.url, autocommit=False, connect_timeout=self.connect_seconds)

    def _errors(self) -> tuple[type[BaseException], ...]:
        return (self._psycopg.Error, OSError)

    def _refused(self, exc: BaseException) -> bool:
        errors = self._psycopg.errors
        return isinstance(exc, errors.IntegrityError | errors.DataError | errors.ProgrammingError)

    def _lock_schema(self, cursor: Any) -> None:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
