"""Moderators keep the FAQ right from Discord, through the stand-in; every request checked against the schema."""

from __future__ import annotations

import asyncio
import copy as copy_module
import random
import threading
import time
from typing import Any

import pytest
import yaml

from bot.core import FAQ, Matcher, load_faq
from bot.core import store as store_module
from bot.core.records import Place
from bot.core.text import normalize
from bot.core.vocabulary import Vocabulary
from bot.discordbot import views
from tests.discord.conftest import Harness
from tests.discord.standin import EPHEMERAL, InteractionState
from tests.paths import KNOWLEDGE, YAML_TEST_CASES


def opt(name: str, value: Any, kind: int = 3) -> dict[str, Any]:
    return {"name": name, "type": kind, "value": value}


def sub(name: str, *options: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"name": name, "type": 1, "options": list(options)}]


@pytest.fixture
def settings_changes(standin: Any) -> dict[str, Any]:
    return {"home_guild_ids": frozenset({int(standin.guild_id)}), "moderator_role": "Moderator"}


async def mod(harness: Harness, command: str, *options: dict[str, Any], **who: Any) -> InteractionState:
    who.setdefault("user", harness.standin.moderator)
    who.setdefault("moderator", True)
    return await harness.standin.slash("faqmod", sub(command, *options), **who)


# How long a Confirm may wait for its save: a deadline for a failure, not a timing (a passing test never waits
# it out). The last of fifty concurrent saves queues behind the other 49, each validated, written and re-indexed:
# 19 s on an idle 2-core machine, over 30 s once under CI's load with the oldest dependencies.
SAVE_WAIT = 180.0


async def confirm(harness: Harness, state: InteractionState, **who: Any) -> InteractionState:
    """Press Confirm and wait for the outcome (saves queue behind each other's under the store's lock)."""
    who.setdefault("user", harness.standin.moderator)
    if who["user"] is harness.standin.moderator:
        who.setdefault("moderator", True)  # Confirm checks the role again
    message = await harness.reply(state)
    clicked = await harness.standin.click(message, "mod:confirm", **who)
    await harness.standin.wait_for_message(
        lambda m: m["id"] == message["id"] and m["content"].startswith(("Saved", "Not", "Undone")), wait=SAVE_WAIT
    )
    return clicked


def final_text(harness: Harness, state: InteractionState) -> str:
    return harness.standin.messages[state.original_id]["content"]  # type: ignore[index]


def ask(harness: Harness, question: str) -> str | None:
    answer = harness.bot.engine.ask(question)
    return answer.entry.id if answer.answered and answer.entry else None


# --- who may edit -----------------------------------------------------------------------------------------------

COMMANDS = [
    ("add", [opt("topic", "background")]),
    ("edit", [opt("entry", "airspace")]),
    ("alias", [opt("entry", "airspace"), opt("phrasing", "flights over iran")]),
    ("remove", [opt("entry", "airspace")]),
    ("reload", []),
    ("history", []),
    ("undo", []),
    ("export", []),
    ("unanswered", []),
    ("stats", []),
]


@pytest.mark.parametrize(("command", "options"), COMMANDS)
async def test_members_other_servers_and_dms_are_refused(
    harness: Harness, command: str, options: list[dict[str, Any]]
) -> None:
    standin = harness.standin
    member = await standin.slash("faqmod", sub(command, *options), user=standin.member)
    assert (await harness.reply(member))["content"] == "Only moderators can change the FAQ."
    dm = await standin.slash("faqmod", sub(command, *options), user=standin.moderator, guild=False)
    assert (await harness.reply(dm))["content"] == "Moderator commands work only in the bot's home server."
    harness.bot.settings = type(harness.bot.settings)(
        **{**harness.bot.settings.__dict__, "home_guild_ids": frozenset()}
    )
    elsewhere = await standin.slash("faqmod", sub(command, *options), user=standin.moderator, manage_guild=True)
    assert (await harness.reply(elsewhere))["content"].startswith(
        "The FAQ can only be changed from the bot's home server"
    )
    for state in (member, dm, elsewhere):
        assert (await harness.reply(state))["flags"] & EPHEMERAL


@pytest.mark.parametrize(("command", "options"), COMMANDS)
async def test_owner_role_and_manage_server_are_allowed(
    harness: Harness, command: str, options: list[dict[str, Any]]
) -> None:
    standin = harness.standin
    for who in (
        {"user": standin.owner},
        {"user": standin.moderator, "moderator": True},
        {"user": standin.other, "manage_guild": True},
    ):
        state = await standin.slash("faqmod", sub(command, *options), **who)
        data = state.response.get("data") or {}
        assert "can't" not in str(data.get("content")) and "Only moderators" not in str(data.get("content"))
        assert state.response["type"] in (4, 5, 9)
        if state.response["type"] == 5:  # deferred: the answer follows (before the next user, or the bot closing)
            await harness.reply(state)


def test_moderator_commands_are_hidden_from_members_by_default(harness: Harness) -> None:
    command = next(c for c in harness.standin.commands[None] if c["name"] == "faqmod")
    assert int(command["default_member_permissions"]) == 1 << 5  # Manage Server
    assert command.get("contexts") in ([0], None) and command.get("dm_permission") in (False, None)


# --- changes ----------------------------------------------------------------------------------------------------


