"""Print how long the moderators' unanswered queue takes to group N distinct declined questions (a script, not a
test: timings are noisy).

    python benchmarks/queue_bench.py                 # 500, 2,000 and 5,000 questions
    python benchmarks/queue_bench.py --compare       # also time the old quadratic loop and compare the groups
    python benchmarks/queue_bench.py --again 0       # no question asked twice: as many groups as can be

The questions are made up the way members' declined questions look: mostly different questions (off-topic chat
and near misses about the standoff, written with the article's own words and a long tail of rarer ones), and
about a quarter asked again in other words: misspelt, with filler ("hey bot", "pls"), another case or
punctuation, a word dropped or two swapped. Each size is written to ``unanswered.jsonl`` in a temporary data
folder and timed through ``unanswered_groups``, as `/faqmod unanswered` calls it: "cold" is the first call in
the process (nothing cached), "warm" the median of the next ones; "group" is ``group_questions`` alone.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from bot.core import Engine, load  # noqa: E402
from bot.core import queue as queue_module  # noqa: E402
from bot.core.records import Records  # noqa: E402
from bot.core.text import normalize  # noqa: E402
from bot.core.vocabulary import load_vocabulary  # noqa: E402

KNOWLEDGE = ROOT / "knowledge"
VOCABULARY = load_vocabulary(KNOWLEDGE / "vocabulary.yaml")

OPENERS = [
    "what is", "what was", "what did", "what does", "who is", "who was", "who are", "how many", "how much",
    "why did", "why does", "why is", "when did", "when will", "where is", "where did", "did", "does", "is", "was",
    "can you tell me about", "how do i", "how does", "which", "tell me about", "explain", "any news on",
    "is it true that", "what happened to", "what about", "who won", "how long did", "should i",
]  # fmt: skip
OFF_TOPIC_WORDS = """
weather rain forecast tomorrow python install error pip laptop phone charger recipe biryani cake football cricket
score match worldcup league team player coach movie film series episode song music album concert ticket price
bitcoin stock market crypto exchange rate dollar rupee euro gold oil petrol traffic train flight airport visa
passport university exam homework essay grade teacher school holiday beach hotel restaurant pizza coffee tea
doctor hospital covid vaccine fever headache diet gym workout running marathon cat dog pet garden tree flower
discord server channel role emoji bot mute ban nitro stream twitch youtube video game minecraft fortnite update
patch bug keyboard mouse monitor windows linux mac android iphone battery wifi router password email account
birthday wedding gift party friend mother father brother sister wife husband job salary interview resume boss
"""
NAME_WORDS = """
ahmed bilal sana fatima hassan zainab omar ali reza maryam kaveh dariush shirin imran nawaz bhutto sharif khan
raisi khamenei rouhani zarif amirabdollahian kakar jilani munir bajwa zardari modi biden putin xi erdogan guterres
karachi lahore quetta peshawar gwadar turbat panjgur mashhad zahedan chabahar kerman isfahan shiraz tabriz kabul
"""
FILLER_BEFORE = ["", "", "", "", "hey bot ", "quick question: ", "<@123456789012345678> ", "so ", "pls ", "yo "]
FILLER_AFTER = ["", "", "", "", "?", "??", " lol", " pls", " ?", " btw", "!!", " thanks"]


def vocabulary() -> tuple[list[str], list[float]]:
    """The article's words, most frequent first, then off-topic words and names, with Zipf-like weights."""
    counts: dict[str, int] = {}
    for word in normalize((KNOWLEDGE / "article.txt").read_text(), VOCABULARY).split():
        if len(word) > 2:
            counts[word] = counts.get(word, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))
    words += [w for w in (OFF_TOPIC_WORDS + NAME_WORDS).split() if w not in counts]
    weights = [1 / (rank + 1) ** 0.7 for rank in range(len(words))]
    return words, weights


def misspell(rng: random.Random, text: str) -> str:
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) > 3]
    if not long:
        return text
    i = rng.choice(long)
    word, j = words[i], rng.randrange(1, len(words[i]) - 1)
    choice = rng.random()
    if choice < 0.4:
        word = word[:j] + word[j + 1 :]  # a letter dropped
    elif choice < 0.7:
        word = word[:j] + word[j + 1] + word[j] + word[j + 2 :]  # two letters swapped
    else:
        word = word[:j] + word[j] + word[j:]  # a letter doubled
    words[i] = word
    return " ".join(words)


