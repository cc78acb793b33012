package policy

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/rules"
)

// TestOptOut: a repository's `remediation: {opt-out: true}` becomes a fact of the
// repository-exemptions result only where the central policy allows it; a disallowed
// opt-out is ignored and reported with its position.
func TestOptOut(t *testing.T) {
	const file = "remediation:\n  opt-out: true\n"
	for _, tt := range []struct {
		name, policy string
		status       rules.Status
		fact         bool
		findings     []rules.Finding
		ruleAbsent   bool
	}{
		{name: "allowed", policy: "extends: []\nrules: {readme: true}\nremediation: {allow-opt-out: true}\n", status: rules.Pass, fact: true},
		{name: "disallowed", policy: "extends: []\nrules: {readme: true}\nrepository-exemptions: {allow: true}\n", status: rules.Fail,
			findings: []rules.Finding{{Path: ".repogov.yml", Line: 2, Column: 12, Message: "remediation.opt-out: the policy does not let repositories opt out of remediation (remediation.allow-opt-out)"}}},
		{name: "nothing allowed", policy: "extends: []\nrules: {readme: true}\n", ruleAbsent: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("p.yml", []byte(tt.policy), testRules)
			if err != nil {
				t.Fatal(err)
			}
			var rule *rules.Config
			for _, c := range p.Configs() {
				if c.Rule.ID == RepoExemptionsRuleID {
					rule = &c
				}
			}
			if tt.ruleAbsent {
				if rule != nil {
					t.Fatal("the repository-exemptions rule runs: the opt-out would be recorded")
				}
				return
			}
			res := rule.Rule.Check(context.Background(), snap("acme/a", map[string]string{".repogov.yml": file}), rule.Options)
			if res.Status != tt.status || (res.Facts[OptOutFact] == true) != tt.fact {
				t.Errorf("status %s facts %v; want %s, opt-out %v", res.Status, res.Facts, tt.status, tt.fact)
			}
			if d := cmp.Diff(tt.findings, res.Findings); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
