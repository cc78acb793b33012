package policy

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
)

var now = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

type outcome struct {
	Rule   string
	Status rules.Status
	Reason string
	Note   string // the expired-exemption finding, if any
}

func evaluate(t *testing.T, p *Policy, files map[string]string, name string) []outcome {
	t.Helper()
	res := scanner.Evaluate(context.Background(), snap(name, files), scanner.Options{Rules: p.Configs(), Exempt: p.Exempt, Now: now})
	var out []outcome
	for _, r := range res {
		o := outcome{Rule: r.RuleID, Status: r.Status, Reason: r.Reason}
		for _, f := range r.Findings {
			if strings.HasPrefix(f.Message, "exemption expired") {
				o.Note = f.Message
			}
		}
		out = append(out, o)
	}
	return out
}

const exemptPolicy = `extends: []
rules: {readme: true, license-file: true, security-policy: true}
exemptions:
  - repositories: [legacy-*]
    rules: [readme]
    reason: legacy mirrors
  - repositories: [acme/old]
    rules: [license-file]
    reason: expired one
    expires: 2026-01-01
  - repositories: [acme/old]
    rules: [license-file]
    reason: still valid
    expires: 2027-01-01
  - repositories: [ACME/Stale]
    rules: ["*"]
    reason: sunset
    expires: 2026-06-30
`

func TestCentralExemptions(t *testing.T) {
	p, err := Parse("x.yml", []byte(exemptPolicy), testRules)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		repo string
		want []outcome
	}{
		{"acme/legacy-a", []outcome{{"readme", rules.Exempt, "legacy mirrors", ""}, {"license-file", rules.Pass, "", ""}, {"security-policy", rules.Pass, "", ""}}},
		{"acme/old", []outcome{{"readme", rules.Pass, "", ""}, {"license-file", rules.Exempt, "still valid", ""}, {"security-policy", rules.Pass, "", ""}}},
		{"acme/stale", []outcome{
			{"readme", rules.Pass, "", "exemption expired on 2026-06-30 (sunset)"},
			{"license-file", rules.Pass, "", "exemption expired on 2026-06-30 (sunset)"},
			{"security-policy", rules.Pass, "", "exemption expired on 2026-06-30 (sunset)"}}},
		{"acme/other", []outcome{{"readme", rules.Pass, "", ""}, {"license-file", rules.Pass, "", ""}, {"security-policy", rules.Pass, "", ""}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, evaluate(t, p, nil, tt.repo)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.repo, diff)
		}
	}
	ex, ok := p.Exempt(context.Background(), snap("acme/legacy-b", nil), "readme")
	if !ok || ex.Origin != "x.yml:4:5" {
		t.Errorf("origin: %+v", ex)
	}
}

