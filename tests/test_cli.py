"""The terminal front-end, run the way a user runs it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from tests.paths import DATA, KNOWLEDGE, ROOT


@pytest.fixture(scope="session")
def shared_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(autouse=True)
def _data_outside_the_checkout(shared_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands write their data folder (at least the semantic option's embedding cache) in a temporary folder,
    shared by the tests so the cache is warm, never in the project's data/; a test may set its own."""
    monkeypatch.setenv("FAQBOT_DATA_DIR", str(shared_data_dir))


def run(*argv: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out, stdin=io.StringIO(stdin))
    return code, out.getvalue()


def test_ask_prints_answer_quotes_and_paragraphs() -> None:
    code, out = run("ask", "what did pakistan tell its airlines")
    assert code == 0
    assert "What did Pakistan tell its airlines about Iranian airspace?" in out
    assert "(paragraph 2)" in out
    assert "asked the Pakistani airlines not to use Iranian airspace" in out


def test_ask_declines_off_topic_and_offers_nothing_false() -> None:
    code, out = run("ask", "who won the world cup")
    assert code == 0
    assert out.startswith("The article doesn't say.")
    assert "paragraph" not in out


def test_ask_json_one_object() -> None:
    code, out = run("ask", "--json", "davos meeting")
    data = json.loads(out)
    assert code == 0 and data["entry"] == "davos-meeting" and data["answered"] is True
    assert data["citations"][0] == {
        "quote": "In the backdrop of a meeting between the Pakistani caretaker prime minister and the Iranian "
        "foreign minister at Davos, hours before the Iranian attacks",
        "paragraph": 5,
    }


def test_ask_json_reads_stdin_one_line_per_question_in_order() -> None:
    lines = ["davos meeting", "", "   ", "\x00\x07", "biryani recipe", "irgc"]
    code, out = run("ask", "--json", stdin="\n".join(lines) + "\n")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r["question"] for r in rows] == lines
    assert [r["answered"] for r in rows] == [True, False, False, False, False, True]


def test_ask_json_survives_undecodable_bytes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json"],
        input=b"davos meeting\n\xff\xfe bad bytes\nirgc\n",
        capture_output=True,
        cwd=ROOT,
        check=True,
    )
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(rows) == 3 and rows[0]["answered"] and rows[2]["answered"]


def test_validate_ok_and_broken(tmp_path: Path) -> None:
    code, out = run("validate")
    assert code == 0 and "OK: 41 entries" in out
    assert f"{KNOWLEDGE / 'vocabulary.yaml'}: OK: 524 stop words, 276 synonyms, 32 phrase rewrites" in out
    broken = tmp_path / "faq.yaml"
    text = (KNOWLEDGE / "faq.yaml").read_text()
    broken.write_text(
        text.replace("Iran provides 200MW", "Iran provides 300MW").replace("id: airspace", "id: davos-meeting")
    )
    code, out = run("validate", str(broken))
    assert code == 1
    assert "3 problems" in out
    assert "related id 'airspace' is not an entry" in out
    assert "duplicate id" in out
    assert "quote 2 is not verbatim in the article; closest passage (paragraph 13)" in out


def test_validate_checks_the_vocabulary_too(tmp_path: Path) -> None:
    broken = tmp_path / "vocabulary.yaml"
    text = (KNOWLEDGE / "vocabulary.yaml").read_text()
    broken.write_text(text.replace("    envoy: ambassador\n", "    envoy: envoy\n"))
    code, out = run("validate", "--vocabulary", str(broken))
    line = text.splitlines().index("    envoy: ambassador") + 1
    assert code == 1
    assert out.splitlines()[1:] == [
        f"{broken}: 1 problem",
        f"  vocabulary.yaml:{line}: general.synonyms: 'envoy' maps to itself; remove it",
    ]
    assert "OK: 41 entries" in out.splitlines()[0]  # the FAQ is still checked and reported


