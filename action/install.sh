#!/usr/bin/env bash
# Installs repogov for the action: the released binary for this runner (checksum
# verified), or a build from the action's source when no release matches the ref.
# REPOGOV_BIN, when set, names a binary to use as is (tests, self-hosted images).
set -euo pipefail

if [ -n "${REPOGOV_BIN:-}" ]; then
  dir=$(dirname "$REPOGOV_BIN")
  echo "$dir" >> "$GITHUB_PATH"
  exit 0
fi

version=${REPOGOV_VERSION:-}
if [ -z "$version" ] && [[ "${ACTION_REF:-}" =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]; then
  version=$ACTION_REF
fi
dest="${RUNNER_TEMP:-/tmp}/repogov-bin"
mkdir -p "$dest"

if [ -z "$version" ]; then
  echo "repogov: no release for ref '${ACTION_REF:-}', building from the action's source"
  (cd "$GITHUB_ACTION_PATH" && CGO_ENABLED=0 go build -trimpath -o "$dest/repogov" ./cmd/repogov)
  echo "$dest" >> "$GITHUB_PATH"
  exit 0
fi

case "${RUNNER_OS:-Linux}" in
  Linux) os=linux ;; macOS) os=darwin ;; Windows) os=windows ;;
  *) echo "repogov: unsupported runner OS ${RUNNER_OS}" >&2; exit 1 ;;
esac
case "${RUNNER_ARCH:-X64}" in
  X64) arch=amd64 ;; ARM64) arch=arm64 ;;
  *) echo "repogov: unsupported runner architecture ${RUNNER_ARCH}" >&2; exit 1 ;;
esac
ext=tar.gz; [ "$os" = windows ] && ext=zip
num=${version#v}
archive="repogov_${num}_${os}_${arch}.${ext}"
base="${REPOGOV_RELEASES:-https://github.com/repogov/repogov/releases/download}/${version}"

cd "$dest"
curl -fsSL --retry 3 -o "$archive" "$base/$archive"
curl -fsSL --retry 3 -o checksums.txt "$base/checksums.txt"
grep " ${archive}\$" checksums.txt > want.txt || { echo "repogov: $archive not in checksums.txt" >&2; exit 1; }
if command -v sha256sum >/dev/null; then sha256sum -c want.txt; else shasum -a 256 -c want.txt; fi
if [ "$ext" = zip ]; then unzip -oq "$archive" repogov.exe; else tar -xzf "$archive" repogov; fi
echo "$dest" >> "$GITHUB_PATH"
