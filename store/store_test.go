package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
)

// postgresDSN is the test server's DSN (.ci/postgres.sh exports it). In CI a missing DSN
// fails the Postgres tests; locally they are skipped when it is unset.
func postgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("REPOGOV_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("REPOGOV_TEST_POSTGRES is not set: CI must start PostgreSQL (.ci/postgres.sh)")
		}
		t.Skip("REPOGOV_TEST_POSTGRES not set; PostgreSQL tests skipped (they run in CI)")
	}
	return dsn
}

var schemaSeq struct {
	sync.Mutex
	n int
}

// postgresURL creates an empty schema for one test and returns a DSN using it; the
// schema is dropped when the test ends.
func postgresURL(t testing.TB) string {
	t.Helper()
	dsn := postgresDSN(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	schemaSeq.Lock()
	schemaSeq.n++
	schema := fmt.Sprintf("t%d_%d", os.Getpid(), schemaSeq.n)
	schemaSeq.Unlock()
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("dropping %s: %v", schema, err)
		}
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema
}

type backend struct {
	name string
	url  func(t testing.TB) string
}

var backends = []backend{
	{"sqlite", func(t testing.TB) string { return "sqlite:" + filepath.Join(t.TempDir(), "history.db") }},
	{"postgres", postgresURL},
}

// eachBackend runs the same test against SQLite and PostgreSQL.
func eachBackend(t *testing.T, f func(t *testing.T, url string)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { f(t, b.url(t)) })
	}
}

