"""The spelling index must pick exactly the word a full scan of the vocabulary would: typo correction decides
which entry answers, and the index only exists to make that cheaper."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from bot.core.spelling import Spelling, likeliest

# Few letters, so that generated words are often a letter or two apart, the case the index must not miss.
WORD = st.text(alphabet="abcdeor", min_size=1, max_size=14)


def full_scan(word: str, words: set[str], cutoff: float) -> str | None:
    found = process.extractOne(word, sorted(words), scorer=fuzz.ratio, score_cutoff=cutoff)
    return found[0] if found else None


@settings(max_examples=400, deadline=None)
@given(
    words=st.sets(WORD | st.text(min_size=1, max_size=8), max_size=60),
    asked=st.lists(WORD, min_size=1, max_size=8),
    cutoff=st.sampled_from([60.0, 75.0, 82.0, 90.0]),
)
def test_closest_word_is_what_a_full_scan_finds(words: set[str], asked: list[str], cutoff: float) -> None:
    spelling = Spelling(words, cutoff)
    for word in asked:
        for variant in (word, word[1:], word + "e", word[::-1]):
            assert spelling.closest(variant) == full_scan(variant, words, cutoff), variant


def test_a_typo_finds_its_word_among_many() -> None:
    words = {f"w{i:05d}x" for i in range(5000)} | {"operation", "operations", "cooperation"}
    assert Spelling(words, 82.0).closest("operaton") == "operation"


def test_a_typo_reads_as_the_likeliest_english_word_one_edit_away() -> None:
    # a letter left out, two swapped, one changed, one added: the most frequent word wins ("thats" is "that",
    # not "whats"); a word with no English word one edit away is left alone
    assert likeliest("comander") == "commander"
    assert likeliest("ambasador") == "ambassador"
    assert likeliest("militery") == "military"
    assert likeliest("ambassadorr") == "ambassador"
    assert likeliest("thats") == "that"
    assert likeliest("sarmachar") is None
