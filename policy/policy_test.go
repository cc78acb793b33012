package policy

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner/selection"
)

type cfgView struct {
	ID       string
	Severity rules.Severity
	Params   map[string]any
	Own      bool
}

func view(cs []rules.Config) []cfgView {
	var out []cfgView
	for _, c := range cs {
		out = append(out, cfgView{c.Rule.ID, c.Severity, c.Options.Params, c.InheritedFails})
	}
	return out
}

const fullPolicy = `version: 1
name: acme
extends: []
selection:
  include-archived: true
  include-forks: false
  visibility: [public, internal]
  include: ["acme-*"]
  exclude: "*-sandbox"
  topics: [oss]
  exclude-topics: [experimental]
rules:
  readme:
    severity: warning
    options:
      min-size: 200
  license-file: true
  license-approved:
    options:
      allow: [MIT, Apache-2.0]
      deny: []
  contributing:
    require-own: true
  security-policy: note
  publiccode-yml:
    enabled: false
    options: {required: true, path: publiccode.yml}
  inactive:
    options: {days: 90}
  no-env: warning
custom-rules:
  - id: no-env
    type: file-absent
    files: ["**/.env"]
  - id: notice
    type: file-exists
    title: A NOTICE file exists
    severity: note
    help: Add NOTICE.
    help-url: https://example.org/notice
    files: ["NOTICE*"]
    nocase: true
    kind: any
  - id: big
    type: max-file-size
    files: ["**"]
    exclude: ["**/*.png"]
    max-size: 1 MiB
  - id: copyright
    type: file-contains
    files: [LICENSE]
    pattern: Copyright
    if-missing: not-applicable
exemptions:
  - repositories: [legacy]
    rules: [readme, "*"]
    reason: old
    expires: 2027-01-31
teams:
  - team: "@acme/web"
    topics: [frontend, web]
    prefixes: [web-, ui-]
  - {team: "@acme/data", prefixes: [data-]}
  - {team: "@acme/docs", topics: [docs]}
repository-exemptions:
  allow: true
  rules: [readme, notice]
`

func TestFullPolicy(t *testing.T) {
	p, err := Parse("full.yml", []byte(fullPolicy), testRules)
	if err != nil {
		t.Fatal(err)
	}
	want := []cfgView{
		{"readme", rules.Warning, map[string]any{"min-size": 200}, false},
		{"license-file", rules.Error, nil, false},
		{"license-approved", rules.Error, map[string]any{"allow": []string{"MIT", "Apache-2.0"}, "deny": []string{}}, false},
		{"contributing", rules.Warning, nil, true},
		{"security-policy", rules.Note, nil, false},
		{"inactive", rules.Note, map[string]any{"days": 90}, false},
		{"no-env", rules.Warning, nil, false},
		{"notice", rules.Note, nil, false},
		{"big", rules.Error, nil, false},
		{"copyright", rules.Error, nil, false},
		{RepoExemptionsRuleID, rules.Warning, nil, false},
	}
	if diff := cmp.Diff(want, view(p.Configs())); diff != "" {
		t.Errorf("configs (-want +got):\n%s", diff)
	}
	wantSel := selection.Selection{IncludeArchived: true, Visibility: []string{"public", "internal"}, Include: []string{"acme-*"},
		Exclude: []string{"*-sandbox"}, Topics: []string{"oss"}, ExcludeTopics: []string{"experimental"}}
	if diff := cmp.Diff(wantSel, p.Selection()); diff != "" {
		t.Errorf("selection (-want +got):\n%s", diff)
	}
	if p.Name() != "acme" {
		t.Errorf("name %q", p.Name())
	}
	notice := p.Configs()[7].Rule
	if notice.Title != "A NOTICE file exists" || notice.HelpURL != "https://example.org/notice" || !strings.HasPrefix(notice.Doc, "Add NOTICE.") {
		t.Errorf("custom rule metadata: %+v", notice)
	}
	if got := p.Configs()[6].Rule.Title; got != "No file matches **/.env" {
		t.Errorf("default title %q", got)
	}
	big := p.custom[2]
	if big.MaxSize != 1<<20 {
		t.Errorf("max-size %d", big.MaxSize)
	}
	golden(t, "testdata/full.show.golden", p.Show())

	// show is a policy that loads to the same thing.
	again, err := Parse("show.yml", p.Show(), testRules)
	if err != nil {
		t.Fatalf("show output does not load: %v", err)
	}
	if again.Digest() != p.Digest() {
		t.Errorf("digest changed through show: %s → %s", p.Digest(), again.Digest())
	}
	if diff := cmp.Diff(view(p.Configs()), view(again.Configs())); diff != "" {
		t.Errorf("configs changed through show:\n%s", diff)
	}
	if diff := cmp.Diff(p.Teams(), again.Teams()); diff != "" || len(p.Teams()) != 3 {
		t.Errorf("teams changed through show (%d teams):\n%s", len(p.Teams()), diff)
	}
}