func open(t testing.TB, url string, opts Options) *Store {
	t.Helper()
	s, err := Open(context.Background(), url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// normalize is what a report looks like after any JSON round trip (facts hold JSON
// types): the store reproduces a report up to this, which renders to the same bytes.
func normalize(t testing.TB, r *report.Report) *report.Report {
	t.Helper()
	out := *r
	out.Repos = nil
	for _, rr := range r.Repos {
		c := rr
		c.Results = nil
		for _, res := range rr.Results {
			if res.Facts != nil {
				b, err := json.Marshal(res.Facts)
				if err != nil {
					t.Fatal(err)
				}
				res.Facts = nil
				if err := json.Unmarshal(b, &res.Facts); err != nil {
					t.Fatal(err)
				}
			}
			c.Results = append(c.Results, res)
		}
		out.Repos = append(out.Repos, c)
	}
	return &out
}

var reportCmp = []cmp.Option{cmpopts.EquateEmpty()}

func save(t testing.TB, s *Store, r *report.Report) Run {
	t.Helper()
	run, err := s.Save(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func load(t testing.TB, s *Store, ref string) *report.Report {
	t.Helper()
	ctx := context.Background()
	sel, err := s.Resolve(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Load(ctx, sel)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// edgeReport has every field and edge the store must keep: an unreadable repository,
// local and hosted repositories, facts, findings, exemptions with and without expiry, a
// result whose rule the report does not list, results out of rule order.
func edgeReport() *report.Report {
	o := newOrg(1, 6, 5)
	r := o.report("")
	r.RunID = ""
	r.Incomplete = true
	r.Problems = []string{"listing github:acme: rate limited", "second problem"}
	r.Targets = append(r.Targets, "./local", "https://x:xxxxx@example.com/r.git")
	r.Repos[1].Error = "cannot read: timeout"
	r.Repos[1].Results = nil
	r.Repos[2].Cached = true
	r.Repos[3].Results[0] = report.Result{RuleID: "rule-01", Status: report.Exempt, Severity: report.Warning, Message: "exempt",
		Reason: "migrating", ExemptUntil: time.Date(2026, 3, 1, 0, 0, 0, 5, time.UTC),
		Facts: map[string]any{"nested": map[string]any{"a": []any{1.5, "x", nil, true}}}}
	r.Repos[3].Results = append(r.Repos[3].Results, report.Result{RuleID: "custom-only", Status: report.Fail, Severity: report.Note,
		Message: "custom rule", Findings: []report.Finding{{Path: "a.txt", Line: 3, Column: 9, Message: "m", Key: "k"}}})
	r.Repos[4].Results[0], r.Repos[4].Results[1] = r.Repos[4].Results[1], r.Repos[4].Results[0]
	r.Repos = append(r.Repos, report.Repository{Meta: report.Meta{Name: "clone", FullName: "src/clone", Path: "/srv/src/clone"},
		Results: []report.Result{{RuleID: "rule-02", Status: report.Pass, Severity: report.Error, Message: "ok"}}})
	return r
}

func TestRoundTrip(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{Tool: "1.2.3"})
		want := edgeReport()
		run := save(t, s, want)
		if run.ID != 1 || run.Tool != "1.2.3" || !run.Incomplete || run.Repositories != len(want.Repos) {
			t.Errorf("run = %+v", run)
		}
		got := load(t, s, "latest")
		if d := cmp.Diff(normalize(t, want), got, reportCmp...); d != "" {
			t.Errorf("loaded report differs (-saved +loaded):\n%s", d)
		}
		// By id, by report RunID (the start time) and after reopening.
		for _, ref := range []string{"1", want.ID()} {
			if d := cmp.Diff(normalize(t, want), load(t, s, ref), reportCmp...); d != "" {
				t.Errorf("ref %q: %s", ref, d)
			}
		}
	})
}

func count(t testing.TB, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestUnchangedRescanAddsOnlyMembership(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{})
		o := newOrg(2, 40, 8)
		first := o.report("")
		save(t, s, first)
		tables := []string{"repogov_result", "repogov_result_body", "repogov_meta", "repogov_repository", "repogov_rule_def", "repogov_rule_list"}
		before := map[string]int{}
		for _, tb := range tables {
			before[tb] = count(t, s, tb)
		}
		second := o.report("")
		second.RunID = "again"
		save(t, s, second)
		for _, tb := range tables {
			if n := count(t, s, tb); n != before[tb] {
				t.Errorf("%s: %d rows after an unchanged re-scan, want %d", tb, n, before[tb])
			}
		}
		if n := count(t, s, "repogov_run_repo"); n != 80 {
			t.Errorf("run_repo rows = %d, want 80", n)
		}
		if d := cmp.Diff(normalize(t, first), load(t, s, "1"), reportCmp...); d != "" {
			t.Errorf("run 1: %s", d)
		}
		if d := cmp.Diff(normalize(t, second), load(t, s, "again"), reportCmp...); d != "" {
			t.Errorf("run 2: %s", d)
		}
	})
}

// evolve saves a sequence of runs that exercises every kind of change, and returns the
// reports as saved.
func evolve(t testing.TB, s *Store) []*report.Report {
	o := newOrg(3, 30, 6)
	var saved []*report.Report
	keep := func(r *report.Report) {
		save(t, s, r)
		saved = append(saved, r)
	}
	keep(o.report(""))
	o.advance(0.1)
	keep(o.report(""))
	// A rule turned off, a repository removed, one added, one archived, one unreadable.
	o.advance(0.1)
	r := o.report("")
	r.Rules = r.Rules[:5]
	for i := range r.Repos {
		r.Repos[i].Results = r.Repos[i].Results[:5]
	}
	r.Repos = r.Repos[1:]
	r.Repos[0].Meta.Archived = true
	r.Repos[1].Error, r.Repos[1].Results = "unreadable", nil
	extra := newOrg(9, 1, 5).repos[0]
	extra.Meta.Name, extra.Meta.FullName, extra.Meta.ID = "zz-new", "acme/zz-new", 99999
	r.Repos = append(r.Repos, extra)
	keep(r)
	// Everything back: rule on again, repository readable again, unarchived.
	o.advance(0.1)
	keep(o.report(""))
	o.advance(0.05)
	keep(o.report(""))
	return saved
}

func TestEvolutionReproducesEveryRun(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{})
		saved := evolve(t, s)
		for i, want := range saved {
			if d := cmp.Diff(normalize(t, want), load(t, s, fmt.Sprint(i+1)), reportCmp...); d != "" {
				t.Errorf("run %d differs:\n%s", i+1, d)
			}
		}
	})
}

