"""The FAQ shared by several bot processes: its revisions live in PostgreSQL, not in the file.

Each process serves the newest revision from the database, takes a change made by another process within a
second (LISTEN/NOTIFY; polling every few seconds as a fallback), and saves through the database's revision check,
so saves from two processes serialise and a moderator who previewed an older FAQ is told to look again, exactly
as within one process. faq.yaml stays the human-editable form: ``faqbot export`` writes the newest revision to
it, and an edit of it on disk (or ``faqbot import``) becomes a new revision.

If the database is unreachable, members are still answered from the FAQ in memory; saving is refused with a
clear message (``SavingPaused``) until it is back, and the outage is logged once.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from bot.core.article import Article
from bot.core.faq import FAQ, FAQError, Problem, check_size, parse_faq, validate_document
from bot.core.storage.base import RecordError, StorageError
from bot.core.storage.revisions import NewRevision, PostgresRevisions, Reader, StoredRevision, digest
from bot.core.store import (
    AuditRecord,
    ConflictError,
    Edit,
    NothingToUndo,
    Preview,
    Revision,
    SavingPaused,
    _changed,
    _check_synonyms,
    _data_of,
    _fingerprint,
    _warn_synonyms,
    check_expected,
    diff,
    dump,
)
from bot.core.vocabulary import Vocabulary, check_faq_synonyms, load_vocabulary

log = logging.getLogger(__name__)

POLL_SECONDS = 5.0
STALE_UNDO = (
    "the FAQ changed since you opened this undo (someone saved or reloaded meanwhile); "
    "run /faqmod undo again to see what it would revert now"
)


def undo_target(revisions: list[StoredRevision]) -> StoredRevision | None:
    """The newest change that undo would revert: undos are skipped with the change each reverted, and the
    first revision (the FAQ the database started from) is never undone."""
    pending = 0
    for record in reversed(revisions):
        if record.action == "start" or record.revision <= 1:
            return None
        if record.action == "undo":
            pending += 1
        elif pending:
            pending -= 1
        else:
            return record
    return None


def _audit_of(record: StoredRevision) -> AuditRecord:
    return AuditRecord(
        record.time,
        record.user_id,
        record.guild_id,
        record.action,
        record.entry,
        None,
        None,
        record.summary,
        record.record_id or "",
    )


class SharedFAQStore:
    """The FAQ's revisions in PostgreSQL, served by this process. Thread-safe: the bot calls it from worker
    threads, and its own thread follows other processes' changes."""

    def __init__(
        self,
        path: Path,
        article: Article,
        revisions: PostgresRevisions,
        *,
        vocabulary_path: Path,
        vocabulary: Vocabulary | None = None,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        """Serve the newest revision in the database; when there is none yet, faq.yaml becomes the first.
        Raises StorageError if the database cannot be reached, FAQError if the newest revision breaks a rule."""
        self.path = path
        self.vocabulary_path = vocabulary_path
        self.article = article
        self.revisions = revisions
        self.poll_seconds = poll_seconds
        self._lock = threading.RLock()
        self._down = False
        self._bad: int | None = None  # a newest revision that breaks a rule here, reported once
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        newest = revisions.newest()
        if newest is None:
            text = path.read_text(encoding="utf-8")
            parse_faq(text, source=path.name, article=article)  # only a valid file starts the history
            revisions.change(lambda now, _: None if now else self._new(text, "start", None, f"start from {path.name}"))
            newest = revisions.newest()
            assert newest is not None
        faq = self._parse(newest)
        vocabulary = vocabulary if vocabulary is not None else load_vocabulary(vocabulary_path)
        _warn_synonyms(faq, vocabulary)
        self.current = Revision(1, faq, vocabulary)
        self.stored = newest.revision
        self._vocabulary_seen = _fingerprint(vocabulary_path)
        self._seen = _fingerprint(path)
        if self._seen is not None and self._seen[2] != digest(newest.text):
            log.warning(
                "%s differs from the FAQ in the database (revision %d), which is served: `faqbot export` writes "
                "the database's to the file, `faqbot import` loads the file as a new revision",
                path.name,
                newest.revision,
            )

    # --- what is served ---

    @property
    def faq(self) -> FAQ:
        """The FAQ of the current revision."""
        return self.current.faq

    @property
    def revision(self) -> int:
        """The number of the current revision in this process (the database's number is ``stored``)."""
        return self.current.number

    @property
    def vocabulary(self) -> Vocabulary:
        """The vocabulary in service (this machine's file: it is not shared)."""
        return self.current.vocabulary

    def _parse(self, stored: StoredRevision) -> FAQ:
        return parse_faq(stored.text, source=f"revision {stored.revision} in the database", article=self.article)

    def _advance(self, faq: FAQ, stored: int, vocabulary: Vocabulary | None = None) -> Revision:
        self.current = Revision(self.current.number + 1, faq, vocabulary or self.current.vocabulary)
        self.stored = stored
        return self.current

    def _base(self, newest: StoredRevision | None) -> tuple[Revision, bool]:
        """The revision a change applies to: ours, or the newest in the database when another process moved
        it on (then the second value is True, and a preview made here is out of date)."""
        if newest is None:
            raise StorageError(f"{self.revisions.description}: the FAQ's revisions are missing")
        if newest.revision == self.stored:
            return self.current, False
        return Revision(-1, self._parse(newest), self.current.vocabulary), True

    # --- the database's health, logged once per outage ---

    def _outage(self, exc: StorageError) -> None:
        with self._lock:
            if self._down:
                return
            self._down = True
        log.warning(
            "The database is unreachable (%s): members are still answered from the FAQ in memory; saving FAQ "
            "changes is paused until it is back",
            exc,
        )

    def _back(self) -> None:
        with self._lock:
            if not self._down:
                return
            self._down = False
        log.warning("The database is back: FAQ changes are saved again")

    def _change(self, build: Callable[[StoredRevision | None, Reader], NewRevision | None]) -> StoredRevision | None:
        try:
            stored = self.revisions.change(build)
        except RecordError as exc:  # the revision check: another process added this revision first
            log.info("A save lost the race for its revision: %s", exc)
            raise ConflictError(
                "the FAQ changed meanwhile (another bot process saved); preview it again to see what it would "
                "change now"
            ) from exc
        except StorageError as exc:
            self._outage(exc)
            raise SavingPaused from exc
        self._back()
        return stored

    def _new(
        self,
        text: str,
        action: str,
        entry: str | None,
        summary: str,
        *,
        user_id: int | None = None,
        guild_id: int | None = None,
        before: object = None,
        after: object = None,
        undoes: int | None = None,
    ) -> NewRevision:
        return NewRevision(
            text, time.time(), action, entry, summary, user_id, guild_id, uuid.uuid4().hex, before, after, undoes
        )

    # --- reading ---

    def preview(self, edit: Edit) -> Preview:
        """Validate a change against the FAQ in service without saving it; FAQError lists what is wrong."""
        with self._lock:
            current = self.current
        check_expected(current, edit)
        data = edit.apply(current.faq.to_data())
        new = validate_document(data, source="your change", article=self.article)
        _check_synonyms(new, current)
        self._render(data)
        return Preview(edit, new, diff(current.faq, new), current.number)

    def undo_preview(self) -> Preview:
        """What undo would do now; SavingPaused while the database is unreachable."""
        with self._lock:
            current = self.current
            try:
                target = undo_target(self.revisions.log())
                if target is None:
                    raise NothingToUndo
                before = self.revisions.get(target.revision - 1)
            except StorageError as exc:
                self._outage(exc)
                raise SavingPaused from exc
            assert before is not None
            faq = self._parse(before)
            # If another process moved on meanwhile, confirming against ``current.number`` says so.
            edit = Edit("undo", None, lambda d: d)
            return Preview(edit, faq, diff(current.faq, faq), current.number, undoes=_audit_of(target))

    def history(self, entry_id: str | None = None, limit: int = 10) -> list[AuditRecord]:
        """Recent changes, newest first, of one entry or of all (the audit log, shared by every process)."""
        rows = self.revisions.rows("audit")
        records = [
            AuditRecord(**{k: v for k, v in r.items() if k != "record_id"}, id=r["record_id"] or "") for r in rows
        ]
        return [r for r in records if entry_id is None or r.entry == entry_id][-limit:][::-1]

    def _render(self, data: dict[str, object]) -> str:
        text = dump(data)
        check_size(len(text.encode("utf-8")), "your change", would=True)
        return text

    # --- changing ---

    def save(self, edit: Edit, *, user_id: int | None = None, guild_id: int | None = None) -> Revision:
        """Apply the change to the newest FAQ in the database, validate, and add it as the next revision with
        its audit record; ConflictError if it was previewed against an older FAQ or its entry changed since."""
        with self._lock:
            made: list[FAQ] = []

            def build(newest: StoredRevision | None, reader: Reader) -> NewRevision:
                base, _ = self._base(newest)  # moved on: its number (-1) fails a whole-FAQ preview
                check_expected(base, edit)
                data = edit.apply(base.faq.to_data())
                new = validate_document(data, source="your change", article=self.article)
                _check_synonyms(new, base)
                made.append(new)
                return self._new(
                    self._render(data),
                    edit.action,
                    edit.entry_id,
                    edit.summary,
                    user_id=user_id,
                    guild_id=guild_id,
                    before=_data_of(base.faq, edit.entry_id),
                    after=_data_of(new, edit.new_id or edit.entry_id),
                )

            stored = self._change(build)
            assert stored is not None
            return self._advance(made[-1], stored.revision)

    def undo(
        self, *, user_id: int | None = None, guild_id: int | None = None, expected: int | None = None
    ) -> tuple[Revision, AuditRecord | None]:
        """Put back the FAQ as it was before the last change not yet undone, by any process. ``expected`` is the
        revision the moderator's preview was made against: if anything changed since, nothing is undone."""
        with self._lock:
            made: list[tuple[FAQ, StoredRevision]] = []

            def build(newest: StoredRevision | None, reader: Reader) -> NewRevision:
                base, moved = self._base(newest)
                if expected is not None and (moved or expected != base.number):
                    raise ConflictError(STALE_UNDO)
                target = undo_target(reader.log())
                if target is None:
                    raise NothingToUndo
                text = reader.text(target.revision - 1)
                faq = parse_faq(text, source=f"revision {target.revision - 1}", article=self.article)
                made.append((faq, target))
                return self._new(
                    text,
                    "undo",
                    target.entry,
                    f"undo {target.summary}".strip(),
                    user_id=user_id,
                    guild_id=guild_id,
                    undoes=target.revision,
                )

            stored = self._change(build)
            assert stored is not None
            faq, target = made[-1]
            previous = len(self.current.faq)
            log.info("Undid %s; %d entries now (was %d)", target.summary, len(faq), previous)
            return self._advance(faq, stored.revision), _audit_of(target)

    def reload(self) -> Revision:
        """Take faq.yaml and the vocabulary as they are on disk: the file becomes the next revision unless it is
        the newest already. FAQError lists the problems of either, and what is served stays."""
        with self._lock:
            problems: list[Problem] = []
            text, faq, vocabulary = "", None, None
            try:
                text = self.path.read_text(encoding="utf-8")
                faq = parse_faq(text, source=self.path.name, article=self.article)
            except OSError as exc:
                problems.append(Problem(self.path.name, None, None, f"cannot be read: {exc.strerror or exc}"))
            except FAQError as error:
                problems += error.problems
            try:
                vocabulary = load_vocabulary(self.vocabulary_path)
            except FAQError as error:
                problems += error.problems
            if not problems and faq is not None and vocabulary is not None:
                problems += check_faq_synonyms(faq.synonyms, vocabulary, source=faq.source, lines=faq.synonym_lines)
            if problems or faq is None or vocabulary is None:
                raise FAQError(problems)
            revision = self._store_file(text, faq)
            revision = self._advance(revision.faq if revision else self.current.faq, self.stored, vocabulary)
            self._seen = _fingerprint(self.path)
            self._vocabulary_seen = _fingerprint(self.vocabulary_path)
            return revision

    def _store_file(self, text: str, faq: FAQ) -> Revision | None:
        """The file's FAQ as the next revision; None when it is the one served already (as after an export)."""
        same: list[StoredRevision] = []

        def build(newest: StoredRevision | None, _: Reader) -> NewRevision | None:
            if newest is not None and digest(newest.text) == digest(text):
                same.append(newest)
                return None
            return self._new(text, "reload", None, f"reload {self.path.name}")

        stored = self._change(build)
        if stored is None and same[-1].revision == self.stored:
            return None
        return self._advance(faq, stored.revision if stored is not None else same[-1].revision)

    def poll(self) -> Revision | None:
        """A new revision if faq.yaml or the vocabulary changed on disk (a git pull, an editor); None if neither
        did. An invalid file raises FAQError once; a valid one waits while the database is unreachable."""
        with self._lock:
            changed, seen = _changed(self.path, self._seen)
            if changed:
                try:
                    text = self.path.read_text(encoding="utf-8")
                    faq = parse_faq(text, source=self.path.name, article=self.article)
                    _warn_synonyms(faq, self.current.vocabulary)
                except FAQError:
                    self._seen = seen
                    raise
                except OSError:
                    return None
                try:
                    revision = self._store_file(text, faq)
                except SavingPaused:
                    return None  # taken when the database is back
                self._seen = seen
                return revision
            self._seen = seen
            changed, self._vocabulary_seen = _changed(self.vocabulary_path, self._vocabulary_seen)
            if changed:
                vocabulary = load_vocabulary(self.vocabulary_path)
                _warn_synonyms(self.current.faq, vocabulary)
                return self._advance(self.current.faq, self.stored, vocabulary)
            return None

    def refresh(self) -> Revision | None:
        """The newest revision in the database, if another process added one since; None otherwise (and while
        the database is unreachable)."""
        with self._lock:
            try:
                number = self.revisions.newest_number()
                if number <= self.stored or number == self._bad:
                    self._back()
                    return None
                newest = self.revisions.get(number)
            except StorageError as exc:
                self._outage(exc)
                return None
            self._back()
            if newest is None:
                return None
            try:
                faq = self._parse(newest)
                _warn_synonyms(faq, self.current.vocabulary)
            except FAQError as error:
                self._bad = newest.revision
                log.warning("Revision %d in the database breaks a rule here; still serving %d:\n%s",
                            newest.revision, self.stored, error)  # fmt: skip
                return None
            return self._advance(faq, newest.revision)

    # --- following other processes ---

    def follow(self, on_change: Callable[[], object]) -> None:
        """Call ``on_change`` from a thread as soon as another process adds a revision (LISTEN/NOTIFY), and every
        ``poll_seconds`` anyway (a notification can be missed while reconnecting)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._follow, args=(on_change,), name="faqbot-faq", daemon=True)
        self._thread.start()

    def _follow(self, on_change: Callable[[], object]) -> None:
        delay = 0.5
        while not self._stop.is_set():
            try:
                for _ in self.revisions.listen(self._stop, self.poll_seconds):
                    delay = 0.5
                    self._call(on_change)
            except StorageError as exc:
                self._outage(exc)
                self._stop.wait(delay)
                delay = min(delay * 2, self.poll_seconds)

    def _call(self, on_change: Callable[[], object]) -> None:
        try:
            on_change()
        except Exception:
            log.exception("Taking another process's change of the FAQ failed")

    def close(self) -> None:
        """Stop following and close the database connection."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self.revisions.close()
