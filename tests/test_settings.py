"""Where settings come from: the environment, then a .env file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import settings as settings_module
from bot.cli import main
from bot.settings import Settings
from tests.paths import ROOT


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (with knowledge/) standing in for the repository, and a current directory elsewhere."""
    root = tmp_path / "project"
    (root / "knowledge").mkdir(parents=True)
    monkeypatch.setattr(settings_module, "PROJECT_ROOT", root)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for name in ("DISCORD_TOKEN", "FAQBOT_PREFIX", "FAQBOT_ANSWER_THRESHOLD"):
        monkeypatch.setenv(name, "")  # so that whatever .env sets is undone after the test
        monkeypatch.delenv(name)
    return root


def test_env_file_beside_the_project_is_read_from_another_directory(project: Path) -> None:
    (project / ".env").write_text("DISCORD_TOKEN=beside-the-project\nFAQBOT_PREFIX=?\n")
    settings = Settings.from_env()
    assert settings.token == "beside-the-project"
    assert settings.prefix == "?"


def test_env_file_in_the_current_directory_wins(project: Path) -> None:
    (project / ".env").write_text("DISCORD_TOKEN=beside-the-project\nFAQBOT_PREFIX=?\n")
    (Path.cwd() / ".env").write_text("DISCORD_TOKEN=here\n")
    settings = Settings.from_env()
    assert settings.token == "here"
    assert settings.prefix == "!"  # only one .env is read


def test_bad_value_in_the_project_env_file_is_reported_from_anywhere(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / ".env").write_text("FAQBOT_ANSWER_THRESHOLD=lots\n")
    assert main(["ask", "irgc"]) == 2
    assert "FAQBOT_ANSWER_THRESHOLD must be a number between 0 and 1" in capsys.readouterr().err


def test_knowledge_paths_default_to_the_project_and_can_be_set() -> None:
    defaults = Settings.from_env({}, dotenv=False)
    assert defaults.vocabulary_path == settings_module.KNOWLEDGE / "vocabulary.yaml"
    assert defaults.faq_path == settings_module.KNOWLEDGE / "faq.yaml"
    chosen = Settings.from_env({"FAQBOT_VOCABULARY_PATH": "/srv/faqbot/words.yaml"}, dotenv=False)
    assert chosen.vocabulary_path == Path("/srv/faqbot/words.yaml")


def test_every_setting_is_documented_in_env_example() -> None:
    read = set(re.findall(r'"((?:FAQBOT|DISCORD)_[A-Z_]+)"', Path(settings_module.__file__).read_text()))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert "FAQBOT_VOCABULARY_PATH" in read
    assert read <= documented
