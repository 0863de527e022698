"""When production Discord fails: missing permissions, deleted messages, role mentions and bare replies.

Each test turns a fault switch of the stand-in on (``tests/discord/standin/faults.py``) and goes through
discord.py's real code; an ERROR logged anywhere still fails the test.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import replace
from typing import Any

import discord
import pytest

from bot.discordbot import views
from bot.discordbot.cogs import ask
from tests.discord.conftest import Harness
from tests.discord.standin import EPHEMERAL, StandIn


@pytest.fixture(autouse=True)
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="bot")
    return caplog


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and r.name.startswith("bot")]


def mention(standin: StandIn, text: str) -> tuple[str, list[dict[str, Any]]]:
    bot = standin.bot_user
    return f"<@{bot['id']}> {text}", [bot]


def channel_posts(standin: StandIn) -> list[Any]:
    return [r for r in standin.requests_to("POST", rf"/channels/{standin.channel_id}/messages$") if not r.limited]


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message["components"] for c in row["components"]]


async def dm_to(standin: StandIn, user: dict[str, Any], wait: float = 3.0) -> dict[str, Any]:
    channel = standin.dm_channel_for(user)
    return await standin.wait_for_message(
        lambda m: m["channel_id"] == channel and m["author"]["id"] == standin.bot_user["id"], wait=wait
    )


# --- 403 / 50013: the bot checks its permissions and falls back -------------------------------------------------


async def test_without_embed_links_a_mention_is_answered_as_text_with_quotes_and_paragraphs(
    harness: Harness, logs: pytest.LogCaptureFixture
) -> None:
    standin = harness.standin
    await standin.faults.deny("embed_links")
    text, mentions = mention(standin, "why did pakistan recall its ambassador?")
    replies = await standin.say(text, mentions=mentions)
    assert len(replies) == 1
    body = replies[0]["_request"]
    assert not body.get("embeds")
    content = body["content"]
    assert content.startswith("**What diplomatic steps did Pakistan take against Iran?**")
    assert "(paragraph 2)" in content and "(paragraph 3)" in content
    article = harness.bot.engine.faq.article.paragraphs
    quoted = [line for line in content.splitlines() if line.startswith("> “")]
    for line in quoted:
        quote, paragraph = line[3:].rsplit("” (paragraph ", 1)
        assert quote in " ".join(article[int(paragraph.rstrip(")")) - 1].split())
    assert len(content) <= 2000 and body["components"]  # the buttons need no permission
    assert body["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert standin.faults.rejected == []  # checked first, never refused
    assert any("Embed Links" in w and "grant the bot Embed Links" in w for w in warnings(logs))


async def test_where_the_bot_may_not_post_a_mention_is_answered_by_dm(
    harness: Harness, logs: pytest.LogCaptureFixture
) -> None:
    standin = harness.standin
    await standin.faults.deny("send_messages")
    text, mentions = mention(standin, "why did iran attack pakistan?")
    assert await standin.say(text, mentions=mentions, wait=0.3) == []
    dm = await dm_to(standin, standin.member)
    assert dm["content"].startswith(f"I can't post in <#{standin.channel_id}> (I'm missing Send Messages there)")
    assert dm["embeds"][0]["title"] == "Why did Iran attack Pakistan?"
    assert channel_posts(standin) == []
    assert any("Missing permission Send Messages in #general" in w for w in warnings(logs))


@pytest.mark.parametrize(
    ("content", "expected"),
    [("", "Ask me something after the mention"), ("davos", "The article")],
)
async def test_help_and_answers_are_never_silent_where_the_bot_may_not_post(
    harness: Harness, content: str, expected: str
) -> None:
    standin = harness.standin
    await standin.faults.deny("send_messages", target="role")  # on the bot's managed role this time
    text, mentions = mention(standin, content)
    await standin.say(text, mentions=mentions, wait=0.3)
    dm = await dm_to(standin, standin.member)
    assert expected in dm["content"] + "".join(e.get("description", "") for e in dm["embeds"])
    assert channel_posts(standin) == []


async def test_a_stale_permission_cache_falls_back_on_discords_403(
    harness: Harness, logs: pytest.LogCaptureFixture
) -> None:
    standin = harness.standin
    await standin.faults.deny("send_messages", announce=False)  # discord.py has not heard of it yet
    text, mentions = mention(standin, "why did iran attack pakistan?")
    await standin.say(text, mentions=mentions, wait=0.3)
    dm = await dm_to(standin, standin.member)
    assert dm["embeds"][0]["title"] == "Why did Iran attack Pakistan?"
    assert ("POST", f"/channels/{standin.channel_id}/messages", 403, 50013) in standin.faults.rejected
    assert any("Discord refused my reply" in w for w in warnings(logs))


async def test_without_read_message_history_the_answer_is_posted_without_the_reply_link(harness: Harness) -> None:
    standin = harness.standin
    await standin.faults.deny("read_message_history")
    text, mentions = mention(standin, "why did iran attack pakistan?")
    await standin.say(text, mentions=mentions, wait=0.2)
    posted = await standin.wait_for_message(lambda m: m["content"].startswith("To member:"))
    assert posted["embeds"][0]["title"] == "Why did Iran attack Pakistan?"
    assert "message_reference" not in posted["_request"]
    assert standin.faults.rejected == []


async def test_when_dms_are_closed_too_the_log_says_so_and_nothing_fails(
    harness: Harness, logs: pytest.LogCaptureFixture
) -> None:
    standin = harness.standin
    await standin.faults.deny("send_messages")
    standin.faults.close_dms(standin.member)
    text, mentions = mention(standin, "why did iran attack pakistan?")
    assert await standin.say(text, mentions=mentions, wait=0.5) == []
    assert any("Could not DM" in w and "went unanswered" in w for w in warnings(logs))


@pytest.mark.parametrize("standin_setup", [lambda s: s.faults.deny("embed_links", announce=False)])
async def test_permissions_in_guild_create_are_read_before_the_first_post(harness: Harness) -> None:
    standin = harness.standin
    guild = harness.bot.get_guild(int(standin.guild_id))
    assert guild is not None and guild.me is not None
    channel = guild.get_channel(int(standin.channel_id))
    permissions = channel.permissions_for(guild.me)  # type: ignore[union-attr]
    assert permissions.send_messages and not permissions.embed_links
    text, mentions = mention(standin, "why did iran attack pakistan?")
    replies = await standin.say(text, mentions=mentions)
    assert replies[0]["content"].startswith("**Why did Iran attack Pakistan?**")
    assert standin.faults.rejected == []


async def test_a_prefix_command_refused_by_discord_is_explained_privately(
    harness: Harness, logs: pytest.LogCaptureFixture
) -> None:
    standin = harness.standin
    await standin.faults.deny("embed_links", announce=False)
    text, mentions = mention(standin, "about")  # `@FAQ Bot about`: a command, answered with an embed
    await standin.say(text, mentions=mentions, wait=0.3)
    dm = await dm_to(standin, standin.member)
    assert f"I couldn't reply in <#{standin.channel_id}>" in dm["content"] and "/faq" in dm["content"]
    assert any("Discord refused a reply" in w for w in warnings(logs))


async def test_find_answer_answers_privately_where_the_bot_may_not_post(
    harness: Harness, logs: pytest.LogCaptureFixture
) -> None:
    standin = harness.standin
    await standin.faults.deny("send_messages")
    target = standin.user_message("what was the name of pakistan's operation?", author=standin.other)
    standin.messages[target["id"]] = target
    state = await standin.message_command("Find answer", target)
    assert state.response["type"] == 5 and state.response["data"]["flags"] & EPHEMERAL
    private = await harness.reply(state)
    assert private["embeds"][0]["title"].startswith("What was Pakistan's military response called")
    assert "I'm missing Send Messages" in private["content"]
    assert channel_posts(standin) == []  # the bot did not try (and fail) to post publicly
    assert any("Missing permission Send Messages" in w for w in warnings(logs))


async def test_find_answer_without_embed_links_replies_publicly_as_text(harness: Harness) -> None:
    standin = harness.standin
    await standin.faults.deny("embed_links")
    target = standin.user_message("what was the name of pakistan's operation?", author=standin.other)
    standin.messages[target["id"]] = target
    await standin.message_command("Find answer", target)
    replies = await standin.replies_to(target["id"])
    assert replies[0]["content"].startswith("**What was Pakistan's military response called")
    assert "(paragraph" in replies[0]["content"] and not replies[0]["embeds"]
    note = await standin.wait_for_message(lambda m: m["content"].startswith("Answered someone-else's question"))
    assert note["flags"] & EPHEMERAL


# --- members who accept no DMs -----------------------------------------------------------------------------------


async def test_with_dms_closed_slash_commands_and_find_answer_still_answer_where_the_bot_may_not_post(
    harness: Harness, logs: pytest.LogCaptureFixture
) -> None:
    standin = harness.standin
    await standin.faults.deny("send_messages")
    standin.faults.close_dms(standin.member)
    state = await standin.slash("ask", q("why did iran attack pakistan?"))
    assert state.response["data"]["embeds"][0]["title"] == "Why did Iran attack Pakistan?"  # a response needs no post
    target = standin.user_message("what was the name of pakistan's operation?", author=standin.other)
    standin.messages[target["id"]] = target
    private = await harness.reply(await standin.message_command("Find answer", target))
    assert private["flags"] & EPHEMERAL and "I'm missing Send Messages" in private["content"]
    assert private["embeds"][0]["title"].startswith("What was Pakistan's military response called")
    dm = standin.dm_channel_for(standin.member)
    assert standin.requests_to("POST", rf"/channels/{dm}/messages$") == []  # no DM tried: it would be refused
    assert standin.faults.rejected == []
    assert any("Missing permission Send Messages" in w for w in warnings(logs))


async def test_a_refused_prefix_command_for_a_member_who_accepts_no_dms_is_a_warning(
    harness: Harness, logs: pytest.LogCaptureFixture
) -> None:
    standin = harness.standin
    await standin.faults.deny("embed_links", announce=False)
    standin.faults.close_dms(standin.member)
    text, mentions = mention(standin, "about")
    await standin.say(text, mentions=mentions, wait=0.5)
    dm = standin.dm_channel_for(standin.member)
    assert [r[2:] for r in standin.faults.rejected if r[1] == f"/channels/{dm}/messages"] == [(403, 50007)]
    assert any("Discord refused a reply" in w for w in warnings(logs))
    assert any("Could not DM" in w and "went unanswered" in w for w in warnings(logs))


# --- Discord failing a request (an incident, or a refusal no other rule explains) ---------------------------------


async def test_discord_failing_a_mentions_answer_is_a_warning_and_not_retried_into_the_channel(
    harness: Harness, logs: pytest.LogCaptureFixture
) -> None:
    standin = harness.standin
    standin.faults.fail("POST", rf"/channels/{standin.channel_id}/messages$", status=503)
    text, mentions = mention(standin, "why did iran attack pakistan?")
    assert await standin.say(text, mentions=mentions, wait=0.5) == []
    assert len(standin.requests_to("POST", rf"/channels/{standin.channel_id}/messages$")) == 1
    assert any("Discord failed (503" in w and "went unanswered" in w for w in warnings(logs))


async def test_an_answer_discord_refuses_is_one_error_and_no_second_post(
    harness: Harness, logs: pytest.LogCaptureFixture
) -> None:
    standin = harness.standin
    standin.faults.fail("POST", rf"/channels/{standin.channel_id}/messages$", status=400, code=50035)
    text, mentions = mention(standin, "why did iran attack pakistan?")
    message = standin.user_message(text, mentions=mentions)
    standin.messages[message["id"]] = message
    await standin.dispatch("MESSAGE_CREATE", standin.as_delivered(message))
    await asyncio.sleep(0.5)
    assert len(standin.requests_to("POST", rf"/channels/{standin.channel_id}/messages$")) == 1  # no "went wrong"
    harness.expected_errors = 1  # a body Discord refuses is a bug here: logged once, with the traceback
    assert [r.getMessage() for r in harness.errors.records] == [f"Could not answer message {message['id']}"]


# --- Use External Emojis ------------------------------------------------------------------------------------------


async def test_without_use_external_emojis_the_bot_uses_no_custom_emoji(harness: Harness) -> None:
    standin = harness.standin  # the stand-in counts an external emoji without the permission as a violation
    await standin.faults.deny("use_external_emojis", target="role")
    text, mentions = mention(standin, "why did iran attack pakistan?")
    answer = (await standin.say(text, mentions=mentions))[0]
    assert buttons(answer) and all(not (b.get("emoji") or {}).get("id") for b in buttons(answer))
    listed = await harness.reply(await standin.slash("faq", [{"name": "list", "type": 1, "options": []}]))
    assert buttons(listed) and all(not (b.get("emoji") or {}).get("id") for b in buttons(listed))
    choice = await standin.slash("ask", q("davos"))
    assert choice.response["type"] == 4 and standin.violations == []


async def test_the_standin_counts_another_servers_emoji_without_the_permission_as_a_violation(harness: Harness) -> None:
    standin = harness.standin  # what the test above relies on: Discord would show the emoji as :wave:
    channel = harness.bot.get_channel(int(standin.channel_id))
    assert isinstance(channel, discord.TextChannel)
    await channel.send("hello <:wave:123456789012345678>")
    assert standin.violations == []  # allowed by the bot's role
    await standin.faults.deny("use_external_emojis")
    await channel.send("hello <:wave:123456789012345678>")
    assert [v.split(":")[1] for v in standin.violations] == ["wave"]
    standin.violations.clear()


# --- 10008: messages deleted meanwhile ----------------------------------------------------------------------------


async def test_find_answer_on_a_message_deleted_meanwhile_says_so_privately(harness: Harness) -> None:
    standin = harness.standin
    target = standin.user_message("what was the name of pakistan's operation?", author=standin.other)
    standin.messages[target["id"]] = target
    await standin.faults.delete(target["id"])  # deleted after the member right-clicked it
    state = await standin.message_command("Find answer", target)
    reply = await harness.reply(state)
    assert reply["content"] == ask.DELETED and reply["flags"] & EPHEMERAL
    assert not reply["embeds"]
    assert any(code == 50035 for *_, code in standin.faults.rejected)


async def test_a_mention_deleted_before_the_answer_lands_is_dropped_quietly(
    harness: Harness, logs: pytest.LogCaptureFixture
) -> None:
    standin = harness.standin
    standin.faults.slow("POST", rf"/channels/{standin.channel_id}/messages$", 0.4)
    text, mentions = mention(standin, "why did iran attack pakistan?")
    message = standin.user_message(text, mentions=mentions)
    standin.messages[message["id"]] = message
    await standin.dispatch("MESSAGE_CREATE", standin.as_delivered(message))
    await asyncio.sleep(0.1)  # the bot's reply is on its way (the route is slow)
    await standin.faults.delete(message["id"])
    await asyncio.sleep(0.6)
    assert await standin.replies_to(message["id"], wait=0) == []
    assert any("was deleted before I could answer" in r.getMessage() for r in logs.records)


# --- the bot's role, and replies that only mention the bot -------------------------------------------------------


async def test_mentioning_the_bots_role_works_like_mentioning_the_bot(harness: Harness) -> None:
    standin = harness.standin
    role = standin.bot_role_id
    replies = await standin.say(f"<@&{role}> why did iran attack pakistan?", mention_roles=[role])
    assert replies[0]["embeds"][0]["title"] == "Why did Iran attack Pakistan?"
    asked = await standin.say(f"<@&{role}> ask what did pakistan tell its airlines", mention_roles=[role])
    assert asked[0]["embeds"][0]["title"] == "What did Pakistan tell its airlines about Iranian airspace?"


async def test_a_role_mention_whose_text_discord_withholds_is_explained(harness: Harness) -> None:
    standin = harness.standin
    standin.role_mention_carries_content = False
    role = standin.bot_role_id
    replies = await standin.say(f"<@&{role}> why did iran attack pakistan?", mention_roles=[role])
    assert replies[0]["content"] == ask.CANT_READ_ROLE_MENTION


async def test_another_roles_mention_is_ignored(harness: Harness) -> None:
    standin = harness.standin
    role = standin.mod_role_id
    assert await standin.say(f"<@&{role}> why did iran attack", mention_roles=[role], wait=0.3) == []


@pytest.mark.parametrize("settings_changes", [{"message_content": True}])
async def test_a_reply_that_only_mentions_the_bot_answers_the_replied_message(harness: Harness) -> None:
    standin = harness.standin
    question = standin.user_message("why did iran attack pakistan?", author=standin.other)
    standin.messages[question["id"]] = question
    text, mentions = mention(standin, "")
    replies = await standin.say(text, mentions=mentions, reply_to=question)
    assert replies[0]["content"] == "Answering someone-else's question:"
    assert replies[0]["embeds"][0]["title"] == "Why did Iran attack Pakistan?"
    assert replies[0]["_request"]["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_a_bare_reply_to_a_message_the_bot_cannot_read_says_so(harness: Harness) -> None:
    standin = harness.standin  # no message-content intent: Discord blanks the replied message's text
    question = standin.user_message("why did iran attack pakistan?", author=standin.other)
    standin.messages[question["id"]] = question
    text, mentions = mention(standin, "")
    replies = await standin.say(text, mentions=mentions, reply_to=question)
    assert replies[0]["content"] == ask.CANT_READ_REPLIED


async def test_a_bare_reply_to_a_deleted_message_says_so(harness: Harness) -> None:
    standin = harness.standin
    question = standin.user_message("why did iran attack pakistan?", author=standin.other)
    standin.messages[question["id"]] = question
    await standin.faults.delete(question["id"])
    text, mentions = mention(standin, "")
    replies = await standin.say(text, mentions=mentions, reply_to=question)
    assert replies[0]["content"] == ask.REPLIED_GONE


# --- 429: discord.py waits and retries; first responses still land in time ---------------------------------------

CALLBACK = r"/interactions/\d+/[^/]+/callback$"


def q(text: str) -> list[dict[str, Any]]:
    return [{"name": "question", "type": 3, "value": text}]


async def test_a_429_on_the_first_response_is_retried_in_time(harness: Harness) -> None:
    standin = harness.standin
    standin.faults.rate_limit("POST", CALLBACK, retry_after=0.4)
    state = await standin.slash("ask", q("why did iran attack pakistan?"))
    assert state.response["type"] == 4
    assert state.response["data"]["embeds"][0]["title"] == "Why did Iran attack Pakistan?"
    callbacks = standin.requests_to("POST", CALLBACK)
    assert [r.limited for r in callbacks] == [True, False]
    assert callbacks[1].at - callbacks[0].at >= 0.4  # discord.py honoured retry_after


async def test_a_429_on_a_channel_post_is_retried(harness: Harness) -> None:
    standin = harness.standin
    standin.faults.rate_limit("POST", rf"/channels/{standin.channel_id}/messages$", retry_after=0.3)
    text, mentions = mention(standin, "why did iran attack pakistan?")
    replies = await standin.say(text, mentions=mentions)
    assert replies[0]["embeds"][0]["title"] == "Why did Iran attack Pakistan?"
    posts = standin.requests_to("POST", rf"/channels/{standin.channel_id}/messages$")
    assert [r.limited for r in posts] == [True, False]


async def test_a_global_429_holds_channel_posts_but_not_interaction_responses(harness: Harness) -> None:
    standin = harness.standin
    standin.faults.global_rate_limit(retry_after=1.0)
    text, mentions = mention(standin, "why did iran attack pakistan?")
    message = standin.user_message(text, mentions=mentions)
    standin.messages[message["id"]] = message
    await standin.dispatch("MESSAGE_CREATE", standin.as_delivered(message))
    await asyncio.sleep(0.1)  # the mention's answer hit the global limit; discord.py holds every REST call
    state = await standin.slash("ask", q("davos meeting"))
    assert state.response["type"] == 4  # interaction routes are not under the global limit
    replies = await standin.replies_to(message["id"], wait=3)
    assert replies and replies[0]["embeds"][0]["title"] == "Why did Iran attack Pakistan?"
    posts = standin.requests_to("POST", rf"/channels/{standin.channel_id}/messages$")
    callback = standin.requests_to("POST", CALLBACK)[-1]
    assert posts[0].limited and not posts[-1].limited
    assert callback.at < posts[-1].at and posts[-1].at - posts[0].at >= 0.9


async def test_find_answer_acknowledges_before_a_rate_limited_post(harness: Harness) -> None:
    standin = harness.standin
    standin.deadline = 1.0  # a shorter day: the held post lands after the deadline, the "thinking…" before it
    standin.faults.rate_limit("POST", rf"/channels/{standin.channel_id}/messages$", retry_after=1.2)
    target = standin.user_message("what was the name of pakistan's operation?", author=standin.other)
    standin.messages[target["id"]] = target
    state = await standin.message_command("Find answer", target)
    assert state.response["type"] == 5
    replies = await standin.replies_to(target["id"], wait=3)
    assert replies[0]["embeds"][0]["title"].startswith("What was Pakistan's military response called")
    await standin.wait_for_message(lambda m: m["content"].startswith("Answered someone-else's question"))


async def test_an_interaction_that_arrives_late_is_acknowledged_before_the_work(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    standin = harness.standin
    standin.deadline = 1.0
    standin.faults.lag = 0.5  # the event reached the bot half a second after the member pressed Enter
    monkeypatch.setattr(views, "DEFER_AFTER", 0.3)
    ask_now = harness.bot.engine.ask

    def slow_ask(question: str) -> Any:
        time.sleep(0.7)  # a busy matcher: the full answer would miss the deadline
        return ask_now(question)

    monkeypatch.setattr(harness.bot.engine, "ask", slow_ask)
    state = await standin.slash("ask", q("why did iran attack pakistan?"))
    assert state.response["type"] == 5  # acknowledged first…
    reply = await harness.reply(state)
    assert reply["embeds"][0]["title"] == "Why did Iran attack Pakistan?"  # …then answered


async def test_a_first_response_discord_holds_past_the_deadline_is_a_warning_not_an_error(
    harness: Harness, logs: pytest.LogCaptureFixture
) -> None:
    standin = harness.standin
    standin.deadline = 1.0
    standin.faults.rate_limit("POST", CALLBACK, retry_after=1.2)
    state = await standin.slash("ask", q("why did iran attack pakistan?"), timeout=2.5)
    assert not state.responses
    await asyncio.sleep(0.3)  # the bot hears Discord's 10062 for its retry
    assert standin.violations == ["interaction ask answered late"]  # Discord's doing, not the bot's
    standin.violations.clear()
    assert len(standin.requests_to("POST", CALLBACK)) == 2  # the held one and its retry; no third try
    assert standin.requests_to("POST", r"/webhooks/") == []  # no follow-up "something went wrong" either
    assert any("Too late to respond to interaction" in w for w in warnings(logs))


# --- interaction tokens: 15 minutes from the interaction's creation ---------------------------------------------


async def test_views_time_out_before_their_token_expires_however_often_they_are_clicked(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    standin = harness.standin
    monkeypatch.setattr(views, "TOKEN_LIFETIME", 1.5)  # 15 minutes, scaled down (both sides)
    monkeypatch.setattr(views, "TOKEN_MARGIN", 0.5)
    standin.faults.token_lifetime = 1.5
    state = await standin.slash("ask", q("davos meeting"))
    message = standin.messages[state.original_id]  # type: ignore[index]
    for _ in range(2):  # clicks used to restart the timeout, pushing the edit past the token's life
        await asyncio.sleep(0.3)
        click = await standin.click(message, "related:naval-exercise")
        assert click.response["type"] == 4
    await asyncio.sleep(1.5 - 0.6 + 0.1)
    assert buttons(standin.messages[message["id"]]) and all(b["disabled"] for b in buttons(message))
    edits = standin.requests_to("PATCH", r"/webhooks/.*/messages/@original")
    assert edits and edits[0].at - state.created < 1.5
    assert standin.faults.rejected == []


async def test_an_edit_after_the_token_expired_is_logged_quietly(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, logs: pytest.LogCaptureFixture
) -> None:
    standin = harness.standin
    monkeypatch.setattr(views, "TOKEN_LIFETIME", 1.0)
    monkeypatch.setattr(views, "TOKEN_MARGIN", 0.2)
    state = await standin.slash("faq", [{"name": "list", "type": 1, "options": []}])
    standin.faults.advance(16 * 60)  # Discord's clock: the token is long gone (say the bot was suspended)
    assert (await harness.reply(state))["components"]
    await asyncio.sleep(1.0)
    assert any(r[2:] == (401, 50027) for r in standin.faults.rejected)
    assert any("Could not disable the view" in r.getMessage() for r in logs.records if r.levelno == logging.DEBUG)


# --- the gateway: RECONNECT, INVALID_SESSION, RESUME --------------------------------------------------------------


async def test_after_a_reconnect_the_bot_resumes_and_answers_what_it_missed(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    standin = harness.standin
    away, back = asyncio.Event(), asyncio.Event()
    resume = standin._resume

    async def held_resume(ws: Any, data: dict[str, Any]) -> None:
        away.set()  # the bot is disconnected and asking to resume: what happens now, it missed
        await back.wait()
        await resume(ws, data)

    monkeypatch.setattr(standin, "_resume", held_resume)
    await standin.faults.reconnect()
    await asyncio.wait_for(away.wait(), 5)
    missed = []
    for question in ("why did iran attack pakistan?", "what did pakistan tell its airlines"):
        text, mentions = mention(standin, question)
        message = standin.user_message(text, mentions=mentions)
        standin.messages[message["id"]] = message
        await standin.dispatch("MESSAGE_CREATE", standin.as_delivered(message))  # kept for the RESUME
        missed.append(message["id"])
    assert [await standin.replies_to(m, wait=0) for m in missed] == [[], []]
    back.set()
    await standin.faults.wait_for(lambda: standin.resumes == 1)
    titles = [[r["embeds"][0]["title"] for r in await standin.replies_to(m, wait=3)] for m in missed]
    assert titles == [
        ["Why did Iran attack Pakistan?"],
        ["What did Pakistan tell its airlines about Iranian airspace?"],
    ]  # both replayed events answered (two messages in one channel: neither mistaken for a repeat)
    assert standin.identifies == 1  # resumed, not identified again


async def test_a_dropped_connection_resumes(harness: Harness) -> None:
    standin = harness.standin
    await standin.faults.drop_connection()
    await standin.faults.wait_for(lambda: standin.resumes == 1)
    state = await standin.slash("ask", q("davos meeting"))
    assert state.response["type"] == 4 and standin.identifies == 1


async def test_events_replayed_on_resume_are_answered_once(harness: Harness) -> None:
    standin = harness.standin
    text, mentions = mention(standin, "why did iran attack pakistan?")
    first = await standin.say(text, mentions=mentions)
    state = await standin.slash("ask", q("davos meeting"))
    assert len(first) == 1 and state.response["type"] == 4
    standin.replay_overlap = 3  # Discord replays events the bot already had (at-least-once delivery)
    await standin.faults.reconnect()
    await standin.faults.wait_for(lambda: standin.resumes == 1)
    await asyncio.sleep(0.5)
    assert len(await standin.replies_to(first[0]["message_reference"]["message_id"], wait=0)) == 1
    assert len(state.responses) == 1  # no second response (Discord would refuse it: 40060)
    # New events after the resume, in the same channel and from the same member, are not taken for repeats.
    text, mentions = mention(standin, "what did pakistan tell its airlines")
    again = await standin.say(text, mentions=mentions)
    assert [r["embeds"][0]["title"] for r in again] == ["What did Pakistan tell its airlines about Iranian airspace?"]
    assert (await standin.slash("ask", q("irgc"))).response["type"] == 4


async def test_an_invalid_session_identifies_afresh(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    standin = harness.standin

    async def no_wait(shard_id: int | None, *, initial: bool = False) -> None:
        pass  # discord.py waits 5 s before identifying again (Discord's identify rate): not here

    monkeypatch.setattr(harness.bot, "before_identify_hook", no_wait)
    await standin.faults.invalidate_session(resumable=False)
    await standin.faults.wait_for(lambda: standin.identifies == 2)

    def guild_back() -> bool:  # READY lists it as unavailable; its GUILD_CREATE (roles, channels) must come through
        guild = harness.bot.get_guild(int(standin.guild_id))
        return guild is not None and not guild.unavailable and guild.get_channel(int(standin.channel_id)) is not None

    await standin.faults.wait_for(guild_back)
    text, mentions = mention(standin, "why did iran attack pakistan?")
    replies = await standin.say(text, mentions=mentions, wait=3)
    assert [r["embeds"][0]["title"] for r in replies] == ["Why did Iran attack Pakistan?"]


# --- guild outages ------------------------------------------------------------------------------------------------


async def outage_at_start(standin: StandIn) -> None:
    standin.guild_outage = True  # READY lists the server as unavailable; no GUILD_CREATE follows


def moderation_settings(harness: Harness) -> None:
    harness.bot.settings = replace(
        harness.bot.settings,
        home_guild_ids=frozenset({int(harness.standin.guild_id)}),
        moderator_role="Moderator",
        mod_log_channel_id=int(harness.standin.channel_id),
    )


async def alias_and_confirm(harness: Harness, phrasing: str) -> dict[str, Any]:
    standin = harness.standin
    options = [{"name": "entry", "type": 3, "value": "irgc"}, {"name": "phrasing", "type": 3, "value": phrasing}]
    who = {"user": standin.moderator, "moderator": True}
    state = await standin.slash("faqmod", [{"name": "alias", "type": 1, "options": options}], **who)
    message = await harness.reply(state)
    assert message["embeds"][0]["title"] == "Add a phrasing to `irgc`?", message
    await standin.click(message, "mod:confirm", **who)
    return await standin.wait_for_message(lambda m: m["id"] == message["id"] and m["content"].startswith("Saved"))


async def mod_log(harness: Harness, summary: str) -> dict[str, Any]:
    """The moderator log's post about a change (public, in the log channel; not the moderator's private outcome)."""
    standin = harness.standin
    return await standin.wait_for_message(
        lambda m: (
            m["channel_id"] == standin.channel_id
            and not m["flags"] & EPHEMERAL
            and m["content"].startswith(f"<@{standin.moderator['id']}>")
            and m["content"].endswith(summary)
        )
    )


@pytest.mark.parametrize("standin_setup", [outage_at_start])
async def test_during_an_outage_moderators_by_role_are_not_refused_and_the_mod_log_is_posted(
    harness: Harness,
) -> None:
    standin = harness.standin
    guild = harness.bot.get_guild(int(standin.guild_id))
    assert guild is not None and guild.unavailable and not guild.roles  # what discord.py has to go on
    moderation_settings(harness)
    await alias_and_confirm(harness, "guards corps of iran")
    assert standin.requests_to("GET", rf"/guilds/{standin.guild_id}/roles$")
    await mod_log(harness, "alias irgc: guards corps of iran")


async def test_a_server_that_goes_unavailable_and_returns_keeps_working(harness: Harness) -> None:
    standin = harness.standin
    moderation_settings(harness)
    await standin.faults.guild_unavailable()
    guild = harness.bot.get_guild(int(standin.guild_id))
    await standin.faults.wait_for(lambda: guild is not None and guild.unavailable)
    await alias_and_confirm(harness, "revolutionary guards of iran")
    await mod_log(harness, "alias irgc: revolutionary guards of iran")
    await standin.faults.guild_available()
    await standin.faults.wait_for(lambda: not harness.bot.get_guild(int(standin.guild_id)).unavailable)  # type: ignore[union-attr]
    text, mentions = mention(standin, "why did iran attack pakistan?")
    assert (await standin.say(text, mentions=mentions))[0]["embeds"]