func TestDiffMatchesCompare(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{})
		saved := evolve(t, s)
		ctx := context.Background()
		regressions := 0
		for i := range saved {
			for j := range saved {
				if i == j {
					continue
				}
				from, err := s.Resolve(ctx, fmt.Sprint(i+1))
				if err != nil {
					t.Fatal(err)
				}
				to, err := s.Resolve(ctx, fmt.Sprint(j+1))
				if err != nil {
					t.Fatal(err)
				}
				got, err := s.Diff(ctx, from, to)
				if err != nil {
					t.Fatal(err)
				}
				want := history.Compare(saved[i], saved[j], from.RunRef(), to.RunRef())
				if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
					t.Errorf("diff %d..%d (-compare +store):\n%s", i+1, j+1, d)
				}
				regressions += len(got.Regressions)
			}
		}
		if regressions == 0 {
			t.Error("the evolution has no regressions: the test proves nothing")
		}
	})
}

func TestLabelGroupsShards(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{})
		o := newOrg(4, 20, 4)
		full := o.report("weekly-01")
		a, b := *full, *full
		a.Repos, b.Repos = full.Repos[:12], full.Repos[10:] // two shards overlapping on two repositories
		a.RunID, b.RunID = "shard-a", "shard-b"
		a.Targets, b.Targets = []string{"github:acme/a"}, []string{"github:acme/b"}
		save(t, s, &a)
		save(t, s, &b)
		ctx := context.Background()
		sel, err := s.Resolve(ctx, "weekly-01")
		if err != nil {
			t.Fatal(err)
		}
		if len(sel.Runs) != 2 || sel.Label != "weekly-01" {
			t.Fatalf("selection = %+v", sel)
		}
		got, err := s.Load(ctx, sel)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(normalize(t, full).Repos, got.Repos, reportCmp...); d != "" {
			t.Errorf("merged repositories differ:\n%s", d)
		}
		if d := cmp.Diff([]string{"github:acme/a", "github:acme/b"}, got.Targets); d != "" {
			t.Error(d)
		}
		latest, err := s.Resolve(ctx, "latest")
		if err != nil || len(latest.Runs) != 2 {
			t.Errorf("latest = %+v, %v; want the label group", latest, err)
		}
		// Totals of the group count each shard's repositories; the dashboard query shows
		// each repository once.
		page, err := s.Repositories(ctx, RepoQuery{Run: sel, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 20 || len(page.Rows) != 20 {
			t.Errorf("repositories in the group: total %d, rows %d; want 20", page.Total, len(page.Rows))
		}
		// The next week, diffed as logical runs.
		o.advance(0.2)
		next := o.report("weekly-02")
		save(t, s, next)
		to, err := s.Resolve(ctx, "weekly-02")
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.Diff(ctx, sel, to)
		if err != nil {
			t.Fatal(err)
		}
		want := history.Compare(normalize(t, full), next, sel.RunRef(), to.RunRef())
		want.FromTotals = sel.Totals() // shards overlap: the store sums the shards' figures
		if diff := cmp.Diff(want, d, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("label diff (-compare +store):\n%s", diff)
		}
	})
}

func TestResolveErrors(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{})
		ctx := context.Background()
		if _, err := s.Resolve(ctx, "latest"); !errors.Is(err, ErrNotFound) {
			t.Errorf("empty store latest: %v", err)
		}
		save(t, s, newOrg(5, 3, 2).report("weekly-01"))
		for _, ref := range []string{"999", "nope", "latest~5", "weekly-02"} {
			_, err := s.Resolve(ctx, ref)
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("%s: err = %v, want ErrNotFound", ref, err)
				continue
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, ref) && ref != "latest~5" {
				t.Errorf("%s: message %q should be one line naming the ref", ref, msg)
			}
		}
		if _, err := s.Resolve(ctx, "latest~x"); err == nil {
			t.Error("latest~x accepted")
		}
	})
}

