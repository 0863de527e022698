"""The optional semantic layer: the numpy encoder agrees with sentence-transformers, and the bot without the
semantic extra works on words alone."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest

from bot.core.semantic import Encoder, load_encoder
from tests.paths import DATA

REFERENCE = DATA / "semantic" / "reference.json"


def test_numpy_encoder_matches_sentence_transformers(semantic_encoder: Encoder) -> None:
    """Embeddings sentence-transformers computed with torch from the same model folder (provenance in
    tests/data/semantic/README.md): each of ours points the same way, alone and in a batch of mixed lengths."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    expected = np.array(reference["embeddings"], np.float32)
    batch = semantic_encoder.encode(reference["sentences"])
    assert batch.shape == expected.shape
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    assert (batch * expected).sum(axis=1).min() >= 0.999
    alone = np.stack([semantic_encoder.encode([s])[0] for s in reference["sentences"]])
    assert (alone * expected).sum(axis=1).min() >= 0.999


def test_off_or_missing_model_means_words_only(tmp_path: object, caplog: pytest.LogCaptureFixture) -> None:
    """`off` and a folder with no model each give no encoder and one INFO line saying matching is on words."""
    with caplog.at_level(logging.INFO, logger="bot.core.semantic"):
        assert load_encoder("off") is None
        assert load_encoder(str(tmp_path)) is None
    lines = [r for r in caplog.records if r.name == "bot.core.semantic"]
    assert len(lines) == 2
    assert all(r.levelno == logging.INFO and "words only" in r.getMessage() for r in lines)
