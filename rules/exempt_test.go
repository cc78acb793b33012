package rules_test

import (
	"context"
	"testing"
	"time"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
)

// An exemption replaces every rule's verdict, whatever the repository holds: the rule
// is not run, and the result carries the policy's reason.
func TestExempt(t *testing.T) {
	s := repo.FromMap(repo.Meta{Name: "alpha", FullName: "acme/alpha"}, map[string]string{"CONTRIBUTING.md": ""})
	now := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			called := false
			probe := r
			probe.Check = func(ctx context.Context, s *repo.Snapshot, o rules.Options) rules.Result {
				called = true
				return r.Check(ctx, s, o)
			}
			got := scanner.Evaluate(t.Context(), s, scanner.Options{
				Now:   now,
				Rules: rules.Defaults([]rules.Rule{probe}),
				Exempt: func(_ context.Context, _ *repo.Snapshot, id string) (rules.Exemption, bool) {
					return rules.Exemption{Reason: "archived next month"}, id == r.ID
				},
			})
			if len(got) != 1 || got[0].Status != rules.Exempt || got[0].Reason != "archived next month" || got[0].RuleID != r.ID {
				t.Fatalf("got %+v, want one exempt result", got)
			}
			if called {
				t.Error("the rule ran although the repository is exempt")
			}
		})
	}
}
