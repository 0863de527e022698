#!/usr/bin/env bash
# Re-copy the test material vendored from ../shared into tests/data/vendor/ (see tests/data/vendor/README.md).
# Usage: scripts/refresh-vendored.sh [SHARED_DIR]   (default: the folder "shared" beside the repository)
# On an up-to-date ../shared this leaves no git diff; afterwards run `git status tests/data/vendor` and `pytest`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-$(dirname "$root")/shared}
dst=$root/tests/data/vendor
if [ ! -d "$src" ]; then
    echo "refresh-vendored: $src not found; nothing to copy from" >&2
    exit 1
fi

# Plain copies with ordinary permissions (the ../shared files and folders are read-only).
put() { install -D -m 644 "$1" "$2"; }

# Discord's OpenAPI schema, whole (about 1.2 MB), with its LICENSE and README.
rm -rf "$dst/discord-api-spec"
for f in openapi.json LICENSE README.md; do put "$src/discord-api-spec/$f" "$dst/discord-api-spec/$f"; done

# The YAML test suite: only what the tests read, each case's cases/<ID>/in.yaml. Left out: the `name` and `error`
# files, and cases split into numbered sub-cases (cases/<ID>/00/...), which have no in.yaml of their own.
rm -rf "$dst/yaml-test-suite"
for f in LICENSE README.md; do put "$src/yaml-test-suite/$f" "$dst/yaml-test-suite/$f"; done
for case in "$src"/yaml-test-suite/cases/*/; do
    id=$(basename "$case")
    if [ -f "$case/in.yaml" ]; then put "$case/in.yaml" "$dst/yaml-test-suite/cases/$id/in.yaml"; fi
done

# The shared development questions for the matcher (the project's own material: no separate licence).
rm -rf "$dst/eval"
put "$src/eval/dev-questions.yaml" "$dst/eval/dev-questions.yaml"

echo "refreshed $dst from $src"