func TestShorthands(t *testing.T) {
	p, err := Parse("s.yml", []byte("extends: []\nrules:\n  readme:\n  license-file: false\n  license-identified: off\n  security-policy: warning\n  inactive: {enabled: true}\n  contributing: {enabled: false, severity: note}\n"), testRules)
	if err != nil {
		t.Fatal(err)
	}
	want := []cfgView{{"readme", rules.Error, nil, false}, {"security-policy", rules.Warning, nil, false}, {"inactive", rules.Note, nil, false}}
	if diff := cmp.Diff(want, view(p.Configs())); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestEmptyFileIsRecommended(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "~\n"} {
		p, err := Parse("e.yml", []byte(src), testRules)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := Default(testRules)
		if diff := cmp.Diff(view(d.Configs()), view(p.Configs())); diff != "" {
			t.Errorf("%q: (-default +got):\n%s", src, diff)
		}
		if p.Digest() == "" || p.Digest() != d.Digest() {
			t.Errorf("%q: digest %q, want the default policy's %q", src, p.Digest(), d.Digest())
		}
	}
}

func TestExtends(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"base.yml":     "extends: [repogov:minimal]\nname: base\nselection: {include-forks: true, topics: [a]}\nrules:\n  readme: {severity: warning, options: {min-size: 10}}\n  inactive: note\ncustom-rules:\n  - {id: no-exe, type: file-absent, files: ['**/*.exe']}\nexemptions:\n  - {repositories: [x], rules: [readme], reason: base}\n",
		"team/mid.yml": "extends: ../base.yml\nrules:\n  readme: {options: {min-size: 20}}\n  no-exe: note\n",
		"team/top.yml": "extends: [mid.yml, ../base.yml]\nname: top\nselection: {topics: [b]}\nrules:\n  inactive: false\n  license-identified: {enabled: false}\nexemptions:\n  - {repositories: [y], rules: [no-exe], reason: top}\nrepository-exemptions: {allow: true}\n",
		"cycle/a.yml":  "extends: b.yml\n",
		"cycle/b.yml":  "extends: [repogov:minimal, c.yml]\n",
		"cycle/c.yml":  "extends: a.yml\n",
		"self.yml":     "extends: self.yml\n",
		"broken.yml":   "extends: bad.yml\n",
		"bad.yml":      "rules: {nope: true}\n",
	})
	p, err := Load(filepath.Join(dir, "team/top.yml"), testRules)
	if err != nil {
		t.Fatal(err)
	}
	want := []cfgView{
		{"readme", rules.Warning, map[string]any{"min-size": 20}, false},
		{"license-file", rules.Error, nil, false},
		{"security-policy", rules.Warning, nil, false},
		{"no-exe", rules.Note, nil, false},
		{RepoExemptionsRuleID, rules.Warning, nil, false},
	}
	if diff := cmp.Diff(want, view(p.Configs())); diff != "" {
		t.Errorf("configs (-want +got):\n%s", diff)
	}
	if p.Name() != "top" {
		t.Errorf("name %q", p.Name())
	}
	if s := p.Selection(); !s.IncludeForks || !slices.Equal(s.Topics, []string{"b"}) {
		t.Errorf("selection %+v", s)
	}
	if len(p.exempts) != 2 {
		t.Errorf("exemptions: %d, want 2 (base's once, top's)", len(p.exempts))
	}
	srcs := p.Sources()
	if len(srcs) != 4 || srcs[0] != "repogov:minimal" || !strings.HasSuffix(srcs[3], "top.yml") {
		t.Errorf("sources %q", srcs)
	}

	_, err = Load(filepath.Join(dir, "cycle/a.yml"), testRules)
	if err == nil || !strings.Contains(err.Error(), "cycle") || !strings.Contains(err.Error(), "c.yml:1:10: extends: cycle:") {
		t.Errorf("cycle: %v", err)
	}
	_, err = Load(filepath.Join(dir, "self.yml"), testRules)
	if err == nil || !strings.Contains(err.Error(), "self.yml:1:10: extends: cycle") {
		t.Errorf("self cycle: %v", err)
	}
	_, err = Load(filepath.Join(dir, "broken.yml"), testRules)
	if err == nil || !strings.Contains(err.Error(), "bad.yml:1:9: rules: unknown rule \"nope\"") {
		t.Errorf("error in an extended file: %v", err)
	}
}

