package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"

	"github.com/repogov/repogov/internal/golden"
	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner/selection"
)

func TestPolicyCommands(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)

	// init writes a starter that validates.
	code, starter, _ := runCLI(context.Background(), "policy", "init")
	if code != 0 || !strings.Contains(starter, "custom-rules:") {
		t.Fatalf("init: %d %q", code, starter)
	}
	if code, _, errs := runCLI(context.Background(), "policy", "init", ".repogov.yml"); code != 0 {
		t.Fatalf("init FILE: %d %s", code, errs)
	}
	if code, _, errs := runCLI(context.Background(), "policy", "init", ".repogov.yml"); code != ExitError || !strings.Contains(errs, "exists") {
		t.Errorf("init over an existing file: %d %s", code, errs)
	}
	code, out, errs := runCLI(context.Background(), "policy", "validate")
	if code != 0 || !strings.HasPrefix(out, ".repogov.yml: valid (") {
		t.Errorf("validate starter: %d %q %q", code, out, errs)
	}

	// show prints the effective policy, which validates too.
	code, out, _ = runCLI(context.Background(), "policy", "show")
	if code != 0 || !strings.Contains(out, `# Effective policy "my-organization"`) || !strings.Contains(out, "no-env-files") {
		t.Errorf("show: %d %q", code, out)
	}
	os.WriteFile("shown.yml", []byte(out), 0o644)
	if code, _, errs := runCLI(context.Background(), "policy", "validate", "shown.yml"); code != 0 {
		t.Errorf("shown policy: %s", errs)
	}

	// Every problem, one per line, file:line:col, exit 2.
	os.WriteFile("bad.yml", []byte("rulez: {}\nrules:\n  nope: true\n  readme: {severity: loud}\n"), 0o644)
	code, _, errs = runCLI(context.Background(), "policy", "validate", "bad.yml")
	want := "bad.yml:1:1: the policy: unknown key \"rulez\" (known: version, name, extends, selection, rules, custom-rules, exemptions, templates, remediation, teams, repository-exemptions)\n" +
		"bad.yml:3:3: rules: unknown rule \"nope\" (`repogov rules` lists the built-in rules)\n" +
		"bad.yml:4:22: rules.readme.severity: unknown severity \"loud\" (want error, warning or note)\n" +
		"repogov: invalid policy: 3 problems\n"
	if code != ExitError || errs != want {
		t.Errorf("validate bad: %d\n%s\nwant\n%s", code, errs, want)
	}
	// scan refuses a broken policy the same way, before scanning.
	code, _, errs = runCLI(context.Background(), "scan", "--config", "bad.yml", dir)
	if code != ExitError || errs != want {
		t.Errorf("scan --config bad: %d\n%s", code, errs)
	}
	code, _, errs = runCLI(context.Background(), "policy", "validate", "missing.yml")
	if code != ExitError || !strings.Contains(errs, "missing.yml") {
		t.Errorf("missing: %d %s", code, errs)
	}

	// import-repolinter: policy on stdout, notes on stderr.
	os.WriteFile("rl.json", []byte(`{"version": 2, "rules": {"has-readme": {"level": "warning", "rule": {"type": "file-existence", "options": {"globsAny": ["README*"]}}}, "hist": {"rule": {"type": "git-grep-log"}}}}`), 0o644)
	code, out, errs = runCLI(context.Background(), "policy", "import-repolinter", "rl.json")
	if code != 0 || !strings.Contains(out, "id: has-readme") || errs != "rule hist: not converted: git-grep-log needs a denylist\nrl.json: 2 rules: 1 converted, 0 in part, 1 not converted (0 off)\n" {
		t.Errorf("import: %d %q %q", code, out, errs)
	}
	if code, _, _ := runCLI(context.Background(), "policy", "import-repolinter", "nope.json"); code != ExitError {
		t.Errorf("import missing file: %d", code)
	}
	// A chain by URL, resolved offline, split into one policy per ruleset.
	os.MkdirAll("mirror/base", 0o755)
	os.WriteFile("mirror/base/rl.json", []byte(`{"version": 2, "rules": {"has-readme": {"level": "off", "rule": {"type": "file-existence", "options": {"globsAny": ["README*"]}}}}}`), 0o644)
	os.WriteFile("top.json", []byte(`{"version": 2, "extends": "https://rules.example.gov/base/rl.json", "rules": {"has-readme": {"level": "error"}}}`), 0o644)
	code, _, errs = runCLI(context.Background(), "policy", "import-repolinter", "--offline", "--resolve", "https://rules.example.gov/=mirror/", "--split", "out", "top.json")
	if code != 0 || !strings.Contains(errs, "wrote out/rl.yml") || !strings.Contains(errs, "wrote out/top.yml") {
		t.Fatalf("split: %d %s", code, errs)
	}
	code, out, _ = runCLI(context.Background(), "policy", "validate", "out/top.yml")
	if code != 0 || !strings.Contains(out, "(1 rules enabled") {
		t.Errorf("split result: %d %s", code, out)
	}
	if code, _, errs := runCLI(context.Background(), "policy", "import-repolinter", "--offline", "--resolve", "https://rules.example.gov/=mirror/", "--split", "out", "top.json"); code != ExitError || !strings.Contains(errs, "exists") {
		t.Errorf("split over existing files: %d %s", code, errs)
	}
	if code, _, errs := runCLI(context.Background(), "policy", "import-repolinter", "--offline", "top.json"); code != ExitError || !strings.Contains(errs, "not mapped by --resolve") {
		t.Errorf("offline without mapping: %d %s", code, errs)
	}
	// validate follows a repolinter ruleset's chain and says what would not convert.
	code, out, _ = runCLI(context.Background(), "policy", "validate", "--offline", "--resolve", "https://rules.example.gov/=mirror/", "top.json")
	if code != 0 || !strings.Contains(out, "top.json: repolinter ruleset: 1 rules: 1 converted, 0 in part, 0 not converted (0 off)") ||
		!strings.Contains(out, "https://rules.example.gov/base/rl.json: repolinter ruleset: 1 rules: 1 converted, 0 in part, 0 not converted (1 off)") {
		t.Errorf("validate a repolinter chain: %d %s", code, out)
	}
	if code, _, errs := runCLI(context.Background(), "policy", "validate", "rl.json"); code != ExitError || !strings.Contains(errs, "1 rule would not convert") {
		t.Errorf("validate a ruleset with a rule that does not convert: %d %s", code, errs)
	}
}

