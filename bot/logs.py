"""The one log handler: the CLI sets it up and the Discord runner restyles it, so each line is printed once."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

HANDLER_NAME = "faqbot"


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a line is logged (as logging's last resort does)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def take_over(handler: logging.Handler) -> None:
    """Make ``handler`` the faqbot handler: any earlier one leaves the root logger (the caller adds this one)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(old)
    handler.set_name(HANDLER_NAME)


def install(handler: logging.Handler, level: int) -> None:
    """Put ``handler`` on the root logger in place of any earlier faqbot handler, at ``level``."""
    take_over(handler)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
