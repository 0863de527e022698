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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property, lru_cache

from bot.core.article import MONTH_NAMES, Article
from bot.core.faq import Entry
from bot.core.matcher import MAX_QUESTION_CHARS
from bot.core.spelling import country_names, english_words, likeliest
from bot.core.text import PART_BREAK, fold_typography, terms
from bot.core.vocabulary import Vocabulary


class Asks(StrEnum):
    """The kind of fact a question asks for that the article may not give."""

    NUMBER = "number"
    NAME = "name"
    DATE = "date"
    LATER = "later"
    OUTCOME = "outcome"
    MEANING = "meaning"
    AGENT = "agent"
    MANNER = "manner"
    FATE = "fate"
    DURATION = "duration"
    REACTION = "reaction"
    MEANS = "means"
    APOLOGY = "apology"
    FULFILLED = "fulfilled"
    WORDING = "wording"
    AIM = "aim"
    REASON = "reason"
    CONTENTS = "contents"
    IDENTITY = "identity"
    RESUMED = "resumed"
    DOER = "doer"


# Kinds whose questions are near in meaning to the entry about their subject whether or not the article gives the
# fact: ranking them on words alone is fairer (bot/core/fusion.py). MEANING, AGENT, MANNER, FATE and REACTION
# are checked after the ranking, not ranked apart.
FACTS = frozenset({Asks.NUMBER, Asks.NAME, Asks.DATE, Asks.DURATION, Asks.LATER, Asks.OUTCOME})
# Kinds that keep the full answer threshold (bot/core/answer.py): every detail a near-miss asks for ("what did
# turkey's president say", "did china actually host talks"). Only what a term means ("what does PTA stand for")
# may be answered a little below it: the partial check that follows wants the quote to spell it out.
# A group's aim is checked after the ranking; the cue alone ("why does iran hate pakistan") asks for no detail.
NOT_OPEN = frozenset(Asks) - {Asks.MEANING, Asks.AIM}

# What each kind of question is missing, as the partial answer says it: "The article doesn't say {...}."
MISSING = {
    Asks.NUMBER: "the number you asked for",
    Asks.NAME: "the name you asked for",
    Asks.DATE: "when that was",
    Asks.LATER: "what happened after it was written",
    Asks.OUTCOME: "what was discussed or agreed there",
    Asks.MEANING: "what that means",
    Asks.AGENT: "who was behind it",
    Asks.MANNER: "how that happened",
    Asks.FATE: "what became of them",
    Asks.DURATION: "how long that took",
    Asks.REACTION: "how they reacted",
    Asks.MEANS: "what weapons were used",
    Asks.APOLOGY: "whether anyone apologised",
    Asks.FULFILLED: "whether it happened as planned",
    Asks.RESUMED: "whether it started again",
    Asks.WORDING: "their exact words",
    Asks.AIM: "what they want",
    Asks.REASON: "why that happened",
    Asks.CONTENTS: "what it covers",
    Asks.IDENTITY: "who or what that is",
    Asks.DOER: "whether they did that",
}

_ROLE_NAMES = (  # "prime minister" before "pm": a longer role first
    *("leader", "head", "boss", "chief", "commander", "founder", "president", "prime minister", "pm"),
    *("foreign minister", "minister", "fm", "spokesman", "spokeswoman", "spokesperson", "general", "ambassador"),
    *("envoy", "pilot", "mastermind"),
)
_ROLES = "|".join(role.replace(" ", r"\s*") for role in _ROLE_NAMES)
_ROLE = re.compile(rf"\b(?:{_ROLES})\b")  # one person: "china's leaders" are China
# Offices, whose holders the question asks to be named even in the plural: "who are the two foreign ministers"
# asks their names, where "who were the leaders that met at davos" is answered by their offices.
_OFFICES = "|".join(
    role.replace(" ", r"\s*")
    for role in _ROLE_NAMES
    if role not in ("leader", "head", "boss", "chief", "founder", "pilot", "mastermind")
)
# Someone's fate a "how was X killed" question asks the manner of: the quote must at least report the event.
_FATES = r"killed|caught|captured|arrested|executed|assassinated|freed|released|sentenced|hanged|detained"
_CATCH = r"catch|capture|arrest|kill|execute|assassinate|nab"  # "how did they catch X", not "catch X by surprise"
# What became of someone in custody: the verbs, active ("did iran execute regi", not "execute a strike", "hang
# back" or "hang on to") and passive ("did he get sentenced"; not "released", which statements are too).
_DEEDS = r"strikes?|attacks?|exercises?|operations?|raids?|drills?|missions?|plans?|orders?|deals?|agreements?"
_SENTENCE = (
    rf"(?:execute|hang)(?! (?:out|around|back|on|up|tough|together)\b)(?! (?:[\w'-]+ ){{0,2}}(?:{_DEEDS})\b)"
    r"|sentence|jail|imprison|pardon"
)
_SENTENCED = r"executed|hanged|sentenced|jailed|imprisoned|pardoned|convicted"
# Custody, after which a fate would follow: "after pakistan handed him over", not "after he was handed his orders".
_CUSTODY = (
    r"(?:hand(?:ed|ing|s)? (?:(?:him|her|them|am) )?over|arrested|captured|extradited|deported|caught (?:him|her|them)"
    r"|(?:gave|give|given|handed|turned) (?:him|her|them)(?: (?:over|up|to)\b|(?=\W*$))"
    r"|(?:was|were|got|been|being) (?:handed|given|turned) (?:over )?to\b"
    r"|(?:was|were|got|get|been|being) (?:caught|nabbed|picked up)|nabbed|(?:got|gets|getting) (?:him|her|them)\b)"
)
_AFTER = (
    rf"(?:after|once) (?:[\w'-]+ ){{0,3}}{_CUSTODY}\b"  # "after pakistan handed him over"
    r"|after (?:the |his |her |their )?(?:hand-?over|handing over|arrest|capture|extradition)\b"
)
_AFTER_CUSTODY = re.compile(rf"\b(?:{_AFTER})")
# What became of someone in the end ("what happened to jadhav in the end"): a quote must report a fate.
_IN_THE_END = re.compile(
    r"\bwhat (?:happen\w*|became) (?:to|of|with) (?:[\w'-]+ ){1,4}?"
    r"(?:in the end|at the end|eventually|finally|ultimately)\b"
)
# Or after something ("what happened to mullah mansoor after he came into pakistan"): of someone the article names
# (not "pakistan's ambassador", whose recall it reports), checked by the partial check alone.
_FATE_AFTER = re.compile(
    r"\bwhat (?:happen\w*|became|(?:did|has|have|had) [\w'-]+ (?:do|done)|[\w'-]+ (?:did|has|have|had) (?:do|done))"
    r" (?:to|of|with) (?:[\w'-]+ ){1,4}?"
    r"(?:after|once)\b"
)
# A fate a quote reports, of a person or a thing: "handing-over of ... Regi", "the shooting down of a ... plane".
_FATE_REPORTED = re.compile(
    rf"\b(?:{_FATES}|{_SENTENCED}|died|dead|handed|handing|hand-over|handing-over|extradited|deported"
    r"|shot|shooting|downed|destroyed|struck|strikes?|attacks?|targeted|hit)\b",
    re.I,
)
_SENTENCE_REPORTED = re.compile(rf"\b(?:{_SENTENCED}|died|killed)\b", re.I)
# What someone said or how they reacted; ``who`` is whose reaction is asked for.
_WHO = r"(?:the )?(?P<who{}>[\w'/-]+(?: [\w'/-]+){{0,2}}?)"
_REACTION = re.compile(
    rf"\b(?:what|how) (?:did|has|have) {_WHO.format(1)} (?:actually |really |even |officially )?"
    r"(?:say|said|think|react|respond|comment)\b"
    rf"|\bdid {_WHO.format(2)} (?:react|respond|comment|condemn|say anything|speak(?! (?:on|to|with|over)\b))\b"
    rf"|\bwhat(?:'s| was| were| is) {_WHO.format(3)}(?:'s|s')? (?:reaction|response|stance|position|take|view)\b"
    rf"|\bwhat did {_WHO.format(6)} make of\b|\bhow did {_WHO.format(7)} (?:view|see|take)\b"
    rf"|\bwhere (?:do|does|did) {_WHO.format(4)} stand\b"
    # second-language word order: "india react how to the strikes", "saudi say what"
    rf"|^(?:so |and |but )?{_WHO.format(5)} (?:react|reacted|respond|responded|say|said) (?:how|what)"
    r"(?! (?:many|much|long|far|percentage|year|date|day|time|kind|type)\b)\b"
    rf"|^(?:so |and |but )?how {_WHO.format(8)} (?:reacted|responded)\b"  # no "did": "how the hardliners reacted"
    # without "did" ("what india said about the strikes"), and a follow-up: "and india's reaction?" (not "what was X
    # saying", which cost an answerable held-out question)
    rf"|\bwhat {_WHO.format(9)} said (?:about|after)\b"
    rf"|^(?:and|so|but|what about|how about) {_WHO.format(10)}(?:'s|s') (?:reaction|response)\W*$"
)
# Who may be asked about without being named in the quote: the article itself, its author, a pronoun.
_GENERIC_WHO = frozenset(
    {"article", "author", "writer", "piece", "op-ed", "oped", "editorial", "it", "they", "them", "he", "she", "both"}
    | {"two", "everyone", "people", "world", "anyone", "anybody", "sides", "governments", "government", "countries"}
    | {"nations", "states", "international", "community", "powers", "foreign", "office", "ministry", "ministers"}
    | {"minister", "officials", "leaders", "experts", "observers", "neighbours", "neighbors", "region"}
)
# Words for a people, dropped from who is asked about: "the baloch people", "local folks".
_FOLK = frozenset({"people", "public", "folks", "folk", "local", "locals", "citizens", "population"})
# Words a sentence uses to report a reaction (general English).
_REACTED = re.compile(
    r"\b(?:said|says|stated?|statements?|condemn\w*|concerns?|called|urged|asked|demanded|warned|welcomed|"
    r"criticis\w*|criticiz\w*|praised|offered|react\w*|respon\w*|comment\w*|express\w*|voiced|amazed|shocked|"
    r"surprised|denounced|protested|agreed|(?:an|in|reached|no) agreement|decided|invit\w*)\b",  # not "trade agreement"
    re.I,
)
# "How much" of something no one counts asks a degree, not a number ("how much influence does China have").
_DEGREE = (
    r"influence|clout|sway|leverage|impact|importance|trust|respect|goodwill|weight|credibility|"
    r"pressure|tension|attention|interest|support|sympathy"
)
# "How much important", as a second language asks "how important": a degree, not a number.
_ADJECTIVES = (
    r"important|significant|serious|big|bigger|true|powerful|strong|stronger|useful|relevant|close|closer|bad|worse"
    r"|dangerous|different|similar|better"
)
# Where people met ("where did the military chiefs meet in july 2023"): a place named near the meeting, not a
# country ("the top military leadership of both Iran and Pakistan agreed" says who met, not where).
_MET_WHERE = re.compile(
    r"\bwhere (?:did|do|does|was|were|will|is|are|had|have) (?:[\w'-]+ ){1,9}?"
    r"(?:meet|met|gather|gathered|hold (?:the |their )?talks|held (?:the |their )?talks|sign|signed)\b"
    r"|\bwhere (?:were|was|will|would|are|is) (?:[\w'-]+ ){0,6}?(?:talks|meetings?|negotiations?|mediation)"
    r" (?:be |been )?(?:held|hosted)\b"
)
# Which place: its name may be one word ("Davos"), where a name of anything else needs two ("Marg Bar Sarmachar").
_PLACE_ASKED = re.compile(
    r"\b(?:which|what|wich) (?:[\w']+ )?(?:towns?|villages?|cit(?:y|ies)|places?|districts?|(?:sea)?ports?|straits?)\b"
    r"|" + _MET_WHERE.pattern
)
_PLACES = r"towns?|villages?|cit(?:y|ies)|districts?|(?:sea)?ports?|provinces?"
_PLACE_NAMED = re.compile(
    rf"\b(?:{_PLACES}) (?:[\w'-]+ ){{0,4}}?called\b|\bname of (?:the |that |this )?(?:[\w'-]+ )?(?:{_PLACES})\b"
)
# ... a town, not the province or region around it ("which village did pakistan strike": not "Siestan-Baluchistan
# province").
_LOCAL_ASKED = re.compile(r"\b(?:which|what|wich) (?:[\w']+ )?(?:towns?|villages?|cit(?:y|ies)|districts?)\b")
_WIDER = re.compile(r"\s*(?:province|region|state|country)\b", re.I)
# Names that are no place: an acronym ("BLA"), a group's name ("Balochistan Liberation Army").
_NO_PLACE = re.compile(
    r"^[A-Z]{2,}$|\b(?:Army|Liberation|Front|Group|Brigade|Corps|Organi[sz]ation|Movement|Party|Council|Ministry"
    r"|Press|Radio|News|Agency)\b"  # nor a source cited ("Associate Press")
)
# How many of a set whose members the article names ("how many countries offered to mediate").
_HOW_MANY_NAMED = re.compile(r"\bhow many (?:[\w'-]+ )?(?:countries|nations|states|governments)\b")
# Which ones of a set a question asks ("which four arab countries"), and a quote counting such a set.
_COUNTRIES = r"countries|country|nations?|states?"
_WHICH_SET = re.compile(
    r"\b(?:which|what|name) (?:are )?(?:the )?(?:[\w-]+'s )?(?:\d+ |two |three |four |five |six )?(?:[\w'-]+ ){0,2}?"
    rf"(?:{_COUNTRIES})\b"
    r"|\bwhich ones\b|\b(?:list|name) them\b"  # "four arab countries, which ones?"
)
_NUMBERS = r"\d+|two|three|four|five|six|seven|eight|nine|ten"
# A question about a goal's figure ("how much trade do they want by 2028", "what's the trade target"), and a goal
# stated with its figure in a quote ("to increase bilateral trade to five billion dollars").
_GOAL_ASKED = re.compile(
    r"\b(?:target\w*|goals?|aim\w*|want\w*|wanna|plan\w*|hop(?:e|es|ed|ing)|by 20\d\d|boost\w*|rais\w*"
    # a rise that happened ("how much the trade increased after that 2004 agreement") is no goal
    r"|increas\w*(?! (?:after|since|over|from|during)\b)"
    r"|reach\w*|hit|double|expect\w*|set|grow\w*|gunning|shooting for|push\w*|ambition\w*|supposed|meant to|going to"
    r"|gonna|trying|tryna|intend\w*|objective|envisag\w*|projected|projection|2028)\b"
)
_GOAL_STATED = re.compile(
    r"\b(?:to (?:increase|boost|raise|reach|double|take|expand|grow)|targets? (?:of|at)|goal of|aim(?:ing)? (?:for|at))"
    r"\b[^.;\d]*?(?:\d[\d,.]*\s*\w*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"(?: (?:hundred|thousand|million|billion)s?)?)",
    re.I,
)
_SPAN_COMPOUND = re.compile(r"\b\w+-(?:years?|months?|weeks?|days?|hours?)\b", re.I)
# A set of countries a quote counts without naming: "in four Arab countries", not "the two states" (named
# already), nor "four countries: Iraq, ...".
_COUNTED = re.compile(
    rf"(?<!\b[Tt]he )(?<!\b[Tt]hese )(?<!\b[Tt]heir )(?<!\b[Bb]oth )\b(?:{_NUMBERS}) (?:[\w-]+ )?"
    rf"(?:{_COUNTRIES})\b(?!\s*:)"
)


