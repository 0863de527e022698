"""The repository itself: what CI and a developer leave behind stays out of git."""

import shutil
import subprocess

import pytest

from tests.paths import ROOT


@pytest.mark.parametrize(
    "path", [".venv/bin/python", ".venv-ci/bin/python", ".venv-ci-oldest/bin/python", "data/asks.jsonl", ".env"]
)
def test_local_files_are_ignored_by_git(path: str) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    result = subprocess.run(["git", "check-ignore", "--quiet", "--no-index", path], cwd=ROOT, check=False)
    assert result.returncode == 0, f"{path} is not in .gitignore"
