"""Print how long validating an uploaded faq.yaml takes, as `/faqmod import` does it (a script, not a test:
timings are noisy).

    python benchmarks/import_bench.py                     # 64, 128 and 256 KiB files, this checkout's loader
    python benchmarks/import_bench.py --before 7c89dc9    # also the loader (bot/core/faq.py) of that revision

Two kinds of alias-heavy file, each cut to exactly the size asked:

- ``yaml-aliases``: the shipped FAQ with its first entry anchored (``&e``) and then given again and again as a
  six-byte YAML alias (``- *e``), the file of the issue (a 256 KiB one stands for about 40,000 entries);
- ``alternates``: a valid FAQ of many entries, each with 60 short alternate phrasings (the most an entry may
  have): what a big real FAQ looks like;
- ``at-limits``: the first entry repeated by alias until the FAQ is just within the limit on phrasings, the most
  work a file within the limits can ask of the validator (its thousands of duplicates are all reported).

Each figure is ``parse_faq`` (YAML, then every rule) in a fresh process, with the growth of that process's peak
RSS; the outcome says whether the file loaded or how many problems it has.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bot.core import load  # noqa: E402

KNOWLEDGE = ROOT / "knowledge"
SIZES = (64, 128, 256)


def yaml_aliases(size: int) -> str:
    text = (KNOWLEDGE / "faq.yaml").read_text(encoding="utf-8")
    text = text.replace("  - id: what-happened\n", "  - &e\n    id: what-happened\n", 1)
    room = size - len(text.encode())
    return text + "  - *e\n" * (room // 7) + "#" * (room % 7)


def alternates(size: int) -> str:
    faq = load(KNOWLEDGE / "faq.yaml", KNOWLEDGE / "article.txt")
    data = faq.to_data()
    rng = random.Random(1)
    letters = "abcdefghijklmnopqrstuvwxyz"

    def word() -> str:
        return "".join(rng.choices(letters, k=rng.randint(3, 7)))

    head = yaml.safe_dump({"topics": data["topics"]}, sort_keys=False, width=110) + "entries:\n"
    text, n = head, 0
    while True:  # entries as an indentless block sequence, one dumped at a time, while they fit
        entry = dict(data["entries"][n % len(data["entries"])])
        entry.pop("related", None)
        entry["id"] = f"{entry['id'][:40]}-{n}"
        entry["question"] = f"{str(entry['question'])[:90]} {n}"
        entry["alternates"] = [f"{word()} {word()} {n}" for _ in range(60)]
        item = yaml.safe_dump([entry], sort_keys=False, width=110)
        if len((text + item).encode()) > size:
            return text + "#" * (size - len(text.encode()))
        text, n = text + item, n + 1


def at_limits(size: int) -> str:
    """The most work a file within the limits can ask for: the first entry repeated by alias until the FAQ has
    almost as many phrasings as allowed (every copy a duplicate to report)."""
    from bot.core.faq import MAX_PHRASINGS

    text = (KNOWLEDGE / "faq.yaml").read_text(encoding="utf-8")
    faq = load(KNOWLEDGE / "faq.yaml", KNOWLEDGE / "article.txt")
    copies = (MAX_PHRASINGS - sum(len(e.phrasings) for e in faq)) // len(faq.entries[0].phrasings)
    text = text.replace("  - id: what-happened\n", "  - &e\n    id: what-happened\n", 1) + "  - *e\n" * copies
    return text + "#" * (size - len(text.encode()))


KINDS = {"yaml-aliases": yaml_aliases, "alternates": alternates, "at-limits": at_limits}


def _loader(revision: str | None):  # type: ignore[no-untyped-def]
    """bot/core/faq.py as it is now, or as it was at ``revision`` (imported beside the current package)."""
    if revision is None:
        from bot.core import faq

        return faq
    source = subprocess.run(
        ["git", "show", f"{revision}:bot/core/faq.py"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "faq_before.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("faq_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["faq_before"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def measure(kind: str, size: int, revision: str | None) -> tuple[float, int, str]:
    """In a fresh process: seconds to parse and validate, peak RSS growth in bytes, the outcome."""
    loader = _loader(revision)
    article = load(KNOWLEDGE / "faq.yaml", KNOWLEDGE / "article.txt").article
    text = KINDS[kind](size)
    assert len(text.encode()) == size
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        faq = loader.parse_faq(text, source="faq.yaml", article=article)
        outcome = f"loads ({len(faq)} entries)"
    except loader.FAQError as error:
        first = str(error.problems[0]).split(": ", 1)[-1]
        outcome = f"{len(error.problems):,} problems, first: {first[:70]}"
    elapsed = time.perf_counter() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024  # ru_maxrss is in KiB
    return elapsed, grown, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="REVISION", help="also time bot/core/faq.py of this git revision")
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES, metavar="KIB")
    args = parser.parse_args()
    loaders = [("before", args.before), ("after", None)] if args.before else [("now", None)]
    context = get_context("spawn")
    for kind in KINDS:
        for size in args.sizes:
            for name, revision in loaders:
                with ProcessPoolExecutor(1, mp_context=context) as pool:
                    elapsed, grown, outcome = pool.submit(measure, kind, size * 1024, revision).result()
                print(
                    f"{kind:<12} {size:>4} KiB  {name:<6} {elapsed:7.3f} s  peak RSS +{grown / 1e6:6.1f} MB  {outcome}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
