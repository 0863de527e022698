"""`/faqmod synonym`: moderators teach the bot a word members use, from Discord, through the stand-in."""

from __future__ import annotations

from typing import Any

import pytest

from tests.discord.conftest import Harness
from tests.discord.standin import EPHEMERAL, InteractionState
from tests.discord.test_moderation import confirm, final_text, opt

QUESTION = "what caused the kerfuffle"  # "kerfuffle" is in neither the FAQ, the article nor vocabulary.yaml


@pytest.fixture
def settings_changes(standin: Any) -> dict[str, Any]:
    return {"home_guild_ids": frozenset({int(standin.guild_id)}), "moderator_role": "Moderator"}


async def synonym(harness: Harness, command: str, *options: dict[str, Any], **who: Any) -> InteractionState:
    who.setdefault("user", harness.standin.moderator)
    who.setdefault("moderator", True)
    group = [{"name": "synonym", "type": 2, "options": [{"name": command, "type": 1, "options": list(options)}]}]
    return await harness.standin.slash("faqmod", group, **who)


async def member_asks(harness: Harness, question: str) -> dict[str, Any]:
    state = await harness.standin.slash("ask", [opt("question", question)], user=harness.standin.member)
    return await harness.reply(state)


async def test_a_moderator_adds_a_synonym_members_are_answered_and_undo_takes_it_back(harness: Harness) -> None:
    before = await member_asks(harness, QUESTION)
    assert before["embeds"][0]["title"] == "Not covered"

    state = await synonym(harness, "add", opt("word", "Kerfuffle"), opt("means", "standoff"))
    embed = (await harness.reply(state))["embeds"][0]
    assert embed["title"] == "Read “kerfuffle” as “standoff”?"
    assert "+ synonym: kerfuffle → standoff" in embed["description"]
    assert "kerfuffle" not in harness.bot.service.store.path.read_text()  # nothing saved before Confirm
    await confirm(harness, state)
    assert final_text(harness, state).startswith("Saved: synonym kerfuffle → standoff")

    after = await member_asks(harness, QUESTION)
    assert after["embeds"][0]["title"] == "What caused the Iran–Pakistan standoff?"
    audit = harness.bot.service.store.audit.rows("audit")
    assert (audit[-1]["action"], audit[-1]["user_id"]) == ("synonym", int(harness.standin.moderator["id"]))

    listed = await synonym(harness, "list")
    assert "`kerfuffle` → standoff" in (await harness.reply(listed))["embeds"][0]["description"]

    undo = await harness.standin.slash(
        "faqmod", [{"name": "undo", "type": 1, "options": []}], user=harness.standin.moderator, moderator=True
    )
    assert (await harness.reply(undo))["embeds"][0]["title"] == "Undo: synonym kerfuffle → standoff?"
    await confirm(harness, undo)
    assert (await member_asks(harness, QUESTION))["embeds"][0]["title"] == "Not covered"


async def test_a_synonym_the_vocabulary_would_ignore_is_refused_with_the_reason(harness: Harness) -> None:
    state = await synonym(harness, "add", opt("word", "the"), opt("means", "standoff"))
    reply = await harness.reply(state)
    assert "'the' is a stop word in vocabulary.yaml" in reply["content"] and reply["flags"] & EPHEMERAL
    phrase = await synonym(harness, "add", opt("word", "bury the hatchet"), opt("means", "reconcile"))
    assert "Give one word for `word`" in (await harness.reply(phrase))["content"]


async def test_members_cannot_add_synonyms(harness: Harness) -> None:
    state = await synonym(
        harness, "add", opt("word", "kerfuffle"), opt("means", "standoff"), user=harness.standin.member, moderator=False
    )
    assert (await harness.reply(state))["content"] == "Only moderators can change the FAQ."
    assert "kerfuffle" not in harness.bot.service.store.path.read_text()


async def test_removing_a_synonym_suggests_the_added_ones(harness: Harness) -> None:
    state = await synonym(harness, "add", opt("word", "kerfuffle"), opt("means", "standoff"))
    await confirm(harness, state)
    removing = await synonym(harness, "remove", opt("word", "kerfuffle"))
    assert "- synonym: kerfuffle → standoff" in (await harness.reply(removing))["embeds"][0]["description"]
    await confirm(harness, removing)
    assert not harness.bot.engine.ask(QUESTION).answered
    unknown = await synonym(harness, "remove", opt("word", "kerfuffle"))
    assert "is not a synonym moderators added" in (await harness.reply(unknown))["content"]
