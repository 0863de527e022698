"""Auto-answer, the delete button and the channel cooldown, end to end through the stand-in."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.discordbot import views
from tests.discord.conftest import Harness
from tests.discord.standin import EPHEMERAL, InteractionState, StandIn
from tests.discord.standin.world import MEMBER_PERMISSIONS

MANAGE_CHANNELS = 1 << 4

QUESTION = "does anyone know why pakistan recalled its ambassador?"
ENTRY_TITLE = "What diplomatic steps did Pakistan take against Iran?"


@pytest.fixture
def settings_changes(standin: StandIn) -> dict[str, Any]:
    return {
        "message_content": True,
        "home_guild_ids": frozenset({int(standin.guild_id)}),
        "moderator_role": "Moderator",
    }


def opt(name: str, value: Any, kind: int = 3) -> dict[str, Any]:
    return {"name": name, "type": kind, "value": value}


async def autoanswer(harness: Harness, action: str, channel: dict[str, Any] | None = None, **who: Any) -> str:
    """Run `/faqmod autoanswer ACTION [channel]` as the moderator (or ``who``); the reply's text."""
    standin = harness.standin
    who.setdefault("user", standin.moderator)
    who.setdefault("moderator", who["user"] is standin.moderator)
    options = [opt("action", action)]
    if channel is not None:
        options.append(opt("channel", channel["id"], kind=7))
        resolved = {k: channel[k] for k in ("id", "type", "name", "parent_id")} | {"permissions": "0"}
        who["resolved"] = {"channels": {channel["id"]: resolved}}
    state = await standin.slash("faqmod", [{"name": "autoanswer", "type": 1, "options": options}], **who)
    if state.response["type"] == 4:
        assert state.response["data"]["flags"] & EPHEMERAL
        return str(state.response["data"]["content"])
    reply = await harness.reply(state)
    assert reply["flags"] & EPHEMERAL
    return str(reply["content"])


def buttons(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message["components"] for c in row["components"] if "custom_id" in c]


def feedback(harness: Harness) -> list[tuple[str, bool, str]]:
    assert harness.bot.records.writer.flush()
    return [(r["entry"], r["helpful"], r["question"]) for r in harness.bot.records.storage.rows("feedback")]


async def live(harness: Harness, message: dict[str, Any]) -> dict[str, Any]:
    """The bot's message once discord.py has registered its view (a person can't click faster than that)."""
    state = InteractionState({}, 0.0)
    state.original_id = message["id"]
    return await harness.reply(state)


async def gone(standin: StandIn, message_id: str, wait: float = 3.0) -> bool:
    """Whether the message is deleted (the bot deletes it just after acknowledging the click)."""
    deadline = asyncio.get_running_loop().time() + wait
    while message_id in standin.messages and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.01)
    return message_id not in standin.messages


# --- answering -----------------------------------------------------------------------------------------------------