# Whose deed's name a question asks ("what was iran's operation called", "what was pakistan's response called").
_OPERATION = (
    r"(?:own )?(?:strike |military )?(?:operation|op|response|retaliation|counter-?strike|counterattack|mission)\b"
)
_OWNER_ASKED = re.compile(
    rf"\b(?P<owner>[\w-]+)(?:'s|s') {_OPERATION}"
    # "what did iran call its operation"
    rf"|\bwhat did (?:the )?(?P<caller>[\w-]+) (?:name|call|dub|title) (?:its|their|the) {_OPERATION}"
)
# What a group wants: "what does jaish-e-adal actually want", "what's the BLA fighting for", "what's their cause",
# "what's driving jaish-e-adal's grudge", "why does the BLA want to fight pakistan". ``who`` is the group.
_AIM_WHO = r"(?:the )?(?P<who{}>[\w'-]+)"
_AIM_ASKED = re.compile(
    rf"\bwhat (?:does|do|did) {_AIM_WHO.format(1)} (?:actually |really |even )?want(?:\W*$|,| exactly| anyway)"
    rf"|\bwhat(?:'s| is| are) {_AIM_WHO.format(2)} (?:actually |really |even )?fighting for\b"
    r"|\bwhat(?:'s| is| are| was| were) (?:the )?(?P<who3>[\w-]+)(?:'s|s') (?:cause|goals?|aims?|agenda|demands?"
    r"|grudge)\b"
    rf"|\bwhat(?:'s| is) driving {_AIM_WHO.format(4)}(?:'s|s')? (?:grudge|beef|fight|attacks|war)\b"
    rf"|\bwhy (?:does|do) {_AIM_WHO.format(5)} (?:want to |keep |even )?(?:fight|attack|hate|target|go after|hit)"
    r"(?:s|ing)?\b"
    rf"|\bwhy (?:is|are) {_AIM_WHO.format(6)} (?:even |still )?(?:fighting|attacking|targeting|going after|hitting)\b"
)
# Why something happened ("why did the IRGC shoot down that plane", "what set off the salala incident"), not why
# the article brings it up.
_WHY_ASKED = re.compile(
    r"^(?:(?:and|so|but|ok|okay|wait) )?(?:why|y|what (?:actually |really |even )?(?:set off|caused|triggered|led to"
    r"|sparked))\b"
    r"(?!.*\b(?:article|author|writer|piece|op-?ed|mention\w*|bring\w* up|brought up|talk\w* about|cite\w*)\b)"
)
# A cause a sentence gives for what its examples show.
_CAUSE = re.compile(r"\b(?:when|because|since|due to|owing to|as a result|in response|in retaliation)\b", re.I)
# Where a sentence turns to examples ("its missions such as ... the shooting down of a Ukrainian passenger plane"):
# what it names after this it names in passing, without saying why it happened. Not "including": "Many states,
# including China, ... showed their extreme concerns" goes on with its own verb.
_EXAMPLES = re.compile(r"\b(?:such as|e\.g\.|for example|for instance)\b", re.I)
# What the article calls a group, near its name.
_GROUP_WORDS = re.compile(
    r"\b(?:outfits?|groups?|militants?|army|organi[sz]ations?|separatists?|terrorists?|leader|brigade|corps|movement"
    r"|front|faction|insurgents?)\b",
    re.I,
)
# Words a quote states an aim with.
_AIM_STATED = re.compile(
    r"\b(?:wants?|wanted|seeks?|sought|aims?|aimed|goals?|demands?|demanded|cause|objectives?|independence"
    r"|fighting for|struggle for|asked for|called for)\b",
    re.I,
)
# When a group began ("when was jaish-e-adal set up", "when did the BLA start"): its founding, not a date it acted on.
_FOUNDED_ASKED = re.compile(
    r"\b(?:when|(?:in )?(?:what|which) year) (?:(?:was|were|did|is|do|does) )?(?:the )?"
    # none of its words a preposition ("when was the attack on regi carried out"), whatever comes after it
    r"(?P<who>(?!(?:on|of|in|against|by|for|at|to|from|its|their)\b)[\w'-]+"
    r"(?: (?!(?:on|of|in|against|by|for|at|to|from|its|their)\b)[\w'-]+){0,2}?)"
    r" (?:(?:first|originally|even|actually|really|ever) )?"
    r"(?:founded|established|formed|form|created|set up|started|start|started up|start up|begin|began|get started"
    r"|come about|come into being)\b(?! (?:to|its|their|the|his|her|[\w'-]+ing)\b)"  # not "start attacking"
)
_FOUNDED_STATED = re.compile(r"\b(?:founded|established|formed|created|set up|came into being)\b", re.I)
# Which one of a rank ("which general"), a name the partial check asks for.
_WHICH_RANK = r"\bwhich (?:[\w']+ )?(?:general|commander|spokes(?:man|woman|person))s?\b"
# "..., who's that?": the name of someone the question only describes.
_WHO_THAT = re.compile(r"\bwho(?:'s| is| was) (?:that|he|she|this|this guy|that guy|the guy)\W*$")
# Who leads a group now ("who runs jaish-e-adal", "who's actually running the IRGC"): its leader, a person. Not
# "who ran the strikes" or "who is running home".
_RUNS = re.compile(
    r"(?:\bwho (?:currently |now |actually |really |even )?(?:leads|heads|runs|run|commands)\b"
    r"|\bwho(?:'s| is| are| be) (?:currently |now |actually |really |even )?(?:runnin|leadin|headin|commandin)(?:g|')?"
    r"(?![\w']))"
    r"(?! (?:to|for|home|back|away|from|out)\b)"
    # a deed or an effort is run by a country as well ("who's leading the mediation", "who runs the strikes")
    r"(?! (?:the |this |that |its |their |[\w-]+'s )?(?:[\w-]+ )?(?:mediation|response|strikes?|attacks?|operations?"
    r"|talks|show|initiative|project|process|deal|peace|campaign|war|effort)\b)"
)
# Who holds a role ("who's the leader of X", "which general"): a person, whom the article names beside a title or a
# role ("Jundullah leader, Abdolmalek Regi", "Gen. Qasim Suleimani"), not an operation or a province. Not "who was
# in charge of the attacks": a group or a country may.
# Who gave an order or signed an agreement is a person ("who commanded the strike"), not the operation's name, the
# group it hit or "Radio Pakistan", which reported the MoU.
_WHO_DID = (
    r"\bwho (?:actually |really )?(?:commanded|ordered|authori[sz]ed|approved|gave the orders?|signed|inked|sign)\b"
)
# Who within a country or a body did something ("who from china made the mediation offer", "who in iran gave the
# order"), and which official did ("which chinese official got involved"): a person or a role, where the article
# may name only the country. A role the article names answers ("who from pakistan gave the invite": "on the
# invitation of the Pakistani foreign minister"). Not "who in the region".
_BY_ROLE = re.compile(
    r"\bwho (?:exactly |actually |really )?(?:in|from|inside|within) (?:the )?"
    r"(?!(?:region|world|area|west|east|neighbou?rhood|international|global|end|past|first|beginning)\b)[\w'-]+"
    r"(?: (?:government|govt|army|military|leadership|side|camp|regime|establishment))? "
    # deeds someone in charge does, not what a faction thought ("who in iran reckoned talk wasn't enough")
    r"(?:actually |really |exactly )?(?:offered|ordered|order|gave|made|signed|sign|decided|decide|approved"
    r"|authori[sz]ed|sent|led|planned|announced)\b"
    r"|\bwhich (?:[\w']+ )?(?:off?ici?als?|ministers?|diplomats?|envoys?|person|guy|individual|politicians?)\b"
)
_ROLES_HELD = re.compile(rf"\b(?:(?:{_ROLES})s?|leadership|high command)\b")  # "the foreign ministers of Iran"
_OFFICES_ASKED = re.compile(rf"\bwho(?:'s| is| was| were| are| be) (?:the )?(?:[\w'-]+ ){{0,3}}(?:{_OFFICES})s\b")
_SHORT_OFFICES = {"fm": "foreign minister", "pm": "prime minister"}


def _office(found: re.Match[str]) -> str:
    """An office as one spelling: "foreign ministers", "foreignminister" and "fms" are "foreign minister"."""
    office = re.sub(r"(foreign|prime)\s*minister", r"\1 minister", found.group().removesuffix("s"))
    return _SHORT_OFFICES.get(office, office)