func TestConcurrentWriters(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		const writers = 4
		o := newOrg(6, 200, 10)
		full := o.report("weekly-07")
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Each job opens its own store, as separate processes would.
				s, err := Open(context.Background(), url, Options{})
				if err != nil {
					errs[i] = err
					return
				}
				defer s.Close()
				shard := *full
				shard.RunID = fmt.Sprintf("shard-%d", i)
				shard.Repos = full.Repos[i*50 : (i+1)*50]
				_, errs[i] = s.Save(context.Background(), &shard)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("writer %d: %v", i, err)
			}
		}
		s := open(t, url, Options{})
		got := load(t, s, "weekly-07")
		if d := cmp.Diff(normalize(t, full).Repos, got.Repos, reportCmp...); d != "" {
			t.Errorf("merged shards differ:\n%s", d)
		}
	})
}

func TestTrend(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{})
		saved := evolve(t, s)
		ctx := context.Background()
		tr, err := s.Trend(ctx, TrendOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.Points) != len(saved) {
			t.Fatalf("%d points, want %d", len(tr.Points), len(saved))
		}
		for i, p := range tr.Points {
			sum := saved[i].Summary()
			if d := cmp.Diff(history.TotalsOf(sum), p.Totals); d != "" {
				t.Errorf("point %d totals: %s", i, d)
			}
			var want []history.RulePoint
			for _, rs := range sum.Rules {
				want = append(want, history.RulePoint{RuleID: rs.RuleID, Pass: rs.Pass, Fail: rs.Fail, Inherited: rs.Inherited,
					Exempt: rs.Exempt, NotApplicable: rs.NotApplicable, Error: rs.Error, PassRate: rs.PassRate})
			}
			if d := cmp.Diff(want, p.Rules); d != "" {
				t.Errorf("point %d rules: %s", i, d)
			}
		}
		one, err := s.Trend(ctx, TrendOptions{Rule: "rule-06"})
		if err != nil {
			t.Fatal(err)
		}
		if len(one.Rules) != 1 || len(one.Points[2].Rules) != 0 || len(one.Points[0].Rules) != 1 {
			t.Errorf("rule-06 trend: rules %v, point 3 %v", one.Rules, one.Points[2].Rules)
		}
		if _, err := s.Trend(ctx, TrendOptions{Rule: "no-such-rule"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown rule: %v", err)
		}
		// Weekly runs by month: January has four, February one.
		m, err := s.Trend(ctx, TrendOptions{By: history.ByMonth})
		if err != nil {
			t.Fatal(err)
		}
		var periods []string
		for _, p := range m.Points {
			periods = append(periods, p.Period)
		}
		if d := cmp.Diff([]string{"2026-01", "2026-02"}, periods); d != "" {
			t.Errorf("monthly periods: %s", d)
		}
		if m.Points[0].Run.ID != 4 {
			t.Errorf("January is represented by run %d, want its last run 4", m.Points[0].Run.ID)
		}
	})
}

