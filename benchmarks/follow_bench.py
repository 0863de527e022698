"""Print how soon a FAQ save in one bot process is served by another, through a shared PostgreSQL (a script, not
a test: timings are noisy).

    python benchmarks/follow_bench.py                 # a throwaway PostgreSQL server on loopback
    python benchmarks/follow_bench.py --url URL       # a server you have (a new database is made there)

Two processes (tests/core/faqproc.py), each serving the FAQ from the database and polling only once an hour, so
every swap comes from LISTEN/NOTIFY. Figures: for saves made one at a time, alternately in each process, the time
from the save returning in one to the new FAQ being served (index built and swapped in) by the other, p50/p95/max;
then 50 saves at once split across both (half added phrasings, half entry edits from forms opened together):
how long they took, how many were committed or refused as stale, and whether both serve the newest.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import pgserver  # noqa: E402
from tests.core.faqproc import Process  # noqa: E402

TARGETS = ["airspace", "davos-meeting", "irgc", "naval-exercise", "fm-visit"]


def database(server: str) -> str:
    import psycopg

    name = f"faqbot_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


def run(url: str, saves: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="faqbot-follow-"))
    copies = []
    for name in ("a", "b"):
        (folder / name).mkdir()
        for file in ("faq.yaml", "vocabulary.yaml"):
            shutil.copy(ROOT / "knowledge" / file, folder / name / file)
        copies.append(folder / name / "faq.yaml")
    first, second = (Process(url, copy, 3600.0) for copy in copies)
    try:
        delays = []
        for n in range(saves):
            saver, other = (first, second) if n % 2 == 0 else (second, first)
            saver.send(cmd="save", marker=f"one-{n}", entry=TARGETS[n % 5])
            saved = saver.wait(lambda e, n=n: e["event"] == "saved" and e["marker"] == f"one-{n}")
            served = other.wait(lambda e, n=n: e["event"] == "served" and f"one-{n}" in e["markers"])
            delays.append(served["time"] - saved["time"])
        delays.sort()
        p95 = delays[min(len(delays) - 1, round(0.95 * (len(delays) - 1)))]
        print(f"save in one process -> served by the other ({saves} saves, one at a time):")
        p50, top = statistics.median(delays), delays[-1]
        print(f"  p50 {p50 * 1000:.0f} ms   p95 {p95 * 1000:.0f} ms   max {top * 1000:.0f} ms")

        started = time.perf_counter()
        for number, process in enumerate((first, second)):
            burst = [
                {"marker": f"burst-{number}-{n}", "entry": TARGETS[n % 5], "kind": "edit" if n % 2 else "alias"}
                for n in range(25)
            ]
            process.send(cmd="burst", saves=burst, threads=6)
        outcomes = []
        for process in (first, second):
            process.wait(lambda e: e["event"] == "burst done", 300)
            outcomes += [e["outcome"] for e in process.events if e["event"] == "saved" and "burst" in e["marker"]]
        took = time.perf_counter() - started
        committed = outcomes.count("saved")
        print("50 saves at once, 25 from each process (6 threads each):")
        print(f"  {took:.2f} s in all; {committed} committed, {outcomes.count('conflict')} refused as stale")
        deadline = time.monotonic() + 30
        while True:  # both caught up: the same revision and the same FAQ
            states = [p.state() for p in (first, second)]
            same = states[0] == {**states[1], "event": "state"} and states[0]["stored"] == 1 + saves + committed
            if same or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        print(f"  both serve revision {states[0]['stored']}, the newest, with the same FAQ: {'yes' if same else 'NO'}")
    finally:
        for process in (first, second):
            process.close()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a PostgreSQL server URL (default: start a throwaway one)")
    parser.add_argument("--saves", type=int, default=40, help="saves made one at a time (default 40)")
    args = parser.parse_args()
    if args.url:
        run(database(args.url), args.saves)
        return 0
    folder = pgserver.init()
    try:
        run(database(pgserver.start(folder)), args.saves)
    finally:
        pgserver.stop(folder, remove=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
