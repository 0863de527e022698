"""The composition root: what the front-ends share, built once from the settings and handed to them.

Every front-end gets its parts here: the Discord bot (``faqbot run`` / ``sync``) the whole ``App``; the terminal
(``faqbot ask``, ``console``, ``eval``, ``queue``, ``migrate``, ``export``, ``import``) only what it needs (an
engine, the records, the storage or the FAQ's revisions), so that asking a question in the terminal opens no
store. Where the FAQ's revisions are kept is chosen here once: the file and its history (one process), or
PostgreSQL when a database URL is set (several processes). No other module assembles them (a test checks)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.answer import Engine
from bot.core.faq import FAQ, load
from bot.core.records import Records
from bot.core.service import FAQService
from bot.core.storage import Storage, open_storage
from bot.core.store import FAQStore, RevisionStore
from bot.core.vocabulary import Vocabulary, load_vocabulary
from bot.settings import Settings


@dataclass(frozen=True)
class App:
    """The FAQ in service and the records of what members did, for one running bot."""

    settings: Settings
    service: FAQService
    records: Records

    def close(self) -> None:
        """Write what is still buffered, stop following other processes, and release the database."""
        self.service.close()
        self.records.close()


def build(settings: Settings, faq: FAQ | None = None, vocabulary: Vocabulary | None = None) -> App:
    """Open the FAQ and the vocabulary (``faq`` and ``vocabulary`` when the caller has just validated them), the
    store and the records; with a database, follow the changes other processes make."""
    faq = faq if faq is not None else load(settings.faq_path, settings.article_path)
    opened = storage(settings)
    service = FAQService.open(revisions(settings, faq, vocabulary, opened), settings.thresholds)
    service.follow()
    return App(settings, service, Records.open(settings, opened))


def revisions(
    settings: Settings, faq: FAQ | None = None, vocabulary: Vocabulary | None = None, audit: Storage | None = None
) -> RevisionStore:
    """Where the FAQ's revisions are kept: in PostgreSQL when a database URL is set (several processes share
    them), else the file and its history in the data folder, audited in ``audit`` (default: the storage the
    settings name). Raises StorageError if the database is unreachable, FAQError if its newest FAQ breaks a rule."""
    if settings.database_url:
        from bot.core.shared import SharedFAQStore
        from bot.core.storage.revisions import PostgresRevisions

        return SharedFAQStore(
            settings.faq_path,
            (faq or load(settings.faq_path, settings.article_path)).article,
            PostgresRevisions(settings.database_url),
            vocabulary_path=settings.vocabulary_path,
            vocabulary=vocabulary,
            poll_seconds=settings.faq_poll_seconds,
        )
    faq = faq if faq is not None else load(settings.faq_path, settings.article_path)
    return FAQStore(
        settings.faq_path,
        faq.article,
        settings.data_dir,
        vocabulary_path=settings.vocabulary_path,
        faq=faq,
        vocabulary=vocabulary,
        storage=audit if audit is not None else storage(settings),
    )


def newest_text(settings: Settings) -> tuple[str, str] | None:
    """The FAQ in service as faq.yaml text, and where it is from: the newest revision in the database when a
    database URL is set (None when it holds none yet), else the FAQ file."""
    if not settings.database_url:
        return settings.faq_path.read_text(encoding="utf-8"), str(settings.faq_path)
    from bot.core.storage.revisions import PostgresRevisions

    database = PostgresRevisions(settings.database_url)
    try:
        newest = database.newest()
    finally:
        database.close()
    if newest is None:
        return None
    return newest.text, f"revision {newest.revision} from {database.description}"


def engine(settings: Settings, faq: FAQ | None = None, vocabulary: Vocabulary | None = None) -> Engine:
    """Answers from the FAQ as it is on disk, with the settings' thresholds, for the terminal: no store, no
    records, nothing written (``faq`` and ``vocabulary`` when the caller has just validated them)."""
    faq = faq if faq is not None else load(settings.faq_path, settings.article_path)
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary(settings.vocabulary_path)
    return Engine(faq, vocabulary, settings.thresholds)


def records(settings: Settings) -> Records:
    """What members asked, in the bot's data folder or database, for the terminal to read or add to."""
    return Records.open(settings)


def storage(settings: Settings) -> Storage:
    """The storage the settings name: SQLite in the data folder, or PostgreSQL."""
    return open_storage(settings.data_dir, settings.database_url)
