"""Prefix commands: one code path with the slash commands, only where the operator enabled message content."""

from __future__ import annotations

import pytest

from tests.discord.conftest import Harness


@pytest.mark.parametrize("settings_changes", [{"message_content": True}])
async def test_prefix_ask_works_with_the_intent(harness: Harness) -> None:
    assert harness.standin.intents & (1 << 15)
    replies = await harness.standin.say("!ask why did iran attack pakistan")
    assert replies[0]["_request"]["embeds"][0]["title"] == "Why did Iran attack Pakistan?"
    assert replies[0]["_request"]["allowed_mentions"] == {"parse": [], "replied_user": False}
    about = await harness.standin.say("!about")
    assert about[0]["embeds"][0]["title"] == "About this bot"
    listing = await harness.standin.say("!faq list causes")
    assert listing[0]["embeds"][0]["title"] == "Questions: Causes"


@pytest.mark.parametrize("settings_changes", [{"message_content": True}])
async def test_prefix_usage_error_gets_a_short_reply(harness: Harness) -> None:
    replies = await harness.standin.say("!ask")
    assert replies[0]["content"].startswith("That command needs `question`")


async def test_without_the_intent_prefix_text_never_arrives_but_mentions_work(harness: Harness) -> None:
    assert not harness.standin.intents & (1 << 15)
    assert await harness.said("!ask why did iran attack pakistan") == []
    bot = harness.standin.bot_user
    replies = await harness.standin.say(f"<@{bot['id']}> ask why did iran attack pakistan", mentions=[bot])
    assert replies[0]["_request"]["embeds"][0]["title"] == "Why did Iran attack Pakistan?"


async def test_prefix_in_a_dm_without_the_intent_is_still_a_question(harness: Harness) -> None:
    replies = await harness.standin.say("!ask what did pakistan tell its airlines", guild=False)
    assert replies[0]["embeds"][0]["title"] == "What did Pakistan tell its airlines about Iranian airspace?"