def test_validate_checks_the_faqs_own_synonyms_against_the_vocabulary(tmp_path: Path) -> None:
    faq = tmp_path / "faq.yaml"
    text = (KNOWLEDGE / "faq.yaml").read_text()
    faq.write_text(text + "synonyms:\n  kerfuffle: standoff\n  the: standoff\n")
    line = len(text.splitlines()) + 3
    code, out = run("validate", str(faq))
    assert code == 1
    assert out.splitlines()[:2] == [
        f"{faq}: 1 problem",
        f"  faq.yaml:{line}: synonyms: 'the' is a stop word in vocabulary.yaml, so it is dropped before synonyms "
        "are looked up",
    ]
    faq.write_text(text + "synonyms:\n  kerfuffle: standoff\n")
    code, out = run("validate", str(faq))
    assert code == 0 and "all verbatim, 1 synonym\n" in out


def test_the_vocabulary_path_is_a_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("ask", "--json", "zeppelin meeting")[1].count('"answered": false') == 1
    changed = tmp_path / "vocabulary.yaml"
    text = (KNOWLEDGE / "vocabulary.yaml").read_text()
    changed.write_text(text.replace("    envoy: ambassador\n", "    envoy: ambassador\n    zeppelin: davos\n"))
    monkeypatch.setenv("FAQBOT_VOCABULARY_PATH", str(changed))
    code, out = run("ask", "--json", "zeppelin meeting")
    assert code == 0 and json.loads(out)["entry"] == "davos-meeting"
    changed.write_text(text.replace("    envoy: ambassador\n", "    envoy: envoy\n"))
    assert run("ask", "zeppelin meeting") == (1, "")
    error = capsys.readouterr().err
    assert error.startswith("faqbot: The vocabulary has problems; run `faqbot validate` to see them all.")
    assert "general.synonyms: 'envoy' maps to itself; remove it" in error


def test_validate_reports_the_articles_metadata_with_the_faq(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes((KNOWLEDGE / "article.txt").read_bytes())
    meta = (KNOWLEDGE / "article.yaml").read_text(encoding="utf-8")
    (tmp_path / "article.yaml").write_text(meta.replace("paragraphs: 18", "paragraphs: 17"), encoding="utf-8")
    broken = tmp_path / "faq.yaml"
    broken.write_text((KNOWLEDGE / "faq.yaml").read_text().replace("Iran provides 200MW", "Iran provides 300MW"))
    monkeypatch.setenv("FAQBOT_ARTICLE_PATH", str(article))
    code, out = run("validate", str(broken))
    assert code == 1
    assert "2 problems" in out
    assert "article.yaml:12: paragraphs is 17, but the article has 18" in out
    assert "quote 2 is not verbatim in the article" in out


def test_validate_missing_file(tmp_path: Path) -> None:
    code, out = run("validate", str(tmp_path / "nope.yaml"))
    assert code == 1 and "cannot read the file" in out


def test_eval_prints_rates_misses_and_latency() -> None:
    code, out = run("eval", str(DATA / "questions.yaml"))
    assert code == 0
    assert "in-scope answered correctly" in out and "off-topic declined" in out and "near-miss not answered" in out
    assert "latency p50 / p99" in out and "quotes not verbatim            0" in out


def test_coverage_reports_every_paragraph_cited() -> None:
    code, out = run("coverage")
    assert code == 0 and "Paragraphs cited: 18/18" in out


def test_console_answers_offers_choices_and_quits_cleanly() -> None:
    script = "why did iran attack pakistan\n1\nbiryani\ntopics\ntopic background\nquit\n"
    code, out = run("console", stdin=script)
    assert code == 0
    assert "Why did Iran attack Pakistan?" in out
    assert "Type a number to open: [1] iran-domestic-pressure" in out
    assert "What domestic pressures pushed Iran to strike?" in out  # picked related question 1
    assert "The article doesn't say." in out
    assert "background" in out and "What happened at Davos before the strikes?" in out


def test_console_exits_on_eof() -> None:
    code, out = run("console", stdin="davos\n")
    assert code == 0 and out.rstrip().endswith("you>")


def test_console_skips_an_undecodable_line_with_a_notice_and_goes_on() -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"davos\n\xff\xfe bad bytes\nirgc\nquit\n"), encoding="utf-8", errors="strict")
    out = io.StringIO()
    assert main(["console"], out=out, stdin=stdin) == 0
    text = out.getvalue()
    davos = text.index("What happened at Davos before the strikes?")
    notice = text.index("That line could not be read")
    irgc = text.index("What is the IRGC")
    assert davos < notice < irgc


