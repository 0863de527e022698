"""The shared topic suggestions: id or title, any case, within Discord's limits."""

from __future__ import annotations

import dataclasses

from bot.core import FAQ
from bot.core.faq import Topic
from bot.discordbot.autocomplete import MAX_CHOICES, topic_choices


def test_topics_match_on_id_or_title_ignoring_case(faq: FAQ) -> None:
    topic = next(iter(faq.topics.values()))
    assert topic.id in [c.value for c in topic_choices(faq, topic.id.upper())]
    assert topic.id in [c.value for c in topic_choices(faq, topic.title.upper())]
    assert topic_choices(faq, "no topic is called this") == []
    assert len(topic_choices(faq, "")) == min(len(faq.topics), MAX_CHOICES)


def test_topic_choices_stay_within_discords_limits(faq: FAQ) -> None:
    many = {f"t{n}": Topic(f"t{n}", "A very long title " * 10) for n in range(40)}
    choices = topic_choices(dataclasses.replace(faq, topics=many), "")
    assert len(choices) == MAX_CHOICES
    assert all(len(c.name) <= 100 for c in choices)
