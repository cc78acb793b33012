package server

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/report"
)

// TestHistoryIndex holds the in-memory history index equal to the store's History for every
// repository: status changes (run, rule, from, to, severity, message, commit) and scores.
func TestHistoryIndex(t *testing.T) {
	reps := synthOrg(60, 6, 0.08, 21)
	// A repository that appears only from the third run on, and a rule's severity change.
	late := reps[0].Repos[5]
	for _, r := range reps[:2] {
		r.Repos = append(r.Repos[:5:5], r.Repos[6:]...)
	}
	reps[4].Repos[7].Results[0].Severity = report.Error
	url := storeWith(t, reps)
	st := openReadOnly(t, url)
	s, err := New(context.Background(), st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	<-s.Indexed()
	sn := s.snap.Load()
	hx := sn.hist.Load()
	if hx == nil {
		t.Fatal("no history index")
	}
	if len(hx.runs) != 6 {
		t.Fatalf("%d runs indexed", len(hx.runs))
	}
	for _, row := range sn.Repos {
		want, err := st.History(context.Background(), row.Key)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := hx.repo(sn, row.Key)
		for i := range want.Scores { // the index keeps what pages show
			want.Scores[i].Commit, want.Scores[i].Compliant, want.Scores[i].Failures = "", false, 0
		}
		// First observations: the index knows neither commit nor message (buildHistory).
		for i, c := range want.Changes {
			if c.From == "" {
				want.Changes[i].Commit, want.Changes[i].Message = "", ""
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s: index differs from the store (-store +index):\n%s", row.Key, diff)
		}
	}
	if got, _ := hx.repo(sn, late.Meta.Key()); got.Changes[0].Run.ID != 3 {
		t.Errorf("the late repository is first seen in run %d, want 3", got.Changes[0].Run.ID)
	}
}
