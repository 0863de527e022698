"""Text mechanism: folding for quotes, normalising, stemming, and reading words with a vocabulary. The vocabulary
here is a small one written for the tests, so these check the mechanism, not the shipped words."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.core.text import (
    canonical,
    clean,
    fold_for_quote,
    fold_typography,
    normalize,
    spoken,
    stem,
    strip_accents,
    terms,
)
from bot.core.vocabulary import Vocabulary, load_vocabulary, parse_vocabulary
from tests.paths import KNOWLEDGE

SMALL = parse_vocabulary(
    """\
general:
  intent_terms: [why, when, recommend]
  stop_words: [the, did, what, is, happen]
  synonyms:
    envoy: ambassador
    attack: strike
    date: when
    should: recommend
    tldr: short summary
  phrases:
    - {from: united states, to: usa}
    - {from: the article says, to: ""}
    - {from: who is, to: whois}
""",
    source="test",
)
SHIPPED = load_vocabulary(KNOWLEDGE / "vocabulary.yaml")
CASED = parse_vocabulary(  # a case-matching rewrite whose first words are all plain words
    "general:\n  phrases:\n    - {from: US/UN army, to: foreign troops, match_case: true}\n"
    "    - {from: foreign troops, to: troops}\n",
    source="test",
)


# --- folding ----------------------------------------------------------------------------------------------------


def test_fold_typography_keeps_one_character_for_each_mark() -> None:
    assert fold_typography("‘a’ “b” c–d—e\u00a0f…") == "'a' \"b\" c-d-e f..."
    assert len(fold_typography("’“”–\u202f")) == 5


def test_fold_for_quote_evens_out_typography_and_spacing_but_keeps_case_and_words() -> None:
    assert fold_for_quote("  “Pakistan’s”\n\n — envoy…  ") == '"Pakistan\'s" - envoy...'
    assert fold_for_quote("The Envoy") != fold_for_quote("the envoy")


def test_strip_accents() -> None:
    assert strip_accents("Café Zürich naïve") == "Cafe Zurich naive"


def test_clean_removes_discord_markup_and_links_but_keeps_case() -> None:
    text = clean("<@123> <@!45> <#67> <@&89> <:wave:123> <a:dance:456> @everyone Why? https://example.com/x?y=1")
    assert text.split() == ["Why?"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<@123> ngl **why** did Iran strike?? 😤 lol", "why did Iran strike?"),
        ("lah, what's the PTA? 🤔", "what's the PTA?"),
        ("Pakistan’s envoy recalled?!!", "Pakistan's envoy recalled?"),
        ("ngl lol", "ngl lol"),  # nothing but fillers: the text itself, not an empty sentence
        ("<@123> 😤", "😤"),  # ... without its markup
        ("ईरान ने हमला क्यों किया lol", "ईरान ने हमला क्यों किया"),  # any script, its vowel signs kept
        ("was it 5.5 or 10:30, $5 or 50%?", "was it 5.5 or 10:30, $5 or 50%?"),
        ("__why__ <t:1705400000:R> </ask:123> 👍🏽❤️‍🔥 café?", "why café?"),
        ("Pakistan 为什么回应ok", "Pakistan 为什么回应ok"),  # "ok" inside another script's word is no filler
        ("so, ngl, why did Paki\u00adstan strike?? and when", "so, why did Pakistan strike? and when"),
        ("5*3 and 2^10", "5*3 and 2^10"),  # arithmetic, not formatting
        ("<@123>", "<@123>"),  # nothing to read at all: the text as written
    ],
)
def test_spoken_is_the_sentence_without_fillers_markup_or_emoji(text: str, expected: str) -> None:
    assert spoken(text, frozenset({"ngl", "lol", "lah"})) == expected


# --- normalize --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Why did Pakistan's envoy leave?", "why did pakistan envoy leave"),
        ("the strikes' aftermath", "the strike aftermath"),
        ("Don't   STOP!!", "dont stop"),
        ("Café “Zahedan” — 2024", "cafe zahedan 2024"),
        ("<@123> **bold** and _italic_ 🙂", "bold and italic"),
        ("???", ""),
    ],
)
def test_normalize_without_a_vocabulary_gives_the_words_as_written(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Did the United States react?", "did the usa react"),
        ("the article says the envoy left", "the envoy left"),
        ("Who is BLA?", "whois bla"),
        ("whois", "whois"),
        ("who isn't", "who isnt"),  # whole words only
    ],
)
def test_normalize_makes_the_vocabulary_phrase_rewrites(text: str, expected: str) -> None:
    assert normalize(text, SMALL) == expected


# --- stem, canonical, terms -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [("restoration", "restor"), ("restore", "restor"), ("airlines", "airlin"), ("why", "why"), ("12345", "12345")],
)
def test_stem_is_snowball_sparing_short_words_and_numbers(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("the", ()),  # a stop word
        ("happened", ()),  # its stem is a stop word
        ("x", ()),  # single letters carry nothing
        ("7", ("7",)),  # single digits do
        ("envoy", ("ambassador",)),  # a synonym
        ("attacks", ("strike",)),  # a synonym found through its stem
        ("tldr", ("short", "summari")),  # several terms, each stemmed
        ("date", ("when",)),  # an intent term as a synonym's target is not stemmed
        ("should", ("recommend",)),
        ("recommend", ("recommend",)),
        ("restoration", ("restor",)),  # everything else is stemmed
    ],
)
def test_canonical(word: str, expected: tuple[str, ...]) -> None:
    assert canonical(word, SMALL) == expected


def test_canonical_depends_on_the_vocabulary_it_is_given() -> None:
    other = parse_vocabulary("general:\n  synonyms:\n    envoy: diplomat\n", source="test")
    assert canonical("envoy", SMALL) == ("ambassador",)
    assert canonical("envoy", other) == ("diplomat",)
    assert canonical("the", other) == ("the",)


def test_terms_reads_a_question_in_order_with_duplicates() -> None:
    assert terms("What did the envoy say when the United States attacked? The envoy!", SMALL) == [
        "ambassador",
        "say",
        "when",
        "usa",
        "strike",
        "ambassador",
    ]


def test_a_paraphrase_shares_terms_with_the_shipped_vocabulary(vocabulary: Vocabulary) -> None:
    asked = set(terms("Why did Pakistan's envoy leave?", vocabulary))
    written = set(terms("pakistani ambassador recalled", vocabulary))
    assert asked & written == {"pakistan", "ambassador"}
    assert terms("the article says Iran struck back", vocabulary) == ["iran", "retali"]


@pytest.mark.parametrize("word", ["hormuz", "standoff", "airline", "un", "peace", "oil", "outcome", "react", "issue"])
def test_words_that_mapped_to_themselves_read_as_before_without_an_entry(word: str, vocabulary: Vocabulary) -> None:
    """text.py's table had these as identity synonyms; without them each word is still just its own stem."""
    assert word not in vocabulary.synonyms
    assert canonical(word, vocabulary) == (stem(word),)


