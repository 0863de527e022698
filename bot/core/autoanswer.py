"""Answering without being called: which messages read as questions, where moderators turned it on, and the
memory that keeps the bot from answering the same thing twice in a row.

Everything here is plain Python: the Discord cog asks ``looks_like_question`` whether a message is worth matching,
``ChannelSettings`` whether its channel opted in, and ``RecentAnswers`` / ``Seen`` whether it already answered.
The heuristic errs on the side of silence: a false trigger in a busy channel costs more than a missed question,
which the member can still ask with ``/ask``.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.storage.base import Row, Storage

log = logging.getLogger(__name__)

# --- does it read as a question? ------------------------------------------------------------------------------

INTERROGATIVES = frozenset({"who", "whom", "whose", "what", "when", "where", "why", "how", "which", "wat", "wot"})
AUXILIARIES = frozenset(
    {
        "is", "are", "was", "were", "am", "do", "does", "did", "can", "could", "will", "would", "should", "shall",
        "has", "have", "had", "may", "might", "must", "isnt", "arent", "wasnt", "werent", "doesnt", "dont",
        "didnt", "cant", "couldnt", "wont", "wouldnt", "shouldnt", "hasnt", "havent", "hadnt",
    }
)  # fmt: skip
# What follows an auxiliary when it opens a question ("did they…", "is the…"), not a statement ("can't wait").
SUBJECTS = frozenset(
    {
        "i", "you", "u", "he", "she", "it", "we", "they", "anyone", "anybody", "someone", "somebody", "everyone",
        "everybody", "this", "that", "these", "those", "there", "the", "a", "an", "any", "some", "my", "your",
        "his", "her", "its", "our", "their", "ya", "yall", "people", "both", "either", "all",
    }
)  # fmt: skip
# Asking without a question word or mark: "anyone know…", "I was wondering…", "can someone explain…".
REQUESTS = re.compile(
    r"\b(?:any\s*(?:one|body)|some\s*(?:one|body)|does\s+any\s*(?:one|body))\s+(?:know|knows|explain|tell)\b"
    r"|\b(?:i\s+(?:was\s+|am\s+|m\s+)?wonder(?:ing)?|wondering)\s+(?:why|what|who|when|where|how|if|whether|about)\b"
    r"|\b(?:i\s+)?(?:would\s+like|want|need|wanna)\s+to\s+(?:know|understand)\b"
    r"|\bany\s+(?:idea|ideas|clue|clues)\s+(?:why|what|who|when|where|how|if|whether|about)\b"
    r"|\b(?:can|could)\s+(?:you|someone|somebody|anyone|anybody)\s+(?:please\s+)?(?:explain|tell)\b"
    r"|^(?:please\s+)?(?:explain|tell\s+me)\b"
)
# Openers people put before the question itself: "hey all, why…", "quick question: did…".
OPENERS = frozenset(
    {
        "hey", "hi", "hello", "yo", "so", "ok", "okay", "um", "uhh", "uh", "hmm", "guys", "all", "folks", "everyone",
        "people", "yall", "quick", "question", "qq", "also", "and", "but", "btw", "sorry", "pls", "please", "just",
        "real", "honest", "serious", "genuine", "dumb", "stupid", "noob", "there", "team", "friends",
    }
)  # fmt: skip
EXCLAMATIONS = re.compile(r"^(?:what\s+(?:a|an)|how\s+(?:cool|nice|sad|funny|weird|awesome|great|lovely))\b")
MIN_WORDS = 3
MAX_WORDS = 60  # a long message is a discussion, not a question the FAQ answers in a line

_CODE = re.compile(r"```.*?```|`[^`]*`", re.S)
_NOISE = re.compile(r"<(?:@[!&]?|#|a?:\w+:)\d+>|https?://\S+")
_QUOTED = re.compile(r"^\s*>.*$", re.M)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _words(text: str) -> list[str]:
    return [w.replace("'", "") for w in _WORD.findall(text.lower())]


def looks_like_question(text: str) -> bool:
    """Whether a chat message reads as a question worth matching against the FAQ: a question mark ending a
    sentence, a question word or an auxiliary followed by its subject first, or a request ("anyone know…").
    Quotes, code, links and mentions are ignored; very short or very long messages are not questions here."""
    text = _NOISE.sub(" ", _QUOTED.sub(" ", _CODE.sub(" ", text)))
    words = _words(text)
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return False
    if "?" in text:
        return True
    lowered = " ".join(words)
    if REQUESTS.search(lowered):
        return True
    return any(_opens_a_question(sentence) for sentence in re.split(r"[.!;:\n]+", text))


def _opens_a_question(sentence: str) -> bool:
    words = _words(sentence)
    while words and words[0] in OPENERS:
        words = words[1:]
    if len(words) < 2:
        return False
    first, second = words[0], words[1]
    if first in INTERROGATIVES:
        return not EXCLAMATIONS.match(" ".join(words))
    if first in AUXILIARIES:
        # "did they…", "is Iran…" (a name, capitalised as written), not "can't wait" or "was great".
        raw = re.findall(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?", sentence)
        named = any(w.replace("'", "").lower() == second and w[:1].isupper() for w in raw[1:])
        return second in SUBJECTS or named
    return False


# --- what was answered where, lately --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Earlier:
    """A public answer the bot gave: where it is (a link to show instead of answering again) and when. An empty
    link is an answer being sent right now (reserved, so a second one is not sent meanwhile)."""

    link: str
    at: float

    @property
    def pending(self) -> bool:
        """Whether the answer is still being sent (no link yet)."""
        return not self.link


class RecentAnswers:
    """The newest public answer about each entry in each channel, to point at instead of repeating it within a
    cooldown. Bounded: the oldest pairs are forgotten first. Safe from several threads."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, limit: int = 10_000) -> None:
        self._clock = clock
        self._limit = limit
        self._answers: OrderedDict[tuple[int, str], Earlier] = OrderedDict()
        self._lock = threading.Lock()

    def note(self, channel_id: int, entry_id: str, link: str) -> None:
        """Remember that ``entry_id`` was just answered publicly in ``channel_id``, at ``link``."""
        with self._lock:
            key = (channel_id, entry_id)
            self._answers.pop(key, None)
            self._answers[key] = Earlier(link, self._clock())
            while len(self._answers) > self._limit:
                self._answers.popitem(last=False)

    def within(self, channel_id: int, entry_id: str, seconds: float) -> Earlier | None:
        """The answer about ``entry_id`` in ``channel_id`` from the last ``seconds``, if there is one."""
        if seconds <= 0:
            return None
        with self._lock:
            earlier = self._answers.get((channel_id, entry_id))
        if earlier is None or self._clock() - earlier.at >= seconds:
            return None
        return earlier

    def reserve(self, channel_id: int, entry_id: str, seconds: float) -> Earlier | None:
        """Claim the right to answer ``entry_id`` in ``channel_id``: None when the caller may send it (and is then
        the only one until it calls ``note`` or ``release``), else the answer within ``seconds`` (perhaps still
        pending) to point at instead. Checked and claimed at once, so two questions at the same moment get one
        answer; with ``seconds`` <= 0 nothing is claimed."""
        if seconds <= 0:
            return None
        with self._lock:
            key = (channel_id, entry_id)
            earlier = self._answers.get(key)
            if earlier is not None and (earlier.pending or self._clock() - earlier.at < seconds):
                return earlier
            self._answers.pop(key, None)
            self._answers[key] = Earlier("", self._clock())
            while len(self._answers) > self._limit:
                self._answers.popitem(last=False)
            return None

    def release(self, channel_id: int, entry_id: str) -> None:
        """Give up a claim from ``reserve`` that was not sent (a no-op once ``note`` recorded the answer)."""
        with self._lock:
            earlier = self._answers.get((channel_id, entry_id))
            if earlier is not None and earlier.pending:
                del self._answers[(channel_id, entry_id)]

    def forget(self, link: str) -> None:
        """Drop the answer at ``link`` (it was deleted), so nothing points at a message that is gone."""
        with self._lock:
            for key in [k for k, v in self._answers.items() if v.link == link]:
                del self._answers[key]


