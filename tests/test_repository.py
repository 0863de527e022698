"""The repository itself: what CI and a developer leave behind stays out of git."""

import shutil
import subprocess

import pytest
import yaml

from tests.paths import ROOT


@pytest.mark.parametrize(
    "path",
    # ".venv" alone: a link to an environment shared between checkouts is ignored as a directory is
    [".venv", ".venv/bin/python", ".venv-ci/bin/python", ".venv-ci-oldest/bin/python", "data/asks.jsonl", ".env"],
)
def test_local_files_are_ignored_by_git(path: str) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    first = path.split("/")[0]
    if (ROOT / first).is_symlink():
        path = first  # git reads no path through a link: the link itself must be ignored
    result = subprocess.run(["git", "check-ignore", "--quiet", "--no-index", path], cwd=ROOT, check=False)
    assert result.returncode == 0, f"{path} is not in .gitignore"


def _names(text: str) -> set[str]:
    """Proper names in a phrase: each run of capitalised words and numbers, and each pair within a run
    ("January 2024"), and hyphenated compounds ("Iran–Pakistan") with either dash."""
    names: set[str] = set()
    run: list[str] = []
    for word in [*text.split(), ""]:
        if word[:1].isupper() or word[:1].isdigit():
            run.append(word)
            continue
        if len(run) > 1:
            names.add(" ".join(run))
            names.update(" ".join(run[i : i + 2]) for i in range(len(run) - 1))
        run = []
    for word in text.split():
        if "–" in word or ("-" in word and word[:1].isupper()):
            names.update({word.replace("-", "–"), word.replace("–", "-")})
    return names


def test_the_articles_identity_is_written_only_in_article_yaml() -> None:
    """A new article means editing knowledge/article.yaml, not a hunt through the code."""
    meta = yaml.safe_load((ROOT / "knowledge" / "article.yaml").read_text(encoding="utf-8"))
    phrases = {meta[key] for key in ("date", "kind", "subject", "short_subject", "example_question") if meta[key]}
    for key in ("date", "subject", "short_subject"):
        phrases |= _names(meta[key])
    assert {"January 2024", "Iran–Pakistan", "Iran-Pakistan", "opinion piece"} <= phrases  # the test sees them
    files = [*sorted((ROOT / "bot").rglob("*.py")), ROOT / "pyproject.toml", ROOT / ".env.example"]
    found = [
        f"{path.relative_to(ROOT)}: {phrase!r}"
        for path in files
        for phrase in sorted(phrases)
        if phrase.lower() in path.read_text(encoding="utf-8").lower()
    ]
    assert found == []