async def test_alias_shows_a_diff_then_saves_on_confirm(harness: Harness) -> None:
    assert ask(harness, "the skyway embargo thing") != "airspace"
    state = await mod(harness, "alias", opt("entry", "airspace"), opt("phrasing", "the skyway embargo thing"))
    embed = (await harness.reply(state))["embeds"][0]
    assert embed["title"] == "Add a phrasing to `airspace`?"
    assert "+ `airspace` alternate: the skyway embargo thing" in embed["description"]
    assert "sky closure" not in harness.bot.service.store.path.read_text()  # nothing saved yet
    await confirm(harness, state)
    assert final_text(harness, state).startswith("Saved: alias airspace")
    assert ask(harness, "the skyway embargo thing") == "airspace"  # served at once
    saved = load_faq(harness.bot.service.store.path, harness.bot.engine.faq.article)
    assert "the skyway embargo thing" in saved.get("airspace").alternates  # type: ignore[union-attr]
    audit = harness.bot.service.store.audit.rows("audit")
    assert audit[-1]["user_id"] == int(harness.standin.moderator["id"])
    assert audit[-1]["guild_id"] == int(harness.standin.guild_id) and audit[-1]["entry"] == "airspace"


async def test_only_the_invoker_can_confirm(harness: Harness) -> None:
    state = await mod(harness, "alias", opt("entry", "airspace"), opt("phrasing", "airline rules iran"))
    message = await harness.reply(state)
    other = await harness.standin.click(message, "mod:confirm", user=harness.standin.owner)
    assert "Only the moderator who made this change" in (await harness.reply(other))["content"]
    cancel = await harness.standin.click(message, "mod:cancel", user=harness.standin.moderator, moderator=True)
    assert cancel.response["type"] == 7 and "Cancelled" in harness.standin.messages[message["id"]]["content"]
    assert "airline rules iran" not in harness.bot.service.store.path.read_text()


async def test_add_opens_a_form_and_validates_quotes_against_the_article(harness: Harness) -> None:
    standin = harness.standin
    opened = await mod(harness, "add", opt("topic", "background"), opt("related", "multilateral-forums"))
    assert opened.response["type"] == 9
    values = {
        "question": "Are Pakistan and Iran important in regional forums?",
        "alternates": "regional forum actors\nare they important in forums",
        "answer": "The article says they are important actors in many forums.",
        "quotes": "Pakistan and Iran are key actors in many forums.",
    }
    refused = await standin.submit(opened, values, user=standin.moderator, moderator=True)
    content = (await harness.reply(refused))["content"]
    assert content.startswith("Not saved. Fix these and try again:")
    assert 'quote 1 is not verbatim in the article; closest passage (paragraph 17): "Pakistan and Iran are ' in content
    opened = await mod(harness, "add", opt("topic", "background"), opt("related", "multilateral-forums"))
    values["quotes"] = "Pakistan and Iran are important actors in many regional and trans-regional multilateral forums."
    proposed = await standin.submit(opened, values, user=standin.moderator, moderator=True)
    assert (
        "+ new entry `are-pakistan-and-iran-important-in-regional-forums`"
        in ((await harness.reply(proposed))["embeds"][0]["description"])
    )
    await confirm(harness, proposed)
    assert ask(harness, "regional forum actors") == "are-pakistan-and-iran-important-in-regional-forums"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("alternates", "iranian airspace", "phrasing 'iranian airspace' is also used by entry 'airspace'"),
        ("question", "What did Pakistan tell its airlines about Iranian airspace?", "is also used by entry 'airspace'"),
    ],
)
async def test_duplicate_phrasing_is_refused(harness: Harness, field: str, value: str, message: str) -> None:
    opened = await mod(harness, "add", opt("topic", "responses"))
    values = {
        "question": "A new question about flights?",
        "alternates": "",
        "answer": "The article says something.",
        "quotes": "asked the Pakistani airlines not to use Iranian airspace.",
        field: value,
    }
    refused = await harness.standin.submit(opened, values, user=harness.standin.moderator, moderator=True)
    assert message in (await harness.reply(refused))["content"]


async def test_edit_form_is_prefilled_and_a_stale_edit_is_refused(harness: Harness) -> None:
    standin = harness.standin
    opened = await mod(harness, "edit", opt("entry", "airspace"))
    fields = {c["component"]["custom_id"]: c["component"] for c in opened.response["data"]["components"]}
    assert fields["question"]["value"] == "What did Pakistan tell its airlines about Iranian airspace?"
    assert "iranian airspace" in fields["alternates"]["value"].splitlines()
    # someone else changes the entry while this form is open
    other = await mod(
        harness,
        "alias",
        opt("entry", "airspace"),
        opt("phrasing", "pakistani flights banned"),
        user=standin.owner,
        moderator=False,
    )
    await confirm(harness, other, user=standin.owner)
    submitted = await standin.submit(
        opened, {"answer": "The article says: mine now."}, user=standin.moderator, moderator=True
    )
    assert "changed by someone else since you opened it" in (await harness.reply(submitted))["content"]
    assert "mine now" not in harness.bot.service.store.path.read_text()


async def test_editing_an_entry_in_the_form_keeps_the_questions_members_asked(harness: Harness) -> None:
    path = harness.bot.service.store.path
    data = yaml.safe_load(path.read_text())
    asked = ["bruh did pak just ban its planes from iran's sky??", "pak airlines iran route still ok?"]
    next(e for e in data["entries"] if e["id"] == "airspace")["asked"] = asked
    path.write_text(store_module.dump(data))
    await harness.bot.check_disk()
    assert ask(harness, "pak airlines iran route still ok?") == "airspace"
    opened = await mod(harness, "edit", opt("entry", "airspace"))
    shown = " ".join(str(c["component"].get("value")) for c in opened.response["data"]["components"])
    assert "ban its planes" not in shown  # not in the form, so a moderator cannot drop them by accident
    proposed = await harness.standin.submit(
        opened,
        {"answer": "The article says Pakistan kept its airlines out."},
        user=harness.standin.moderator,
        moderator=True,
    )
    await confirm(harness, proposed)
    saved = harness.bot.engine.faq.get("airspace")
    assert saved is not None and saved.answer == "The article says Pakistan kept its airlines out."
    assert list(saved.asked) == asked


