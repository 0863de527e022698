"""Know when the article talks about a thing but does not answer the question asked about it.

A question that asks for a number ("how many died"), a name ("who was the caretaker PM"), a date ("when was the
BLA founded") or what happened after the article was written, matched to an entry whose quotes hold no number,
no new name, no date, is not answered by that entry, however well its words match: the article mentions the
subject but not the fact. The engine then says so and shows what the article does say (the *partial* outcome)
instead of passing the entry off as an answer.

The checks read the question's wording and the chosen entry's own quotes, so they hold for any entry a moderator
adds, with no per-entry data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from bot.core.article import Article
from bot.core.faq import Entry
from bot.core.text import fold_typography, terms
from bot.core.vocabulary import Vocabulary


class Asks(StrEnum):
    """The kind of fact a question asks for that the article may not give."""

    NUMBER = "number"
    NAME = "name"
    DATE = "date"
    LATER = "later"
    OUTCOME = "outcome"


# What each kind of question is missing, as the partial answer says it: "The article doesn't say {...}."
MISSING = {
    Asks.NUMBER: "the number you asked for",
    Asks.NAME: "the name you asked for",
    Asks.DATE: "when that was",
    Asks.LATER: "what happened after it was written",
    Asks.OUTCOME: "what was discussed or agreed there",
}

_ROLES = (
    r"leader|head|chief|commander|founder|president|prime\s*minister|pm|(?:foreign\s*)?minister|fm|"
    r"spokes(?:man|woman|person)|general|ambassador|envoy|pilot|mastermind"
)
_CUES: list[tuple[Asks, re.Pattern[str]]] = [
    (Asks.LATER, re.compile(r"\b(?:since then|nowadays|these days|later (?:on|in))\b")),
    (
        # What a meeting, a call or a visit produced: the article may report that it happened, not what came of it.
        Asks.OUTCOME,
        re.compile(
            r"\bwhat (?:did|do|will) (?:[\w']+ ){1,4}(?:discuss|talk about|talked about|agree|decide|sign)"
            r"|\bwhat (?:was|were|got) (?:actually |really )?(?:agreed|decided|discussed|signed)"
            r"|\bwhat came (?:out )?of\b|\banything (?:signed|agreed|decided)\b"
            r"|\bdid (?:[\w']+ ){1,3}(?:accept|agree to|sign|reject|turn down)\b"
            r"|\bhow did (?:the |their |that |this )?(?:[\w']+ ){0,3}(?:visit|meeting|talks?|trip|call) go\b"
            r"|\b(?:agenda|outcome|result)s? of (?:the |their |that )?(?:[\w']+ ){0,3}"
            r"(?:visit|meeting|talks?|trip|call)\b"
        ),
    ),
    (
        Asks.NUMBER,
        re.compile(
            r"\bhow (?:many|much)\b|\bdeath toll\b|\bnumber of\b|\bhow (?:long|wide|big|large|far) (?:is|was|are)\b"
            r"|\bwhat percentage\b|\bcasualt"
        ),
    ),
    (
        Asks.NAME,
        re.compile(
            r"\bnames?\b(?! (?:of )?(?:its|their|the) (?:operation|op|response|counter))"
            rf"|\bwho(?:'s| is| was| were| are) (?:the )?(?:[\w']+ ){{0,3}}(?:{_ROLES})\b"
        ),
    ),
    (
        Asks.DATE,
        re.compile(
            r"\bwhat (?:date|day|year|month)\b|\bwhich (?:date|day|year|month)\b|\bin what year\b"
            r"|^when\b|\bwhen (?:did|do|does|was|were|is|are|will)\b"
        ),
    ),
]
_MONTHS = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b", re.I
)
_SPAN = re.compile(r"\b(?:hours?|days?|weeks?|months?|years?)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d(?:-\d\d)?\b")
_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|millions?|billions?)\b", re.I
)
_DIGITS = re.compile(r"\b\d[\d,.]*(?:mw|km|%)?\b", re.I)
_CAPITALISED = re.compile(r"\b[A-Z][\w\-]+")
# A quote that reports what came of a meeting or a call, not only that it took place.
_OUTCOME = re.compile(
    r"\b(?:agreed|agreement|decided|decision|signed|resolved|concluded|announced|restored?|resumed?|consensus|"
    r"accepted|rejected|"
    r"deal|accord|pledged|committed)\b",
    re.I,
)
SUBJECT_SHARE = 1 / 3  # a capitalised word in this share of paragraphs is the article's subject, not a name


_MARKUP = re.compile(r"<[@#][!&]?\d+>|<a?:\w+:\d+>")
_SECOND_PART = re.compile(r"[?;]\s*\S|,? and (?=what|when|who|how|why|which|where|did|does|do|is|are|was|were)\b")


def asks_for(question: str) -> Asks | None:
    """The kind of fact a question asks for, when it asks for one the article may not give."""
    text = " ".join(fold_typography(question).lower().split())
    text = _MARKUP.sub(" ", text).strip(" *_~`")
    text = _SECOND_PART.split(text, maxsplit=1)[0]  # a multi-part question: the first part is what it asks
    for kind, cue in _CUES:
        if cue.search(text):
            return kind
    return None


@dataclass(frozen=True)
class Gaps:
    """The article's subject words, computed once per article, and the checks against an entry's quotes."""

    article: Article

    @cached_property
    def subjects(self) -> frozenset[str]:
        """Capitalised words in a third of the paragraphs or more ("Iran", "Pakistani"): what the article is
        about, so never the name a question asks for."""
        counts: dict[str, int] = {}
        for paragraph in self.article.paragraphs:
            for word in set(_CAPITALISED.findall(paragraph)):
                counts[word] = counts.get(word, 0) + 1
        floor = max(2, round(len(self.article.paragraphs) * SUBJECT_SHARE))
        return frozenset(w for w, n in counts.items() if n >= floor)

    @cached_property
    def years(self) -> tuple[frozenset[int], int]:
        """Years the article names, ranges included ("2023-28" names 2028), and the latest year it dates an
        event to (a plan's end year is not an event): roughly when it was written."""
        found: set[int] = set()
        latest = 0
        for start, end in re.findall(r"\b((?:19|20)\d\d)(?:-(\d\d))?\b", self.article.text):
            found.add(int(start))
            latest = max(latest, int(start))
            if end:
                found.add(int(start[:2] + end))
        return frozenset(found), latest

    def missing(self, question: str, entry: Entry, vocabulary: Vocabulary) -> Asks | None:
        """What the question asks for that the entry's quotes do not hold; None when nothing is missing. Words are
        compared as the matcher reads them, with its ``vocabulary``."""
        named, latest = self.years
        if any(int(y) > latest and int(y) not in named for y in re.findall(r"\b(?:19|20)\d\d\b", question)):
            return Asks.LATER  # a year after the article was written
        kind = asks_for(question)
        if kind is None:
            return None
        quotes = [c.text for c in entry.citations]
        if kind is Asks.LATER:
            return kind
        asked = set(terms(question, vocabulary))
        if kind is Asks.NUMBER:
            return None if any(_quantity_near(q, asked, vocabulary) for q in quotes) else kind
        if kind is Asks.DATE:
            return None if any(_MONTHS.search(q) or _YEAR.search(q) or _SPAN.search(q) for q in quotes) else kind
        if kind is Asks.OUTCOME:
            return None if any(_OUTCOME.search(q) for q in quotes) else kind
        for quote in quotes:
            for name in self._names(quote):
                if not set(terms(name, vocabulary)) & asked:
                    return None  # a name the question did not already hold
        return kind

    def _names(self, text: str) -> list[str]:
        """Proper names in a quote: runs of two or more capitalised words ("Qasim Suleimani", "Marg Bar
        Sarmachar") or one hyphenated one ("Jaish-e-Adal"), leaving out the article's subjects and months."""
        names: list[str] = []
        run: list[str] = []
        for token in [*re.findall(r"[\w\-.’']+", text), ""]:
            word = token.strip(".’'")
            if word[:1].isupper() and word not in self.subjects and not _MONTHS.fullmatch(word):
                run.append(word)
                continue
            if len(run) >= 2 or (run and "-" in run[0]):
                names.append(" ".join(run))
            run = []
        return names


NEAR = 4  # words between a quantity and what it counts


def _quantity_near(text: str, asked: set[str], vocabulary: Vocabulary) -> bool:
    """A quantity (not a date) within a few words of something the question names: "200MW of electricity"
    answers "how much electricity", "four Arab countries" does not answer "how many people were on the plane"."""
    text = re.sub(r"\b\d{1,2},", " ", _YEAR.sub(" ", _MONTHS.sub(" ", text)))  # dates are not quantities
    words = text.split()
    for index, word in enumerate(words):
        if index and words[index - 1].lower() == "the":
            continue  # "the two states" names who, it counts nothing
        if _NUMBER_WORDS.fullmatch(word.strip(",.;")) or _DIGITS.fullmatch(word.strip(",.;()")):
            window = " ".join(words[max(0, index - NEAR) : index + NEAR + 1])
            if set(terms(window, vocabulary)) & asked:
                return True
    return False
