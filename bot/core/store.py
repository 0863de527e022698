"""The FAQ file as moderators change it: validated, atomic, undoable, audited.

Every change is an *edit*: a pure function from the FAQ's data to new data. Saving re-applies it to the FAQ as
it is at that moment, under a lock, so concurrent edits by several moderators all land; an edit made against an
entry that someone else changed since (the moderator's form was opened on an older version) is refused instead.
A save validates with exactly the loader's rules, writes a temporary file, fsyncs it, and atomically replaces the
FAQ file; the previous file is kept in a bounded history (so undo works across restarts) and an audit record is
appended. If anything fails, the file and the FAQ in service stay as they were.

Every change gets a revision number, so whoever serves the FAQ can tell a newer FAQ from an older one. A change
is crash-consistent: an intent record is written first (``pending.json``: the snapshot it keeps, the digest of
the new file, its audit record), then the snapshot, the file and the audit line, and the intent is removed last.
On start, a leftover intent is rolled forward (the new file is in place: its audit record is completed) or back
(the old file is in place: its snapshot is dropped), and stray temporary files are removed.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import stat
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from bot.core.article import Article
from bot.core.autoanswer import AUTO_ANSWER
from bot.core.faq import (
    FAQ,
    MAX_FILE_BYTES,
    Entry,
    FAQError,
    Problem,
    check_size,
    load_faq,
    parse_faq,
    validate_document,
)
from bot.core.storage import FILE_NAME, SQLiteStorage, Storage, StorageError
from bot.core.text import normalize
from bot.core.vocabulary import Vocabulary, check_faq_synonyms, load_vocabulary

log = logging.getLogger(__name__)

HEADER = """\
# yaml-language-server: $schema=./faq.schema.json
#
# The FAQ the bot answers from. Every quote must be verbatim from article.txt (typographic quote marks and
# spacing may differ); `faqbot validate` checks this and every other rule. Answers attribute claims to the
# article (article.yaml says what kind of piece it is). Moderators' edits from Discord rewrite this file
# (comments other than this header are not kept).
"""

HISTORY_LIMIT = 100
MAX_IMPORT_BYTES = MAX_FILE_BYTES  # what is exported must import again

Data = dict[str, Any]


class ConflictError(Exception):
    """The entry changed since the moderator started editing it; nothing was saved."""


class SaveError(Exception):
    """The file could not be written; the FAQ on disk and in service are unchanged."""


class NothingToUndo(Exception):
    """There is no earlier version of the file to go back to."""


PAUSED = "Saving is paused: the database is unreachable. Try again in a minute."


class SavingPaused(Exception):
    """The database that keeps the FAQ's revisions cannot be reached: nothing was saved, members are still
    answered from the FAQ in memory, and saving works again once it is back."""

    def __init__(self, message: str = PAUSED) -> None:
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Revision:
    """One version of the FAQ in this process, with the vocabulary it is read with: ``number`` grows with every
    change (save, undo, reload, an edit of either file on disk)."""

    number: int
    faq: FAQ
    vocabulary: Vocabulary


def entry_version(entry: Entry | None) -> str:
    """A short fingerprint of an entry's content, to notice that someone else changed it meanwhile."""
    if entry is None:
        return "absent"
    text = json.dumps(entry.to_data(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Edit:
    """One moderator change. ``apply`` must not mutate its argument; ``expected`` is the entry version the
    moderator saw, when the change depends on it (edit, remove)."""

    action: str
    entry_id: str | None
    apply: Callable[[Data], Data]
    expected: str | None = None
    summary: str = ""
    new_id: str | None = None  # the entry's id after the change, when an edit renames it
    base_revision: int | None = None  # for whole-FAQ changes (import): the revision the preview showed


@dataclass(frozen=True)
class AuditRecord:
    """One change as the audit log keeps it: when, who, where, what, before and after."""

    time: float
    user_id: int | None
    guild_id: int | None
    action: str
    entry: str | None
    before: Any
    after: Any
    summary: str = ""
    id: str = ""  # ties the record to its intent, so recovery never writes it twice


@dataclass(frozen=True)
class Preview:
    """What a change would do, shown to the moderator before it is saved."""

    edit: Edit
    faq: FAQ
    diff: list[str] = field(default_factory=list)
    revision: int = 0  # the revision it was computed against: confirming checks nothing changed since
    undoes: AuditRecord | None = None  # for an undo: the change it reverts


class RevisionStore(Protocol):
    """Where the FAQ's revisions are kept, as the service uses them: ``FAQStore`` (the file, one process) or
    ``SharedFAQStore`` (PostgreSQL, several processes). Chosen once, in the composition root."""

    @property
    def faq(self) -> FAQ:
        """The FAQ of the current revision."""
        ...

    @property
    def revision(self) -> int:
        """The number of the current revision in this process."""
        ...

    @property
    def vocabulary(self) -> Vocabulary:
        """The vocabulary of the current revision."""
        ...

    def preview(self, edit: Edit) -> Preview:
        """Validate a change without saving it."""
        ...

    def undo_preview(self) -> Preview:
        """What undo would revert now."""
        ...

    def save(self, edit: Edit, *, user_id: int | None = None, guild_id: int | None = None) -> Revision:
        """Apply, validate, keep and audit a change."""
        ...

    def undo(
        self, *, user_id: int | None = None, guild_id: int | None = None, expected: int | None = None
    ) -> tuple[Revision, AuditRecord | None]:
        """Revert the last change."""
        ...

    def reload(self) -> Revision:
        """Take the FAQ and the vocabulary files as they are on disk."""
        ...

    def poll(self) -> Revision | None:
        """Pick up an edit of either file on disk."""
        ...

    def refresh(self) -> Revision | None:
        """Pick up a change another process made."""
        ...

    def follow(self, on_change: Callable[[], object]) -> None:
        """Call ``on_change`` (from a thread of the store's) whenever another process may have changed the FAQ."""
        ...

    def history(self, entry_id: str | None = None, limit: int = 10) -> list[AuditRecord]:
        """Recent changes, newest first."""
        ...

    def close(self) -> None:
        """Stop following and release what the store opened."""
        ...


# --- edits ------------------------------------------------------------------------------------------------------


def _entries(data: Data) -> list[Data]:
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise FAQError([Problem("edit", None, None, "the FAQ has no entries list")])
    return entries


def _find(data: Data, entry_id: str) -> int:
    for index, entry in enumerate(_entries(data)):
        if isinstance(entry, dict) and entry.get("id") == entry_id:
            return index
    raise FAQError([Problem("edit", None, entry_id, "no such entry")])


def add_entry(entry: Data) -> Edit:
    """An edit that adds a new entry."""

    def apply(data: Data) -> Data:
        new = copy.deepcopy(data)
        _entries(new).append(copy.deepcopy(entry))
        return new

    return Edit("add", str(entry.get("id")), apply, expected="absent", summary=f"add {entry.get('id')}")


def edit_entry(entry_id: str, entry: Data, expected: str) -> Edit:
    """An edit that replaces an entry (possibly renaming it), if it is still as the moderator saw it."""

    def apply(data: Data) -> Data:
        new = copy.deepcopy(data)
        _entries(new)[_find(new, entry_id)] = copy.deepcopy(entry)
        if entry.get("id") != entry_id:  # renamed: keep related links pointing at it
            for other in _entries(new):
                if isinstance(other, dict) and isinstance(other.get("related"), list):
                    other["related"] = [entry.get("id") if r == entry_id else r for r in other["related"]]
        return new

    return Edit("edit", entry_id, apply, expected=expected, summary=f"edit {entry_id}", new_id=str(entry.get("id")))


def remove_entry(entry_id: str, expected: str) -> Edit:
    """An edit that removes an entry and the related links to it, if it is still as the moderator saw it."""

    def apply(data: Data) -> Data:
        new = copy.deepcopy(data)
        del _entries(new)[_find(new, entry_id)]
        for other in _entries(new):  # a related link to a removed entry would dangle
            if isinstance(other, dict) and isinstance(other.get("related"), list):
                other["related"] = [r for r in other["related"] if r != entry_id]
                if not other["related"]:
                    del other["related"]
        return new

    return Edit("remove", entry_id, apply, expected=expected, summary=f"remove {entry_id}")


def add_alias(entry_id: str, phrasing: str) -> Edit:
    """An edit that adds an alternate phrasing to an entry. A question members asked that reads the same moves
    from the entry's ``asked`` list (which the edit form does not show) rather than being refused as a duplicate."""

    def apply(data: Data) -> Data:
        new = copy.deepcopy(data)
        entry = _entries(new)[_find(new, entry_id)]
        entry["alternates"] = [*entry.get("alternates", []), phrasing.strip()]
        if isinstance(entry.get("asked"), list):
            same = normalize(phrasing)
            entry["asked"] = [a for a in entry["asked"] if not (isinstance(a, str) and normalize(a) == same)]
            if not entry["asked"]:
                del entry["asked"]
        return new

    return Edit("alias", entry_id, apply, summary=f"alias {entry_id}: {phrasing.strip()}")


def set_synonym(word: str, terms: str | None) -> Edit:
    """An edit that makes ``word`` read as ``terms`` (the FAQ's own synonyms), or with None forgets it."""

    def apply(data: Data) -> Data:
        new = copy.deepcopy(data)
        synonyms = dict(new.get("synonyms") or {})
        if terms is None:
            if word not in synonyms:
                raise FAQError([Problem("your change", None, "synonyms", f"'{word}' is not one of the FAQ's synonyms")])
            del synonyms[word]
        else:
            synonyms[word] = terms
        if synonyms:
            new["synonyms"] = dict(sorted(synonyms.items()))
        else:
            new.pop("synonyms", None)
        return new

    summary = f"synonym {word} → {terms}" if terms is not None else f"remove synonym {word}"
    return Edit("synonym", None, apply, summary=summary)


def replace_all(document: Data, source: str) -> Edit:
    """An edit that replaces the whole FAQ with an imported document."""

    def apply(data: Data) -> Data:
        return copy.deepcopy(document)

    return Edit("import", None, apply, summary=f"import {source}")


# --- diffs ------------------------------------------------------------------------------------------------------


def diff(before: FAQ, after: FAQ) -> list[str]:
    """Short, readable lines describing what changed between two FAQs."""
    old = {e.id: e.to_data() for e in before}
    new = {e.id: e.to_data() for e in after}
    lines: list[str] = []
    for entry_id in new.keys() - old.keys():
        lines.append(f"+ new entry `{entry_id}`: {new[entry_id]['question']}")
    for entry_id in old.keys() - new.keys():
        lines.append(f"- removed entry `{entry_id}`: {old[entry_id]['question']}")
    for entry_id in sorted(old.keys() & new.keys()):
        if old[entry_id] == new[entry_id]:
            continue
        for key in ("topic", "question", "answer"):
            if old[entry_id].get(key) != new[entry_id].get(key):
                lines.append(f"~ `{entry_id}` {key}: {old[entry_id].get(key)!s} → {new[entry_id].get(key)!s}")
        for key, one in (
            ("alternates", "alternate"),
            ("asked", "asked"),
            ("quotes", "quote"),
            ("related", "related"),
            ("keywords", "keyword"),
        ):
            was, now = old[entry_id].get(key, []), new[entry_id].get(key, [])
            lines += [f"+ `{entry_id}` {one}: {x}" for x in now if x not in was]
            lines += [f"- `{entry_id}` {one}: {x}" for x in was if x not in now]
    if list(old) != list(new) and not lines:
        lines.append("~ entries reordered")
    if before.topics != after.topics:
        lines.append("~ topics changed")
    for word in sorted(before.synonyms.keys() | after.synonyms.keys()):
        was, now = before.synonyms.get(word), after.synonyms.get(word)
        if was != now:
            if was is not None:
                lines.append(f"- synonym: {word} → {' '.join(was)}")
            if now is not None:
                lines.append(f"+ synonym: {word} → {' '.join(now)}")
    return lines or ["(no change)"]


def dump(data: Data) -> str:
    """The FAQ data as faq.yaml text: the header comment, then readable block YAML."""
    body = yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    return HEADER + body


# libyaml's emitter writes the same text as PyYAML's, several times faster (a 10,000-entry FAQ: about 7x).
_DUMPER = yaml.CSafeDumper if yaml.__with_libyaml__ else yaml.SafeDumper


# --- the store --------------------------------------------------------------------------------------------------


class FAQStore:
    """The FAQ file and its history, and the vocabulary file it is read with (watched, not edited here).
    Thread-safe: the bot calls it from worker threads."""

    def __init__(
        self,
        path: Path,
        article: Article,
        data_dir: Path,
        *,
        vocabulary_path: Path,
        history_limit: int = HISTORY_LIMIT,
        faq: FAQ | None = None,
        vocabulary: Vocabulary | None = None,
        storage: Storage | None = None,
    ) -> None:
        """``faq`` and ``vocabulary`` are the files as just loaded, when the caller already has them (start-up
        loads them once). The audit log is kept in ``storage`` (default: the SQLite file in ``data_dir``)."""
        self.path = path
        self.vocabulary_path = vocabulary_path
        self.article = article
        self.history_dir = data_dir / "history"
        self.audit = storage if storage is not None else SQLiteStorage(data_dir / FILE_NAME)
        self.pending_path = data_dir / "pending.json"
        self.history_limit = history_limit
        self._lock = threading.RLock()
        self.recovered = self._recover()
        if self.recovered or faq is None:
            faq = load_faq(path, article)
        if vocabulary is None:
            vocabulary = load_vocabulary(vocabulary_path)
        _warn_synonyms(faq, vocabulary)
        self.current = Revision(1, faq, vocabulary)
        self._seen = self._fingerprint()
        self._vocabulary_seen = _fingerprint(vocabulary_path)

    @property
    def faq(self) -> FAQ:
        """The FAQ of the current revision."""
        return self.current.faq

    @property
    def revision(self) -> int:
        """The number of the current revision."""
        return self.current.number

    @property
    def vocabulary(self) -> Vocabulary:
        """The vocabulary in service, from the current revision."""
        return self.current.vocabulary

    # --- reading ---

    def _fingerprint(self) -> Fingerprint | None:
        return _fingerprint(self.path)

    def _advance(self, faq: FAQ, vocabulary: Vocabulary | None = None) -> Revision:
        self.current = Revision(self.current.number + 1, faq, vocabulary or self.current.vocabulary)
        return self.current

    def reload(self) -> Revision:
        """Re-read the FAQ and the vocabulary from disk; on any problem in either raise FAQError listing them
        all, and keep both in service."""
        with self._lock:
            problems: list[Problem] = []
            try:
                faq = load_faq(self.path, self.article)
            except FAQError as error:
                problems += error.problems
            try:
                vocabulary = load_vocabulary(self.vocabulary_path)
            except FAQError as error:
                problems += error.problems
            if problems:
                raise FAQError(problems)
            _warn_synonyms(faq, vocabulary)
            self._seen = self._fingerprint()
            self._vocabulary_seen = _fingerprint(self.vocabulary_path)
            return self._advance(faq, vocabulary)

    def poll(self) -> Revision | None:
        """A new revision if the FAQ or the vocabulary changed on disk since we last read or wrote it (a git
        pull, an editor); None if neither did. An invalid new file raises FAQError once, and what is in service
        stays. When both changed, the FAQ is taken first and the vocabulary on the next poll."""
        with self._lock:
            changed, self._seen = _changed(self.path, self._seen)
            if changed:
                faq = load_faq(self.path, self.article)
                _warn_synonyms(faq, self.current.vocabulary)
                return self._advance(faq)
            changed, self._vocabulary_seen = _changed(self.vocabulary_path, self._vocabulary_seen)
            if changed:
                vocabulary = load_vocabulary(self.vocabulary_path)
                _warn_synonyms(self.current.faq, vocabulary)
                return self._advance(self.current.faq, vocabulary)
            return None

    # --- changing ---

    def preview(self, edit: Edit) -> Preview:
        """Validate a change against the current FAQ without saving it; FAQError lists what is wrong."""
        with self._lock:
            current = self.current
        self._check_expected(current, edit)
        data = edit.apply(current.faq.to_data())
        new = validate_document(data, source="your change", article=self.article)
        _check_synonyms(new, current)
        self._render(data)
        return Preview(edit, new, diff(current.faq, new), current.number)

    def save(self, edit: Edit, *, user_id: int | None = None, guild_id: int | None = None) -> Revision:
        """Apply the change to the FAQ as it is now, validate, write atomically, keep history, audit."""
        with self._lock:
            current = self.current
            self._check_expected(current, edit)
            data = edit.apply(current.faq.to_data())
            new = validate_document(data, source="your change", article=self.article)
            _check_synonyms(new, current)
            text = self._render(data)
            record = AuditRecord(
                time.time(),
                user_id,
                guild_id,
                edit.action,
                edit.entry_id,
                _data_of(current.faq, edit.entry_id),
                _data_of(new, edit.new_id or edit.entry_id),
                edit.summary,
                uuid.uuid4().hex,
            )
            self._commit(text, record, keep_snapshot=True)
            self._prune_history()
            return self._advance(new)

    def undo(
        self, *, user_id: int | None = None, guild_id: int | None = None, expected: int | None = None
    ) -> tuple[Revision, AuditRecord | None]:
        """Put back the file as it was before the last change (history survives restarts). ``expected`` is the
        revision the moderator's preview was made against: if anything changed since, nothing is undone."""
        with self._lock:
            if expected is not None and expected != self.current.number:
                raise ConflictError(
                    "the FAQ changed since you opened this undo (someone saved or reloaded meanwhile); "
                    "run /faqmod undo again to see what it would revert now"
                )
            snapshots = self._snapshots()
            if not snapshots:
                raise NothingToUndo
            latest = snapshots[-1]
            text = latest.read_text(encoding="utf-8")
            faq = parse_faq(text, source=f"history/{latest.name}", article=self.article)
            undone = self.last_change()
            summary = f"undo {undone.summary if undone else ''}".strip()
            record = AuditRecord(
                time.time(),
                user_id,
                guild_id,
                "undo",
                undone.entry if undone else None,
                None,
                None,
                summary,
                uuid.uuid4().hex,
            )
            previous = len(self.current.faq)
            self._commit(text, record, keep_snapshot=False, snapshot=latest)
            log.info("Undid %s; %d entries now (was %d)", undone.summary if undone else "?", len(faq), previous)
            return self._advance(faq), undone

    def undo_preview(self) -> Preview:
        """What undo would do now, with the change it reverts and the revision it was computed against."""
        with self._lock:
            snapshots = self._snapshots()
            if not snapshots:
                raise NothingToUndo
            faq = parse_faq(snapshots[-1].read_text(encoding="utf-8"), source="history", article=self.article)
            current = self.current
            return Preview(
                Edit("undo", None, lambda d: d),
                faq,
                diff(current.faq, faq),
                current.number,
                undoes=self.last_change(),
            )

    def _render(self, data: Data) -> str:
        """The file a change would write; FAQError if it would be over the size limit (it could not be loaded)."""
        text = dump(data)
        check_size(len(text.encode("utf-8")), "your change", would=True)
        return text

    def can_undo(self) -> bool:
        """Whether there is a saved change to undo."""
        return bool(self._snapshots())

    # --- the ordered, crash-consistent write ---

    def _step(self, name: str) -> None:
        """A point between two steps of a change; tests crash the process here to prove recovery."""

    def _commit(self, text: str, record: AuditRecord, *, keep_snapshot: bool, snapshot: Path | None = None) -> None:
        """Intent, snapshot, file, audit, then clear the intent. ``keep_snapshot``: a save keeps the old file for
        undo; an undo consumes ``snapshot``. Raises SaveError with the file, history and audit as they were."""
        if keep_snapshot:
            snapshot = self.history_dir / f"{time.time_ns():020d}.yaml"
        assert snapshot is not None
        intent = {
            "kind": "save" if keep_snapshot else "undo",
            "snapshot": snapshot.name,
            "digest": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "record": record.__dict__,
        }
        try:
            self.pending_path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(self.pending_path, json.dumps(intent, ensure_ascii=False))
        except OSError as exc:
            raise SaveError(f"could not record the change before making it: {exc.strerror or exc}") from exc
        self._step("intent")
        try:
            if keep_snapshot:
                self._snapshot(snapshot)
                self._step("snapshot")
            self._write(text)
        except SaveError:
            if keep_snapshot:
                snapshot.unlink(missing_ok=True)  # no orphan: the next undo must undo a real change
            self.pending_path.unlink(missing_ok=True)
            raise
        self._step("file")
        self._audit(record)
        self._step("audit")
        if not keep_snapshot:
            snapshot.unlink(missing_ok=True)
        self.pending_path.unlink(missing_ok=True)

    def _recover(self) -> str | None:
        """Finish or roll back a change a crash interrupted; remove stray temporary files. Says what it did."""
        for folder, name in ((self.path.parent, self.path.name), (self.history_dir, "")):
            if folder.exists():
                for stray in folder.glob(f".{name}*.tmp"):
                    stray.unlink(missing_ok=True)
                    log.warning("Removed a temporary file left by an interrupted save: %s", stray)
        if self.pending_path.parent.exists():
            for stray in self.pending_path.parent.glob(f".{self.pending_path.name}*.tmp"):
                stray.unlink(missing_ok=True)
        try:
            intent = json.loads(self.pending_path.read_text(encoding="utf-8"))
            record = AuditRecord(**intent["record"])
            snapshot = self.history_dir / str(intent["snapshot"])
            digest, kind = str(intent["digest"]), str(intent["kind"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("Ignoring an unreadable record of an interrupted change: %s", self.pending_path)
            self.pending_path.unlink(missing_ok=True)
            return None
        current = self._fingerprint()
        if current is not None and current[2] == digest:
            if all(r.id != record.id for r in self._read_audit()):
                self._audit(record)
            if kind == "undo":
                snapshot.unlink(missing_ok=True)
            outcome = f"rolled forward: {record.summary}"
        else:
            if kind == "save":
                snapshot.unlink(missing_ok=True)
            outcome = f"rolled back: {record.summary}"
        self.pending_path.unlink(missing_ok=True)
        log.warning("A change was interrupted by a crash and has been %s", outcome)
        return outcome

    # --- history and audit ---

    def history(self, entry_id: str | None = None, limit: int = 10) -> list[AuditRecord]:
        """Recent changes, newest last, of one entry or of all."""
        records = [r for r in self._read_audit() if entry_id is None or r.entry == entry_id]
        return records[-limit:][::-1]

    def last_change(self) -> AuditRecord | None:
        """The newest change that undo would revert (audit records of undos are skipped, in pairs)."""
        pending = 0
        for record in reversed(self._read_audit()):
            if record.action == AUTO_ANSWER:
                continue  # a channel setting, not a change of the FAQ: undo never reverts it
            if record.action == "undo":
                pending += 1
            elif pending:
                pending -= 1
            else:
                return record
        return None

    def _read_audit(self) -> list[AuditRecord]:
        rows = self.audit.rows("audit")
        return [AuditRecord(**{k: v for k, v in r.items() if k != "record_id"}, id=r["record_id"] or "") for r in rows]

    def _audit(self, record: AuditRecord) -> None:
        row = {k: v for k, v in record.__dict__.items() if k != "id"} | {"record_id": record.id or None}
        try:
            self.audit.append([("audit", row)])
        except StorageError:
            log.exception("Could not append to the audit log")

    def _snapshots(self) -> list[Path]:
        if not self.history_dir.exists():
            return []
        return sorted(self.history_dir.glob("*.yaml"))

    def _snapshot(self, target: Path) -> None:
        """Keep the file as it is now, so the change about to be made can be undone. A deleted file is kept as
        the FAQ in service, which is what members were answered from."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            log.warning("%s was deleted; recreating it from the FAQ in service", self.path)
            text = dump(self.current.faq.to_data())
        except OSError as exc:
            raise SaveError(f"could not read {self.path.name} to keep it for undo: {exc.strerror or exc}") from exc
        try:
            self.history_dir.mkdir(parents=True, exist_ok=True)
            _atomic_write(target, text)
        except OSError as exc:
            raise SaveError(f"could not keep the previous version for undo: {exc.strerror or exc}") from exc

    def _prune_history(self) -> None:
        for old in self._snapshots()[: -self.history_limit]:
            old.unlink(missing_ok=True)

    def _write(self, text: str) -> None:
        try:
            _atomic_write(self.path, text)
        except OSError as exc:
            raise SaveError(f"could not write {self.path.name}: {exc.strerror or exc}") from exc
        self._seen = self._fingerprint()

    def refresh(self) -> Revision | None:
        """Nothing to pick up: only this process changes the file through the store (edits on disk are polled)."""
        return None

    def follow(self, on_change: Callable[[], object]) -> None:
        """Nothing to follow: one process owns the file."""

    def close(self) -> None:
        """Nothing to release: the audit storage belongs to the caller."""

    def _check_expected(self, current: Revision, edit: Edit) -> None:
        check_expected(current, edit)


def check_expected(current: Revision, edit: Edit) -> None:
    """Refuse (ConflictError) an edit previewed against an older revision, or made to an entry someone changed."""
    if edit.base_revision is not None and edit.base_revision != current.number:
        raise ConflictError(
            "the FAQ changed since you previewed this (someone saved, undid or reloaded meanwhile); "
            "preview it again to see what it would change now"
        )
    if edit.expected is None or edit.entry_id is None:
        return
    now = entry_version(current.faq.get(edit.entry_id))
    if now != edit.expected:
        if edit.expected == "absent":
            raise ConflictError(f"an entry with id '{edit.entry_id}' already exists; choose another id")
        if now == "absent":
            raise ConflictError(f"entry '{edit.entry_id}' was removed by someone else meanwhile")
        raise ConflictError(
            f"entry '{edit.entry_id}' was changed by someone else since you opened it; "
            "open it again to see their change"
        )


def _check_synonyms(faq: FAQ, current: Revision) -> None:
    """Refuse a moderator's change that adds or changes a synonym the vocabulary would ignore or contradict
    (FAQError lists each). Synonyms the change leaves as they were are not its business: an update of the
    vocabulary may have made one dead, and that must not block an unrelated save."""
    before = current.faq.synonyms
    changed = [word for word, terms in faq.synonyms.items() if before.get(word) != terms]
    problems = check_faq_synonyms(
        faq.synonyms, current.vocabulary, source=faq.source, lines=faq.synonym_lines, only=changed
    )
    if problems:
        raise FAQError(problems)


def _warn_synonyms(faq: FAQ, vocabulary: Vocabulary) -> None:
    """Log the FAQ's synonyms the vocabulary makes dead or contradicts, when files are loaded: an update of
    vocabulary.yaml that now maps a word moderators mapped must not stop the bot or refuse the update. The
    vocabulary's reading wins (``Vocabulary.with_synonyms``); `faqbot validate` lists them as problems to clean."""
    problems = check_faq_synonyms(faq.synonyms, vocabulary, source=faq.source, lines=faq.synonym_lines)
    if problems:
        log.warning(
            "%d of the FAQ's synonyms are ignored (vocabulary.yaml reads those words):\n%s",
            len(problems),
            "\n".join(f"  {problem}" for problem in problems),
        )


Fingerprint = tuple[int, int, str]  # modification time, size, SHA-256 of the content


def _fingerprint(path: Path) -> Fingerprint | None:
    try:
        info = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, digest


def _changed(path: Path, seen: Fingerprint | None) -> tuple[bool, Fingerprint | None]:
    """Whether the file's content changed since ``seen``, and its fingerprint now (a file that cannot be read is
    no change). A changed file counts as seen, so a bad one is reported once, not on every poll."""
    try:
        info = path.stat()
    except OSError:
        return False, seen
    if seen is not None and (info.st_mtime_ns, info.st_size) == seen[:2]:
        return False, seen
    current = _fingerprint(path)
    if current is None or (seen is not None and current[2] == seen[2]):
        return False, current
    return True, current


def _data_of(faq: FAQ, entry_id: str | None) -> Data | None:
    entry = faq.get(entry_id) if entry_id else None
    return entry.to_data() if entry is not None else None


def _atomic_write(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder (with the file's mode), fsync it, atomically replace, fsync
    the folder."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, mode)  # keep the file's mode: mkstemp makes it private
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    try:
        directory = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
