"""Browsing: /faq topics, /faq list (paginated, select to open), /faq show, /about."""

from __future__ import annotations

from typing import Any

from tests.discord.conftest import Harness
from tests.discord.standin import EPHEMERAL


def sub(name: str, **options: Any) -> list[dict[str, Any]]:
    return [{"name": name, "type": 1, "options": [{"name": k, "type": 3, "value": v} for k, v in options.items()]}]


async def test_topics_lists_every_topic_with_counts(harness: Harness) -> None:
    state = await harness.standin.slash("faq", sub("topics"))
    embed = state.response["data"]["embeds"][0]
    names = [f["name"] for f in embed["fields"]]
    assert names[0] == "Overview (1)"
    assert {n.split(" (")[0] for n in names} == {"Overview", "Causes", "Responses", "Outcomes", "Background"}


async def test_list_pages_with_buttons_and_opens_with_the_select(harness: Harness) -> None:
    standin = harness.standin
    state = await standin.slash("faq", sub("list"))
    assert state.response["data"]["flags"] & EPHEMERAL
    message = standin.messages[state.original_id]  # type: ignore[index]
    first_page = message["embeds"][0]["description"]
    assert first_page.startswith("`1.` What happened between Iran and Pakistan")
    assert message["embeds"][0]["footer"]["text"].startswith("Page 1 of 5")
    buttons = {c["label"]: c for row in message["components"] for c in row["components"] if c["type"] == 2}
    assert buttons["Previous"]["disabled"] and not buttons["Next"]["disabled"]
    turned = await standin.click(message, buttons["Next"]["custom_id"])
    assert turned.response["type"] == 7
    page_two = standin.messages[message["id"]]
    assert page_two["embeds"][0]["description"].startswith("`11.`")
    select = next(c for row in page_two["components"] for c in row["components"] if c["type"] == 3)
    assert len(select["options"]) == 10
    opened = await standin.click(page_two, select["custom_id"], values=[select["options"][0]["value"]])
    assert opened.response["data"]["flags"] & EPHEMERAL
    assert opened.response["data"]["embeds"][0]["fields"][0]["name"].startswith("Paragraph")


async def test_someone_elses_list_cannot_be_paged(harness: Harness) -> None:
    standin = harness.standin
    state = await standin.slash("faq", sub("list"))
    message = standin.messages[state.original_id]  # type: ignore[index]
    next_button = next(c for row in message["components"] for c in row["components"] if c.get("label") == "Next")
    refused = await standin.click(message, next_button["custom_id"], user=standin.other)
    assert refused.response["data"]["flags"] & EPHEMERAL
    assert "belongs to someone else" in refused.response["data"]["content"]
    assert standin.messages[message["id"]]["embeds"][0]["footer"]["text"].startswith("Page 1 of")


async def test_list_one_topic_and_unknown_topic(harness: Harness) -> None:
    causes = await harness.standin.slash("faq", sub("list", topic="causes"))
    embed = causes.response["data"]["embeds"][0]
    assert embed["title"] == "Questions: Causes"
    assert "Why did Iran attack Pakistan?" in embed["description"]
    unknown = await harness.standin.slash("faq", sub("list", topic="sport"))
    assert "There is no topic `sport`" in unknown.response["data"]["content"]


async def test_topic_and_entry_autocomplete(harness: Harness) -> None:
    topics = await harness.standin.autocomplete(
        "faq", [{"name": "list", "type": 1, "options": [{"name": "topic", "type": 3, "value": "ca", "focused": True}]}]
    )
    assert [c["value"] for c in topics] == ["causes"]
    entries = await harness.standin.autocomplete(
        "faq",
        [{"name": "show", "type": 1, "options": [{"name": "entry", "type": 3, "value": "irgc", "focused": True}]}],
    )
    assert entries[0]["value"] == "irgc" and len(entries) <= 25


async def test_show_by_id_or_by_words(harness: Harness) -> None:
    by_id = await harness.standin.slash("faq", sub("show", entry="naval-exercise"))
    embed = by_id.response["data"]["embeds"][0]
    assert embed["title"] == "What naval exercise were Iran and Pakistan holding?"
    assert "topic: Background" in embed["footer"]["text"]
    by_words = await harness.standin.slash("faq", sub("show", entry="davos"))
    assert by_words.response["data"]["embeds"][0]["title"] == "What happened at Davos before the strikes?"


async def test_about_says_what_the_bot_knows(harness: Harness) -> None:
    state = await harness.standin.slash("about")
    description = state.response["data"]["embeds"][0]["description"]
    assert "41 questions in 5 topics" in description and "18 paragraphs" in description
    assert "opinion piece" in description
