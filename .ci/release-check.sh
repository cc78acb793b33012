#!/usr/bin/env bash
# Validates .goreleaser.yaml with goreleaser itself and builds the linux/amd64 snapshot,
# then checks what the release promises: version, commit and date stamped into
# `repogov version`, a static (CGO_ENABLED=0) build with -trimpath.
# goreleaser is installed with `go install` at a pinned version (cached in GOPATH/bin).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=v2.12.7
GR="$(go env GOPATH)/bin/goreleaser"
if ! "$GR" --version 2>/dev/null | grep -q "${VERSION#v}"; then
	echo "== installing goreleaser $VERSION (compiles; a few minutes)"
	go install "github.com/goreleaser/goreleaser/v2@$VERSION"
fi

# goreleaser needs a git remote and a clean tree: work in a throwaway clone.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git clone -q . "$tmp/src"
cd "$tmp/src"
git remote set-url origin https://github.com/repogov/repogov.git

"$GR" check
GOOS=linux GOARCH=amd64 "$GR" build --snapshot --clean --single-target >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }

bin=$(find dist -type f -name repogov -path '*linux_amd64*' | head -1)
[ -x "$bin" ] || { echo "no linux/amd64 binary in dist/"; exit 1; }
out=$("$bin" version)
echo "$out"
commit=$(git rev-parse HEAD)
case "$out" in
	"repogov 0.0.0-SNAPSHOT-"*"(commit $commit, built "*) ;;
	*) echo "version not stamped as expected (want commit $commit)"; exit 1 ;;
esac
info=$(go version -m "$bin")
grep -q 'CGO_ENABLED=0' <<<"$info" || { echo "binary is not a static CGO_ENABLED=0 build"; exit 1; }
grep -q -- '-trimpath=true' <<<"$info" || { echo "binary was not built with -trimpath"; exit 1; }
# The archives ship the licence: the archive file list names it, and it is committed.
grep -Eq '^[[:space:]]*-[[:space:]]*LICENSE' .goreleaser.yaml || { echo ".goreleaser.yaml: the archives do not list LICENSE"; exit 1; }
git ls-files --error-unmatch LICENSE >/dev/null 2>&1 || { echo "LICENSE is not committed: the archives would ship without it"; exit 1; }
echo "release configuration ok"
