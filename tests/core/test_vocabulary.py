"""The vocabulary file: every validation rule with the exact message a moderator sees, the shipped file held to all
of them and to its JSON schema, and phrase rewrites compiled to match what they say."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.core import vocabulary as vocabulary_module
from bot.core.vocabulary import Vocabulary, VocabularyError, load_vocabulary, parse_vocabulary
from tests.paths import KNOWLEDGE, ROOT

VALID = """\
general:
  intent_terms: [why, when]
  stop_words: [the, a, is, "no"]
  synonyms:
    envoy: ambassador
    envoys: ambassador
  phrases:
    - {from: united states, to: usa}
    - {from: US/U.S., to: usa, match_case: true}
    - {pattern: '\\b(\\d+)(?:st|nd|rd|th)\\b', to: '\\1'}
article:
  stop_words: [article]
  synonyms:
    pak: pakistan
  phrases:
    - from: hit/hits back
      to: retaliate
"""


def problems(text: str) -> list[str]:
    with pytest.raises(VocabularyError) as caught:
        parse_vocabulary(text, source="vocabulary.yaml")
    return [str(p) for p in caught.value.problems]


def test_minimal_valid_file_loads() -> None:
    vocabulary = parse_vocabulary(VALID, source="vocabulary.yaml")
    assert vocabulary.stop_words == {"the", "a", "is", "no", "article"}
    assert dict(vocabulary.synonyms) == {"envoy": ("ambassador",), "envoys": ("ambassador",), "pak": ("pakistan",)}
    assert vocabulary.intent_terms == {"why", "when"}
    assert [r.line for r in vocabulary.rewrites] == [8, 9, 10, 16]  # general's in order, then article's
    assert vocabulary.describe() == "5 stop words, 3 synonyms, 4 phrase rewrites, 2 intent terms"


def test_fillers_are_stop_words_kept_apart_for_the_sentence_compared_by_meaning() -> None:
    listed = '  stop_words: [the, a, is, "no"]\n'
    text = VALID.replace(listed, listed + "  fillers: [ngl, lah]\n")
    vocabulary = parse_vocabulary(text, source="vocabulary.yaml")
    assert vocabulary.fillers == {"ngl", "lah"}
    assert vocabulary.stop_words == {"the", "a", "is", "no", "article", "ngl", "lah"}  # dropped like any stop word
    assert vocabulary.with_synonyms({"ambo": ("ambassador",)}).fillers == vocabulary.fillers
    assert vocabulary.describe().endswith("(2 of the stop words are chat fillers)")
    first = VALID.replace(listed, "  fillers: [ngl, the]\n" + listed)  # reported where it comes second
    assert problems(first) == [
        "vocabulary.yaml:4: general.stop_words: 'the' is listed twice (first at line 3; a filler is a stop word "
        "already, list it once)"
    ]
    built = Vocabulary(
        stop_words=frozenset({"the"}), synonyms={}, intent_terms=frozenset(), rewrites=(), fillers=frozenset({"ngl"})
    )
    assert built.stop_words == {"the", "ngl"}  # a filler is a stop word however the vocabulary is made
    assert problems(text.replace("fillers: [ngl, lah]", "fillers: [ngl, lah, the]")) == [
        "vocabulary.yaml:4: general.fillers: 'the' is listed twice (first at line 3; a filler is a stop word already, "
        "list it once)"
    ]


def test_the_vocabulary_cannot_be_changed_once_loaded() -> None:
    vocabulary = parse_vocabulary(VALID, source="vocabulary.yaml")
    with pytest.raises(TypeError):
        vocabulary.synonyms["envoy"] = ("spy",)  # type: ignore[index]
    with pytest.raises(AttributeError):
        vocabulary.stop_words = frozenset()  # type: ignore[misc]


def test_a_section_may_be_empty() -> None:
    assert parse_vocabulary("general:\narticle:\n", source="vocabulary.yaml").describe() == (
        "0 stop words, 0 synonyms, 0 phrase rewrites, 0 intent terms"
    )


BROKEN = [
    # (what changes in VALID, into what, the exact problems)
    ("article:\n", "articel:\n", ["vocabulary.yaml:11: unknown section 'articel' (allowed: general, article)"]),
    (
        "article:\n  stop_words: [article]\n",
        "general:\n  stop_words: [article]\n",
        ["vocabulary.yaml:11: section 'general' is given twice"],
    ),
    (
        "article:\n  stop_words: [article]\n",
        "article: [article]\nx:\n  stop_words: [article]\n",
        [
            "vocabulary.yaml:11: article must be a mapping (of intent_terms, stop_words, fillers, synonyms, phrases), "
            "not a list",
            "vocabulary.yaml:12: unknown section 'x' (allowed: general, article)",
        ],
    ),
    (
        "  intent_terms: [why, when]\n",
        "  intent_terms: [why, when]\n  stopwords: [x]\n",
        [
            "vocabulary.yaml:3: general: unknown field 'stopwords' (allowed: intent_terms, stop_words, fillers, "
            "synonyms, phrases)"
        ],
    ),
    (
        "  intent_terms: [why, when]\n",
        "  intent_terms: [why, when]\n  stop_words: [x]\n",
        ["vocabulary.yaml:4: general: field 'stop_words' is given twice"],
    ),
    # stop words
    (
        '  stop_words: [the, a, is, "no"]\n',
        "  stop_words: the\n",
        ["vocabulary.yaml:3: general.stop_words must be a list of words, not text"],
    ),
    (
        '  stop_words: [the, a, is, "no"]\n',
        "  stop_words: [the, a, is, no]\n",
        [
            "vocabulary.yaml:3: general.stop_words: item 4 must be text, not true/false (no); put it in quotes to "
            "keep it as text"
        ],
    ),
    (
        '  stop_words: [the, a, is, "no"]\n',
        '  stop_words: [The, a, is, "no", stand-off, "?!", "", a]\n',
        [
            "vocabulary.yaml:3: general.stop_words: 'The' must be written as normalisation reads it: 'the'",
            "vocabulary.yaml:3: general.stop_words: 'stand-off' can never match: normalisation reads it as the "
            "words 'stand off'",
            "vocabulary.yaml:3: general.stop_words: '?!' has no letters or digits, so it can never match",
            "vocabulary.yaml:3: general.stop_words: item 7 must not be empty",
            "vocabulary.yaml:3: general.stop_words: 'a' is listed twice (first at line 3)",
        ],
    ),
    (
        "  stop_words: [article]\n",
        "  stop_words: [article, is]\n",
        ["vocabulary.yaml:12: article.stop_words: 'is' is listed twice (also in general, line 3)"],
    ),
    # synonyms
    (
        "  synonyms:\n    envoy: ambassador\n    envoys: ambassador\n",
        "  synonyms: [envoy, envoys]\n",
        ["vocabulary.yaml:4: general.synonyms must be a mapping of word to canonical term(s), not a list"],
    ),
    (
        "    envoys: ambassador\n",
        "    envoys: ambassador\n    envoy: diplomat\n",
        ["vocabulary.yaml:7: general.synonyms: 'envoy' is given twice"],
    ),
    (
        "    pak: pakistan\n",
        "    pak: pakistan\n    envoy: ambassador\n",
        ["vocabulary.yaml:15: article.synonyms: 'envoy' is listed twice (also in general, line 5)"],
    ),
    (
        "    envoys: ambassador\n",
        "    envoys: ambassador\n    islamabad: islamabad\n    is: be\n    x: y\n",
        [
            "vocabulary.yaml:7: general.synonyms: 'islamabad' maps to itself; remove it",
            "vocabulary.yaml:8: general.synonyms: 'is' is also a stop word (general, line 3), and stop words are "
            "dropped first; remove one of them",
            "vocabulary.yaml:9: general.synonyms: 'x' can never match: single letters are dropped",
        ],
    ),
    (
        "    envoys: ambassador\n",
        "    envoys: ambassador\n    pakistani: the\n    envoi: envoy\n",
        [
            "vocabulary.yaml:7: general.synonyms: 'pakistani' maps to 'the', a stop word (general, line 3); make "
            "'pakistani' a stop word instead, or map it to a content word",
            "vocabulary.yaml:8: general.synonyms: 'envoi' maps to 'envoy', which is itself a synonym (of "
            "'ambassador', general, line 5); synonyms are not followed twice, so map 'envoi' to 'ambassador'",
        ],
    ),
    (
        "    envoys: ambassador\n",
        "    envoys: Ambassador\n    Envoi: ambassador\n    stand-off: standoff\n    envoy2: 12\n    tldr: ~\n",
        [
            "vocabulary.yaml:6: general.synonyms: 'envoys' maps to 'Ambassador', which must be written as "
            "normalisation reads it: 'ambassador'",
            "vocabulary.yaml:7: general.synonyms: 'Envoi' must be written as normalisation reads it: 'envoi'",
            "vocabulary.yaml:8: general.synonyms: 'stand-off' can never match: normalisation reads it as the words "
            "'stand off'",
            "vocabulary.yaml:9: general.synonyms: what 'envoy2' maps to must be text, not a number (12); put it in "
            "quotes to keep it as text",
            "vocabulary.yaml:10: general.synonyms: what 'tldr' maps to must be text, not nothing (null)",
        ],
    ),
    (
        "    envoys: ambassador\n",
        "    envoys: ambassador\n    1st: first\n",
        ["vocabulary.yaml:7: general.synonyms: '1st' can never match: the rewrite at line 11 turns it into '1' first"],
    ),
    # intent terms
    (
        "  intent_terms: [why, when]\n",
        "  intent_terms: [why, when, the, envoy]\n",
        [
            "vocabulary.yaml:2: general.intent_terms: 'the' is also a stop word (general, line 3); a stop word is "
            "never a term",
            "vocabulary.yaml:2: general.intent_terms: 'envoy' is also a synonym (of 'ambassador', general, line 5), "
            "so it never stays itself",
        ],
    ),
    # phrase rewrites
    (
        "  phrases:\n    - {from: united states, to: usa}\n    - {from: US/U.S., to: usa, match_case: true}\n"
        "    - {pattern: '\\b(\\d+)(?:st|nd|rd|th)\\b', to: '\\1'}\n",
        "  phrases: {from: united states, to: usa}\n",
        ["vocabulary.yaml:7: general.phrases must be a list of rewrites, not a mapping"],
    ),
    (
        "    - {from: united states, to: usa}\n",
        "    - united states\n    - {from: united states, to: usa, colour: red}\n    - {from: united kingdom}\n",
        [
            "vocabulary.yaml:8: general.phrases 1 must be a mapping with 'from' (or 'pattern') and 'to', not text",
            "vocabulary.yaml:9: general.phrases 2: unknown field 'colour' (allowed: from, pattern, to, match_case)",
            "vocabulary.yaml:10: general.phrases 3: missing field 'to'",
        ],
    ),
    (
        "    - {from: united states, to: usa}\n",
        "    - {from: united states, pattern: 'x', to: usa}\n    - {to: usa}\n"
        "    - {from: x, to: y, match_case: maybe}\n",
        [
            "vocabulary.yaml:8: general.phrases 1: give 'from' or 'pattern', not both",
            "vocabulary.yaml:9: general.phrases 2: missing field 'from' (or 'pattern')",
            "vocabulary.yaml:10: general.phrases 3: match_case must be true or false, not text",
        ],
    ),
    (
        "    - {from: united states, to: usa}\n",
        '    - {from: united states, to: USA}\n    - {from: hit//back, to: retaliate}\n    - {from: "?", to: what}\n'
        "    - {from: [], to: x}\n",
        [
            "vocabulary.yaml:8: general.phrases 1: to must be lower-case words (letters and digits) or \"\", not 'USA'",
            "vocabulary.yaml:9: general.phrases 2: 'hit//back' has an empty choice (a '/' with no word on one side)",
            "vocabulary.yaml:10: general.phrases 3: '?' has no letters or digits, so it can never match",
            "vocabulary.yaml:11: general.phrases 4: from must not be empty",
        ],
    ),
    (
        "    - {from: united states, to: usa}\n",
        "    - {from: [united states, USA], to: usa}\n",
        ["vocabulary.yaml:8: general.phrases 1: 'USA' is rewritten to itself ('usa'); remove it"],
    ),
    (
        "    - {from: united states, to: usa}\n",
        "    - {from: united states, to: usa}\n    - {from: [United  States, america], to: usa}\n",
        ["vocabulary.yaml:9: general.phrases 2: 'United States' is rewritten twice (also at line 8)"],
    ),
    (
        "    - {from: united states, to: usa}\n",
        "    - {from: [united states, café, who’s], to: usa}\n"
        "    - {from: united states/kingdom of america, to: usa}\n",
        [
            "vocabulary.yaml:8: general.phrases 1: 'café' can never match: normalisation turns it into 'cafe' first",
            "vocabulary.yaml:8: general.phrases 1: 'who’s' can never match: normalisation turns it into 'who's' first",
            "vocabulary.yaml:9: general.phrases 2: 'united states of america' can never match: the rewrite at line 8 "
            "turns it into 'usa of america' first",
        ],
    ),
    (
        "    - from: hit/hits back\n",
        "    - from: a/b/c/d/e/f/g/h/i/j a/b/c/d/e/f/g/h/i/j a/b/c/d/e/f/g/h/i/j a/b\n",
        [
            "vocabulary.yaml:16: article.phrases 1: 'a/b/c/d/e/f/g/h/i/j a/b/c/d/e/f/g/h/i/j a/b/c/d/e/f/g/h/i/j a/b' "
            "stands for 2000 word sequences; the limit is 1000"
        ],
    ),
    # patterns
    (
        "    - {pattern: '\\b(\\d+)(?:st|nd|rd|th)\\b', to: '\\1'}\n",
        "    - {pattern: '(\\d+', to: x}\n    - {pattern: '\\b', to: x}\n    - {pattern: '(\\d+)th', to: '\\2'}\n"
        "    - {pattern: '(?P<n>\\d+)th', to: '\\g<m>'}\n    - {pattern: '(\\d+)th', to: 'No \\1'}\n",
        [
            "vocabulary.yaml:10: general.phrases 3: pattern does not compile: missing ), unterminated subpattern (at "
            "character 1)",
            "vocabulary.yaml:11: general.phrases 4: pattern can match empty text, so it would rewrite between any two "
            "letters",
            "vocabulary.yaml:12: general.phrases 5: to refers to group 2, which the pattern does not have",
            "vocabulary.yaml:13: general.phrases 6: to refers to group 'm', which the pattern does not have",
            "vocabulary.yaml:14: general.phrases 7: to must be lower-case words and group references (\\1, \\g<name>), "
            "not 'No \\1'",
        ],
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), BROKEN)
def test_each_rule_reports_exactly(old: str, new: str, expected: list[str]) -> None:
    assert old in VALID
    assert problems(VALID.replace(old, new, 1)) == expected


def test_every_problem_is_reported_at_once_in_file_order() -> None:
    text = VALID.replace("    envoys: ambassador\n", "    envoys: envoys\n").replace(
        "  stop_words: [article]\n", "  stop_words: [article, the]\n  colour: red\n"
    )
    assert problems(text) == [
        "vocabulary.yaml:6: general.synonyms: 'envoys' maps to itself; remove it",
        "vocabulary.yaml:12: article.stop_words: 'the' is listed twice (also in general, line 3)",
        "vocabulary.yaml:13: article: unknown field 'colour' (allowed: intent_terms, stop_words, fillers, synonyms, "
        "phrases)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "vocabulary.yaml:1: the file must be a mapping with the sections general and article, not nothing (null)"),
        ("- a\n", "vocabulary.yaml:1: the file must be a mapping with the sections general and article, not a list"),
        (
            "general:\n  stop_words: [a\n",
            "vocabulary.yaml:3: YAML syntax error (line 3, column 1): did not find expected ',' or ']'",
        ),
    ],
)
def test_a_file_that_is_not_a_vocabulary(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="cannot read the file"):
        load_vocabulary(tmp_path / "missing.yaml")
    bad = tmp_path / "vocabulary.yaml"
    bad.write_bytes(b"general:\n  stop_words: [caf\xe9]\n")
    with pytest.raises(VocabularyError) as caught:
        load_vocabulary(bad)
    assert [str(p) for p in caught.value.problems] == ["vocabulary.yaml:2: the file is not UTF-8 text"]


# --- the shipped file -------------------------------------------------------------------------------------------


def test_shipped_vocabulary_is_valid_and_separates_general_from_article(vocabulary: Vocabulary) -> None:
    data = yaml.safe_load((KNOWLEDGE / "vocabulary.yaml").read_text())
    assert set(data) == {"general", "article"}
    assert {"the", "what", "please"} <= set(data["general"]["stop_words"])
    assert {"article", "author"} <= set(data["article"]["stop_words"])
    assert data["general"]["synonyms"]["envoy"] == "ambassador"
    assert data["article"]["synonyms"]["pakistani"] == "pakistan"
    assert vocabulary.intent_terms == {"why", "when", "who", "where", "how", "recommend"}


def test_shipped_vocabulary_matches_the_json_schema() -> None:
    schema = json.loads((KNOWLEDGE / "vocabulary.schema.json").read_text())
    data = yaml.safe_load((KNOWLEDGE / "vocabulary.yaml").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert (
        (KNOWLEDGE / "vocabulary.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=./vocabulary.schema.json")
    )


def test_schema_and_loader_agree_on_fields_and_words() -> None:
    schema = json.loads((KNOWLEDGE / "vocabulary.schema.json").read_text())
    assert tuple(schema["properties"]) == vocabulary_module.SECTIONS
    assert tuple(schema["$defs"]["section"]["properties"]) == vocabulary_module.SECTION_FIELDS
    assert tuple(schema["$defs"]["phrase"]["properties"]) == vocabulary_module.PHRASE_FIELDS
    assert schema["$defs"]["word"]["pattern"] == vocabulary_module.WORD.pattern
    assert schema["$defs"]["terms"]["pattern"] == vocabulary_module.TERMS.pattern


@pytest.mark.parametrize(
    "text",
    [
        "generl: {}\n",
        "general: {stopwords: [a]}\n",
        "general: {stop_words: [The]}\n",
        "general: {synonyms: {envoy: Ambassador}}\n",
        "general: {phrases: [{from: x}]}\n",
        "general: {phrases: [{from: x, pattern: y, to: z}]}\n",
        "general: {phrases: [{from: x, to: y, match_case: maybe}]}\n",
    ],
)
def test_schema_rejects_what_the_loader_rejects(text: str) -> None:
    schema = json.loads((KNOWLEDGE / "vocabulary.schema.json").read_text())
    data = yaml.safe_load(text)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    with pytest.raises(VocabularyError):
        parse_vocabulary(text, source="vocabulary.yaml")


# --- phrase rewrites ---------------------------------------------------------------------------------------------


def rewrite(vocabulary: Vocabulary, text: str) -> str:
    for rule in vocabulary.rewrites:
        text = rule.pattern.sub(rule.replacement, text)
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("why did pakistan hit back", "why did pakistan retaliate"),
        ("Pakistan HITS BACK!", "Pakistan retaliate !"),
        ("hits  back", "retaliate"),  # any space between the words
        ("hitback", "hitback"),  # whole words only
        ("shit back", "shit back"),
        ("the US and the U.S.", "the usa and the usa"),
        ("us", "us"),  # match_case: the pronoun stays
        ("the United States", "the usa"),
        ("the 21st and 3RD", "the 21 and 3"),
    ],
)
def test_word_sequences_match_whole_words_and_choices(text: str, expected: str) -> None:
    assert rewrite(parse_vocabulary(VALID, source="vocabulary.yaml"), text) == expected


def test_where_sequences_overlap_the_longest_wins() -> None:
    vocabulary = parse_vocabulary(
        "general:\n  phrases:\n    - {from: [who is, who is he], to: whois}\n", source="vocabulary.yaml"
    )
    assert rewrite(vocabulary, "who is he") == "whois"
    assert rewrite(vocabulary, "who is she") == "whois she"


def test_the_readme_example_is_a_valid_vocabulary() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### Editing the vocabulary") :]
    example = section[section.index("```yaml\n") + 8 : section.index("```\n", section.index("```yaml\n") + 8)]
    vocabulary = parse_vocabulary(example, source="README.md")
    assert (
        rewrite(vocabulary, "Who's the US envoy? The article says they hit back")
        == "whois the usa envoy? they retaliate"
    )
