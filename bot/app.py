"""The composition root: what the front-ends share, built once from the settings and handed to them.

Every front-end gets its parts here: the Discord bot (``faqbot run`` / ``sync``) the whole ``App``; the terminal
(``faqbot ask``, ``console``, ``eval``, ``queue``, ``migrate``) only what it needs (an engine, the records or the
storage), so that asking a question in the terminal opens no store. No other module assembles them (a test
checks)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.answer import Engine
from bot.core.faq import FAQ, load
from bot.core.records import Records
from bot.core.service import FAQService
from bot.core.storage import Storage, open_storage
from bot.core.store import FAQStore
from bot.core.vocabulary import Vocabulary, load_vocabulary
from bot.settings import Settings


@dataclass(frozen=True)
class App:
    """The FAQ in service and the records of what members did, for one running bot."""

    settings: Settings
    service: FAQService
    records: Records


def build(settings: Settings, faq: FAQ | None = None, vocabulary: Vocabulary | None = None) -> App:
    """Open the FAQ and the vocabulary (``faq`` and ``vocabulary`` when the caller has just validated them), the
    store and the records."""
    faq = faq if faq is not None else load(settings.faq_path, settings.article_path)
    opened = storage(settings)
    store = FAQStore(
        settings.faq_path,
        faq.article,
        settings.data_dir,
        vocabulary_path=settings.vocabulary_path,
        faq=faq,
        vocabulary=vocabulary,
        storage=opened,
    )
    return App(settings, FAQService.open(store, settings.thresholds), Records.open(settings, opened))


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