_PERSON_ASKED = re.compile(
    rf"\bwho(?:'s| is| was| were| are| be) (?:the )?(?:[\w'-]+ ){{0,3}}(?:{_ROLES})s?\b"
    rf"|\b(?:{_ROLES})(?:'s|s')? (?:name|called)\b"  # "the BLA leader's name", "what's the BLA leader called"
    rf"|\b(?:names?|called) (?:of )?(?:the |their |its )?(?:[\w']+ )?(?:{_ROLES})s?\b|{_WHICH_RANK}|{_RUNS.pattern}"
    + "|"
    + _WHO_DID
    + "|"
    + _BY_ROLE.pattern
)
_ROLE_WORDS = " ".join((*_ROLE_NAMES, "who", "name", "called"))  # the roles, and how a role is asked about
# Who leads, asked about ("who is the leader of RAW"): a name beside another title ("RAW agent") is not theirs.
_LEADS = r"leader|head|boss|chief|commander|founder|general|gen|mullah"
_LEADER_ASKED = re.compile(rf"\b(?:{_LEADS})s?\b")
_LEADER_TITLED = re.compile(rf"^(?:{_LEADS})$", re.I)
_TITLED = re.compile(
    rf"^(?:{_ROLES}|leaders?|agents?|spy|officials?|secretary|gen|mullah|dr|mr|mrs|ms|sheikh|ayatollah|imam|col|maj"
    r"|capt|lt)$",
    re.I,
)
# Names of a set of countries or bodies are one word each ("China, Turkey, Russia").
_SET_ASKED = re.compile(
    r"\b(?:countries|nations|states|organi[sz]ations|bodies|powers|capitals|forums|fora|alliances|blocs)\b"
)
# Which forums or blocs both belong to ("which multilateral forums are they in"): their names, one word each. Not
# which kind of forums ("regional and trans-regional"), nor "what forums are they part of", which asks the same.
_FORUMS_ASKED = (
    r"\bwhich (?!(?:kinds?|types?|sorts?) of )(?:[\w'-]+ ){0,2}(?:forums|fora|organi[sz]ations|alliances|blocs"
    r"|groupings)\b"
)
# Weapons a question may ask about (not "planes" or "jets": airliners are asked about too), and those a quote may name.
_WEAPONS = r"weapons?|weaponry|missiles?|drones?|rockets?|warplanes?|fighter jets?|munitions?|bombs?|ammo|artillery"
_ARMED = re.compile(rf"\b(?:{_WEAPONS}|jets?|aircraft|planes?|fighters?|guns?|shells?)\b", re.I)
# A quote that states a plan, an intention or an offer, not what came of it ("offered to mediate" is no mediation).
# Not "planned talks", "a trade plan" or "due to": those report, they do not plan. An offer ("the first country to
# offer mediation") is not the mediation.
_PLANNED = re.compile(
    r"\b(?:will|shall|would|(?:plans?|expected|scheduled|intends?|offered) to"
    r"|offer(?:ed|s|ing)? (?:mediation|help|talks))\b",
    re.I,
)
# A clause that goes on with what was agreed, its verb left out: "...agreed to restore full diplomatic relations;
# both ambassadors to resume their responsibilities from January 26".
_ELIDED_PLAN = re.compile(r"^\W*(?:(?:both|all|the|their|its) )?(?:[a-z][\w-]* ){1,2}to [a-z]+\b(?<!\bto be\b)")
_AGREED = "agree agreed decide decided promise promised plan planned settle settled"
_WANTED = re.compile(r"\b(?:need|needs|needed|should|must|ought)\b", re.I)
_NOT_DONE = re.compile(r"\b(?:will|shall|would|could|may|might|to|not|never)\b", re.I)
# A sentence saying a goal was reached: it answers whether it was.
_REACHED = re.compile(r"\b(?:reached|met|achieved|exceeded|surpassed|hit)\b", re.I)
# What a question asks came true: the word after "did X actually/ever/finally", or "did X happen".
_EMPHASIS = r"ever|actually|actualy|really|finally|eventually|end up|ended up"
_FULFILLED_ASKED = re.compile(  # "did china end up actually mediating": the deed is "mediating"
    rf"\b(?:{_EMPHASIS})(?: (?:{_EMPHASIS}))* (?:get |got |been )?"
    r"(?:(?:do|doing|did|done) (?:the |a |any |that |some )?)?(?P<verb>[\w'-]+)"  # "end up doing the mediation"
)
# Whether something was cancelled ("was the hormuz drill called off after the strikes", "the minister really come on
# the 29th or it got cancel?"): a quote must report something cut off or cancelled.
_CANCEL_ASKED = re.compile(
    r"^(?!.*\b(?:what|why|when|how|who|which|where)\b).*"  # whether, not why ("what was it called off for")
    r"\b(?:cancel\w*|called off|call(?:ed)? (?:it|them|that|this) off|postponed|put off|scrapped|suspended)\b"
)
_CANCELLED = re.compile(r"\b(?:cancel\w*|cut off|called off|suspend\w*|postpon\w*|scrap\w*|halt\w*)\b", re.I)
_MOVED = frozenset({"go", "goes", "going", "gone", "went", "come", "comes", "coming", "came", "show", "turn"})
# Whether an agreement was carried out: the article may report the agreement, not what came of it.
_CARRIED_OUT = (
    r"implement\w*|put (?:in|into) (?:practice|action|effect|place)|(?:get|got) off the ground|materiali[sz]\w*"
    r"|(?:come|came) (?:into (?:force|effect)|to anything)|(?:go|went) anywhere|pan(?:ned)? out|(?:take|took) effect"
)
_CARRIED_OUT_ASKED = re.compile(rf"\b(?:{_CARRIED_OUT})\b")
_HAPPENED = re.compile(rf"\b(?:happen\w*|take place|took place|go ahead|went ahead|come off|came off|{_CARRIED_OUT})\b")
_TARGET_ASKED = re.compile(r"\b(?:the|that|their|its|this) (?:[\w'-]+ ){0,3}(?:target|goal)\b")
# A target stated as one ("to increase bilateral trade to five billion dollars") is not a target met.
_GROW = r"increase|raise|reach|boost|double|triple"
_TARGET_SET = re.compile(rf"\b(?:aims? to|to (?:{_GROW}))\b", re.I)
# What an agreement sets out to do ("a MoU to enhance collaboration in maritime security"), not that it was done.
_AIM_SET = re.compile(rf"\b(?:aims? to|to (?:{_GROW}|enhance|step up|improve|expand|strengthen))\b", re.I)
# Words a quote marks as someone's: four words or more ("‘Marg Bar Sarmachar’" is a name, not a saying); an
# apostrophe inside a word ("Pakistan’s") does not close them.
_QUOTED = re.compile(r"[‘“\"](?:[^’”\"]|’(?=\w))+?[’”\"](?!\w)")
_GOODS = r"goods|products|items|commodities|sectors|industries|tariffs?"
_CONTENTS_ASKED = re.compile(rf"^(?=.*\b(?:{_GOODS})\b)(?=.*\b(?:pta|agreements?|deals?|plans?|mou|treaty|pact)\b)")
# "a MoU to enhance collaboration in maritime security": the fields it covers
_CONTENTS_STATED = re.compile(rf"\b(?:{_GOODS}|such as|including|e\.g\.|(?:collaboration|cooperation) in)\b", re.I)
# Who or what something is, asked of its name alone ("whats hezbollah exactly", "who are the houthis"): the
# article must say it of the name ("RAW agent Kulbhushan Jadhav", "terrorist outfits of Jaish-e-Adal"), not only
# name it ("Israeli attacks on Hezbollah").
_WHO_WHAT = re.compile(
    r"(?:^|[,;:]\s*|\b(?:so|and|but|ok|okay|yo|wait|like|um|hey)\s+)(?:what|who)(?:'s|s| is| are| was| were) "
    r"(?:the |an? )?(?P<name>[\w'-]+(?: [\w'-]+){0,3}?)"
    r"(?:[\s,]+(?:thing|things|lot|mob|guys|people|exactly|even|then|again|actually|anyway|like|tho|though|now))*\W*$"
)
# What a name is, said in a word after it ("the Makaran division", "Salala check-post"), not whose it is
# ("Jundullah leader, Abdolmalek Regi" says who Regi is, not what Jundullah is).
_KINDS = frozenset(
    {"group", "groups", "army", "corps", "brigade", "movement", "front", "faction", "militia", "party", "operation"}
    | {"seaport", "port", "province", "division", "check-post", "city", "town", "region", "capital", "organisation"}
    | {"organization"}
)
# Or in a word before it ("RAW agent Kulbhushan Jadhav", "outfits of Jaish-e-Adal", "(IRGC) or Pasdarans").
_DESCRIBERS = (
    _KINDS
    | {w for role in _ROLE_NAMES for w in role.split()}
    | {
        *(
            "agent",
            "leader",
            "gen",
            "mullah",
            "outfit",
            "outfits",
            "militants",
            "separatists",
            "terrorist",
            "terrorists",
        ),
        "or",  # another name for it
    }
)
_VERBATIM = re.compile(r"\bword for word\b|\bverbatim\b|\bexact (?:words|wording|quote|statement)\b")
_SAID_THAT = re.compile(r"\b(?:stated|said|says|declared|announced|insisted|affirmed) that\b", re.I)
_APOLOGISED = re.compile(r"\b(?:apolog\w*|sorry|regrett?\w*)\b", re.I)
# "Which countries exactly": the ones meant by name, which may be one word each ("China and Turkey"). Not "which
# date exactly": that asks a date.
_WHICH_EXACTLY = re.compile(r"\bwhich (?!(?:date|day|year|month|time)s?\b)(?:[\w']+ ){1,6}?(?:exactly|specifically)\b")
# Which ones of a kind of thing the article names only as a kind ("which ships were in the naval exercise", "which
# US bases did the IRGC hit"): their names. Only "which": "what about the ships" asks what became of them. Not
# airlines, targets, sites or officials: "Pakistani airlines" or "the terrorist outfits" are what people asking
# "which airlines/targets" want, and the article gives that.
_WHICH_THINGS = (
    r"\b(?:which|wich) (?:[\w'-]+ ){0,2}(?:ships|vessels|warships|bases|companies|firms|units|buildings"
    r"|facilities|installations)\b"
)
# A yes-no question about a deed ("did iran hit back after pakistan's strikes"), and hitting back as the vocabulary
# reads it.
_YES_NO = re.compile(r"^(?:(?:and|so|but|ok|okay|wait) )?(?:did|does|do|has|have|had|will|would|was|were) ")
_HIT_BACK = "hit back retaliate counterattack"
_DAYTIMES = r"morning|mornin|evening|evenin|night|nite|afternoon|dawn|daytime|nighttime|midnight|noon"
# A time of day, not a date ("what exact time did the missiles land"; not "at the exact time of the strikes", which
# means at the same time, nor "what time did iran strike", which many ask meaning when).
_CLOCK_ASKED = re.compile(
    r"\btime of (?:the )?day\b|\bwhat hour\b|\b(?:what|which) exact time\b|\bwhat time exactly\b"
    r"|\b(?:during the |in the |by )?day or (?:at |by |during the )?night\b"
    r"|\b(?:at |by )?night or (?:during the |by )?day\b"
    # "nite or mornin", "morning or evening": two times of day to choose from
    rf"|\b(?:{_DAYTIMES}) or (?:in the |at |by |during the )?(?:{_DAYTIMES})\b"
)
# A verb's -ing form, as typed ("meeting", "meetin'"), not "again" or "within".
_GERUND = r"(?!(?:again|within|certain|captain|begin|plain|main|brain|chain|join)\b)[a-z]{2,}(?:ing|in'?)"
# Not the article's own proposals ("what exactly does the writer suggest they do" is what it recommends).
_NOT_WRITER = (
    r"(?!(?:the |this |that )?(?:article|author|writer|piece|op-?ed|text|guy|dude|columnist|editorial|it|he|she)\b)"
)
_CUES: list[tuple[Asks, re.Pattern[str]]] = [
    (
        Asks.LATER,
        # Not "these days": it is also the article's own present ("who's the peacemaker in the region these days").
        re.compile(
            r"\b(?:since then|nowadays|later (?:on|in)|right now|rn|currently|as of now)\b"
            r"|\b(?:what(?:'s| is)|whats) the (?:current |latest )?status of\b|\bthe latest on\b"
            r"|\bstill\b[\w\s'’-]{0,40}\bnow\W*$"  # "is he still in tehran now?"
            r"|\bstill (?:in (?:pris\w*|jail|custody|power|office|charge)|alive|locked up|detained|imprisoned|held)\b"
            r"|\byet\W*$"  # "has the fm visited yet", "is there a deal yet"
            # a strike after the standoff ended ("did iran hit pakistan again after they made up"), not after an event
            # the article tells ("did the irgc strike again after iraq and syria")
            r"|\b(?:strike|struck|hit|attack|bomb)\w* (?:[\w'-]+ ){0,2}again (?:after|since) (?:they|the two|both"
            r"|relations|ties|things) (?:[\w'-]+ ){0,2}(?:made up|make up|patch\w*|reconcil\w*|restor\w*|normali[sz]\w*"
            r"|calm\w*|settl\w*)"
            r"|\bhow(?:'s| is| are) (?:[\w'-]+ ){1,4}doing\b"  # how things stand now
            # what comes next ("is iran gonna strike pakistan again", "any more strikes after this")
            r"|\b(?:gonna|going to|will|would|likely to|might) (?:[\w'-]+ ){0,3}"
            r"(?:strike|hit|attack|bomb|fight|clash|go after)\w* (?:[\w'-]+ ){0,3}again\b"
            r"|\b(?:any ?more|further|another|new) (?:strikes?|attacks?|clashes|fighting) (?:[\w'-]+ ){0,2}"
            r"(?:after|since) (?:this|that|all (?:this|that)|it all|the standoff|they made up)\b"
        ),
    ),
    (
        # What a name or a word means: the article names things, it does not translate or define them.
        Asks.MEANING,
        re.compile(
            r"\bwhat (?:does|do|did|is|dose) (?!this |that |it |all )(?:[\w'-]+ ){1,5}(?:mean|stand for)"
            r"(?: in (?:plain |simple |normal )?english| literally)?\W*$"
            r"|\btranslat\w*|\b(?:mean\w*|called|say) (?:in|for) english\b"
            r"|\b(?:in|for) english\W*$"  # Pidgin "for"
            r"|\bliteral(?:ly)? mean"
            r"|\bmeaning of (?:the )?(?:name|word|term|phrase)\b"
            r"|\b(?:what(?:'s| is)|whats) (?:the )?meaning of\b(?!.*\bfor\b)"  # not "meaning of X for Y"
            r"|\benglish meaning\b|\b(?:meaning|matlab) (?:ki|kya)\b"  # Bengali, Hindi-Urdu mixed in
        ),
    ),
    (
        # Who was behind an attack: the article may report the attack without naming who carried it out.
        Asks.AGENT,
        re.compile(
            r"\bwho(?:'s| is| was| were| are)? (?:really |actually )?(?:behind|responsible for|claimed|masterminded"
            r"|carried out|carry out|perpetrated|owned up to|took responsibility for)\b"  # Pidgin "who carry out ..."
            r"|\bwhich (?:group|outfit|organi[sz]ation|militants?|faction) (?:claimed|carried out|was behind)\b"
            # who killed someone ("who killed soleimani"); not "who attacked pakistan": a quote may name the doer afar
            r"|\bwho (?:actually |really )?(?:killed|assassinated|murdered)\b"
        ),
    ),
    # What a group wants or fights for ("what's the BLA actually fighting for", "why does jaish-e-adal go after
    # iran"): the article may name a group and its attacks without saying what drives it.
    (Asks.AIM, _AIM_ASKED),
    # Someone's exact words ("what did the spokesperson say word for word"), before what they said at all: a quote
    # must quote them.
    (
        Asks.WORDING,
        re.compile(
            # not the article's own words ("quote the article verbatim on ...")
            r"^(?!.*\b(?:article|author|writer|piece|op-?ed|text)\b).*"
            r"(?:"
            + _VERBATIM.pattern
            # "what exactly did the UN secretary-general say": the words, not only that they spoke
            # (not "what exactly did iran say it was targeting": what it said about something the article gives)
            + r"|\bwhat (?:exactly|precisely) (?:did|does|do|has|have) (?:[\w'-]+ ){1,5}(?:say|said)\b"
            r"(?! (?:it|they|that|he|she|was|were|is|its|their|who|what|why|how)\b)"
            r"|\bwhat (?:did|does|do|has|have) (?:[\w'-]+ ){1,5}(?:say|said),? (?:exactly|precisely)\b"
            r"|\bwhat (?:[\w'-]+ ){1,5}said,? (?:exactly|precisely)\b"  # without "did", as a second language asks
            r"|\bwhat said (?:exactly|precisely)\b)"
        ),
    ),
    # Which goods or sectors an agreement covers ("what goods are in the 2004 PTA"): a quote must list some.
    (Asks.CONTENTS, _CONTENTS_ASKED),
    (Asks.REACTION, _REACTION),
    # What an attack was carried out with: a quote must name a weapon.
    (
        Asks.MEANS,
        re.compile(
            rf"\b(?:what|which|wat|wich) (?:kinds? of |types? of |sorts? of )?(?:{_WEAPONS})\b"
            rf"|\b(?:use|used|using|fire|fired|firing) (?:\w+ )?(?:{_WEAPONS})\b"
            rf"|\b(?:aircraft|jets?|planes?|fighters?|{_WEAPONS}) or (?:{_WEAPONS})\b"  # "drones or jets" asks which
        ),
    ),
    # An apology: a quote must report one.
    (Asks.APOLOGY, re.compile(r"\b(?:apologi[sz]\w*|say(?:ing)? sorry|said sorry|express(?:ed)? regret)\b")),
    (
        # How or where someone met their fate: the quote must at least report the event.
        Asks.MANNER,
        re.compile(
            rf"\b(?:how|where) (?:was|were) (?:[\w'-]+ ){{1,5}}(?:{_FATES})\b"
            rf"|\b(?:how|where) did (?:[\w'-]+ ){{1,4}}(?:die|dying|get killed)\b(?! down| out| off)"
            # "how he die", as a second language asks
            r"|\bhow (?!(?:many|much|long|far|come|did|do|does)\b)(?:[\w'-]+ ){1,3}die\b(?! down| out| off)"
            rf"|\bhow did (?:[\w'-]+ ){{1,3}}(?:{_CATCH}) (?!(?:[\w'-]+ ){{0,2}}(?:by surprise|off guard|unawares))"
            r"|\bhow did (?:[\w'-]+ ){1,4}(?:get|got|end up getting|end up) "
            r"(?:caught|nabbed|arrested|captured|killed)\b"
            r"|\bhow did (?:[\w'-]+ ){1,5}meet(?:ing)? (?:his|her|their) (?:end|maker|fate)\b"
        ),
    ),
    # What became of someone in custody ("did iran execute regi"): the quote must report it.
    (
        Asks.FATE,
        re.compile(
            rf"\bdid (?:[\w'-]+ ){{1,3}}(?:{_SENTENCE})"
            # "did he get sentenced", "gettin' jailed", "did the commander get the sack"
            rf"|\b(?:get|got|gets|getting|gettin'?) (?:{_SENTENCED}|sacked|fired|the sack|the axe|demoted)\b"
            # "what happened to regi after pakistan handed him over": what came after custody, not the custody
            rf"|\bwhat (?:happen\w*|became|(?:did )?(?:[\w'-]+ ){{1,3}}(?:do|did)) (?:to|with|of) "
            rf"(?:[\w'-]+ ){{1,4}}{_AFTER}"
            rf"|\b(?:{_SENTENCED}|sentence) to what\b"  # "he kena sentence to what"
            rf"|{_IN_THE_END.pattern}"
        ),
    ),
    (
        # What a meeting, a call or a visit produced: the article may report that it happened, not what came of it.
        Asks.OUTCOME,
        re.compile(
            r"\bwhat (?:did|do|will) (?:[\w']+ ){1,12}(?:discuss|talk about|talked about|chat about|agree|decide|sign)"
            r"|\bwhat (?:was|were|got) (?:actually |really )?(?:agreed|decided|discussed|signed)"
            # "what were the pakistani pm and iranian fm actually discussing in davos"
            rf"|\bwhat (?:was|were) {_NOT_WRITER}(?:[\w']+ ){{1,12}}"
            r"(?:discussing|talking about|chatting about|negotiating|agreeing)\b"
            r"|\bwhat came (?:out )?of\b|\banything (?:signed|agreed|decided)\b"
            # "what the pm and fm discuss", not what the article talks about
            r"|\bwhat (?!(?:the |this |that )?(?:article|author|writer|piece|op-?ed|text)\b)(?:[\w']+ ){1,8}"
            r"(?:discuss|discussed|talk about|talked about|chat about|chatted about)\b"
            r"|\bwhat (?:[\w']+ ){1,8}(?:hash\w* out|hammer\w* out|thrash\w* out)\b"
            r"|\bwhat happened (?:finally |in the end |eventually )?(?:in|at|during) (?:the |that |their )?"
            r"(?:[\w'-]+ ){0,2}(?:visit|meeting|talks?|trip|call)\b"
            r"|\b(?:accepted|rejected) (?:it|the offer|that)(?: [\w'-]+){0,2} or (?:no|not)\b"
            r"|\bdid (?:[\w']+ ){1,3}(?:accept|agree to|sign|reject|turn down|say (?:yes|no) to|take up)\b"
            r"|\bdid (?:[\w']+ ){1,3}take (?:[\w']+ ){1,2}up on\b"  # "did either side take turkey up on its offer"
            r"|\bdid (?:[\w']+ ){1,4}(?:set up|sort out|settle on)\b"
            r"|\bhow did (?:the |their |that |this )?(?:[\w']+ ){0,3}(?:visit|meeting|talks?|trip|call)"
            r"(?: [\w'-]+){0,4} go\b"
            r"|\b(?:signed|agreed|decided) what\b"  # second-language order: "during the visit they have signed what"
            # what an offer or a deal held ("what did turkey's mediation offer involve", "what terms did china put on
            # the table")
            r"|\bwhat (?:exactly |actually )?(?:did|does|do|would) (?:[\w'-]+ ){0,4}(?:offer|proposal|mediation|plan)"
            r" (?:actually |really )?(?:involve|entail)\b"
            r"|\bwhat (?:terms|conditions) (?:did|does|do|would) (?:[\w'-]+ ){1,4}"
            r"(?:put|offer|set|demand|attach|propose)"
            # what someone proposed, exactly ("so what exactly did china put on the table as mediator", "what did the
            # EU propose exactly"): not "what did china offer", which "offered to mediate" answers
            rf"|\bwhat (?:exactly|actually|specifically) (?:(?:did|does|do|would) )?(?!(?:did|does|do|would) )"
            rf"{_NOT_WRITER}(?:[\w'-]+ ){{1,4}}"
            r"(?:propose|suggest|put on the table)\b"
            rf"|\bwhat (?:did|does|do|would) {_NOT_WRITER}(?:[\w'-]+ ){{1,4}}(?:propose|suggest)\w* "
            r"(?:[\w'-]+ ){0,4}?(?:exactly|specifically|in detail)\b"
            rf"|\bwhat (?:did|does|do|would) {_NOT_WRITER}(?:[\w'-]+ ){{1,4}}put on the table\b"
            # what a visit or a meeting achieved: the article was written before the visit
            r"|\bwhat did (?:the |that |their )?(?:[\w'-]+ ){0,4}(?:visit|trip|meeting|talks|call)(?: [\w'-]+){0,4}"
            r" (?:end up |actually |really )?(?:achiev\w*|accomplish\w*|produc\w*|yield\w*|result in|lead to)\b"
            r"|\b(?:agenda|outcome|result|to-?\s?do list)s? (?:of|for) (?:the |their |that )?(?:[\w']+ ){0,3}"
            r"(?:visit|meeting|talks?|trip|call)\b"
            # "what they sign when iran minister come", "what was signed during the visit"
            r"|\bwhat (?:[\w']+ ){0,6}(?:sign|signed|agree|agreed|decide|decided) (?:during|at|when|on|in) "
            r"(?:the |that |their )?(?:[\w']+ ){0,4}(?:visit|visited|meeting|talks?|trip|call|came over|came|comes?)\b"
        ),
    ),
    (
        Asks.NUMBER,
        re.compile(
            r"\bhow many\b|\bdeath toll\b|\bnumber of\b"
            r"|\bhow much\b(?! (?:do|does|did) (?:[\w'-]+ ){1,8}?(?:depend|rely|lean|count on|hinge|care|matter|trust"
            r"|want|need)\w*)"
            rf"(?! (?:{_DEGREE})\b)(?! time\b)(?! (?:{_ADJECTIVES})\b)"
            r"|\bhow (?:long|wide|big|large)(?:'s| is| was| are)\b|\bhow (?:far|deep) (?:inside|into|in|away|from)\b"
            r"|\b(?:length|distance|population) of\b|\b(?:border|coastline) (?:length|distance)\b"
            r"|\bwhat (?:percent|percentage)\b|\bhow many percent\b|\bcasualt"
            r"|\bwhat (?:volume|quantity) of\b"  # "roughly what volume of iranian fuel"
            r"|\b(?:was|were) (?:any(?:one|body)|people|civilians) (?:hurt|injured|wounded|killed)\b"
            r"|\b(?:koto|kitna|kitne|kitni)\b"  # "how much/many" in Bengali and Hindi-Urdu, mixed into English
        ),
    ),
    # A span of time ("how much time did pakistan take to strike back"): a quote must give one (hours, days).
    (
        Asks.DURATION,
        re.compile(
            r"\bhow much time\b|\bhow long did (?:[\w'-]+ ){1,6}(?:take|last|go on|continue)\b"
            # how long a state of things went on ("how long did pakistani airlines avoid iranian airspace for", "how
            # long were flights banned"); "how long was the standoff" is a length, asked above, and "how long were
            # the ambassadors away" is told by the date they went back
            r"|\bhow long (?:did|do|does|would|will)\b"
            r"|\bhow long (?:were|was) (?:[\w'-]+ ){1,6}(?:banned|blocked|barred|closed|shut|suspended|stopped|cut off"
            r"|grounded|kept out)\b"
            # how long something had gone on (not "how long has the PTA existed": "the PTA of 2004" answers that)
            r"|\bhow long (?:had|has|have) (?:[\w'-]+ ){1,6}"
            r"(?:been (?:running|going(?: on)?|under ?way|attacking|fighting|operating|hiding|targeting|striking"
            r"|planning|preparing)|lasted|gone on)\b"
        ),
    ),
    (
        Asks.NAME,
        re.compile(
            r"(?<!god's )(?<!heaven's )\bnames?\b(?! (?:of )?(?:its|their|the) (?:operation|op|response|counter))"
            # not "who was the pm meeting at davos", which asks whom the pm met
            rf"|\bwho(?:'s| is| was| were| are| be) (?!{_GERUND} )(?:the )?(?:[\w'-]+ ){{0,3}}"
            rf"(?:{_ROLES}|(?:{_OFFICES})s)\b"  # "who are the two foreign ministers", not "who were the leaders"
            rf"(?! {_GERUND}\b)"
            r"|\bwho founded\b|\b(?:nam|naam) (?:ki|kya)\b"  # "name?" in Bengali, Hindi-Urdu
            + "|"
            + _WHO_THAT.pattern  # "the ambassador they told not to come back, who's that?"
            + rf"|\b(?:{_ROLES})(?:'s|s')? called\b"  # "what's the BLA leader called"
            + "|"
            + _RUNS.pattern
            + r"|\bwho(?:'s| is| was| are| were) (?:currently |now )?(?:in charge of|at the (?:top|head|helm) of)\b"
            # "who's the geezer that was caretaker pm": a person described by a role
            r"|\bwho(?:'s| is| was) the (?:guy|man|woman|bloke|geezer|dude|fella|chap|person|lady|top dog|big dog"
            r"|head honcho|honcho|big man|top guy) "
            rf"(?:(?:that|who)(?:'s| is| was) (?:the )?(?:[\w'-]+ ){{0,2}}(?:{_ROLES})\b|(?:running|leading|heading) )"
            r"|\bwhat (?:was|is|were) (?:[\w'-]+ ){1,9}called\b(?! (?:for|off|on|out|in|into|up|back)\b)"
            r"|\bhow (?:is|was|are|were) called\b"  # "how is called the iranian foreign minister"
            # who called whom first: the one who did
            r"|\bwho (?:\w+ ){0,2}(?:called|rang|phoned|dialled|dialed|picked up)\b(?! (?:for|off|on|out)\b)"
            r"(?: [\w'-]+){0,3} first\b"
            + "|"
            + _WHO_DID
            + "|"
            + _BY_ROLE.pattern
            + "|"
            + _WHICH_RANK
            + "|"
            + _PLACE_ASKED.pattern
            + "|"
            + _WHICH_EXACTLY.pattern
            + "|"
            + _FORUMS_ASKED
            + "|"
            + _WHICH_THINGS
        ),
    ),
    (
        Asks.DATE,
        re.compile(
            r"\bwhat (?:date|day|year|month)\b|\bwhich (?:date|day|year|month)\b|\bin what year\b"
            r"|^when\b|\bsince when\b|\bwhen (?:did|do|does|was|were|is|are|will|has|have|had)\b|\b(?:kobe|kab)\b|"
            + _CLOCK_ASKED.pattern
        ),
    ),
    # "was regi executed" asks what became of him, after "when was regi executed" (a date) and "how many were
    # killed" (a number) have been read as what they ask; "was the military operation executed" is no one's fate.
    (
        Asks.FATE,
        re.compile(
            rf"\b(?:was|were|has been|have been) (?!(?:[\w'-]+ ){{0,2}}(?:{_DEEDS})\b)(?:[\w'-]+ ){{1,3}}"
            rf"(?:{_SENTENCED}|killed|assassinated)\b"
            # "were any militants arrested": no one the article names, so no one whose arrest it reports
            rf"|\b(?:was|were) (?:any(?:one|body)?|some(?:one|body)) (?:[\w'-]+ ){{0,2}}"
            r"(?:arr?ested|detained|captured)\b"
        ),
    ),
    # Whether something stopped started again ("did pakistani airlines start flying over iran again", "are the flights
    # back over iran now"): a quote must report it resumed. Not whether it might happen again ("so this doesn't
    # happen again" asks what to do).
    (
        Asks.RESUMED,
        re.compile(
            # Not the relations themselves ("did they start talking again", "are they friends again"): what a
            # standoff ends with is the matcher's to find, wherever the article reports it.
            r"^(?!.*\b(?:talk\w*|speak\w*|relations?|ties|friends?|terms|normal|peace|diplomatic\w*|ambassadors?"
            r"|envoys?|diplomats?)\b)(?:"
            # at the start or after a comma, not "who are they again" (reminded of, not again)
            r"(?:(?:(?:and|so|but|ok|okay|wait|lol|yo|hmm|also|then) )*"
            r"|.*?, (?:(?!(?:who|what|when|where|which|why|how)\b)[\w'-]+ ){0,3}?)"
            # what may be done again ("can they fly over iran again"), or a deed started again; not a deed done again
            # ("did the irgc strike again": another time, which the article may tell), nor "is X the same as Y again"
            r"(?:(?:can|could) (?:[\w'-]+ ){1,8}?"
            r"|(?:did|do|does|will|have|has) (?:[\w'-]+ ){1,4}?"
            r"(?:start|started|begin|began|resum\w*|get back to|go back to) (?:[\w'-]+ ){0,6}?)again\b"
            r"|.*?\b(?:are|is|am) (?:[\w'-]+ ){1,3}back (?:using|over|in|on|flying|to)\b(?=.*\bnow\b)"
            # "did pakistani airlines go back to flying over iran", "did the meetings get rescheduled"
            r"|.*?\b(?:did|do|does|have|has|will) (?:[\w'-]+ ){1,4}?(?:go|get|gone|got) back to [a-z]{3,}ing\b"
            r"|.*?\b(?:get|got|been|was|were|be) re-?(?:scheduled|arranged|booked)\b)"
        ),
    ),
    # Whether a plan came true ("did the fm actually visit", "did they ever hit the trade target"): a quote that
    # states only the plan ("will be visiting", "a plan to increase trade") does not say.
    (
        Asks.FULFILLED,
        re.compile(
            r"\b(?:did|has|have|was|were) (?:[\w'-]+ ){1,6}?(?:ever|actually|really|finally|eventually|end up|ended up)"
            r" (?!(?:[\w'-]+ )?(?:say|said|think|react|respond|comment)\b)"
            r"|\bwhat happened (?:when|after|once) (?:[\w'-]+ ){1,4}(?:actually|really|finally)\b"  # "...actually came"
            + "|"
            + _CANCEL_ASKED.pattern
            + r"|\bdid (?:[\w'-]+ ){1,5}"
            + _HAPPENED.pattern
            + r"|\b(?:achieve|achieved|hit|reach|reached|meet|met|on (?:track|trak|course) (?:for|to \w+)) "
            r"(?:the|that|their|its|this) (?:[\w'-]+ ){0,3}"
            r"(?:target|goal)\b"  # "hit the trade target", not "hit targets in iraq"
        ),
    ),
]
_MONTHS = re.compile(rf"\b(?:{MONTH_NAMES})\b", re.I)
_CLOCK = re.compile(
    r"\b\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)|\bo'clock\b|\b(?:morning|evening|night|midnight|noon|dawn|dusk)\b",
    re.I,
)
_SPAN = re.compile(r"\b(?:hours?|days?|weeks?|months?|years?)\b", re.I)
_BRIEF = re.compile(r"\b(?:brief|briefly|short-lived|quick|quickly|swift|swiftly|prolonged|lengthy)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d(?:-\d\d)?\b")
_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|millions?|billions?)\b", re.I
)
_DIGITS = re.compile(r"\b\d[\d,.]*(?:mw|km|%)?\b", re.I)
_CAPITALISED = re.compile(r"\b[A-Z][\w\-]+")
# "What's a X", "what does a X actually do": what a kind of thing is.
_WHAT_A = re.compile(
    r"^(?:(?:and|so|but|ok|okay) )?(?:(?:what(?:'s| is)|whats) an? (?P<kind>(?:[\w'-]+ ){0,3}[\w'-]+)"
    r"(?:\W*$|,| exactly| even| like| tho| anyway)|what (?:does|do) an? (?P<doer>(?:[\w'-]+ ){0,3}[\w'-]+) "
    r"(?:[a-z]+ly |even )?do\b)"
)
# "What is X" of one word: for an acronym, what it stands for.
_WHAT_IS = re.compile(
    r"^(?:(?:and|so|but|ok|okay) )?"
    r"(?:(?:what(?:'s| is| are)|whats) (?:the |an? )?(?P<term>[\w-]+)(?: exactly| even| again)?"
    r"|what (?:does|do) (?:the )?(?P<doer>[\w-]+) (?:[a-z]+ly |even )?do)(?:\W*$|,)"
)
_TRANSLATION_ASKED = re.compile(
    r"\b(?:literally|literal|translat\w*|in (?:persian|farsi|urdu|arabic|balochi|english))\b"
)
_EXPLAINS = re.compile(r"\b(?:means?|meaning|translat\w*|literally|stands? for|i\.e\.)\b", re.I)
# A quote that says who did something: an agent named with its deed ("the IRGC ... launched attacks").
# ... or the doer named before the deed ("the US/NATO Salala check-post attack").
_AGENT = re.compile(
    r"\b(?:carr(?:ied|y|ies) out|claimed|launched|conducted|responsible|behind|masterminded)\b|\bby (?:the )?[A-Z]"
    r"|\b[A-Z][\w./-]*(?: [\w./-]+){0,3} (?:attacks?|strikes?|intrusion|raids?|bombings?)\b"
)
# A quote that reports what came of a meeting or a call, not only that it took place.
_OUTCOME = re.compile(
    r"\b(?:agreed|agreement|decided|decision|signed|resolved|concluded|announced|restored?|resumed?|consensus|"
    r"accepted|rejected|"
    r"deal|accord|pledged|committed|mou|memorand\w*|pact|treaty|chalked out)\b",
    re.I,
)
SUBJECT_SHARE = 1 / 3  # a capitalised word in this share of paragraphs is the article's subject, not a name


