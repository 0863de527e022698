"""The optional semantic layer: the numpy encoder agrees with sentence-transformers, and the bot without the
semantic extra works on words alone."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.app import index_builder
from bot.core import FAQ, Engine, Matcher, Status, Thresholds
from bot.core.article import Article
from bot.core.fusion import Semantic, SemanticMatcher, Weights, calibrate, fuse, phrasings
from bot.core.semantic import EmbeddingCache, Encoder, load_encoder
from bot.core.service import FAQService
from bot.core.store import FAQStore, add_alias
from bot.core.vocabulary import Vocabulary
from bot.settings import Settings
from tests.paths import DATA

REFERENCE = DATA / "semantic" / "reference.json"


def test_numpy_encoder_matches_sentence_transformers(semantic_encoder: Encoder) -> None:
    """Embeddings sentence-transformers computed with torch from the same model folder (provenance in
    tests/data/semantic/README.md): each of ours points the same way, alone and in a batch of mixed lengths."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    expected = np.array(reference["embeddings"], np.float32)
    batch = semantic_encoder.encode(reference["sentences"])
    assert batch.shape == expected.shape
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    assert (batch * expected).sum(axis=1).min() >= 0.999
    alone = np.stack([semantic_encoder.encode([s])[0] for s in reference["sentences"]])
    assert (alone * expected).sum(axis=1).min() >= 0.999


def test_off_or_missing_model_means_words_only(tmp_path: object, caplog: pytest.LogCaptureFixture) -> None:
    """`off` and a folder with no model each give no encoder and one INFO line saying matching is on words."""
    with caplog.at_level(logging.INFO, logger="bot.core.semantic"):
        assert load_encoder("off") is None
        assert load_encoder(str(tmp_path)) is None
    lines = [r for r in caplog.records if r.name == "bot.core.semantic"]
    assert len(lines) == 2
    assert all(r.levelno == logging.INFO and "words only" in r.getMessage() for r in lines)


# --- the fused matcher: what a member notices ------------------------------------------------------------------


@pytest.fixture(scope="module")
def semantic(semantic_encoder: Encoder) -> Semantic:
    return Semantic(semantic_encoder, None)


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        # not the eval set's tuning questions, which the FAQ's `asked` lists hold
        # "did islamabad send its man in tehran packing back home" was here until members' questions about Tehran's
        # envoy in Islamabad taught the FAQ the same words the other way round (now answered from that entry)
        ("did islamabad yank its emissary from the iranian capital", "diplomatic-measures"),
        ("did beijing feel it had skin in the game because of its megaprojects", "china-role"),
        ("was there a huddle of top brass on security in mid 2023", "security-cooperation"),  # calibrated
    ],
)
def test_paraphrase_in_other_words_is_answered(
    faq: FAQ, vocabulary: Vocabulary, semantic: Semantic, question: str, entry: str
) -> None:
    """Questions that avoid the FAQ's words: declined on words alone, answered from the right entry with meaning."""
    assert not Engine(faq, vocabulary).ask(question).answered
    answer = Engine(faq, vocabulary, build_index=semantic).ask(question)
    assert answer.status is Status.ANSWERED, answer
    assert answer.entry is not None and answer.entry.id == entry


def test_a_close_runner_up_that_holds_the_fact_answers_instead_of_a_partial(
    faq: FAQ, vocabulary: Vocabulary, semantic: Semantic
) -> None:
    """Asked what IRGC stands for, the IRGC's record ranks first, whose quote only names it; the IRGC's own entry,
    close behind, spells it out: a partial must never dodge what the article says."""
    answer = Engine(faq, vocabulary, build_index=semantic).ask("what does IRGC stand for bro")
    assert answer.status is Status.ANSWERED, answer
    assert answer.entry is not None and answer.entry.id == "irgc"
    assert any("(IRGC)" in citation.text for citation in answer.citations)


@pytest.mark.parametrize(
    "question",
    [
        "what's the capital of france",
        "who won the world cup in 2022",
        "how do I bake sourdough bread",
        "can you recommend a good laptop for gaming",
        "what is the meaning of life",
        "tell me about the war between russia and ukraine",
    ],
)
def test_off_topic_stays_declined_with_meaning(
    faq: FAQ, vocabulary: Vocabulary, semantic: Semantic, question: str
) -> None:
    assert not Engine(faq, vocabulary, build_index=semantic).ask(question).answered


