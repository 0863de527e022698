"""Members write in many Englishes: fillers say how someone talks, never what they ask about."""

from __future__ import annotations

import pytest

from bot.core import Engine, Status


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("yaar bhai kya scene hai, why did iran strike pakistan", "why-iran-struck"),  # Hinglish
        ("deadass ngl fr fr which countries offered to mediate", "mediation-offers"),  # internet / Gen-Z
        ("strewth mate, reckon the ambassadors went back to work?", "ambassadors-return"),  # Australian
        ("abeg wetin be the name of pakistan operation", "pakistan-operation"),  # Nigerian Pidgin
        ("innit bruv, did pakistan recall its ambassador", "diplomatic-measures"),  # UK
        ("wagwan mandem, did pakistan recall its ambassador from tehran", "diplomatic-measures"),  # London (MLE)
        ("dude, gnarly, did pakistan hit back? stoked to know", "pakistan-counterstrike"),  # Californian
        ("pakistan ne apne ambassador ko recall kiya tha kya", "diplomatic-measures"),  # Hindi-Urdu verbs
        ("china aur turkey ne kya offer kiya", "mediation-offers"),
        ("is dat true pak recalled its ambassador cuz of da strikes", "diplomatic-measures"),  # chat spellings
        ("och aye, whit did pakistan dae wi its ambassador in tehran efter the strikes, ken?", "diplomatic-measures"),
        ("babe that trade target is reem money innit, how big is it and by when?", "trade-agreements"),  # Essex
        ("so the two foreign ministers sorted it on the phone desu ka? www", "how-it-ended"),  # Japanese
        ("mano tipo, why did iran attack pakistan kkkk", "why-iran-struck"),  # Brazilian Portuguese
        ("wesh khoya, what name did pakistan give their operation?", "pakistan-operation"),  # Darija
        ("parce o sea why did pakistan hit back jajaja", "why-pakistan-struck-back"),  # Colombian Spanish
        ("imma ask again, who offered to mediate between em", "mediation-offers"),
        # Singlish: "ah" was in 20 FAQ phrasings, so it pulled this to one of them
        ("when did iran attack pakistan ah", "iran-strikes"),
        ("aiyo which countries offered to mediate lah", "mediation-offers"),
    ],
)
def test_a_question_wrapped_in_chat_fillers_is_answered(engine: Engine, question: str, entry: str) -> None:
    answer = engine.ask(question)
    assert answer.status is Status.ANSWERED, (question, answer.status, answer.score)
    assert answer.entry is not None and answer.entry.id == entry


@pytest.mark.parametrize(
    "greeting",
    [
        "yo bruh deadass fr innit, no cap",
        "hi lads whats the craic",  # Irish "what's up": a member's question about airspace used the word once
        "salam everyone, first time here",  # "first time" is not the strikes being a first; "salam" is not "slam"
    ],
)
def test_fillers_alone_ask_nothing(engine: Engine, greeting: str) -> None:
    answer = engine.ask(greeting)
    assert answer.status is Status.NOT_COVERED and not answer.suggestions


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("how did the beef between them end", "how-it-ended"),
        ("mate, how did the stoush end", "how-it-ended"),
        ("was there any middleman offering to sort it", "mediation-offers"),
        ("so when do the envoys clock back in", "ambassadors-return"),
        ("yo did they yank their ambassador lol", "diplomatic-measures"),
        ("and russia, where did they stand?", "international-reaction"),  # a position taken
    ],
)
def test_everyday_words_for_the_article_s_events_are_understood(engine: Engine, question: str, entry: str) -> None:
    """Slang for the standoff and the peacemaking is read as the article's words (vocabulary.yaml)."""
    answer = engine.ask(question)
    assert answer.status is Status.ANSWERED, (question, answer.status, answer.score)
    assert answer.entry is not None and answer.entry.id == entry
