"""The composition root: what the front-ends share, built once from the settings and handed to them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.faq import FAQ, load
from bot.core.records import Records
from bot.core.service import FAQService
from bot.core.storage import Storage, open_storage
from bot.core.store import FAQStore, RevisionStore
from bot.core.vocabulary import Vocabulary
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


def open_revisions(
    settings: Settings, faq: FAQ | None = None, vocabulary: Vocabulary | None = None, storage: Storage | None = None
) -> RevisionStore:
    """Where the FAQ's revisions are kept: in PostgreSQL when a database URL is set (several processes share
    them), else the file and its history in the data folder, audited in ``storage`` (default: the SQLite file
    there). Raises StorageError if the database is unreachable."""
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
        storage=storage,
    )


def build(settings: Settings, faq: FAQ | None = None, vocabulary: Vocabulary | None = None) -> App:
    """Open the FAQ and the vocabulary (``faq`` and ``vocabulary`` when the caller has just validated them), the
    store and the records; with a database, follow the changes other processes make."""
    faq = faq if faq is not None else load(settings.faq_path, settings.article_path)
    storage = open_storage(settings.data_dir, settings.database_url)
    service = FAQService.open(open_revisions(settings, faq, vocabulary, storage), settings.thresholds)
    service.follow()
    return App(settings, service, Records.open(settings, storage))