def test_console_in_a_strict_terminal_survives_undecodable_input() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input=b"\xff\xfe bad bytes\nirgc\n",
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
        check=False,
    )
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "That line could not be read" in out and "What is the IRGC" in out
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("argv", [["ask"], []])
def test_usage_errors_are_short(argv: list[str]) -> None:
    code, _ = run(*argv)
    assert code == 2


def test_bad_setting_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FAQBOT_ANSWER_THRESHOLD", "lots")
    code, _ = run("ask", "irgc")
    assert code == 2
    err = capsys.readouterr().err
    assert "FAQBOT_ANSWER_THRESHOLD must be a number between 0 and 1" in err and "Traceback" not in err


# --- faqbot run --shards ---------------------------------------------------------------------------------------


@pytest.fixture
def started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What `faqbot run` would start the bot with (the bot itself is not started)."""
    for name in ("FAQBOT_SHARD_IDS", "FAQBOT_SHARD_COUNT"):
        monkeypatch.setenv(name, "")
    monkeypatch.setenv("DISCORD_TOKEN", "MTIz.not-a-real-token.XYZ")
    monkeypatch.setenv("FAQBOT_DATA_DIR", str(tmp_path / "data"))
    apps: list[Any] = []

    def run(app: Any) -> int:
        apps.append(app)
        app.records.close()
        return 0

    monkeypatch.setattr("bot.discordbot.runner.run", run)
    return apps


@pytest.mark.parametrize(
    ("argv", "ids", "count"),
    [
        (["--shards", "0-3", "--shard-count", "8"], (0, 1, 2, 3), 8),
        (["--shards", "0,2,5", "--shard-count", "6"], (0, 2, 5), 6),
        (["--shard-count", "2"], None, 2),
        ([], None, None),
    ],
)
def test_run_shards_are_a_range_or_a_list(
    started: list[Any], argv: list[str], ids: tuple[int, ...] | None, count: int | None
) -> None:
    assert main(["run", *argv]) == 0
    assert (started[0].settings.shard_ids, started[0].settings.shard_count) == (ids, count)


def test_run_flags_take_the_place_of_the_settings(started: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAQBOT_SHARD_IDS", "0-1")
    monkeypatch.setenv("FAQBOT_SHARD_COUNT", "4")
    assert main(["run", "--shards", "2-3"]) == 0
    assert (started[0].settings.shard_ids, started[0].settings.shard_count) == ((2, 3), 4)


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        (["--shards", "0-3"], {}, "--shards needs --shard-count: the total number of shards across all processes"),
        (
            ["--shards", "0-8", "--shard-count", "8"],
            {},
            "--shards names shard 8, but with 8 shards (--shard-count) the shard ids are 0-7",
        ),
        (
            ["--shards", "2-3"],
            {"FAQBOT_SHARD_COUNT": "2"},
            "--shards names shard 2, but with 2 shards (FAQBOT_SHARD_COUNT) the shard ids are 0-1",
        ),
        (
            ["--shards", "one", "--shard-count", "2"],
            {},
            "--shards must be shard ids or ranges like 0-3 or 0,2,5, not 'one'",
        ),
        (["--shards", ",", "--shard-count", "2"], {}, "--shards needs shard ids or ranges like 0-3 or 0,2,5"),
        (["--shards", "0", "--shard-count", "0"], {}, "--shard-count must be at least 1, not 0"),
    ],
)
def test_run_with_shards_it_cannot_run_is_one_line(
    started: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    env: dict[str, str],
    message: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["run", *argv]) == 2
    assert capsys.readouterr().err == f"faqbot: {message}\n"
    assert started == []  # nothing was started


# --- recording questions and the moderators' queue --------------------------------------------------------------

REPLAY = [
    "is it safe for tourists to fly to tehran",
    "davos meeting",
    "",
    "is it safe for tourists to fly to tehran?",
    "what is the capital of mongolia",
]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bot's data folder, as `faqbot run` would use it."""
    folder = tmp_path / "data"
    monkeypatch.setenv("FAQBOT_DATA_DIR", str(folder))
    return folder


