"""Measure the matcher on labelled questions, and find what of the article the FAQ leaves uncited."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.answer import Answer, Engine
from bot.core.article import Article
from bot.core.faq import FAQ

GROUPS = ("in_scope", "off_topic", "near_miss")
CONFIDENCE_CLASSES = ("right", "wrong", "should decline", "missed", "declined")


class EvalFileError(ValueError):
    """The questions file is not in the format ``faqbot eval`` reads."""


@dataclass(frozen=True, slots=True)
class Case:
    group: str
    question: str
    expect: tuple[int, ...]  # empty: must be declined
    style: str | None = None  # how it is asked (plain, slang, typo, paraphrase, …), when the file says


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    answer: Answer
    seconds: float

    @property
    def right(self) -> bool:
        if not self.case.expect:
            return not self.answer.answered
        return self.answer.answered and any(c.paragraph in self.case.expect for c in self.answer.citations)


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def group(self, name: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.group == name]

    def rate(self, name: str) -> tuple[int, int]:
        items = self.group(name)
        return sum(o.right for o in items), len(items)

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.right]

    def by_style(self) -> dict[str, tuple[int, int]]:
        """In-scope questions right and asked, per style (only those the file labels)."""
        out: dict[str, tuple[int, int]] = {}
        for o in self.group("in_scope"):
            if o.case.style:
                right, total = out.get(o.case.style, (0, 0))
                out[o.case.style] = (right + o.right, total + 1)
        return dict(sorted(out.items()))

    def confidence(self) -> dict[str, list[float]]:
        """The best score of each question, by what became of it, to choose thresholds from data: answered
        right, answered wrong (in scope, wrong paragraph), answered but should have been declined, not answered
        though in scope, and rightly declined."""
        classes: dict[str, list[float]] = {k: [] for k in CONFIDENCE_CLASSES}
        for o in self.outcomes:
            if o.answer.answered:
                key = "right" if o.right else ("wrong" if o.case.expect else "should decline")
            else:
                key = "missed" if o.case.expect else "declined"
            classes[key].append(o.answer.score)
        return classes

    def latency_us(self, quantile: float) -> float:
        times = sorted(o.seconds for o in self.outcomes)
        if not times:
            return 0.0
        if len(times) == 1:
            return times[0] * 1e6
        return statistics.quantiles(times, n=100, method="inclusive")[round(quantile * 100) - 1] * 1e6

    def unverified_quotes(self, article: Article) -> int:
        """Quotes shown that are not the article's own text in the paragraph they cite: must be zero."""
        return sum(
            1
            for o in self.outcomes
            for c in o.answer.citations
            if not (1 <= c.paragraph <= len(article.paragraphs) and c.text in article.paragraphs[c.paragraph - 1])
        )


def read_cases(path: Path) -> list[Case]:
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EvalFileError(f"{path}: cannot read questions: {exc}") from exc
    if not isinstance(data, dict):
        raise EvalFileError(f"{path}: expected a mapping with {', '.join(GROUPS)}")
    cases: list[Case] = []
    for group in GROUPS:
        for item in data.get(group) or []:
            if not isinstance(item, dict) or not isinstance(item.get("q"), str):
                raise EvalFileError(f"{path}: every item in {group} needs a 'q' with the question, got {item!r}")
            expect = item.get("expect")
            if expect in (None, "none"):
                paragraphs: tuple[int, ...] = ()
            elif isinstance(expect, list) and all(isinstance(p, int) for p in expect):
                paragraphs = tuple(expect)
            else:
                raise EvalFileError(f"{path}: 'expect' must be a list of paragraph numbers or none: {item!r}")
            style = item.get("style")
            cases.append(Case(group, item["q"], paragraphs, str(style) if style is not None else None))
    if not cases:
        raise EvalFileError(f"{path}: no questions found under {', '.join(GROUPS)}")
    return cases


def evaluate(engine: Engine, cases: list[Case]) -> Report:
    report = Report()
    for case in cases:
        start = time.perf_counter()
        answer = engine.ask(case.question)
        report.outcomes.append(Outcome(case, answer, time.perf_counter() - start))
    return report


@dataclass(frozen=True, slots=True)
class Uncited:
    paragraph: int
    sentence: str
    whole_paragraph: bool


def uncited(faq: FAQ) -> list[Uncited]:
    """Sentences of the article that no entry's quotes touch, paragraph by paragraph."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for entry in faq.entries:
        for citation in entry.citations:
            paragraph = faq.article.paragraphs[citation.paragraph - 1]
            start = paragraph.find(citation.text)
            if start >= 0:
                spans.setdefault(citation.paragraph, []).append((start, start + len(citation.text)))
    out: list[Uncited] = []
    for number, (paragraph, sentences) in enumerate(
        zip(faq.article.paragraphs, faq.article.sentences, strict=True), start=1
    ):
        cited = spans.get(number, [])
        position = 0
        for sentence in sentences:
            start = paragraph.find(sentence, position)
            end = start + len(sentence)
            position = end
            if not any(s < end and start < e for s, e in cited):
                out.append(Uncited(number, sentence, not cited))
    return out
