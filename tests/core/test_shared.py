"""The FAQ shared by several processes through PostgreSQL: real servers and real processes, no mocks."""

from __future__ import annotations

import dataclasses
import io
import logging
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.answer import Status
from bot.core.article import Article
from bot.core.faq import parse_faq
from bot.core.records import Records
from bot.core.service import FAQService, Outcome
from bot.core.shared import SharedFAQStore
from bot.core.storage.revisions import PostgresRevisions
from bot.core.store import PAUSED, add_alias, replace_all, set_synonym
from tests import pgserver
from tests.core.faqproc import Process, markers

TARGETS = ["airspace", "davos-meeting", "irgc", "naval-exercise", "fm-visit"]


Open = Callable[..., FAQService]


@pytest.fixture
def shared(faq_file: Path, article: Article) -> Iterator[Open]:
    """Open one process's service on a shared database, following the others (polling rarely: NOTIFY must do
    it); each stops following when the test ends. Request it after the database, so it ends first."""
    opened: list[FAQService] = []

    def open_shared(url: str, file: Path = faq_file, poll: float = 60.0) -> FAQService:
        store = SharedFAQStore(
            file, article, PostgresRevisions(url, connect_seconds=2), vocabulary_path=file.parent /
            "vocabulary.yaml", poll_seconds=poll
        )  # fmt: skip
        service = FAQService.open(store)
        service.follow()
        opened.append(service)
        return service

    yield open_shared
    for service in opened:
        service.close()


def stored(service: FAQService) -> int:
    store = service.store
    assert isinstance(store, SharedFAQStore)
    return store.stored


def second_copy(faq_file: Path, name: str) -> Path:
    """The same files in another folder, as another machine would have them."""
    folder = faq_file.parent.parent / name
    shutil.copytree(faq_file.parent, folder)
    return folder / "faq.yaml"