// Presets only override the rules' own metadata: the recommended preset (the default)
// is every rule with Default at its own severity; presets name only rules this build has.
func TestPresets(t *testing.T) {
	all := rules.All()
	load := func(t *testing.T, src string, rs []rules.Rule) map[string]rules.Severity {
		t.Helper()
		p, err := Parse("p.yml", []byte(src), rs)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		out := map[string]rules.Severity{}
		for _, c := range p.Configs() {
			out[c.Rule.ID] = c.Severity
		}
		return out
	}
	defaults := map[string]rules.Severity{}
	for _, r := range all {
		if r.Default {
			defaults[r.ID] = r.Severity
		}
	}
	if len(defaults) == 0 {
		t.Fatal("no rule is on by default")
	}
	if diff := cmp.Diff(defaults, load(t, "extends: repogov:recommended\n", all)); diff != "" {
		t.Errorf("recommended is not the rules' defaults (-want +got):\n%s", diff)
	}
	d, err := Default(all)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(view2(d.Configs()), view2(mustParse(t, "extends: repogov:recommended\n", all).Configs())); diff != "" {
		t.Errorf("default is not recommended: %s", diff)
	}
	if diff := cmp.Diff(defaults, load(t, "", all)); diff != "" {
		t.Errorf("a file without extends is not recommended (-want +got):\n%s", diff)
	}
	minimal := load(t, "extends: repogov:minimal\n", all)
	if diff := cmp.Diff(map[string]rules.Severity{"readme": rules.Error, "license-file": rules.Error,
		"license-identified": defaults["license-identified"], "security-policy": rules.Warning}, minimal); diff != "" {
		t.Errorf("minimal (-want +got):\n%s", diff)
	}
	sfpc := load(t, "extends: repogov:standard-for-public-code\n", all)
	for id := range defaults {
		if _, ok := sfpc[id]; !ok {
			t.Errorf("standard-for-public-code drops default rule %s", id)
		}
	}
	if sfpc["publiccode-yml"] != rules.Error || sfpc["publiccode-yml-valid"] != rules.Error || sfpc["governance"] != rules.Error {
		t.Errorf("standard-for-public-code must require publiccode.yml and governance: %v", sfpc)
	}
	opt := view2(mustParse(t, "extends: [repogov:recommended, repogov:optional]\n", all).Configs())
	if n := len(opt) - len(defaults); n <= 0 || opt[len(opt)-1] != "code-json" {
		t.Errorf("optional adds its custom rules after the built-in ones: %q", opt)
	}

	// A new rule is one file and one All() entry: on by default in recommended and in the
	// presets built on it, off in minimal; an off-by-default one stays off until named.
	withNew := append(slices.Clone(all),
		rules.Rule{ID: "brand-new", Severity: rules.Warning, Default: true, Check: passCheck},
		rules.Rule{ID: "opt-in", Severity: rules.Note, Check: passCheck})
	for _, tt := range []struct {
		src string
		on  bool
	}{
		{"extends: repogov:recommended\n", true},
		{"extends: repogov:standard-for-public-code\n", true},
		{"extends: repogov:minimal\n", false},
		{"extends: []\n", false},
	} {
		got := load(t, tt.src, withNew)
		if sev, ok := got["brand-new"]; ok != tt.on || ok && sev != rules.Warning {
			t.Errorf("%s: brand-new on=%v (%v), want %v", strings.TrimSpace(tt.src), ok, sev, tt.on)
		}
		if _, ok := got["opt-in"]; ok {
			t.Errorf("%s: an off-by-default rule is on", strings.TrimSpace(tt.src))
		}
	}
	if got := load(t, "rules: {opt-in: true, brand-new: off}\n", withNew); got["opt-in"] != rules.Note || len(got) != len(defaults)+1 {
		t.Errorf("overrides: %v", got)
	}
}

func mustParse(t *testing.T, src string, rs []rules.Rule) *Policy {
	t.Helper()
	p, err := Parse("p.yml", []byte(src), rs)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func view2(cs []rules.Config) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Rule.ID)
	}
	return out
}

