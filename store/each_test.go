package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/report"
)

// TestEachRepositoryMatchesLoad holds the streamed read of a run (the dashboard's) equal
// to Load: every run of an evolving store, the edge report, and a label group of
// overlapping shards (merged by key).
func TestEachRepositoryMatchesLoad(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{})
		ctx := context.Background()
		evolve(t, s)
		save(t, s, edgeReport())
		o := newOrg(4, 20, 4)
		full := o.report("weekly-01")
		a, b := *full, *full
		a.Repos, b.Repos = full.Repos[:12], full.Repos[10:]
		a.RunID, b.RunID = "shard-a", "shard-b"
		save(t, s, &a)
		save(t, s, &b)
		refs := []string{"weekly-01"}
		for i := 1; i <= 6; i++ {
			refs = append(refs, fmt.Sprint(i))
		}
		for _, ref := range refs {
			sel, err := s.Resolve(ctx, ref)
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.Load(ctx, sel)
			if err != nil {
				t.Fatal(err)
			}
			sum := want.Summary()
			var got []report.Repository
			var scores []report.RepoScore
			var worst, wantWorst []report.Severity
			err = s.EachRepository(ctx, sel, func(rr RunRepository) error {
				rr.Repo.Results = slices.Clone(rr.Repo.Results)
				got = append(got, rr.Repo)
				scores = append(scores, rr.Score)
				worst = append(worst, rr.Worst)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			rules, err := s.RunRules(ctx, sel)
			if err != nil {
				t.Fatal(err)
			}
			for _, rr := range want.Repos {
				wantWorst = append(wantWorst, rr.Worst())
			}
			for _, rr := range want.Repos {
				one, err := s.RepositoryIn(ctx, rr.Meta.Key(), sel)
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(rr, one, reportCmp...); d != "" {
					t.Errorf("%s: RepositoryIn(%s) differs from Load (-load +one):\n%s", ref, rr.Meta.Key(), d)
				}
			}
			if d := cmp.Diff(want.Repos, got, reportCmp...); d != "" {
				t.Errorf("%s: repositories differ from Load (-load +each):\n%s", ref, d)
			}
			if d := cmp.Diff(want.Rules, rules, reportCmp...); d != "" {
				t.Errorf("%s: rules differ from Load (-load +each):\n%s", ref, d)
			}
			if d := cmp.Diff(sum.Repos, scores); d != "" {
				t.Errorf("%s: scores differ from the report's (-report +each):\n%s", ref, d)
			}
			if d := cmp.Diff(wantWorst, worst); d != "" {
				t.Errorf("%s: worst severities differ (-report +each):\n%s", ref, d)
			}
		}
		// A key the run does not hold (removed from run 3 on), or no repository at all.
		for _, c := range []struct{ key, ref string }{{"github.com/acme/none", "latest"}, {load(t, s, "1").Repos[0].Meta.Key(), "3"}} {
			sel, err := s.Resolve(ctx, c.ref)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.RepositoryIn(ctx, c.key, sel); !errors.Is(err, ErrNotFound) {
				t.Errorf("RepositoryIn(%s, %s) = %v; want ErrNotFound", c.key, c.ref, err)
			}
		}
		// The callback's error stops the walk and comes back.
		stop := fmt.Errorf("stop")
		n := 0
		if err := s.EachRepository(ctx, Selection{}, func(RunRepository) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
			t.Errorf("after the callback failed: %d calls, err %v; want 1 call and an error", n, err)
		}
	})
}
