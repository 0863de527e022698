"""Saving moderators' changes: validated, atomic, concurrent-safe, undoable across restarts, audited."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from bot.core import FAQError, load_faq
from bot.core import store as store_module
from bot.core.article import Article
from bot.core.store import (
    ConflictError,
    FAQStore,
    NothingToUndo,
    SaveError,
    add_alias,
    add_entry,
    edit_entry,
    entry_version,
    remove_entry,
)


@pytest.fixture
def store(faq_file: Path, article: Article, tmp_path: Path) -> FAQStore:
    return FAQStore(faq_file, article, tmp_path / "data", vocabulary_path=faq_file.parent / "vocabulary.yaml")


NEW = {
    "id": "forums-again",
    "topic": "background",
    "question": "Do they sit together in international forums?",
    "alternates": ["international forums together"],
    "answer": "The article says they are important actors in many multilateral forums.",
    "quotes": ["Pakistan and Iran are important actors in many regional and trans-regional multilateral forums."],
}


def test_alias_is_saved_validated_and_served(store: FAQStore, faq_file: Path, article: Article) -> None:
    before = faq_file.read_text()
    new = store.save(add_alias("airspace", "can pakistani jets cross iran"), user_id=7, guild_id=9).faq
    assert "can pakistani jets cross iran" in new.get("airspace").alternates  # type: ignore[union-attr]
    reloaded = load_faq(faq_file, article)
    assert reloaded.get("airspace").alternates == new.get("airspace").alternates  # type: ignore[union-attr]
    assert faq_file.read_text().startswith("# yaml-language-server: $schema=./faq.schema.json")
    assert [e.id for e in reloaded] == [e.id for e in new]
    assert store.history_dir.joinpath(os.listdir(store.history_dir)[0]).read_text() == before
    record = store.history()[0]
    assert (record.user_id, record.guild_id, record.action, record.entry) == (7, 9, "alias", "airspace")
    assert record.after["alternates"][-1] == "can pakistani jets cross iran"


def test_an_alias_of_a_question_members_asked_moves_it_to_the_alternates(store: FAQStore) -> None:
    """The edit form does not show an entry's asked questions, so a moderator adding one as a phrasing (from the
    unanswered queue, say) gets it moved, not refused as a duplicate they cannot see."""
    asked = store.faq.get("trade-agreements").asked  # type: ignore[union-attr]
    typed = asked[0].upper()  # the same question as the validator reads it
    new = store.save(add_alias("trade-agreements", typed)).faq
    assert new is not None
    entry = new.get("trade-agreements")
    assert entry is not None and typed in entry.alternates and entry.asked == asked[1:]


def test_preview_shows_a_diff_and_saves_nothing(store: FAQStore, faq_file: Path) -> None:
    before = faq_file.read_text()
    preview = store.preview(add_entry(NEW))
    assert preview.diff == ["+ new entry `forums-again`: Do they sit together in international forums?"]
    assert faq_file.read_text() == before and store.faq.get("forums-again") is None


def test_invalid_change_is_refused_with_the_loaders_message(store: FAQStore, faq_file: Path) -> None:
    before = faq_file.read_text()
    bad = {**NEW, "quotes": ["Pakistan and Iran are key actors in many forums."]}
    with pytest.raises(FAQError) as caught:
        store.save(add_entry(bad))
    assert "quote 1 is not verbatim in the article; closest passage (paragraph 17)" in str(caught.value)
    duplicate = {**NEW, "alternates": ["iranian airspace"]}
    with pytest.raises(FAQError, match="phrasing 'iranian airspace' is also used by entry 'airspace'"):
        store.save(add_entry(duplicate))
    with pytest.raises(FAQError, match="question is 101 characters; the limit is 100"):
        store.save(add_entry({**NEW, "question": "x" * 101}))
    assert faq_file.read_text() == before


def test_edit_of_an_entry_changed_meanwhile_is_refused(store: FAQStore) -> None:
    seen = entry_version(store.faq.get("airspace"))
    data = store.faq.get("airspace").to_data()  # type: ignore[union-attr]
    store.save(add_alias("airspace", "someone else's phrasing"))
    with pytest.raises(ConflictError, match="changed by someone else since you opened it"):
        store.save(edit_entry("airspace", {**data, "answer": "The article says: mine."}, seen))
    with pytest.raises(ConflictError, match="already exists"):
        store.save(add_entry({**NEW, "id": "airspace"}))


def test_remove_drops_related_links_to_it(store: FAQStore) -> None:
    new = store.save(remove_entry("airspace", entry_version(store.faq.get("airspace")))).faq
    assert new.get("airspace") is None
    assert all("airspace" not in e.related for e in new)


def test_fifty_concurrent_edits_none_lost(store: FAQStore, faq_file: Path, article: Article) -> None:
    targets = ["airspace", "davos-meeting", "irgc", "naval-exercise", "fm-visit"]
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            store.save(add_alias(targets[n % 5], f"concurrent phrasing number {n}"), user_id=n % 3)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    final = load_faq(faq_file, article)
    added = {a for e in final for a in e.alternates if a.startswith("concurrent phrasing")}
    assert added == {f"concurrent phrasing number {n}" for n in range(50)}
    assert len(store.history(limit=100)) == 50


@pytest.mark.parametrize("step", ["write", "fsync", "replace", "snapshot"])
def test_failure_at_any_step_leaves_the_old_faq(
    store: FAQStore, faq_file: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    before = faq_file.read_text()
    served = store.faq

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if step == "write":
        monkeypatch.setattr(store_module.os, "fdopen", boom)
    elif step == "fsync":
        monkeypatch.setattr(store_module.os, "fsync", boom)
    elif step == "replace":
        monkeypatch.setattr(store_module.os, "replace", boom)
    else:
        monkeypatch.setattr(store, "_snapshot", lambda _: (_ for _ in ()).throw(SaveError("no room for history")))
    with pytest.raises(SaveError):
        store.save(add_alias("airspace", "this must not land"))
    assert faq_file.read_text() == before
    assert store.faq is served
    assert not [p for p in faq_file.parent.iterdir() if p.name.endswith(".tmp")]
    assert not store.can_undo()  # no orphan snapshot: the next undo would "undo" nothing
    assert not store.pending_path.exists() and store.history() == []


def test_undo_works_across_a_restart(store: FAQStore, faq_file: Path, article: Article, tmp_path: Path) -> None:
    before = faq_file.read_text()
    store.save(add_entry(NEW), user_id=1)
    restarted = FAQStore(faq_file, article, tmp_path / "data", vocabulary_path=faq_file.parent / "vocabulary.yaml")
    assert restarted.last_change().action == "add"  # type: ignore[union-attr]
    revision, undone = restarted.undo(user_id=2)
    assert undone is not None and undone.entry == "forums-again"
    assert revision.faq.get("forums-again") is None and faq_file.read_text() == before
    assert restarted.history()[0].action == "undo"
    with pytest.raises(NothingToUndo):
        restarted.undo()


def test_external_edit_is_noticed_valid_or_not(store: FAQStore, faq_file: Path) -> None:
    assert store.poll() is None
    text = faq_file.read_text().replace(
        "      - iranian airspace\n", "      - iranian airspace\n      - sky over iran\n"
    )
    faq_file.write_text(text)
    polled = store.poll()
    assert polled is not None and polled.number == 2
    new = polled.faq
    assert "sky over iran" in new.get("airspace").alternates  # type: ignore[union-attr]
    assert store.poll() is None
    faq_file.write_text(text.replace("Iran provides 200MW", "Iran provides 300MW"))
    with pytest.raises(FAQError, match="not verbatim"):
        store.poll()
    assert store.faq is new  # the FAQ in service stays
    assert store.poll() is None  # reported once


def test_vocabulary_edit_on_disk_is_noticed_valid_or_not(faq_file: Path, article: Article) -> None:
    vocabulary_file = faq_file.parent / "vocabulary.yaml"
    store = FAQStore(faq_file, article, faq_file.parent.parent / "data", vocabulary_path=vocabulary_file)
    faq, first = store.faq, store.vocabulary
    assert store.poll() is None
    text = vocabulary_file.read_text().replace(
        "    envoy: ambassador\n", "    envoy: ambassador\n    legate: ambassador\n"
    )
    vocabulary_file.write_text(text)
    polled = store.poll()
    assert polled is not None and polled.number == 2
    assert (
        polled.faq is faq and polled.vocabulary is not first and polled.vocabulary.synonyms["legate"] == ("ambassador",)
    )
    assert store.poll() is None
    vocabulary_file.write_text(text.replace("    legate: ambassador\n", "    legate: legate\n"))
    with pytest.raises(FAQError, match="'legate' maps to itself"):
        store.poll()
    assert store.vocabulary is polled.vocabulary  # the vocabulary in service stays
    assert store.poll() is None  # reported once
    with pytest.raises(FAQError, match="'legate' maps to itself"):
        store.reload()  # reload reads both files
    assert store.revision == 2


def test_faq_and_vocabulary_edited_together_are_taken_one_after_the_other(faq_file: Path, article: Article) -> None:
    vocabulary_file = faq_file.parent / "vocabulary.yaml"
    store = FAQStore(faq_file, article, faq_file.parent.parent / "data", vocabulary_path=vocabulary_file)
    faq_file.write_text(faq_file.read_text().replace("Iran provides 200MW", "Iran provides 300MW"))
    vocabulary_file.write_text(
        vocabulary_file.read_text().replace(
            "    envoy: ambassador\n", "    envoy: ambassador\n    legate: ambassador\n"
        )
    )
    with pytest.raises(FAQError, match="not verbatim"):
        store.poll()  # the broken FAQ is reported ...
    polled = store.poll()  # ... and the good vocabulary still served on the next look
    assert polled is not None and "legate" in polled.vocabulary.synonyms
    assert store.poll() is None
