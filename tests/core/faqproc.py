"""One bot process's FAQ service on a shared PostgreSQL, driven by a test through its standard input; and
``Process``, which starts one and drives it.

``python -m tests.core.faqproc URL FAQ_FILE POLL_SECONDS`` serves the FAQ from the database at URL and reads one
JSON command a line; it writes one JSON event a line:

- ``{"cmd": "save", "marker": M, "entry": E, "kind": "alias"|"edit", "pause": false}``: a moderator adds the
  phrasing "marker M" to entry E, as an alias (no version check) or through the edit form (checked against the
  entry as it was when the form opened); with ``pause`` the save stops inside its transaction, after writing and
  before committing, and says ``{"event": "inside"}`` (the test kills the process there). Answers
  ``{"event": "saved", "marker": M, "outcome": ..., "stored": N, "time": T}``.
- ``{"cmd": "burst", "saves": [save, ...], "threads": K}``: the saves at once from K threads, every edit form
  opened before any is confirmed (so edits of one entry after the first are refused as stale).
- ``{"cmd": "state"}``: ``{"event": "state", "stored": N, "markers": [...]}``, what members are served now.

Every time a new FAQ is served it says ``{"event": "served", "markers": [...], "time": T}``.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bot.core.article import Article
from bot.core.faq import FAQ
from bot.core.service import FAQService
from bot.core.shared import SharedFAQStore
from bot.core.storage.revisions import PostgresRevisions
from bot.core.store import Edit, Revision, add_alias, edit_entry, entry_version
from tests.paths import KNOWLEDGE, ROOT

MARK = "marker "
_out = threading.Lock()


def say(event: dict[str, Any]) -> None:
    with _out:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()


def markers(faq: FAQ) -> list[str]:
    """The test's phrasings in a FAQ."""
    return sorted(a.removeprefix(MARK) for e in faq for a in e.alternates if a.startswith(MARK))


class Revisions(PostgresRevisions):
    """Stops inside a change's transaction, once asked to."""

    pause = threading.Event()

    def _step(self, name: str) -> None:
        if name == "inserted" and self.pause.is_set():
            say({"event": "inside"})
            time.sleep(600)


class Service(FAQService):
    """Says what it serves."""

    def _serve(self, revision: Revision) -> None:
        super()._serve(revision)
        say({"event": "served", "markers": markers(self.engine.faq), "time": time.time()})


def form(service: FAQService, command: dict[str, Any]) -> Edit:
    """The change a moderator makes: an added phrasing, or the entry's edit form opened on it as served now."""
    marker, entry_id = command["marker"], command["entry"]
    if command.get("kind") != "edit":
        return add_alias(entry_id, MARK + marker)
    entry = service.faq.get(entry_id)
    assert entry is not None
    data = entry.to_data()
    data["alternates"] = [*data.get("alternates", []), MARK + marker]
    return edit_entry(entry_id, data, entry_version(entry))


def save(service: FAQService, store: SharedFAQStore, command: dict[str, Any], edit: Edit | None = None) -> None:
    if command.get("pause"):
        Revisions.pause.set()
    change = service.save(edit or form(service, command), user_id=7)
    say({"event": "saved", "marker": command["marker"], "outcome": str(change.outcome), "stored": store.stored,
         "reason": change.reason, "time": time.time()})  # fmt: skip


def main(argv: list[str]) -> int:
    url, faq_file, poll = argv[0], Path(argv[1]), float(argv[2])
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    article = Article.from_file(KNOWLEDGE / "article.txt")
    store = SharedFAQStore(
        faq_file, article, Revisions(url), vocabulary_path=faq_file.parent / "vocabulary.yaml", poll_seconds=poll
    )
    service = Service.open(store)
    service.follow()
    say({"event": "ready", "stored": store.stored, "markers": markers(service.faq)})
    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "save":
            save(service, store, command)
        elif command["cmd"] == "burst":
            opened = [(c, form(service, c)) for c in command["saves"]]  # every form before any is confirmed
            with ThreadPoolExecutor(command.get("threads", 5)) as pool:
                for done in [pool.submit(save, service, store, c, edit) for c, edit in opened]:
                    done.result()
            say({"event": "burst done"})
        elif command["cmd"] == "state":
            say({"event": "state", "stored": store.stored, "markers": markers(service.engine.faq)})
    service.close()
    return 0


class Process:
    """``tests/core/faqproc.py`` in a process of its own: commands in, events out."""

    def __init__(self, url: str, faq_file: Path, poll: float = 60.0) -> None:
        self.log = faq_file.parent / f"process-{id(self)}.log"
        self._stderr = self.log.open("w")
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "tests.core.faqproc", url, str(faq_file), str(poll)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        self.events: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.ready = self.wait(lambda e: e["event"] == "ready", 60)

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            with self._changed:
                self.events.append(json.loads(line))
                self._changed.notify_all()

    def send(self, **command: Any) -> None:
        assert self.popen.stdin is not None
        self.popen.stdin.write(json.dumps(command) + "\n")
        self.popen.stdin.flush()

    def wait(self, match: Callable[[dict[str, Any]], bool], timeout: float = 60.0, *, after: int = 0) -> dict[str, Any]:
        """The first event (from the ``after``-th on) that matches, waiting for it."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [e for e in self.events[after:] if match(e)]
                if found:
                    return found[0]
                remaining = deadline - time.monotonic()
                assert remaining > 0 and self.popen.poll() is None, self.log.read_text()
                self._changed.wait(remaining)

    def state(self) -> dict[str, Any]:
        """What it serves now."""
        with self._changed:
            before = len(self.events)
        self.send(cmd="state")
        return self.wait(lambda e: e["event"] == "state", after=before)

    def close(self) -> str:
        """Stop it (if it still runs); what it logged."""
        if self.popen.poll() is None:
            assert self.popen.stdin is not None
            self.popen.stdin.close()
            self.popen.wait(30)
        self._stderr.close()
        return self.log.read_text()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
