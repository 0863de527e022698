"""The core is plain Python: importing it must not import discord, so it stays usable from any front-end."""

import subprocess
import sys

from tests.paths import ROOT


def test_core_never_imports_discord() -> None:
    code = (
        "import sys, bot.core, bot.core.evaluation, bot.cli, bot.console, bot.settings;"
        "bad = [m for m in sys.modules if m == 'discord' or m.startswith('discord.')];"
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == ""


def test_core_sources_do_not_mention_discord_imports() -> None:
    for path in (ROOT / "bot" / "core").rglob("*.py"):
        text = path.read_text()
        assert "import discord" not in text and "from discord" not in text, path
