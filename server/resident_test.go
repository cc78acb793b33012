package server

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The results kept in memory are the store's: every repository's equal what
// Store.RepositoryIn reads, and past maxResidentResults the rest come from the store.
func TestResidentResults(t *testing.T) {
	for _, bound := range []int{1 << 15, 40} {
		old := maxResidentResults
		maxResidentResults = bound
		s, h := testServer(t, Options{})
		maxResidentResults = old
		sn := s.snap.Load()
		resident := 0
		for i, row := range sn.Repos {
			want, err := s.store.RepositoryIn(context.Background(), row.Key, sn.Sel)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := sn.residentRepo(i)
			if !ok {
				if rec := get(t, h, "/repo/"+encodeKey(row.Key)); rec.Code != 200 {
					t.Fatalf("%s (from the store): %d", row.Key, rec.Code)
				}
				continue
			}
			resident++
			if diff := cmp.Diff(want.Results, got.Results, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("%s: resident results differ from the store's (-store +resident):\n%s", row.Key, diff)
			}
		}
		if bound > 1000 && (resident != len(sn.Repos) || len(sn.results) > 2000) {
			t.Errorf("bound %d: %d of %d repositories resident, %d distinct results", bound, resident, len(sn.Repos), len(sn.results))
		}
		if bound < 1000 && (resident == 0 || resident == len(sn.Repos) || len(sn.results) > bound) {
			t.Errorf("bound %d: %d of %d repositories resident, %d distinct results", bound, resident, len(sn.Repos), len(sn.results))
		}
		t.Logf("bound %d: %d of %d repositories resident, %d distinct results", bound, resident, len(sn.Repos), len(sn.results))
	}
}