async def test_remove_asks_then_removes(harness: Harness) -> None:
    state = await mod(harness, "remove", opt("entry", "airspace"))
    assert "- removed entry `airspace`" in (await harness.reply(state))["embeds"][0]["description"]
    await confirm(harness, state)
    assert harness.bot.engine.faq.get("airspace") is None
    assert all("airspace" not in e.related for e in harness.bot.engine.faq)


async def test_over_long_phrasing_is_refused(harness: Harness) -> None:
    state = await mod(harness, "alias", opt("entry", "airspace"), opt("phrasing", "x" * 151))
    position = len(harness.bot.engine.faq.get("airspace").alternates) + 1  # type: ignore[union-attr]
    assert f"alternate {position} is 151 characters; the limit is 150" in (await harness.reply(state))["content"]


async def test_history_and_undo(harness: Harness) -> None:
    state = await mod(harness, "alias", opt("entry", "davos-meeting"), opt("phrasing", "swiss resort meeting"))
    await confirm(harness, state)
    history = await mod(harness, "history", opt("entry", "davos-meeting"))
    line = (await harness.reply(history))["embeds"][0]["description"].splitlines()[0]
    assert f"<@{harness.standin.moderator['id']}> **alias** alias davos-meeting: swiss resort meeting" in line
    undo = await mod(harness, "undo")
    assert (await harness.reply(undo))["embeds"][0]["title"] == "Undo: alias davos-meeting: swiss resort meeting?"
    await confirm(harness, undo)
    assert final_text(harness, undo) == "Undone: alias davos-meeting: swiss resort meeting."
    assert "swiss resort meeting" not in harness.bot.engine.faq.get("davos-meeting").alternates  # type: ignore[union-attr]
    nothing = await mod(harness, "undo")
    assert (await harness.reply(nothing))["content"] == "Nothing to undo."


async def test_export_attaches_the_yaml(harness: Harness) -> None:
    state = await mod(harness, "export")
    assert (await harness.reply(state))["flags"] & EPHEMERAL
    name, content = harness.standin.uploads[-1]
    assert name == "faq.yaml"
    data = yaml.safe_load(content)
    assert len(data["entries"]) == 41


async def test_import_validates_shows_changes_and_replaces_on_confirm(harness: Harness) -> None:
    standin = harness.standin
    text = harness.bot.service.store.path.read_text().replace(
        "      - iranian airspace\n", "      - iranian airspace\n      - imported phrasing\n"
    )
    upload = standin.attachment("faq.yaml", text.encode())
    await mod(harness, "import", opt("file", upload["id"], 11), resolved={"attachments": {upload["id"]: upload}})
    proposal = await standin.wait_for_message(
        lambda m: m.get("embeds") and "Replace the FAQ" in m["embeds"][0].get("title", "")
    )
    assert "+ `airspace` alternate: imported phrasing" in proposal["embeds"][0]["description"]
    clicked = await standin.click(proposal, "mod:confirm", user=standin.moderator, moderator=True)
    assert clicked.response["type"] == 6
    await standin.wait_for_message(lambda m: m["id"] == proposal["id"] and m["content"].startswith("Saved: import"))
    assert "imported phrasing" in harness.bot.engine.faq.get("airspace").alternates  # type: ignore[union-attr]


@pytest.mark.parametrize("case", ["236B", "2CMS", "3HFZ"])  # invalid YAML from the YAML test suite
async def test_malformed_or_oversized_import_is_refused(harness: Harness, case: str) -> None:
    standin = harness.standin
    before = harness.bot.service.store.path.read_text()
    content = (YAML_TEST_CASES / case / "in.yaml").read_bytes()
    upload = standin.attachment("broken.yaml", content)
    await mod(harness, "import", opt("file", upload["id"], 11), resolved={"attachments": {upload["id"]: upload}})
    refusal = await standin.wait_for_message(lambda m: m["content"].startswith("Not imported"))
    assert "YAML syntax error (line" in refusal["content"]
    big = standin.attachment("huge.yaml", b"# " + b"x" * (300 * 1024))
    huge = await mod(harness, "import", opt("file", big["id"], 11), resolved={"attachments": {big["id"]: big}})
    assert "the limit is 256 KB" in (await harness.reply(huge))["content"]
    assert harness.bot.service.store.path.read_text() == before


async def test_fifty_concurrent_edits_from_several_moderators(harness: Harness) -> None:
    standin = harness.standin
    people = [
        {"user": standin.moderator, "moderator": True},
        {"user": standin.owner},
        {"user": standin.other, "manage_guild": True},
    ]
    targets = ["airspace", "davos-meeting", "irgc", "naval-exercise", "fm-visit"]

    async def one(n: int) -> None:
        who = people[n % 3]
        state = await mod(
            harness, "alias", opt("entry", targets[n % 5]), opt("phrasing", f"parallel phrasing {n}"), **who
        )
        await confirm(harness, state, **who)

    await asyncio.gather(*(one(n) for n in range(50)))
    saved = load_faq(harness.bot.service.store.path, harness.bot.engine.faq.article)
    added = {a for e in saved for a in e.alternates if a.startswith("parallel phrasing")}
    assert added == {f"parallel phrasing {n}" for n in range(50)}
    assert {a for e in harness.bot.engine.faq for a in e.alternates if a.startswith("parallel")} == added


@pytest.mark.parametrize("step", ["fsync", "replace"])
async def test_failed_save_keeps_the_old_faq_and_says_so(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    before = harness.bot.service.store.path.read_text()
    served = harness.bot.engine.faq
    state = await mod(harness, "alias", opt("entry", "airspace"), opt("phrasing", "disk is full today"))

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.os, step, boom)
    harness.expected_errors = 1  # the failed save is logged for the operator
    await confirm(harness, state)
    text = final_text(harness, state)
    assert text.startswith("Not saved: could not") and "No space left on device" in text
    assert text.endswith("The FAQ is unchanged; try again, or tell the bot's operator.")
    assert harness.bot.service.store.path.read_text() == before and harness.bot.engine.faq is served