def stored(data_dir: Path, kind: str) -> list[dict[str, Any]]:
    """What `faqbot ask --record` kept, as stored in the data folder's database."""
    from bot.core.storage import FILE_NAME, SQLiteStorage

    storage = SQLiteStorage(data_dir / FILE_NAME)
    try:
        return storage.rows(kind)
    finally:
        storage.close()


def test_ask_record_keeps_declined_questions_as_the_bot_does(data_dir: Path) -> None:
    from dataclasses import fields

    from bot.core.records import Unanswered

    code, out = run("ask", "--record", "--json", stdin="\n".join(REPLAY) + "\n")
    assert code == 0 and [json.loads(line)["question"] for line in out.splitlines()] == REPLAY
    declined = stored(data_dir, "unanswered")
    assert [r["question"] for r in declined] == [REPLAY[0], REPLAY[3], REPLAY[4]]  # not the answered or blank ones
    assert all(set(r) == {f.name for f in fields(Unanswered)} for r in declined)  # the bot's record, field for field
    assert {r["place"] for r in declined} == {"cli"}
    assert declined[0]["status"] == "not_covered" and declined[0]["suggestions"][0] == "airspace"
    asks = stored(data_dir, "asks")
    assert [(a["entry"], a["status"]) for a in asks] == [
        (None, "not_covered"),
        ("davos-meeting", "answered"),
        (None, "not_covered"),
        (None, "not_covered"),
    ]
    code, _ = run("ask", "--record", "who won the world cup")  # one question, for a person
    assert code == 0 and stored(data_dir, "unanswered")[-1]["question"] == "who won the world cup"


def test_ask_without_record_keeps_nothing(data_dir: Path) -> None:
    """No record of the questions: the data folder holds at most the FAQ's own embeddings (the semantic cache)."""
    code, _ = run("ask", "--json", stdin="\n".join(REPLAY) + "\n")
    assert code == 0
    kept = [p.relative_to(data_dir) for p in data_dir.rglob("*") if p.is_file()] if data_dir.exists() else []
    assert all(p.parts[0] == "semantic" and p.suffix == ".npz" for p in kept), kept


