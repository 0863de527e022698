"""Moderators' synonyms: kept in the FAQ, read on top of vocabulary.yaml, saved, audited and undone like any edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.answer import Status
from bot.core.article import Article
from bot.core.faq import FAQError, parse_faq
from bot.core.service import FAQService, Outcome
from bot.core.store import FAQStore, set_synonym
from bot.core.vocabulary import Vocabulary, check_faq_synonyms

QUESTION = "what caused the kerfuffle"  # "kerfuffle" is in neither the FAQ, the article nor vocabulary.yaml


def open_service(faq_file: Path, article: Article) -> FAQService:
    store = FAQStore(
        faq_file, article, faq_file.parent.parent / "data", vocabulary_path=faq_file.parent / "vocabulary.yaml"
    )
    return FAQService.open(store)


def test_a_synonym_saved_from_discord_is_answered_at_once_and_undo_takes_it_back(
    faq_file: Path, article: Article
) -> None:
    service = open_service(faq_file, article)
    assert service.engine.ask(QUESTION).status is not Status.ANSWERED

    change = service.save(set_synonym("kerfuffle", "standoff"), user_id=7, guild_id=9)

    assert change.outcome is Outcome.SAVED
    answer = service.engine.ask(QUESTION)
    assert answer.status is Status.ANSWERED and answer.entry is not None
    assert answer.entry.id == "causes-overview"
    assert "kerfuffle: standoff" in faq_file.read_text(encoding="utf-8")  # the file moderators review
    (record,) = service.history(limit=1)
    assert (record.action, record.user_id, record.summary) == ("synonym", 7, "synonym kerfuffle → standoff")

    assert service.undo(expected=service.revision).ok
    assert service.engine.ask(QUESTION).status is not Status.ANSWERED
    assert "kerfuffle" not in faq_file.read_text(encoding="utf-8")


def test_removing_a_synonym_and_the_preview_diff(faq_file: Path, article: Article) -> None:
    service = open_service(faq_file, article)
    assert service.save(set_synonym("kerfuffle", "standoff")).ok
    preview = service.preview(set_synonym("kerfuffle", None))
    assert preview.diff == ["- synonym: kerfuffle → standoff"]
    assert service.save(set_synonym("kerfuffle", None)).ok
    assert service.engine.ask(QUESTION).status is not Status.ANSWERED
    refused = service.save(set_synonym("kerfuffle", None))
    assert refused.outcome is Outcome.INVALID
    assert "'kerfuffle' is not one of the FAQ's synonyms" in refused.problems[0].message


@pytest.mark.parametrize(
    ("word", "terms", "message"),
    [
        ("the", "standoff", "'the' is a stop word in vocabulary.yaml"),
        ("why", "cause", "'why' is a question word in vocabulary.yaml"),
        ("feud", "ceasefire", "'feud' already means 'standoff' in vocabulary.yaml; change it there"),
        ("kerfuffle", "about", "'kerfuffle' maps to 'about', a stop word in vocabulary.yaml"),
        ("kerfuffle", "feud", "'kerfuffle' maps to 'feud', which is itself a synonym (of 'standoff')"),
    ],
)
def test_a_synonym_the_vocabulary_would_ignore_is_refused_and_nothing_changes(
    faq_file: Path, article: Article, word: str, terms: str, message: str
) -> None:
    service = open_service(faq_file, article)
    before = faq_file.read_bytes()

    change = service.save(set_synonym(word, terms))

    assert change.outcome is Outcome.INVALID
    assert any(message in problem.message for problem in change.problems), change.problems
    assert faq_file.read_bytes() == before


def test_hand_edited_synonyms_are_checked_with_file_and_line(article: Article, vocabulary: Vocabulary) -> None:
    text = (
        "topics: {t: {title: T}}\n"
        "entries:\n"
        "  - {id: a, topic: t, question: Q?, answer: A.,\n"
        "     quotes: ['Pakistan downgraded its diplomatic relations by recalling its ambassador back from Tehran']}\n"
        "synonyms:\n"
        "  Beef: standoff\n"
        "  spat2: Standoff\n"
        "  truce: truce\n"
        "  spat: standoff\n"
    )
    with pytest.raises(FAQError) as error:
        parse_faq(text, source="faq.yaml", article=article)
    shown = [str(p) for p in error.value.problems]
    assert any("faq.yaml:6" in p and "'Beef' must be one word in lower case" in p and "'beef'" in p for p in shown)
    assert any("faq.yaml:7" in p and "'spat2' must map to words in lower case" in p for p in shown)
    assert any("faq.yaml:8" in p and "'truce' maps to itself" in p for p in shown)

    faq = parse_faq(
        text.replace("  Beef: standoff\n  spat2: Standoff\n  truce: truce\n", ""), source="f", article=article
    )
    (problem,) = check_faq_synonyms(faq.synonyms, vocabulary, source="faq.yaml", lines=faq.synonym_lines)
    assert (problem.line, "'spat' already means 'standoff'" in problem.message) == (6, True)


def test_a_hand_edited_synonym_the_vocabulary_ignores_is_served_with_a_warning(
    faq_file: Path, article: Article, caplog: pytest.LogCaptureFixture
) -> None:
    """A dead synonym is not a broken file: the FAQ is served (the vocabulary's reading wins) and the log says
    which synonym is ignored; `faqbot validate` lists it as a problem to clean up."""
    service = open_service(faq_file, article)
    faq_file.write_text(faq_file.read_text(encoding="utf-8") + "synonyms:\n  the: standoff\n", encoding="utf-8")

    change = service.poll()

    assert change is not None and change.outcome is Outcome.SAVED
    assert service.faq.synonyms == {"the": ("standoff",)}
    assert "'the' is a stop word in vocabulary.yaml" in caplog.text
    assert service.engine.matcher.query_terms("the kerfuffle") == ["kerfuffl"]  # "the" is still dropped


def test_a_vocabulary_update_that_maps_a_moderators_word_neither_stops_the_bot_nor_blocks_saves(
    faq_file: Path, article: Article, caplog: pytest.LogCaptureFixture
) -> None:
    service = open_service(faq_file, article)
    assert service.save(set_synonym("kerfuffle", "standoff")).ok
    vocabulary = faq_file.parent / "vocabulary.yaml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8").replace(
            "    feud: standoff\n", "    feud: standoff\n    kerfuffle: standoff\n"
        ),
        encoding="utf-8",
    )

    change = service.poll()  # the vocabulary update is taken, not refused
    assert change is not None and change.outcome is Outcome.SAVED
    assert "'kerfuffle' already means 'standoff' in vocabulary.yaml" in caplog.text
    assert open_service(faq_file, article).engine.ask(QUESTION).answered  # and the bot still starts
    assert service.save(set_synonym("quarrel", "standoff")).ok  # a save that leaves 'kerfuffle' alone


def test_a_word_the_vocabulary_reads_others_as_cannot_be_remapped(faq_file: Path, article: Article) -> None:
    """'envoy' reads as 'ambassador': making 'ambassador' mean something else would cut 'envoy' off the FAQ."""
    service = open_service(faq_file, article)
    change = service.save(set_synonym("ambassador", "emissary"))
    assert change.outcome is Outcome.INVALID
    assert "'ambassador' is the word vocabulary.yaml reads" in change.problems[0].message
    assert "envoy" in change.problems[0].message


def test_an_overlong_synonym_is_refused(faq_file: Path, article: Article) -> None:
    service = open_service(faq_file, article)
    change = service.save(set_synonym("k" * 41, "standoff"))
    assert change.outcome is Outcome.INVALID
    assert "is too long (at most 40 characters" in change.problems[0].message
