"""The matcher's index (postings as numpy slices, candidates and coverage read from them, similarities in batched
rapidfuzz calls) must rank exactly as the plain algorithm it stands for: a dict of credits per entry, a scan of
every entry for candidates, one extractOne per entry. The plain algorithm is written out here and both are run on
random FAQs built from a small word list, so that terms are shared, scores tie and candidates are cut."""

from __future__ import annotations

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from bot.core import Article, validate_document
from bot.core import matcher as m
from bot.core.faq import FAQ
from bot.core.text import terms
from bot.core.vocabulary import Vocabulary, parse_vocabulary

VOCABULARY = parse_vocabulary(
    "general:\n  intent_terms: [why, when]\n  stop_words: [the, did, a, of]\n"
    "  synonyms:\n    envoy: ambassador\n  phrases:\n    - {from: hit back, to: retaliate}\n",
    source="test",
)
WORDS = (  # noqa: SIM905
    "iran pakistan envoy ambassador strike strikes hit back border talks china trade the of "
    "a why when did army militants camp minister visit recall airspace gas pipeline deal"
).split()


def random_faq(seed: int, size: int) -> FAQ:
    rng = random.Random(seed)

    def words(low: int, high: int) -> str:
        return " ".join(rng.choices(WORDS, k=rng.randint(low, high)))

    paragraphs = [words(6, 14) + "." for _ in range(6)]
    seen: set[str] = set()

    def fresh(low: int, high: int) -> str:
        while True:
            text = words(low, high)
            if text not in seen:
                seen.add(text)
                return text

    entries = [
        {
            "id": f"e{i}",
            "topic": "t",
            "question": fresh(2, 6) + f" q{i}",
            "alternates": [fresh(1, 5) for _ in range(rng.randint(0, 4))],
            "keywords": [fresh(1, 2) for _ in range(rng.randint(0, 1))],
            "answer": words(3, 12),
            "quotes": [rng.choice(paragraphs)],
        }
        for i in range(size)
    ]
    data = {"topics": {"t": {"title": "T", "description": "All."}}, "entries": entries}
    return validate_document(data, source="test", article=Article("\n\n".join(paragraphs)))


def plain_rank(faq: FAQ, vocabulary: Vocabulary, query: list[str], limit: int) -> list[tuple[str, float, float, float]]:
    """The ranking as first written: per-entry dicts and sets, every entry scanned, extractOne per entry."""
    credits, owns, phrasings = [], [], []
    for entry in faq.entries:
        credit: dict[str, float] = {}
        for text in (entry.answer, *(c.text for c in entry.citations)):
            for term in terms(text, vocabulary):
                credit[term] = m.SUPPORT_CREDIT
        own = set(credit)
        mine = []
        for text in (*entry.phrasings, *entry.keywords):
            found = terms(text, vocabulary)
            for term in found:
                credit[term] = m.PHRASING_CREDIT
            if text not in entry.alternates:
                own.update(found)
            if found and text not in entry.keywords:
                mine.append(" ".join(found))
        credits.append(credit)
        owns.append(own)
        phrasings.append(mine)
    article_terms = {t for p in faq.article.paragraphs for t in terms(p, vocabulary)}
    count = max(len(faq.entries), 1)
    holders = {t: sum(t in c for c in credits) for c in credits for t in c}
    idf = {t: math.log(1 + count / n) for t, n in holders.items()}
    unknown = math.log(1 + count)
    intent = vocabulary.intent_terms
    weights = {t: idf.get(t, unknown) * (m.INTENT_WEIGHT if t in intent else 1.0) for t in query}
    total = sum(weights.values())
    specificity = min(1.0, total / (m.SPECIFICITY * unknown))
    selective = sorted((t for t in query if t in holders), key=lambda t: holders[t])
    common = max(8, int(count * m.COMMON_SHARE))
    usable = [t for t in selective if holders[t] <= common] or selective[:1]
    sums: dict[int, float] = {}
    for term in usable:
        for index, credit in enumerate(credits):
            if term in credit:
                sums[index] = sums.get(index, 0) + weights[term] * credit[term]
    chosen = sorted(sums, key=lambda i: -sums[i])[: m.CANDIDATES]
    out = []
    for index in chosen:
        credit, own = credits[index], owns[index]
        coverage = sum(weights[t] * credit.get(t, 0.0) for t in query) / total
        similarity = 0.0
        if phrasings[index]:
            unordered = process.extractOne(
                " ".join(sorted(query)), [" ".join(sorted(p.split())) for p in phrasings[index]], scorer=fuzz.ratio
            )
            ordered = process.extractOne(" ".join(query), phrasings[index], scorer=fuzz.ratio)
            similarity = (0.6 * unordered[1] + 0.4 * ordered[1]) / 100
        score = specificity * (m.COVERAGE_WEIGHT * coverage + (1 - m.COVERAGE_WEIGHT) * similarity)
        matched = {t for t in query if t in credit and t not in intent}
        if not matched & (own | article_terms) or (len(matched) < 2 and not own & matched):
            score *= m.THIN_MATCH
        out.append((faq.entries[index].id, score, coverage, similarity))
    out.sort(key=lambda s: (-s[1], s[0]))
    return out[:limit]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.sampled_from([3, 12, 40]), asked=st.lists(st.integers(0, 10**6), max_size=6))
def test_index_ranks_as_the_plain_algorithm(seed: int, size: int, asked: list[int]) -> None:
    faq = random_faq(seed, size)
    matcher = m.Matcher(faq, VOCABULARY)
    for question_seed in asked:
        rng = random.Random(question_seed)
        question = " ".join(rng.choices([*WORDS, "zebra", "q1", "q7"], k=rng.randint(1, 7)))
        query = matcher.query_terms(question)
        if not query:
            continue
        got = [(s.entry.id, s.score, s.coverage, s.similarity) for s in matcher.rank(question, limit=50)]
        assert got == plain_rank(faq, VOCABULARY, query, 50), question
