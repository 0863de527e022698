"""The renderer keeps every embed within Discord's limits, whatever the FAQ or the question holds."""

from __future__ import annotations

from bot.core import FAQ, Answer, Article, Citation, Engine, Entry, Status, Suggestion
from bot.core.article import ArticleMeta
from bot.discordbot import render


def huge_entry() -> Entry:
    long_quote = "word " * 500
    return Entry(
        id="huge",
        topic="background",
        question="Q" * 400,
        answer="A" * 5000,
        quotes=(long_quote,) * 30,
        citations=tuple(Citation(n, long_quote) for n in range(1, 31)),
        related=(),
    )


def within_limits(embed: dict[str, object]) -> None:
    assert len(str(embed.get("title", ""))) <= 256
    assert len(str(embed.get("description", ""))) <= 4096
    fields = embed.get("fields", [])
    assert isinstance(fields, list) and len(fields) <= 25
    for field in fields:
        assert 1 <= len(field["name"]) <= 256 and 1 <= len(field["value"]) <= 1024
    assert len(str((embed.get("author") or {}).get("name", ""))) <= 256  # type: ignore[union-attr]


def test_oversized_answer_is_cut_to_fit_not_rejected(faq: FAQ) -> None:
    entry = huge_entry()
    answer = Answer("x" * 5000, Status.ANSWERED, entry, 0.9, entry.citations)
    embed = render.answer_embed(answer, faq.article.meta)
    assert len(embed) <= 6000
    within_limits(embed.to_dict())  # type: ignore[arg-type]
    assert embed.fields and embed.fields[0].value.startswith("> word")  # type: ignore[union-attr]


def test_decline_and_choices_fit_with_long_questions(faq: FAQ) -> None:
    entries = list(faq)[:3]
    for status in (Status.NOT_COVERED, Status.AMBIGUOUS):
        answer = Answer("@everyone " * 800, status, suggestions=tuple(Suggestion(e, 0.4) for e in entries))
        embed = render.answer_embed(answer, faq.article.meta)
        assert len(embed) <= 6000
        within_limits(embed.to_dict())  # type: ignore[arg-type]


def test_echoed_text_is_escaped_and_bounded() -> None:
    text = render.echo("**bold** @everyone <@123>\n\n" + "x" * 500, 100)
    assert len(text) <= 100 and "\\*\\*bold" in text and "@\u200beveryone" in text


def test_labels_fit_buttons() -> None:
    assert len(render.label("a" * 200)) == 80 and render.label("a" * 200).endswith("…")


def test_topics_and_about_fit(faq: FAQ) -> None:
    for embed in (render.topics_embed(faq), render.about_embed(faq)):
        assert len(embed) <= 6000
        within_limits(embed.to_dict())  # type: ignore[arg-type]


def test_partial_answer_is_its_own_embed_not_an_answer(engine: Engine) -> None:
    answer = engine.ask("who was the caretaker pm that met the iranian fm at davos")
    embed = render.answer_embed(answer, engine.faq.article.meta).to_dict()
    assert embed["title"] == "The article doesn't say"
    assert embed["description"].startswith("The article doesn't say the name you asked for. What it says about")
    assert embed["color"] == render.COLOUR_PARTIAL.value
    assert embed["fields"][0]["name"] == "Paragraph 5"
    assert "confidence" not in embed["footer"]["text"]


def test_what_the_bot_says_about_the_article_comes_from_its_metadata(faq: FAQ) -> None:
    meta = ArticleMeta(
        kind="essay",
        subject="the tides of the North Sea and what drives them",
        short_subject="North Sea tides",
        example_question="what drives the tides?",
        source="article.txt",
        paragraphs=len(faq.article.paragraphs),
        title="On Tides",
        author="A. Writer",
    )
    other = FAQ(topics=faq.topics, entries=faq.entries, article=Article(faq.article.text, meta=meta))
    about = render.about_embed(other).description or ""
    assert about.startswith(
        "I answer questions about “On Tides” by A. Writer, an essay on the tides of the North Sea and what drives "
        "them (its date is not known)."
    )
    assert "it is an essay, not a neutral report" in about
    answered = render.answer_embed(Answer("q", Status.ANSWERED, faq.entries[0], 0.9, faq.entries[0].citations), meta)
    assert answered.footer.text == "Source: essay on North Sea tides · confidence 90%"
    declined = render.answer_embed(Answer("q", Status.NOT_COVERED), meta).description or ""
    assert "I only answer from an essay on North Sea tides" in declined
    assert render.help_text(meta).startswith("I answer questions about an essay on North Sea tides,")