def until(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def database(url: str) -> tuple[list[tuple[int, str, str | None, str]], list[tuple[str, str]]]:
    """(revision, action, record_id, text) of every revision, and (record_id, summary) of every audit record."""
    import psycopg

    with psycopg.connect(url) as connection:
        revisions = connection.execute(
            "SELECT revision, action, record_id, text FROM faq_revisions ORDER BY revision"
        ).fetchall()
        audit = connection.execute("SELECT record_id, summary FROM audit ORDER BY id").fetchall()
    return revisions, audit


# --- the revision store, in one process -------------------------------------------------------------------------


def test_revisions_are_kept_in_the_database_and_shared(
    postgres_url: str, shared: Open, faq_file: Path, article: Article, caplog: pytest.LogCaptureFixture
) -> None:
    first = shared(postgres_url)
    assert stored(first) == 1  # the file became the first revision
    other_file = second_copy(faq_file, "other")
    other_file.write_text(other_file.read_text() + "# this machine's copy, edited\n")
    second = shared(postgres_url, other_file)
    assert "differs from the FAQ in the database (revision 1), which is served" in caplog.text
    assert second.faq.to_data() == first.faq.to_data()  # the database's FAQ, not this machine's file

    change = first.save(add_alias("airspace", "marker one"), user_id=5, guild_id=6)
    assert change.ok and stored(first) == 2
    assert until(lambda: "one" in markers(second.faq))  # told, not polled (every 60 s)
    revisions, audit = database(postgres_url)
    assert [(r[0], r[1]) for r in revisions] == [(1, "start"), (2, "alias")]
    assert audit == [(revisions[1][2], "alias airspace: marker one")]  # the revision and its audit record
    assert markers(parse_faq(revisions[1][3], source="db", article=article)) == ["one"]
    assert second.history()[0].user_id == 5 and second.history()[0].summary == "alias airspace: marker one"

    # A whole-FAQ import previewed in the second process, confirmed after the first saved again: refused.
    preview = second.preview(replace_all(second.faq.to_data(), "upload.yaml"))
    assert first.save(add_alias("irgc", "marker two")).ok
    stale = second.save(dataclasses.replace(preview.edit, base_revision=preview.revision))
    assert stale.outcome is Outcome.CONFLICT and "preview it again" in stale.reason
    assert len(database(postgres_url)[0]) == 3

    # Undo works across processes: the second undoes the first's last change, then the one before.
    undo = second.undo_preview()
    assert undo.undoes is not None and undo.undoes.summary == "alias irgc: marker two"
    assert second.undo(expected=undo.revision).ok
    assert markers(second.faq) == ["one"] and until(lambda: markers(first.faq) == ["one"])
    assert first.undo(expected=first.undo_preview().revision).summary == "undo alias airspace: marker one"
    assert markers(first.faq) == [] and until(lambda: markers(second.faq) == [])
    assert first.undo(expected=None).outcome is Outcome.NOTHING  # the FAQ the database started from stays
    revisions, audit = database(postgres_url)
    assert revisions[-1][3] == revisions[0][3]  # back to the text it started from
    assert len(audit) == len(revisions) - 1 and {r[2] for r in revisions[1:]} == {a[0] for a in audit}


def test_a_database_made_before_the_shared_faq_gets_its_revisions_table(postgres_url: str, shared: Open) -> None:
    """A database whose records an earlier version kept (its schema at 0003, 0004: the revisions' 0002 was merged
    later) gets the missing migration applied when the bot starts on it."""
    from bot.core.storage.postgres import PostgresStorage

    earlier = PostgresStorage(postgres_url)
    with earlier._transaction() as cursor:
        cursor.execute("DROP TABLE faq_revisions")
        cursor.execute("DELETE FROM schema_version WHERE version = 2")
    earlier.close()
    service = shared(postgres_url)
    assert stored(service) == 1 and service.save(add_alias("airspace", "marker later")).ok


def test_synonyms_are_checked_against_the_vocabulary_and_shared(
    postgres_url: str, shared: Open, faq_file: Path
) -> None:
    first, second = shared(postgres_url), shared(postgres_url, second_copy(faq_file, "other"))
    refused = first.save(set_synonym("feud", "ceasefire"))  # vocabulary.yaml already says what "feud" means
    assert refused.outcome is Outcome.INVALID and "'feud' already means 'standoff'" in refused.problems[0].message
    assert len(database(postgres_url)[0]) == 1  # nothing written
    assert first.save(set_synonym("kerfuffle", "standoff")).ok
    assert until(lambda: second.engine.ask("what caused the kerfuffle").status is Status.ANSWERED)


def test_the_file_is_exported_and_loaded_as_revisions(
    postgres_url: str, shared: Open, faq_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = shared(postgres_url)
    other = shared(postgres_url, second_copy(faq_file, "other"))
    assert service.save(add_alias("airspace", "marker saved")).ok
    assert "marker saved" not in faq_file.read_text()  # the database holds it; the file is written on request

    monkeypatch.setenv("FAQBOT_DATABASE_URL", postgres_url)
    monkeypatch.setenv("FAQBOT_FAQ_PATH", str(faq_file))
    monkeypatch.setenv("FAQBOT_VOCABULARY_PATH", str(faq_file.parent / "vocabulary.yaml"))
    out = io.StringIO()
    assert main(["export"], out=out) == 0
    assert "Wrote revision 2 from PostgreSQL" in out.getvalue() and "marker saved" in faq_file.read_text()
    assert service.poll() is None  # the file is the newest revision: nothing new

    # An edit of the file on disk (the bot's hot reload) becomes a revision every process serves.
    line = next(x for x in faq_file.read_text().splitlines() if x.endswith("- marker saved"))
    faq_file.write_text(faq_file.read_text().replace(line, f"{line}\n{line.replace('saved', 'edited')}"))
    change = service.poll()
    assert change is not None and change.ok and stored(service) == 3
    assert until(lambda: markers(other.faq) == ["edited", "saved"])

    # faqbot import: a file elsewhere, validated, loaded as the next revision.
    upload = faq_file.parent / "upload.yaml"
    upload.write_text(faq_file.read_text().replace(line.replace("saved", "edited") + "\n", ""))
    out = io.StringIO()
    assert main(["import", str(upload)], out=out) == 0
    assert until(lambda: markers(other.faq) == ["saved"] and markers(service.faq) == ["saved"])
    revisions, audit = database(postgres_url)
    assert [r[1] for r in revisions] == ["start", "alias", "reload", "import"]
    assert [a[1] for a in audit][-1] == "import upload.yaml"
    assert other.undo(expected=None).ok and until(lambda: markers(service.faq) == ["edited", "saved"])


def test_without_a_database_export_and_import_use_the_file(
    tmp_path: Path, faq_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FAQBOT_DATABASE_URL", raising=False)
    monkeypatch.setenv("FAQBOT_FAQ_PATH", str(faq_file))
    monkeypatch.setenv("FAQBOT_VOCABULARY_PATH", str(faq_file.parent / "vocabulary.yaml"))
    monkeypatch.setenv("FAQBOT_DATA_DIR", str(tmp_path / "data"))
    upload = tmp_path / "upload.yaml"
    upload.write_text(
        faq_file.read_text().replace("    alternates:\n", "    alternates:\n      - marker imported\n", 1)
    )
    assert main(["import", str(upload)], out=io.StringIO()) == 0
    assert "marker imported" in faq_file.read_text()  # the file store: written, kept for undo, audited
    assert (tmp_path / "data" / "history").is_dir()
    out = io.StringIO()
    assert main(["export", "-"], out=out) == 0 and out.getvalue() == faq_file.read_text()


# --- separate processes -----------------------------------------------------------------------------------------


@pytest.fixture
def processes(postgres_url: str, faq_file: Path) -> Iterator[Callable[..., Process]]:
    """Start bot processes on the test's database, each with its own copy of the files; stopped after."""
    started: list[Process] = []

    def start(name: str, poll: float = 60.0) -> Process:
        started.append(Process(postgres_url, second_copy(faq_file, name), poll))
        return started[-1]

    yield start
    for process in started:
        if process.popen.poll() is None:
            process.popen.kill()
        process.close()


def test_a_save_in_one_process_is_served_by_the_other_as_it_is_notified(
    processes: Callable[..., Process],
) -> None:
    """The other process never polls here (once an hour), so only the notification can bring it each save. How
    soon is measured by benchmarks/follow_bench.py (tens of milliseconds), not asserted: timings are noisy."""
    first, second = processes("first", poll=3600.0), processes("second", poll=3600.0)
    for n in range(3):
        first.send(cmd="save", marker=f"m{n}", entry="airspace")
        saved = first.wait(lambda e, n=n: e["event"] == "saved" and e["marker"] == f"m{n}")  # type: ignore[misc]
        assert saved["outcome"] == "saved"
        second.wait(lambda e, n=n: e["event"] == "served" and f"m{n}" in e["markers"])  # type: ignore[misc]
    assert "ERROR" not in first.close() + second.close()


def test_fifty_concurrent_saves_from_two_processes_lose_nothing(
    processes: Callable[..., Process], postgres_url: str, article: Article
) -> None:
    first, second = processes("first"), processes("second")
    for number, process in enumerate((first, second)):
        saves = [
            {"marker": f"p{number}-{n}", "entry": TARGETS[n % 5], "kind": "edit" if n % 2 else "alias"}
            for n in range(25)
        ]
        process.send(cmd="burst", saves=saves, threads=6)
    outcomes: dict[str, str] = {}
    for process in (first, second):
        process.wait(lambda e: e["event"] == "burst done", 120)
        outcomes |= {e["marker"]: e["outcome"] for e in process.events if e["event"] == "saved"}
    assert len(outcomes) == 50 and set(outcomes.values()) <= {"saved", "conflict"}
    saved = sorted(m for m, outcome in outcomes.items() if outcome == "saved")
    assert all(outcomes[f"p{p}-{n}"] == "saved" for p in (0, 1) for n in range(0, 25, 2))  # aliases all land
    assert "conflict" in outcomes.values()  # edits from forms opened on an entry someone changed: refused
    for number in (0, 1):  # the forms of one entry were opened together: at most one of them lands
        for entry in range(5):
            edits = [f"p{number}-{n}" for n in range(1, 25, 2) if n % 5 == entry]
            assert sum(outcomes[m] == "saved" for m in edits) <= 1, edits

    revisions, audit = database(postgres_url)
    assert [r[0] for r in revisions] == list(range(1, len(saved) + 2))  # one revision per save, no gaps
    assert len(audit) == len(saved) and [r[2] for r in revisions[1:]] == [a[0] for a in audit]
    newest = markers(parse_faq(revisions[-1][3], source="db", article=article))
    assert newest == saved  # every committed save is in the newest FAQ; no refused one is
    for process in (first, second):
        assert process.wait(lambda e: e["event"] == "served" and e["markers"] == saved, 30)
        assert process.state()["stored"] == len(saved) + 1
    assert "ERROR" not in first.close() + second.close()


def test_kill_9_mid_save_loses_nothing_committed(
    processes: Callable[..., Process], postgres_url: str, article: Article
) -> None:
    first, second = processes("first"), processes("second")
    for marker in ("a", "b"):
        first.send(cmd="save", marker=marker, entry="irgc")
        assert first.wait(lambda e, m=marker: e["event"] == "saved" and e["marker"] == m)["outcome"] == "saved"  # type: ignore[misc]
    first.send(cmd="save", marker="killed", entry="airspace", pause=True)
    first.wait(lambda e: e["event"] == "inside")  # written, not committed, holding the revision lock
    first.popen.send_signal(signal.SIGKILL)
    assert first.popen.wait(30) == -signal.SIGKILL

    second.send(cmd="save", marker="c", entry="fm-visit")  # the lock went with the killed process
    assert second.wait(lambda e: e["event"] == "saved" and e["marker"] == "c", 60)["outcome"] == "saved"
    revisions, audit = database(postgres_url)
    assert [r[1] for r in revisions] == ["start", "alias", "alias", "alias"]
    assert markers(parse_faq(revisions[-1][3], source="db", article=article)) == ["a", "b", "c"]
    assert all("marker killed" not in r[3] for r in revisions) and all("killed" not in a[1] for a in audit)
    assert len(audit) == 3
    third = processes("third")  # a process started now serves the newest
    assert third.ready["markers"] == ["a", "b", "c"] and third.ready["stored"] == 4
    assert second.state()["markers"] == ["a", "b", "c"]


# --- the database stopped mid-run -------------------------------------------------------------------------------


def test_database_stopped_mid_run_keeps_answering_pauses_saves_and_resumes(
    postgres_server: str, shared: Open, faq_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The test's own server (not ``postgres_server``, which serves the other tests), so it can be stopped."""
    from bot.core.storage.postgres import PostgresStorage

    caplog.set_level(logging.INFO)
    folder = pgserver.init()
    try:
        url = pgserver.start(folder)
        service = shared(url, poll=1.0)
        other = shared(url, second_copy(faq_file, "other"), poll=1.0)
        records = Records(PostgresStorage(url, connect_seconds=2), retry_seconds=0.1, max_retry_seconds=0.5)
        question = service.faq.get("airspace")
        assert question is not None
        idle = PostgresRevisions(url, connect_seconds=2)  # a connection nothing uses while the server is down
        assert idle.newest_number() == 1

        pgserver.stop(folder)
        answer = service.engine.ask(question.question)
        assert answer.entry is not None and answer.entry.id == "airspace"  # from the FAQ in memory
        records.add_ask(answer.entry.id, "answered")  # buffered
        for n in range(3):
            change = service.save(add_alias("irgc", f"marker down {n}"))
            assert change.outcome is Outcome.PAUSED and change.reason == PAUSED
        assert other.undo(expected=None).outcome is Outcome.PAUSED
        assert service.reload().outcome is Outcome.PAUSED
        assert until(lambda: caplog.text.count("The database is unreachable") == 2)  # once per process
        time.sleep(2.5)  # the processes keep trying to follow: still once each
        assert caplog.text.count("The database is unreachable") == 2
        assert markers(service.faq) == []

        pgserver.start(folder)
        assert idle.newest_number() == 1  # its broken connection is replaced at once, not reported as an outage
        idle.close()
        change = service.save(add_alias("irgc", "marker back"))  # the first save after it is back
        assert change.ok, change.reason
        assert until(lambda: markers(other.faq) == ["back"])  # the other process follows again
        assert "The database is back: FAQ changes are saved again" in caplog.text
        assert until(lambda: records.writer.failing is None and records.writer.pending == 0)
        assert [a["entry"] for a in records.asks()] == ["airspace"]
        revisions, audit = database(url)
        assert [r[1] for r in revisions] == ["start", "alias"] and len(audit) == 1
        records.close()
        service.close()
        other.close()  # before the server goes
    finally:
        pgserver.stop(folder, remove=True)