func TestRepositoryHistory(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{})
		saved := evolve(t, s)
		ctx := context.Background()
		// repo-00002 was unreadable in run 3 (index 1 after the first was removed).
		h, err := s.History(ctx, "acme/repo-00002")
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Scores) != len(saved) {
			t.Errorf("%d score points, want %d", len(h.Scores), len(saved))
		}
		if h.Scores[2].Error != "unreadable" || h.Scores[2].Scored {
			t.Errorf("run 3 score point = %+v", h.Scores[2])
		}
		// Rebuild the expected status changes from the saved reports.
		type key struct {
			run  int64
			rule string
		}
		want := map[key][2]report.Status{}
		prev := map[string]report.Status{}
		for i, r := range saved {
			cur := map[string]report.Status{}
			for _, rr := range r.Repos {
				if rr.Meta.FullName == "acme/repo-00002" {
					for _, res := range rr.Results {
						cur[res.RuleID] = res.Status
					}
				}
			}
			for rule, st := range cur {
				if prev[rule] != st {
					want[key{int64(i + 1), rule}] = [2]report.Status{prev[rule], st}
				}
			}
			for rule, st := range prev {
				if _, ok := cur[rule]; !ok {
					want[key{int64(i + 1), rule}] = [2]report.Status{st, ""}
				}
			}
			prev = cur
		}
		got := map[key][2]report.Status{}
		for _, c := range h.Changes {
			got[key{c.Run.ID, c.RuleID}] = [2]report.Status{c.From, c.To}
			if c.To != "" && c.Commit == "" {
				t.Errorf("change %+v has no commit", c)
			}
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("status changes (-want +got):\n%s", d)
		}
		if _, err := s.History(ctx, "acme/nothing"); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown repository: %v", err)
		}
		if _, err := s.History(ctx, "github.com/acme/repo-00002"); err != nil {
			t.Errorf("by key: %v", err)
		}
	})
}

func TestRepositoriesQuery(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{})
		o := newOrg(8, 60, 5)
		r := o.report("")
		save(t, s, r)
		ctx := context.Background()
		sum := r.Summary()
		yes := true
		for _, tc := range []struct {
			name string
			q    RepoQuery
			keep func(i int, rr report.Repository) bool
		}{
			{"all", RepoQuery{}, func(int, report.Repository) bool { return true }},
			{"search", RepoQuery{Search: "REPO-0001"}, func(_ int, rr report.Repository) bool { return strings.Contains(rr.Meta.Name, "repo-0001") }},
			{"rule status", RepoQuery{Rule: "rule-02", Status: report.Fail}, func(_ int, rr report.Repository) bool {
				res, _ := rr.Result("rule-02")
				return res.Status == report.Fail
			}},
			{"any exempt", RepoQuery{Status: report.Exempt}, func(_ int, rr report.Repository) bool {
				for _, res := range rr.Results {
					if res.Status == report.Exempt {
						return true
					}
				}
				return false
			}},
			{"severity", RepoQuery{Severity: report.Error}, func(_ int, rr report.Repository) bool { return rr.Worst() == report.Error }},
			{"topic", RepoQuery{Topic: "web"}, func(_ int, rr report.Repository) bool { return rr.Meta.Topics[0] == "web" }},
			{"visibility", RepoQuery{Visibility: "Private"}, func(_ int, rr report.Repository) bool { return rr.Meta.Visibility == "private" }},
			{"compliant", RepoQuery{Compliant: &yes}, func(i int, _ report.Repository) bool { return sum.Repos[i].Compliant }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var want []string
				for i, rr := range r.Repos {
					if tc.keep(i, rr) {
						want = append(want, rr.Meta.FullName)
					}
				}
				tc.q.Limit = 1000
				page, err := s.Repositories(ctx, tc.q)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, row := range page.Rows {
					got = append(got, row.FullName)
				}
				if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" || page.Total != len(want) {
					t.Errorf("total %d (-want +got):\n%s", page.Total, d)
				}
			})
		}
		page, err := s.Repositories(ctx, RepoQuery{Sort: "-score", Limit: 5, Offset: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Rows) != 5 || page.Total != 60 || page.Rows[0].Score < page.Rows[4].Score {
			t.Errorf("page = %d rows of %d, scores %v..%v", len(page.Rows), page.Total, page.Rows[0].Score, page.Rows[4].Score)
		}
		if _, err := s.Repositories(ctx, RepoQuery{Sort: "bogus"}); err == nil {
			t.Error("bad sort accepted")
		}
		rr, run, err := s.Repository(ctx, "acme/repo-00003", Selection{})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(normalize(t, r).Repos[3], rr, reportCmp...); d != "" || run.ID != 1 {
			t.Errorf("repository (run %d): %s", run.ID, d)
		}
		ex, err := s.Exemptions(ctx, Selection{}, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if n := sum.Rules[0].Exempt + sum.Rules[1].Exempt + sum.Rules[2].Exempt + sum.Rules[3].Exempt + sum.Rules[4].Exempt; len(ex) != n || n == 0 {
			t.Errorf("%d exemptions, want %d", len(ex), n)
		}
		owners, err := s.Owners(ctx, Selection{})
		if err != nil {
			t.Fatal(err)
		}
		if len(owners) != 1 || owners[0].Totals != history.TotalsOf(sum) {
			t.Errorf("owners = %+v, want %+v", owners, history.TotalsOf(sum))
		}
	})
}

