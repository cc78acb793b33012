package gitlab

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/gitlabtest"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
)

// Every kind of fault, injected at several points of a scan, is retried: the results
// equal the fault-free run's.
func TestFaults(t *testing.T) {
	ctx := context.Background()
	srv0 := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: testToken})
	want, err := scanAll(ctx, newSource(t, srv0, Options{Token: testToken, Selection: all}, "gov", "alice"))
	if err != nil {
		t.Fatal(err)
	}
	base := srv0.Stats().Requests
	for _, f := range gitlabtest.Faults {
		for _, at := range []int64{1, 2, 3, base} {
			t.Run(fmt.Sprintf("%s@%d", f, at), func(t *testing.T) {
				srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: testToken, Hang: 3 * time.Second,
					Reset: func() time.Time { return time.Now().Add(time.Second) }})
				srv.InjectAt(at, f)
				got, err := scanAll(ctx, newSource(t, srv, Options{Token: testToken, Selection: all}, "gov", "alice"))
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("results differ with a fault (-want +got):\n%s", diff)
				}
				if n := srv.Stats().Requests; n != base+1 {
					t.Errorf("requests = %d, want %d (one retry)", n, base+1)
				}
			})
		}
	}
}

// With 10 % of all requests failing (every kind in turn), a group of 300 projects in
// subgroups gives the same results as without faults.
func TestTenPercentFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	store := func() *gitlabtest.Store {
		s := gitlabtest.Fixtures()
		gitlabtest.Synthetic(s, "synth", 300, 6)
		return s
	}
	cfg := rules.Defaults(rules.All())
	scan := func(srv *gitlabtest.Server) *report.Report {
		s := newSource(t, srv, Options{Token: testToken, Selection: all, PageSize: 10, BatchProjects: 10}, "synth", "gov")
		return scanner.Scan(context.Background(), []scanner.Source{s}, scanner.Options{Rules: cfg, Now: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
	}
	want := scan(gitlabtest.Start(t, store(), gitlabtest.Options{Token: testToken}))
	srv := gitlabtest.Start(t, store(), gitlabtest.Options{Token: testToken, Hang: 2 * time.Second,
		Reset: func() time.Time { return time.Now().Add(time.Second) }})
	srv.InjectRate(0.10)
	got := scan(srv)
	st := srv.Stats()
	t.Logf("%d requests, %d faults injected", st.Requests, st.Faults)
	if st.Faults == 0 {
		t.Fatal("no fault was injected")
	}
	if got.Incomplete || len(got.Problems) > 0 {
		t.Errorf("incomplete with faults: %v", got.Problems)
	}
	strip := func(r *report.Report) []report.Repository { return r.Repos }
	if diff := cmp.Diff(strip(want), strip(got)); diff != "" {
		t.Errorf("results differ with 10 %% faults (-want +got):\n%s", diff)
	}
}

// A throttle whose reset is beyond --max-wait stops the scan with a partial report
// (exit 2 in the CLI), without sending more requests.
func TestBudget(t *testing.T) {
	t.Run("reset beyond max-wait", func(t *testing.T) {
		store := gitlabtest.NewStore()
		gitlabtest.Synthetic(store, "synth", 150, 3)
		srv := gitlabtest.Start(t, store, gitlabtest.Options{Token: testToken, Reset: func() time.Time { return time.Now().Add(time.Hour) }})
		srv.SetBudget(2) // two listing pages, then 429 until the reset
		s := newSource(t, srv, Options{Token: testToken, MaxWait: time.Second, Selection: all}, "synth")
		rep := scanner.Scan(context.Background(), []scanner.Source{s}, scanner.Options{Rules: rules.Defaults([]rules.Rule{readsGovernance})})
		if !rep.Incomplete {
			t.Errorf("report not incomplete")
		}
		if p := strings.Join(rep.Problems, "\n"); !strings.Contains(p, "GitLab api rate limit exhausted until") || !strings.Contains(p, "--max-wait") {
			t.Errorf("problems = %q", rep.Problems)
		}
		if n := srv.Stats().Requests; n > 3 {
			t.Errorf("kept sending after the throttle: %d requests", n)
		}
	})
	t.Run("reset within max-wait waits", func(t *testing.T) {
		srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: testToken, Reset: func() time.Time { return time.Now().Add(time.Second) }})
		srv.SetBudget(1)
		s := newSource(t, srv, Options{Token: testToken, MaxWait: time.Minute}, "gov")
		start := time.Now()
		got, err := scanAll(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 7 {
			t.Errorf("got %d projects", len(got))
		}
		if d := time.Since(start); d < 500*time.Millisecond {
			t.Errorf("did not wait for the reset (%s)", d)
		}
	})
	t.Run("Retry-After beyond max-wait", func(t *testing.T) {
		srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: testToken, RetryAfter: 600})
		srv.InjectAt(1, gitlabtest.Fault429App)
		_, err := newSource(t, srv, Options{Token: testToken, MaxWait: time.Minute}, "gov").List(context.Background())
		if !errors.Is(err, scanner.ErrIncomplete) {
			t.Errorf("err = %v, want a budget error", err)
		}
	})
}

// Cancelling while waiting for a reset returns at once.
func TestCancelWhileWaiting(t *testing.T) {
	srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: testToken, RetryAfter: 30})
	srv.InjectAt(1, gitlabtest.Fault429)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := newSource(t, srv, Options{Token: testToken}, "gov").List(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's error", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("cancellation took %s", d)
	}
}

// A persistent failure of one project's file is that project's problem only.
func TestPersistentFailureIsPerProject(t *testing.T) {
	srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: testToken})
	srv.InjectPath("projects/gov%2Fbinary/repository/blobs", gitlabtest.Fault500, 100)
	got, err := scanAll(context.Background(), newSource(t, srv, Options{Token: testToken}, "gov/binary", "gov/portal"))
	if err != nil {
		t.Fatal(err)
	}
	if c := got["gov/binary"].Files["LICENSE.bin"]; !strings.Contains(c, "giving up") {
		t.Errorf("binary LICENSE.bin = %q, want an error", c)
	}
	if !strings.HasPrefix(got["gov/portal"].Files["LICENSE"], "MIT") {
		t.Errorf("portal affected: %v", got["gov/portal"].Files)
	}
}
