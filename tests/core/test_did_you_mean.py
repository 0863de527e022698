"""'Did you mean' offers only entries about what the question asks about: an entry that shares nothing with the
question but how it is asked ("what role did ... play") is not a plausible option, and the entry that names the
question's subject is the one to offer. A small FAQ written for these tests, so they check the mechanism."""

from __future__ import annotations

import pytest

from bot.core import Article, Engine, Status, Thresholds, validate_document
from bot.core.faq import FAQ
from bot.core.vocabulary import Vocabulary, parse_vocabulary

ARTICLE = Article(
    "Turkey offered to mediate between the two countries after the border clash.\n\n"
    "China said it was worried about the attack on its engineers in the province.\n\n"
    "The army moved troops to the frontier in March."
)

VOCABULARY = parse_vocabulary(
    "general:\n  intent_terms: [what, why]\n  stop_words: [the, did, a, in, of, to, its, it, was, and, 'on', at]\n",
    source="test",
)


def entry(id: str, question: str, alternates: list[str], answer: str, quote: str) -> dict[str, object]:
    return {"id": id, "topic": "t", "question": question, "alternates": alternates, "answer": answer, "quotes": [quote]}


@pytest.fixture
def faq() -> FAQ:
    data = {
        "topics": {"t": {"title": "T", "description": "Everything."}},
        "entries": [
            entry(
                "china-role",
                "What role did China play?",
                ["china's role", "what part did china play"],
                "The article says China was worried about an attack on its engineers.",
                "China said it was worried about the attack on its engineers in the province.",
            ),
            entry(
                "army-role",
                "What role did the army play?",
                ["the army's role", "what part did the army play"],
                "The article says the army moved troops to the frontier.",
                "The army moved troops to the frontier in March.",
            ),
            entry(
                "turkey-mediation",
                "Did Turkey offer to mediate?",
                ["turkish mediation offer"],
                "The article says Turkey offered to mediate.",
                "Turkey offered to mediate between the two countries after the border clash.",
            ),
        ],
    }
    return validate_document(data, source="test", article=ARTICLE)


def ask(faq: FAQ, question: str, vocabulary: Vocabulary = VOCABULARY) -> object:
    # A wide margin, so every close entry is a candidate option and the choice of options is what is tested.
    return Engine(faq, vocabulary, Thresholds(answer=0.3, ambiguous_margin=0.5, suggest=0.1)).ask(question)


def test_options_sharing_only_how_the_question_is_asked_are_not_offered(faq: FAQ) -> None:
    answer = ask(faq, "what role did turkey play")
    offered = [s.entry.id for s in answer.suggestions]
    assert answer.status is not Status.AMBIGUOUS
    assert "china-role" not in offered and "army-role" not in offered
    assert offered == ["turkey-mediation"]  # the entry that names the subject is the one suggested


def test_the_only_close_entry_naming_the_subject_is_the_answer(faq: FAQ) -> None:
    answer = ask(faq, "what role did china play")
    assert answer.status is Status.ANSWERED
    assert answer.entry is not None and answer.entry.id == "china-role"


def test_a_question_naming_two_subjects_still_offers_both(faq: FAQ) -> None:
    answer = ask(faq, "what role did china and the army play")
    assert answer.status is Status.AMBIGUOUS
    assert {s.entry.id for s in answer.suggestions} == {"china-role", "army-role"}
