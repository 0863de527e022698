"""Insight for moderators in the core: days counted by the database (SQLite and PostgreSQL alike), exports within
a size limit, and the declined-question note once per group and day, across restarts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core import Engine
from bot.core.insight import declined_notes, export_records, stats
from bot.core.records import DAY, Place, Records
from bot.core.storage import open_storage

HERE = Place(1, 2)
NOON = 20_000 * DAY + 12 * 3600  # 2024-10-04 12:00 UTC: a fixed "now"


@pytest.fixture(params=["sqlite", "postgres"])
def records(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Records]:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    opened = Records(open_storage(tmp_path / "data", url), retention_days=0)
    yield opened
    opened.close()


def test_questions_are_counted_per_utc_day_and_outcome(records: Records, engine: Engine) -> None:
    midnight = 20_000 * DAY
    rows = [
        (midnight - 1, "airspace", "answered"),  # the day before, its last second
        (midnight, "airspace", "answered"),  # today, its first second
        (midnight + 5, None, "not_covered"),
        (NOON, "irgc", "answered"),
        (NOON, "irgc", "answered"),
        (NOON, None, "partial"),
        (midnight - 3 * DAY, "irgc", "answered"),  # outside a 3-day window
    ]
    records.storage.append([("asks", {"time": t, "entry": e, "status": s}) for t, e, s in rows])
    figures = stats(records, engine, days=3, now=NOON)
    assert [(str(d.day), d.counts) for d in figures.daily] == [
        ("2024-10-02", {}),
        ("2024-10-03", {"answered": 1}),
        ("2024-10-04", {"answered": 3, "not_covered": 1, "partial": 1}),
    ]
    assert (figures.asked, figures.answered) == (6, 4)
    assert figures.top == [("airspace", 2), ("irgc", 2)]  # ties by id
    assert round(figures.rate("partial"), 3) == round(1 / 6, 3)
    assert stats(records, engine, days=1, now=NOON).asked == 5


def test_an_export_over_the_limit_keeps_the_newest_rows_of_every_kind(records: Records) -> None:
    for i in range(50):
        records.storage.append([("asks", {"time": NOON - 1000 + 2 * i, "entry": "airspace", "status": "answered"})])
        records.storage.append(
            [
                (
                    "feedback",
                    {"time": NOON - 999 + 2 * i, "entry": "irgc", "helpful": False, "question": "q", "place": "dm"},
                )
            ]
        )
    whole = export_records(records, ["asks", "feedback"], "json", 1, now=NOON)
    assert [f.rows for f in whole] == [50, 50] and not any(f.trimmed for f in whole)
    limit = sum(len(f.data) for f in whole) // 3
    files = export_records(records, ["asks", "feedback"], "json", 1, limit=limit, now=NOON)
    assert sum(len(f.data) for f in files) <= limit
    asks, feedback = (json.loads(f.data) for f in files)
    assert all(f.trimmed for f in files) and abs(len(asks) - len(feedback)) <= 1  # the oldest of both went
    kept = sorted([r["time"] for r in asks] + [r["time"] for r in feedback])
    assert kept[-1] == NOON - 999 + 98 and kept == sorted(kept)[-len(kept) :]
    assert min(kept) > NOON - 1000 + 2 * 25  # only the newest rows are left


def test_a_declined_question_is_noted_once_a_day_across_restarts(tmp_path: Path, engine: Engine) -> None:
    vocabulary = engine.matcher.vocabulary
    records = Records(tmp_path / "data", retention_days=0)
    for question in ("recipe for biryani", "Recipe for biryani?"):
        records.add_unanswered(question, "not_covered", [], HERE)
    assert declined_notes(records, vocabulary, 3) == []
    records.add_unanswered("recipe for biryani please", "not_covered", [], HERE)
    [note] = declined_notes(records, vocabulary, 3)
    assert (note.question, note.count) == ("recipe for biryani", 3)
    assert declined_notes(records, vocabulary, 3) == []
    records.close()
    again = Records(tmp_path / "data", retention_days=0)  # a restart
    again.add_unanswered("recipe for biryani", "not_covered", [], HERE)
    assert declined_notes(again, vocabulary, 3) == []
    tomorrow = again.unanswered()[-1].time + DAY
    again.storage.append(
        [
            ("unanswered", {"time": tomorrow, "question": q, "status": "not_covered", "suggestions": [], "place": "dm"})
            for q in ("recipe for biryani",) * 3
        ]
    )
    [next_day] = declined_notes(again, vocabulary, 3, now=tomorrow)
    assert next_day.count == 3
    assert declined_notes(again, vocabulary, 0) == []  # 0 turns it off
    again.close()


def test_a_declined_note_counts_only_declined_questions_not_dismissed(tmp_path: Path, engine: Engine) -> None:
    vocabulary = engine.matcher.vocabulary
    records = Records(tmp_path / "data", retention_days=0)
    for status in ("partial", "ambiguous", "not_covered"):  # one declined, two the bot half answered
        records.add_unanswered("recipe for biryani", status, [], HERE)
    assert declined_notes(records, vocabulary, 2) == []
    records.add_unanswered("recipe for biryani", "not_covered", [], HERE)
    records.dismiss(["recipe for biryani"])  # moderators dealt with it
    records.add_unanswered("recipe for biryani", "not_covered", [], HERE)
    assert declined_notes(records, vocabulary, 2) == []
    records.close()


def test_a_csv_export_opens_formulas_as_text(records: Records) -> None:
    for question in ('=HYPERLINK("http://x","hi")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "why? =1"):
        records.add_unanswered(question, "not_covered", [], HERE)
    [file] = export_records(records, ["unanswered"], "csv", 0)
    rows = list(csv.DictReader(io.StringIO(file.data.decode(), newline="")))
    assert [r["question"] for r in rows] == [
        '\'=HYPERLINK("http://x","hi")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "why? =1",
    ]
    assert {r["time"][:1] for r in rows} <= set("0123456789")  # numbers stay numbers
