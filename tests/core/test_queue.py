"""The moderators' unanswered queue: grouping, dismissal, not-helpful votes, ordering, the limit, the nearest entry,
and the index giving the same groups as comparing every question with every group."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from bot.core import Engine
from bot.core.insight import stats
from bot.core.queue import SIMILAR, Group, group_questions, queued, unanswered_groups
from bot.core.records import Place, Records
from bot.core.text import normalize
from tests.paths import DATA

HERE = Place(1, 2)


@pytest.fixture
def records(tmp_path: Path) -> Records:
    return Records(tmp_path / "data")


def decline(records: Records, *questions: str) -> None:
    for question in questions:
        records.add_unanswered(question, "not_covered", [], HERE)


def shown(groups: list[Group]) -> list[tuple[str, int]]:
    return [(g.question, g.count) for g in groups]


def every_pair(items: list[tuple[str, str]]) -> list[Group]:
    """The grouping the index replaces: each question against every group's title, in order."""
    groups: list[tuple[str, Group]] = []
    for question, reason in items:
        key = normalize(question)
        for title, group in groups:
            if fuzz.token_set_ratio(key, title) >= SIMILAR:
                group.questions.append(question)
                group.reasons.add(reason)
                break
        else:
            groups.append((key, Group(question, [question], {reason})))
    return [g for _, g in groups]


# --- grouping and ordering --------------------------------------------------------------------------------------


def test_rewordings_group_together_and_other_questions_do_not(records: Records, engine: Engine) -> None:
    decline(
        records,
        "What is the capital of Mongolia?",
        "How many civilians died in the strikes?",
        "what's the capital of mongolia",
        "WHAT IS THE CAPITAL OF MONGOLIA??",
        "hey bot what is the captial of mongolia",
        "how many civilians died in the strike",
        "who won the world cup",
    )
    groups = unanswered_groups(records, engine)
    assert shown(groups) == [
        ("What is the capital of Mongolia?", 4),  # the first asked is the title
        ("How many civilians died in the strikes?", 2),
        ("who won the world cup", 1),
    ]
    assert groups[0].questions == [
        "What is the capital of Mongolia?",
        "what's the capital of mongolia",
        "WHAT IS THE CAPITAL OF MONGOLIA??",
        "hey bot what is the captial of mongolia",
    ]
    assert groups[0].reasons == {"declined"}


def test_most_frequent_first_and_ties_in_the_order_first_asked(records: Records, engine: Engine) -> None:
    decline(records, "who won the world cup", "recipe for biryani", "how do i install python", "biryani recipe?")
    decline(records, "how do I install python?", "How do I install Python", "Recipe for biryani!")
    assert shown(unanswered_groups(records, engine)) == [
        ("recipe for biryani", 3),
        ("how do i install python", 3),
        ("who won the world cup", 1),
    ]


def test_the_limit_keeps_the_most_frequent(records: Records, engine: Engine) -> None:
    topics = ["cricket scores", "bitcoin price", "weather in lahore", "python install", "football results"]
    for n, topic in enumerate(topics):
        decline(records, *[f"{topic} {'?' * k}" for k in range(n + 1)])
    assert shown(unanswered_groups(records, engine, limit=2)) == [("football results ", 5), ("python install ", 4)]
    assert len(unanswered_groups(records, engine)) == 5


def test_a_question_inside_another_joins_its_group(records: Records, engine: Engine) -> None:
    decline(records, "what happened at davos before the strikes", "davos", "Davos?")
    assert shown(unanswered_groups(records, engine)) == [("what happened at davos before the strikes", 3)]


def test_blank_questions_are_not_queued(records: Records, engine: Engine) -> None:
    decline(records, "", "   ", "who won the world cup")
    assert shown(unanswered_groups(records, engine)) == [("who won the world cup", 1)]


def test_questions_of_punctuation_only_stay_apart_and_the_rest_still_groups(records: Records, engine: Engine) -> None:
    decline(records, "???", "why did iran strike", "why did iran strike?", "🙏")
    assert shown(unanswered_groups(records, engine)) == [("why did iran strike", 2), ("???", 1), ("🙏", 1)]


def test_nearest_entry_for_each_group(records: Records, engine: Engine) -> None:
    decline(records, "could travellers still fly to tehran", "what is the capital of mongolia")
    nearest = {g.question: g.nearest.id if g.nearest else None for g in unanswered_groups(records, engine)}
    assert nearest == {"could travellers still fly to tehran": "airspace", "what is the capital of mongolia": None}


# --- dismissal and votes ----------------------------------------------------------------------------------------