func TestPruneAndInfo(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{})
		saved := evolve(t, s)
		ctx := context.Background()
		before, err := s.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if before.Runs != 5 || before.LogicalRuns != 5 || before.Repositories != 31 || before.SizeBytes <= 0 || before.Last.ID != 5 {
			t.Errorf("info = %+v", before)
		}
		st, err := s.Prune(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		if st.Runs != 3 || st.Results == 0 {
			t.Errorf("prune stats = %+v", st)
		}
		after, err := s.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if after.Runs != 2 || after.Results >= before.Results || after.First.ID != 4 {
			t.Errorf("after prune: %+v", after)
		}
		for i := 3; i < 5; i++ {
			if d := cmp.Diff(normalize(t, saved[i]), load(t, s, fmt.Sprint(i+1)), reportCmp...); d != "" {
				t.Errorf("run %d after prune:\n%s", i+1, d)
			}
		}
		if _, err := s.Resolve(ctx, "1"); !errors.Is(err, ErrNotFound) {
			t.Errorf("pruned run still resolves: %v", err)
		}
	})
}

func TestReadOnly(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		w := open(t, url, Options{})
		r := newOrg(10, 3, 2).report("")
		save(t, w, r)
		ro := open(t, url, Options{ReadOnly: true})
		if _, err := ro.Save(context.Background(), r); !errors.Is(err, ErrReadOnly) {
			t.Errorf("save through a read-only store: %v", err)
		}
		if d := cmp.Diff(normalize(t, r), load(t, ro, "latest"), reportCmp...); d != "" {
			t.Error(d)
		}
	})
}

func TestNewerSchemaRefused(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{})
		save(t, s, newOrg(11, 2, 2).report(""))
		if _, err := s.db.Exec(s.rebind(`INSERT INTO repogov_schema (version_id, is_applied) VALUES (?, ?)`), latestVersion()+7, true); err != nil {
			t.Fatal(err)
		}
		rows := count(t, s, "repogov_schema")
		for _, ro := range []bool{false, true} {
			_, err := Open(context.Background(), url, Options{ReadOnly: ro})
			if !errors.Is(err, ErrNewerSchema) || strings.Contains(err.Error(), "\n") {
				t.Errorf("read-only %v: %v", ro, err)
			}
		}
		if n := count(t, s, "repogov_schema"); n != rows {
			t.Errorf("the refused store was altered: %d schema rows, had %d", n, rows)
		}
	})
}

func TestNotAStore(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{})
		s.Close()
		// A database with someone else's tables and no repogov marker.
		db := s.db
		_ = db
		raw := rawDB(t, url)
		for _, q := range []string{`DROP TABLE repogov_schema`, `CREATE TABLE invoices (id integer)`} {
			if _, err := raw.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		_, err := Open(context.Background(), url, Options{})
		if !errors.Is(err, ErrNotStore) || !strings.Contains(err.Error(), "invoices") {
			t.Errorf("err = %v", err)
		}
	})
}