func TestRepositoryExemptions(t *testing.T) {
	own := map[string]string{".repogov.yml": "exemptions:\n  - rules: [security-policy]\n    reason: we are a docs-only repository\n  - rules: [readme]\n    reason: generated\n    expires: 2026-01-01\n"}
	tests := []struct {
		name   string
		policy string
		files  map[string]string
		want   []outcome
	}{
		{"not allowed: ignored", "", own, []outcome{
			{"readme", rules.Pass, "", ""}, {"security-policy", rules.Pass, "", ""}}},
		{"explicitly not allowed", "repository-exemptions: {allow: false}\n", own, []outcome{
			{"readme", rules.Pass, "", ""}, {"security-policy", rules.Pass, "", ""}}},
		{"allowed", "repository-exemptions: {allow: true}\n", own, []outcome{
			{"readme", rules.Pass, "", "exemption expired on 2026-01-01 (generated)"},
			{"security-policy", rules.Exempt, "we are a docs-only repository", ""},
			{RepoExemptionsRuleID, rules.Pass, "", ""}}},
		{"allowed for other rules only: the file is invalid, nothing applies", "repository-exemptions: {allow: true, rules: [readme]}\n", own, []outcome{
			{"readme", rules.Pass, "", ""}, {"security-policy", rules.Pass, "", ""}, {RepoExemptionsRuleID, rules.Fail, "", ""}}},
		{"allowed, no file", "repository-exemptions: {allow: true}\n", nil, []outcome{
			{"readme", rules.Pass, "", ""}, {"security-policy", rules.Pass, "", ""}, {RepoExemptionsRuleID, rules.NotApplicable, "", ""}}},
		{"allowed, malformed file", "repository-exemptions: {allow: true}\n", map[string]string{".repogov.yml": "exemptions:\n  - rules: [readme]\n"}, []outcome{
			{"readme", rules.Pass, "", ""}, {"security-policy", rules.Pass, "", ""}, {RepoExemptionsRuleID, rules.Fail, "", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("x.yml", []byte("extends: []\nrules: {readme: true, security-policy: true}\n"+tt.policy), testRules)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, evaluate(t, p, tt.files, "acme/docs")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestRepositoryFileErrors(t *testing.T) {
	p, err := Parse("x.yml", []byte("extends: []\nrules: {readme: true, license-file: false}\nrepository-exemptions: {allow: true}\n"), testRules)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file string
		want       []rules.Finding
	}{
		{"syntax", "exemptions: [\n", []rules.Finding{{Path: ".repogov.yml", Line: 1, Column: 1, Message: "did not find expected node content"}}},
		{"other keys", "rules: {readme: false}\nexemptions: []\n", []rules.Finding{
			{Path: ".repogov.yml", Line: 1, Column: 1, Message: `the repository's .repogov.yml: unknown key "rules" (known: exemptions, remediation)`}}},
		{"repositories not allowed, reason required", "exemptions:\n  - repositories: [x]\n    rules: [readme]\n", []rules.Finding{
			{Path: ".repogov.yml", Line: 2, Column: 5, Message: `exemption: unknown key "repositories" (known: rules, reason, expires)`},
			{Path: ".repogov.yml", Line: 2, Column: 5, Message: `exemption: missing required key "reason"`}}},
		{"unknown and disabled rules, wildcard", "exemptions:\n  - {rules: [nope, license-file, '*'], reason: r}\n", []rules.Finding{
			{Path: ".repogov.yml", Line: 2, Column: 14, Message: `exemption: unknown rule "nope"`},
			{Path: ".repogov.yml", Line: 2, Column: 20, Message: `exemption: unknown rule "license-file"`},
			{Path: ".repogov.yml", Line: 2, Column: 34, Message: `exemption: unknown rule "*"`}}},
		{"not a list", "exemptions: {}\n", []rules.Finding{{Path: ".repogov.yml", Line: 1, Column: 13, Message: "exemptions: want a list"}}},
		{"too large", "exemptions: []\n#" + strings.Repeat("x", maxRepoFile), []rules.Finding{{Path: ".repogov.yml", Message: ".repogov.yml: too large (65552 bytes, limit 65536)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := snap("acme/a", map[string]string{".repogov.yml": tt.file})
			var rule rules.Config
			for _, c := range p.Configs() {
				if c.Rule.ID == RepoExemptionsRuleID {
					rule = c
				}
			}
			res := rule.Rule.Check(context.Background(), s, rule.Options)
			if res.Status != rules.Fail {
				t.Fatalf("status %s: %s", res.Status, res.Message)
			}
			if diff := cmp.Diff(tt.want, res.Findings); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if _, ok := p.Exempt(context.Background(), s, "readme"); ok {
				t.Error("a malformed file granted an exemption")
			}
		})
	}
}

// The engine asks from many goroutines at once (run with -race).
func TestExemptConcurrent(t *testing.T) {
	p, err := Parse("x.yml", []byte("extends: []\nrules: {readme: true}\nrepository-exemptions: {allow: true}\n"), testRules)
	if err != nil {
		t.Fatal(err)
	}
	var snaps []*repoSnap
	for i := 0; i < 100; i++ {
		snaps = append(snaps, &repoSnap{snap("acme/r", map[string]string{".repogov.yml": "exemptions: [{rules: [readme], reason: r}]\n"})})
	}
	done := make(chan bool)
	for w := 0; w < 4; w++ {
		go func() {
			for _, s := range snaps {
				if _, ok := p.Exempt(context.Background(), s.Snapshot, "readme"); !ok {
					t.Error("not exempt")
				}
			}
			done <- true
		}()
	}
	for w := 0; w < 4; w++ {
		<-done
	}
}

type repoSnap struct{ *repo.Snapshot }

type ctxKey struct{}

// Exempt reads the repository's own file with the scan's context, not a fresh one.
func TestExemptPassesContext(t *testing.T) {
	p, err := Parse("p.yml", []byte("extends: []\nrules: {readme: true}\nrepository-exemptions: {allow: true}\n"), testRules)
	if err != nil {
		t.Fatal(err)
	}
	body := "exemptions:\n  - rules: [readme]\n    reason: archived docs\n"
	var seen []any
	s := repo.New(repo.Meta{Name: "x", FullName: "acme/x"},
		[]repo.Entry{{Path: DefaultFile, Kind: repo.File, Size: int64(len(body))}},
		repo.LoaderFunc(func(ctx context.Context, e repo.Entry) (io.ReadCloser, error) {
			seen = append(seen, ctx.Value(ctxKey{}))
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			return io.NopCloser(strings.NewReader(body)), nil
		}))
	cancelled, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "cancelled scan"))
	cancel()
	if _, ok := p.Exempt(cancelled, s, "readme"); ok {
		t.Errorf("cancelled scan: exemption granted from a file that could not be read")
	}
	// The failed read was not remembered: a live context reads the file and exempts.
	ex, ok := p.Exempt(context.WithValue(context.Background(), ctxKey{}, "scan"), s, "readme")
	if !ok || ex.Reason != "archived docs" {
		t.Errorf("live scan: %+v %v", ex, ok)
	}
	if diff := cmp.Diff([]any{"scan"}, seen); diff != "" {
		t.Errorf("contexts seen by the loader (-want +got):\n%s", diff)
	}
}
