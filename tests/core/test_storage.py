"""The storage of what members and moderators do: the same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.core.records import DAY, MAX_QUESTION, Place, Records
from bot.core.storage import FILE_NAME, SQLiteStorage, Storage, StorageError, open_storage
from bot.core.storage.base import migrations
from tests import pgserver
from tests.paths import ROOT


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str | None]]:
    """(data folder, database URL): the URL is None for SQLite, a fresh PostgreSQL database otherwise."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    yield tmp_path / "data", url


def opened(backend: tuple[Path, str | None]) -> Storage:
    return open_storage(*backend)


def test_records_survive_a_reopen(backend: tuple[Path, str | None]) -> None:
    records = Records(opened(backend))
    records.add_ask("airspace", "answered")
    records.add_ask(None, "not_covered")
    records.add_unanswered("q" * 2000, "not_covered", ["airspace", "davos-meeting"], Place(1, 2))
    records.add_feedback("airspace", False, "were flights stopped?", Place(None, None))
    records.dismiss(["who won the world cup"])
    audit = {"time": 1.5, "record_id": "r1", "action": "edit", "before": {"a": [1]}, "summary": ""}
    records.storage.append([("audit", audit)])
    records.close()

    again = Records(opened(backend))
    assert [(a["entry"], a["status"]) for a in again.asks()] == [("airspace", "answered"), (None, "not_covered")]
    [unanswered] = again.unanswered()
    assert len(unanswered.question) == MAX_QUESTION and unanswered.place == "1/2"
    assert unanswered.suggestions == ["airspace", "davos-meeting"]
    [feedback] = again.feedback()
    assert feedback.helpful is False and feedback.place == "dm" and feedback.question == "were flights stopped?"
    assert again.dismissed() == {"who won the world cup"}
    [audit] = again.storage.rows("audit")
    assert audit["record_id"] == "r1" and audit["before"] == {"a": [1]} and audit["after"] is None
    again.close()


def test_schema_is_applied_once_from_versioned_files(backend: tuple[Path, str | None]) -> None:
    for _ in range(2):
        storage = opened(backend)
        with storage._transaction() as cursor:  # type: ignore[attr-defined]
            cursor.execute("SELECT version, name FROM schema_version ORDER BY version")
            applied = cursor.fetchall()
        assert applied[0] == (1, "0001_records.sql")
        assert applied == [(v, n) for v, n, _ in migrations(storage.dialect)]  # type: ignore[attr-defined]
        assert len(set(applied)) == len(applied)
        storage.close()


def test_a_migration_missing_below_the_newest_applied_is_still_applied(backend: tuple[Path, str | None]) -> None:
    """Two branches each adding a migration can land in either order: a database that has 0004 but not 0003 (made
    in between) must still get 0003 when it ships."""
    storage = opened(backend)
    with storage._transaction() as cursor:  # type: ignore[attr-defined]
        cursor.execute("DROP TABLE channel_settings")
        cursor.execute("DELETE FROM schema_version WHERE version = 3")
    storage.close()
    storage = opened(backend)
    with storage._transaction() as cursor:  # type: ignore[attr-defined]
        cursor.execute("SELECT COUNT(*) FROM channel_settings")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT version FROM schema_version ORDER BY version")
        assert [row[0] for row in cursor.fetchall()] == [v for v, _, _ in migrations(storage.dialect)]  # type: ignore[attr-defined]
    storage.close()


