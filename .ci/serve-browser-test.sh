#!/usr/bin/env bash
# Chromium test of `repogov serve`: installs Debian's chromium (apt-get) and playwright-core
# (npm, under $REPOGOV_CI_CACHE) when missing, then runs the Go test TestBrowser, which
# starts the server over a real SQLite store and drives .ci/serve-browser-test.cjs.
# Pass -update to rewrite the screenshots in docs/img/. With --setup it only installs and
# prints the node_modules directory (.ci/run exports it as REPOGOV_PLAYWRIGHT so that the
# test runs, and must pass, within `go test ./...`).
set -euo pipefail
cd "$(dirname "$0")/.."

PW_VERSION=1.65.1
CACHE=${REPOGOV_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/repogov-ci}
PREFIX="$CACHE/playwright-core-$PW_VERSION"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$CHROMIUM" ]; then
	echo "== installing chromium (apt-get)" >&2
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2
fi
if [ ! -d "$PREFIX/node_modules/playwright-core" ]; then
	echo "== installing playwright-core@$PW_VERSION into $PREFIX" >&2
	mkdir -p "$PREFIX"
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit --no-fund --prefix "$PREFIX" "playwright-core@$PW_VERSION" >&2
fi
if [ "${1:-}" = --setup ]; then
	echo "$PREFIX/node_modules"
	exit 0
fi
CHROMIUM="$CHROMIUM" REPOGOV_PLAYWRIGHT="$PREFIX/node_modules" go test ./server -run '^TestBrowser$' -count=1 -v "$@"