// Presets are strict: an unknown rule ID in a preset is an error, like in any file
// (a typo would otherwise silently drop a rule).
func TestPresetsAreStrict(t *testing.T) {
	for _, name := range Presets() {
		b, _ := presetFS.ReadFile("presets/" + strings.TrimPrefix(name, "repogov:") + ".yml")
		var pr problems
		r := parse(name, b, &pr)
		if err := pr.err(); err != nil {
			t.Fatal(err)
		}
		if len(r.rules) == 0 {
			continue
		}
		// Drop the first rule a preset names from the build: loading the preset fails.
		missing := r.rules[0].id
		var fewer []rules.Rule
		for _, x := range rules.All() {
			if x.ID != missing {
				fewer = append(fewer, x)
			}
		}
		_, err := Parse("p.yml", []byte("extends: "+name+"\n"), fewer)
		if err == nil || !strings.Contains(err.Error(), "unknown rule \""+missing+"\"") {
			t.Errorf("%s without %s: %v", name, missing, err)
		}
	}
}

// With the real rule list: presets and the starter load, and the starter's options
// reach the real rules.
func TestRealRules(t *testing.T) {
	all := rules.All()
	for _, name := range Presets() {
		if _, err := Parse("p.yml", []byte("extends: "+name+"\n"), all); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	st, err := Parse("starter.yml", Starter(), all)
	if err != nil {
		t.Fatalf("starter: %v", err)
	}
	found := false
	for _, c := range st.Configs() {
		if c.Rule.ID == "readme" {
			found = true
			if c.Options.Int("min-size", 0) != 200 {
				t.Errorf("readme min-size %v", c.Options.Params)
			}
		}
	}
	if !found {
		t.Errorf("starter does not enable readme")
	}
}

func TestStarter(t *testing.T) {
	p, err := Parse("starter.yml", Starter(), testRules)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.custom) != 1 || len(p.exempts) != 1 || p.exempts[0].Expires != time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC) {
		t.Errorf("starter: custom %d, exemptions %+v", len(p.custom), p.exempts)
	}
	// The commented teams example is a valid teams block once uncommented.
	i := bytes.Index(Starter(), []byte("# teams:\n"))
	if i < 0 {
		t.Fatal("starter: no commented teams example")
	}
	var block []string
	for _, line := range strings.SplitAfter(string(Starter()[i:]), "\n") {
		if !strings.HasPrefix(line, "# ") {
			break
		}
		block = append(block, strings.TrimPrefix(line, "# "))
	}
	tp, err := Parse("teams.yml", []byte("extends: []\n"+strings.Join(block, "")), testRules)
	if err != nil {
		t.Fatalf("starter's teams example: %v", err)
	}
	want := []Team{{Team: "@my-organization/web", Topics: []string{"frontend", "web"}, Prefixes: []string{"web-", "ui-"}},
		{Team: "@my-organization/data", Prefixes: []string{"data-"}}}
	if diff := cmp.Diff(want, tp.Teams()); diff != "" {
		t.Errorf("starter's teams example (-want +got):\n%s", diff)
	}
}

func TestDigest(t *testing.T) {
	a, _ := Parse("a.yml", []byte("extends: []\nrules: {readme: warning, license-file: true}\n"), testRules)
	b, _ := Parse("b.yml", []byte("# same, written differently\nextends: []\nrules:\n  license-file: {}\n  readme:\n    severity: warning\n"), testRules)
	c, _ := Parse("c.yml", []byte("extends: []\nrules: {readme: note, license-file: true}\n"), testRules)
	if a.Digest() != b.Digest() {
		t.Errorf("equal policies, different digests")
	}
	if a.Digest() == c.Digest() || !strings.HasPrefix(a.Digest(), "sha256:") {
		t.Errorf("digest %s / %s", a.Digest(), c.Digest())
	}
}

func TestLoadErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{"d/x": ""})
	if _, err := Load(filepath.Join(dir, "d"), testRules); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("directory: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "nope.yml"), testRules); !os.IsNotExist(err) {
		t.Errorf("missing: %v", err)
	}
	big := filepath.Join(dir, "big.yml")
	os.WriteFile(big, make([]byte, maxPolicySize+1), 0o644)
	if _, err := Load(big, testRules); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("big: %v", err)
	}
	// Errors() on a non-joined error.
	if es := Errors(os.ErrNotExist); len(es) != 1 || es[0].Line != 0 {
		t.Errorf("Errors: %+v", es)
	}
}
