"""Auto-answer's core: which messages read as questions, the per-channel cooldown memory, the channels' settings."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.core.article import Article
from bot.core.autoanswer import AUTO_ANSWER, ChannelSettings, RecentAnswers, Seen, looks_like_question
from bot.core.storage import SQLiteStorage
from bot.core.storage.base import Row
from bot.core.store import FAQStore


@pytest.mark.parametrize(
    "text",
    [
        "why did iran attack pakistan?",
        "Why did Iran attack Pakistan",  # no question mark
        "what was the operation called",
        "how did it end",
        "did they recall the ambassador",
        "Is Iran still at odds with Pakistan",  # an auxiliary and a name
        "anyone know why the ambassador was recalled",
        "does anybody know what the IRGC is",
        "hey guys, why did they strike back",
        "quick question: was anyone hurt",
        "I was wondering why pakistan closed its airspace",
        "can someone explain what happened at davos",
        "any idea what jaish al adl is",
        "Great article. Why did they strike though",  # the question is the second sentence
        "the airspace thing, what was that about?",
    ],
)
def test_questions_read_as_questions(text: str) -> None:
    assert looks_like_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "pakistan recalled its ambassador",
        "thanks, that helps a lot",
        "can't wait for the weekend",
        "was great talking to you all",
        "what a mess this whole thing was",
        "how cool is that",
        "why?",  # too short to match against the FAQ
        "ok?",
        "lol",
        "see https://example.com/why?q=1 for the details",  # the mark is in a link
        "> why did iran attack pakistan?\nagreed with this",  # the question is quoted, not asked
        "run `why --help` and look",
        "did " + "word " * 80 + "?",  # a wall of text is a discussion, not a FAQ question
        "",
    ],
)
def test_statements_and_noise_do_not(text: str) -> None:
    assert not looks_like_question(text)


def test_recent_answers_point_at_the_newest_answer_within_the_window() -> None:
    now = [100.0]
    recent = RecentAnswers(clock=lambda: now[0])
    recent.note(1, "airspace", "link-1")
    assert recent.within(1, "airspace", 60) is not None
    assert recent.within(1, "airspace", 60).link == "link-1"  # type: ignore[union-attr]
    assert recent.within(2, "airspace", 60) is None  # another channel
    assert recent.within(1, "irgc", 60) is None  # another entry
    assert recent.within(1, "airspace", 0) is None  # 0 turns it off
    now[0] += 61
    assert recent.within(1, "airspace", 60) is None
    recent.note(1, "airspace", "link-2")
    recent.forget("link-2")  # the answer was deleted: nothing to point at
    assert recent.within(1, "airspace", 60) is None


def test_recent_answers_and_seen_are_bounded() -> None:
    recent = RecentAnswers(limit=2)
    for channel in range(3):
        recent.note(channel, "e", f"l{channel}")
    assert recent.within(0, "e", 60) is None and recent.within(2, "e", 60) is not None
    seen = Seen(limit=2)
    assert seen.add(1) and not seen.add(1)
    seen.add(2)
    seen.add(3)
    assert 1 not in seen and 3 in seen


def test_a_reservation_lets_one_of_two_simultaneous_answers_through() -> None:
    now = [100.0]
    recent = RecentAnswers(clock=lambda: now[0])
    assert recent.reserve(1, "airspace", 60) is None  # the first may answer
    pending = recent.reserve(1, "airspace", 60)  # the second, before the first was sent: not again
    assert pending is not None and pending.pending
    recent.note(1, "airspace", "link-1")
    assert recent.reserve(1, "airspace", 60) == recent.within(1, "airspace", 60)  # now a link to point at
    assert recent.reserve(1, "irgc", 60) is None  # another entry
    recent.release(1, "irgc")  # its send failed: the next may answer
    assert recent.reserve(1, "irgc", 60) is None
    recent.release(1, "airspace")  # a sent answer is not released
    assert recent.within(1, "airspace", 60) is not None
    assert recent.reserve(2, "x", 0) is None and recent.reserve(2, "x", 0) is None  # cooldown off: no claim


class SlowStorage(SQLiteStorage):
    """A database that takes its time to write: ``append`` waits until the test lets it go."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.writing = threading.Event()
        self.go = threading.Event()

    def append(self, batch: Sequence[tuple[str, Row]]) -> None:
        self.writing.set()
        assert self.go.wait(10)
        super().append(batch)


def test_reading_the_channels_never_waits_for_a_write(tmp_path: Path) -> None:
    storage = SlowStorage(tmp_path / "faqbot.db")
    settings = ChannelSettings(storage)
    storage.go.set()
    settings.set(1, 9, True, user_id=7, where="#old")
    storage.go.clear()
    writer = threading.Thread(target=settings.set, args=(1, 10, True), kwargs={"user_id": 7, "where": "#help"})
    writer.start()
    assert storage.writing.wait(10)
    seen: list[list[int]] = []
    reader = threading.Thread(target=lambda: seen.append(settings.channels(1)))  # what the event loop does
    reader.start()
    reader.join(5)
    blocked = reader.is_alive()
    storage.go.set()
    writer.join(10)
    reader.join(10)
    assert not blocked, "channels() waited for the database write"
    assert seen == [[9]] and settings.channels(1) == [9, 10]


def test_channel_settings_persist_are_audited_and_undo_skips_them(
    tmp_path: Path, article: Article, faq_file: Path
) -> None:
    storage = SQLiteStorage(tmp_path / "faqbot.db")
    settings = ChannelSettings(storage)
    settings.load()
    assert settings.set(1, 10, True, user_id=7, where="#help")
    assert not settings.set(1, 10, True, user_id=7, where="#help")  # already on: nothing written
    assert settings.set(1, 11, True, user_id=7, where="#forum")
    assert settings.set(1, 11, False, user_id=8, where="#forum")
    assert settings.set(2, 20, True, user_id=9, where="#elsewhere")

    again = ChannelSettings(SQLiteStorage(tmp_path / "faqbot.db"))
    again.load()
    assert again.enabled(10) and not again.enabled(11) and again.enabled(20) and not again.enabled(None)
    assert again.channels(1) == [10] and again.channels(2) == [20]
    audit = [r for r in storage.rows("audit") if r["action"] == AUTO_ANSWER]
    assert [(r["user_id"], r["summary"]) for r in audit] == [
        (7, "auto-answer on in #help"),
        (7, "auto-answer on in #forum"),
        (8, "auto-answer off in #forum"),
        (9, "auto-answer on in #elsewhere"),
    ]
    store = FAQStore(faq_file, article, tmp_path, vocabulary_path=faq_file.parent / "vocabulary.yaml", storage=storage)
    assert store.last_change() is None  # a channel setting is not a FAQ change undo could revert
