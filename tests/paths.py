"""Where the tests find their material: all of it inside the repository, so a bare clone runs every test."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
KNOWLEDGE = ROOT / "knowledge"
DATA = TESTS / "data"

# Copied from ../shared by scripts/refresh-vendored.sh; sources, versions and licences in tests/data/vendor/README.md.
VENDOR = DATA / "vendor"
DISCORD_OPENAPI = VENDOR / "discord-api-spec" / "openapi.json"
YAML_TEST_CASES = VENDOR / "yaml-test-suite" / "cases"
DEV_QUESTIONS = VENDOR / "eval" / "dev-questions.yaml"
