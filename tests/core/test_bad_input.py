"""Whatever people type, the engine answers or declines, quickly, and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import Engine, Status

NASTY = [
    "",
    " \t\n ",
    "x" * 10_000,
    "why " * 2_500,
    "\x00\x01\x02 what\x07 is the irgc\x1b[31m",
    "🇵🇰🇮🇷 💥 why?? 🤔",
    "لماذا هاجمت إيران باكستان؟",
    "איראן פקיסטן",
    "?!?!...,,,;;;",
    "**why** did `iran` _strike_ ||pakistan||",
    "@everyone why did iran attack <@123456789012345678> <@&987654321098765432> @here",
    "<#123> <:emoji:123> https://example.com/why-did-iran-strike",
    "\u202eright-to-left override\u202c iran",
    "ＩＲＧＣ",  # full-width letters
]


def test_nasty_inputs_are_answered_or_declined(engine: Engine) -> None:
    for question in NASTY:
        answer = engine.ask(question)
        assert answer.status in set(Status)
        assert answer.question == question


def test_mentions_never_change_the_answer(engine: Engine) -> None:
    plain = engine.ask("why did iran attack pakistan")
    mentioned = engine.ask("@everyone <@123> why did iran attack pakistan <@&456> @here")
    assert plain.entry == mentioned.entry


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_is_answered_or_declined(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.status in set(Status)
    if answer.answered:
        assert answer.entry is not None and answer.citations
    elif answer.status is Status.PARTIAL:  # "WHO WAS BEHIND IT": what the article says, labelled as no answer
        assert answer.entry is not None and answer.citations == answer.entry.citations and answer.missing
    else:
        assert answer.citations == ()
    assert len(answer.suggestions) <= 3


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(["iran", "pakistan", "strike", "why", "@everyone", "🤔", "\u200b", "..."]), max_size=40)
)
def test_word_salad_is_answered_or_declined(engine: Engine, words: list[str]) -> None:
    assert engine.ask(" ".join(words)).status in set(Status)
    assert len(engine.matcher.complete(" ".join(words))) <= 25