# --- rewrite guards -----------------------------------------------------------------------------------------------


def naive_normalize(text: str, vocabulary: Vocabulary) -> str:
    """normalize() as first written: every rewrite's regular expression run on every text."""
    text = clean(text)
    for rewrite in vocabulary.rewrites:
        text = rewrite.pattern.sub(rewrite.replacement, text)
    text = text.lower()
    text = re.sub(r"'s\b|s'(?=\s|$)", "", text)
    return " ".join(re.findall(r"[a-z0-9]+", text.replace("'", "")))


PIECES = [
    *(  # noqa: SIM905
        "the article author says notes is optimistic it who who's whos is was united states nations US "
        "U.S. us prime minister pm fm foreign hit hits back bak strike struck call called off pull out "
        "withdraw send home kicked saudi arabia european union 1st 22nd 3rd th st go went after UN army troops"
    ).split(),
    *[" ", "  ", "\n", ",", ".", "-", "'", "’", "(", ")", "ı", "É", "@here", "<@123>", "http://x.y/z"],
]


@settings(max_examples=300, deadline=None)
@example(["UN", "army"], ["\n"])
@example(["the", "US", "army", "hit", "back"], [])
@example(["the", "article", "says", "who's", "the", "22nd", "U.S.", "envoy"], [])
@given(st.lists(st.sampled_from(PIECES), max_size=12), st.lists(st.sampled_from([" ", "", "\n"]), max_size=12))
def test_guarded_rewrites_give_what_running_every_rewrite_gives(pieces: list[str], gaps: list[str]) -> None:
    # The guards skip a rewrite only where it cannot match; the words stand in any case and spacing.
    text = "".join(piece + (gaps[i] if i < len(gaps) else " ") for i, piece in enumerate(pieces))
    for vocabulary in (SMALL, SHIPPED, CASED):
        assert normalize(text, vocabulary) == naive_normalize(text, vocabulary), text
        assert normalize(text.upper(), vocabulary) == naive_normalize(text.upper(), vocabulary), text
