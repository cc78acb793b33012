#!/usr/bin/env bash
# Differential harness for `repogov policy import-repolinter` (docs/policy.md,
# "repolinter differences"): installs repolinter 0.12.0 with npm under $REPOGOV_CI_CACHE
# (reused when present), then runs TestDifferential, which lints the fixture
# repositories with repolinter and scans them with repogov through the converted
# policies, and fails on any verdict difference not listed with its reason in
# docs/policy.md. Needs node/npm and git. With --install it only installs and prints the
# path .ci/run exports as REPOGOV_REPOLINTER, so `go test ./...` runs the harness too.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=0.12.0
CACHE=${REPOGOV_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/repogov-ci}
PREFIX="$CACHE/repolinter-$VERSION"
BIN="$PREFIX/node_modules/repolinter/bin/repolinter.js"
if [ ! -e "$BIN" ]; then
	echo "== installing repolinter@$VERSION into $PREFIX" >&2
	mkdir -p "$PREFIX"
	npm install --no-save --no-audit --no-fund --prefix "$PREFIX" "repolinter@$VERSION" >&2
fi
if [ "${1:-}" = --install ]; then
	echo "$BIN"
	exit 0
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
REPOGOV_REPOLINTER="$BIN" CI=true go test -count=1 -run TestDifferential -v ./policy/repolinter/ >"$out" 2>&1 || rc=$?
grep -E 'differential:|^(--- |ok|FAIL)' "$out" || true
[ "$rc" -eq 0 ] || cat "$out"
exit "$rc"
