"""Shared fixtures: the shipped article and FAQ, loaded once; a PostgreSQL server for the storage tests. Paths to
test material are in ``tests/paths.py``."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

from bot.core import FAQ, Article, Engine, Matcher, load
from bot.core.answer import IndexBuilder
from bot.core.fusion import Semantic
from bot.core.semantic import Encoder, SemanticUnavailable, default_model_dir, load_encoder
from bot.core.vocabulary import Vocabulary, load_vocabulary
from tests import pgserver
from tests.paths import KNOWLEDGE


@pytest.fixture(scope="session")
def article() -> Article:
    return Article.from_file(KNOWLEDGE / "article.txt")


@pytest.fixture(scope="session")
def faq() -> FAQ:
    return load(KNOWLEDGE / "faq.yaml", KNOWLEDGE / "article.txt")


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    return load_vocabulary(KNOWLEDGE / "vocabulary.yaml")


@pytest.fixture(scope="session")
def index_builder() -> IndexBuilder:
    """How the bot indexes the FAQ in this installation, as `faqbot` and the Discord bot do with default settings:
    words and meaning where the semantic extra is installed (the README's test command installs it), else words
    only. Embeddings are cached in memory for the session, never in the project's data folder."""
    encoder = load_encoder(None)
    return Semantic(encoder, None) if encoder is not None else Matcher


@pytest.fixture
def engine(faq: FAQ, vocabulary: Vocabulary, index_builder: IndexBuilder) -> Engine:
    return Engine(faq, vocabulary, build_index=index_builder)


SEMANTIC_MISSING = "semantic extra not installed"


@pytest.fixture(scope="session")
def semantic_encoder() -> Encoder:
    """The real all-MiniLM-L6-v2 encoder. Skipped only where the semantic extra is not installed (the README's
    test command installs it)."""
    folder = default_model_dir()
    if folder is None:
        pytest.skip(SEMANTIC_MISSING)
    try:
        return Encoder(folder)
    except SemanticUnavailable:
        pytest.skip(SEMANTIC_MISSING)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server for the tests: FAQBOT_TEST_DATABASE_URL, or a throwaway one started here
    (and stopped after the session) when PostgreSQL is installed."""
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install -e '.[test]'")
    url = os.environ.get("FAQBOT_TEST_DATABASE_URL", "").strip()
    if url:
        yield url
        return
    if pgserver.binaries() is None:
        pytest.skip("PostgreSQL is not installed (no initdb/pg_ctl) and FAQBOT_TEST_DATABASE_URL is not set")
    folder = pgserver.init()
    try:
        yield pgserver.start(folder)
    finally:
        pgserver.stop(folder, remove=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty database on the test server, dropped after the test."""
    import psycopg

    name = f"faqbot_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(postgres_server)
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
