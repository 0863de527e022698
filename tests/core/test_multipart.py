"""A question that asks two things is answered for the part the FAQ answers best, and the entry for its other
part is offered first among the related questions: not a partial about a third entry that shares a word with
each part, and not "did you mean" between two entries that each answer a different part."""

from __future__ import annotations

import pytest

from bot.core import Engine, Status
from bot.core.text import question_parts


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("when did iran strike and what did pakistan call its response?", 2),
        ("Did Pakistan recall its ambassador, and what did it tell its airlines?", 2),
        ("BLA camps in iran?? did pakistan know", 2),
        ("what did china and turkey offer", 1),  # "and" between names is not a second question
        ("why did pakistan and iran make up", 1),
    ],
)
def test_question_parts(question: str, parts: int) -> None:
    assert len(question_parts(question)) == parts


@pytest.mark.parametrize(
    ("question", "answered", "other"),
    [
        # The whole question's words meet "How did other countries react" best ("strike", "response").
        ("when did iran strike and what did pakistan call its response?", "iran-strikes", "pakistan-operation"),
        ("when are the ambassadors back and when is the iranian fm coming?", "ambassadors-return", "fm-visit"),
        ("who met at davos before the attacks and where was the naval exercise?", "davos-meeting", "naval-exercise"),
    ],
)
def test_a_two_part_question_is_answered_and_its_other_part_offered(
    engine: Engine, question: str, answered: str, other: str
) -> None:
    answer = engine.ask(question)
    assert answer.status is Status.ANSWERED, (answer.status, answer.entry)
    assert answer.entry is not None and answer.entry.id == answered
    assert answer.related and answer.related[0].id == other


def test_two_parts_that_two_entries_answer_equally_are_no_choice(engine: Engine) -> None:
    """Each part is one entry's own question: both score 1.0. That is two questions, not "did you mean": the first
    part is answered and the second offered."""
    first, second = engine.faq.get("airspace"), engine.faq.get("davos-meeting")
    assert first is not None and second is not None
    for a, b in ((first, second), (second, first)):
        answer = engine.ask(f"{a.question} {b.question}")
        assert answer.status is Status.ANSWERED and answer.entry is not None
        assert answer.entry.id == a.id and answer.related[0].id == b.id


def test_a_fragment_is_not_answered_on_its_own(engine: Engine) -> None:
    """ "and the gulf states?" is too little to answer alone ("gulf" meets the naval exercise's entry), so the
    question is judged whole: the article does not say what Saudi Arabia said."""
    assert not engine.ask("and the gulf states? saudi say anything?").answered


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("who is the iranian foreign minister and when is he visiting pakistan", "the name you asked for"),
        ("when did iran strike and how many people died in the strikes?", "the number you asked for"),
        # "what came out of it" is too short to rank on its own: it asks about the visit the rest names
        ("when was the iranian fm visiting pakistan and what came out of it?", "what was discussed or agreed there"),
        # both parts lack it: the first is said
        ("did the iranian fm's visit happen and what came out of it?", "whether it happened as planned"),
    ],
)
def test_a_part_the_article_does_not_answer_makes_the_answer_partial(
    engine: Engine, question: str, missing: str
) -> None:
    """Found by a review: answering the part the article answers and saying nothing of the other passed off half
    an answer as the whole."""
    answer = engine.ask(question)
    assert answer.status is Status.PARTIAL and answer.missing == missing


def test_each_part_is_checked_against_the_entry_that_answers_it(engine: Engine) -> None:
    """The operation's quotes give no amount of electricity, but the entry for that part does (200MW): the part
    answered best is answered, and the other part's entry offered first, never a partial."""
    answer = engine.ask(
        "what did pakistan call its operation and how much electricity does iran supply to balochistan?"
    )
    assert answer.status is Status.ANSWERED and answer.entry is not None
    assert {answer.entry.id, answer.related[0].id} == {"pakistan-operation", "border-economy"}


def test_a_weakly_matched_part_does_not_outrank_the_whole_question(engine: Engine) -> None:
    """Found by a review: "what did turkey's president say" alone meets how other countries reacted well enough
    to answer, but the article quotes neither; the whole question is not answered."""
    assert not engine.ask("what did russia's foreign minister say exactly and what did turkey's president say").answered


def test_a_short_piece_about_another_entry_is_no_gap(engine: Engine) -> None:
    """ "when did both return" alone meets the entry on the ambassadors' return (January 26), not the recall the
    answer is about: the article gives that date, so the question is not a partial."""
    answer = engine.ask("which ambassador got recalled, and when did both return?")
    assert answer.status is Status.ANSWERED, (answer.status, answer.missing)
