"""The FAQ in service: revisions, the order indexes are installed in, confirm-what-you-previewed, crash recovery."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from bot.core import FAQ, Matcher, load_faq
from bot.core.article import Article
from bot.core.service import FAQService, Outcome
from bot.core.store import FAQStore, add_alias, add_entry, replace_all
from bot.core.vocabulary import Vocabulary
from tests.paths import KNOWLEDGE

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ["airspace", "davos-meeting", "irgc", "naval-exercise", "fm-visit"]
NEW = {
    "id": "forums-again",
    "topic": "background",
    "question": "Do they sit together in international forums?",
    "answer": "The article says they are important actors in many multilateral forums.",
    "quotes": ["Pakistan and Iran are important actors in many regional and trans-regional multilateral forums."],
}


def open_store(faq_file: Path, article: Article) -> FAQStore:
    """A store on the test's copies of faq.yaml and vocabulary.yaml."""
    return FAQStore(
        faq_file, article, faq_file.parent.parent / "data", vocabulary_path=faq_file.parent / "vocabulary.yaml"
    )


def open_service(faq_file: Path, article: Article, **options: object) -> FAQService:
    store = open_store(faq_file, article)
    service = FAQService.open(store)
    if options:
        service = FAQService(store, service.engine, **options)  # type: ignore[arg-type]
    return service


def alternates(faq: FAQ) -> set[str]:
    return {a for e in faq for a in e.alternates if a.startswith("race phrasing")}


