"""Fixtures shared by the core tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.paths import KNOWLEDGE


@pytest.fixture
def faq_file(tmp_path: Path) -> Path:
    """A copy of the shipped faq.yaml that a test may change, with a copy of vocabulary.yaml beside it."""
    target = tmp_path / "knowledge" / "faq.yaml"
    target.parent.mkdir()
    shutil.copy(KNOWLEDGE / "faq.yaml", target)
    shutil.copy(KNOWLEDGE / "vocabulary.yaml", target.parent / "vocabulary.yaml")
    return target