_MARKUP = re.compile(r"<[@#][!&]?\d+>|<a?:\w+:\d+>")
# Discord's formatting, wherever it is: "**did the houthis** say anything", "||spoiler||"
_FORMATTING = re.compile(r"[*~`|]+|(?<!\w)_+|_+(?!\w)")
_BETWEEN_WORDS = re.compile(r"(?<=\w)(?:[*~`|]+|_+(?!\w))+(?=\w)")  # "**iran**|**pakistan**": two words


# Question words as people type them in chat, read as the cues expect them ("waht was decided", "hw many ppl"), and
# Yorkshire's "t'" as "the".
_QUESTION_WORDS = {"wat": "what", "wht": "what", "wut": "what", "waht": "what", "whta": "what", "wot": "what"} | {
    "wen": "when",
    "wot's": "what's",
    "wat's": "what's",
    "whn": "when",
    "hw": "how",
    "how'd": "how did",
    "hwo": "how",
    "wich": "which",
    "whch": "which",
    "ppl": "people",
    "wi'": "with",
    # emphasis as typed: "did turkey evr end up mediating", "did the mediation actualy lead to talks"
    "evr": "ever",
    "actualy": "actually",
    "acc": "actually",
    "realy": "really",
    "finaly": "finally",
    "mny": "many",
    "meny": "many",
    "wetin": "what",  # Nigerian Pidgin
    "da": "the",  # Hawaiian Pidgin, Chicago, Cajun
    "whos": "who's",
    "what'd": "what did",
    "aboot": "about",  # Geordie, Canadian
    "afta": "after",  # Pidgin, Boston
    # Scots: "hoo mony", "whit did they agree", "who wis the pm", "whit happened tae him efter"
    "hoo": "how",
    "hoo lang": "how long",
    "how lang": "how long",  # Geordie, Scots
    "how lang's": "how long's",
    "who r": "who are",
    "ower": "over",
    "dee": "do",  # Geordie: "what did iran dee wi regi"
    "whit": "what",
    "whit's": "what's",
    "wis": "was",
    "mony": "many",
    "efter": "after",
    "tae": "to",
    "fae": "from",
    "wi": "with",
    "dae": "do",
    "oot": "out",
    "doon": "down",
    "onythin": "anything",
    "onybody": "anybody",
}
_TYPED = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(re.escape(word) for word in sorted(_QUESTION_WORDS, key=len, reverse=True))  # "hoo lang" before "hoo"
    + r")(?![\w'])"
)
_YORKSHIRE_THE = re.compile(r"(?<![\w'])t'(?=\w)")  # "in t'end"
# Chat tags after the question ("what does it even mean lol"): the cues anchored at its end read past them.
_TRAILING = re.compile(
    r"(?:[\s,.!?]+(?:lol|lmao|lmfao|haha|ah|lah|leh|meh|sia|hor|fam|bro|bruh|tho|though|ngl|fr|innit|eh"
    r"|pls|plz|please|yo|ya|yeah|or what|or nah|or not))+[\s.!?]*$"
)


