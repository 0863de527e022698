"""Shared fixtures: the shipped article and FAQ, loaded once, and paths to the project's shared material."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import FAQ, Article, Engine, load

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


def shared(path: str) -> Path:
    """A file under ../shared (laid beside the clone, in CI too); skip the test with the reason when absent."""
    target = SHARED / path
    if not target.exists():
        pytest.skip(f"{target} is not present")
    return target


@pytest.fixture(scope="session")
def article() -> Article:
    return Article.from_file(KNOWLEDGE / "article.txt")


@pytest.fixture(scope="session")
def faq() -> FAQ:
    return load(KNOWLEDGE / "faq.yaml", KNOWLEDGE / "article.txt")


@pytest.fixture
def engine(faq: FAQ) -> Engine:
    return Engine(faq)
