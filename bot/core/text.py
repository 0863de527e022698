"""Text normalisation shared by quote checking and matching.

Two different jobs live here: ``fold_for_quote`` keeps every word and only evens out typography, so a quote can
be found in the article whatever quote marks or spacing a moderator typed; ``terms`` reduces a question to the
content words the matcher compares, so "Why did Pakistan's envoy leave?" and "pakistani ambassador recalled"
share vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Typographic marks people paste from articles, phones and word processors, folded to ASCII.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2026": "...",
    }
)

_SPACE = re.compile(r"\s+")


def fold_typography(text: str) -> str:
    """Fold quote marks, dashes and odd spaces to ASCII, keeping one character for each (no length change
    except for the ellipsis)."""
    return text.translate(_TYPOGRAPHY)


def fold_for_quote(text: str) -> str:
    """Normalise a quote for verbatim comparison: typography folded, whitespace collapsed, case kept."""
    return _SPACE.sub(" ", fold_typography(text)).strip()


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Words that carry no topic: auxiliaries, pronouns, chat filler, and words every question about the article
# shares ("article", "author"). Keeping them would make every question match every entry a little.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "according",
        "actually",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "anything",
        "are",
        "as",
        "ask",
        "asked",
        "at",
        "be",
        "because",
        "been",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "dont",
        "during",
        "each",
        "either",
        "else",
        "ever",
        "every",
        "explain",
        "few",
        "for",
        "from",
        "further",
        "get",
        "give",
        "go",
        "going",
        "gone",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "however",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "know",
        "let",
        "like",
        "me",
        "mean",
        "means",
        "meant",
        "more",
        "most",
        "much",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "please",
        "pls",
        "plz",
        "really",
        "show",
        "so",
        "some",
        "such",
        "tell",
        "than",
        "thank",
        "thanks",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "thing",
        "things",
        "this",
        "those",
        "through",
        "to",
        "too",
        "u",
        "under",
        "until",
        "up",
        "upon",
        "ur",
        "very",
        "want",
        "was",
        "we",
        "were",
        "what",
        "whats",
        "whens",
        "wheres",
        "whether",
        "which",
        "while",
        "whos",
        "whose",
        "will",
        "with",
        "within",
        "would",
        "ya",
        "you",
        "your",
        "yours",
        "yourself",
        "article",
        "author",
        "writer",
        "piece",
        "text",
        "wat",
        "wht",
        "wut",
        "y",
        "r",
        "pls",
        "hi",
        "hey",
        "hello",
        "ok",
        "okay",
        "yeah",
        "yes",
        "happen",
        "happened",
        "happens",
        "happening",
        "involved",
        "whole",
        "think",
        "thinks",
        "stuff",
        "situation",
        "opinion",
        "view",
        "views",
        "lol",
        "many",
        "anyone",
        "anybody",
        "someone",
        "somebody",
        "everyone",
        "nobody",
        "people",
    ]
)

# Spelling variants and near-synonyms folded to one canonical term. Values may hold several words.
SYNONYMS: dict[str, str] = {
    # places and names, as spelled in the article or by users
    "pakistani": "pakistan",
    "pakistanis": "pakistan",
    "pak": "pakistan",
    "paki": "pakistan",
    "islamabad": "islamabad",
    "iranian": "iran",
    "iranians": "iran",
    "persia": "iran",
    "baluchistan": "balochistan",
    "baloch": "balochistan",
    "baluch": "balochistan",
    "balochi": "balochistan",
    "siestan": "sistan",
    "seistan": "sistan",
    "hormoz": "hormuz",
    "hormuz": "hormuz",
    "kerman": "kirman",
    "soleimani": "suleimani",
    "sulaimani": "suleimani",
    "solemani": "suleimani",
    "qassem": "qasim",
    "qasem": "qasim",
    "quds": "qudos",
    "adl": "adal",
    "adel": "adal",
    "makran": "makaran",
    "jundallah": "jundullah",
    "rigi": "regi",
    "pasdaran": "irgc",
    "pasdarans": "irgc",
    "chinese": "china",
    "beijing": "china",
    "turkish": "turkey",
    "turkiye": "turkey",
    "russian": "russia",
    "ukrainian": "ukraine",
    "israeli": "israel",
    "belt": "built",
    "cpec": "bri",
    # the events
    "attack": "strike",
    "attacks": "strike",
    "attacked": "strike",
    "attacking": "strike",
    "strikes": "strike",
    "struck": "strike",
    "striking": "strike",
    "airstrike": "strike",
    "airstrikes": "strike",
    "bombing": "strike",
    "bombed": "strike",
    "bomb": "strike",
    "raid": "strike",
    "raids": "strike",
    "hit": "strike",
    "hits": "strike",
    "counterattack": "retaliate",
    "counterattacks": "retaliate",
    "retaliation": "retaliate",
    "retaliated": "retaliate",
    "retaliatory": "retaliate",
    "revenge": "retaliate",
    "reprisal": "retaliate",
    "envoy": "ambassador",
    "envoys": "ambassador",
    "ambassadors": "ambassador",
    "diplomat": "ambassador",
    "diplomats": "ambassador",
    "mediation": "mediate",
    "mediator": "mediate",
    "mediating": "mediate",
    "broker": "mediate",
    "standoff": "standoff",
    "stand-off": "standoff",
    "crisis": "standoff",
    "conflict": "standoff",
    "tension": "standoff",
    "tensions": "standoff",
    "spat": "standoff",
    "clash": "standoff",
    "clashes": "standoff",
    "escalation": "standoff",
    "dispute": "standoff",
    "feud": "standoff",
    "militant": "terrorist",
    "militants": "terrorist",
    "terrorists": "terrorist",
    "terror": "terrorism",
    "insurgent": "terrorist",
    "insurgents": "terrorist",
    "separatist": "terrorist",
    "separatists": "terrorist",
    "airline": "airline",
    "airlines": "airline",
    "flights": "airline",
    "flight": "airline",
    "carriers": "airline",
    "un": "un",
    "nations": "nation",
    "countries": "country",
    "states": "country",
    "state": "country",
    "deescalate": "deescalation",
    "de-escalation": "deescalation",
    "defuse": "deescalation",
    "defused": "deescalation",
    "calm": "deescalation",
    "peace": "peace",
    "visiting": "visit",
    "visits": "visit",
    "trip": "visit",
    "met": "meeting",
    "meet": "meeting",
    "meetings": "meeting",
    "talks": "meeting",
    "prospects": "future",
    "outlook": "future",
    "economy": "economic",
    "economies": "economic",
    "economics": "economic",
    "electric": "electricity",
    "power": "electricity",
    "mw": "electricity",
    "megawatts": "electricity",
    "oil": "oil",
    "fuel": "oil",
    "petrol": "oil",
    "navy": "naval",
    "drill": "exercise",
    "drills": "exercise",
    "exercises": "exercise",
    "sovereign": "sovereignty",
    "reason": "cause",
    "reasons": "cause",
    "causes": "cause",
    "caused": "cause",
    "motive": "cause",
    "motives": "cause",
    "motivation": "cause",
    "motivations": "cause",
    "triggered": "cause",
    "trigger": "cause",
    "outcome": "outcome",
    "outcomes": "outcome",
    "result": "outcome",
    "results": "outcome",
    "consequences": "outcome",
    "consequence": "outcome",
    "aftermath": "outcome",
}

# Question words carry intent ("when" asks for a date, "why" for a cause); they are kept as terms, but weigh
# less than topic words (see ``INTENT_TERMS``).
INTENT_TERMS = frozenset({"why", "when", "who", "where", "how", "recommend"})
SYNONYMS.update(
    {
        "whom": "who",
        "should": "recommend",
        "ought": "recommend",
        "advice": "recommend",
        "react": "react",
        "reacted": "react",
        "reaction": "react",
        "reactions": "react",
        "started": "cause",
        "start": "cause",
        "began": "cause",
        "begin": "cause",
        "next": "future",
        "normal": "normalcy",
        "rely": "depend",
        "relies": "depend",
        "depends": "depend",
        "dependent": "depend",
        "dependence": "depend",
        "issue": "issue",
        "issues": "issue",
        "problem": "issue",
        "problems": "issue",
        "push": "prompt",
        "pushed": "prompt",
        "prompting": "prompt",
        "prompted": "prompt",
        "drove": "prompt",
        "act": "action",
        "acted": "action",
        "hardliner": "rightwing",
        "hardliners": "rightwing",
        "conservatives": "rightwing",
        "right-wing": "rightwing",
        "jet": "plane",
        "airliner": "plane",
        "aircraft": "plane",
        "agreements": "agreement",
        "deal": "agreement",
        "deals": "agreement",
        "pact": "agreement",
        "before": "past",
        "previously": "past",
        "ever": "past",
        "earlier": "past",
        "date": "when",
        "day": "when",
        "similar": "same",
        "alike": "same",
        "living": "livelihood",
        "livelihoods": "livelihood",
        "income": "livelihood",
        "earn": "livelihood",
        # "what did X say" asks for a reaction: "say" is not filler, it is what the question is about.
        "say": "react",
        "says": "react",
        "said": "react",
        "statement": "react",
        "statements": "react",
        "goal": "target",
        "goals": "target",
        "aim": "target",
        "aims": "target",
        "conclusion": "conclude",
        "resolved": "end",
        "settled": "end",
        "irn": "iran",
        "jan": "january",
        "named": "name",
        "called": "name",
        "summarize": "overview",
        "summarise": "overview",
        "summary": "overview",
        "gist": "overview",
        "tldr": "overview",
        "fight": "standoff",
        "fought": "standoff",
        "fighting": "standoff",
        "war": "standoff",
        "damaged": "damage",
        "harmed": "damage",
        "hurt": "damage",
        "violated": "violate",
        "violation": "violate",
        "violations": "violate",
        "army": "armed",
        "armies": "armed",
        "land": "territory",
        "soil": "territory",
        "concluded": "conclude",
    }
)

# Multi-word names folded before splitting, so "United States" is not read as "united" + "states".
_PHRASES = [
    # Discord mentions, custom emoji, channel links and URLs say nothing about the question.
    (re.compile(r"<a?:\w+:\d+>|<[@#][!&]?\d+>|@(?:everyone|here)\b|https?://\S+"), " "),
    # Attribution ("the article says", "it argues") is not content; without this, every answer would look like
    # a reply to "what did X say".
    (
        re.compile(
            r"\b(?:the article|the author|the writer|it|article)\s+"
            r"(?:says|said|argues|notes|calls|adds|cites|describes|is optimistic|dates)\b",
            re.I,
        ),
        " ",
    ),
    (re.compile(r"\bUS\b|\bU\.S\.(?=\W|$)|\bUSA\b"), " usa "),
    (re.compile(r"\bunited states\b", re.I), " usa "),
    (re.compile(r"\bunited nations\b", re.I), " un "),
    (re.compile(r"\beuropean union\b", re.I), " eu "),
    (re.compile(r"\bsaudi arabia\b", re.I), " saudi "),
    (re.compile(r"\bprime minister\b", re.I), " primeminister "),
    (re.compile(r"\bforeign minister\b", re.I), " foreignminister "),
    (re.compile(r"\bfm\b", re.I), " foreignminister "),
    (re.compile(r"\bpm\b", re.I), " primeminister "),
    # "Who is X?" asks who someone is: only an entry that says who X is answers it, not any entry naming X.
    (re.compile(r"\bwho(?:'s|\s+is|\s+are|\s+was|\s+were)\b", re.I), " whois "),
    (re.compile(r"\bgo(?:es|ing)? after\b|\bwent after\b", re.I), " target "),
    (re.compile(r"\bhit(?:s|ting)? ba?c?k\b|\bstr(?:uck|ike|ikes|iking) ba?c?k\b", re.I), " retaliate "),
    (re.compile(r"\bpull(?:s|ed|ing)? (?:out|back)\b|\bwithdr[ae]w[ns]?\b|\bwithdrawing\b", re.I), " recall "),
    (re.compile(r"\b(?:sent|send|sending|sends) (?:home|back|away)\b|\bkicked out\b", re.I), " expel "),
    (re.compile(r"\b(\d+)(?:st|nd|rd|th)\b", re.I), r" \1 "),
]

_TOKEN = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"'s\b|s'(?=\s|$)")


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball's English stemmer (so "restoration" meets "restore"), sparing short words and numbers."""
    if len(word) <= 3 or word.isdigit() or word in INTENT_TERMS:
        return word
    return _STEMMER.stemWord(word)


def normalize(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: typography, accents, punctuation and markup gone."""
    text = strip_accents(fold_typography(text))
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    text = text.lower()
    text = _POSSESSIVE.sub("", text)
    return " ".join(_TOKEN.findall(text.replace("'", "")))


@lru_cache(maxsize=65536)
def canonical(word: str) -> tuple[str, ...]:
    """Map a normalised word to its canonical term(s): synonyms folded, then stemmed; stop words map to nothing."""
    if word in STOP_WORDS or (len(word) == 1 and not word.isdigit()):
        return ()
    mapped = SYNONYMS.get(word)
    if mapped is None:
        stemmed = stem(word)
        if stemmed in STOP_WORDS:
            return ()
        mapped = SYNONYMS.get(stemmed)
        if mapped is None:
            return (stemmed,)
    return tuple(stem(part) for part in mapped.split())


def terms(text: str) -> list[str]:
    """The content terms of a text, in order, duplicates kept."""
    out: list[str] = []
    for word in normalize(text).split():
        out.extend(canonical(word))
    return out
