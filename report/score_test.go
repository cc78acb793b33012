package report

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSummary(t *testing.T) {
	res := func(id string, st Status, sev Severity) Result {
		return Result{RuleID: id, Status: st, Severity: sev}
	}
	r := &Report{
		Started:  time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Finished: time.Date(2026, 1, 1, 0, 0, 3, 0, time.UTC),
		Rules:    []Rule{{ID: "a"}, {ID: "b"}, {ID: "c"}},
		Repos: []Repository{
			// a pass (3), b inherited (2), c exempt (left out): 100, compliant
			{Meta: Meta{Name: "one", FullName: "one"}, Results: []Result{
				res("a", Pass, Error), res("b", Inherited, Warning), res("c", Exempt, Note)}},
			// a fail (3), b pass (2), c error (1): 2/6 = 33.3
			{Meta: Meta{Name: "two", FullName: "two"}, Results: []Result{
				res("a", Fail, Error), res("b", Pass, Warning), res("c", StatusError, Note)}},
			// all not applicable: 100, compliant
			{Meta: Meta{Name: "three", FullName: "three"}, Results: []Result{
				res("a", NotApplicable, Error), res("b", NotApplicable, Warning), res("c", NotApplicable, Note)}},
			{Meta: Meta{Name: "four", FullName: "four"}, Error: "unreadable"},
		},
	}
	s := r.Summary()
	if s.Repositories != 4 || s.Scanned != 3 || s.Unreadable != 1 || s.FullyCompliant != 2 || s.Failures != 1 {
		t.Errorf("counts: %+v", s)
	}
	if got := []float64{s.Repos[0].Score, s.Repos[1].Score, s.Repos[2].Score, s.Repos[3].Score}; !cmp.Equal(got, []float64{100, 33.3, 100, 0}) {
		t.Errorf("scores %v", got)
	}
	if s.Repos[3].Scored || s.Repos[3].Compliant {
		t.Errorf("unreadable repository scored: %+v", s.Repos[3])
	}
	if s.MeanScore != 77.8 || s.CompliantShare != 0.6667 || s.Duration != 3 {
		t.Errorf("mean %v share %v duration %v", s.MeanScore, s.CompliantShare, s.Duration)
	}
	want := []RuleSummary{
		{RuleID: "a", Pass: 1, Fail: 1, NotApplicable: 1, PassRate: 0.5},
		{RuleID: "b", Pass: 1, Inherited: 1, NotApplicable: 1, PassRate: 1},
		{RuleID: "c", Exempt: 1, Error: 1, NotApplicable: 1, PassRate: 0},
	}
	if diff := cmp.Diff(want, s.Rules); diff != "" {
		t.Errorf("rule counts (-want +got):\n%s", diff)
	}

	// Policy weights override severity weights: with a and c weighing 1, "two" earns
	// b's 2 of 1+2+1.
	r.Weights = map[string]float64{"a": 1, "c": 1}
	if got := r.Summary().Repos[1].Score; got != 50 {
		t.Errorf("weighted score %v, want 50", got)
	}
}

func TestReportIDs(t *testing.T) {
	r := &Report{Started: time.Date(2026, 11, 21, 9, 30, 0, 0, time.FixedZone("x", 3600))}
	if r.ID() != "2026-11-21T08:30:00Z" || r.PolicyName() != "default" {
		t.Errorf("ID %q policy %q", r.ID(), r.PolicyName())
	}
	r.RunID, r.Policy.Name = "run-7", "strict"
	if r.ID() != "run-7" || r.PolicyName() != "strict" {
		t.Errorf("ID %q policy %q", r.ID(), r.PolicyName())
	}
}
