import hashlib
from pathlib import Path

from bot.core import Article
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
