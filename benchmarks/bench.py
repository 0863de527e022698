"""Print the matcher's speed and memory figures (a script, not a test: timings are noisy).

    python benchmarks/bench.py            # all figures
    python benchmarks/bench.py --quick    # fewer repetitions

Figures: load time; per-question latency p50/p99 at the shipped FAQ and at synthetic FAQs of 1,000 and 10,000
entries; `faqbot ask` from process start to answer; peak RSS of that process.
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core import FAQ, Engine, load, validate_document  # noqa: E402
from bot.core.faq import Limits  # noqa: E402
from bot.core.vocabulary import load_vocabulary  # noqa: E402

KNOWLEDGE = ROOT / "knowledge"


def questions() -> list[str]:
    out: list[str] = []
    for path in (ROOT / "tests" / "data" / "questions.yaml", ROOT.parent / "shared" / "eval" / "dev-questions.yaml"):
        if path.exists():
            data = yaml.safe_load(path.read_text())
            for group in ("in_scope", "off_topic", "near_miss"):
                out += [item["q"] for item in data.get(group) or []]
    return out


def synthetic(faq: FAQ, size: int, seed: int = 7) -> dict[str, Any]:
    """A FAQ of ``size`` entries: the real ones plus variants built from a Zipf-like vocabulary of made-up words
    mixed with the article's own words, with real quotes, so posting lists look like a big real FAQ's."""
    rng = random.Random(seed)
    syllables = ["ka", "ri", "mo", "ta", "len", "dor", "vi", "sha", "pu", "nek", "sol", "ar", "bel", "zu"]
    made_up = list({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(size * 3)})
    article_words = sorted({w.strip(".,;’‘()").lower() for p in faq.article.paragraphs for w in p.split()} - {""})
    vocabulary = made_up + article_words
    weights = list(itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(vocabulary))))
    sentences = [s for para in faq.article.sentences for s in para]
    data = faq.to_data()
    entries = data["entries"]
    used: set[str] = set()

    def fresh(k: int, limit: int) -> str:
        while True:
            text = " ".join(rng.choices(vocabulary, cum_weights=weights, k=k))[:limit]
            if text not in used:
                used.add(text)
                return text

    while len(entries) < size:
        n = len(entries)

        entries.append(
            {
                "id": f"synthetic-{n}",
                "topic": rng.choice(list(faq.topics)),
                "question": fresh(rng.randint(4, 9), 100),
                "alternates": [fresh(rng.randint(3, 7), 150) for _ in range(8)],
                "answer": " ".join(rng.choices(vocabulary, cum_weights=weights, k=25))[:1000],
                "quotes": rng.sample(sentences, 2),
            }
        )
    return data


def latency(engine: Engine, qs: list[str], rounds: int) -> tuple[float, float]:
    times: list[float] = []
    for _ in range(rounds):
        for q in qs:
            start = time.perf_counter()
            engine.ask(q)
            times.append(time.perf_counter() - start)
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49] * 1e6, cuts[98] * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds = 3 if args.quick else 20

    loads = []
    for _ in range(5):
        start = time.perf_counter()
        faq = load(KNOWLEDGE / "faq.yaml", KNOWLEDGE / "article.txt")
        vocabulary = load_vocabulary(KNOWLEDGE / "vocabulary.yaml")
        engine = Engine(faq, vocabulary)
        loads.append(time.perf_counter() - start)
    print(f"load (parse + validate + index), shipped FAQ: {statistics.median(loads) * 1e3:.1f} ms ({len(faq)} entries)")

    qs = questions()
    print(f"questions: {len(qs)} (own + dev sets, each asked {rounds}x)")
    p50, p99 = latency(engine, qs, rounds)
    print(f"latency at {len(faq):>6} entries: p50 {p50:7.0f} µs   p99 {p99:7.0f} µs")
    for size in (1_000, 10_000):
        data = synthetic(faq, size)
        start = time.perf_counter()
        unlimited = Limits(entries=size, phrasings=10 * size)  # bigger than a faq.yaml may be: to see the trend
        big = validate_document(data, source="synthetic", article=faq.article, limits=unlimited)
        built = time.perf_counter() - start
        start = time.perf_counter()
        big_engine = Engine(big, vocabulary)
        indexed = time.perf_counter() - start
        p50, p99 = latency(big_engine, qs, max(1, rounds // 4))
        print(
            f"latency at {size:>6} entries: p50 {p50:7.0f} µs   p99 {p99:7.0f} µs   "
            f"(validate {built:.2f} s, index {indexed:.2f} s)"
        )

    runs = []
    for _ in range(3 if args.quick else 7):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "ask", "why did iran strike pakistan"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        runs.append(time.perf_counter() - start)
    # The child reports its own high-water mark (VmHWM, reset at exec): ru_maxrss would carry over the peak of
    # this process, which it was forked from.
    probe = (
        "import io; from bot.cli import main; main(['ask', 'why did iran strike pakistan'], out=io.StringIO()); "
        "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
    )
    peak_kib = int(
        subprocess.run(
            [sys.executable, "-c", probe], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.split()[-1]
    )
    print(
        f"`faqbot ask` process start to answer: median {statistics.median(runs) * 1e3:.0f} ms, "
        f"best {min(runs) * 1e3:.0f} ms"
    )
    print(f"peak RSS of `faqbot ask`: {peak_kib / 1024:.1f} MB")
    print(
        f"peak RSS of this benchmark (10,000-entry FAQ loaded): "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB"
    )


if __name__ == "__main__":
    main()
