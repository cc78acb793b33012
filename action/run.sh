#!/usr/bin/env bash
# The action's scan step: runs repogov, writes the Markdown summary to the job summary,
# sets the step outputs, optionally uploads per-repository SARIF, and fails the step with
# repogov's exit code. Inputs arrive as INPUT_* environment variables (see action.yml).
set -uo pipefail

out=${INPUT_OUTPUT_DIR:-repogov-reports}
mkdir -p "$out"
json="$out/repogov.json"; html="$out/repogov.html"; sarif="$out/repogov.sarif"
md="$out/repogov.md"; sarifdir="$out/sarif"; summary="$out/summary.txt"

args=(scan -q --fail-on "${INPUT_FAIL_ON:-error}"
  -f table -f "json=$json" -f "html=$html" -f "sarif=$sarif" -f "markdown=$md"
  -f "summary=$summary" --sarif-dir "$sarifdir")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_GITHUB_URL:-}" ] && args+=(--github-url "$INPUT_GITHUB_URL")
# The store comes as REPOGOV_STORE (never on the command line: a DSN may hold a password).
[ -n "${INPUT_RUN_LABEL:-}" ] && args+=(--run-label "$INPUT_RUN_LABEL")
for f in ${INPUT_FORMATS:-}; do args+=(-f "$f"); done
# An App, when given, takes precedence over the default workflow token.
if [ -n "${GITHUB_APP_ID:-}" ]; then unset GITHUB_TOKEN; fi
read -r -a targets <<< "${INPUT_TARGETS:-.}"

repogov "${args[@]}" "${targets[@]}"
code=$?

[ -f "$md" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "$md" >> "$GITHUB_STEP_SUMMARY"
failing=""
[ -f "$summary" ] && failing=$(sed -n 's/^failing-repositories=//p' "$summary")
# A single-repository scan has exactly one per-repository file: the one to hand to
# github/codeql-action/upload-sarif (never the whole directory).
repo_sarif=""
if [ -d "$sarifdir" ]; then
  mapfile -t files < <(find "$sarifdir" -name '*.sarif' -type f)
  [ "${#files[@]}" -eq 1 ] && repo_sarif=${files[0]}
fi
{
  echo "json=$json"
  echo "html=$html"
  echo "sarif=$sarif"
  echo "sarif-dir=$sarifdir"
  echo "repository-sarif=$repo_sarif"
  echo "markdown=$md"
  echo "failing-repositories=${failing:-0}"
  echo "exit-code=$code"
} >> "${GITHUB_OUTPUT:-/dev/null}"

if [ "${INPUT_UPLOAD_SARIF:-false}" = "true" ]; then
  up=(upload-sarif --dir "$sarifdir")
  [ -n "${INPUT_GITHUB_URL:-}" ] && up+=(--github-url "$INPUT_GITHUB_URL")
  repogov "${up[@]}" || { [ "$code" -eq 0 ] && code=2; }
fi
exit "$code"