# --- the file on disk -------------------------------------------------------------------------------------------


async def test_external_edit_is_swapped_in_or_refused(harness: Harness) -> None:
    path = harness.bot.service.store.path
    text = path.read_text().replace("      - iranian airspace\n", "      - iranian airspace\n      - pulled from git\n")
    path.write_text(text)
    await harness.bot.check_disk()
    assert ask(harness, "pulled from git") == "airspace"
    served = harness.bot.engine.faq
    path.write_text(text.replace("Iran provides 200MW", "Iran provides 300MW"))
    await harness.bot.check_disk()
    assert harness.bot.engine.faq is served
    reload = await mod(harness, "reload")
    assert "has problems; still serving the previous FAQ" in (await harness.reply(reload))["content"]
    assert "quote 2 is not verbatim" in (await harness.reply(reload))["content"]


class SlowIndex:
    """Builds each index only after ``delay`` seconds (in the worker thread): a big FAQ on a busy machine."""

    def __init__(self, delay: float) -> None:
        self.delay = delay

    def __call__(self, faq: FAQ, vocabulary: Vocabulary) -> Matcher:
        time.sleep(self.delay)
        return Matcher(faq, vocabulary)


class TestDiskWatch:
    @pytest.fixture
    def build_index(self) -> SlowIndex:
        return SlowIndex(0.6)

    async def test_a_look_at_the_disk_while_another_is_building_returns_once_the_edit_is_served(
        self, harness: Harness
    ) -> None:
        """The periodic watch and a direct look overlap: the second used to find "no change" and return while
        the first was still building the index, so the edit was not yet served (a flaky test on a busy machine)."""
        path = harness.bot.service.store.path
        path.write_text(
            path.read_text().replace("      - iranian airspace\n", "      - iranian airspace\n      - from git\n")
        )
        first = asyncio.create_task(harness.bot.check_disk())
        await asyncio.sleep(0.2)  # the first look has read the file and is building its index
        await harness.bot.check_disk()
        assert ask(harness, "from git") == "airspace"
        await first


async def test_moderator_log_channel_gets_audit_and_disk_problems(harness: Harness) -> None:
    from dataclasses import replace

    harness.bot.settings = replace(
        harness.bot.settings,
        mod_log_channel_id=int(harness.standin.channel_id),
        home_guild_ids=frozenset({int(harness.standin.guild_id)}),
    )
    state = await mod(harness, "alias", opt("entry", "irgc"), opt("phrasing", "guards corps of iran"))
    await confirm(harness, state)
    path = harness.bot.service.store.path
    path.write_text(path.read_text().replace("Iran provides 200MW", "Iran provides 300MW"))
    await harness.bot.check_disk()
    posts = [
        m["content"]
        for m in harness.standin.messages.values()
        if m["channel_id"] == harness.standin.channel_id
        and m["author"]["id"] == harness.standin.bot_user["id"]
        and m["content"]
    ]
    assert any("alias irgc: guards corps of iran" in p for p in posts)
    assert any(p.startswith("The FAQ file changed on disk but has problems") for p in posts)


# --- the unanswered queue, end to end ---------------------------------------------------------------------------


async def test_unanswered_queue_to_alternate_phrasing_and_then_answered(harness: Harness) -> None:
    standin = harness.standin
    question = "is it safe for tourists to fly to tehran"
    first = await standin.slash("ask", [opt("question", question)])
    assert (await harness.reply(first))["embeds"][0]["title"] == "Not covered"
    await standin.slash("ask", [opt("question", question + "?")], user=standin.other)
    queue = await mod(harness, "unanswered")
    embed = (await harness.reply(queue))["embeds"][0]
    assert embed["description"].startswith(f"**2×** {question}")
    message = await harness.reply(queue)
    await standin.click(message, "queue:pick", values=["0"], user=standin.moderator)
    updated = standin.messages[message["id"]]
    alias_button = next(
        c for row in updated["components"] for c in row["components"] if c.get("custom_id") == "queue:alias"
    )
    assert not alias_button["disabled"] and alias_button["label"] == "Add as phrasing to airspace"  # nearest
    proposed = await standin.click(updated, "queue:alias", user=standin.moderator)
    assert f"+ `airspace` alternate: {question}" in (await harness.reply(proposed))["embeds"][0]["description"]
    await confirm(harness, proposed)
    again = await standin.slash("ask", [opt("question", question)])
    assert (await harness.reply(again))["embeds"][0][
        "title"
    ] == "What did Pakistan tell its airlines about Iranian airspace?"
    after = await mod(harness, "unanswered")
    assert question not in (await harness.reply(after))["embeds"][0]["description"]  # handled questions leave the queue


async def test_queue_dismiss_and_new_entry_form(harness: Harness) -> None:
    standin = harness.standin
    await standin.slash("ask", [opt("question", "what is the capital of mongolia")])
    queue = await mod(harness, "unanswered")
    message = await harness.reply(queue)
    await standin.click(message, "queue:pick", values=["0"], user=standin.moderator)
    form = await standin.click(standin.messages[message["id"]], "queue:new", user=standin.moderator)
    assert form.response["type"] == 9
    question = next(
        c["component"] for c in form.response["data"]["components"] if c["component"]["custom_id"] == "question"
    )
    assert question["value"] == "what is the capital of mongolia"
    await standin.click(standin.messages[message["id"]], "queue:dismiss", user=standin.moderator)
    assert "Nothing waiting" in standin.messages[message["id"]]["embeds"][0]["description"]