def test_dismissed_questions_leave_the_queue(records: Records, engine: Engine) -> None:
    decline(records, "who won the world cup", "who won the world cup?", "recipe for biryani")
    first = unanswered_groups(records, engine)[0]
    records.dismiss(first.questions)
    assert shown(unanswered_groups(records, engine)) == [("recipe for biryani", 1)]
    decline(records, "who won the world cup??")  # asked again later: it is open again
    assert shown(unanswered_groups(records, engine)) == [("recipe for biryani", 1), ("who won the world cup??", 1)]


def test_not_helpful_votes_join_the_queue_and_helpful_ones_do_not(records: Records, engine: Engine) -> None:
    decline(records, "were flights over iran stopped")
    records.add_feedback("airspace", False, "were flights over iran stopped?", HERE)
    records.add_feedback("airspace", False, "Is Pakistan's airspace closed?", HERE)
    records.add_feedback("davos-meeting", True, "davos meeting", HERE)
    groups = unanswered_groups(records, engine)
    assert shown(groups) == [("were flights over iran stopped", 2), ("Is Pakistan's airspace closed?", 1)]
    assert groups[0].reasons == {"declined", "not helpful"} and groups[1].reasons == {"not helpful"}
    assert [q for q, _ in queued(records)] == [
        "were flights over iran stopped",
        "were flights over iran stopped?",
        "Is Pakistan's airspace closed?",
    ]


def test_stats_count_every_open_question(records: Records, engine: Engine) -> None:
    decline(records, "who won the world cup", "who won the world cup?", "recipe for biryani")
    records.add_ask(None, "not_covered")
    records.add_ask("airspace", "answered")
    figures = stats(records, engine)
    assert (figures.asked, figures.answered, figures.open_unanswered) == (2, 1, 3)
    assert figures.top == [("airspace", 1)]


# --- the index gives the same groups as comparing every pair ----------------------------------------------------


def reworded(rng: random.Random, question: str) -> str:
    """The same question asked again a little differently: a misspelling or two, filler, case, punctuation."""
    words = question.split()
    for _ in range(rng.choice([0, 1, 1, 2])):
        long = [i for i, w in enumerate(words) if len(w) > 3]
        if long:
            i = rng.choice(long)
            w, j = words[i], rng.randrange(1, len(words[i]) - 1)
            words[i] = rng.choice([w[:j] + w[j + 1 :], w[:j] + w[j + 1] + w[j] + w[j + 2 :], w[:j] + w[j] + w[j:]])
    if len(words) > 3 and rng.random() < 0.15:
        del words[rng.randrange(1, len(words))]
    text = " ".join(words)
    text = text.capitalize() if rng.random() < 0.3 else text.lower()
    return rng.choice(["", "", "hey bot ", "so ", "pls "]) + text + rng.choice(["", "?", "??", " lol", " pls"])


@pytest.mark.parametrize("seed", range(4))
def test_same_groups_as_every_pair_on_our_own_questions(seed: int) -> None:
    data = yaml.safe_load((DATA / "questions.yaml").read_text())
    asked = [item["q"] for group in ("in_scope", "off_topic", "near_miss") for item in data[group]]
    rng = random.Random(seed)
    items = [(reworded(rng, rng.choice(asked)), rng.choice(["declined", "not helpful"])) for _ in range(1200)]
    expected = [(g.question, g.questions, g.reasons) for g in every_pair(items)]
    assert [(g.question, g.questions, g.reasons) for g in group_questions(items)] == expected


VOCABULARY = """
iran pakistan strike strikes border envoy ambassador talks drone missile airspace davos what why when did the of a
to in and was were how many killed civilians jaish adl balochistan sistan tehran islamabad militants camps
"""


def weight(words: set[str]) -> int:
    return sum(len(w) + 1 for w in words)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(VOCABULARY.split()), min_size=1, max_size=8), min_size=1, max_size=60))
def test_a_title_sharing_two_thirds_of_the_words_is_never_missed(questions: list[list[str]]) -> None:
    """token_set_ratio reaches 80 when the shared words weigh over two thirds of either question; the index
    always offers such a title, so a question never lands in a later group than one like that."""
    items = [(" ".join(words), "declined") for words in questions]
    groups = group_questions(items)
    group_of = {q: n for n, g in enumerate(groups) for q in g.questions}
    first_seen = {q: i for i, (q, _) in reversed(list(enumerate(items)))}
    for question, _ in items:
        mine = set(question.split())
        for n, group in enumerate(groups):
            title = set(group.question.split())
            shared = weight(mine & title)
            if (
                first_seen[group.question] < first_seen[question]
                and (3 * shared >= 2 * weight(mine) + 1 or 3 * shared >= 2 * weight(title) + 1)
                and fuzz.token_set_ratio(question, group.question) >= SIMILAR
            ):
                assert group_of[question] <= n, (question, group.question)