def test_queue_shows_what_moderators_see(data_dir: Path) -> None:
    from bot.core.records import Place, Records

    code, out = run("queue")
    assert code == 0 and out == "Nothing waiting. Members' questions all found answers.\n"
    run("ask", "--record", "--json", stdin="\n".join(REPLAY) + "\n")
    records = Records(data_dir)
    records.add_feedback("airspace", False, "is it safe for tourists to fly to tehran??", Place(1, 2))
    records.add_unanswered("who won the world cup", "not_covered", [], Place(1, 2))
    records.dismiss(["who won the world cup"])
    code, out = run("queue")
    assert code == 0
    assert out.splitlines() == [
        "4 questions in 2 groups, declined or marked not helpful, grouped by similarity, most frequent first:",
        "3× is it safe for tourists to fly to tehran",
        "   declined, not helpful · nearest: airspace (What did Pakistan tell its airlines about Iranian airspace?)",
        "1× what is the capital of mongolia",
        "   declined · nearest: none",
    ]
    code, out = run("queue", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows[0] == {
        "question": "is it safe for tourists to fly to tehran",
        "count": 3,
        "reasons": ["declined", "not helpful"],
        "nearest": {"id": "airspace", "question": "What did Pakistan tell its airlines about Iranian airspace?"},
        "questions": [REPLAY[0], REPLAY[3], "is it safe for tourists to fly to tehran??"],
    }
    assert rows[1]["nearest"] is None and rows[1]["count"] == 1


def test_queue_lists_the_first_25_groups_unless_all(data_dir: Path) -> None:
    words = """weather recipe football guitar python bitcoin holiday marathon volcano penguin chess origami yoga sushi
    tornado jazz telescope knitting skateboard opera cactus lighthouse submarine violin glacier pancake kayak safari
    trampoline umbrella"""
    run("ask", "--record", "--json", stdin="".join(f"{word}\n" for word in words.split()))
    _, out = run("queue")
    assert out.count("×") == 25 and out.rstrip().endswith("…and 5 more groups (faqbot queue --all lists them).")
    _, out = run("queue", "--all")
    assert out.count("×") == 30 and "more groups" not in out


def test_replay_a_log_then_see_the_queue(tmp_path: Path) -> None:
    """The operator's way: `faqbot ask --record --json < questions.txt`, then `faqbot queue`."""
    log = tmp_path / "questions.txt"
    log.write_text("\n".join(REPLAY) + "\n")
    env = {**os.environ, "FAQBOT_DATA_DIR": str(tmp_path / "data")}
    with log.open("rb") as questions:
        subprocess.run(
            [sys.executable, "-m", "bot", "ask", "--record", "--json"],
            stdin=questions,
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    shown = subprocess.run(
        [sys.executable, "-m", "bot", "queue"], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    assert shown.stdout.splitlines()[1:3] == [
        "2× is it safe for tourists to fly to tehran",
        "   declined · nearest: airspace (What did Pakistan tell its airlines about Iranian airspace?)",
    ]


def test_eval_reports_styles_and_the_score_of_each_outcome(tmp_path: Path) -> None:
    questions = tmp_path / "q.yaml"
    questions.write_text(
        "in_scope:\n"
        '  - {q: "davos meeting", expect: [5], style: keyword}\n'
        '  - {q: "so are the frenemies cool again", expect: [4], style: paraphrase}\n'
        "near_miss:\n"
        '  - {q: "how many ships were in the hormuz naval exercise", expect: none}\n'
    )
    code, out = run("eval", str(questions))
    assert code == 0
    assert "near-miss not answered         1/1 (100.0%)" in out
    assert "  keyword          1/1   (100%)" in out and "  paraphrase       0/1   (0%)" in out
    assert "Best score by outcome (answer threshold 0.60):" in out
    assert "[in_scope] (paraphrase) 'so are the frenemies cool again'" in out


def test_stats_and_export_records_read_what_ask_record_kept(data_dir: Path, tmp_path: Path) -> None:
    """`faqbot stats` and `faqbot export-records`: the figures and files of `/faqmod stats` and `/faqmod export`."""
    import csv

    run("ask", "--record", "--json", stdin="\n".join(REPLAY) + "\n")
    asks = stored(data_dir, "asks")
    code, out = run("stats", "--days", "1", "--chart", str(tmp_path / "stats.png"))
    assert code == 0
    assert out.startswith(f"The last 1 day (UTC): {len(asks)} questions\n")
    answered = sum(1 for a in asks if a["status"] == "answered")
    assert f"  answered      {answered:>6}" in out
    assert (tmp_path / "stats.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, out = run("export-records", "--format", "csv", "--out", str(tmp_path / "export"))
    assert code == 0 and f"asks.csv: {len(asks)} rows" in out
    with (tmp_path / "export" / "unanswered.csv").open(newline="", encoding="utf-8") as file:
        questions = [row["question"] for row in csv.DictReader(file)]
    assert questions == [r["question"] for r in stored(data_dir, "unanswered")] and questions


def test_ask_answers_a_question_in_other_words_with_the_semantic_option(
    semantic_encoder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`faqbot ask` uses the installed model by default; FAQBOT_SEMANTIC_MODEL=off matches on words alone."""
    question = "did islamabad yank its emissary from the iranian capital"
    code, out = run("ask", "--json", question)
    answer = json.loads(out)
    assert code == 0 and answer["answered"] and answer["entry"] == "diplomatic-measures"
    monkeypatch.setenv("FAQBOT_SEMANTIC_MODEL", "off")
    code, out = run("ask", "--json", question)
    assert code == 0 and not json.loads(out)["answered"]
