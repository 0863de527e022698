"""Where settings come from: the environment, then a .env file."""

from __future__ import annotations

import logging
from dataclasses import fields, replace
from pathlib import Path

import pytest

from bot import settings as settings_module
from bot.cli import main
from bot.core.matcher import Thresholds
from bot.settings import Settings, SettingsError, declared, env_example
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


# --- one declaration per setting ----------------------------------------------------------------------------------


def test_env_example_is_written_from_the_declarations() -> None:
    assert (ROOT / ".env.example").read_text(encoding="utf-8") == env_example(), (
        "regenerate it: python -m bot.settings > .env.example"
    )


def test_every_setting_has_one_variable_and_a_doc() -> None:
    names = [spec.env for _, spec in declared()]
    assert len(names) == len(set(names))
    assert all(spec.doc.strip() for _, spec in declared())
    assert {item.name for item, _ in declared()} | {"watch_seconds"} == {f.name for f in fields(Settings)}


def test_unset_and_blank_variables_take_the_defaults() -> None:
    assert Settings.from_env({}) == Settings()
    assert Settings.from_env({"FAQBOT_ASK_RATE": "  ", "FAQBOT_PREFIX": ""}) == Settings()


def test_a_configured_zero_is_respected_where_zero_is_valid() -> None:
    settings = Settings.from_env(
        {
            "FAQBOT_ASK_PER_SECONDS": "0",
            "FAQBOT_ANSWER_THRESHOLD": "0",
            "FAQBOT_AMBIGUOUS_MARGIN": "0",
            "FAQBOT_SUGGEST_THRESHOLD": "0",
            "FAQBOT_SHARD_IDS": "0",
            "FAQBOT_SHARD_COUNT": "2",
            "FAQBOT_MESSAGE_CONTENT": "0",
            "FAQBOT_PREFIX": "0",
        }
    )
    assert settings.ask_per == 0.0  # no cooldown, not the default 30 s
    assert settings.thresholds == Thresholds(answer=0.0, ambiguous_margin=0.0, suggest=0.0)
    assert settings.shard_ids == (0,)
    assert settings.message_content is False
    assert settings.prefix == "0"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("FAQBOT_ASK_RATE", "FAQBOT_ASK_RATE must be at least 1, not 0"),
        ("FAQBOT_SHARD_COUNT", "FAQBOT_SHARD_COUNT must be at least 1, not 0"),
        ("FAQBOT_DEV_GUILD_ID", "FAQBOT_DEV_GUILD_ID must be a Discord id, not 0"),
        ("FAQBOT_MOD_LOG_CHANNEL_ID", "FAQBOT_MOD_LOG_CHANNEL_ID must be a Discord id, not 0"),
    ],
)
def test_a_zero_where_zero_is_meaningless_is_refused_not_replaced(name: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env({name: "0"})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("FAQBOT_ASK_RATE", "lots", "FAQBOT_ASK_RATE must be a whole number, not 'lots'"),
        ("FAQBOT_ASK_PER_SECONDS", "-1", "FAQBOT_ASK_PER_SECONDS must be 0 or more seconds, not -1"),
        ("FAQBOT_MESSAGE_CONTENT", "maybe", "FAQBOT_MESSAGE_CONTENT must be true or false, not 'maybe'"),
        ("FAQBOT_OWNER_IDS", "1, x", "FAQBOT_OWNER_IDS must be whole numbers separated by commas, not '1, x'"),
        ("FAQBOT_LOG_LEVEL", "loud", "FAQBOT_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not 'LOUD'"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({name: value})
    assert str(caught.value) == message


def test_bad_value_is_one_line_naming_the_variable_from_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FAQBOT_ASK_RATE", "0")
    assert main(["ask", "irgc"]) == 2
    err = capsys.readouterr().err
    assert err == "faqbot: Bad setting: FAQBOT_ASK_RATE must be at least 1, not 0. Fix it in .env or the environment.\n"


def test_the_token_is_never_in_the_repr_or_the_log(caplog: pytest.LogCaptureFixture) -> None:
    secret = "MTIz.a-secret-token.XYZ"
    with caplog.at_level(logging.DEBUG, logger="bot.settings"):
        settings = Settings.from_env({"DISCORD_TOKEN": secret, "FAQBOT_PREFIX": "?"})
    assert settings.token == secret
    for shown in (repr(settings), str(settings), f"{settings}", f"{settings!r}", caplog.text):
        assert secret not in shown
    assert "token=<hidden>" in repr(settings) and "prefix='?'" in repr(settings)
    assert "Settings(" in caplog.text  # the settings were logged, without the token
    assert "token=None" in repr(Settings())  # no token: nothing to hide


def test_settings_are_built_with_keywords_and_replaced_like_any_dataclass(tmp_path: Path) -> None:
    settings = Settings(token="t", data_dir=tmp_path, ask_rate=1, ask_per=0.0)
    assert replace(settings, log_level="DEBUG").log_level == "DEBUG"
    assert settings.thresholds == Thresholds()


# --- shards -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ids"),
    [("0-3", (0, 1, 2, 3)), ("0,2,5", (0, 2, 5)), ("4-5, 0", (0, 4, 5)), ("2 3", (2, 3)), ("1-2,2-3", (1, 2, 3))],
)
def test_shard_ids_are_ranges_and_lists(value: str, ids: tuple[int, ...]) -> None:
    settings = Settings.from_env({"FAQBOT_SHARD_IDS": value, "FAQBOT_SHARD_COUNT": "8"})
    assert settings.shard_ids == ids
    assert settings.handles_direct_messages is (0 in ids)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"FAQBOT_SHARD_IDS": "0-3"}, "FAQBOT_SHARD_IDS needs FAQBOT_SHARD_COUNT: the total number of shards across"),
        (
            {"FAQBOT_SHARD_IDS": "6-8", "FAQBOT_SHARD_COUNT": "8"},
            "FAQBOT_SHARD_IDS names shard 8, but with 8 shards (FAQBOT_SHARD_COUNT) the shard ids are 0-7",
        ),
        (
            {"FAQBOT_SHARD_IDS": "3-1", "FAQBOT_SHARD_COUNT": "4"},
            "FAQBOT_SHARD_IDS has the range 3-1 backwards; write 1-3",
        ),
        (
            {"FAQBOT_SHARD_IDS": "-1", "FAQBOT_SHARD_COUNT": "4"},
            "FAQBOT_SHARD_IDS must be shard ids or ranges like 0-3 or 0,2,5, not '-1'",
        ),
        (
            {"FAQBOT_SHARD_IDS": "0-two", "FAQBOT_SHARD_COUNT": "4"},
            "FAQBOT_SHARD_IDS must be shard ids or ranges like 0-3 or 0,2,5, not '0-two'",
        ),
    ],
)
def test_shards_that_cannot_run_are_refused_with_one_line(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_without_shard_settings_this_process_answers_dms() -> None:
    assert Settings().handles_direct_messages
    assert Settings(shard_count=4).handles_direct_messages  # every shard, 0 among them
    assert not Settings(shard_count=4, shard_ids=(1, 2)).handles_direct_messages
