#!/usr/bin/env bash
# Validates the golden SARIF files (reporters/testdata/**/*.sarif, or the files given as
# arguments) with the Microsoft SARIF Multitool 5.7.0, GitHub rules included
# (--rule-kind "Gh;Sarif"), in the default configuration and in a strict one that enables
# GH1001–GH1007. Fails on any result of level error or warning (or without a level: the
# rule default). The Multitool's exit status is 0 even when it reports errors, so the
# verdict is read from its output file (docs: shared SARIF spec §9.1).
#
# Needs node/npm. Installs the Multitool under $REPOGOV_CI_CACHE (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/repogov-ci), reused when present.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=5.7.0
CACHE=${REPOGOV_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/repogov-ci}
PREFIX="$CACHE/sarif-multitool-$VERSION"
BIN="$PREFIX/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

if [ ! -e "$BIN" ]; then
	echo "== installing @microsoft/sarif-multitool@$VERSION into $PREFIX"
	mkdir -p "$PREFIX"
	npm install --no-save --no-audit --no-fund --prefix "$PREFIX" \
		"@microsoft/sarif-multitool@$VERSION" "@microsoft/sarif-multitool-linux@$VERSION" >&2
fi
# npm 11 may skip the platform package's postinstall chmod (install-scripts policy).
chmod u+x "$BIN"
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1

if [ $# -gt 0 ]; then
	files=("$@")
else
	mapfile -t files < <(find reporters/testdata -name '*.sarif' | sort)
fi
[ ${#files[@]} -gt 0 ] || { echo "no SARIF files to validate" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The strict configuration: GH1001–GH1007 enabled as errors.
"$BIN" export-validation-config "$work/strict.xml" >/dev/null
node - "$work/strict.xml" <<'EOF'
const fs = require("fs");
const p = process.argv[2];
let n = 0;
const s = fs.readFileSync(p, "utf8").replace(
  /(<Properties Key="GH100[1-7]\.[^"]*\.Options">\s*<Property Key="RuleEnabled" Value=")[^"]*(")/g,
  (m, a, b) => { n++; return a + "Error" + b; });
if (n !== 7) { console.error(`strict config: expected 7 GH100x blocks, found ${n}`); process.exit(1); }
fs.writeFileSync(p, s);
EOF

status=0
total_err=0 total_warn=0 total_note=0
for f in "${files[@]}"; do
	for mode in default strict; do
		out="$work/out.sarif"
		rm -f "$out"
		args=(validate --rule-kind "Gh;Sarif" --level "Error;Warning;Note" --log ForceOverwrite -o "$out")
		[ "$mode" = strict ] && args+=(-c "$work/strict.xml")
		if ! "$BIN" "${args[@]}" "$f" >"$work/console.txt" 2>&1; then
			echo "FAIL $f ($mode): the Multitool failed to run" >&2
			cat "$work/console.txt" >&2
			status=1
			continue
		fi
		if [ ! -s "$out" ]; then
			echo "FAIL $f ($mode): no validation output" >&2
			cat "$work/console.txt" >&2
			status=1
			continue
		fi
		read -r nerr nwarn nnote < <(node - "$out" <<'EOF'
const log = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const counts = { error: 0, warning: 0, note: 0 };
for (const run of log.runs || []) {
  for (const r of run.results || []) {
    const lvl = r.level || "warning"; // no level: the rule default (warning)
    counts[lvl] = (counts[lvl] || 0) + 1;
    if (lvl === "error" || lvl === "warning") {
      const m = r.message || {};
      console.error(`  ${lvl} ${r.ruleId}: ${m.text || JSON.stringify(m.arguments)}`);
    }
  }
  for (const inv of run.invocations || []) {
    for (const n of [...(inv.toolExecutionNotifications || []), ...(inv.toolConfigurationNotifications || [])]) {
      if ((n.level || "warning") !== "note") {
        counts.error++;
        console.error(`  tool notification: ${(n.message || {}).text}`);
      }
    }
  }
}
console.log(counts.error, counts.warning, counts.note);
EOF
		)
		total_err=$((total_err + nerr)) total_warn=$((total_warn + nwarn)) total_note=$((total_note + nnote))
		if [ "$nerr" -gt 0 ] || [ "$nwarn" -gt 0 ]; then
			echo "FAIL $f ($mode): $nerr errors, $nwarn warnings, $nnote notes" >&2
			status=1
		else
			echo "ok   $f ($mode): 0 errors, 0 warnings, $nnote notes"
		fi
	done
done
echo "sarif-multitool $VERSION: ${#files[@]} files × 2 configurations: $total_err errors, $total_warn warnings, $total_note notes"
exit $status
