"""Every validation rule, with the exact message a moderator sees, and the shipped FAQ held to all of them."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.cli import main
from bot.core import FAQ, Article, FAQError, load_faq, parse_faq, validate_document
from bot.core import faq as faq_module
from bot.core.faq import MAX_ENTRIES, MAX_FILE_BYTES, MAX_PHRASINGS
from bot.core.store import FAQStore, dump, replace_all
from tests.paths import KNOWLEDGE, YAML_TEST_CASES

QUOTE = "Pakistan and Iran are important actors in many regional and trans-regional multilateral forums."

VALID = f"""\
topics:
  background:
    title: Background
entries:
  - id: forums
    topic: background
    question: Which forums are they part of?
    alternates: [multilateral forums]
    answer: The article says they are important actors in many forums.
    quotes:
      - "{QUOTE}"
  - id: ties
    topic: background
    question: What ties bind them?
    answer: History, culture, language and religion, the article says.
    quotes:
      - "Importantly, Pakistan and Iran are interwoven in history, culture, language, and religion"
    related: [forums]
"""


def problems(text: str, article: Article) -> list[str]:
    with pytest.raises(FAQError) as caught:
        parse_faq(textwrap.dedent(text), source="faq.yaml", article=article)
    return [str(p) for p in caught.value.problems]


def test_minimal_valid_file_loads(article: Article) -> None:
    faq = parse_faq(VALID, source="faq.yaml", article=article)
    assert [e.id for e in faq] == ["forums", "ties"]
    assert faq.get("forums").citations[0].paragraph == 17  # type: ignore[union-attr]


def test_shipped_faq_is_valid_and_cites_every_paragraph(faq: FAQ) -> None:
    cited = {c.paragraph for e in faq for c in e.citations}
    assert cited == set(range(1, 19))
    assert set(faq.topics) >= {"causes", "responses", "outcomes", "background"}
    for entry in faq:
        assert len(entry.alternates) >= 5, entry.id
        assert "article" in entry.answer.lower() or "yes" in entry.answer.lower(), entry.id
        for citation in entry.citations:
            assert citation.text in faq.article.paragraphs[citation.paragraph - 1]


def test_shipped_faq_matches_the_json_schema() -> None:
    schema = json.loads((KNOWLEDGE / "faq.schema.json").read_text())
    data = yaml.safe_load((KNOWLEDGE / "faq.yaml").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)
    assert (KNOWLEDGE / "faq.yaml").read_text().startswith("# yaml-language-server: $schema=./faq.schema.json")


def test_schema_and_loader_agree_on_fields_and_limits() -> None:
    schema = json.loads((KNOWLEDGE / "faq.schema.json").read_text())
    entry = schema["$defs"]["entry"]
    assert tuple(entry["properties"]) == faq_module.ENTRY_FIELDS
    assert tuple(entry["required"]) == faq_module.REQUIRED_ENTRY_FIELDS
    assert tuple(schema["properties"]) == faq_module.TOP_FIELDS
    props = entry["properties"]
    assert props["question"]["maxLength"] == faq_module.MAX_QUESTION
    assert props["answer"]["maxLength"] == faq_module.MAX_ANSWER
    assert props["alternates"]["items"]["maxLength"] == faq_module.MAX_ALTERNATE
    assert props["alternates"]["maxItems"] == faq_module.MAX_ALTERNATES
    assert props["asked"]["items"]["maxLength"] == faq_module.MAX_ALTERNATE
    assert props["asked"]["maxItems"] == faq_module.MAX_ASKED
    assert props["quotes"]["items"]["maxLength"] == faq_module.MAX_QUOTE
    assert props["quotes"]["maxItems"] == faq_module.MAX_QUOTES
    assert props["related"]["maxItems"] == faq_module.MAX_RELATED
    assert props["keywords"]["items"]["maxLength"] == faq_module.MAX_KEYWORD
    assert schema["$defs"]["id"]["maxLength"] == faq_module.MAX_ID
    assert schema["properties"]["entries"]["maxItems"] == faq_module.MAX_ENTRIES
    assert schema["$defs"]["id"]["pattern"] == faq_module.ID_PATTERN.pattern
    synonyms = schema["properties"]["synonyms"]
    assert synonyms["maxProperties"] == faq_module.MAX_SYNONYMS
    assert synonyms["propertyNames"]["pattern"] == faq_module.SYNONYM_WORD.pattern
    assert synonyms["additionalProperties"]["pattern"] == faq_module.SYNONYM_TERMS.pattern
    assert synonyms["propertyNames"]["maxLength"] == faq_module.MAX_SYNONYM_WORD
    assert synonyms["additionalProperties"]["maxLength"] == faq_module.MAX_SYNONYM_TERMS


BROKEN = [
    # (what changes in VALID, the exact problem)
    (
        "    alternates: [multilateral forums]\n",
        "    alternates: [multilateral forums]\n    colour: blue\n",
        "faq.yaml:9: entry 'forums': unknown field 'colour' in an entry (allowed: id, topic, question, alternates, "
        "asked, answer, quotes, related, keywords)",
    ),
    ("    question: Which forums are they part of?\n", "", "faq.yaml:5: entry 'forums': missing field 'question'"),
    (
        "    question: Which forums are they part of?\n",
        "    question: [a, list]\n",
        "faq.yaml:7: entry 'forums': question must be text, not a list",
    ),
    (
        "    question: Which forums are they part of?\n",
        "    question: '   '\n",
        "faq.yaml:7: entry 'forums': question must not be empty",
    ),
    (
        "    question: Which forums are they part of?\n",
        f"    question: {'x' * 101}\n",
        "faq.yaml:7: entry 'forums': question is 101 characters; the limit is 100",
    ),
    ("  - id: ties\n", "  - id: forums\n", "faq.yaml:12: entry 'forums': duplicate id (first used at line 5)"),
    (
        "    related: [forums]\n",
        "    related: [nowhere]\n",
        "faq.yaml:18: entry 'ties': related id 'nowhere' is not an entry",
    ),
    (
        "    related: [forums]\n",
        "    related: [ties]\n",
        "faq.yaml:18: entry 'ties': an entry cannot be related to itself",
    ),
    (
        "    question: What ties bind them?\n",
        "    question: Multilateral Forums?\n",
        "faq.yaml:14: entry 'ties': phrasing 'Multilateral Forums?' is also used by entry 'forums'",
    ),
    (  # a question members asked is a phrasing like any other: one entry's only
        "    related: [forums]\n",
        "    related: [forums]\n    asked: [what ties bind them, multilateral forums]\n",
        "faq.yaml:19: entry 'ties': phrasing 'multilateral forums' is also used by entry 'forums'",
    ),
    (
        "    related: [forums]\n",
        "    related: [forums]\n    asked: [" + ", ".join(f"ties {n}" for n in range(101)) + "]\n",
        "faq.yaml:19: entry 'ties': asked has 101 items; the limit is 100",
    ),
    (
        "    topic: background\n    question: What ties",
        "    topic: sport\n    question: What ties",
        "faq.yaml:13: entry 'ties': unknown topic 'sport' (known: background)",
    ),
    (
        "  - id: ties\n",
        "  - id: Ties Two\n",
        "faq.yaml:12: entry 'Ties Two': id must be lower-case letters and digits joined by hyphens",
    ),
    (
        "    answer: The article says they are important actors in many forums.\n",
        f"    answer: {'y' * 1001}\n",
        "faq.yaml:9: entry 'forums': answer is 1001 characters; the limit is 1000",
    ),
    (
        "    question: Which forums are they part of?\n",
        '    question: "Which forums\\0 are they part of?"\n',
        "faq.yaml:7: entry 'forums': question contains a control character (U+0000 at character 13); remove it",
    ),
    (
        "    alternates: [multilateral forums]\n",
        '    alternates: ["multilateral\\a forums"]\n',
        "faq.yaml:8: entry 'forums': alternate 1 contains a control character (U+0007 at character 13); remove it",
    ),
    (
        "    answer: The article says they are important actors in many forums.\n",
        '    answer: "The article\\x1b says they are important actors in many forums."\n',
        "faq.yaml:9: entry 'forums': answer contains a control character (U+001B at character 12); remove it",
    ),
    (
        "    question: Which forums are they part of?\n",
        "    question: 2024-13-45\n",
        "faq.yaml:7: entry 'forums': question must be text, not a date (2024-13-45); put it in quotes to keep it "
        "as text",
    ),
    (
        "    question: Which forums are they part of?\n",
        "    question: 2024-01-15 10:30:00\n",
        "faq.yaml:7: entry 'forums': question must be text, not a date (2024-01-15 10:30:00); put it in quotes to "
        "keep it as text",
    ),
    (
        "    alternates: [multilateral forums]\n",
        "    alternates: [multilateral forums, 2024-02-30]\n",
        "faq.yaml:8: entry 'forums': alternate 2 must be text, not a date (2024-02-30); put it in quotes to keep "
        "it as text",
    ),
    (
        "  - id: forums\n",
        "  - id: 123456789012345678901234567890\n",
        "faq.yaml:5: entry '#1': id must be text, not a number (123456789012345678901234567890); put it in quotes "
        "to keep it as text",
    ),
    (
        "  - id: forums\n",
        f"  - id: {'9' * 5000}\n",
        f"faq.yaml:5: entry '#1': id must be text, not a number ({'9' * 39}…); put it in quotes to keep it as text",
    ),
    (
        "    question: Which forums are they part of?\n",
        "    question: !!timestamp not a date\n",
        "faq.yaml:7: entry 'forums': question must be text, not a date (not a date); put it in quotes to keep it "
        "as text",
    ),
    (
        "  background:\n",
        "  2024-01-15:\n",
        "faq.yaml:2: topic id must be text, not a date (2024-01-15); put it in quotes to keep it as text",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN)
def test_each_rule_reports_file_line_entry_and_reason(article: Article, old: str, new: str, message: str) -> None:
    assert old in VALID
    assert message in problems(VALID.replace(old, new, 1), article)


def test_quote_not_in_article_shows_the_closest_passage(article: Article) -> None:
    text = VALID.replace(QUOTE, "Pakistan and Iran are key actors in many regional multilateral forums.")
    assert problems(text, article) == [
        "faq.yaml:11: entry 'forums': quote 1 is not verbatim in the article; closest passage (paragraph 17): "
        '"Pakistan and Iran are important actors in many regional and trans-regional multilateral forums."'
    ]


def test_all_problems_are_reported_at_once(article: Article) -> None:
    text = VALID.replace("topic: background\n    question: What", "topic: nope\n    question: What").replace(
        QUOTE, "Invented words."
    )
    found = problems(text, article)
    assert len(found) == 2
    assert any("unknown topic 'nope'" in p for p in found)
    assert any("quote 1 is not verbatim" in p for p in found)


def test_yaml_syntax_error_names_line_and_column(article: Article) -> None:
    found = problems("topics:\n  a: [unclosed\nentries: []\n", article)
    assert len(found) == 1
    assert found[0].startswith("faq.yaml:3: YAML syntax error (line 3, column ")


def test_duplicate_key_in_an_entry_is_reported(article: Article) -> None:
    text = VALID.replace("    answer: History", "    answer: Once.\n    answer: History")
    assert "faq.yaml:16: entry 'ties': field 'answer' is given twice" in problems(text, article)


def test_top_level_must_be_a_mapping(article: Article) -> None:
    assert problems("- just\n- a list\n", article) == [
        "faq.yaml:1: the file must be a mapping with 'topics' and 'entries', not a list"
    ]


def test_empty_quotes_list_is_refused(article: Article) -> None:
    text = VALID.replace(f'    quotes:\n      - "{QUOTE}"\n', "    quotes: []\n")
    assert "faq.yaml:10: entry 'forums': quotes must hold at least one quote from the article" in problems(
        text, article
    )


def test_validate_document_accepts_plain_data_from_an_edit(article: Article, faq: FAQ) -> None:
    data = faq.to_data()
    rebuilt = validate_document(data, source="edit", article=article)
    assert [e.id for e in rebuilt] == [e.id for e in faq]
    data["entries"][0]["quotes"] = ["Not in the article at all."]
    with pytest.raises(FAQError) as caught:
        validate_document(data, source="edit", article=article)
    assert str(caught.value.problems[0]).startswith(f"edit: entry '{faq.entries[0].id}': quote 1 is not verbatim")


def test_non_utf8_file_is_a_clear_problem(tmp_path: Path, article: Article) -> None:
    path = tmp_path / "faq.yaml"
    path.write_bytes(b"topics:\n  a: \xff\n")
    with pytest.raises(FAQError) as caught:
        load_faq(path, article)
    assert str(caught.value) == "faq.yaml:2: the file is not UTF-8 text"


def test_yaml_test_suite_cases_end_in_a_clear_error_or_a_load(article: Article) -> None:
    cases = sorted(c for c in YAML_TEST_CASES.iterdir() if (c / "in.yaml").exists())
    assert len(cases) > 250
    errors = 0
    for case in cases:
        text = (case / "in.yaml").read_bytes().decode("utf-8", errors="replace")
        try:
            parse_faq(text, source="in.yaml", article=article)
        except FAQError as exc:
            errors += 1
            assert exc.problems, case.name
            for problem in exc.problems:
                assert problem.source == "in.yaml"
                assert problem.message and "Traceback" not in problem.message
    assert errors == len(cases)  # none of them is a FAQ


# --- limits on the whole FAQ: file size, entries, phrasings -------------------------------------------------------

SIZE_PROBLEM = "the file is 262,145 bytes; the limit is 262,144 bytes (256 KiB)"


def over_size() -> str:
    """VALID padded with a comment to one byte over the size limit."""
    return VALID + "#" * (MAX_FILE_BYTES + 1 - len(VALID.encode()))


def repeated(copies: int, alternates: int = 1) -> str:
    """VALID with its first entry (given ``alternates`` alternates) anchored and repeated ``copies`` times by YAML
    alias: a few bytes each, as many entries and phrasings as written out."""
    listed = "".join(f"\n      - phrasing number {n}" for n in range(alternates))
    text = VALID.replace("  - id: forums\n", "  - &e\n    id: forums\n").replace(
        "    alternates: [multilateral forums]", f"    alternates:{listed}"
    )
    return text + "  - *e\n" * copies


def test_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path: Path, article: Article) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(over_size())
    with pytest.raises(FAQError) as caught:
        load_faq(path, article)
    assert [str(p) for p in caught.value.problems] == [f"faq.yaml: {SIZE_PROBLEM}"]
    with pytest.raises(FAQError) as caught:
        parse_faq(over_size(), source="upload.yaml", article=article)  # what /faqmod import and undo call
    assert [str(p) for p in caught.value.problems] == [f"upload.yaml: {SIZE_PROBLEM}"]
    at_limit = over_size()[:-1]
    assert len(parse_faq(at_limit, source="faq.yaml", article=article)) == 2


def test_more_entries_than_the_limit_is_the_one_problem_reported(article: Article) -> None:
    # 999 copies of the first entry are 999 duplicate ids and 1,998 duplicate phrasings: none of them is read
    assert problems(repeated(MAX_ENTRIES - 1), article) == ["faq.yaml:4: the FAQ has 1,001 entries; the limit is 1,000"]
    assert "duplicate id" in problems(repeated(MAX_ENTRIES - 2), article)[0]  # at the limit: read as usual


def test_more_phrasings_than_the_limit_is_the_one_problem_reported(article: Article) -> None:
    # 1 + 166 copies of an entry with a question and 59 alternates, and one more question: 10,021 phrasings
    assert problems(repeated(166, alternates=59), article) == [
        "faq.yaml:4: the FAQ has 10,021 phrasings (questions, alternates, asked); the limit is 10,000"
    ]
    assert MAX_PHRASINGS == 10_000
    assert "duplicate id" in problems(repeated(165, alternates=59), article)[0]


def test_validate_reload_and_the_disk_watch_apply_the_same_limits(tmp_path: Path, article: Article) -> None:
    path = tmp_path / "knowledge" / "faq.yaml"
    path.parent.mkdir()
    path.write_text((KNOWLEDGE / "faq.yaml").read_text())
    store = FAQStore(path, article, tmp_path / "data", vocabulary_path=KNOWLEDGE / "vocabulary.yaml")
    for text, problem in (
        (over_size(), f"faq.yaml: {SIZE_PROBLEM}"),
        (repeated(MAX_ENTRIES - 1), "faq.yaml:4: the FAQ has 1,001 entries; the limit is 1,000"),
    ):
        path.write_text(text)
        out = io.StringIO()
        assert main(["validate", str(path)], out=out) == 1
        assert out.getvalue().startswith(f"{path}: 1 problem\n  {problem}\n")
        with pytest.raises(FAQError) as caught:
            store.poll()  # the disk watch
        assert [str(p) for p in caught.value.problems] == [problem]
        with pytest.raises(FAQError) as caught:
            store.reload()  # /faqmod reload
        assert [str(p) for p in caught.value.problems] == [problem]
    assert len(store.faq) == 41  # the FAQ in service stays


def test_a_save_that_would_make_the_file_too_big_is_refused(tmp_path: Path, article: Article, faq: FAQ) -> None:
    path = tmp_path / "knowledge" / "faq.yaml"
    path.parent.mkdir()
    path.write_text((KNOWLEDGE / "faq.yaml").read_text())
    store = FAQStore(path, article, tmp_path / "data", vocabulary_path=KNOWLEDGE / "vocabulary.yaml")
    data = faq.to_data()
    for n in range(41, 260):  # valid entries with long answers: about 1.3 KB each
        copy = {**data["entries"][n % 41], "id": f"copy-{n}", "question": f"Question {n}?", "answer": "x" * 1000}
        copy.pop("alternates", None)
        copy.pop("asked", None)
        data["entries"].append(copy)
    size = len(dump(data).encode())
    assert size > MAX_FILE_BYTES
    before = path.read_text()
    for attempt in (store.preview, store.save):
        with pytest.raises(FAQError) as caught:
            attempt(replace_all(data, "big.yaml"))
        assert [str(p) for p in caught.value.problems] == [
            f"your change: the file would be {size:,} bytes; the limit is 262,144 bytes (256 KiB)"
        ]
    assert path.read_text() == before and store.revision == 1