@pytest.mark.parametrize("round_", range(20))
def test_served_faq_is_always_the_newest_saved_even_when_older_indexes_finish_last(
    faq_file: Path, article: Article, round_: int
) -> None:
    """Index builds are forced to finish in the reverse order of their revisions: the adversarial order that
    served an older FAQ when the index was swapped after the store's lock was released."""
    saves = 8
    started = threading.Barrier(saves)

    def slow_for_older(faq: FAQ, vocabulary: Vocabulary) -> Matcher:
        matcher = Matcher(faq, vocabulary)
        # hold every build until all saves are on disk, then finish newest first, oldest last
        deadline = time.monotonic() + 10
        while service.store.revision < 1 + saves and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(0.004 * (saves - len(alternates(faq))) * (1 + round_ % 2))
        return matcher

    service = open_service(faq_file, article, build_index=slow_for_older)
    outcomes = []

    def work(n: int) -> None:
        started.wait()
        outcomes.append(service.save(add_alias(TARGETS[n % 5], f"race phrasing {round_} {n}"), user_id=n % 3))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(saves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(o.outcome is Outcome.SAVED for o in outcomes)
    on_disk = load_faq(faq_file, article)
    assert len(alternates(on_disk)) == saves  # none lost
    assert alternates(service.faq) == alternates(on_disk)  # and members are served exactly that
    assert service.revision == service.store.revision == 1 + saves
    assert service.export() == faq_file.read_text()


def test_undo_confirmed_after_someone_else_saved_is_refused(faq_file: Path, article: Article) -> None:
    service = open_service(faq_file, article)
    assert service.save(add_entry(NEW), user_id=1).ok
    preview = service.undo_preview()
    assert preview.undoes is not None and preview.undoes.summary == "add forums-again"
    assert service.save(add_alias("airspace", "a phrasing saved meanwhile"), user_id=2).ok
    refused = service.undo(expected=preview.revision, user_id=1)
    assert refused.outcome is Outcome.CONFLICT and "changed since you opened this undo" in refused.reason
    served = service.faq.get("airspace")
    assert served is not None and "a phrasing saved meanwhile" in served.alternates  # nothing lost
    assert service.faq.get("forums-again") is not None
    again = service.undo_preview()
    undone = service.undo(expected=again.revision, user_id=1)
    assert (
        undone.ok
        and undone.undone is not None
        and undone.undone.summary == "alias airspace: a phrasing saved meanwhile"
    )


def test_import_confirmed_after_someone_else_saved_is_refused(faq_file: Path, article: Article) -> None:
    service = open_service(faq_file, article)
    document = service.faq.to_data()
    document["entries"][0]["answer"] = "The article says: an imported answer."
    preview = service.preview(replace_all(document, "upload.yaml"))
    pinned = replace_all(document, "upload.yaml")
    pinned = type(pinned)(**{**pinned.__dict__, "base_revision": preview.revision})
    assert service.save(add_alias("airspace", "saved between preview and confirm"), user_id=2).ok
    refused = service.save(pinned, user_id=1)
    assert refused.outcome is Outcome.CONFLICT and "changed since you previewed" in refused.reason
    assert "saved between preview and confirm" in faq_file.read_text()


def test_a_deleted_faq_file_is_recreated_on_the_next_save(faq_file: Path, article: Article) -> None:
    service = open_service(faq_file, article)
    faq_file.unlink()
    change = service.save(add_alias("airspace", "after the file was deleted"))
    assert change.ok
    restored = load_faq(faq_file, article)
    assert "after the file was deleted" in restored.get("airspace").alternates  # type: ignore[union-attr]
    assert service.undo(expected=service.revision).ok  # the snapshot is the FAQ that was in service
    assert "after the file was deleted" not in faq_file.read_text()


def test_saving_keeps_the_file_mode(faq_file: Path, article: Article) -> None:
    faq_file.chmod(0o664)
    service = open_service(faq_file, article)
    assert service.save(add_alias("airspace", "mode stays")).ok
    assert faq_file.stat().st_mode & 0o777 == 0o664


CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from bot.core.article import Article
    from bot.core.store import FAQStore, add_alias

    faq_file, step = Path(sys.argv[1]), sys.argv[2]
    article = Article.from_file(Path(sys.argv[3]))
    store = FAQStore(
        faq_file, article, faq_file.parent.parent / "data", vocabulary_path=faq_file.parent / "vocabulary.yaml"
    )
    store.save(add_alias("airspace", "before the crash"), user_id=1)  # a complete change first

    def crash(name):
        if name == step:
            os.kill(os.getpid(), signal.SIGKILL)

    store._step = crash
    if step.startswith("undo-"):
        store._step = lambda name: crash("undo-" + name)
        store.undo(user_id=1)
    else:
        store.save(add_alias("airspace", "during the crash"), user_id=1)
    """
)


@pytest.mark.parametrize("step", ["intent", "snapshot", "file", "audit", "undo-intent", "undo-file", "undo-audit"])
def test_kill_at_any_step_of_a_change_leaves_file_history_and_audit_agreeing(
    faq_file: Path, article: Article, step: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(faq_file), step, str(KNOWLEDGE / "article.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    store = open_store(faq_file, article)  # start again: recover
    text = faq_file.read_text()
    actions = [(r.action, r.summary) for r in reversed(store.history(limit=100))]
    snapshots = store._snapshots()
    if step.startswith("undo-"):
        undone = "before the crash" not in text
        assert store.recovered is not None and store.recovered.startswith("rolled forward" if undone else "rolled back")
        assert actions == [("alias", "alias airspace: before the crash")] + (
            [("undo", "undo alias airspace: before the crash")] if undone else []
        )
        assert len(snapshots) == (0 if undone else 1)
    else:
        landed = "during the crash" in text
        assert store.recovered is not None and store.recovered.startswith("rolled forward" if landed else "rolled back")
        expected = [("alias", "alias airspace: before the crash")]
        if landed:
            expected.append(("alias", "alias airspace: during the crash"))
        assert actions == expected
        assert len(snapshots) == len(expected)  # one snapshot per change in the audit: undo undoes a real change
        if landed:
            assert "during the crash" not in snapshots[-1].read_text()
    assert not store.pending_path.exists()
    assert not [p for p in faq_file.parent.rglob("*.tmp")] and not list(
        (faq_file.parent.parent / "data").rglob("*.tmp")
    )
    assert os.path.exists(faq_file) and store.faq is not None


def test_a_vocabulary_edit_on_disk_is_served_at_once(faq_file: Path, article: Article) -> None:
    service = open_service(faq_file, article)
    assert service.engine.ask("zeppelin meeting").entry is None
    vocabulary_file = faq_file.parent / "vocabulary.yaml"
    text = vocabulary_file.read_text().replace(
        "    envoy: ambassador\n", "    envoy: ambassador\n    zeppelin: davos\n"
    )
    vocabulary_file.write_text(text)
    change = service.poll()
    assert change is not None and change.ok and change.faq is service.faq
    assert service.engine.matcher.vocabulary is service.store.vocabulary
    assert service.engine.ask("zeppelin meeting").entry.id == "davos-meeting"  # type: ignore[union-attr]
    vocabulary_file.write_text(text.replace("    zeppelin: davos\n", "    zeppelin: [davos]\n"))
    change = service.poll()
    assert change is not None and change.outcome is Outcome.INVALID
    assert [str(p) for p in change.problems] == [
        f"vocabulary.yaml:{text.splitlines().index('    zeppelin: davos') + 1}: general.synonyms: what 'zeppelin' "
        "maps to must be text, not a list"
    ]
    assert service.engine.ask("zeppelin meeting").entry.id == "davos-meeting"  # type: ignore[union-attr]
