"""One bot process's FAQ service on a shared PostgreSQL, driven by a test through its standard input.

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
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bot.core.article import Article
from bot.core.faq import FAQ
from bot.core.service import FAQService
from bot.core.shared import SharedFAQStore
from bot.core.storage.revisions import PostgresRevisions
from bot.core.store import Edit, Revision, add_alias, edit_entry, entry_version
from tests.paths import KNOWLEDGE

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


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
