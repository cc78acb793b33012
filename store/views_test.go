package store

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// views are the SQL views documented as a stable interface (docs/store.md).
var views = []string{"repogov_runs", "repogov_logical_runs", "repogov_repositories", "repogov_repo_scores", "repogov_run_results",
	"repogov_latest_results", "repogov_rule_trend", "repogov_owner_scores", "repogov_latest_regressions"}

// TestViews: every documented view answers on both backends, and a few agree with the
// Go API on the same data.
func TestViews(t *testing.T) {
	eachBackend(t, func(t *testing.T, url string) {
		s := open(t, url, Options{})
		saved := evolve(t, s)
		for _, v := range views {
			if n := count(t, s, v); n == 0 {
				t.Errorf("%s: no rows", v)
			}
		}
		var share, score float64
		if err := s.db.QueryRow(`SELECT compliant_share, mean_score FROM repogov_logical_runs WHERE age = 0`).Scan(&share, &score); err != nil {
			t.Fatal(err)
		}
		sum := saved[len(saved)-1].Summary()
		if share != sum.CompliantShare || score != sum.MeanScore {
			t.Errorf("latest logical run: share %v score %v, want %v %v", share, score, sum.CompliantShare, sum.MeanScore)
		}
		latest := 0
		for _, rr := range saved[len(saved)-1].Repos {
			latest += len(rr.Results)
		}
		if n := count(t, s, "repogov_latest_results"); n != latest {
			t.Errorf("repogov_latest_results: %d rows, want %d", n, latest)
		}
		d := diffOf(t, s, "latest~1", "latest")
		if n := count(t, s, "repogov_latest_regressions"); n != len(d.Regressions) || n == 0 {
			t.Errorf("repogov_latest_regressions: %d rows, the diff has %d", n, len(d.Regressions))
		}
	})
}

var grafanaMacro = regexp.MustCompile(`\$__timeFilter\(([a-z_.]+)\)`)

// TestGrafanaDashboardQueries runs every SQL query of docs/grafana/repogov.json against a
// real PostgreSQL holding a history, with Grafana's macros expanded as Grafana does, and
// requires rows from each.
func TestGrafanaDashboardQueries(t *testing.T) {
	b, err := os.ReadFile("../docs/grafana/repogov.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ RawSQL string }
		}
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatalf("docs/grafana/repogov.json: %v", err)
	}
	s := open(t, postgresURL(t), Options{})
	evolve(t, s)
	queries := 0
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			if strings.TrimSpace(tg.RawSQL) == "" {
				t.Errorf("panel %q has a target without SQL", p.Title)
				continue
			}
			queries++
			q := grafanaMacro.ReplaceAllString(tg.RawSQL, "$1 BETWEEN '2020-01-01T00:00:00Z' AND '2100-01-01T00:00:00Z'")
			if strings.Contains(q, "$") {
				t.Errorf("panel %q: unexpanded macro or variable in %q", p.Title, q)
				continue
			}
			rows, err := s.db.Query(q)
			if err != nil {
				t.Errorf("panel %q: %v\n%s", p.Title, err, q)
				continue
			}
			n := 0
			for rows.Next() {
				n++
			}
			if err := rows.Err(); err != nil {
				t.Errorf("panel %q: %v", p.Title, err)
			}
			rows.Close()
			if n == 0 {
				t.Errorf("panel %q: no rows\n%s", p.Title, q)
			}
		}
	}
	if queries < 8 {
		t.Errorf("%d queries in the dashboard; expected one per panel", queries)
	}
}
