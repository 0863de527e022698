"""The FAQ in service: one owner for the file, its revisions and the index members are answered from.

Front-ends never save, undo, reload or swap indexes themselves: they call this service (from a worker thread)
and get a typed ``Change`` back. Each change is made under the store's lock and numbered; the new index is built
outside the lock (building is the slow part) and installed only if no newer revision was installed meanwhile,
so concurrent confirms can finish in any order and members are still served the newest saved FAQ.

Where the revisions are kept is the store's business (``RevisionStore``): the file and its history for one
process, or PostgreSQL for several (``SharedFAQStore``), whose changes the service follows and serves as well.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.core.answer import Engine
from bot.core.faq import FAQ, FAQError, Problem
from bot.core.matcher import Matcher, Thresholds
from bot.core.store import (
    AuditRecord,
    ConflictError,
    Edit,
    NothingToUndo,
    Preview,
    Revision,
    RevisionStore,
    SaveError,
    SavingPaused,
    dump,
)
from bot.core.vocabulary import Vocabulary

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    """How a save, undo or reload ended."""

    SAVED = "saved"  # the change is on disk and served
    INVALID = "invalid"  # the change breaks a rule of the FAQ: ``problems`` says which
    CONFLICT = "conflict"  # something changed since the moderator looked: ``reason`` says what
    FAILED = "failed"  # the file could not be written: nothing changed
    PAUSED = "paused"  # the database that keeps the revisions is unreachable: nothing changed, try again later
    NOTHING = "nothing"  # nothing to undo


@dataclass(frozen=True, slots=True)
class Change:
    """What became of a save, undo or reload. Only ``SAVED`` changed anything."""

    outcome: Outcome
    summary: str = ""
    revision: int | None = None
    faq: FAQ | None = None
    reason: str = ""
    problems: tuple[Problem, ...] = ()
    undone: AuditRecord | None = None

    @property
    def ok(self) -> bool:
        """Whether the change was saved and is served."""
        return self.outcome is Outcome.SAVED


IndexBuilder = Callable[[FAQ, Vocabulary], Matcher]


class FAQService:
    """The store (file, history, audit) and the engine (the index served), kept in step by revision."""

    def __init__(self, store: RevisionStore, engine: Engine, *, build_index: IndexBuilder = Matcher) -> None:
        """``build_index`` is how an index is built for a new revision (tests slow it down to reorder builds)."""
        self.store = store
        self.engine = engine
        self._build_index = build_index

    @classmethod
    def open(
        cls, store: RevisionStore, thresholds: Thresholds | None = None, *, build_index: IndexBuilder = Matcher
    ) -> FAQService:
        """Serve the store's current FAQ (its first index is built at once, with ``Matcher``)."""
        engine = Engine(store.faq, store.vocabulary, thresholds, revision=store.revision)
        return cls(store, engine, build_index=build_index)

    @property
    def faq(self) -> FAQ:
        """The FAQ members are answered from."""
        return self.engine.faq

    @property
    def revision(self) -> int:
        """The number of the revision members are answered from."""
        return self.engine.revision

    # --- reading ---

    def preview(self, edit: Edit) -> Preview:
        """Validate a change without saving it. Raises FAQError or ConflictError with what is wrong."""
        self.refresh()  # against the newest FAQ, when another process changed it a moment ago
        return self.store.preview(edit)

    def undo_preview(self) -> Preview:
        """What undo would revert now (``Preview.undoes``) and the revision to confirm against. Raises
        NothingToUndo, or SavingPaused while the database that keeps the revisions is unreachable."""
        self.refresh()
        return self.store.undo_preview()

    def export(self) -> str:
        """The FAQ in service as faq.yaml text."""
        return dump(self.faq.to_data())

    def history(self, entry_id: str | None = None, limit: int = 10) -> list[AuditRecord]:
        """Recent changes, newest last, of one entry or of all."""
        return self.store.history(entry_id, limit)

    # --- changing ---

    def save(self, edit: Edit, *, user_id: int | None = None, guild_id: int | None = None) -> Change:
        """Apply, validate, write, audit and serve a moderator's change."""
        try:
            revision = self.store.save(edit, user_id=user_id, guild_id=guild_id)
        except FAQError as error:
            return Change(Outcome.INVALID, edit.summary, problems=tuple(error.problems))
        except ConflictError as error:
            return Change(Outcome.CONFLICT, edit.summary, reason=str(error))
        except SavingPaused as error:
            return Change(Outcome.PAUSED, edit.summary, reason=str(error))
        except SaveError as error:
            log.error("Saving the FAQ failed: %s", error)
            return Change(Outcome.FAILED, edit.summary, reason=str(error))
        self._serve(revision)
        return Change(Outcome.SAVED, edit.summary, revision.number, revision.faq)

    def undo(self, *, expected: int | None, user_id: int | None = None, guild_id: int | None = None) -> Change:
        """Revert the last change, if the FAQ is still at revision ``expected`` (the one the preview showed)."""
        try:
            revision, undone = self.store.undo(user_id=user_id, guild_id=guild_id, expected=expected)
        except NothingToUndo:
            return Change(Outcome.NOTHING, "undo", reason="there is nothing to undo")
        except ConflictError as error:
            return Change(Outcome.CONFLICT, "undo", reason=str(error))
        except SavingPaused as error:
            return Change(Outcome.PAUSED, "undo", reason=str(error))
        except FAQError as error:
            return Change(Outcome.INVALID, "undo", problems=tuple(error.problems))
        except SaveError as error:
            log.error("Undoing the last FAQ change failed: %s", error)
            return Change(Outcome.FAILED, "undo", reason=str(error))
        self._serve(revision)
        summary = f"undo {undone.summary}" if undone else "undo the last change"
        return Change(Outcome.SAVED, summary, revision.number, revision.faq, undone=undone)

    def reload(self) -> Change:
        """Re-read the FAQ and the vocabulary from disk; if either has problems they are reported and the FAQ in
        service stays."""
        try:
            revision = self.store.reload()
        except FAQError as error:
            return Change(Outcome.INVALID, "reload", problems=tuple(error.problems))
        except SavingPaused as error:
            return Change(Outcome.PAUSED, "reload", reason=str(error))
        self._serve(revision)
        return Change(Outcome.SAVED, "reload", revision.number, revision.faq)

    def poll(self) -> Change | None:
        """Pick up an edit of the FAQ or the vocabulary on disk: None when neither changed; an invalid file is
        reported once."""
        try:
            revision = self.store.poll()
        except FAQError as error:
            return Change(Outcome.INVALID, "file changed on disk", problems=tuple(error.problems))
        if revision is None:
            return None
        self._serve(revision)
        return Change(Outcome.SAVED, "file changed on disk", revision.number, revision.faq)

    def refresh(self) -> Change | None:
        """Serve a change another bot process made, if there is one (None otherwise, and while the database is
        unreachable)."""
        revision = self.store.refresh()
        if revision is None:
            return None
        self._serve(revision)
        log.info("Another process changed the FAQ; now serving %d entries", len(revision.faq))
        return Change(Outcome.SAVED, "changed by another process", revision.number, revision.faq)

    def follow(self) -> None:
        """Serve other processes' changes as they happen (from the store's thread); nothing to do when this
        process is the only one (the file store)."""
        self.store.follow(self.refresh)

    def close(self) -> None:
        """Stop following other processes and release the store."""
        self.store.close()

    def _serve(self, revision: Revision) -> None:
        """Build the index for a revision and install it unless a newer one already is."""
        if not self.engine.install(self._build_index(revision.faq, revision.vocabulary), revision.number):
            log.debug("Revision %d was superseded before its index was ready", revision.number)
