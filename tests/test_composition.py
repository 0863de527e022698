"""One composition root: only ``bot/app.py`` assembles the engine, the FAQ service and its store, the records and
the storage. Every front-end (the Discord bot, the CLI, the console) gets them from it, so each answers with the
same settings (thresholds, data folder, database) and a change in how they are put together is made once."""

from __future__ import annotations

import ast

from tests.paths import ROOT
from tests.test_imports import imports_of, modules

# What builds a part: a class called, or its ``open`` (``Records.open(settings)``).
PARTS = {"Engine", "FAQService", "FAQStore", "Matcher", "Records", "open_storage"}
ROOT_MODULE = "bot.app"


def assemblies(path_text: str) -> list[tuple[int, str]]:
    """Where a module builds a part itself: (line, what)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path_text)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in PARTS:
            found.append((node.lineno, func.id))
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in PARTS:
            found.append((node.lineno, f"{func.value.id}.{func.attr}"))
    return sorted(found)


def test_only_the_composition_root_assembles_the_parts() -> None:
    wiring = []
    for name, path in modules().items():
        if name == ROOT_MODULE or name == "bot.core" or name.startswith("bot.core."):
            continue  # the core builds its own insides (the service its engine, the engine its matcher)
        wiring += [f"{path.relative_to(ROOT)}:{line}: {what}" for line, what in assemblies(path.read_text())]
    assert wiring == [], "front-ends should get these from bot/app.py"


def test_the_front_ends_take_their_parts_from_the_composition_root() -> None:
    found = modules()
    for front_end in ("bot.cli", "bot.discordbot.runner"):
        assert ROOT_MODULE in imports_of(front_end, found[front_end], set(found)), front_end


def test_the_finder_sees_a_front_end_that_wires_its_own() -> None:
    code = "def main(settings):\n    return Engine(load(), vocab)\n\n\nrecords = Records.open(settings)\n"
    assert assemblies(code) == [(2, "Engine"), (5, "Records.open")]
