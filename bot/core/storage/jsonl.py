"""`faqbot migrate`: a one-time import of the JSON Lines files the bot kept before it had a database.

Each line is imported once: its row carries a ``source`` key (the file, the line's digest, and which occurrence
of that exact line it is), which the database keeps unique, so running the import again adds nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.storage.base import COLUMNS, Row, Storage

log = logging.getLogger(__name__)

FILES = {
    "asks": "asks.jsonl",
    "unanswered": "unanswered.jsonl",
    "feedback": "feedback.jsonl",
    "dismissed": "dismissed.jsonl",
    "audit": "audit.jsonl",
}
BATCH = 1000


@dataclass(frozen=True)
class Imported:
    """What `faqbot migrate` did with one JSON Lines file."""

    kind: str
    file: Path
    found: bool
    imported: int = 0
    already: int = 0
    damaged: int = 0


def _row(kind: str, record: dict[str, Any]) -> Row | None:
    """The row for one JSONL record, or None when it lacks what the table needs."""
    if kind == "audit":
        record = {**record, "record_id": record.get("id") or None}
    if not isinstance(record.get("time"), int | float):
        return None
    row: Row = {"time": float(record["time"])}
    for column in COLUMNS[kind]:
        row[column] = record.get(column)
    required = {"asks": ("status",), "unanswered": ("question",), "feedback": ("entry", "question"),
                "dismissed": ("question",), "audit": ("action",)}[kind]  # fmt: skip
    if any(not isinstance(row.get(c), str) for c in required):
        return None
    if kind == "unanswered":
        row["status"] = row.get("status") or "not_covered"
        row["suggestions"] = row.get("suggestions") or []
        row["place"] = row.get("place") or "unknown"
    if kind == "feedback":
        row["helpful"] = bool(row.get("helpful"))
        row["place"] = row.get("place") or "unknown"
    if kind == "audit":
        row["summary"] = row.get("summary") or ""
    return row


def import_file(storage: Storage, kind: str, path: Path) -> Imported:
    """Import one JSON Lines file into the storage, each line once however often it is run."""
    if not path.is_file():
        return Imported(kind, path, found=False)
    seen: Counter[str] = Counter()
    pending: list[tuple[str, Row]] = []
    imported = total = damaged = 0
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            text = line.rstrip("\n")
            if not text.strip():
                continue
            try:
                record = json.loads(text)
                row = _row(kind, record) if isinstance(record, dict) else None
            except json.JSONDecodeError:
                row = None
            if row is None:
                damaged += 1
                continue
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            seen[digest] += 1
            pending.append((f"{path.name}:{digest}:{seen[digest]}", row))
            total += 1
            if len(pending) >= BATCH:
                imported += storage.import_rows(kind, pending)
                pending = []
    if pending:
        imported += storage.import_rows(kind, pending)
    if damaged:
        log.warning("Skipped %d damaged lines in %s", damaged, path)
    return Imported(kind, path, True, imported, total - imported, damaged)


def import_folder(storage: Storage, folder: Path) -> list[Imported]:
    """Import every JSONL file the bot used to keep in ``folder``; what each import did."""
    return [import_file(storage, kind, folder / name) for kind, name in FILES.items()]