def test_chat_fillers_markup_and_emoji_are_left_out_of_the_sentence_compared_by_meaning(
    faq: FAQ, vocabulary: Vocabulary, semantic: Semantic
) -> None:
    """ "ngl lowkey ... fr fr lol" says how someone talks: the sentence encoder sees only what they ask, so a question
    wrapped in chat is as near to each entry as the question alone, and is answered."""
    matcher = SemanticMatcher(faq, vocabulary, semantic)
    plain = matcher.similarities("why did pakistan hit back?")
    wrapped = matcher.similarities("<@123> ngl lowkey **why** did pakistan hit back?? fr fr lol 💀")
    assert np.array_equal(wrapped, plain)
    question = "bruh ngl why was china so quick to jump in tho lol"
    answer = Engine(faq, vocabulary, build_index=semantic).ask(question)
    assert answer.status is Status.ANSWERED and answer.entry is not None and answer.entry.id == "china-role"


def test_clear_question_stays_answered_when_two_entries_both_score_high(engine: Engine) -> None:
    """Both signals put one entry first and a neighbour close behind: the lead survives fusion (it was lost when
    fused scores were cut at 1, making a clear question "did you mean")."""
    answer = engine.ask("why did iran attack pakistan?")
    assert answer.status is Status.ANSWERED
    assert answer.entry is not None and answer.entry.id == "why-iran-struck"


def test_meaning_alone_never_reaches_the_answer_threshold() -> None:
    """Without lexical evidence, no similarity, however high, makes an answer; with weak lexical evidence, only a
    similarity that says the same thing does."""
    weights = Weights()
    threshold = Thresholds().answer

    def final(lexical: float, similarity: float) -> float:  # the most the engine can see: agreeing, calibrated
        return calibrate((fuse(lexical, similarity, weights) + weights.agree) / (1 + weights.agree), weights)

    for similarity in np.linspace(-1.0, 1.0, 201):
        assert final(0.0, float(similarity)) < threshold
        if similarity < weights.sure:
            assert final(weights.evidence - 0.01, float(similarity)) < threshold


def test_question_for_a_fact_the_article_lacks_stays_unanswered(
    faq: FAQ, vocabulary: Vocabulary, semantic: Semantic
) -> None:
    """Near in meaning to an entry, but asking for a number it does not give: partial or declined, never answered."""
    engine = Engine(faq, vocabulary, build_index=semantic)
    for question in [
        "How many people died in the Iranian strikes?",
        "how much do pak and irn trade rn like actual numbers",
        "how much does balochistan pay iran for the electricity",
        "what was the name of the pilot who flew the pakistani jets",
    ]:
        assert not engine.ask(question).answered, question


def test_a_weak_match_about_a_common_word_no_entry_uses_is_declined(
    faq: FAQ, vocabulary: Vocabulary, semantic: Semantic
) -> None:
    """Meaning lifts these near the threshold (Balochistan, Gwadar, India and Pakistan are the article's), but they
    name nothing else the article uses: the weather, beaches and cricket are what they ask about."""
    engine = Engine(faq, vocabulary, build_index=semantic)
    for question in [
        "how is the weather in balochistan",
        "how are the beaches in gwadar",
        "who won when india played pakistan at cricket",
    ]:
        assert engine.ask(question).status is Status.NOT_COVERED, question
    # Short words of other Englishes are not read as topics ("ow", "aka"), nor slang ("blud"): still answered.
    slang = engine.ask("ow blud what was pakistan's op called aka the name")
    assert slang.answered and slang.entry is not None and slang.entry.id == "pakistan-operation"


# --- the embedding cache ------------------------------------------------------------------------------------------


class Counting:
    """An encoder that counts the texts it embeds."""

    def __init__(self, encoder: Encoder) -> None:
        self._encoder = encoder
        self.fingerprint = encoder.fingerprint
        self.dimension = encoder.dimension
        self.texts: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self._encoder.encode(texts)


def test_restart_reads_embeddings_from_disk_and_an_edit_embeds_only_what_changed(
    faq: FAQ, vocabulary: Vocabulary, semantic_encoder: Encoder, tmp_path: Path
) -> None:
    cold = Counting(semantic_encoder)
    first = Semantic(cold, tmp_path)(faq, vocabulary)  # type: ignore[arg-type]
    assert len(cold.texts) == len(phrasings(faq)[0]) > len(faq.entries)
    assert len(list(tmp_path.glob("embeddings-*.npz"))) == 1

    warm = Counting(semantic_encoder)  # a new process: nothing in memory
    second = Semantic(warm, tmp_path)(faq, vocabulary)  # type: ignore[arg-type]
    assert warm.texts == []
    question = "did islamabad yank its top envoy back home"
    assert np.allclose(first.similarities(question), second.similarities(question))

    entry = faq.entries[0]
    changed = replace(entry, alternates=(*entry.alternates, "a phrasing nobody wrote before"))
    edited = replace(faq, entries=(changed, *faq.entries[1:]))
    after_edit = Counting(semantic_encoder)
    Semantic(after_edit, tmp_path)(edited, vocabulary)  # type: ignore[arg-type]
    assert after_edit.texts == ["a phrasing nobody wrote before"]


