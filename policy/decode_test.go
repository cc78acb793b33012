package policy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/rules/custom"
)

// TestErrors covers every error path of the decoder: each case lists all the problems
// expected, in order, as line:col: message.
func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{"syntax", "rules: [\n", []string{"1:1: did not find expected node content"}},
		{"two documents", "name: a\n---\nname: b\n", []string{"2:1: only one YAML document is allowed"}},
		{"top not a mapping", "- a\n", []string{"1:1: the policy: want a mapping, got a list"}},
		{"unknown top-level key", "nmae: x\nrulez: {}\n", []string{
			`1:1: the policy: unknown key "nmae" (known: version, name, extends, selection, rules, custom-rules, exemptions, templates, remediation, teams, repository-exemptions)`,
			`2:1: the policy: unknown key "rulez" (known: version, name, extends, selection, rules, custom-rules, exemptions, templates, remediation, teams, repository-exemptions)`}},
		{"duplicate key", "name: a\nname: b\n", []string{`2:1: the policy: duplicate key "name" (first at line 1)`}},
		{"merge key", "a: &a {x: 1}\n<<: *a\n", []string{
			`1:1: the policy: unknown key "a" (known: version, name, extends, selection, rules, custom-rules, exemptions, templates, remediation, teams, repository-exemptions)`,
			`2:1: the policy: YAML merge keys (<<) are not supported`}},
		{"version", "version: 2\n", []string{"1:10: version: want 1"}},
		{"teams not a list", "teams: {a: b}\n", []string{"1:8: teams: want a list"}},
		{"team without a name", "teams:\n  - topics: [web]\n  - team: x\n    colour: red\n", []string{
			"2:5: teams[0]: want a team name", `4:5: teams[1]: unknown key "colour" (known: team, topics, prefixes)`}},
		{"version type", "version: one\n", []string{"1:10: version: want 1"}},
		{"name type", "name: [a]\n", []string{"1:7: name: want a string, got a list"}},
		{"extends type", "extends: {a: b}\n", []string{"1:10: extends: want a string or a list of strings, got a mapping"}},
		{"extends item", "extends: [1]\n", []string{"1:11: extends: want a preset name or a file path"}},
		{"unknown preset", "extends: repogov:nope\n", []string{`1:10: extends: unknown preset "repogov:nope" (presets: repogov:minimal, repogov:optional, repogov:recommended, repogov:standard-for-public-code)`}},
		{"missing file", "extends: ./nope.yml\n", []string{"1:10: extends: open"}},
		{"selection type", "selection: [a]\n", []string{"1:12: selection: want a mapping, got a list"}},
		{"selection keys", "selection:\n  include-archived: yes\n  include-forks: 1\n  visibility: [secret]\n  include: ['[']\n  topics: [1]\n  bogus: x\n", []string{
			`2:21: selection.include-archived: want true or false, got the string "yes"`,
			"3:18: selection.include-forks: want true or false, got int 1",
			`4:16: selection.visibility: unknown visibility "secret" (want public, private or internal)`,
			`5:13: selection.include: bad glob "[": syntax error in pattern`,
			"6:12: selection.topics: want a non-empty string, got int 1",
			`7:3: selection: unknown key "bogus" (known: include-archived, include-forks, visibility, include, exclude, topics, exclude-topics)`}},
		{"rules type", "rules: [readme]\n", []string{"1:8: rules: want a mapping, got a list"}},
		{"unknown rule", "rules:\n  readme: true\n  readmee: true\n", []string{"3:3: rules: unknown rule \"readmee\" — did you mean \"readme\"? (`repogov rules` lists the built-in rules)"}},
		{"rule value", "rules:\n  readme: 3\n  license-file: critical\n  inactive: [a]\n", []string{
			`2:11: rules.readme: want true, false, off, a severity or a mapping, got int 3`,
			`3:17: rules.license-file: unknown severity "critical" (want error, warning or note)`,
			`4:13: rules.inactive: want true, false, off, a severity or a mapping, got a list`}},
		{"rule keys", "rules:\n  readme:\n    enabled: 1\n    severity: high\n    level: error\n    require-own: x\n", []string{
			"3:14: rules.readme.enabled: want true or false, got int 1",
			`4:15: rules.readme.severity: unknown severity "high" (want error, warning or note)`,
			`5:5: rules.readme: unknown key "level" (known: enabled, severity, require-own, options)`,
			`6:18: rules.readme.require-own: want true or false, got the string "x"`}},
		{"require-own on a rule that never inherits", "rules:\n  readme:\n    require-own: true\n", []string{
			"3:5: rules.readme.require-own: this rule is never satisfied by the organization's .github repository"}},
		{"options", "rules:\n  readme:\n    options:\n      min-size: big\n      max-size: 3\n  license-file:\n    options: {a: 1}\n  license-approved:\n    options:\n      allow: MIT\n      deny: [1]\n  publiccode-yml:\n    options: {required: 'yes', path: 3}\n  inactive:\n    options: [days]\n", []string{
			`4:7: rules.readme.options.min-size: want an integer, got the string "big"`,
			"5:7: rules.readme.options.max-size: unknown option (rule readme takes: min-size)",
			"7:15: rules.license-file.options.a: unknown option: rule license-file takes no options",
			`10:7: rules.license-approved.options.allow: want a list of strings, got the string "MIT"`,
			"11:7: rules.license-approved.options.deny: want a list of strings, got int 1 at line 11",
			`13:15: rules.publiccode-yml.options.required: want true or false, got the string "yes"`,
			"13:32: rules.publiccode-yml.options.path: want a string, got int 3",
			"15:14: rules.inactive.options: want a mapping, got a list"}},
		{"custom-rules type", "custom-rules: {}\n", []string{"1:15: custom-rules: want a list"}},
		{"custom rule entry", "custom-rules: [x]\n", []string{`1:16: custom-rules: each entry must be a mapping, got the string "x"`}},
		{"custom rule required", "custom-rules:\n  - title: x\n", []string{
			`2:5: custom rule: missing required key "id"`,
			`2:5: custom rule: missing required key "type"`,
			`2:5: custom rule: missing required key "files"`}},
		{"custom rule values", "custom-rules:\n  - id: Bad_ID\n    type: file-magic\n    files: []\n    severity: loud\n    nocase: maybe\n    help-url: ftp://x\n    color: red\n", []string{
			`2:9: custom rule id "Bad_ID": want kebab-case (a-z, 0-9, -)`,
			`3:11: custom rule type "file-magic": want one of ` + strings.Join(custom.Types, ", "),
			"4:12: custom rule files: want at least one glob",
			`5:15: custom rule severity: unknown severity "loud" (want error, warning or note)`,
			`6:13: custom rule nocase: want true or false, got the string "maybe"`,
			"7:15: custom rule help-url: want an http(s) URL",
			`8:5: custom rule: unknown key "color" (known: ` + strings.Join(customProps.keys(), ", ") + `)`}},
		{"custom rule files type", "custom-rules:\n  - {id: a, type: file-absent, files: {x: y}}\n  - {id: b, type: file-absent, files: }\n", []string{
			"2:39: custom rule files: want a string or a list of strings, got a mapping",
			"3:39: custom rule files: want at least one glob"}},
		{"custom rule globs", "custom-rules:\n  - id: a\n    type: file-absent\n    files: ['[', 'a/**b', '{x', 'a//b']\n    exclude: ['x}']\n", []string{
			`4:13: custom rule files: bad glob "[": syntax error in pattern`,
			`4:27: custom rule files: bad glob "{x": syntax error in pattern`,
			`4:33: custom rule files: bad glob "a//b": empty path segment`,
			`5:15: custom rule exclude: bad glob "x}": syntax error in pattern`}},
		{"custom rule keys by type", "custom-rules:\n  - id: a\n    type: file-exists\n    files: [x]\n    pattern: y\n    max-size: 3\n    kind: folder\n", []string{
			`5:5: custom rule a: key "pattern" is not used by type file-exists`,
			`6:5: custom rule a: key "max-size" is not used by type file-exists`,
			`7:11: custom rule kind "folder": want file, directory or any`}},
		{"custom rule pattern", "custom-rules:\n  - id: a\n    type: file-contains\n    files: [x]\n    pattern: '(?<=x)'\n    if-missing: maybe\n  - id: b\n    type: file-not-contains\n    files: [x]\n  - id: c\n    type: max-file-size\n    files: [x]\n  - id: d\n    type: max-file-size\n    files: [x]\n    max-size: 10 parsecs\n  - id: e\n    type: max-file-size\n    files: [x]\n    max-size: -1\n", []string{
			"5:14: custom rule pattern: error parsing regexp: invalid named capture: `(?<=x)`",
			`6:17: custom rule if-missing "maybe": want fail, not-applicable or pass`,
			"7:5: custom rule b: type file-not-contains needs pattern",
			"10:5: custom rule c: type max-file-size needs max-size",
			`16:15: custom rule max-size: want a positive size in bytes, e.g. 1048576 or "10MB" or "1 MiB", got the string "10 parsecs"`,
			"20:15: custom rule max-size: must be positive"}},
		{"custom rule IDs", "custom-rules:\n  - {id: readme, type: file-exists, files: [x]}\n  - {id: a, type: file-exists, files: [x]}\n  - {id: a, type: file-absent, files: [y]}\n  - {id: repository-exemptions, type: file-absent, files: [y]}\n", []string{
			"2:5: custom rule readme: the ID of a built-in rule",
			"4:5: custom rule a: already defined at (test):3:5",
			"5:5: custom rule repository-exemptions: the ID of a built-in rule"}},
		{"custom rule options", "custom-rules:\n  - {id: a, type: file-exists, files: [x]}\nrules:\n  a: {options: {x: 1}, require-own: true}\n", []string{
			"4:17: rules.a.options: custom rules take no options (set them in custom-rules)",
			"4:24: rules.a.require-own: this rule is never satisfied by the organization's .github repository"}},
		{"exemptions type", "exemptions: {}\n", []string{"1:13: exemptions: want a list"}},
		{"exemption entry", "exemptions: [x]\n", []string{`1:14: exemptions: each entry must be a mapping, got the string "x"`}},
		{"exemption required", "exemptions:\n  - expires: 2026-01-01\n", []string{
			`2:5: exemption: missing required key "repositories"`,
			`2:5: exemption: missing required key "rules"`,
			`2:5: exemption: missing required key "reason"`}},
		{"exemption values", "exemptions:\n  - repositories: ['[']\n    rules: [readme, nope]\n    reason: '  '\n    expires: soon\n    owner: me\n", []string{
			`2:20: exemption repositories: bad glob "[": syntax error in pattern`,
			"4:13: exemption reason: must not be empty",
			`5:14: exemption expires: want a date (YYYY-MM-DD) or an RFC 3339 time, got the string "soon"`,
			`6:5: exemption: unknown key "owner" (known: repositories, rules, reason, expires)`}},
		{"exemption unknown rule", "exemptions:\n  - repositories: [x]\n    rules: [readme, nope]\n    reason: r\n", []string{
			`3:21: exemption: unknown rule "nope"`}},
		{"exemption empty lists", "exemptions:\n  - repositories: []\n    rules: []\n    reason: r\n", []string{
			"2:5: exemption: repositories and rules must not be empty"}},
		{"repository-exemptions", "repository-exemptions:\n  allow: yes\n  rules: [nope]\n  extra: 1\n", []string{
			`2:10: repository-exemptions.allow: want true or false, got the string "yes"`,
			`3:11: repository-exemptions.rules: unknown rule "nope"`,
			`4:3: repository-exemptions: unknown key "extra" (known: allow, rules)`}},
		{"keys must be strings", "rules:\n  [a]: true\n", []string{"2:3: rules: keys must be strings"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("(test)", []byte(tt.yaml), testRules)
			if err == nil {
				t.Fatal("no error")
			}
			got := errorLines(err)
			want := tt.want
			if tt.name == "missing file" { // the OS message varies
				if len(got) != 1 || !strings.HasPrefix(got[0], want[0]) {
					t.Fatalf("got %q, want prefix %q", got, want[0])
				}
				return
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAliases(t *testing.T) {
	p, err := Parse("a.yml", []byte("extends: []\ncustom-rules:\n  - {id: a, type: file-absent, files: &bin ['**/*.exe']}\n  - {id: b, type: file-absent, files: *bin, nocase: true}\nrules:\n  a: &sev warning\n  b: *sev\n"), testRules)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]cfgView{{"a", 2, nil, false}, {"b", 2, nil, false}}, view(p.Configs())); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	laughs := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for c := 'b'; c <= 'j'; c++ {
		prev := string(c - 1)
		laughs += string(c) + ": &" + string(c) + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
	}
	for _, bad := range []string{laughs, "a: &x [*x]\n"} {
		_, err := Parse("l.yml", []byte(bad), testRules)
		if err == nil || !strings.Contains(err.Error(), "l.yml:1:1:") {
			t.Errorf("%.20q: %v", bad, err)
		}
	}
}