def queue_questions(harness: Harness, *questions: str) -> None:
    for question in questions:
        harness.bot.records.add_unanswered(question, "not_covered", [], Place(int(harness.standin.guild_id), 1))


def pick_options(message: dict[str, Any]) -> list[dict[str, Any]]:
    select = next(c for row in message["components"] for c in row["components"] if c.get("custom_id") == "queue:pick")
    return select["options"]


TRAVEL = ["is it safe for tourists to fly to tehran", "is it safe for tourists to fly to tehran?"]
MONGOLIA = ["what is the capital of mongolia"]


async def test_unanswered_is_acknowledged_at_once_then_sent_as_a_follow_up(harness: Harness) -> None:
    queue_questions(harness, *TRAVEL, *MONGOLIA)
    state = await mod(harness, "unanswered")
    assert state.response["type"] == 5 and state.response["data"]["flags"] & EPHEMERAL  # deferred, privately
    message = await harness.reply(state)
    assert message["flags"] & EPHEMERAL
    assert message["embeds"][0]["description"].splitlines() == [
        f"**2×** {TRAVEL[0]} · nearest: `airspace`",
        f"**1×** {MONGOLIA[0]}",
    ]
    assert [o["label"] for o in pick_options(message)] == [TRAVEL[0], MONGOLIA[0]]


def distinct_questions(count: int, seed: int = 5) -> list[str]:
    """Different questions made of the article's words, as many as the records hold."""
    words = sorted(set(normalize((KNOWLEDGE / "article.txt").read_text()).split()))
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < count:
        out.add(" ".join(rng.sample(words, rng.randint(3, 8))))
    return sorted(out)


async def test_five_thousand_queued_questions_are_acknowledged_within_the_deadline(harness: Harness) -> None:
    questions = distinct_questions(5000)
    await asyncio.to_thread(queue_questions, harness, *questions)
    assert len(harness.bot.records.unanswered()) == 5000
    state = await mod(harness, "unanswered")
    assert state.response["type"] == 5  # the stand-in also refuses (and the test fails on) an answer after 3 s
    assert time.monotonic() - state.created < harness.standin.deadline
    message = await harness.reply(state, 30)
    assert len(message["embeds"][0]["description"].splitlines()) == 25 and len(pick_options(message)) == 25


async def test_adding_a_phrasing_dismisses_the_group_picked_when_pressed(harness: Harness) -> None:
    standin = harness.standin
    queue_questions(harness, *TRAVEL, *MONGOLIA)
    message = await harness.reply(await mod(harness, "unanswered"))
    await standin.click(message, "queue:pick", values=["0"], user=standin.moderator)
    proposed = await standin.click(standin.messages[message["id"]], "queue:alias", user=standin.moderator)
    assert f"+ `airspace` alternate: {TRAVEL[0]}" in (await harness.reply(proposed))["embeds"][0]["description"]
    # before confirming, the moderator picks the other group in the queue message
    await standin.click(standin.messages[message["id"]], "queue:pick", values=["1"], user=standin.moderator)
    assert [o.get("default", False) for o in pick_options(standin.messages[message["id"]])] == [False, True]
    await confirm(harness, proposed)
    assert final_text(harness, proposed).startswith("Saved: alias airspace")
    assert harness.bot.records.dismissed() == set(TRAVEL)  # the group added as a phrasing, not the one picked since
    again = await harness.reply(await mod(harness, "unanswered"))
    assert again["embeds"][0]["description"] == f"**1×** {MONGOLIA[0]}"