def reword(rng: random.Random, text: str) -> str:
    """The same question asked again, a little differently."""
    words = text.split()
    change = rng.random()
    if change < 0.15 and len(words) > 3:
        del words[rng.randrange(1, len(words))]
    elif change < 0.3 and len(words) > 3:
        i = rng.randrange(1, len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    text = " ".join(words)
    for _ in range(rng.choice([0, 1, 1, 2])):
        text = misspell(rng, text)
    if rng.random() < 0.3:
        text = text.capitalize()
    elif rng.random() < 0.05:
        text = text.upper()
    return rng.choice(FILLER_BEFORE) + text + rng.choice(FILLER_AFTER)


def questions(n: int, seed: int = 7, again: float = 0.25) -> list[str]:
    """``n`` distinct questions; about ``again`` of them re-word an earlier one (popular ones more often)."""
    rng = random.Random(seed)
    words, weights = vocabulary()
    out: list[str] = []
    seen: set[str] = set()
    originals: list[str] = []
    while len(out) < n:
        if originals and rng.random() < again:
            # a Zipf-like popularity: early questions are asked again more often
            text = reword(rng, originals[min(int(rng.paretovariate(0.8)) - 1, len(originals) - 1)])
        else:
            content = rng.choices(words, weights, k=rng.randint(2, 7))
            text = f"{rng.choice(OPENERS)} {' '.join(content)}"
            originals.append(text)
            if rng.random() < 0.5:
                text += "?"
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def write_records(folder: Path, texts: list[str]) -> Records:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps({"question": q, "status": "not_covered", "suggestions": [], "place": "1/2", "time": 1e9 + i})
        for i, q in enumerate(texts)
    ]
    (folder / "unanswered.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Records(folder)


def quadratic(items: list[tuple[str, str]]) -> list[queue_module.Group]:
    """The grouping before the index: every question against every group's title."""
    groups: list[tuple[str, queue_module.Group]] = []
    for question, reason in items:
        key = normalize(question, VOCABULARY)
        for seen, group in groups:
            if fuzz.token_set_ratio(key, seen) >= queue_module.SIMILAR:
                group.questions.append(question)
                group.reasons.add(reason)
                break
        else:
            groups.append((key, queue_module.Group(question, [question], {reason})))
    return [g for _, g in groups]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2_000, 5_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--again", type=float, default=0.25, help="share of questions that re-word an earlier one")
    parser.add_argument("--compare", action="store_true", help="also run the old quadratic loop (slow)")
    args = parser.parse_args()
    engine = Engine(load(KNOWLEDGE / "faq.yaml", KNOWLEDGE / "article.txt"), VOCABULARY)
    with tempfile.TemporaryDirectory() as temporary:
        for size in args.sizes:
            texts = questions(size, args.seed, args.again)
            records = write_records(Path(temporary) / str(size), texts)
            queue_module._normal.cache_clear()
            start = time.perf_counter()
            queue_module.unanswered_groups(records, engine)
            cold = time.perf_counter() - start
            warm, grouping = [], []
            for _ in range(5):
                start = time.perf_counter()
                queue_module.unanswered_groups(records, engine)
                warm.append(time.perf_counter() - start)
            items = queue_module.queued(records)
            for _ in range(5):
                start = time.perf_counter()
                groups = queue_module.group_questions(items, VOCABULARY)
                grouping.append(time.perf_counter() - start)
            line = (
                f"{size:>5} distinct questions, {len(groups):>5} groups: unanswered_groups cold "
                f"{cold * 1e3:6.0f} ms, warm {statistics.median(warm) * 1e3:6.0f} ms; "
                f"group {statistics.median(grouping) * 1e3:6.0f} ms"
            )
            if args.compare:
                start = time.perf_counter()
                old = quadratic(items)
                seconds = time.perf_counter() - start
                before = {q: g.question for g in old for q in g.questions}
                now = {q: g.question for g in groups for q in g.questions}
                moved = sum(before[q] != now[q] for q, _ in items)
                plural = "s" if moved != 1 else ""
                line += f"; quadratic loop {seconds:5.2f} s, {moved} question{plural} grouped differently"
            print(line, flush=True)


if __name__ == "__main__":
    main()
