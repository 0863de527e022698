"""The ``faqbot`` command: the same engine as the Discord bot, in a terminal."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot import app as composition
from bot import logs
from bot.core.answer import Answer, Engine
from bot.core.article import ArticleMeta
from bot.core.faq import FAQ, FAQError, load
from bot.core.records import CLI
from bot.core.storage import StorageError
from bot.core.vocabulary import Vocabulary, check_faq_synonyms, load_vocabulary
from bot.settings import Settings, SettingsError
from bot.terminal import format_answer, wrap

log = logging.getLogger(__name__)

QUEUE_SHOWN = 25  # groups `faqbot queue` lists, as many as `/faqmod unanswered` shows
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class CLIError(Exception):
    """A short message for the user and an exit code; no traceback."""

    def __init__(self, message: str, code: int = EXIT_INVALID) -> None:
        super().__init__(message)
        self.code = code


def _settings(*, verbose: bool = False) -> Settings:
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        raise CLIError(f"Bad setting: {exc}. Fix it in .env or the environment.", EXIT_USAGE) from exc
    return replace(settings, log_level="DEBUG") if verbose else settings


def _load(settings: Settings, faq_path: Path | None = None) -> FAQ:
    try:
        return load(faq_path or settings.faq_path, settings.article_path)
    except FAQError as exc:
        raise CLIError(f"The FAQ has problems; run `faqbot validate` to see them all.\n{exc}") from exc


def _vocabulary(settings: Settings) -> Vocabulary:
    try:
        return load_vocabulary(settings.vocabulary_path)
    except FAQError as exc:
        raise CLIError(f"The vocabulary has problems; run `faqbot validate` to see them all.\n{exc}") from exc


def _engine(settings: Settings) -> Engine:
    return composition.engine(settings, _load(settings), _vocabulary(settings))


# --- commands ---------------------------------------------------------------------------------------------------


def cmd_ask(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    settings = _settings()
    engine = _engine(settings)
    article = engine.faq.article.meta
    records = composition.records(settings) if args.record else None

    def ask(question: str) -> Answer:
        answer = engine.ask(question)
        if records is not None:  # kept as the bot keeps what members ask, from the place "cli"
            records.add_answer(answer, CLI)
        return answer

    try:
        return _ask_all(args, out, stdin, ask, article)
    finally:
        if records is not None:
            records.close()


def _ask_all(
    args: argparse.Namespace, out: TextIO, stdin: TextIO, ask: Callable[[str], Answer], article: ArticleMeta
) -> int:
    if args.question:
        answer = ask(" ".join(args.question))
        text = json.dumps(answer.to_json(), ensure_ascii=False) if args.json else format_answer(answer, article)
        out.write(text + "\n")
        return EXIT_OK
    if not args.json:
        raise CLIError(
            f'Give a question, e.g. faqbot ask "{article.example_question}" (or use --json to read stdin).', EXIT_USAGE
        )
    for raw in stdin.buffer if hasattr(stdin, "buffer") else stdin:
        line = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        answer = ask(line.rstrip("\r\n"))
        out.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
        out.flush()
    return EXIT_OK


def cmd_queue(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    """What moderators see with `/faqmod unanswered`, from the bot's data folder."""
    from bot.core.queue import group_questions, most_frequent, queued, with_nearest

    settings = _settings()
    engine = _engine(settings)
    records = composition.records(settings)
    try:
        items = queued(records)
    finally:
        records.close()
    everything = most_frequent(group_questions(items, engine.matcher.vocabulary))
    groups = with_nearest(everything if args.all else everything[:QUEUE_SHOWN], engine)
    if args.json:
        for group in groups:
            closest = {"id": group.nearest.id, "question": group.nearest.question} if group.nearest else None
            row = {
                "question": group.question,
                "count": group.count,
                "reasons": sorted(group.reasons),
                "nearest": closest,
                "questions": group.questions,
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return EXIT_OK
    if not everything:
        out.write("Nothing waiting. Members' questions all found answers.\n")
        return EXIT_OK
    total = sum(g.count for g in everything)
    out.write(
        f"{total} question{'s' if total != 1 else ''} in {len(everything)} group{'s' if len(everything) != 1 else ''}"
        ", declined or marked not helpful, grouped by similarity, most frequent first:\n"
    )
    width = len(str(groups[0].count)) + 1
    for group in groups:
        out.write(f"{f'{group.count}×':>{width}} {group.question}\n")
        nearest = f"nearest: {group.nearest.id} ({group.nearest.question})" if group.nearest else "nearest: none"
        out.write(f"{'':>{width}} {', '.join(sorted(group.reasons))} · {nearest}\n")
    if len(groups) < len(everything):
        out.write(f"…and {len(everything) - len(groups)} more groups (faqbot queue --all lists them).\n")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    """What `/faqmod stats` shows, from the bot's data folder; ``--chart`` also writes its PNG."""
    from bot.core.insight import LABELS, STATUSES, stats

    settings = _settings()
    engine = _engine(settings)
    records = composition.records(settings)
    try:
        figures = stats(records, engine, args.days)
    finally:
        records.close()
    out.write(f"The last {figures.days} day{'s' if figures.days != 1 else ''} (UTC): {figures.asked} questions\n")
    for status in STATUSES:
        out.write(f"  {LABELS[status]:<13} {figures.totals[status]:>6}  {figures.rate(status):>4.0%}\n")
    out.write(f"Open unanswered: {figures.open_unanswered}\n")
    if figures.top:
        out.write("Most asked:\n")
        for entry_id, count in figures.top:
            out.write(f"  {count:>6}× {entry_id}\n")
    out.write("Per day: " + " ".join(f"{d.day.isoformat()}={d.total}" for d in figures.daily if d.total) + "\n")
    if args.chart:
        from bot.core.chart import stats_png

        Path(args.chart).write_bytes(stats_png(figures))
        out.write(f"Chart written to {args.chart}\n")
    return EXIT_OK


def cmd_export_records(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    """What `/faqmod export` attaches, without Discord's size limit: one file per kind in a folder."""
    from bot.core.insight import KINDS, export_records

    settings = _settings()
    records = composition.records(settings)
    try:
        files = export_records(records, list(KINDS) if args.what == "records" else [args.what], args.format, args.days)
    finally:
        records.close()
    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    for file in files:
        (folder / file.name).write_bytes(file.data)
        out.write(f"{folder / file.name}: {file.rows} rows\n")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    settings = _settings()
    path = Path(args.path) if args.path else settings.faq_path
    vocabulary_path = Path(args.vocabulary) if args.vocabulary else settings.vocabulary_path
    code = EXIT_OK
    faq: FAQ | None = None
    vocabulary: Vocabulary | None = None
    vocabulary_error: FAQError | None = None
    try:
        faq = load(path, settings.article_path)
    except FAQError as exc:
        _problems(out, path, exc)
        code = EXIT_INVALID
    try:
        vocabulary = load_vocabulary(vocabulary_path)
    except FAQError as exc:
        vocabulary_error = exc
    if faq is not None:
        # The FAQ's own synonyms are read on top of the vocabulary: one that it would ignore is a problem.
        problems = (
            check_faq_synonyms(faq.synonyms, vocabulary, source=path.name, lines=faq.synonym_lines)
            if vocabulary is not None
            else []
        )
        if problems:
            _problems(out, path, FAQError(problems))
            code = EXIT_INVALID
        else:
            quotes = sum(len(e.citations) for e in faq.entries)
            count = len(faq.synonyms)
            synonyms = f", {count} synonym{'s' if count != 1 else ''}" if count else ""
            out.write(
                f"{path}: OK: {len(faq.entries)} entries in {len(faq.topics)} topics, {quotes} quotes, all verbatim"
                f"{synonyms}\n"
            )
    if vocabulary_error is not None:
        _problems(out, vocabulary_path, vocabulary_error)
        code = EXIT_INVALID
    elif vocabulary is not None:
        out.write(f"{vocabulary_path}: OK: {vocabulary.describe()}\n")
    return code


def _problems(out: TextIO, path: Path, error: FAQError) -> None:
    count = len(error.problems)
    out.write(f"{path}: {count} problem{'s' if count != 1 else ''}\n")
    for problem in error.problems:
        out.write(f"  {problem}\n")


def cmd_eval(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from bot.core.evaluation import EvalFileError, evaluate, read_cases

    settings = _settings()
    engine = _engine(settings)
    try:
        cases = [case for path in args.questions for case in read_cases(Path(path))]
    except EvalFileError as exc:
        raise CLIError(str(exc), EXIT_USAGE) from exc
    report = evaluate(engine, cases)
    names = {
        "in_scope": "in-scope answered correctly",
        "off_topic": "off-topic declined",
        "near_miss": "near-miss not answered",
    }
    for group, label in names.items():
        right, total = report.rate(group)
        if total:
            out.write(f"{label:<30} {right}/{total} ({right / total:.1%})\n")
    out.write(f"{'quotes not verbatim':<30} {report.unverified_quotes(engine.faq.article)}\n")
    out.write(f"{'latency p50 / p99':<30} {report.latency_us(0.5):.0f} µs / {report.latency_us(0.99):.0f} µs\n")
    styles = report.by_style()
    if styles:
        out.write("\nIn scope, by style:\n")
        for style, (right, total) in styles.items():
            out.write(f"  {style:<14} {right:>3}/{total:<3} ({right / total:.0%})\n")
    out.write(_confidence_table(report.confidence(), engine.thresholds.answer))
    if report.misses:
        out.write("\nMisses:\n")
        for miss in report.misses:
            got = miss.answer
            shown = (
                f"{got.status} {got.entry.id if got.entry else ''} ¶{','.join(str(c.paragraph) for c in got.citations)}"
            ).strip()
            if got.suggestions and not got.answered:
                shown += " (suggested: " + ", ".join(s.entry.id for s in got.suggestions) + ")"
            expected = "¶" + ",".join(map(str, miss.case.expect)) if miss.case.expect else "declined"
            style = f" ({miss.case.style})" if miss.case.style else ""
            out.write(
                f"  [{miss.case.group}]{style} {miss.case.question!r}: expected {expected}, got {shown} "
                f"(score {got.score:.2f})\n"
            )
    if args.all:
        out.write("\nAll questions:\n")
        for outcome in report.outcomes:
            mark = "ok " if outcome.right else "MISS"
            out.write(
                f"  {mark} {outcome.seconds * 1e6:7.0f} µs  {outcome.answer.score:.2f} "
                f"{outcome.answer.status:<11} {outcome.case.question}\n"
            )
    return EXIT_OK


def _confidence_table(classes: dict[str, list[float]], threshold: float) -> str:
    """How many questions of each outcome had their best score in each band: where right and wrong answers
    overlap is where the answer threshold has to choose."""
    bands = [(0.0, 0.4), (0.4, 0.5), (0.5, 0.55), (0.55, 0.6), (0.6, 0.65), (0.65, 0.7), (0.7, 0.8), (0.8, 1.01)]
    lines = [f"\nBest score by outcome (answer threshold {threshold:.2f}):", "  " + f"{'score':<11}"]
    lines[-1] += "".join(f"{name:>16}" for name in classes)
    for low, high in bands:
        row = f"  {low:.2f}-{min(high, 1.0):.2f}  "
        row += "".join(f"{sum(low <= x < high for x in scores):>16}" for scores in classes.values())
        lines.append(row)
    return "\n".join(lines) + "\n"


def cmd_coverage(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from bot.core.evaluation import uncited

    faq = _load(_settings())
    missing = uncited(faq)
    paragraphs = len(faq.article.paragraphs)
    whole = sorted({u.paragraph for u in missing if u.whole_paragraph})
    sentences = sum(len(s) for s in faq.article.sentences)
    out.write(f"Paragraphs cited: {paragraphs - len(whole)}/{paragraphs}\n")
    out.write(f"Sentences cited: {sentences - len(missing)}/{sentences}\n")
    if whole:
        out.write(f"Paragraphs no entry cites: {', '.join(map(str, whole))}\n")
    if missing:
        out.write("Sentences no entry cites:\n")
        for item in missing:
            out.write(wrap(f"¶{item.paragraph}: {item.sentence}", "  ") + "\n")
    return EXIT_OK


def cmd_console(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from bot.console import Console

    settings = _settings()
    return Console(_engine(settings), out=out, stdin=stdin).run()


NO_TOKEN = (
    "No Discord token. Put your bot token in DISCORD_TOKEN in .env (see .env.example), "
    "or try the bot without Discord: faqbot console"
)


def _app(settings: Settings) -> composition.App:
    # Every problem of the FAQ and the vocabulary, clearly, before anything else.
    faq, vocabulary = _load(settings), _vocabulary(settings)
    try:
        return composition.build(settings, faq, vocabulary)
    except FAQError as exc:  # the newest revision in the database no longer passes (the article changed?)
        raise CLIError(
            f"The FAQ in the database has problems; fix them in a file and load it with `faqbot import`.\n{exc}"
        ) from exc


def _with_shards(settings: Settings, args: argparse.Namespace) -> Settings:
    """The settings with `--shards` and `--shard-count` in place of FAQBOT_SHARD_IDS and FAQBOT_SHARD_COUNT;
    a problem is one line naming what the person set."""
    from bot.settings import count, shard_list, shard_problem

    try:
        ids = shard_list("--shards", args.shards) if args.shards is not None else settings.shard_ids
        total = count("--shard-count", args.shard_count) if args.shard_count is not None else settings.shard_count
    except SettingsError as exc:
        raise CLIError(str(exc), EXIT_USAGE) from exc
    if args.shards is not None and ids is None:
        raise CLIError("--shards needs shard ids or ranges like 0-3 or 0,2,5", EXIT_USAGE)
    ids_name = "--shards" if args.shards is not None else "FAQBOT_SHARD_IDS"
    from_env = args.shard_count is None and settings.shard_count is not None
    count_name = "FAQBOT_SHARD_COUNT" if from_env else "--shard-count"
    problem = shard_problem(ids, total, ids_name, count_name)
    if problem is not None:
        raise CLIError(problem, EXIT_USAGE)
    return replace(settings, shard_ids=ids, shard_count=total)


def cmd_run(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    settings = _with_shards(_settings(verbose=args.verbose), args)
    if not settings.token:
        raise CLIError(NO_TOKEN, EXIT_USAGE)
    app = _app(settings)
    from bot.discordbot.runner import run

    return run(app)


def cmd_sync(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    settings = _settings(verbose=args.verbose)
    if not settings.token:
        raise CLIError(NO_TOKEN, EXIT_USAGE)
    app = _app(settings)
    from bot.discordbot.runner import sync

    return sync(app, args.guild)


def cmd_migrate(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    """Import the JSON Lines files of the data folder into the configured database, once."""
    from bot.core.storage.jsonl import import_folder

    settings = _settings()
    folder = Path(args.data_dir).expanduser() if args.data_dir else settings.data_dir
    storage = composition.storage(settings)
    try:
        results = import_folder(storage, folder)
    finally:
        storage.close()
    out.write(f"Into {storage.description}, from {folder}:\n")
    for result in results:
        if not result.found:
            out.write(f"  {result.file.name}: not there\n")
            continue
        damaged = f", {result.damaged} damaged lines skipped" if result.damaged else ""
        out.write(f"  {result.file.name}: {result.imported} imported, {result.already} already there{damaged}\n")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    """Write the FAQ in service to a file: with a database, its newest revision (the file is how people review
    and edit it); without, the FAQ file as the bot serves it."""
    from bot.core.store import _atomic_write

    settings = _settings()
    found = composition.newest_text(settings)
    if found is None:
        raise CLIError("The database holds no FAQ yet: the first `faqbot run` (or `faqbot import`) stores it.")
    text, what = found
    if args.path == "-":
        out.write(text)
        return EXIT_OK
    target = Path(args.path).expanduser() if args.path else settings.faq_path
    try:
        _atomic_write(target, text)
    except OSError as exc:
        raise CLIError(f"Could not write {target}: {exc.strerror or exc}") from exc
    out.write(f"Wrote {what} to {target}.\n")
    return EXIT_OK


def cmd_import(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    """Load a FAQ file as the next revision (audited, undoable); running bots serve it."""
    from bot.core.store import ConflictError, SaveError, SavingPaused, replace_all

    settings = _settings()
    path = Path(args.path).expanduser()
    faq = _load(settings, path)
    store = composition.revisions(settings, vocabulary=_vocabulary(settings))
    try:
        store.save(replace_all(faq.to_data(), path.name))
    except (ConflictError, SaveError, SavingPaused) as exc:
        raise CLIError(f"Not imported: {exc}") from exc
    except FAQError as exc:
        raise CLIError(f"Not imported: {exc}") from exc
    finally:
        store.close()
    out.write(f"Imported {path}: {len(faq)} entries, served by every running bot.\n")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="faqbot",
        description="A Discord FAQ bot that answers from one article, with verbatim quotes.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="run the Discord bot (needs DISCORD_TOKEN in .env)",
        description="Run the Discord bot. Slash commands are registered separately, once: faqbot sync.",
    )
    run.add_argument(
        "--shards",
        metavar="IDS",
        help="run only these shards in this process: ranges and ids such as 0-3 or 0,2,5 (with --shard-count); "
        "direct messages go to the process holding shard 0",
    )
    run.add_argument(
        "--shard-count", metavar="N", help="the total number of shards across all processes (the same in each)"
    )
    run.set_defaults(handler=cmd_run)

    sync = sub.add_parser("sync", help="register the slash commands with Discord, globally or in one server")
    sync.add_argument("--guild", type=int, metavar="ID", help="sync to this server only (instant, for testing)")
    sync.set_defaults(handler=cmd_sync)

    ask = sub.add_parser("ask", help="answer one question (or, with --json, one per line from stdin)")
    ask.add_argument("question", nargs="*", help="the question; omit it with --json to read stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument(
        "--record",
        action="store_true",
        help="keep the questions as the bot does (declined ones go to the moderators' queue)",
    )
    ask.set_defaults(handler=cmd_ask)

    queue = sub.add_parser("queue", help="what moderators see in the unanswered queue, from the bot's data folder")
    queue.add_argument("--json", action="store_true", help="print one JSON object per group")
    queue.add_argument("--all", action="store_true", help=f"list every group, not only the first {QUEUE_SHOWN}")
    queue.set_defaults(handler=cmd_queue)

    stats = sub.add_parser("stats", help="questions per day, outcomes and most asked entries, as /faqmod stats")
    stats.add_argument("--days", type=int, default=30, help="the last this many days, today included (default 30)")
    stats.add_argument("--chart", metavar="FILE", help="also write the chart as a PNG")
    stats.set_defaults(handler=cmd_stats)

    export_records = sub.add_parser(
        "export-records", help="write what members asked, the unanswered questions and the feedback as CSV or JSON"
    )
    export_records.add_argument(
        "--what", choices=["records", "asks", "unanswered", "feedback"], default="records", help="default: all three"
    )
    export_records.add_argument("--format", choices=["csv", "json"], default="csv", help="default: csv")
    export_records.add_argument("--days", type=int, default=30, help="the last this many days (0: everything kept)")
    export_records.add_argument("--out", metavar="FOLDER", default=".", help="where to write (default: here)")
    export_records.set_defaults(handler=cmd_export_records)

    migrate = sub.add_parser(
        "migrate", help="import the JSON Lines records of an older version into the database (safe to repeat)"
    )
    migrate.add_argument("--data-dir", metavar="PATH", help="where the .jsonl files are (default: FAQBOT_DATA_DIR)")
    migrate.set_defaults(handler=cmd_migrate)

    export = sub.add_parser("export", help="write the FAQ in service to a file (with a database: its newest revision)")
    export.add_argument("path", nargs="?", help="where to write it (default: the FAQ file; - for the output)")
    export.set_defaults(handler=cmd_export)

    import_ = sub.add_parser("import", help="load a FAQ file as a new revision, served by every running bot")
    import_.add_argument("path", help="the FAQ file to load")
    import_.set_defaults(handler=cmd_import)

    console = sub.add_parser("console", help="chat with the bot in the terminal, no Discord needed")
    console.set_defaults(handler=cmd_console)

    validate = sub.add_parser("validate", help="check the FAQ and the vocabulary and list every problem")
    validate.add_argument("path", nargs="?", help="the FAQ file (default: the configured one)")
    validate.add_argument("--vocabulary", metavar="PATH", help="the vocabulary file (default: the configured one)")
    validate.set_defaults(handler=cmd_validate)

    evaluate = sub.add_parser("eval", help="measure the matcher on labelled questions (one or more files)")
    evaluate.add_argument("questions", nargs="+", help="YAML files with in_scope, off_topic and near_miss lists")
    evaluate.add_argument("--all", action="store_true", help="list every question with its score")
    evaluate.set_defaults(handler=cmd_eval)

    coverage = sub.add_parser("coverage", help="list the article's paragraphs and sentences no entry cites")
    coverage.set_defaults(handler=cmd_coverage)

    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, stdin: TextIO | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out = out or sys.stdout
    stdin = stdin or sys.stdin
    handler = logs.StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logs.install(handler, logging.DEBUG if args.verbose else logging.WARNING)
    if not getattr(args, "handler", None):
        parser.print_help(out)
        return EXIT_USAGE
    try:
        return int(args.handler(args, out, stdin))
    except CLIError as exc:
        print(f"faqbot: {exc}", file=sys.stderr)
        return exc.code
    except StorageError as exc:
        print(f"faqbot: the database is unreachable: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
