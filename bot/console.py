"""A terminal chat that says what the Discord bot would say, so anyone can try the bot without a token."""

from __future__ import annotations

import logging
from typing import TextIO

from bot.core.answer import Answer, Engine, Status
from bot.core.faq import Entry
from bot.terminal import decline_text, format_answer

log = logging.getLogger(__name__)

QUIT = {"quit", "exit", ":q", "bye"}
HELP = """Ask anything about {subject}, as you would in Discord.
  a number      pick one of the numbered questions shown last
  topics        list the topics;  topic NAME  lists a topic's questions
  help          this text;  quit (or Ctrl-D)  leave"""


UNREADABLE = "That line could not be read (it is not valid text in this terminal's encoding). Please type it again."


class Console:
    """A read-answer loop over the engine. Numbered choices stand in for Discord's buttons."""

    def __init__(self, engine: Engine, *, out: TextIO, stdin: TextIO) -> None:
        self.engine = engine
        self.out = out
        self.stdin = stdin
        self.choices: list[Entry] = []

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def run(self) -> int:
        faq = self.engine.faq
        self.say(
            f"FAQ bot console: {len(faq.entries)} questions answered from the article. "
            "Type `help` for commands, `quit` or Ctrl-D to leave."
        )
        while True:
            self.out.write("\nyou> ")
            self.out.flush()
            line = self.read_line()
            if line is None:
                self.say(UNREADABLE)
                continue
            if not line:
                self.say()
                return 0
            text = line.strip()
            if text.lower() in QUIT:
                return 0
            self.handle(text)

    def read_line(self) -> str | None:
        """The next line ('' at the end of input), or None when its bytes are not text in the input's encoding.

        A real terminal or pipe is read as bytes and decoded here, so one bad line is skipped without losing
        the lines after it (a strict text stream would raise and drop its whole read-ahead)."""
        raw = getattr(self.stdin, "buffer", None)
        if raw is None:
            try:
                return self.stdin.readline()
            except UnicodeDecodeError:
                return None
        data = raw.readline()
        try:
            return data.decode(getattr(self.stdin, "encoding", None) or "utf-8")
        except (UnicodeDecodeError, LookupError):
            return None

    def handle(self, text: str) -> None:
        lowered = text.lower()
        if lowered in {"help", "?"}:
            self.say(HELP.format(subject=self.engine.faq.article.meta.short_subject))
        elif lowered == "topics":
            self.show_topics()
        elif lowered.startswith("topic "):
            self.show_topic(lowered.removeprefix("topic ").strip())
        elif text.isdigit() and self.choices:
            index = int(text) - 1
            if 0 <= index < len(self.choices):
                answer = self.engine.answer_entry(self.choices[index].id)
                if answer is not None:
                    self.show(answer)
            else:
                self.say(f"Pick a number from 1 to {len(self.choices)}.")
        elif not text:
            self.say(decline_text(Answer("", Status.NOT_COVERED), self.engine.faq.article.meta))
        else:
            self.show(self.engine.ask(text))

    def show(self, answer: Answer) -> None:
        self.say(format_answer(answer, self.engine.faq.article.meta))
        options = list(answer.related) if answer.answered else [s.entry for s in answer.suggestions]
        self.offer(options)

    def offer(self, entries: list[Entry]) -> None:
        self.choices = entries
        if entries:
            self.say("Type a number to open: " + "  ".join(f"[{i}] {e.id}" for i, e in enumerate(entries, 1)))

    def show_topics(self) -> None:
        faq = self.engine.faq
        for topic in faq.topics.values():
            self.say(f"{topic.id:<12} {topic.title} ({len(faq.in_topic(topic.id))}): {topic.description}")

    def show_topic(self, name: str) -> None:
        faq = self.engine.faq
        topic = faq.topics.get(name)
        if topic is None:
            self.say(f"No topic '{name}'. Topics: {', '.join(faq.topics)}")
            return
        entries = faq.in_topic(topic.id)
        self.say(f"{topic.title}:")
        for number, entry in enumerate(entries, 1):
            self.say(f"  [{number}] {entry.question}")
        self.choices = entries