# A follow-up that names its subject first and asks of it with a pronoun ("and india, did they say anything?"):
# read as asked of the subject ("did india say anything"), so the cues know whose reaction or deed is asked for.
_NAMED_FIRST = re.compile(
    r"^(?:(?:and|so|but|ok|okay|what about|how about) )?"
    # not a lead-in: "after the strikes, did they say anything", "wait, did they", "basically, what did they say"
    r"(?!(?:after|before|during|in|on|at|by|since|then|wait|well|basically|honestly|also|anyway|btw|like|yeah|yes|no"
    r"|hmm|um|lol|plus|now|still|again|okay|ok|so)\b)"
    r"(?P<who>(?:the )?[\w'-]+(?: [\w'-]+){0,3}), "
    r"(?P<ask>(?:what |how |when |why )?(?:did|do|does|have|has|had|will|would)) (?:they|it|he|she)\b"
)


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    return frozenset({*country_names(), "china", "turkey"})  # common English words too, as places


@lru_cache(maxsize=1024)
@lru_cache(maxsize=1024)  # read by every cue and check of one question, each misspelt word looked up once
def _plain(question: str) -> str:
    """The question's first part, lower-cased, without Discord markup: what the cues read."""
    text = " ".join(fold_typography(question[:MAX_QUESTION_CHARS]).lower().split())
    text = _FORMATTING.sub("", _BETWEEN_WORDS.sub(" ", _MARKUP.sub(" ", text))).strip()  # "**WHO** is": who
    text = _TYPED.sub(lambda found: _QUESTION_WORDS[found.group()], _YORKSHIRE_THE.sub("the ", text))
    text = _LONG_WORD.sub(lambda found: _cue_spelling(found.group()), text)
    first = PART_BREAK.split(text, maxsplit=1)[0]  # a multi-part question: the first part is what it asks
    return _TRAILING.sub("", _NAMED_FIRST.sub(r"\g<ask> \g<who>", first))


CUE_TYPO_LENGTH = 5  # shorter misspellings are too close to other words to read as a cue word
CUE_TYPO_CHANGED = 6  # shorter misspellings read as a cue word only if a letter was left out or two swapped
_LONG_WORD = re.compile(rf"(?<![\w'-])[a-z]{{{CUE_TYPO_LENGTH},}}(?![\w'-])")


@cache
def _cue_words() -> frozenset[str]:
    """The English words the cues are written with ("commander", "ambassador", "cancelled")."""
    written = " ".join(re.sub(r"\\[a-zA-Z]", " ", cue.pattern) for _, cue in _CUES)
    return frozenset(re.findall(rf"(?<![a-z])[a-z]{{{CUE_TYPO_LENGTH},}}(?![a-z])", written)) & english_words()


def _cue_spelling(word: str) -> str:
    """A word no English list knows, read as the cue word it most likely misspells: "who was the irgc comander"
    asks for a commander's name, "which army cheifs met" for theirs. English words stay as typed ("were" is no
    "where"), and so does a misspelling more likely of another word ("thats" is "that", not "whats")."""
    if word in english_words():
        return word
    meant = likeliest(word)
    if meant is None or meant not in _cue_words():
        return word
    # A short word with one letter changed is as likely another language's ("namus", honour, is not "names"):
    # there, only a letter left out or two swapped count.
    if len(word) < CUE_TYPO_CHANGED and len(meant) == len(word) and sorted(meant) != sorted(word):
        return word
    return meant