// rawDB opens the store's database without the store.
func rawDB(t testing.TB, url string) *sql.DB {
	t.Helper()
	var db *sql.DB
	var err error
	if p, ok := strings.CutPrefix(url, "sqlite:"); ok {
		db, err = sql.Open("sqlite", p)
	} else {
		db, err = sql.Open("pgx", url)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestSQLiteBadFiles(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.db")
	if err := os.WriteFile(corrupt, []byte(strings.Repeat("this is not a database\n", 300)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), "sqlite:"+corrupt, Options{})
	if !errors.Is(err, ErrCorrupt) || strings.Contains(err.Error(), "\n") {
		t.Errorf("corrupt file: %v", err)
	}
	if _, err := Open(context.Background(), "sqlite:"+filepath.Join(dir, "missing.db"), Options{ReadOnly: true}); !errors.Is(err, ErrNotFound) {
		t.Errorf("read-only open of a missing file: %v", err)
	}
	if _, err := Open(context.Background(), "sqlite:"+filepath.Join(dir, "no", "such", "dir.db"), Options{}); err == nil {
		t.Error("a store in a missing directory opened")
	}
	if _, err := Open(context.Background(), "mysql://x", Options{}); err == nil {
		t.Error("mysql accepted")
	}
	if os.Geteuid() != 0 { // root writes through file modes
		ro := filepath.Join(dir, "ro.db")
		s := open(t, "sqlite:"+ro, Options{})
		s.Close()
		os.Remove(ro + "-wal")
		os.Remove(ro + "-shm")
		if err := os.Chmod(ro, 0o444); err != nil {
			t.Fatal(err)
		}
		s2, err := Open(context.Background(), "sqlite:"+ro, Options{})
		if err == nil {
			_, err = s2.Save(context.Background(), newOrg(1, 1, 1).report(""))
			s2.Close()
		}
		if !errors.Is(err, ErrReadOnly) {
			t.Errorf("read-only file: %v", err)
		}
	}
}

func TestPostgresConnectionErrors(t *testing.T) {
	dsn := postgresDSN(t)
	ctx := context.Background()
	wrong := strings.Replace(dsn, "repogov:", "repogov:wrong-secret-", 1)
	_, err := Open(ctx, wrong, Options{})
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "password authentication failed") ||
		strings.Contains(err.Error(), "wrong-secret") || strings.Contains(err.Error(), "\n") {
		t.Errorf("wrong password: %v", err)
	}
	_, err = Open(ctx, "postgres://repogov:secret@127.0.0.1:1/x?connect_timeout=2", Options{})
	if !errors.Is(err, ErrUnreachable) || strings.Contains(err.Error(), "secret") {
		t.Errorf("unreachable: %v", err)
	}
}

func TestAbortedSaveLeavesNoRun(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{})
		big := newOrg(12, 2000, 10).report("")
		ctx, cancel := context.WithCancel(context.Background())
		go func() { time.Sleep(20 * time.Millisecond); cancel() }()
		_, err := s.Save(ctx, big)
		n := count(t, s, "repogov_run")
		switch {
		case err != nil && n != 0:
			t.Errorf("a failed save left %d runs", n)
		case err == nil && n != 1:
			t.Errorf("a finished save left %d runs", n)
		}
		if err == nil {
			t.Log("the save finished before the cancellation; nothing to check")
			return
		}
		if c := count(t, s, "repogov_result"); c != 0 {
			t.Errorf("a failed save left %d result rows", c)
		}
	})
}

