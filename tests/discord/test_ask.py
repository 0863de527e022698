"""Asking, end to end: slash, autocomplete, buttons, mentions, DMs, the message command, cooldowns, bad input."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from bot.core import Thresholds
from bot.discordbot import views
from tests.discord.conftest import Harness
from tests.discord.standin import EPHEMERAL


def q(text: str) -> list[dict[str, Any]]:
    return [{"name": "question", "type": 3, "value": text}]


def embed_of(response: dict[str, Any]) -> dict[str, Any]:
    return response["data"]["embeds"][0]


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message["components"] for c in row["components"] if "custom_id" in c]


def rows(harness: Harness, kind: str) -> list[dict[str, Any]]:
    """What the bot recorded, as stored (after what it buffered is written)."""
    assert harness.bot.records.writer.flush()
    return harness.bot.records.storage.rows(kind)


async def test_slash_ask_answers_with_verbatim_quotes_paragraphs_and_buttons(harness: Harness) -> None:
    state = await harness.standin.slash("ask", q("why did pakistan recall its ambassador?"))
    assert state.response["type"] == 4
    data = state.response["data"]
    embed = embed_of(state.response)
    assert embed["title"] == "What diplomatic steps did Pakistan take against Iran?"
    assert [f["name"] for f in embed["fields"]] == ["Paragraph 2", "Paragraph 3"]
    article = harness.bot.engine.faq.article.paragraphs
    for field in embed["fields"]:
        quote = field["value"].removeprefix("> ")
        assert quote in article[int(field["name"].split()[-1]) - 1]
    assert "confidence" in embed["footer"]["text"]
    assert data["allowed_mentions"]["parse"] == []
    message = harness.standin.messages[state.original_id]  # type: ignore[index]
    assert custom_ids(message) == [
        "related:airspace",
        "related:iranian-ambassador",
        "related:how-it-ended",
        "vote:yes",
        "vote:no",
        "delete:answer",
    ]
    assert not data.get("flags", 0) & EPHEMERAL  # answers are public


async def test_related_button_answers_privately(harness: Harness) -> None:
    state = await harness.standin.slash("ask", q("davos meeting"))
    message = harness.standin.messages[state.original_id]  # type: ignore[index]
    click = await harness.standin.click(message, "related:naval-exercise", user=harness.standin.other)
    assert click.response["type"] == 4
    assert click.response["data"]["flags"] & EPHEMERAL
    assert embed_of(click.response)["title"] == "What naval exercise were Iran and Pakistan holding?"


async def test_votes_are_recorded_once_per_user(harness: Harness) -> None:
    state = await harness.standin.slash("ask", q("davos meeting"))
    message = harness.standin.messages[state.original_id]  # type: ignore[index]
    first = await harness.standin.click(message, "vote:no")
    again = await harness.standin.click(message, "vote:yes")
    other = await harness.standin.click(message, "vote:yes", user=harness.standin.other)
    assert "Moderators will see" in first.response["data"]["content"]
    assert "already rated" in again.response["data"]["content"]
    assert "glad it helped" in other.response["data"]["content"]
    records = rows(harness, "feedback")
    assert [(r["entry"], r["helpful"]) for r in records] == [("davos-meeting", False), ("davos-meeting", True)]
    assert all("user" not in json.dumps(r) for r in records)  # nothing about who voted


async def test_not_covered_declines_with_suggestions_and_records_the_question(harness: Harness) -> None:
    state = await harness.standin.slash("ask", q("How many civilians died in Pakistan's strikes?"))
    embed = embed_of(state.response)
    assert embed["title"] == "Not covered"
    assert embed["description"].startswith("The article doesn't say.")
    assert "fields" not in embed or not embed["fields"]
    message = harness.standin.messages[state.original_id]  # type: ignore[index]
    assert custom_ids(message)[-1] == "delete:answer"
    assert all(cid.startswith("choice:") for cid in custom_ids(message)[:-1]) and custom_ids(message)[:-1]
    record = rows(harness, "unanswered")[-1]
    assert record["question"] == "How many civilians died in Pakistan's strikes?"
    assert record["status"] == "not_covered" and record["place"].endswith(harness.standin.channel_id)


async def test_did_you_mean_choice_by_asker_turns_the_message_into_the_answer(harness: Harness) -> None:
    harness.bot.engine.thresholds = Thresholds(answer=0.5, ambiguous_margin=0.5)
    state = await harness.standin.slash("ask", q("why did they strike"))
    assert embed_of(state.response)["title"] == "Did you mean…"
    message = harness.standin.messages[state.original_id]  # type: ignore[index]
    choices = custom_ids(message)
    assert len(choices) >= 2
    stranger = await harness.standin.click(message, choices[1], user=harness.standin.other)
    assert stranger.response["type"] == 4 and stranger.response["data"]["flags"] & EPHEMERAL
    assert harness.standin.messages[message["id"]]["embeds"][0]["title"] == "Did you mean…"  # unchanged
    mine = await harness.standin.click(message, choices[0])
    assert mine.response["type"] == 7
    updated = harness.standin.messages[message["id"]]
    assert updated["embeds"][0]["title"] != "Did you mean…"
    assert updated["embeds"][0]["fields"][0]["name"].startswith("Paragraph")


async def test_autocomplete_offers_at_most_25_questions_within_100_characters(harness: Harness) -> None:
    empty = await harness.standin.autocomplete("ask", [{**q("")[0], "focused": True}])
    assert len(empty) == 25
    typed = await harness.standin.autocomplete("ask", [{**q("davo")[0], "focused": True}])
    assert typed[0]["name"] == "What happened at Davos before the strikes?"
    assert all(1 <= len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in empty + typed)
    picked = await harness.standin.slash("ask", q(typed[0]["value"]))
    assert embed_of(picked.response)["title"] == "What happened at Davos before the strikes?"


async def test_mention_in_a_channel_is_answered_as_a_reply_without_pings(harness: Harness) -> None:
    bot = harness.standin.bot_user
    replies = await harness.standin.say(f"<@{bot['id']}> why did iran attack pakistan?", mentions=[bot])
    assert len(replies) == 1
    body = replies[0]["_request"]
    assert body["embeds"][0]["title"] == "Why did Iran attack Pakistan?"
    assert body["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_bare_mention_asks_for_a_question(harness: Harness) -> None:
    bot = harness.standin.bot_user
    replies = await harness.standin.say(f"<@{bot['id']}>", mentions=[bot])
    assert "Ask me something after the mention" in replies[0]["content"]


async def test_guild_message_without_mention_is_ignored(harness: Harness) -> None:
    assert await harness.said("why did iran attack pakistan?") == []


async def test_dm_any_message_is_a_question_and_help_explains(harness: Harness) -> None:
    replies = await harness.standin.say("what did pakistan tell its airlines", guild=False)
    assert replies[0]["embeds"][0]["title"] == "What did Pakistan tell its airlines about Iranian airspace?"
    help_reply = await harness.standin.say("help", guild=False)
    assert "/ask" in help_reply[0]["content"] and "DM" in help_reply[0]["content"]


async def test_slash_commands_work_in_dms(harness: Harness) -> None:
    state = await harness.standin.slash("ask", q("irgc"), guild=False)
    assert embed_of(state.response)["title"] == "What is the IRGC, and what role did it play?"


async def test_find_answer_message_command_replies_to_that_message(harness: Harness) -> None:
    standin = harness.standin
    target = standin.user_message("what was the name of pakistan's operation?", author=standin.other)
    standin.messages[target["id"]] = target
    state = await standin.message_command("Find answer", target)
    assert state.response["type"] == 5 and state.response["data"]["flags"] & EPHEMERAL  # thinking, privately
    replies = await standin.replies_to(target["id"])
    body = replies[0]["_request"]
    assert body["embeds"][0]["title"].startswith("What was Pakistan's military response called")
    assert body["allowed_mentions"] == {"parse": [], "replied_user": False}
    note = await standin.wait_for_message(lambda m: m["content"].startswith("Answered someone-else's question"))
    assert note["flags"] & EPHEMERAL


async def test_find_answer_on_a_message_without_text_explains(harness: Harness) -> None:
    target = harness.standin.user_message("", author=harness.standin.other)
    state = await harness.standin.message_command("Find answer", target)
    assert state.response["data"]["flags"] & EPHEMERAL
    assert "can't read that message" in state.response["data"]["content"]


@pytest.mark.parametrize(
    "question",
    [
        "@everyone @here why did iran attack <@123456789012345678> <@&987654321098765432>?",
        "<@!123456789012345678> **bold** `code` @everyone",
    ],
)
async def test_mentions_in_questions_never_ping(harness: Harness, question: str) -> None:
    state = await harness.standin.slash("ask", q(question))
    data = state.response["data"]
    assert data["allowed_mentions"]["parse"] == []
    author = embed_of(state.response).get("author", {}).get("name", "")
    assert "@everyone" not in (data.get("content") or "")
    assert author.startswith("You asked:")  # echoed only where Discord renders no mentions or markdown
    replies = await harness.standin.say(question, guild=False)
    assert replies[0]["_request"]["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_very_long_questions_stay_within_limits(harness: Harness) -> None:
    long = "why did iran attack pakistan " * 200  # 5,800 characters
    state = await harness.standin.slash("ask", q(long))
    assert len(embed_of(state.response)["author"]["name"]) <= 256
    replies = await harness.standin.say(long[:4000], guild=False)
    assert replies and replies[0]["embeds"]


async def test_blank_question_is_declined_politely(harness: Harness) -> None:
    state = await harness.standin.slash("ask", q("   "))
    assert embed_of(state.response)["description"].startswith("Ask me a question about the article.")
    assert rows(harness, "unanswered") == []


async def test_views_disable_their_buttons_on_timeout(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "TOKEN_LIFETIME", 0.5)  # a response's view lasts as long as its token, less a margin
    monkeypatch.setattr(views, "TOKEN_MARGIN", 0.3)
    state = await harness.standin.slash("ask", q("davos meeting"))
    await asyncio.sleep(0.6)
    message = harness.standin.messages[state.original_id]  # type: ignore[index]
    buttons = [c for row in message["components"] for c in row["components"]]
    assert buttons and all(b["disabled"] for b in buttons)
    assert harness.standin.requests_to("PATCH", r"/webhooks/.*/messages/@original")


@pytest.mark.parametrize("settings_changes", [{"ask_rate": 1, "ask_per": 60.0}])
async def test_cooldown_gives_a_friendly_private_notice(harness: Harness) -> None:
    first = await harness.standin.slash("ask", q("davos meeting"))
    second = await harness.standin.slash("ask", q("irgc"))
    assert embed_of(first.response)["title"].startswith("What happened at Davos")
    assert second.response["data"]["flags"] & EPHEMERAL
    assert second.response["data"]["content"].startswith("You're asking quickly. Try again in")
    dm = await harness.standin.say("irgc", guild=False, author=harness.standin.other)
    dm_again = await harness.standin.say("irgc", guild=False, author=harness.standin.other)
    assert dm[0]["embeds"] and dm_again[0]["content"].startswith("You're asking quickly")


async def test_unexpected_error_is_logged_and_the_user_gets_a_short_message(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(question: str) -> None:
        raise RuntimeError("matcher exploded")

    monkeypatch.setattr(harness.bot.engine, "ask", broken)
    harness.expected_errors = 2
    state = await harness.standin.slash("ask", q("davos"))
    assert state.response["data"]["flags"] & EPHEMERAL
    assert state.response["data"]["content"].startswith("Something went wrong on my side")
    replies = await harness.standin.say("davos", guild=False)
    assert replies[0]["content"].startswith("Something went wrong on my side")
    assert any(r.exc_info and "matcher exploded" in str(r.exc_info[1]) for r in harness.errors.records)


async def test_click_on_buttons_no_live_view_owns_gets_an_expiry_notice(harness: Harness) -> None:
    state = await harness.standin.slash("ask", q("davos meeting"))
    message = harness.standin.messages[state.original_id]  # type: ignore[index]
    harness.bot._connection._view_store._views.clear()  # what a restart does to live views
    click = await harness.standin.click(message, "related:naval-exercise", live=False)
    assert click.response["data"]["content"] == views.EXPIRED
    assert click.response["data"]["flags"] & EPHEMERAL