async def test_dismiss_removes_the_group_picked_when_pressed(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    standin = harness.standin
    records = harness.bot.records
    queue_questions(harness, *TRAVEL, *MONGOLIA)
    message = await harness.reply(await mod(harness, "unanswered"))
    await standin.click(message, "queue:pick", values=["0"], user=standin.moderator)
    writing, written = threading.Event(), threading.Event()
    dismiss = records.dismiss

    def slow_dismiss(questions: list[str]) -> None:  # another pick arrives while the dismissal is written
        writing.set()
        written.wait(5)
        dismiss(questions)

    monkeypatch.setattr(records, "dismiss", slow_dismiss)
    pressed = asyncio.create_task(
        standin.click(standin.messages[message["id"]], "queue:dismiss", user=standin.moderator)
    )
    while not writing.is_set():
        await asyncio.sleep(0.01)
    await standin.click(standin.messages[message["id"]], "queue:pick", values=["1"], user=standin.moderator)
    written.set()
    assert (await pressed).response["type"] == 7
    assert records.dismissed() == set(TRAVEL)
    shown = standin.messages[message["id"]]
    assert shown["embeds"][0]["description"] == f"**1×** {MONGOLIA[0]}"  # the dismissed group left, the other stays
    assert [o["label"] for o in pick_options(shown)] == [MONGOLIA[0]]


async def test_queue_buttons_are_disabled_on_timeout(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    standin = harness.standin
    # The queue lives as long as its reply's token (15 minutes, scaled down to 3 s here), less a margin.
    monkeypatch.setattr(views, "TOKEN_LIFETIME", 3.0)
    monkeypatch.setattr(views, "TOKEN_MARGIN", 1.2)
    standin.faults.token_lifetime = 3.0
    queue_questions(harness, *TRAVEL, *MONGOLIA)
    state = await mod(harness, "unanswered")
    message = await harness.reply(state)
    await standin.click(message, "queue:pick", values=["0"], user=standin.moderator)
    await standin.click(standin.messages[message["id"]], "queue:dismiss", user=standin.moderator)

    def items() -> list[dict[str, Any]]:
        return [c for row in standin.messages[message["id"]]["components"] for c in row["components"]]

    while time.monotonic() - state.created < 1.2:  # the view that replaced the dismissing one is in use
        await asyncio.sleep(0.1)
        assert not any(c.get("disabled") for c in items() if c["custom_id"] == "queue:pick")
        await standin.click(standin.messages[message["id"]], "queue:pick", values=["0"], user=standin.moderator)
    await asyncio.sleep(state.created + 3.0 - time.monotonic())  # the token's end: it kept the first view's deadline
    assert all(c["disabled"] for c in items())
    assert standin.faults.rejected == []  # disabled while the token still worked
    assert [o["label"] for o in pick_options(standin.messages[message["id"]])] == [MONGOLIA[0]]


async def test_stats(harness: Harness) -> None:
    standin = harness.standin
    for question in ("davos meeting", "davos", "irgc", "recipe for biryani"):
        await standin.slash("ask", [opt("question", question)])
    state = await mod(harness, "stats")
    fields = {f["name"]: f["value"] for f in (await harness.reply(state))["embeds"][0]["fields"]}
    assert fields["Questions asked"] == "4" and fields["Answer rate"] == "75%" and fields["Open unanswered"] == "1"
    assert fields["Most asked"].startswith("2× What happened at Davos before the strikes?")


async def test_duplicate_id_is_refused(harness: Harness) -> None:
    opened = await mod(harness, "add", opt("topic", "background"), opt("id", "airspace"))
    values = {
        "question": "Another question entirely?",
        "alternates": "",
        "answer": "The article says something.",
        "quotes": "Pakistan and Iran are important actors in many regional and trans-regional multilateral forums.",
    }
    refused = await harness.standin.submit(opened, values, user=harness.standin.moderator, moderator=True)
    assert (await harness.reply(refused))["content"] == (
        "Not saved: an entry with id 'airspace' already exists; choose another id."
    )


# --- Confirm: once, privately, and only by someone who still may ------------------------------------------------


def audit(harness: Harness) -> list[dict[str, Any]]:
    """The audit log, oldest first, as the store keeps it."""
    return [vars(record) for record in harness.bot.service.store._read_audit()]


async def test_a_double_click_on_confirm_saves_once(harness: Harness) -> None:
    standin = harness.standin
    revision = harness.bot.service.revision
    state = await mod(harness, "alias", opt("entry", "airspace"), opt("phrasing", "pressed twice in a row"))
    message = await harness.reply(state)
    who = {"user": standin.moderator, "moderator": True}
    clicks = await asyncio.gather(  # both dispatched before the bot has handled either
        standin.click(message, "mod:confirm", **who), standin.click(message, "mod:confirm", **who)
    )
    assert all(click.responses for click in clicks), "a click got no response: Discord says 'interaction failed'"
    assert sorted(click.response["type"] for click in clicks) == [4, 6]  # the save is acknowledged, the other told
    notice = next(click.response["data"] for click in clicks if click.response["type"] == 4)
    assert notice["content"] == "Already confirmed; saving it once." and notice["flags"] & EPHEMERAL
    outcome = await standin.wait_for_message(lambda m: m["id"] == message["id"] and m["content"].startswith("Saved"))
    assert outcome["content"] == "Saved: alias airspace: pressed twice in a row. Members get the new answer now."
    assert harness.bot.service.revision == revision + 1
    assert [record["summary"] for record in audit(harness)] == ["alias airspace: pressed twice in a row"]
    assert harness.bot.service.store.path.read_text().count("pressed twice in a row") == 1
    assert harness.bot.engine.faq.get("airspace").alternates.count("pressed twice in a row") == 1  # type: ignore[union-attr]


async def test_a_second_click_while_the_first_is_saving_is_told_so(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    standin = harness.standin
    service = harness.bot.service
    saving, release = threading.Event(), threading.Event()
    save = service.save

    def slow_save(*args: Any, **kwargs: Any) -> Any:  # the first click's save is still running
        saving.set()
        release.wait(5)
        return save(*args, **kwargs)

    monkeypatch.setattr(service, "save", slow_save)
    state = await mod(harness, "alias", opt("entry", "irgc"), opt("phrasing", "guards pressed twice"))
    message = await harness.reply(state)
    first = await standin.click(message, "mod:confirm", user=standin.moderator, moderator=True)
    assert first.response["type"] == 6
    while not saving.is_set():
        await asyncio.sleep(0.01)
    second = await standin.click(message, "mod:confirm", user=standin.moderator, moderator=True)
    assert second.responses, "the second click got no response: Discord says 'interaction failed'"
    assert second.response["data"]["content"] == "Already confirmed; saving it once."
    assert second.response["data"]["flags"] & EPHEMERAL
    cancel = await standin.click(message, "mod:cancel", user=standin.moderator, moderator=True)
    assert cancel.response["data"]["content"] == "This change was already confirmed."
    release.set()
    await standin.wait_for_message(lambda m: m["id"] == message["id"] and m["content"].startswith("Saved"))
    assert [record["summary"] for record in audit(harness)] == ["alias irgc: guards pressed twice"]


async def test_confirm_is_refused_when_the_role_was_removed_after_the_preview(harness: Harness) -> None:
    standin = harness.standin
    store = harness.bot.service.store
    before, revision = store.path.read_text(), harness.bot.service.revision
    state = await mod(harness, "alias", opt("entry", "airspace"), opt("phrasing", "role taken away meanwhile"))
    message = await harness.reply(state)
    assert "+ `airspace` alternate: role taken away meanwhile" in message["embeds"][0]["description"]
    # the Moderator role is removed (and they never had Manage Server); then they press Confirm
    refused = await standin.click(message, "mod:confirm", user=standin.moderator, moderator=False)
    reply = await harness.reply(refused)
    assert reply["content"] == "Only moderators can change the FAQ." and reply["flags"] & EPHEMERAL
    await asyncio.sleep(0.3)  # nothing is saved in the background either
    assert store.path.read_text() == before and harness.bot.service.revision == revision and audit(harness) == []
    assert "role taken away meanwhile" not in harness.bot.engine.faq.get("airspace").alternates  # type: ignore[union-attr]
    assert not standin.messages[message["id"]]["content"].startswith("Saved")


# --- every reply to a moderator is private ----------------------------------------------------------------------

NEW_ENTRY = {
    "question": "Are Pakistan and Iran important in regional forums?",
    "alternates": "regional forum actors",
    "answer": "The article says they are important actors in many forums.",
    "quotes": "Pakistan and Iran are important actors in many regional and trans-regional multilateral forums.",
}
CONFIRMED = ("add", "edit", "alias", "remove", "undo", "import")


@pytest.mark.parametrize(
    "command",
    ["add", "edit", "alias", "remove", "reload", "history", "undo", "export", "import", "unanswered", "stats"],
)
async def test_every_moderator_reply_is_ephemeral(harness: Harness, command: str) -> None:
    standin = harness.standin
    service = harness.bot.service
    queue_questions(harness, *TRAVEL)
    assert (await asyncio.to_thread(service.save, store_module.add_alias("irgc", "something to undo"))).ok
    if command in ("add", "edit"):
        opened = await mod(
            harness, command, opt("topic", "background") if command == "add" else opt("entry", "airspace")
        )
        assert opened.response["type"] == 9  # a form; what the moderator sees is the reply to submitting it
        values = NEW_ENTRY if command == "add" else {"answer": "The article says: an edited answer."}
        state = await standin.submit(opened, values, user=standin.moderator, moderator=True)
    elif command == "import":
        text = service.store.path.read_text().replace(
            "      - iranian airspace\n", "      - iranian airspace\n      - imported\n"
        )
        upload = standin.attachment("faq.yaml", text.encode())
        state = await mod(
            harness, "import", opt("file", upload["id"], 11), resolved={"attachments": {upload["id"]: upload}}
        )
    else:
        options = {
            "alias": [opt("entry", "airspace"), opt("phrasing", "flights over iran")],
            "remove": [opt("entry", "airspace")],
        }
        state = await mod(harness, command, *options.get(command, []))
    assert state.response["type"] == 5 and state.response["data"]["flags"] & EPHEMERAL  # acknowledged privately
    reply = await harness.reply(state, 15)
    assert reply["flags"] & EPHEMERAL
    if command in CONFIRMED:
        assert reply["embeds"][0]["footer"]["text"] == "Nothing is saved until you confirm."
        await confirm(harness, state)
        final = standin.messages[reply["id"]]
        assert final["content"].startswith(("Saved", "Undone")) and final["flags"] & EPHEMERAL
    made = [m for m in standin.messages.values() if m["author"]["id"] == standin.bot_user["id"]]
    assert made and all(m["flags"] & EPHEMERAL for m in made)  # nothing the bot sent was public


# --- the save race, through Discord -----------------------------------------------------------------------------


class NewestFirst:
    """The FAQ service's index builder for the race test: every build is parked until the test lets it finish,
    so builds can be made to finish in the adversarial order, the newest revision's first and the oldest last."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.parked: list[tuple[frozenset[str], threading.Event]] = []  # the race phrasings each build serves

    def __call__(self, faq: FAQ, vocabulary: Vocabulary) -> Matcher:
        matcher = Matcher(faq, vocabulary)
        go = threading.Event()
        with self.lock:
            self.parked.append((race_phrasings(faq), go))
        assert go.wait(20), "the test never let this index build finish"
        return matcher

    async def all_parked(self, count: int) -> list[tuple[frozenset[str], threading.Event]]:
        deadline = time.monotonic() + 10
        while len(self.parked) < count:
            assert time.monotonic() < deadline, f"{len(self.parked)} of {count} index builds started"
            await asyncio.sleep(0.01)
        with self.lock:
            parked, self.parked = self.parked, []
        return sorted(parked, key=lambda build: len(build[0]))


def race_phrasings(faq: FAQ) -> frozenset[str]:
    return frozenset(a for e in faq for a in e.alternates if a.startswith("race phrasing"))


class TestSaveRace:
    @pytest.fixture
    def build_index(self) -> NewestFirst:
        return NewestFirst()

    async def test_members_are_served_the_newest_saved_faq_whatever_order_the_indexes_finish_in(
        self, harness: Harness, build_index: NewestFirst
    ) -> None:
        """Rounds of concurrent saves by three moderators; in each, every save is on disk before any index is
        ready, and the indexes finish newest first, oldest last: the order in which installing whatever finished
        last served an older FAQ. After each index finishes, members are served the newest saved revision, which
        is the file on disk and what export gives."""
        standin, service = harness.standin, harness.bot.service
        people = [
            {"user": standin.moderator, "moderator": True},
            {"user": standin.owner},
            {"user": standin.other, "manage_guild": True},
        ]
        targets = ["airspace", "davos-meeting", "irgc", "naval-exercise", "fm-visit"]
        saves = 4  # at once: each parked build holds one of the event loop's worker threads
        for round_ in range(4):
            phrasings = [f"race phrasing {round_} {n}" for n in range(saves)]
            who = [people[(round_ + n) % 3] for n in range(saves)]
            states = await asyncio.gather(
                *(
                    mod(harness, "alias", opt("entry", targets[n % 5]), opt("phrasing", phrasings[n]), **who[n])
                    for n in range(saves)
                )
            )
            messages = {phrasings[n]: await harness.reply(states[n]) for n in range(saves)}
            served_before = race_phrasings(harness.bot.engine.faq)
            clicks = await asyncio.gather(
                *(standin.click(messages[phrasings[n]], "mod:confirm", **who[n]) for n in range(saves))
            )
            assert [click.response["type"] for click in clicks] == [6] * saves  # acknowledged at once
            builds = await build_index.all_parked(saves)
            newest = service.store.revision
            assert [len(served) for served, _ in builds] == [len(served_before) + n for n in range(1, saves + 1)]
            assert race_phrasings(service.store.faq) == builds[-1][0]  # every save is on disk, none served yet
            assert race_phrasings(harness.bot.engine.faq) == served_before
            previous = [served_before, *(served for served, _ in builds[:-1])]
            for (served, go), before in reversed(list(zip(builds, previous, strict=True))):
                go.set()
                (own,) = served - before  # the phrasing this save added: its moderator's message shows the outcome
                shown = messages[own]["id"]
                await standin.wait_for_message(
                    lambda m, shown=shown: m["id"] == shown and m["content"].startswith("Saved"), wait=10
                )
                on_disk = load_faq(service.store.path, harness.bot.engine.faq.article)
                assert harness.bot.engine.revision == newest == service.store.revision
                assert race_phrasings(harness.bot.engine.faq) == race_phrasings(on_disk) == builds[-1][0]
            assert service.export() == service.store.path.read_text()  # export gives the file, not a stale FAQ
        assert len(race_phrasings(harness.bot.engine.faq)) == 4 * saves


# --- a large import while members ask ---------------------------------------------------------------------------

UPLOAD_BYTES = 256 * 1024 - 1000  # about 256 KiB: just under the import's limit


def big_upload(kind: str, faq: FAQ) -> bytes:
    """About 256 KiB of short aliases. ``yaml-aliases``: the shipped FAQ with its first entry repeated by six-byte
    YAML aliases (``- *e``), tens of thousands of entries in all; ``alternates``: a valid FAQ of copies of the
    shipped entries, each with 60 short alternate phrasings."""
    if kind == "yaml-aliases":
        text = (
            (KNOWLEDGE / "faq.yaml").read_text().replace("  - id: what-happened\n", "  - &e\n    id: what-happened\n")
        )
        return (text + "  - *e\n" * ((UPLOAD_BYTES - len(text.encode())) // 7)).encode()
    data = faq.to_data()

    def copy(n: int) -> dict[str, Any]:
        entry = {**copy_module.deepcopy(data["entries"][n % 41]), "id": f"copy-{n}", "question": f"Copied {n}?"}
        entry["alternates"] = [f"copy {n} phrasing {k}" for k in range(60)]
        entry.pop("related", None)
        entry.pop("asked", None)
        return entry

    def size() -> int:
        return len(store_module.dump(data).encode())

    base = size()
    data["entries"] += [copy(n) for n in range(41)]
    copies = 41 * (UPLOAD_BYTES - base) // (size() - base)  # as many as fit, on average
    data["entries"][41:] = [copy(n) for n in range(copies)]
    while size() <= UPLOAD_BYTES:
        data["entries"].append(copy(len(data["entries"]) - 41))
    while size() > UPLOAD_BYTES:
        data["entries"].pop()
    return store_module.dump(data).encode()


@pytest.mark.parametrize("kind", ["yaml-aliases", "alternates"])
async def test_a_large_import_is_validated_while_members_ask(
    harness: Harness, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 256 KiB upload of YAML aliases stood for ~30,000 entries: validating it took seconds and hundreds of MB
    and reported every copy; now it is refused at once by the limits. A valid upload of the same size (short
    alternates) is validated, shown and saved. Members asking while it is validated are answered: validation is
    held in its worker thread until they all are, which would freeze the bot if it ran on the event loop (a
    timing-free check; how long validation takes is the benchmark's business)."""
    from bot.discordbot.cogs.moderation import cog as cog_module

    standin = harness.standin
    content = big_upload(kind, harness.bot.engine.faq)
    assert 250 * 1024 < len(content) <= store_module.MAX_IMPORT_BYTES
    validating, members_answered = threading.Event(), threading.Event()
    real_parse = cog_module.parse_faq

    def held_parse(*args: Any, **kwargs: Any) -> FAQ:
        validating.set()
        assert members_answered.wait(20), "members were not answered while the upload was validated"
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(cog_module, "parse_faq", held_parse)
    upload = standin.attachment("big.yaml", content)
    members = [standin.user(f"member-{n}") for n in range(20)]
    questions = ["why did pakistan recall its ambassador?", "davos meeting", "irgc", "who won the world cup"]
    importing = asyncio.create_task(
        mod(harness, "import", opt("file", upload["id"], 11), resolved={"attachments": {upload["id"]: upload}})
    )
    while not validating.is_set():
        await asyncio.sleep(0.01)

    async def member_asks(n: int) -> None:
        state = await standin.slash("ask", [opt("question", questions[n % 4])], user=members[n])
        assert state.responses and state.response["type"] == 4, "a member's /ask got no answer in time"

    await asyncio.gather(*(member_asks(n) for n in range(len(members))))
    members_answered.set()
    reply = await harness.reply(await importing, 30)
    assert reply["flags"] & EPHEMERAL
    if kind == "yaml-aliases":
        faq, copies = harness.bot.engine.faq, content.count(b"  - *e\n")
        phrasings = sum(len(e.phrasings) for e in faq) + copies * len(faq.entries[0].phrasings)
        assert reply["content"] == (
            "Not imported. Fix these and try again:\n"
            f"• the FAQ has {len(faq) + copies:,} entries; the limit is 1,000\n"
            f"• the FAQ has {phrasings:,} phrasings (questions, alternates, asked); the limit is 10,000"
        )
        return
    size = len(yaml.safe_load(content)["entries"])
    assert reply["embeds"][0]["title"] == f"Replace the FAQ with big.yaml ({size} entries)?"
    await confirm(harness, await importing)
    assert final_text(harness, await importing) == "Saved: import big.yaml. Members get the new answer now."
    assert len(harness.bot.engine.faq) == size and harness.bot.engine.faq.get(f"copy-{size - 42}") is not None