def test_broken_cache_file_is_rebuilt_with_a_warning(
    faq: FAQ, vocabulary: Vocabulary, semantic_encoder: Encoder, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    Semantic(semantic_encoder, tmp_path)(faq, vocabulary)
    (cache,) = tmp_path.glob("embeddings-*.npz")
    cache.write_bytes(b"not an npz file")
    counting = Counting(semantic_encoder)
    with caplog.at_level(logging.WARNING, logger="bot.core.semantic"):
        matcher = Semantic(counting, tmp_path)(faq, vocabulary)  # type: ignore[arg-type]
    assert len(counting.texts) == len(phrasings(faq)[0])
    assert any("embedding cache" in r.getMessage() for r in caplog.records)
    assert matcher.rank("did islamabad yank its top envoy back home")[0].entry.id == "diplomatic-measures"


def test_two_processes_saving_the_cache_at_once_leave_a_whole_file(
    semantic_encoder: Encoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Several bot processes may share the data folder: one saving its cache while another saves must not mix the
    two files' bytes (or move the other's file away), which left a broken cache every process re-embedded."""
    first, second = EmbeddingCache(tmp_path, semantic_encoder), EmbeddingCache(tmp_path, semantic_encoder)
    second.embed(["what did pakistan do"])  # written once, so its next save below only rewrites the file
    save = np.savez
    interleaved = []

    def savez_while_another_saves(file: object, **arrays: object) -> None:
        if not interleaved:
            interleaved.append(True)
            second.embed(["what did iran do"])  # the other process saves in the middle of this one's write
        save(file, **arrays)  # type: ignore[arg-type]

    monkeypatch.setattr("bot.core.semantic.np.savez", savez_while_another_saves)
    with caplog.at_level(logging.WARNING, logger="bot.core.semantic"):
        first.embed(["why did iran strike", "how did pakistan respond"])
    assert interleaved and not caplog.records
    monkeypatch.undo()
    counting = Counting(semantic_encoder)
    EmbeddingCache(tmp_path, counting).embed(["why did iran strike", "how did pakistan respond"])  # type: ignore[arg-type]
    assert counting.texts == []  # the last writer's file, whole: nothing to embed again
    assert [p.name for p in tmp_path.iterdir()] == [f"embeddings-{semantic_encoder.fingerprint}.npz"]


# --- the setting -------------------------------------------------------------------------------------------------


def test_setting_off_means_words_only_and_default_uses_the_installed_model(
    semantic_encoder: Encoder, tmp_path: Path
) -> None:
    assert index_builder(Settings(semantic_model="off", data_dir=tmp_path)) is Matcher
    chosen = index_builder(Settings(data_dir=tmp_path))
    assert isinstance(chosen, Semantic)
    assert chosen.encoder.folder == semantic_encoder.folder


def test_an_edit_saved_through_the_service_is_served_with_meaning(
    faq_file: Path, article: Article, semantic: Semantic
) -> None:
    """A moderator's new phrasing is embedded with the new revision's index, so questions worded like it are
    answered at once."""
    store = FAQStore(
        faq_file, article, faq_file.parent.parent / "data", vocabulary_path=faq_file.parent / "vocabulary.yaml"
    )
    engine = Engine(store.faq, store.vocabulary, build_index=semantic, revision=store.revision)
    service = FAQService(store, engine, build_index=semantic)
    question = "did the two capitals bury the hatchet"
    before = engine.ask(question)
    assert service.save(add_alias("how-it-ended", "Did the two capitals bury the hatchet?")).ok
    assert isinstance(service.engine.matcher, SemanticMatcher)
    after = service.engine.ask(question)
    assert after.answered and after.entry is not None and after.entry.id == "how-it-ended"
    assert after.score > before.score


def test_autocomplete_matches_typed_words_without_embedding_them(
    faq: FAQ, vocabulary: Vocabulary, semantic_encoder: Encoder
) -> None:
    """Autocomplete runs on every keystroke: it gives what words alone give, and embeds nothing."""
    counting = Counting(semantic_encoder)
    matcher = Semantic(counting, None)(faq, vocabulary)  # type: ignore[arg-type]
    counting.texts.clear()
    words_only = Matcher(faq, vocabulary)
    for typed in ["davo", "why did pak", "irgc", "did they kiss and make"]:
        assert [e.id for e in matcher.complete(typed)] == [e.id for e in words_only.complete(typed)]
    assert counting.texts == []
