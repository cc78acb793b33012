#!/usr/bin/env bash
# Opens the golden HTML report (reporters/testdata/golden.html, or the file given) in real
# headless Chromium (Debian's chromium package) and checks that it renders, logs no
# console error, and that filtering, sorting and drill-down work. Installs chromium with
# apt-get when missing and playwright-core (npm) under $REPOGOV_CI_CACHE.
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
	# playwright-core downloads no browser: it drives the system chromium.
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit --no-fund --prefix "$PREFIX" "playwright-core@$PW_VERSION" >&2
fi

page=$(realpath "${1:-reporters/testdata/golden.html}")
NODE_PATH="$PREFIX/node_modules" CHROMIUM="$CHROMIUM" node .ci/browser-test.cjs "$page"
