"""The core: article, FAQ, matcher and answers. Plain Python; it never imports discord."""

from bot.core.answer import Answer, Engine, Status, Suggestion
from bot.core.article import Article, Citation
from bot.core.faq import FAQ, Entry, FAQError, Problem, Topic, load, load_faq, parse_faq, validate_document
from bot.core.matcher import Matcher, Scored, Thresholds

__all__ = [
    "FAQ",
    "Answer",
    "Article",
    "Citation",
    "Engine",
    "Entry",
    "FAQError",
    "Matcher",
    "Problem",
    "Scored",
    "Status",
    "Suggestion",
    "Thresholds",
    "Topic",
    "load",
    "load_faq",
    "parse_faq",
    "validate_document",
]
