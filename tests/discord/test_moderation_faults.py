"""Moderators' tools when production Discord misbehaves: tokens that expire, a slow attachment CDN.

The queue and Confirm / Cancel live on private replies that only the command's token can edit, for 15 minutes from
the command. Tests scale those 15 minutes down on both sides (the bot's ``views.TOKEN_LIFETIME`` and the stand-in's
``faults.token_lifetime``, which refuses a late edit with 50027) and check the buttons are disabled in time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest

from bot.discordbot import views
from tests.discord.conftest import Harness
from tests.discord.standin import StandIn
from tests.discord.test_moderation import MONGOLIA, TRAVEL, audit, confirm, mod, opt, queue_questions

LIFETIME = 3.0  # an interaction token's 15 minutes, scaled down
MARGIN = 1.0  # the bot disables a token-bound view this long before the token expires


@pytest.fixture
def settings_changes(standin: Any) -> dict[str, Any]:
    return {"home_guild_ids": frozenset({int(standin.guild_id)}), "moderator_role": "Moderator"}


@pytest.fixture
def short_tokens(standin: StandIn, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "TOKEN_LIFETIME", LIFETIME)
    monkeypatch.setattr(views, "TOKEN_MARGIN", MARGIN)
    standin.faults.token_lifetime = LIFETIME


def items(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message["components"] for c in row["components"]]


async def eventually(condition: Callable[[], bool], wait: float) -> None:
    deadline = time.monotonic() + wait
    while not condition():
        assert time.monotonic() < deadline, "not in time"
        await asyncio.sleep(0.05)


def webhook_edits(standin: StandIn) -> list[Any]:
    return standin.requests_to("PATCH", r"/webhooks/\d+/[^/]+/messages/@original$")


@pytest.mark.usefixtures("short_tokens")
async def test_the_queue_is_disabled_before_its_token_expires_however_often_it_is_used(harness: Harness) -> None:
    standin = harness.standin
    queue_questions(harness, *TRAVEL, *MONGOLIA)
    state = await mod(harness, "unanswered")
    message = await harness.reply(state)
    for value in ("0", "1", "0"):  # each pick used to re-arm a 10-minute idle timeout
        await asyncio.sleep(0.3)
        picked = await standin.click(
            standin.messages[message["id"]], "queue:pick", values=[value], **moderator(standin)
        )
        assert picked.response["type"] == 7
    await eventually(lambda: all(c.get("disabled") for c in items(standin.messages[message["id"]])), LIFETIME)
    assert webhook_edits(standin)[-1].at - state.created < LIFETIME  # while the token still worked
    assert standin.faults.rejected == []


@pytest.mark.usefixtures("short_tokens")
async def test_an_unconfirmed_change_is_declined_before_its_token_expires(harness: Harness) -> None:
    standin = harness.standin
    state = await mod(harness, "alias", opt("entry", "airspace"), opt("phrasing", "left unconfirmed"))
    message = await harness.reply(state)
    assert [c["custom_id"] for c in items(message)] == ["mod:confirm", "mod:cancel"]
    await eventually(lambda: all(c.get("disabled") for c in items(standin.messages[message["id"]])), LIFETIME)
    assert webhook_edits(standin)[-1].at - state.created < LIFETIME
    assert standin.faults.rejected == []
    await asyncio.sleep(0.2)
    assert audit(harness) == []
    assert "left unconfirmed" not in harness.bot.engine.faq.get("airspace").alternates  # type: ignore[union-attr]


@pytest.mark.usefixtures("short_tokens")
async def test_a_change_proposed_from_the_queue_is_declined_before_the_clicks_token_expires(harness: Harness) -> None:
    standin = harness.standin
    queue_questions(harness, *TRAVEL)
    queue = await harness.reply(await mod(harness, "unanswered"))
    await asyncio.sleep(0.5)  # the click comes later than the command: the preview lives on the click's token
    await standin.click(queue, "queue:pick", values=["0"], **moderator(standin))
    proposed = await standin.click(standin.messages[queue["id"]], "queue:alias", **moderator(standin))
    preview = await harness.reply(proposed)
    assert preview["embeds"][0]["title"] == "Add this phrasing to `airspace`?"
    await eventually(lambda: all(c.get("disabled") for c in items(standin.messages[preview["id"]])), LIFETIME)
    assert standin.faults.rejected == []
    assert audit(harness) == []


@pytest.mark.usefixtures("short_tokens")
async def test_a_saved_change_keeps_its_outcome_after_the_confirm_buttons_would_have_expired(
    harness: Harness,
) -> None:
    standin = harness.standin
    state = await mod(harness, "alias", opt("entry", "airspace"), opt("phrasing", "saved before the token ran out"))
    await confirm(harness, state)
    saved = standin.messages[state.original_id]  # type: ignore[index]
    assert saved["content"].startswith("Saved") and saved["components"] == []
    edits = len(standin.requests_to("PATCH", r"/webhooks/"))
    await asyncio.sleep(state.created + LIFETIME - time.monotonic() + 0.3)  # past when the Confirm view would time out
    assert standin.messages[saved["id"]]["components"] == []  # the stopped view did not put disabled buttons back
    assert len(standin.requests_to("PATCH", r"/webhooks/")) == edits
    assert [record["summary"] for record in audit(harness)] == ["alias airspace: saved before the token ran out"]


async def test_an_import_from_a_slow_attachment_cdn_is_acknowledged_before_the_download(harness: Harness) -> None:
    standin = harness.standin
    standin.deadline = 1.0  # a shorter day: the download alone takes longer than it
    standin.faults.slow("GET", r"^/attachments/", 1.2)
    text = harness.bot.service.store.path.read_text().replace(
        "      - iranian airspace\n", "      - iranian airspace\n      - imported from a slow cdn\n"
    )
    upload = standin.attachment("faq.yaml", text.encode())
    state = await mod(
        harness, "import", opt("file", upload["id"], 11), resolved={"attachments": {upload["id"]: upload}}
    )
    assert state.responses and state.response["type"] == 5  # acknowledged in time, then downloaded
    preview = await harness.reply(state)
    assert preview["embeds"][0]["title"].startswith("Replace the FAQ with faq.yaml")
    assert "imported from a slow cdn" in preview["embeds"][0]["description"]


def moderator(standin: StandIn) -> dict[str, Any]:
    return {"user": standin.moderator, "moderator": True}
