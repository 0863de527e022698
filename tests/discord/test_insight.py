"""Insight for moderators, end to end through the stand-in: the statistics chart, the record exports, the note about
a declined question that keeps coming back, and an entry's id typed as a prefix command."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import struct
import time
import zlib
from typing import Any

import pytest
import yaml
from PIL import Image

from bot.core.records import DAY, Place
from tests.discord.conftest import Harness
from tests.discord.standin import EPHEMERAL, InteractionState

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HERE = Place(1, 2)


def opt(name: str, value: Any, kind: int = 3) -> dict[str, Any]:
    return {"name": name, "type": kind, "value": value}


async def mod(harness: Harness, command: str, *options: dict[str, Any], limit: int | None = None) -> InteractionState:
    """A moderator's `/faqmod COMMAND`; ``limit``: the attachment size limit Discord tells the bot for it."""
    standin = harness.standin
    found = standin._command("faqmod", True)
    data = {
        "id": found["id"],
        "name": "faqmod",
        "type": 1,
        "options": [{"name": command, "type": 1, "options": list(options)}],
    }
    if found.get("guild_id"):
        data["guild_id"] = found["guild_id"]
    payload = standin.interaction_payload(2, data, user=standin.moderator, moderator=True)
    if limit is not None:
        payload["attachment_size_limit"] = limit
    return await standin.interact(payload)


@pytest.fixture
def settings_changes(standin: Any) -> dict[str, Any]:
    return {"home_guild_ids": frozenset({int(standin.guild_id)}), "moderator_role": "Moderator"}