def test_retention_drops_only_old_rows(backend: tuple[Path, str | None]) -> None:
    now = time.time()
    storage = opened(backend)
    old, recent = now - 400 * DAY, now - 300 * DAY
    storage.append(
        [
            *[("asks", {"time": t, "entry": None, "status": "not_covered"}) for t in (old, recent)],
            *[("unanswered", {"time": t, "question": f"q{t}", "status": "x", "place": "dm"}) for t in (old, recent)],
            *[("feedback", {"time": t, "entry": "e", "helpful": True, "question": "q", "place": "dm"}) for t in (old,)],
            *[("dismissed", {"time": t, "question": f"d{t}"}) for t in (old, recent)],
            ("audit", {"time": old, "action": "edit", "record_id": "old", "summary": ""}),
        ]
    )
    forever = Records(storage, retention_days=0)  # 0: nothing is dropped
    assert len(forever.asks()) == 2
    records = Records(storage, retention_days=365)  # opening prunes; a running bot prunes every hour
    assert [a["time"] for a in records.asks()] == [pytest.approx(recent)]
    assert [u.time for u in records.unanswered()] == [pytest.approx(recent)]
    assert records.feedback() == []
    assert records.dismissed() == {f"d{recent}"}
    assert [a["record_id"] for a in storage.rows("audit")] == ["old"]  # moderators' changes are kept for ever
    assert records.prune() == 0
    records.close()


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from bot.core.records import Place, Records
    from bot.core.storage import open_storage

    folder, url, name, count = Path(sys.argv[1]), sys.argv[2] or None, sys.argv[3], int(sys.argv[4])
    records = Records(open_storage(folder, url))
    for n in range(count):
        records.add_ask(None, "not_covered")
        records.add_unanswered(f"{name} {n}", "not_covered", [], Place(1, 2))
        if n % 10 == 0:
            records.writer.flush()  # many small transactions, interleaved with the other process's
    records.close()
    """
)


def test_two_processes_writing_at_once_lose_nothing(backend: tuple[Path, str | None]) -> None:
    folder, url = backend
    opened(backend).close()  # the schema exists before both start
    count = 300
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(folder), url or "", name, str(count)], env=env)
        for name in ("first", "second")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    records = Records(opened(backend))
    assert len(records.asks()) == 2 * count
    questions = [u.question for u in records.unanswered()]
    assert sorted(questions) == sorted(f"{name} {n}" for name in ("first", "second") for n in range(count))
    records.close()


def write_jsonl(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    ask = json.dumps({"entry": None, "status": "not_covered", "time": 100.0})
    (folder / "asks.jsonl").write_text(f"{ask}\n{ask}\n" + json.dumps({"entry": "a", "status": "answered", "time": 1}))
    unanswered = {"question": "who won", "status": "not_covered", "suggestions": ["a"], "place": "1/2", "time": 5.0}
    (folder / "unanswered.jsonl").write_text(json.dumps(unanswered) + "\n{damaged\n\n")
    feedback = {"entry": "a", "helpful": False, "question": "why?", "place": "dm", "time": 6.0}
    (folder / "feedback.jsonl").write_text(json.dumps(feedback) + "\n")
    (folder / "dismissed.jsonl").write_text(json.dumps({"question": "who won", "time": 7.0}) + "\n")
    audit = {"time": 8.0, "user_id": 1, "guild_id": 2, "action": "edit", "entry": "a", "before": {"x": 1},
             "after": None, "summary": "edit a", "id": "abc"}  # fmt: skip
    (folder / "audit.jsonl").write_text(json.dumps(audit) + "\n" + json.dumps({**audit, "id": ""}) + "\n")


def test_migrate_imports_the_jsonl_files_once(
    backend: tuple[Path, str | None], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, url = backend
    write_jsonl(folder)
    monkeypatch.setenv("FAQBOT_DATA_DIR", str(folder))
    monkeypatch.setenv("FAQBOT_DATABASE_URL", url or "")
    assert main(["migrate"]) == 0
    first = capsys.readouterr().out
    assert "asks.jsonl: 3 imported, 0 already there" in first  # two identical lines are two asks
    assert "unanswered.jsonl: 1 imported, 0 already there, 1 damaged lines skipped" in first
    assert "audit.jsonl: 2 imported" in first
    assert main(["migrate"]) == 0
    second = capsys.readouterr().out
    assert "asks.jsonl: 0 imported, 3 already there" in second
    assert "audit.jsonl: 0 imported, 2 already there" in second

    records = Records(opened(backend), retention_days=0)
    assert [(a["entry"], a["time"]) for a in records.asks()] == [(None, 100.0), (None, 100.0), ("a", 1.0)]
    assert records.unanswered()[0].suggestions == ["a"] and records.feedback()[0].helpful is False
    assert records.dismissed() == {"who won"}
    audit = records.storage.rows("audit")
    assert [a["record_id"] for a in audit] == ["abc", None] and audit[0]["before"] == {"x": 1}
    records.close()


def test_the_audit_log_of_the_faq_store_is_in_the_storage(tmp_path: Path, faq_file: Path) -> None:
    from bot.core.article import Article
    from bot.core.store import FAQStore, add_alias

    article = Article.from_file(ROOT / "knowledge" / "article.txt")
    data = tmp_path / "data"
    store = FAQStore(faq_file, article, data, vocabulary_path=faq_file.parent / "vocabulary.yaml")
    store.save(add_alias("airspace", "the sky closure"), user_id=7, guild_id=8)
    again = SQLiteStorage(data / FILE_NAME)
    [row] = again.rows("audit")
    assert (row["user_id"], row["guild_id"], row["action"], row["entry"]) == (7, 8, "alias", "airspace")
    assert store.history()[0].id == row["record_id"]


def test_postgres_stopped_mid_run_buffers_records_and_writes_them_when_it_is_back(
    postgres_server: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The test's own server, so it can be stopped: adding never waits, reads say the database is down, and
    what was buffered (at most the limit: the overflow is counted and logged) is written when it comes back."""
    from bot.core.storage.postgres import PostgresStorage

    if pgserver.binaries() is None:
        pytest.skip("PostgreSQL is not installed (no initdb/pg_ctl): this test stops and starts its own server")
    caplog.set_level(logging.INFO)
    folder = pgserver.init()
    try:
        url = pgserver.start(folder)
        storage = PostgresStorage(url, connect_seconds=2)
        writers: set[int] = set()
        append = storage.append

        def noting_thread(batch: Any) -> None:
            writers.add(threading.get_ident())
            append(batch)

        storage.append = noting_thread  # type: ignore[method-assign]
        records = Records(storage, buffer_limit=10, retry_seconds=0.1, max_retry_seconds=0.3)
        for n in range(3):
            records.add_ask(None, f"before-{n}")
        assert len(records.asks()) == 3

        pgserver.stop(folder)
        for n in range(25):
            records.add_ask(None, f"during-{n}")
        assert writers and threading.get_ident() not in writers  # the caller never waits for the database
        deadline = time.monotonic() + 20
        while records.writer.failing is None and time.monotonic() < deadline:
            time.sleep(0.05)
        with pytest.raises(StorageError):
            records.asks()
        assert records.dropped == 15 and records.writer.pending == 10
        assert "buffering up to 10" in caplog.text and "dropping the oldest" in caplog.text

        pgserver.start(folder)
        deadline = time.monotonic() + 30
        while records.writer.failing is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        statuses = [a["status"] for a in records.asks()]
        assert statuses == [f"before-{n}" for n in range(3)] + [f"during-{n}" for n in range(15, 25)]
        assert "wrote 10 buffered records; 15 were dropped while it was unreachable" in caplog.text
        records.add_ask(None, "after")
        assert records.asks()[-1]["status"] == "after"
        records.close()
    finally:
        pgserver.stop(folder, remove=True)
