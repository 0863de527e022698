"""The composition root: what the front-ends share, built once from the settings and handed to them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.answer import Engine, IndexBuilder
from bot.core.faq import FAQ, load
from bot.core.matcher import Matcher
from bot.core.records import Records
from bot.core.service import FAQService
from bot.core.storage import open_storage
from bot.core.store import FAQStore
from bot.core.vocabulary import Vocabulary
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
    storage = open_storage(settings.data_dir, settings.database_url)
    store = FAQStore(
        settings.faq_path,
        faq.article,
        settings.data_dir,
        vocabulary_path=settings.vocabulary_path,
        faq=faq,
        vocabulary=vocabulary,
        storage=storage,
    )
    build_index = index_builder(settings)
    engine = Engine(faq, store.vocabulary, settings.thresholds, revision=store.revision, build_index=build_index)
    service = FAQService(store, engine, build_index=build_index)
    return App(settings, service, Records.open(settings, storage))


def index_builder(settings: Settings) -> IndexBuilder:
    """How each FAQ revision is indexed: by words and meaning when the semantic extra and its model are there and
    not turned off (FAQBOT_SEMANTIC_MODEL), else by words alone. Says which in one INFO line."""
    from bot.core.semantic import load_encoder

    encoder = load_encoder(settings.semantic_model)
    if encoder is None:
        return Matcher
    from bot.core.fusion import Semantic

    return Semantic(encoder, settings.data_dir / "semantic")
