"""Print how long `/faqmod stats` takes to count a year of questions, against reading them all into Python, and how
long the chart and an export take (a script, not a test: timings are noisy).

    python benchmarks/insight_bench.py                  # 10,000, 100,000 and 500,000 asks over 365 days
    python benchmarks/insight_bench.py --sizes 50000

Each size is written to a fresh SQLite file. "count in SQL" is what `/faqmod stats` now does for a 30-day window
(``Records.day_counts`` and ``top_entries``: GROUP BY in the database); "read all" reads every ask into Python
and counts there, as the statistics did before; "chart" draws the PNG; "export" serialises 30 days of asks as CSV.
Each figure is the median of three runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.chart import stats_png  # noqa: E402
from bot.core.insight import EPOCH, Day, Stats, day_number, export_records  # noqa: E402
from bot.core.records import DAY, Records  # noqa: E402

ENTRIES = ["airspace", "davos-meeting", "irgc", "what-happened", "iran-strikes", "pakistan-operation"]
STATUSES = ["answered"] * 6 + ["partial", "ambiguous", "not_covered", "not_covered"]


def timed(work: Callable[[], object]) -> float:
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def measure(records: Records, size: int, since: float, now: float) -> str:
    """One line of figures for a data folder of ``size`` asks."""

    def in_sql() -> object:
        return records.day_counts(since), records.top_entries(since, 5)

    def read_all() -> object:
        counts: Counter[tuple[int, str]] = Counter()
        for ask in records.asks():
            if ask["time"] >= since:
                counts[(day_number(ask["time"]), ask["status"])] += 1
        return counts

    days: dict[int, dict[str, int]] = {}
    for number, status, count in records.day_counts(since):
        days.setdefault(number, {})[status] = count
    daily = [Day(EPOCH + timedelta(days=n), c) for n, c in sorted(days.items())]
    figures = Stats(30, daily, records.top_entries(since, 5), 0)
    sql, everything = timed(in_sql), timed(read_all)
    chart = timed(lambda: stats_png(figures))
    export = timed(lambda: export_records(records, ["asks"], "csv", 30, now=now))
    return (
        f"{size:>9,} {sql * 1000:>10.1f} ms {everything * 1000:>7.0f} ms {chart * 1000:>5.0f} ms"
        f" {export * 1000:>9.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 500_000])
    args = parser.parse_args()
    rng = random.Random(7)
    now = time.time()
    since = (day_number(now) - 29) * DAY
    print(f"{'asks':>9} {'count in SQL':>13} {'read all':>10} {'chart':>8} {'export 30 d':>12}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            records = Records(Path(folder), retention_days=0)
            rows = sorted(
                (
                    now - rng.random() * 365 * DAY,
                    rng.choice(ENTRIES),
                    rng.choice(STATUSES),
                )
                for _ in range(size)
            )
            batch = [("asks", {"time": t, "entry": e if s == "answered" else None, "status": s}) for t, e, s in rows]
            for start in range(0, len(batch), 50_000):
                records.storage.append(batch[start : start + 50_000])

            print(measure(records, size, since, now))
            records.close()


if __name__ == "__main__":
    main()
