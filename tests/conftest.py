"""Shared fixtures: the shipped article and FAQ, loaded once. Paths to test material are in ``tests/paths.py``."""

from __future__ import annotations

import pytest

from bot.core import FAQ, Article, Engine, load
from bot.core.vocabulary import Vocabulary, load_vocabulary
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


@pytest.fixture
def engine(faq: FAQ, vocabulary: Vocabulary) -> Engine:
    return Engine(faq, vocabulary)