class Seen:
    """A bounded set of ids (threads already answered in): the oldest are forgotten first."""

    def __init__(self, limit: int = 10_000) -> None:
        self._limit = limit
        self._ids: OrderedDict[int, None] = OrderedDict()

    def __contains__(self, item: object) -> bool:
        return item in self._ids

    def add(self, item: int) -> bool:
        """Add ``item``; False if it was already there (so two events racing for one thread answer once)."""
        if item in self._ids:
            return False
        self._ids[item] = None
        while len(self._ids) > self._limit:
            self._ids.popitem(last=False)
        return True


# --- where moderators turned it on ------------------------------------------------------------------------------

AUTO_ANSWER = "autoanswer"  # the setting's name in the channel_settings table and the audit log's action


class ChannelSettings:
    """Channels where auto-answer is on, kept in the storage (``channel_settings``: every change, newest wins) and
    cached in memory, so the message listener never waits for the database. Every change is also an audit record.
    ``load`` and ``set`` do I/O: call them off the event loop."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        # channel id -> guild id; replaced whole (copy on write), never changed in place, so readers on the event
        # loop take no lock and never wait for a write's database I/O.
        self._enabled: dict[int, int] = {}
        self._writing = threading.Lock()  # one change at a time (held across the I/O: only writers wait on it)

    def load(self) -> None:
        """Read the channels' state from the storage (the newest change to each channel wins)."""
        enabled: dict[int, int] = {}
        for row in self.storage.rows("channel_settings"):
            if row["setting"] != AUTO_ANSWER:
                continue
            if row["enabled"]:
                enabled[int(row["channel_id"])] = int(row["guild_id"])
            else:
                enabled.pop(int(row["channel_id"]), None)
        with self._writing:
            self._enabled = enabled

    def enabled(self, channel_id: int | None) -> bool:
        """Whether auto-answer is on in this channel."""
        return channel_id is not None and channel_id in self._enabled

    def count(self) -> int:
        """In how many channels auto-answer is on, in every server."""
        return len(self._enabled)

    def channels(self, guild_id: int) -> list[int]:
        """The channels of a server where auto-answer is on."""
        return sorted(c for c, g in self._enabled.items() if g == guild_id)

    def set(self, guild_id: int, channel_id: int, enabled: bool, *, user_id: int, where: str) -> bool:
        """Turn auto-answer on or off in a channel, with its audit record (one transaction); False, writing
        nothing, when it already was so. ``where`` names the channel in the audit summary. Raises StorageError."""
        with self._writing:
            if (channel_id in self._enabled) == enabled:
                return False
            now = time.time()
            state = "on" if enabled else "off"
            setting: Row = {
                "time": now,
                "guild_id": guild_id,
                "channel_id": channel_id,
                "setting": AUTO_ANSWER,
                "enabled": enabled,
                "user_id": user_id,
            }
            audit: Row = {
                "time": now,
                "user_id": user_id,
                "guild_id": guild_id,
                "action": AUTO_ANSWER,
                "entry": None,
                "before": {"channel": channel_id, "enabled": not enabled},
                "after": {"channel": channel_id, "enabled": enabled},
                "summary": f"auto-answer {state} in {where}",
            }
            self.storage.append([("channel_settings", setting), ("audit", audit)])
            changed = dict(self._enabled)
            if enabled:
                changed[channel_id] = guild_id
            else:
                changed.pop(channel_id, None)
            self._enabled = changed
            log.info("Auto-answer %s in channel %s (server %s) by %s", state, channel_id, guild_id, user_id)
            return True