// scan uses the policy: custom rules appear in the report, exemptions carry their reason.
func TestScanUsesPolicy(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	repo := filepath.Join(dir, "proj")
	os.MkdirAll(repo, 0o755)
	os.WriteFile(filepath.Join(repo, ".env"), []byte("X=1\n"), 0o644)
	os.WriteFile(".repogov.yml", []byte(`extends: []
custom-rules:
  - id: no-env
    type: file-absent
    files: ["**/.env"]
    severity: warning
  - id: has-notice
    type: file-exists
    files: [NOTICE]
exemptions:
  - repositories: [proj]
    rules: [has-notice]
    reason: vendored upstream
`), 0o644)
	code, out, errs := runCLI(context.Background(), "scan", "--fail-on", "warning", "-f", "json", "proj")
	if code != ExitFindings {
		t.Errorf("exit %d, want 1; stderr %s", code, errs)
	}
	var rep struct {
		Repositories []struct{ Results []rules.Result }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Repositories) != 1 {
		t.Fatalf("report: %v\n%s", err, out)
	}
	type got struct {
		ID      string
		Status  rules.Status
		Message string
		Reason  string
	}
	var gots []got
	for _, r := range rep.Repositories[0].Results {
		gots = append(gots, got{r.RuleID, r.Status, r.Message, r.Reason})
	}
	// extends: [] leaves the built-in rules out: only the two custom rules remain.
	want := []got{
		{"no-env", rules.Fail, "1 file must not be present: .env", ""},
		{"has-notice", rules.Exempt, "exempt: vendored upstream", "vendored upstream"},
	}
	if diff := cmp.Diff(want, gots); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
}

func TestLoadPolicyDefault(t *testing.T) {
	t.Chdir(t.TempDir())
	e := &env{stderr: &bytes.Buffer{}}
	p, err := loadPolicy(e, "")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := policy.Default(rules.All())
	if p.Digest() != d.Digest() {
		t.Errorf("without a file the default preset applies")
	}
}

func TestScanSelection(t *testing.T) {
	pol, err := policy.Parse("p.yml", []byte("extends: []\nselection: {include-forks: true, topics: [oss], exclude: [x]}\n"), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	var flags selection.Selection
	cmd := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
	cmd.Flags().BoolVar(&flags.IncludeForks, "include-forks", false, "")
	cmd.Flags().StringSliceVar(&flags.Topics, "topics", nil, "")
	cmd.Flags().StringSliceVar(&flags.Exclude, "exclude", nil, "")
	cmd.SetArgs([]string{"--include-forks=false", "--topics", "gov"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	got := scanSelection(pol, cmd, flags)
	want := selection.Selection{IncludeForks: false, Topics: []string{"gov"}, Exclude: []string{"x"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// policy show prints the teams mapping like every other section; policy init carries a
// commented example of it.
func TestPolicyShowTeams(t *testing.T) {
	want, err := filepath.Abs("testdata/policy-show-teams.golden")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	os.WriteFile("base.yml", []byte("version: 1\nextends: []\nrules: {readme: warning}\nteams:\n  - {team: '@acme/old', topics: [legacy]}\n"), 0o644)
	os.WriteFile("teams.yml", []byte("version: 1\nname: acme\nextends: [base.yml]\nteams:\n"+
		"  - team: '@acme/web'\n    topics: [frontend, web]\n    prefixes: [web-, ui-]\n  - {team: '@acme/data', prefixes: [data-]}\n"), 0o644)
	code, out, errs := runCLI(context.Background(), "policy", "show", "teams.yml")
	if code != 0 {
		t.Fatalf("show: %d %s", code, errs)
	}
	golden.Check(t, want, []byte(out))
	_, starter, _ := runCLI(context.Background(), "policy", "init")
	if !strings.Contains(starter, "\n# teams:\n#   - team: ") {
		t.Errorf("policy init has no commented teams example:\n%s", starter)
	}
}
