"""Settings from the environment and ``.env``; every one has a safe default except the token."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.matcher import Thresholds

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = PROJECT_ROOT / "knowledge"


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


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    prefix: str = "!"
    message_content: bool = False
    faq_path: Path = KNOWLEDGE / "faq.yaml"
    article_path: Path = KNOWLEDGE / "article.txt"
    vocabulary_path: Path = KNOWLEDGE / "vocabulary.yaml"
    data_dir: Path = PROJECT_ROOT / "data"
    thresholds: Thresholds = field(default_factory=Thresholds)
    log_level: str = "INFO"
    dev_guild_id: int | None = None
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    owner_ids: frozenset[int] = frozenset()
    home_guild_ids: frozenset[int] = frozenset()
    moderator_role: str | None = None
    mod_log_channel_id: int | None = None
    ask_rate: int = 5
    ask_per: float = 30.0
    watch_seconds: float = 5.0  # how often the bot looks for edits of faq.yaml and vocabulary.yaml on disk
    database_url: str | None = None  # PostgreSQL; None: SQLite in the data folder
    retention_days: int = 365  # what members did is kept this long; 0: for ever

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
        """Read settings from ``env`` (default: the process environment, after loading ``.env``)."""
        if env is None:
            if dotenv:
                from dotenv import load_dotenv

                found = dotenv_file()
                if found is not None:
                    load_dotenv(found, override=False)
            env = os.environ
        reader = _Reader(env)
        defaults = Thresholds()
        return cls(
            token=reader.text("DISCORD_TOKEN"),
            prefix=reader.text("FAQBOT_PREFIX") or "!",
            message_content=reader.boolean("FAQBOT_MESSAGE_CONTENT", False),
            faq_path=reader.path("FAQBOT_FAQ_PATH", KNOWLEDGE / "faq.yaml"),
            article_path=reader.path("FAQBOT_ARTICLE_PATH", KNOWLEDGE / "article.txt"),
            vocabulary_path=reader.path("FAQBOT_VOCABULARY_PATH", KNOWLEDGE / "vocabulary.yaml"),
            data_dir=reader.path("FAQBOT_DATA_DIR", PROJECT_ROOT / "data"),
            thresholds=Thresholds(
                answer=reader.fraction("FAQBOT_ANSWER_THRESHOLD", defaults.answer),
                ambiguous_margin=reader.fraction("FAQBOT_AMBIGUOUS_MARGIN", defaults.ambiguous_margin),
                suggest=reader.fraction("FAQBOT_SUGGEST_THRESHOLD", defaults.suggest),
            ),
            log_level=reader.level("FAQBOT_LOG_LEVEL", "INFO"),
            dev_guild_id=reader.integer("FAQBOT_DEV_GUILD_ID"),
            shard_count=reader.integer("FAQBOT_SHARD_COUNT"),
            shard_ids=reader.integers("FAQBOT_SHARD_IDS") or None,
            owner_ids=frozenset(reader.integers("FAQBOT_OWNER_IDS")),
            home_guild_ids=frozenset(reader.integers("FAQBOT_HOME_GUILD_IDS")),
            moderator_role=reader.text("FAQBOT_MODERATOR_ROLE"),
            mod_log_channel_id=reader.integer("FAQBOT_MOD_LOG_CHANNEL_ID"),
            ask_rate=reader.integer("FAQBOT_ASK_RATE") or 5,
            ask_per=float(reader.integer("FAQBOT_ASK_PER_SECONDS") or 30),
            database_url=reader.text("FAQBOT_DATABASE_URL"),
            retention_days=_default(reader.integer("FAQBOT_RETENTION_DAYS"), 365),
        )


def _default(value: int | None, default: int) -> int:
    return default if value is None else value


class _Reader:
    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env

    def text(self, name: str) -> str | None:
        value = self.env.get(name, "").strip()
        return value or None

    def boolean(self, name: str, default: bool) -> bool:
        value = self.text(name)
        if value is None:
            return default
        if value.lower() in {"1", "true", "yes", "on"}:
            return True
        if value.lower() in {"0", "false", "no", "off"}:
            return False
        raise SettingsError(f"{name} must be true or false, not {value!r}")

    def integer(self, name: str) -> int | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            number = int(value)
        except ValueError:
            raise SettingsError(f"{name} must be a whole number, not {value!r}") from None
        if number < 0:
            raise SettingsError(f"{name} must not be negative")
        return number

    def integers(self, name: str) -> tuple[int, ...]:
        value = self.text(name)
        if value is None:
            return ()
        try:
            return tuple(int(part) for part in value.replace(",", " ").split())
        except ValueError:
            raise SettingsError(f"{name} must be whole numbers separated by commas, not {value!r}") from None

    def fraction(self, name: str, default: float) -> float:
        value = self.text(name)
        if value is None:
            return default
        try:
            number = float(value)
        except ValueError:
            raise SettingsError(f"{name} must be a number between 0 and 1, not {value!r}") from None
        if not 0 <= number <= 1:
            raise SettingsError(f"{name} must be between 0 and 1, not {value}")
        return number

    def path(self, name: str, default: Path) -> Path:
        value = self.text(name)
        return Path(value).expanduser() if value else default

    def level(self, name: str, default: str) -> str:
        value = (self.text(name) or default).upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise SettingsError(f"{name} must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {value!r}")
        return value