async def test_answers_a_question_in_an_enabled_channel_and_is_audited(harness: Harness) -> None:
    standin = harness.standin
    assert await harness.said(QUESTION) == []  # off by default
    text = await autoanswer(harness, "on")
    assert text.startswith(f"Auto-answer is on in <#{standin.channel_id}>")
    [reply] = await standin.say(QUESTION)
    assert reply["content"] == "Did this answer your question?"
    assert reply["embeds"][0]["title"] == ENTRY_TITLE
    assert buttons(reply) == ["auto:yes", "auto:no"]
    assert reply["_request"]["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert f"<#{standin.channel_id}>" in await autoanswer(harness, "list")
    history = harness.bot.records.storage.rows("audit")
    assert [(r["action"], r["user_id"], r["summary"]) for r in history] == [
        ("autoanswer", int(standin.moderator["id"]), f"auto-answer on in <#{standin.channel_id}>")
    ]
    assert (await autoanswer(harness, "off")).startswith("Auto-answer is off")
    assert await harness.said(QUESTION, author=standin.other) == []  # a disabled channel is silent


async def test_answers_the_first_post_of_a_new_forum_thread_once(harness: Harness) -> None:
    standin = harness.standin
    await autoanswer(harness, "on", standin.forum_payload())
    thread, replies = await standin.post_in_forum("Why did Iran attack Pakistan?", "I read the article twice.")
    [reply] = replies
    assert reply["channel_id"] == thread["id"]
    assert reply["embeds"][0]["title"] == "Why did Iran attack Pakistan?"
    # A second message in the same thread, however much of a question, is the members' conversation.
    again = await harness.said("what was the name of pakistan's operation?", channel_id=thread["id"])
    assert again == []


async def test_answers_once_in_a_thread_of_an_enabled_channel(harness: Harness) -> None:
    standin = harness.standin
    await autoanswer(harness, "on")
    thread = await standin.open_thread("strikes")
    [reply] = await standin.say(QUESTION, channel_id=thread["id"])
    assert reply["channel_id"] == thread["id"] and reply["embeds"][0]["title"] == ENTRY_TITLE
    assert await harness.said("why did iran attack pakistan?", channel_id=thread["id"]) == []


@pytest.mark.parametrize(
    "message",
    [
        {"content": "pakistan recalled its ambassador, as the article says"},  # a statement
        {"content": "how many people died in the strikes?"},  # a question the FAQ does not answer
        {"content": "who is the author?"},  # ambiguous: "did you mean" is never sent unasked
        {"content": "how many ambassadors did pakistan recall?"},  # partial: the article doesn't give the number
        {"content": QUESTION, "reply": True},  # a reply to a member: their conversation
        {"content": QUESTION, "bot": True},  # another bot
        {"content": QUESTION, "own": True},  # the bot's own message
        {"content": QUESTION, "webhook": True},  # a webhook (not marked as a bot)
        {"content": QUESTION, "kind": 18},  # a system message: "… started a thread: <its name>"
    ],
    ids=["statement", "not-covered", "ambiguous", "partial", "reply", "bot", "own", "webhook", "system"],
)
async def test_stays_silent(harness: Harness, message: dict[str, Any]) -> None:
    standin = harness.standin
    await autoanswer(harness, "on")
    kwargs: dict[str, Any] = {}
    if message.get("bot"):
        kwargs["author"] = standin.user("helper-bot", bot=True)
    if message.get("own"):
        kwargs["author"] = standin.bot_user
    if message.get("webhook"):
        kwargs["author"], kwargs["webhook_id"] = standin.webhook_author()
    if message.get("reply"):
        earlier = standin.user_message("the strikes were in january", author=standin.other)
        standin.messages[earlier["id"]] = earlier
        kwargs["reply_to"] = earlier
    if message.get("kind"):
        kwargs["kind"] = message["kind"]
    assert await harness.said(message["content"], **kwargs) == []
    assert harness.bot.records.asks() == []  # nothing answered, nothing counted as answered


@pytest.mark.parametrize("settings_changes", [{"message_content": True, "autoanswer_threshold": 0.95}])
async def test_a_question_below_the_stricter_threshold_is_not_answered(harness: Harness) -> None:
    standin = harness.standin
    assert harness.bot.channels.set(int(standin.guild_id), int(standin.channel_id), True, user_id=1, where="#g")
    # /ask answers it (0.89 is above the answer threshold), auto-answer does not.
    assert harness.bot.engine.ask(QUESTION).answered
    assert await harness.said(QUESTION) == []
    assert (await standin.say("why did iran attack pakistan?"))[0]["embeds"]  # 1.0: answered


async def test_stays_quiet_about_the_same_entry_within_the_cooldown(harness: Harness) -> None:
    standin = harness.standin
    await autoanswer(harness, "on")
    assert await standin.say(QUESTION)
    assert await harness.said("why did pakistan recall its ambassador from tehran?", author=standin.other) == []
    assert await standin.say("why did iran attack pakistan?", author=standin.other)  # another entry: answered


# --- ✅ / ❌ and "delete" ---------------------------------------------------------------------------------------


async def test_yes_and_no_are_for_the_asker_and_moderators_only(harness: Harness) -> None:
    standin = harness.standin
    await autoanswer(harness, "on")
    [first] = await standin.say(QUESTION)
    first = await live(harness, first)
    stranger = await standin.click(first, "auto:no", user=standin.other)
    assert stranger.response["data"]["flags"] & EPHEMERAL
    assert "Only the person who asked" in stranger.response["data"]["content"]
    assert first["id"] in standin.messages
    yes = await standin.click(first, "auto:yes")  # the asker
    assert yes.response["type"] == 7
    kept = standin.messages[first["id"]]
    assert kept["embeds"] and kept["components"] == [] and kept["content"] == ""

    [second] = await standin.say("why did iran attack pakistan?")
    second = await live(harness, second)
    no = await standin.click(second, "auto:no", user=standin.moderator, moderator=True)  # a moderator
    assert no.response["type"] == 6
    await standin.wait_for_message(lambda m: "Moderators will see the question" in m["content"])
    assert await gone(standin, second["id"])
    assert feedback(harness) == [
        ("diplomatic-measures", True, QUESTION),
        ("why-iran-struck", False, "why did iran attack pakistan?"),
    ]
    queue = await standin.slash("faqmod", [{"name": "unanswered", "type": 1}], user=standin.moderator, moderator=True)
    assert "why did iran attack pakistan?" in str((await harness.reply(queue))["embeds"])


async def test_the_asker_replying_delete_removes_the_answer(harness: Harness) -> None:
    standin = harness.standin
    await autoanswer(harness, "on")
    [answer] = await standin.say(QUESTION)
    answer = await live(harness, answer)
    # Replies ping their author by default: the bot is in the reply's mentions, yet nobody asked it anything.
    assert await harness.said("delete", reply_to=answer, author=standin.other) == []
    assert answer["id"] in standin.messages  # not theirs
    assert await harness.said("thanks!", reply_to=answer) == []  # not a question to the bot either
    assert await harness.said("delete", reply_to=answer) == []  # removed, with no "not covered" reply
    assert answer["id"] not in standin.messages
    assert feedback(harness) == [("diplomatic-measures", False, QUESTION)]
    assert harness.bot.records.unanswered() == []  # "delete" and "thanks!" are not questions for the queue
    # An explicit mention in a reply still asks the bot.
    bot = standin.bot_user
    [reply] = await harness.said(f"<@{bot['id']}> why did iran attack pakistan?", reply_to=answer, mentions=[bot])
    assert reply["embeds"][0]["title"] == "Why did Iran attack Pakistan?"


async def test_a_mention_of_the_bots_role_is_answered_once(harness: Harness) -> None:
    standin = harness.standin
    await autoanswer(harness, "on")
    role = standin.bot_role_id
    [reply] = await harness.said(f"<@&{role}> why did iran attack pakistan?", mention_roles=[role])
    assert reply["embeds"][0]["title"] == "Why did Iran attack Pakistan?"
    assert reply["content"] != "Did this answer your question?"  # the Ask cog's answer, not auto-answer's


async def test_two_questions_at_once_get_one_auto_answer(harness: Harness) -> None:
    standin = harness.standin
    await autoanswer(harness, "on")
    first, second = await asyncio.gather(
        harness.said("why did iran attack pakistan?"),
        harness.said("why did iran attack pakistan?", author=standin.other),
    )
    assert len({m["id"] for m in first + second}) == 1
    assert len(harness.bot.records.asks()) == 1


async def test_two_mentions_at_once_get_one_answer_and_a_pointer(harness: Harness) -> None:
    standin = harness.standin
    bot = standin.bot_user
    first, second = await asyncio.gather(
        harness.said(f"<@{bot['id']}> davos meeting", mentions=[bot]),
        harness.said(f"<@{bot['id']}> what happened at davos?", mentions=[bot], author=standin.other),
    )
    posted = {m["id"]: m for m in first + second}.values()
    [answer] = [m for m in posted if m["embeds"]]
    [pointer] = [m for m in posted if not m["embeds"]]
    link = f"https://discord.com/channels/{standin.guild_id}/{standin.channel_id}/{answer['id']}"
    assert pointer["content"] == f"Answered just above: {link}"


async def test_a_double_click_or_a_click_and_delete_is_one_vote(harness: Harness) -> None:
    standin = harness.standin
    await autoanswer(harness, "on")
    [answer] = await standin.say(QUESTION)
    answer = await live(harness, answer)
    first, second = await asyncio.gather(standin.click(answer, "auto:no"), standin.click(answer, "auto:no"))
    assert {first.response["type"], second.response["type"]} == {6}  # both acknowledged, neither failed
    assert await gone(standin, answer["id"])
    assert feedback(harness) == [("diplomatic-measures", False, QUESTION)]

    [again] = await standin.say("why did iran attack pakistan?")
    again = await live(harness, again)
    await asyncio.gather(standin.click(again, "auto:yes"), harness.said("delete", reply_to=again))
    assert len(feedback(harness)) == 2  # ✅ or "delete", whichever came first: one vote


@pytest.mark.parametrize("settings_changes", [{"message_content": True, "moderator_role": "Moderator"}])
async def test_an_answer_that_could_not_be_posted_is_not_counted(harness: Harness) -> None:
    standin = harness.standin
    await autoanswer(harness, "on")
    await standin.faults.deny("send_messages")
    assert await harness.said(QUESTION) == []
    assert harness.bot.records.asks() == []
    await standin.faults.allow_all()
    [reply] = await harness.said(QUESTION, author=standin.other)  # the failed send left no cooldown behind
    assert reply["embeds"][0]["title"] == ENTRY_TITLE
    assert len(harness.bot.records.asks()) == 1


@pytest.mark.parametrize("settings_changes", [{"message_content": False, "moderator_role": "Moderator"}])
async def test_enabling_without_the_message_content_intent_is_refused(harness: Harness) -> None:
    text = await autoanswer(harness, "on")
    assert "needs the Message Content intent" in text and "FAQBOT_MESSAGE_CONTENT=true" in text
    assert harness.bot.channels.channels(int(harness.standin.guild_id)) == []


async def test_only_moderators_turn_it_on(harness: Harness) -> None:
    text = await autoanswer(harness, "on", user=harness.standin.member, moderator=False)
    assert text == "Only moderators can change where I answer on my own."
    assert harness.bot.channels.channels(int(harness.standin.guild_id)) == []


async def test_manage_channels_counts_in_the_channel_changed_not_where_typed(harness: Harness) -> None:
    standin = harness.standin
    forum = standin.forum_payload()
    member = standin.member
    manages = str(int(MEMBER_PERMISSIONS) | MANAGE_CHANNELS)

    async def run(here: str, there: str) -> str:
        options = [opt("action", "on"), opt("channel", forum["id"], kind=7)]
        resolved = {k: forum[k] for k in ("id", "type", "name", "parent_id")} | {"permissions": there}
        state = await standin.slash(
            "faqmod",
            [{"name": "autoanswer", "type": 1, "options": options}],
            user=member,
            permissions=here,
            resolved={"channels": {forum["id"]: resolved}},
        )
        if state.response["type"] == 4:
            return str(state.response["data"]["content"])
        return str((await harness.reply(state))["content"])

    # Manage Channels where they typed, not in the forum: refused.
    assert await run(manages, MEMBER_PERMISSIONS) == "Only moderators can change where I answer on my own."
    assert harness.bot.channels.channels(int(standin.guild_id)) == []
    # Manage Channels in the forum only: theirs to change.
    assert (await run(MEMBER_PERMISSIONS, manages)).startswith(f"Auto-answer is on in <#{forum['id']}>")


# --- the delete button and the channel cooldown ---------------------------------------------------------------


def q(text: str) -> list[dict[str, Any]]:
    return [opt("question", text)]


async def test_delete_button_is_for_the_asker_and_moderators(harness: Harness) -> None:
    standin = harness.standin
    asked = await standin.slash("ask", q("davos meeting"))
    message = await harness.reply(asked)
    assert "delete:answer" in buttons(message)
    stranger = await standin.click(message, "delete:answer", user=standin.other)
    assert stranger.response["data"]["content"] == "Only the asker or a moderator can delete this."
    assert stranger.response["data"]["flags"] & EPHEMERAL and message["id"] in standin.messages
    await standin.click(message, "delete:answer")  # the asker
    assert await gone(standin, message["id"])

    bot = standin.bot_user
    [mention] = await standin.say(f"<@{bot['id']}> irgc", mentions=[bot])
    mention = await live(harness, mention)
    assert "delete:answer" in buttons(mention)
    await standin.click(mention, "delete:answer", user=standin.moderator, moderator=True)
    assert await gone(standin, mention["id"])


async def test_the_same_entry_again_in_the_channel_gets_a_private_pointer(harness: Harness) -> None:
    standin = harness.standin
    first = await standin.slash("ask", q("davos meeting"))
    original = await harness.reply(first)
    again = await standin.slash("ask", q("what happened at davos?"), user=standin.other)
    data = again.response["data"]
    assert data["flags"] & EPHEMERAL and not data.get("embeds")
    link = f"https://discord.com/channels/{standin.guild_id}/{standin.channel_id}/{original['id']}"
    assert link in data["content"]
    bot = standin.bot_user
    [pointer] = await standin.say(f"<@{bot['id']}> davos", mentions=[bot])
    assert pointer["content"] == f"Answered just above: {link}" and not pointer["embeds"]
    other = await standin.slash("ask", q("irgc"), user=standin.other)  # another entry: answered in full
    assert other.response["data"]["embeds"]
    # Deleted answers are not pointed at: the next request is answered in full.
    await standin.click(original, "delete:answer")
    assert await gone(standin, original["id"])
    fresh = await standin.slash("ask", q("davos meeting"), user=standin.other)
    assert fresh.response["data"]["embeds"]


@pytest.mark.parametrize("settings_changes", [{"channel_cooldown": 0.0}])
async def test_the_channel_cooldown_can_be_turned_off(harness: Harness) -> None:
    for _ in range(2):
        state = await harness.standin.slash("ask", q("davos meeting"))
        assert state.response["data"]["embeds"]


async def test_a_late_or_indirect_repeat_gets_the_pointer_privately_too(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    standin = harness.standin
    first = await standin.slash("ask", q("davos meeting"))
    original = await harness.reply(first)
    link = f"https://discord.com/channels/{standin.guild_id}/{standin.channel_id}/{original['id']}"
    # "Find answer" on someone's message about the same entry: the pointer is the private reply, nothing public.
    target = standin.user_message("what happened at davos?", author=standin.other)
    standin.messages[target["id"]] = target
    found = await standin.message_command("Find answer", target)
    reply = await harness.reply(found)
    assert link in reply["content"] and reply["flags"] & EPHEMERAL
    assert await standin.replies_to(target["id"], wait=0.3) == []
    # An /ask that reached the bot late was acknowledged publicly ("thinking…"): that goes, the pointer is private.
    standin.faults.lag = 0.5
    monkeypatch.setattr(views, "DEFER_AFTER", 0.3)
    late = await standin.slash("ask", q("davos meeting"), user=standin.other)
    assert late.response["type"] == 5 and not (late.response.get("data") or {}).get("flags", 0) & EPHEMERAL
    pointer = await standin.wait_for_message(lambda m: link in m["content"] and m["id"] != reply["id"])
    assert pointer["flags"] & EPHEMERAL
    assert await gone(standin, late.original_id or "")


async def test_a_late_reply_is_still_seen_by_a_silence_check(harness: Harness) -> None:
    """``harness.said`` waits for the bot to finish handling the message, not for a while: a reply that takes
    longer than any fixed wait (here Discord answering the post a second late) is still counted."""
    standin = harness.standin
    await autoanswer(harness, "on")
    standin.faults.slow("POST", rf"/channels/{standin.channel_id}/messages$", 1.0)
    assert len(await harness.said(QUESTION)) == 1