// TestResultDigestCoversEveryField fails when report.Result gains a field resultDigest
// does not hash: a change in it would otherwise go unstored.
func TestResultDigestCoversEveryField(t *testing.T) {
	var got []string
	rt := reflect.TypeFor[report.Result]()
	for i := range rt.NumField() {
		got = append(got, rt.Field(i).Name)
	}
	if d := cmp.Diff(resultFields, got); d != "" {
		t.Errorf("report.Result fields changed; extend resultDigest and resultFields (-hashed +model):\n%s", d)
	}
	base := report.Result{RuleID: "r", Status: report.Fail, Severity: report.Error, Message: "m", Findings: []report.Finding{{Path: "p"}},
		Remediation: "x", Reason: "y", ExemptUntil: time.Unix(5, 0), Facts: map[string]any{"a": 1}}
	d0, _, err := resultDigest(&base, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, mut := range map[string]func(r *report.Result){
		"status":      func(r *report.Result) { r.Status = report.Pass },
		"severity":    func(r *report.Result) { r.Severity = report.Note },
		"message":     func(r *report.Result) { r.Message = "n" },
		"finding":     func(r *report.Result) { r.Findings = []report.Finding{{Path: "p", Line: 1}} },
		"finding key": func(r *report.Result) { r.Findings = []report.Finding{{Path: "p", Key: "k"}} },
		"remediation": func(r *report.Result) { r.Remediation = "" },
		"reason":      func(r *report.Result) { r.Reason = "z" },
		"expiry":      func(r *report.Result) { r.ExemptUntil = time.Time{} },
		"facts":       func(r *report.Result) { r.Facts = map[string]any{"a": 2} },
		"no facts":    func(r *report.Result) { r.Facts = nil },
	} {
		c := base
		mut(&c)
		if d, _, _ := resultDigest(&c, nil); d == d0 {
			t.Errorf("%s: digest unchanged", name)
		}
	}
}

func diffOf(t testing.TB, s *Store, from, to string) *history.Diff {
	t.Helper()
	ctx := context.Background()
	a, err := s.Resolve(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Resolve(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Diff(ctx, a, b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@db:5432/x?sslmode=disable": "postgres://***@db:5432/x?sslmode=disable",
		"postgres://db/x?password=secret&user=u":        "postgres://db/x?password=%2A%2A%2A&user=u",
		"postgres://db/x":                               "postgres://db/x",
	} {
		if got := redactURL(in); got != want || strings.Contains(got, "secret") {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
	if got := redactText(`cannot parse "host=db password=secret user=u"`); strings.Contains(got, "secret") {
		t.Errorf("redactText left the password: %q", got)
	}
}

// TestSQLiteReadOnlyFile: a file SQLite may not write (here opened with mode=ro, which
// refuses writes even to root, for whom file modes do not) gives one clear line.
func TestSQLiteReadOnlyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	w := open(t, "sqlite:"+path, Options{})
	save(t, w, newOrg(13, 2, 2).report(""))
	w.Close()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	ro := &Store{db: db, dialect: dialectSQLite, name: "sqlite:" + path, path: path, log: open(t, "sqlite:"+path, Options{ReadOnly: true}).log}
	defer ro.Close()
	_, err = ro.Save(context.Background(), newOrg(14, 2, 2).report(""))
	if !errors.Is(err, ErrReadOnly) || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), path) {
		t.Errorf("err = %v", err)
	}
}

// TestOlderStoreMigrated: a store at an older schema version is migrated when opened for
// writing, refused (with the way out) when opened read-only.
func TestOlderStoreMigrated(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		raw := rawDB(t, url)
		sub, d := "migrations/sqlite", goose.DialectSQLite3
		if !strings.HasPrefix(url, "sqlite:") {
			sub, d = "migrations/postgres", goose.DialectPostgres
		}
		fsys, err := fs.Sub(migrations, sub)
		if err != nil {
			t.Fatal(err)
		}
		p, err := goose.NewProvider(d, raw, fsys, goose.WithTableName(schemaTable), goose.WithLogger(goose.NopLogger()), goose.WithDisableGlobalRegistry(true))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.UpTo(context.Background(), 2); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(context.Background(), url, Options{ReadOnly: true}); !errors.Is(err, ErrOldSchema) || !strings.Contains(err.Error(), "repogov store info") {
			t.Errorf("read-only open of an old store: %v", err)
		}
		s := open(t, url, Options{})
		in, err := s.Info(context.Background())
		if err != nil || in.SchemaVersion != latestVersion() || latestVersion() < 3 {
			t.Fatalf("after migration: version %d, want %d (%v)", in.SchemaVersion, latestVersion(), err)
		}
		r := newOrg(15, 5, 3).report("")
		save(t, s, r)
		if d := cmp.Diff(normalize(t, r), load(t, s, "latest"), reportCmp...); d != "" {
			t.Error(d)
		}
	})
}