@lru_cache(maxsize=1024)  # asked by the ranking (fusion) and again by the partial check
def asks_for(question: str) -> Asks | None:
    """The kind of fact a question asks for, when it asks for one the article may not give."""
    text = _plain(question)
    for kind, cue in _CUES:
        if cue.search(text):
            return kind
    return None


@dataclass(frozen=True)
class Gaps:
    """The article's subject words, computed once per article, and the checks against an entry's quotes."""

    article: Article
    # The article's words as one vocabulary reads them, by what they are (kept for the vocabulary last asked about).
    _read: tuple[Vocabulary, dict[str, frozenset[str]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

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
    def acronyms(self) -> frozenset[str]:
        """The acronyms the article uses ("IRGC", "MOFA"), spelt out or not."""
        return frozenset(re.findall(r"\b[A-Z]{2,}\b", self.article.text))

    @cached_property
    def inner_capitals(self) -> frozenset[str]:
        """Words the article capitalises inside a sentence: names ("China"), where "Since" or "Therefore" are
        capitalised only for starting one."""
        return frozenset().union(*self.article.inner_capitals)

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

    def before(self, question: str) -> bool:
        """Whether the question names a time well before anything the article tells: a year, or a decade, more than
        BEFORE_MARGIN years earlier than every year it names ("what caused the iran iraq war in the 80s", "in
        1979"). It is about something else, however well its other words match. A year just before ("was the PTA
        signed in 2003?") is someone checking a date; a number that is no year ("2000 MW") is no time."""
        named, _ = self.years
        if not named:
            return False
        limit = min(named) - BEFORE_MARGIN
        text = _plain(question)
        years = [int(y) for y in _YEAR_NAMED.findall(text)]
        decades = [1900 + int(d) for d in re.findall(r"(?<![\w'])(?:19)?'?([3-9]0)'?s\b", text)]
        decades += [1900 + _DECADES[d] for d in re.findall(r"\b(" + "|".join(_DECADES) + r")\b", text)]
        return any(y < limit for y in years) or any(d + 9 < limit for d in decades)

    def missing(
        self,
        question: str,
        entry: Entry,
        vocabulary: Vocabulary,
        read: Callable[[], Iterable[str]] | None = None,
        *,
        strict: bool = False,
    ) -> Asks | None:
        """What the question asks for that the entry's quotes do not hold; None when nothing is missing. Words are
        compared as the matcher reads them, with its ``vocabulary``; ``read`` gives the question's terms as the
        matcher read them (misspellings corrected), added to its plain terms where a check compares words (a
        number or a name)."""
        named, latest = self.years
        if any(int(y) > latest and int(y) not in named for y in re.findall(r"\b(?:19|20)\d\d\b", question)):
            return Asks.LATER  # a year after the article was written
        if re.search(rf"\b(?:after|since) (?:(?:{MONTH_NAMES}) )?{latest}\b(?!'s|’s)", _plain(question), re.I):
            return Asks.LATER  # after the month of its latest year ("after march 2030"), not after a day in it
        kind = asks_for(question)
        # Which ones of a set of countries the article only counts ("which four arab countries": "operating in four
        # Arab countries"): it names none of them, whatever other names the quote holds. Not "which countries
        # restored relations": no quote counts those, the article names them.
        if (
            kind in (None, Asks.NAME)
            and _WHICH_SET.search(_plain(question))
            and self._counted(question, entry, vocabulary)
        ):
            return Asks.NAME
        if (
            kind is None
            and (what := _WHAT_IS.match(_plain(question)))
            and what.group(what.lastgroup or 0).upper() in self.acronyms
        ):
            kind = Asks.MEANING  # "what is MOFA": an acronym is explained by spelling it out
        if kind is None and (kind_of := _WHAT_A.match(_plain(question))):
            # What a kind of thing is ("what's a preferential trade agreement", "what's a caretaker prime minister"):
            # a term of two words or more the quotes use (all but one word), which the article names and never
            # defines. Not "what's a quick summary" or "what's a possible reason": words no quote uses.
            phrase = kind_of.group("kind") or kind_of.group("doer")
            used = set(terms(" ".join(c.text for c in entry.citations), vocabulary)) | set(
                re.findall(r"[\w'-]+", " ".join(c.text for c in entry.citations).lower())
            )
            words = [w for w in phrase.split() if w not in vocabulary.stop_words]
            quoted = [w for w in words if w in used or set(terms(w, vocabulary)) <= used]
            if len(quoted) >= 2 and len(words) - len(quoted) <= 1:
                kind = Asks.MEANING
        if kind is None and (owned := _OWNER_ASKED.search(_plain(question))) and owned.group("caller"):
            # "what did iran call its operation": a name, checked here only (the ranking reads it as any question,
            # "wot did pakistan call their op when they lamped iran back" scoring on its words and meaning)
            kind = Asks.NAME
        ident = _WHO_WHAT.search(_plain(question)) if kind is None else None
        if ident and self._described(ident.group("name"), [c.text for c in entry.citations]) is False:
            return Asks.IDENTITY
        if kind is None and _FATE_AFTER.search(_plain(question)):
            kind = Asks.FATE
        if kind is None and _WHY_ASKED.match(_plain(question)):
            return self._in_passing(question, entry, vocabulary, read)
        if kind is None and _YES_NO.match(_plain(question)):
            return self._doer(question, [c.text for c in entry.citations], vocabulary)
        if kind is None:
            return None
        quotes = [c.text for c in entry.citations]
        if kind is Asks.LATER:
            return kind
        if kind is Asks.FULFILLED:
            return self._fulfilled(question, quotes, vocabulary)

        def asked() -> set[str]:
            return set(terms(question, vocabulary)) | set(read() if read else ())

        if kind is Asks.NUMBER:
            # What is counted must be near the number: the article's subjects ("Iran provides 200MW") count nothing.
            counted = asked() - self._terms("subjects", vocabulary) or asked()
            stated = frozenset(re.findall(r"\d+", question))  # "how much for the 200MW": not answered by "200MW"
            if re.search(r"\bper ?cent|percentage|%", question.lower()):
                return None if any(re.search(r"%|\bper ?cent", q, re.I) for q in quotes) else kind
            lasted = counted & self._terms("all", vocabulary)  # "how long is the border": not the standoff's span
            if re.search(r"\bhow long\b", _plain(question)) and any(_span_near(q, lasted, vocabulary) for q in quotes):
                return None  # "how long was the standoff": "very brief" is how long
            if _HOW_MANY_NAMED.search(_plain(question)):
                # Countries are counted by naming them: "China and Turkey also offered to mediate" is two, named in
                # a clause saying what the question asks they did (not where: "how many countries are in the EU").
                deed = counted - set(terms(_COUNTRIES, vocabulary)) - self._terms("capitalised", vocabulary)
                for clause in _clauses(quotes):
                    if len(self._names(clause, single=True)) >= 2 and deed & set(terms(clause, vocabulary)):
                        return None
            if not _GOAL_ASKED.search(
                re.sub(r"\bnot (?:the |a |their )?(?:goal|target|plan)\b", " ", _plain(question))
            ):
                # A goal's figure is not how much there is: "to increase bilateral trade to five billion dollars"
                # does not say how much trade there is now (it answers "how much trade do they want by 2028").
                quotes = [_GOAL_STATED.sub(" ", q) for q in quotes]
            if not re.search(r"\bhow (?:many (?:years?|months?|weeks?|days?|hours?)|long)\b", _plain(question)):
                quotes = [_SPAN_COMPOUND.sub(" ", q) for q in quotes]  # a "five-year plan" counts only years
            return None if any(_quantity_near(q, counted, vocabulary, stated) for q in quotes) else kind
        if kind is Asks.DATE:
            if _CLOCK_ASKED.search(_plain(question)):
                return None if any(_CLOCK.search(q) for q in quotes) else kind  # a time of day, not a date
            dated = [c for c in _clauses(quotes) if _MONTHS.search(c) or _YEAR.search(c) or _SPAN.search(c)]
            founder = began.group("who").split() if (began := _FOUNDED_ASKED.search(_plain(question))) else []
            if any(
                self._a_group(word) and word not in self._terms("subjects", vocabulary)
                for word in [*founder, "-".join(founder)]  # "jaish e adal" is "Jaish-e-Adal"
            ):
                # A group's founding: the date must be said of its founding, not of a deed of it or against it.
                return None if any(_FOUNDED_STATED.search(c) for c in dated) else kind
            # The date must be said of what the question names: "from January 26" dates the ambassadors' return,
            # not the foreign ministers' call in the clause before it.
            return None if self._said_of(asked(), quotes, dated, _DATE_WORDS, vocabulary, strict) else kind
        if kind is Asks.DURATION:
            # A span must be said of what the question names ("the standoff was very brief" is not how long the
            # strikes lasted). Words the article never uses ("respond") cannot be placed, so then, as for a
            # question that names nothing but the article's subjects, any span answers.
            focus = asked() - self._terms("subjects", vocabulary) - set(terms(_DURATION_WORDS, vocabulary))
            focus &= self._terms("all", vocabulary)
            return None if any(_span_near(q, focus, vocabulary) for q in quotes) else kind
        if kind is Asks.OUTCOME:
            # What came of the event asked about: "agreed" of the phone call does not say what the visit produced.
            decided = [c for c in _clauses(quotes) if _OUTCOME.search(c)]
            return None if self._said_of(asked(), quotes, decided, _OUTCOME_WORDS, vocabulary, strict) else kind
        if kind is Asks.MEANING:
            # An acronym the article spells out answers "what does IRGC stand for": "Corps (IRGC)".
            asked_words = re.findall(r"[\w-]+", _plain(question))
            # So does another name it gives ("the Islamic Revolutionary Guards Corps (IRGC) or Pasdarans"), unless
            # a translation is asked ("what does pasdaran literally mean in persian").
            alias = not _TRANSLATION_ASKED.search(_plain(question))
            spelt = [
                w
                for w in asked_words
                if any(
                    f"({w})" in q.lower() or (alias and re.search(rf"\) or {re.escape(w)}s?\b", q.lower()))
                    for q in quotes
                )
            ]
            return None if spelt or any(_EXPLAINS.search(q) for q in quotes) else kind
        if kind is Asks.AGENT:
            # The doer must be named near what the question names ("US/NATO Salala check-post attack"), not with
            # another attack in the same quote.
            cue = (
                "attack strike bombing who is behind responsible carried out claimed masterminded perpetrated"
                " killed assassinated murdered"
            )
            # Read together ("who is" is one rewritten term) and word by word ("who carried out": "who" on its own).
            cued = set(terms(cue, vocabulary)) | {term for word in cue.split() for term in terms(word, vocabulary)}
            focus = asked() - self._terms("subjects", vocabulary) - cued
            return None if any(_agent_near(q, focus or asked(), vocabulary) for q in quotes) else kind
        if kind is Asks.REACTION:
            return self._reaction(question, quotes, vocabulary)
        if kind is Asks.MEANS:
            return None if any(_ARMED.search(q) for q in quotes) else kind
        if kind is Asks.WORDING:
            said = (m.group() for q in quotes for m in _QUOTED.finditer(q))
            if any(len(words.split()) >= 4 for words in said):
                return None
            # "what exactly did both sides say" is answered by what they "stated that"; "word for word" is not
            reported = not _VERBATIM.search(_plain(question)) and any(_SAID_THAT.search(q) for q in quotes)
            return None if reported else kind
        if kind is Asks.AIM:
            # Of what the article calls a group ("terrorist outfits of Jaish-e-Adal"): not of a country (Iran's and
            # Pakistan's aims are what the article is about, China's stake is why it cares), nor of "they".
            found = _AIM_ASKED.search(_plain(question))
            who = next((g for g in found.groups() if g), "") if found else ""
            if not self._a_group(who.lower().removesuffix("'s")):
                return None
            group = (
                set(terms(who, vocabulary))
                - self._terms("subjects", vocabulary)
                - set(terms(" ".join(_GENERIC_WHO), vocabulary))
            )
            if not group or not group & self._terms("capitalised", vocabulary):
                return None
            return None if any(_AIM_STATED.search(q) for q in quotes) else kind
        if kind is Asks.RESUMED:
            # A quote that reports something resumed or restored answers ("did they start talking again": "agreed to
            # restore full diplomatic relations"); for an entry that is not the best, it must be said of what is asked.
            resumed = [c for c in _clauses(quotes) if _RESUMED_STATED.search(c)]
            if not strict:
                return None if resumed else kind
            return None if self._said_of(asked(), quotes, resumed, _RESUMED_WORDS, vocabulary, strict) else kind
        if kind is Asks.CONTENTS:
            return None if any(_CONTENTS_STATED.search(c) for c in _clauses(quotes)) else kind
        if kind is Asks.APOLOGY:
            return None if any(_APOLOGISED.search(q) for q in quotes) else kind
        if kind is Asks.FATE and _AFTER_CUSTODY.search(_plain(question)):
            # What came after: the quote must report a sentence or a death, not only the arrest or handover.
            return None if any(_SENTENCE_REPORTED.search(q) for q in quotes) else kind
        if kind is Asks.FATE and (_IN_THE_END.search(_plain(question)) or _FATE_AFTER.search(_plain(question))):
            # Of someone or something the article names (not "the ambassadors", whose return it reports), in a
            # clause that reports a fate ("handing-over of ... Abdolmalek Regi"), not only that they were there.
            whom = asked() & (self._terms("capitalised", vocabulary) - self._terms("common", vocabulary))
            whom -= self._terms("subjects", vocabulary)
            if not whom:
                return None
            clauses = _clauses(quotes)
            if not _IN_THE_END.search(_plain(question)):
                # After something: the paragraphs quoted tell it too ("what happened to the BLA after the
                # counterattack": "Pakistan struck back ... against the BLA targets" beside the quote on its camps).
                paragraphs = self.article.paragraphs
                clauses += _clauses([paragraphs[p - 1] for p in entry.paragraphs if p <= len(paragraphs)])
            return None if any(_FATE_REPORTED.search(c) and whom & set(terms(c, vocabulary)) for c in clauses) else kind
        if kind in (Asks.MANNER, Asks.FATE):
            asked_event = re.findall(
                rf"\b(?:{_FATES}|{_CATCH}|{_SENTENCE}|{_SENTENCED}|die|dying|died)\b", _plain(question)
            )
            event = set(terms(" ".join(asked_event), vocabulary))
            return None if any(event & set(terms(q, vocabulary)) for q in quotes) else kind
        held = asked()
        if _WHO_THAT.search(_plain(question)) and held & (
            self._terms("capitalised", vocabulary) - self._terms("subjects", vocabulary)
        ):
            return None  # "abdolmalek regi, who's that?" names him: who he is, not his name, is asked
        if _BY_ROLE.search(_plain(question)) and any(_ROLES_HELD.search(q.lower()) for q in quotes):
            return None  # a role answers who within a country did it: "the Pakistani foreign minister"
        if _OFFICES_ASKED.search(_plain(question)):
            # Holders of an office asked in the plural: a narrower office answers "who were the ministers at davos"
            # ("the Pakistani caretaker prime minister and the Iranian foreign minister"); the same office does not
            # answer "who are the two foreign ministers" ("the foreign ministers of Iran and Pakistan").
            asked_roles = {_office(found) for found in _ROLES_HELD.finditer(_plain(question))}
            held_roles = {_office(found) for q in quotes for found in _ROLES_HELD.finditer(q.lower())}
            if any(held != role and held.endswith(" " + role) for held in held_roles for role in asked_roles):
                return None
        # A place's name may be one word: "which town", and "what is pakistan's strategic port called".
        place = bool(_PLACE_ASKED.search(_plain(question)) or _PLACE_NAMED.search(_plain(question)))
        local = bool(_LOCAL_ASKED.search(_plain(question)) or _MET_WHERE.search(_plain(question)))
        single = place or bool(_WHICH_EXACTLY.search(_plain(question)) or _SET_ASKED.search(_plain(question)))
        # Which place something happened in: the place must be named near what happened ("Gwadar" in a sentence
        # about trade is not where the strikes hit), when the article uses the question's words for it.
        happened = held - self._terms("subjects", vocabulary) - self._terms("capitalised", vocabulary)
        happened &= self._terms("all", vocabulary)
        person = not place and bool(_PERSON_ASKED.search(_plain(question)))
        leader = person and bool(_LEADER_ASKED.search(_plain(question)) or _RUNS.search(_plain(question)))
        # Whose holder of a role is asked for ("the leader of the BLA"): the name must stand near it, not beside
        # another group ("Taliban leader Mullah Mansoor"), when the article uses the question's words for it.
        whose = held - self._terms("subjects", vocabulary) - set(terms(_ROLE_WORDS, vocabulary))
        whose &= self._terms("all", vocabulary)
        # Whose deed's name is asked for ("what was iran's operation called"), when it is one of the article's
        # subjects: the name must be the deed of that subject, the last one named before it in its sentence
        # ("Pakistan ... launched its operation 'Marg Bar Sarmachar'" is not Iran's).
        owned = _OWNER_ASKED.search(_plain(question))
        owner = set(terms(owned.group("owner") or owned.group("caller"), vocabulary)) if owned else set()
        owner &= self._terms("subjects", vocabulary)
        # Which ones of a thing, exactly ("which bilateral meetings exactly got cancelled"): a name in a sentence
        # naming the thing must stand beside it ("inside the Siestan-Baluchistan province", "China was the first
        # country"), not elsewhere in it ("not to return to Islamabad and cut off all planned bilateral meetings").
        exactly = _WHICH_EXACTLY.search(_plain(question))
        thing = set(terms(exactly.group(), vocabulary)) if exactly else set()
        thing -= self._terms("subjects", vocabulary) | self._terms("capitalised", vocabulary)
        thing &= set(terms(" ".join(quotes), vocabulary))
        for quote in quotes:
            words = quote.split()
            for name in self._names(quote, single=single):
                if owner and not owner & self._last_subject(quote, name, vocabulary):
                    continue
                if place and (_NO_PLACE.search(name) or _quoted_name(quote, name)):
                    continue  # an operation's name in quote marks ("‘Marg Bar Sarmachar’") is no place either
                if local and quote.find(name) >= 0 and _WIDER.match(quote, quote.find(name) + len(name)):
                    continue
                if local and (name.lower() in _countries() or "/" in name):
                    continue  # a town or a meeting place is no country ("which city in iraq": not "Iraq", "US/Israeli")
                spelt_out = re.search(re.escape(name) + r"\s*\(([^)]{1,20})\)", quote)  # "... Corps (IRGC)"
                proper = name.split(" of ")[-1]  # "Strait of Hormoz" is named by "Hormoz", not "strait"
                own_words = set(terms(proper + (" " + spelt_out.group(1) if spelt_out else ""), vocabulary))
                if (own_words - self._terms("common", vocabulary) or own_words) & held:
                    continue  # a name the question already holds: by its own words, not "trade" in "Trade Agreement"
                at = len(quote[: quote.find(name.split()[0])].split())
                if person and not _titled(words, at, len(name.split()), _LEADER_TITLED if leader else _TITLED):
                    continue
                if person and whose and not _names_near(words, at, AGENT_NEAR, whose, vocabulary):
                    continue
                if thing and not _names_near(words, at, len(name.split()) + THING_NEAR, thing, vocabulary):
                    own = next((c for c in _clauses([quote]) if name in c), quote)
                    if thing & set(terms(own, vocabulary)):
                        continue  # its sentence names the thing, elsewhere: the name is not the thing's
                if not place or not happened or _names_near(words, at, AGENT_NEAR, happened, vocabulary):
                    return None
        return kind

    def _said_of(
        self, asked: set[str], quotes: list[str], clauses: list[str], cue: str, vocabulary: Vocabulary, strict: bool
    ) -> bool:
        """Whether one of ``clauses`` (those stating the fact asked for) names most of what the question names
        (``asked``, its terms) that the quotes name at all. A question naming nothing the quotes name is answered by
        any of them, unless ``strict``."""
        focus = asked - self._terms("subjects", vocabulary) - set(terms(cue, vocabulary))
        focus &= set(terms(" ".join(quotes), vocabulary))
        if not focus:
            return bool(clauses) and not strict
        return any(2 * len(focus & set(terms(clause, vocabulary))) > len(focus) for clause in clauses)

    def _counted(self, question: str, entry: Entry, vocabulary: Vocabulary) -> bool:
        """Whether a quote counts the set of countries the question asks about: a count said within a few words of
        something the question names ("Qudos Brigade operating in four Arab countries"), not any count."""
        asked = set(terms(question, vocabulary)) - set(terms("countries country nations states", vocabulary))
        for citation in entry.citations:
            words = citation.text.split()
            for found in _COUNTED.finditer(citation.text):
                at = len(citation.text[: found.start()].split())
                if _names_near(words, at, COUNT_NEAR, asked, vocabulary):
                    return True
        return False

    def _last_subject(self, quote: str, name: str, vocabulary: Vocabulary) -> set[str]:
        """The article's subject named last before ``name`` in its sentence ("Pakistan" for "Pakistan ... launched
        its operation 'Marg Bar Sarmachar'"); empty when none is."""
        at = quote.find(name)
        start = max(quote.rfind(". ", 0, at), quote.rfind("; ", 0, at)) + 1
        subjects = self._terms("subjects", vocabulary)
        for word in reversed(quote[start:at].split()):
            found = set(terms(word, vocabulary)) & subjects
            if found:
                return found
        return set()

    @cached_property
    def _texts(self) -> dict[str, str]:
        """The parts of the article ``_terms`` reads."""
        return {
            "subjects": " ".join(self.subjects),
            "all": self.article.text,
            "common": " ".join(self.article.lower_words),
            "capitalised": " ".join(_CAPITALISED.findall(self.article.text)),
            "hit back": _HIT_BACK,
            "deeds": _HOSTILE_DEEDS,  # not the article's: general English, read like the rest
            "roles": " ".join(re.findall(rf"\b(?:{_ROLES})s?\b", self.article.text.lower())),
        }

    def _a_group(self, name: str) -> bool:
        """Whether the article calls what it names so a group (an outfit, militants, an army, a leader's): "terrorist
        outfits of Jaish-e-Adal", "Balochistan Liberation Army (BLA)", not "China and Turkey also offered"."""
        words = self.article.text.split()
        for at, word in enumerate(words):
            if word.strip(",.;:()‘’“”\"'").lower().removesuffix("’s").removesuffix("'s") == name:
                near = " ".join(words[max(0, at - 4) : at + 5])
                if _GROUP_WORDS.search(near):
                    return True
        return False

    def _in_passing(
        self, question: str, entry: Entry, vocabulary: Vocabulary, read: Callable[[], Iterable[str]] | None
    ) -> Asks | None:
        """Whether a why-question is about something the quotes only give as an example: most of the question's
        words the quotes use stand after "such as" ("the IRGC ... carry out its missions such as ... the shooting
        down of a Ukrainian passenger plane" says which missions, not why the plane was shot down), and the sentence
        gives no cause for them ("did the same when its sovereignty was challenged, such as ... Salala" does)."""
        asked = set(terms(question, vocabulary)) | set(read() if read else ())
        asked -= self._terms("subjects", vocabulary) | set(terms(_INTENT_WORDS, vocabulary))
        head: set[str] = set()
        tail: set[str] = set()
        for citation in entry.citations:
            parts = _EXAMPLES.split(citation.text, maxsplit=1)
            head |= set(terms(parts[0], vocabulary))
            if len(parts) > 1:
                tail |= set(terms(parts[1], vocabulary))
        passing = (asked & tail) - head
        # The cause a sentence gives is for its own subject's deed ("Pakistan did the same when its sovereignty was
        # challenged, such as ... the Indian air-force intrusion"): a question about what one of its examples did
        # ("why did india's air force cross into pakistan", "what set off the salala incident") is not answered.
        if any(
            _CAUSE.search(_EXAMPLES.split(c.text, maxsplit=1)[0]) for c in entry.citations if _EXAMPLES.search(c.text)
        ):
            # "Pakistan did the same when its sovereignty was challenged such as ...": the cause is given, of Pakistan
            named = self._terms("capitalised", vocabulary)
            first = next((t for t in terms(question, vocabulary) if t in named), None)
            example = first is not None and first not in head and first in tail
            return Asks.REASON if example and passing else None
        return Asks.REASON if passing and len(passing) > len(asked & head) else None

    def _doer(self, question: str, quotes: list[str], vocabulary: Vocabulary) -> Asks | None:
        """Whether who the question asks hit back is who the quotes say hit back: "did iran hit back after
        pakistan's strikes" is not answered by "Pakistan struck back". The doer is the first of the article's names
        in the question, and the last before the deed in a clause of a quote; a quote naming no one hitting back
        leaves it to the matcher."""
        deed = self._terms("hit back", vocabulary)
        named = self._terms("capitalised", vocabulary)
        read = terms(question, vocabulary)
        if not deed & set(read):
            return None
        # The question's doer is its first word after "did", the only name before the deed: not "did the BLA get
        # hit when pakistan struck back", "did mofa say pakistan hit back", "did pakistan warn iran before hitting
        # back", where the first name is not who hit back.
        before = read[: min(read.index(d) for d in deed & set(read))]
        if not before or before[0] not in named or any(t in named for t in before[1:]):
            return None
        asked = before[0]
        doers = [_doer_of(terms(c, vocabulary), deed, named) for c in _clauses(quotes)]
        doers = [d for d in doers if d is not None]
        return Asks.DOER if doers and asked not in doers else None

    def subjects_read(self, vocabulary: Vocabulary) -> frozenset[str]:
        """The article's subjects as the matcher reads them ("tehran" and "iranian" are Iran)."""
        return self._terms("subjects", vocabulary)

    def capitalised_read(self, vocabulary: Vocabulary) -> frozenset[str]:
        """The words the article capitalises, as the matcher reads them: its places, people, groups, countries."""
        return self._terms("capitalised", vocabulary)

    def deeds_read(self, vocabulary: Vocabulary) -> frozenset[str]:
        """Hostile deeds as the matcher reads them: a strike, an attack, hitting back."""
        return self._terms("deeds", vocabulary)

    def _terms(self, what: str, vocabulary: Vocabulary) -> frozenset[str]:
        """Some of the article's words as the matcher reads them with ``vocabulary``: its ``subjects`` ("tehran" is
        Iran), ``all`` its words, the ``common`` ones it writes in lower case, the ``capitalised`` ones; and the
        hostile ``deeds`` a question may name and ``hit back`` (general English); the ``roles`` it names."""
        read = self._read
        if read is None or read[0] is not vocabulary:
            read = (vocabulary, {})  # a thread reading with another vocabulary keeps its own
            object.__setattr__(self, "_read", read)
        kept = read[1]
        if what not in kept:
            kept[what] = frozenset(terms(self._texts[what], vocabulary))
        return kept[what]

    def _fulfilled(self, question: str, quotes: list[str], vocabulary: Vocabulary) -> Asks | None:
        """Whether what the question asks came true is unsaid when a quote states it only as a plan: the fm "will be
        visiting", trade "to increase" to a target. A quote reporting the asked deed done ("on the invitation of" for
        "did the fm actually invite him") answers it; so does a quote with no plan at all."""
        text = _plain(question)
        if _CANCEL_ASKED.search(text):
            return None if any(_CANCELLED.search(q) for q in quotes) else Asks.FULFILLED
        sentences = _clauses(quotes)
        target = _TARGET_ASKED.search(text)
        if target and any(_REACHED.search(s) for s in sentences):
            return None  # the goal reported reached
        asked = _FULFILLED_ASKED.search(text)
        verb = set(terms(asked.group("verb"), vocabulary)) if asked else set()
        moved = asked is not None and asked.group("verb") in _MOVED  # "did the fm actually end up going"
        if asked and not verb and not moved and not _HAPPENED.search(text):
            return None  # "did pakistan really have a choice", "has it ever been that bad": no deed asked
        for sentence in sentences if verb else []:
            if not verb & set(terms(sentence, vocabulary)):
                continue
            words = sentence.split()
            for index, word in enumerate(words):
                before = " ".join(words[max(0, index - 3) : index])
                wanted = _WANTED.search(" ".join(words[:index]))  # "there is a need to ... implement the agreements"
                if verb & set(terms(word, vocabulary)) and not _NOT_DONE.search(before) and not wanted:
                    return None  # reported done, not planned ("will be visiting"), meant ("to resume") or denied
        asked_terms = set(terms(text, vocabulary)) - self._terms("subjects", vocabulary)
        if not target and any(_PLANNED.search(s) for s in sentences):
            return Asks.FULFILLED
        agreed = verb & set(terms(_AGREED, vocabulary))  # "did they really agree on a date": the agreement is told
        if not agreed and any(_ELIDED_PLAN.match(s) and asked_terms & set(terms(s, vocabulary)) for s in sentences):
            return Asks.FULFILLED  # "both ambassadors to resume ... from January 26", asked whether they went back
        # A goal set for what is asked ("to increase bilateral trade to five billion dollars"): not a goal reached;
        # nor is what an agreement sets out to do ("a MoU to enhance collaboration in maritime security") carried out.
        aim = _AIM_SET if _CARRIED_OUT_ASKED.search(text) else _TARGET_SET
        for sentence in sentences:
            for found in aim.finditer(sentence):
                aimed = " ".join(sentence[found.end() :].split()[:6])
                if asked_terms & set(terms(aimed, vocabulary)):
                    return Asks.FULFILLED
        return None

    def _reaction(self, question: str, quotes: list[str], vocabulary: Vocabulary) -> Asks | None:
        """Whose reaction is asked for must be named, reacting, in a sentence of a quote. The article's own
        subjects ("how did pakistan react") and the article itself are left to the matcher."""
        found = _REACTION.search(_plain(question))
        if found is None:
            return None
        who = [re.sub(r"['’]s?$", "", w) for w in next(g for g in found.groups() if g is not None).split()]
        who = [w for w in who if w not in _FOLK] or who  # "the baloch people" are the Baloch
        # Someone in a role, with words naming whose ("russia's foreign minister", "the turkish president"), is not
        # the country or body: a sentence must name the role too (a role it names, not a synonym of another word).
        asked = " ".join(who)
        role = _ROLE.search(asked)
        whose = (asked[: role.start()] + asked[role.end() :]).split() if role else []
        whose = [w for w in whose if w not in _GENERIC_WHO and terms(w, vocabulary)]
        roles = set(terms(role.group(), vocabulary)) if role and whose else set()
        named = set(terms(" ".join(whose if roles else who), vocabulary))
        # The article's subjects as the matcher reads them ("tehran" is Iran), or anyone generic: the matcher's call.
        generic = not roles and any(w in _GENERIC_WHO for w in who)
        # A role of one of the article's subjects that the article never names ("pakistan's army chief") is asked for,
        # not the subject: a sentence must name the role reacting. One it names ("pakistan's foreign minister") is
        # the matcher's call, as the subject is.
        of_subject = bool(named & self._terms("subjects", vocabulary))
        if not named or generic or (of_subject and not roles):
            return None
        for sentence in _clauses(quotes):
            reported = _REACTED.search(sentence) or re.search(r"[‘“\"]", sentence)  # or quoted speech
            # at least half of who is asked about: "the UN", not "the UN secretary general" (a typo may miss)
            if not reported or 2 * len(named & set(terms(sentence, vocabulary))) < len(named):
                continue
            if not roles or roles <= set(terms(" ".join(_ROLE.findall(sentence.lower())), vocabulary)):
                return None
        return Asks.REACTION

    def _described(self, name: str, quotes: list[str]) -> bool | None:
        """Whether a quote says who or what a name is, by a word beside it ("RAW agent Kulbhushan Jadhav", "outfits
        of Jaish-e-Adal", "Suleimani's Qudos Brigade", "the Makaran division", "(IRGC) or Pasdarans", "US/NATO
        Salala"); None when no quote names it capitalised, or it is one of the article's subjects."""
        words = name.split()
        if not words or any(w.capitalize() in self.subjects or w.upper() in self.subjects for w in words):
            return None
        named = re.compile(r"(?<![\w-])" + r"\s+".join(map(re.escape, words)) + r"(?![\w-])", re.I)
        seen = False
        for quote in quotes:
            for found in named.finditer(quote):
                if not found.group()[:1].isupper():
                    continue
                seen = True
                before = [
                    w
                    for w in re.findall(r"[\w/.’'-]+", quote[: found.start()])
                    if w.lower() not in ("of", "the", "its", "their")
                ]
                after = re.findall(r"[\w/.’'-]+", quote[found.end() :])
                if after and after[0].lower().strip(".’'") in _KINDS:
                    return True
                if before and (
                    before[-1].lower().strip(".’'") in _DESCRIBERS
                    or re.search(r"[’']s$", before[-1])  # "Qasim Suleimani’s Qudos Brigade": whose it is
                    or re.fullmatch(r"[A-Z]{2,}(?:/[A-Z]{2,})*", before[-1])  # "US/NATO Salala"
                ):
                    return True
        return False if seen else None

    def _names(self, text: str, *, single: bool = False) -> list[str]:
        """Proper names in a quote: runs of two or more capitalised words ("Qasim Suleimani", "Marg Bar
        Sarmachar") or one hyphenated one ("Jaish-e-Adal"), leaving out the article's subjects and months. With
        ``single``, one capitalised word inside a sentence counts too: the name of a place ("Davos")."""
        names: list[str] = []
        run: list[str] = []

        def close() -> None:
            opens = starts
            if opens and run and run[0] not in self.inner_capitals:
                del run[0]  # "Since China has become…": a sentence's first word, capitalised as any would be
            elif opens and run:
                opens = False  # "China and Turkey also offered…": a name the article capitalises anywhere
            if (
                len(run) >= 2
                or (run and ("-" in run[0] or " of " in run[0]))
                or (single and len(run) == 1 and not opens)
            ):
                names.append(" ".join(run))
            run.clear()

        starts = starts_next = True  # a sentence's first word is capitalised whatever it is
        end = 0
        text = re.sub(r"\b([A-Z][\w-]*) of ([A-Z])", r"\1\0of\0\2", text)  # "Strait of Hormoz" is one name
        for found in re.finditer(r"[\w\-./’'\0]+", text):  # "US/Israeli" is one word
            if re.search(r"[^\s]", text[end : found.start()]):
                close()  # punctuation between two words ends a name: "Therefore, China", "Corps (IRGC)"
            end = found.end()
            token = found.group().replace("\0", " ")
            word = re.sub(r"[’']s$", "", token).strip(".’'")
            if word[:1].isupper() and word not in self.subjects and not _MONTHS.fullmatch(word):
                if not run:
                    starts = starts_next
                run.append(word)
                if word != token.strip(".’'"):
                    close()  # a possessive ends a name: "Qasim Suleimani's Qudos Brigade" names two
            else:
                close()
            starts_next = token.endswith(".") and not run
        close()
        return names


BEFORE_MARGIN = 10  # years before the article's earliest year that a question may still be checking
# A year named as a time ("in 1979", "the 1971 war"), not a quantity ("1800 km").
_YEAR_NAMED = re.compile(
    r"\b(?:in|since|during|from|before|after|of|the|around|by|circa|year)\s+((?:1[89]|20)\d\d)\b(?!\s*(?:mw|km|kms"
    r"|miles|million|billion|thousand|dollars|people|troops|soldiers|men|tonnes|tons)\b)"
)
_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70}
_DECADES |= {"eighties": 80, "nineties": 90}
_HOSTILE_DEEDS = "strike attack hit bomb retaliate counterattack counterstrike raid shell fire"
_INTENT_WORDS = "why when who where how which"
_DATE_WORDS = "what which date day year month time exactly when happen happened take place took"
_RESUMED_WORDS = "again back now start started begin began resume resumed"
_RESUMED_STATED = re.compile(r"\b(?:resum\w*|restor\w*|again|normali[sz]\w*|lifted|reopen\w*|re-?establish\w*)\b", re.I)
_OUTCOME_WORDS = "what did discuss talk about agree agreed decide decided sign signed outcome result agenda came out of"


def _quoted_name(quote: str, name: str) -> bool:
    """Whether a name stands in quote marks, as a title does ("launched its operation ‘Marg Bar Sarmachar’")."""
    at = quote.find(name)
    return at > 0 and quote[at - 1] in "‘“\"'" and quote[at + len(name) : at + len(name) + 1] in ("’", "”", '"', "'")


_SENTENCE_END = re.compile(r"(?<=[.;!?])(?<!\b[A-Z][a-z]\.)(?<!\b[A-Z][a-z][a-z]\.)\s+")


def _clauses(quotes: Iterable[str]) -> list[str]:
    """The quotes' sentences and the clauses a semicolon parts."""
    # Not after a title's abbreviation: "Gen. Qasim Suleimani" is one sentence.
    return [clause for quote in quotes for clause in _SENTENCE_END.split(quote)]


NEAR = 2  # words between a quantity and what it counts
COUNT_NEAR = 6  # words between a count of countries and what the question names
SPAN_NEAR = 8  # words between a span of time and what it is said of
_DURATION_WORDS = "how much long time take took taken last lasted lasting"


def _doer_of(read: list[str], deed: frozenset[str], named: frozenset[str]) -> str | None:
    """The last name before the first deed word of a text read as terms, if any."""
    last = None
    for term in read:
        if term in deed:
            return last
        if term in named:
            last = term
    return None


def _span_near(text: str, asked: set[str], vocabulary: Vocabulary) -> bool:
    """A span of time ("within hours", "very brief") said within a few words of something the question names,
    or anywhere when the question names nothing of its own."""
    words = text.split()
    return any(
        not asked or _names_near(words, len(text[: found.start()].split()), SPAN_NEAR, asked, vocabulary)
        for found in (*_SPAN.finditer(text), *_BRIEF.finditer(text))
    )


THING_NEAR = 3  # words between a name and the thing it names ("China was the first country")
AGENT_NEAR = 8  # words between a doer's deed and what the question names


def _titled(words: list[str], at: int, length: int, titles: re.Pattern[str] = _TITLED) -> bool:
    """Whether a title or a role (one of ``titles``) stands in the name at ``at`` or in the two words before it
    ("leader, Abdolmalek Regi", "Gen. Qasim Suleimani"); one after it is someone else's ("Indian RAW agent
    Kulbhushan Jadhav")."""
    near = words[max(0, at - 2) : at + length]
    return any(titles.match(word.strip(".,;:'’()").split("’")[0].split("'")[0]) for word in near)


def _names_near(words: list[str], at: int, span: int, asked: set[str], vocabulary: Vocabulary) -> bool:
    """Whether the words within ``span`` of position ``at`` name something the question names."""
    window = " ".join(words[max(0, at - span) : at + span + 1])
    return bool(set(terms(window, vocabulary)) & asked)


def _agent_near(text: str, asked: set[str], vocabulary: Vocabulary) -> bool:
    """A doer named with its deed within a few words of something the question names."""
    words = text.split()
    return any(
        _names_near(words, len(text[: found.start()].split()), AGENT_NEAR, asked, vocabulary)
        for found in _AGENT.finditer(text)
    )


def _quantity_near(text: str, asked: set[str], vocabulary: Vocabulary, stated: frozenset[str] = frozenset()) -> bool:
    """A quantity (not a date) within a few words of something the question names: "200MW of electricity"
    answers "how much electricity", "four Arab countries" does not answer "how many people were on the plane"."""
    text = re.sub(r"\b\d{1,2},", " ", _YEAR.sub(" ", _MONTHS.sub(" ", text)))  # dates are not quantities
    words = text.split()
    for index, word in enumerate(words):
        if index and words[index - 1].lower() == "the":
            continue  # "the two states" names who, it counts nothing
        counted = word.strip(",.;()").split("-")[0]  # "five-year"
        quantity = _NUMBER_WORDS.fullmatch(counted) or _DIGITS.fullmatch(counted)
        if set(re.findall(r"\d+", word)) & stated:
            continue  # a quantity the question states answers nothing about it
        if quantity and _names_near(words, index, NEAR, asked, vocabulary):
            return True
    return False
