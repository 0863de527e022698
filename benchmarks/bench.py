"""Print the matcher's speed and memory figures (a script, not a test: timings are noisy).

    python benchmarks/bench.py                   # all figures
    python benchmarks/bench.py --quick           # fewer repetitions
    python benchmarks/bench.py --compare-only --sizes 41,1000   # only the table beside bm25s, at these sizes

Figures: load time; per-question latency p50/p99 at the shipped FAQ and at synthetic FAQs of 1,000 and 10,000
entries; `faqbot ask` from process start to answer; peak RSS of that process. Then a table beside a plain BM25
baseline (bm25s, `pip install -e '.[bench]'`) over the same entries in the same process, at 41, 1k, 10k and 100k
entries: the matcher's lexical ranking (`Matcher.rank`, what the engine calls) and bm25s's top 5, p50/p99 per
question; index build time; memory (tracemalloc: what the index keeps, and the peak while building); and
autocomplete (`Matcher.complete`) per keystroke over typed prefixes of real questions.
"""

from __future__ import annotations

import argparse
import functools
import gc
import itertools
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core import FAQ, Engine, load, validate_document  # noqa: E402
from bot.core.faq import Limits  # noqa: E402
from bot.core.matcher import Matcher  # noqa: E402
from bot.core.vocabulary import Vocabulary, load_vocabulary  # noqa: E402

KNOWLEDGE = ROOT / "knowledge"


def questions() -> list[str]:
    out: list[str] = []
    for path in (
        ROOT / "tests" / "data" / "questions.yaml",
        ROOT / "tests" / "data" / "vendor" / "eval" / "dev-questions.yaml",
    ):
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


def quantiles(times: list[float]) -> tuple[float, float]:
    """p50 and p99 in µs."""
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49] * 1e6, cuts[98] * 1e6


def timed(call: Callable[[str], object], qs: list[str], rounds: int) -> tuple[float, float]:
    times: list[float] = []
    for _ in range(rounds):
        for q in qs:
            start = time.perf_counter()
            call(q)
            times.append(time.perf_counter() - start)
    return quantiles(times)


def traced(build: Callable[[], object]) -> tuple[object, int, int]:
    """What ``build`` returns, the bytes it keeps and its peak (tracemalloc, which numpy reports to)."""
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    built = build()
    gc.collect()
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return built, kept - base, peak - base


def prefixes(faq: FAQ, qs: list[str]) -> list[str]:
    """What people type into an autocomplete box, keystroke by keystroke: prefixes of real questions and of the
    shipped entries' questions."""
    texts = qs[:40] + [entry.question for entry in faq.entries]
    return [text[:n] for text in texts for n in (1, 2, 3, 5, 8, 12, 20, 30) if n <= len(text)]


class BM25:
    """bm25s over the same entries: each entry's question, alternates and keywords as its document, stemmed with
    the same Snowball stemmer, bm25s's English stop words."""

    def __init__(self, faq: FAQ) -> None:
        import bm25s
        import snowballstemmer

        self._bm25s = bm25s
        self._stem = snowballstemmer.stemmer("english").stemWords
        corpus = [" ".join((e.question, *e.alternates, *e.keywords)) for e in faq.entries]
        tokens = bm25s.tokenize(corpus, stemmer=self._stem, show_progress=False)
        self.retriever = bm25s.BM25()
        self.retriever.index(tokens, show_progress=False)

    def rank(self, question: str, k: int = 5) -> object:
        query = self._bm25s.tokenize([question], stemmer=self._stem, return_ids=False, show_progress=False)
        return self.retriever.retrieve(query, k=k, show_progress=False, n_threads=1)


def compare(faq: FAQ, vocabulary: Vocabulary, qs: list[str], sizes: list[int], rounds: int) -> None:
    """The matcher beside bm25s at each size: one row per size and engine."""
    try:
        import bm25s  # noqa: F401
    except ImportError:
        print("\n(bm25s is not installed: pip install -e '.[bench]' for the comparison table)")
        return
    typed = prefixes(faq, qs)
    print(f"\nbeside bm25s ({len(qs)} questions, {len(typed)} typed prefixes for autocomplete):")
    header = (
        f"| {'entries':>7} | {'engine':<7} | {'p50 µs':>7} | {'p99 µs':>7} | {'build s':>7} | "
        f"{'kept MB':>7} | {'peak MB':>7} | {'complete p50/p99 ms':>19} |"
    )
    print(header)
    print("| " + " | ".join("-" * (len(cell) - 2) for cell in header.split("|")[1:-1]) + " |")
    for size in sizes:
        big = faq
        if size > len(faq):
            unlimited = Limits(entries=size, phrasings=100 * size)  # past what a faq.yaml may hold: the trend
            big = validate_document(synthetic(faq, size), source="synthetic", article=faq.article, limits=unlimited)
        n = max(1, rounds // (1 if size <= 1_000 else 4 if size <= 10_000 else 10))
        builds: list[tuple[str, Callable[[], Any]]] = [
            ("matcher", functools.partial(Matcher, big, vocabulary)),
            ("bm25s", functools.partial(BM25, big)),
        ]
        for name, build in builds:
            start = time.perf_counter()
            index = build()
            seconds = time.perf_counter() - start
            ranker = index.rank
            ranker(qs[0])  # warm: first-call imports and caches
            p50, p99 = timed(ranker, qs, n)
            complete = "-"
            if isinstance(index, Matcher):
                c50, c99 = timed(index.complete, typed, 1)
                complete = f"{c50 / 1e3:.2f} / {c99 / 1e3:.2f}"
            del index, ranker
            _, kept, peak = traced(build)
            print(
                f"| {len(big):>7} | {name:<7} | {p50:>7.0f} | {p99:>7.0f} | {seconds:>7.2f} | "
                f"{kept / 2**20:>7.1f} | {peak / 2**20:>7.1f} | {complete:>19} |",
                flush=True,
            )


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
    parser.add_argument("--compare-only", action="store_true", help="only the table beside bm25s")
    parser.add_argument("--sizes", default="41,1000,10000,100000", help="entries for the table (41: the shipped FAQ)")
    args = parser.parse_args()
    rounds = 3 if args.quick else 20
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.compare_only:
        faq = load(KNOWLEDGE / "faq.yaml", KNOWLEDGE / "article.txt")
        compare(faq, load_vocabulary(KNOWLEDGE / "vocabulary.yaml"), questions(), sizes, rounds)
        return

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
        unlimited = Limits(entries=size, phrasings=100 * size)  # bigger than a faq.yaml may be: to see the trend
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
    compare(faq, vocabulary, qs, sizes, rounds)


if __name__ == "__main__":
    main()
