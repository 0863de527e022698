import hashlib
from pathlib import Path

import pytest

from bot.core import Article, FAQError
from bot.core.article import load_article
from tests.paths import KNOWLEDGE, ROOT

# SHA-256 of ../shared/article/article.txt, the article as provided to the project.
ARTICLE_SHA256 = "91f48c8f67d350c9c2232eea6e72f8967e809493dfcd1fded6cda94b6aa2aa83"


def test_article_is_shipped_byte_for_byte() -> None:
    shipped = (KNOWLEDGE / "article.txt").read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == ARTICLE_SHA256
    source = ROOT.parent / "shared" / "article" / "article.txt"  # an extra check, where ../shared lies beside us
    if source.exists():
        assert shipped == source.read_bytes()
    assert "’" in shipped.decode("utf-8")  # typographic apostrophes kept


def test_eighteen_paragraphs_numbered_from_one(article: Article) -> None:
    assert len(article.paragraphs) == 18
    assert article.paragraphs[0].startswith("In an unprecedented and unprovoked move")
    assert article.paragraphs[17].startswith("Their approach towards many regional security issues")


def test_quote_with_straight_marks_and_odd_spacing_shows_the_articles_own_text(article: Article) -> None:
    typed = "launched its operation  'Marg Bar\nSarmachar' against"
    citation = article.locate(typed)
    assert citation is not None
    assert citation.paragraph == 1
    assert citation.text == "launched its operation ‘Marg Bar Sarmachar’ against"


def test_quote_not_in_article_is_not_found_and_closest_passage_is_offered(article: Article) -> None:
    assert article.locate("Iran launched missile strikes inside Pakistan") is None
    closest = article.closest("Pakistan downgraded its diplomatic ties by recalling its ambassador from Tehran")
    assert closest is not None
    assert closest.paragraph == 2
    assert closest.text.startswith("Pakistan downgraded its diplomatic relations by recalling its ambassador back")


def test_case_and_words_must_match(article: Article) -> None:
    assert article.locate("in an unprecedented and unprovoked move") is None
    assert article.locate("In an unprecedented and unprovoked move") is not None


def test_quote_cannot_span_paragraphs(article: Article) -> None:
    assert article.locate("not to use Iranian airspace. It also asked the Iranian ambassador") is None


def test_sentences_keep_abbreviations_together(article: Article) -> None:
    sentences = article.sentences[6]
    assert any("Gen. Qasim Suleimani" in s for s in sentences)


def test_from_file_reads_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("One ‘two’.\n\nThree.", encoding="utf-8")
    article = Article.from_file(path)
    assert article.paragraphs == ["One ‘two’.", "Three."]
    assert article.locate("'two'") is not None


# --- what the article is: knowledge/article.yaml ------------------------------------------------------------------


def test_shipped_metadata_says_what_is_known_and_invents_nothing() -> None:
    meta = load_article(KNOWLEDGE / "article.txt").meta
    assert meta.title is None and meta.author is None  # not known: never made up
    assert meta.date == "late January 2024"
    assert meta.kind == "opinion piece" and meta.a_kind == "an opinion piece"
    assert meta.subject == "the January 2024 Iran–Pakistan cross-border strikes and the brief standoff that followed"
    assert meta.source == "article.txt" and meta.paragraphs == 18
    assert meta.unknown == ("title", "author")


def test_text_alone_has_no_metadata() -> None:
    with pytest.raises(LookupError, match="load_article"):
        _ = Article("One.\n\nTwo.").meta


GOOD_META = """\
title: null
author: null
date: late January 2024
kind: opinion piece
subject: the subject in full
short_subject: the subject
example_question: what happened?
source: a.txt
paragraphs: 2
"""


def write_article(folder: Path, meta: str) -> Path:
    text = folder / "a.txt"
    text.write_text("One ‘two’.\n\nThree.", encoding="utf-8")
    (folder / "a.yaml").write_text(meta, encoding="utf-8")
    return text


def problems_of(folder: Path, meta: str) -> list[str]:
    with pytest.raises(FAQError) as caught:
        load_article(write_article(folder, meta))
    return [str(p) for p in caught.value.problems]


def test_metadata_beside_the_text_is_read_with_it(tmp_path: Path) -> None:
    article = load_article(write_article(tmp_path, GOOD_META))
    assert article.meta.short_subject == "the subject" and article.locate("'two'") is not None


def test_every_metadata_problem_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    meta = (
        GOOD_META.replace("author: null\n", "")
        .replace("kind: opinion piece", "kind: 5")
        .replace("source: a.txt", "source: article.txt")
        .replace("paragraphs: 2", "paragraphs: 3\ntitel: Oops")
        .replace("date: late January 2024", "date: 2024-01-25")
    )
    assert problems_of(tmp_path, meta) == [
        "a.yaml:9: unknown field 'titel' in the file (allowed: title, author, date, kind, subject, short_subject, "
        "example_question, source, paragraphs)",
        "a.yaml:1: missing field 'author' (null when not known)",
        "a.yaml:2: date must be text, not a date (2024-01-25); put it in quotes to keep it as text",
        "a.yaml:3: kind must be text, not a number (5); put it in quotes to keep it as text",
        "a.yaml:7: source is 'article.txt', but the article beside it is 'a.txt'",
        "a.yaml:8: paragraphs is 3, but the article has 2 (separated by blank lines); fix the count, or the "
        "article, so citations keep their numbers",
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("title: null", "title: ''"), "a.yaml:1: title must not be empty"),
        (("paragraphs: 2", "paragraphs: two"), "a.yaml:9: paragraphs must be a whole number of at least 1, not text"),
        (("paragraphs: 2", "paragraphs: 0"), "a.yaml:9: paragraphs must be a whole number of at least 1, not 0"),
        (("short_subject: the subject", "short_subject: " + "x" * 61), "a.yaml:6: short_subject is 61 characters"),
        (("kind: opinion piece", "kind: [a, b]"), "a.yaml:4: kind must be text, not a list"),
        (("subject: the subject in full\n", "subject: a\nsubject: b\n"), "a.yaml:6: field 'subject' is given twice"),
    ],
)
def test_metadata_rules(tmp_path: Path, change: tuple[str, str], problem: str) -> None:
    assert any(p.startswith(problem) for p in problems_of(tmp_path, GOOD_META.replace(*change)))


def test_metadata_that_is_not_a_mapping_or_not_yaml(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "- a list\n") == [
        "a.yaml:1: the file must be a mapping of title, author, date, kind, subject, short_subject, "
        "example_question, source, paragraphs, not a list"
    ]
    assert problems_of(tmp_path, "title: [unclosed\n")[0].startswith("a.yaml:2: YAML syntax error")


def test_missing_metadata_is_a_clear_problem(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("One.", encoding="utf-8")
    with pytest.raises(FAQError, match=r"a\.yaml: cannot read the article's metadata: No such file"):
        load_article(text)