def png_size(data: bytes) -> tuple[int, int]:
    """Decode a PNG by hand (chunks, CRCs, zlib): its width and height, after checking every row is there."""
    assert data[:8] == PNG_SIGNATURE
    position, chunks, idat = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append(kind)
        if kind == b"IDAT":
            idat += body
        position += 12 + length
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND"
    ihdr = data[16:29]
    width, height, depth, colour = struct.unpack(">IIBB", ihdr[:10])
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(idat)
    assert len(raw) == height * (1 + (width * channels * depth + 7) // 8)  # a filter byte and the pixels per row
    return width, height


# --- /faqmod stats ------------------------------------------------------------------------------------------------


async def test_stats_attach_a_png_chart_with_the_right_totals(harness: Harness) -> None:
    standin = harness.standin
    for question in ("davos meeting", "davos", "irgc", "recipe for biryani"):
        await standin.slash("ask", [opt("question", question)])
    # Three days ago: inside a 7-day window, outside a 1-day one.
    old = time.time() - 3 * DAY
    harness.bot.records.storage.append(
        [("asks", {"time": old, "entry": "irgc", "status": "answered"}), ("asks", {"time": old, "status": "partial"})]
    )

    week = await mod(harness, "stats", opt("days", 7, 4))
    message = await harness.reply(week)
    assert message["flags"] & EPHEMERAL
    embed = message["embeds"][0]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert embed["title"] == "FAQ statistics: the last 7 days (UTC)"
    assert fields["Questions asked"] == "6" and fields["Answer rate"] == "67%"
    assert fields["Outcomes"] == "answered 4 (67%) · partial 1 (17%) · did you mean 0 (0%) · declined 1 (17%)"
    most = fields["Most asked"].splitlines()
    assert most[0].startswith("2× What happened at Davos") and most[1].startswith("2× ")  # ties: by id
    assert embed["image"]["url"] == "attachment://faq-stats.png"
    files = standin.attached(message)
    assert list(files) == ["faq-stats.png"]
    png = files["faq-stats.png"]
    assert png_size(png) == (900, 520)
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG" and image.size == (900, 520)
    colours = {colour for _, colour in image.convert("RGB").getcolors(900 * 520) or []}
    assert {(46, 160, 67), (219, 154, 4), (218, 55, 60)} <= colours  # answered, partial and declined bars drawn

    today = await mod(harness, "stats", opt("days", 1, 4))
    fields = {f["name"]: f["value"] for f in (await harness.reply(today))["embeds"][0]["fields"]}
    assert fields["Questions asked"] == "4" and fields["Answer rate"] == "75%"


# --- /faqmod export -----------------------------------------------------------------------------------------------

TRICKY = 'a "quoted", comma\nnew line, ünïcode ✓ and =1+1'


def write_records(harness: Harness) -> None:
    """Asks, unanswered questions and votes: some today, one kind of each 40 days ago (outside a 30-day window)."""
    records = harness.bot.records
    records.add_ask("airspace", "answered")
    records.add_ask(None, "not_covered")
    records.add_unanswered(TRICKY, "not_covered", ["airspace", "davos-meeting"], HERE)
    records.add_unanswered("who won the world cup", "ambiguous", [], Place())
    records.add_feedback("airspace", True, "did pia fly over iran", HERE)
    records.add_feedback("irgc", False, TRICKY, Place(name="cli"))
    old = time.time() - 40 * DAY
    records.storage.append(
        [
            ("asks", {"time": old, "entry": "irgc", "status": "answered"}),
            ("unanswered", {"time": old, "question": "old", "status": "not_covered", "suggestions": [], "place": "dm"}),
            ("feedback", {"time": old, "entry": "irgc", "helpful": True, "question": "old", "place": "dm"}),
        ]
    )


def written(harness: Harness, kind: str, since: float) -> list[dict[str, Any]]:
    assert harness.bot.records.writer.flush()
    return [row for row in harness.bot.records.storage.rows(kind) if row["time"] >= since]


def from_csv(kind: str, text: str) -> list[dict[str, Any]]:
    rows = []
    for row in csv.DictReader(io.StringIO(text, newline="")):
        parsed: dict[str, Any] = {"time": float(row["time"])}
        if kind == "asks":
            parsed.update(entry=row["entry"] or None, status=row["status"])
        elif kind == "unanswered":
            suggestions = row["suggestions"].split()
            parsed.update(question=row["question"], status=row["status"], suggestions=suggestions, place=row["place"])
        else:
            helpful = {"true": True, "false": False}[row["helpful"]]
            parsed.update(entry=row["entry"], helpful=helpful, question=row["question"], place=row["place"])
        rows.append(parsed)
    return rows


@pytest.mark.parametrize("fmt", ["csv", "json"])
async def test_export_records_parse_back_to_the_records_written(harness: Harness, fmt: str) -> None:
    write_records(harness)
    state = await mod(harness, "export", opt("what", "records"), opt("format", fmt), opt("days", 30, 4))
    message = await harness.reply(state)
    assert message["flags"] & EPHEMERAL
    assert (
        message["content"]
        == f"Records from the last 30 days (UTC), as {fmt.upper()}: 2 asks, 2 unanswered, 2 feedback."
    )
    files = harness.standin.attached(message)
    assert sorted(files) == [f"asks.{fmt}", f"feedback.{fmt}", f"unanswered.{fmt}"]
    since = time.time() - 29 * DAY
    for kind in ("asks", "unanswered", "feedback"):
        text = files[f"{kind}.{fmt}"].decode("utf-8")
        if fmt == "csv":
            back = from_csv(kind, text)
        else:
            back = [{k: v for k, v in row.items() if k != "utc"} for row in json.loads(text)]
        assert back == written(harness, kind, since), kind
        assert len(back) == 2


async def test_export_of_everything_and_of_one_kind(harness: Harness) -> None:
    write_records(harness)
    everything = await mod(harness, "export", opt("what", "unanswered"), opt("format", "json"), opt("days", 0, 4))
    message = await harness.reply(everything)
    assert message["content"] == "Records from everything kept, as JSON: 3 unanswered."
    rows = json.loads(harness.standin.attached(message)["unanswered.json"])
    assert sorted(r["question"] for r in rows) == sorted([TRICKY, "who won the world cup", "old"])
    faq = await mod(harness, "export")  # still the FAQ by default
    assert list(harness.standin.attached(await harness.reply(faq))) == ["faq.yaml"]


async def test_export_is_trimmed_to_discords_attachment_limit_and_says_so(harness: Harness) -> None:
    records = harness.bot.records
    start = time.time() - 3600
    records.storage.append(
        [("asks", {"time": start + i, "entry": "airspace", "status": "answered"}) for i in range(400)]
    )
    state = await mod(harness, "export", opt("what", "asks"), opt("format", "csv"), limit=4096)
    message = await harness.reply(state)
    assert "Trimmed to fit Discord's attachment limit" in message["content"]
    data = harness.standin.attached(message)["asks.csv"]
    assert len(data) <= 4096
    back = from_csv("asks", data.decode())
    kept = len(back)
    assert 0 < kept < 400 and f"left out ({400 - kept} of 400 asks)" in message["content"]
    assert [r["time"] for r in back] == [start + i for i in range(400 - kept, 400)]  # the newest rows stay


# --- the note about a declined question that comes back ---------------------------------------------------------


@pytest.fixture
def notes(harness: Harness) -> Any:
    """The moderation cog's check of declined questions, to wait for."""

    async def settled() -> None:
        cog: Any = harness.bot.get_cog("Moderation")
        await asyncio.sleep(0.05)  # the check is scheduled with call_soon_threadsafe
        while cog._notes_task is not None and not cog._notes_task.done():
            await asyncio.sleep(0.02)

    return settled


def mod_log(harness: Harness) -> list[str]:
    standin = harness.standin
    return [
        m["content"]
        for m in standin.messages.values()
        if m["channel_id"] == standin.channel_id and m["content"].startswith("Asked ")
    ]


@pytest.mark.parametrize(
    "settings_changes",
    [{"declined_note_count": 3}],
)
async def test_a_declined_question_asked_n_times_is_noted_once_a_day(harness: Harness, notes: Any) -> None:
    from dataclasses import replace

    standin = harness.standin
    harness.bot.settings = replace(harness.bot.settings, mod_log_channel_id=int(standin.channel_id))
    wordings = ["recipe for biryani", "recipe for biryani?", "Recipe for biryani please", "recipe for biryani!!"]
    for question in wordings[:2]:
        await standin.slash("ask", [opt("question", question)])
    await standin.slash("ask", [opt("question", "who won the world cup")])  # another question: its own group
    await notes()
    assert mod_log(harness) == []  # two of three
    await standin.slash("ask", [opt("question", wordings[2])])
    await notes()
    assert mod_log(harness) == [
        "Asked 3 times today and declined: “recipe for biryani” (and 2 other wordings). "
        "Add it to the FAQ or dismiss it with `/faqmod unanswered`."
    ]
    for _ in range(2):
        await standin.slash("ask", [opt("question", wordings[3])])
    await notes()
    assert len(mod_log(harness)) == 1  # not again the same day
    sent = next(m for m in standin.messages.values() if m["content"].startswith("Asked "))
    assert sent["_request"]["allowed_mentions"] == {"parse": []}


@pytest.mark.parametrize("settings_changes", [{"declined_note_count": 0}])
async def test_the_note_can_be_turned_off(harness: Harness, notes: Any) -> None:
    from dataclasses import replace

    standin = harness.standin
    harness.bot.settings = replace(harness.bot.settings, mod_log_channel_id=int(standin.channel_id))
    for _ in range(6):
        await standin.slash("ask", [opt("question", "recipe for biryani")])
    await notes()
    assert mod_log(harness) == []


# --- `!entry-id` --------------------------------------------------------------------------------------------------


async def say(harness: Harness, content: str, **kwargs: Any) -> list[dict[str, Any]]:
    """Everything the bot posted about a message once it has finished handling it (a double answer included)."""
    return await harness.said(content, **kwargs)


def embed_title(message: dict[str, Any]) -> str:
    return str(message["_request"]["embeds"][0]["title"])


@pytest.mark.parametrize("settings_changes", [{"message_content": True}])
async def test_an_entry_id_as_a_prefix_command_shows_the_entry(harness: Harness) -> None:
    faq = harness.bot.engine.faq
    [shown] = await say(harness, "!airspace")
    assert embed_title(shown) == faq.get("airspace").question  # type: ignore[union-attr]
    assert "topic:" in shown["_request"]["embeds"][0]["footer"]["text"]  # the entry, as /faq show shows it
    assert shown["_request"]["allowed_mentions"] == {"parse": [], "replied_user": False}
    [hyphen] = await say(harness, "!davos-meeting")
    assert embed_title(hyphen) == faq.get("davos-meeting").question  # type: ignore[union-attr]
    assert await harness.said("!no-such-entry") == []
    assert await harness.said("!recipe") == []
    [dm] = await say(harness, "!irgc", guild=False)  # once in a DM: not also answered as a question
    assert embed_title(dm) == faq.get("irgc").question  # type: ignore[union-attr]
    assert harness.bot.records.asks() == []  # showing an entry is not a question asked


@pytest.mark.parametrize("settings_changes", [{"message_content": True}])
async def test_real_commands_come_before_an_entry_with_their_name(harness: Harness) -> None:
    service = harness.bot.service
    data = yaml.safe_load(service.store.path.read_text())
    entry = dict(
        data["entries"][0], id="about", question="What is this bot about?", alternates=[], asked=[], related=[]
    )
    data["entries"].append(entry)
    service.store.path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert service.reload().faq is not None and harness.bot.engine.faq.get("about") is not None
    [about] = await say(harness, "!about")
    assert about["embeds"][0]["title"] == "About this bot"


async def test_without_prefix_commands_an_entry_id_is_silent(harness: Harness) -> None:
    assert await harness.said("!airspace") == []
    [dm] = await say(harness, "!airspace", guild=False)  # a DM is a question, as before
    assert "topic:" not in dm["embeds"][0].get("footer", {}).get("text", "")
    assert len(harness.bot.records.asks()) == 1
