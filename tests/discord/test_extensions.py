"""Every extension loads, command names never clash, and every slash option explains itself."""

from __future__ import annotations

import importlib
from pathlib import Path

from discord import app_commands

from bot.core import FAQ
from bot.core.records import Records
from bot.core.service import FAQService
from bot.discordbot.client import EXTENSIONS, create_bot
from bot.settings import Settings
from tests.discord.conftest import make_store
from tests.paths import ROOT


def test_every_extension_module_is_listed() -> None:
    folder = ROOT / "bot" / "discordbot" / "cogs"
    modules = {f"bot.discordbot.cogs.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__"}
    modules |= {f"bot.discordbot.cogs.{p.parent.name}" for p in folder.glob("*/__init__.py")}  # packages
    assert modules == set(EXTENSIONS)
    for name in EXTENSIONS:
        assert callable(importlib.import_module(name).setup)


async def test_extensions_load_without_name_clashes(faq: FAQ, tmp_path: Path) -> None:
    bot = create_bot(Settings(), FAQService.open(make_store(tmp_path, faq)), Records(tmp_path))
    for name in EXTENSIONS:
        await bot.load_extension(name)
    prefix = [c.qualified_name for c in bot.walk_commands()]
    assert len(prefix) == len(set(prefix))
    app = [(c.name, type(c).__name__) for c in bot.tree.get_commands()]
    assert len({n for n, _ in app}) == len(app)
    for command in bot.tree.walk_commands():
        assert command.description, command.qualified_name
        for parameter in getattr(command, "parameters", []):
            assert parameter.description and parameter.description != "…", command.qualified_name
    payload = [c.to_dict(bot.tree) for c in bot.tree.get_commands()]
    assert {p["name"] for p in payload} == {"ask", "faq", "about", "Find answer", "faqmod"}
    ask = next(p for p in payload if p["name"] == "ask")
    assert ask["description"] == f"Ask a question about the article on {faq.article.meta.short_subject}"
    assert len(ask["description"]) <= 100
    assert any(isinstance(c, app_commands.ContextMenu) for c in bot.tree.get_commands())
    await bot.close()
