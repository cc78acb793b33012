package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unique"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/store"
	"golang.org/x/sync/errgroup"
)

// snapshot is the latest logical run, indexed for the pages: loaded once per new run and
// shared read-only by every request, so that the overview, the repository list, rule and
// team pages never touch the store. It keeps each repository's metadata, score and one
// status byte per rule, not the full results (those are read per repository page).
type snapshot struct {
	loaded   time.Time
	Runs     []store.Run // every run, newest first
	Sel      store.Selection
	Run      store.Run // the newest run of sel
	Empty    bool      // the store has no run yet
	Sum      report.Summary
	Rules    []report.Rule
	ruleIdx  map[string]int
	RuleSum  map[string]report.RuleSummary
	Repos    []repoRow // report order (by key)
	byKey    map[string]int
	byName   []int // repository indexes ordered by full name
	byScore  []int // by score, then name
	byFails  []int // by failures, then name
	Trend    *history.Trend
	Delta    *history.Diff // the latest run against the one before; nil when there is none
	Teams    []teamRow
	Expiring []history.Exemption // within 30 days of loading
	Topics   []string
	Owners   []string // teams, for the filter
	hosts    []string
	Orgs     []orgRow
	hist     atomic.Pointer[histIndex] // nil until built (histindex.go)
	pages    sync.Map                  // rendered pages that depend only on this run (renderCached)
}

// repoRow is one repository of the latest run with what the list shows and filters on.
type repoRow struct {
	// Exported fields are what the templates read; the lower-case ones serve the queries.
	Key      string
	Meta     report.Meta
	Team     string
	Score    report.RepoScore
	Worst    report.Severity
	Error    string
	statuses []byte          // per rule (snapshot.rules order): index into report.Statuses + 1, 0 = no result
	results  []report.Result // the full results, strings interned (repository pages never query the store)
	search   string          // lower-case full name, description, topics
	Vis      string          // visibility() of Meta, for the list
}

type teamRow struct {
	Team      string
	Repos     int
	Failing   int // repositories with at least one failing result
	Failures  int
	MeanScore float64
	Compliant int
}

// orgRow is the per-organization figures /metrics exports.
type orgRow struct {
	Host, Owner string
	Repos       int
	Compliant   int
	MeanScore   float64
	Rules       map[string][2]int // per rule: passing (pass, inherited), counted (+ fail, error)
}

// Team name when nothing assigns an owner.
const noTeam = "(unowned)"

// load reads the latest logical run and what the overview needs around it.
func (s *Server) load(ctx context.Context) (*snapshot, error) {
	sn := &snapshot{loaded: s.now(), ruleIdx: map[string]int{}, byKey: map[string]int{}, RuleSum: map[string]report.RuleSummary{}}
	runs, _, err := s.store.Runs(ctx, store.RunFilter{})
	if err != nil {
		return nil, fmt.Errorf("listing runs: %w", err)
	}
	sn.Runs = runs
	if len(runs) == 0 {
		sn.Empty = true
		sn.Trend = &history.Trend{}
		return sn, nil
	}
	if sn.Sel, err = s.store.Resolve(ctx, "latest"); err != nil {
		return nil, fmt.Errorf("resolving the latest run: %w", err)
	}
	sn.Run = sn.Sel.Last()
	// The trend and the last diff are independent reads: do them at once, but after the run
	// is loaded (the largest read), so that the two largest allocations do not overlap and
	// the server stays within its memory budget.
	rep, err := s.store.Load(ctx, sn.Sel)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", sn.Sel.Name(), err)
	}
	sn.index(rep, s.teamOf)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		var err error
		if sn.Trend, err = s.store.Trend(gctx, store.TrendOptions{By: history.ByRun}); err != nil {
			return fmt.Errorf("reading the trend: %w", err)
		}
		return nil
	})
	g.Go(func() error {
		prev, err := s.store.Resolve(gctx, "latest~1")
		if errors.Is(err, store.ErrNotFound) {
			return nil
		} else if err != nil {
			return fmt.Errorf("resolving the previous run: %w", err)
		}
		if sn.Delta, err = s.store.Diff(gctx, prev, sn.Sel); err != nil {
			return fmt.Errorf("comparing %s with %s: %w", prev.Name(), sn.Sel.Name(), err)
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return sn, nil
}

func (sn *snapshot) index(r *report.Report, teamOf func(report.Repository) string) {
	soon := sn.loaded.Add(30 * 24 * time.Hour)
	sn.Sum = r.Summary()
	sn.Rules = r.AllRules()
	for i, ru := range sn.Rules {
		sn.ruleIdx[ru.ID] = i
	}
	for _, rs := range sn.Sum.Rules {
		sn.RuleSum[rs.RuleID] = rs
	}
	statusIdx := map[report.Status]byte{}
	for i, st := range report.Statuses {
		statusIdx[st] = byte(i + 1)
	}
	topics, hosts, teams, orgs := map[string]bool{}, map[string]bool{}, map[string]*teamRow{}, map[string]*orgRow{}
	for i, rr := range r.Repos {
		row := repoRow{Key: rr.Meta.Key(), Meta: rr.Meta, Team: teamOf(rr), Score: sn.Sum.Repos[i], Worst: rr.Worst(), Error: rr.Error,
			statuses: make([]byte, len(sn.Rules)), results: internResults(rr.Results)}
		row.search = strings.ToLower(rr.Meta.FullName + " " + rr.Meta.Description + " " + strings.Join(rr.Meta.Topics, " "))
		row.Vis = visibility(rr.Meta)
		okey := rr.Meta.Host + "/" + rr.Meta.Owner
		o := orgs[okey]
		if o == nil {
			o = &orgRow{Host: rr.Meta.Host, Owner: rr.Meta.Owner, Rules: map[string][2]int{}}
			orgs[okey] = o
		}
		o.Repos++
		if row.Score.Compliant {
			o.Compliant++
		}
		o.MeanScore += row.Score.Score
		for _, res := range rr.Results {
			if res.Status == report.Exempt && res.ExemptUntil.After(sn.loaded) && !res.ExemptUntil.After(soon) {
				sn.Expiring = append(sn.Expiring, history.Exemption{Repo: history.Repo{Key: rr.Meta.Key(), FullName: rr.Meta.FullName, URL: rr.Meta.URL},
					RuleID: res.RuleID, Reason: res.Reason, ExemptUntil: res.ExemptUntil})
			}
			if j, ok := sn.ruleIdx[res.RuleID]; ok {
				row.statuses[j] = statusIdx[res.Status]
			}
			c := o.Rules[res.RuleID]
			switch res.Status {
			case report.Pass, report.Inherited:
				c[0]++
				c[1]++
			case report.Fail, report.StatusError:
				c[1]++
			}
			o.Rules[res.RuleID] = c
		}
		sn.byKey[row.Key] = len(sn.Repos)
		sn.Repos = append(sn.Repos, row)
		for _, t := range rr.Meta.Topics {
			topics[t] = true
		}
		if rr.Meta.Host != "" {
			hosts[rr.Meta.Host] = true
		}
		t := teams[row.Team]
		if t == nil {
			t = &teamRow{Team: row.Team}
			teams[row.Team] = t
		}
		t.Repos++
		t.Failures += row.Score.Failures
		if row.Score.Failures > 0 {
			t.Failing++
		}
		if row.Score.Compliant {
			t.Compliant++
		}
		t.MeanScore += row.Score.Score
	}
	for _, t := range teams {
		t.MeanScore = round1(t.MeanScore / float64(t.Repos))
		sn.Teams = append(sn.Teams, *t)
		sn.Owners = append(sn.Owners, t.Team)
	}
	for _, o := range orgs {
		o.MeanScore = round1(o.MeanScore / float64(o.Repos))
		sn.Orgs = append(sn.Orgs, *o)
	}
	slices.SortFunc(sn.Orgs, func(a, b orgRow) int { return cmp.Or(cmp.Compare(a.Host, b.Host), cmp.Compare(a.Owner, b.Owner)) })
	slices.SortFunc(sn.Teams, func(a, b teamRow) int {
		return cmp.Or(cmp.Compare(b.Failing, a.Failing), cmp.Compare(a.Team, b.Team))
	})
	slices.SortFunc(sn.Expiring, func(a, b history.Exemption) int {
		return cmp.Or(a.ExemptUntil.Compare(b.ExemptUntil), cmp.Compare(a.Repo.FullName, b.Repo.FullName), cmp.Compare(a.RuleID, b.RuleID))
	})
	sn.Topics = sortedKeys(topics)
	sn.hosts = sortedKeys(hosts)
	slices.Sort(sn.Owners)
	n := len(sn.Repos)
	sn.byName, sn.byScore, sn.byFails = make([]int, n), make([]int, n), make([]int, n)
	for i := range n {
		sn.byName[i], sn.byScore[i], sn.byFails[i] = i, i, i
	}
	name := func(a, b int) int { return cmp.Compare(sn.Repos[a].Meta.FullName, sn.Repos[b].Meta.FullName) }
	slices.SortStableFunc(sn.byName, name)
	slices.SortStableFunc(sn.byScore, func(a, b int) int {
		return cmp.Or(cmp.Compare(sn.Repos[a].Score.Score, sn.Repos[b].Score.Score), name(a, b))
	})
	slices.SortStableFunc(sn.byFails, func(a, b int) int {
		return cmp.Or(cmp.Compare(sn.Repos[a].Score.Failures, sn.Repos[b].Score.Failures), name(a, b))
	})
}

// Search is the lower-case text the search box matches (the export's client-side filter).
func (r repoRow) Search() string { return r.search }

// status returns repository row i's status for a rule ("" when it has no result).
func (sn *snapshot) status(i int, ruleID string) report.Status {
	j, ok := sn.ruleIdx[ruleID]
	if !ok {
		return ""
	}
	if b := sn.Repos[i].statuses[j]; b > 0 {
		return report.Statuses[b-1]
	}
	return ""
}

// worst returns up to n scored repositories with the lowest scores.
func (sn *snapshot) Worst(n int) []repoRow {
	var out []repoRow
	for _, i := range sn.byScore {
		if len(out) == n {
			break
		}
		if r := sn.Repos[i]; r.Score.Scored && !r.Score.Compliant {
			out = append(out, r)
		}
	}
	return out
}

// ruleTrend is one rule's pass rate per run, oldest first.
func (sn *snapshot) RuleTrend(id string) []point {
	var out []point
	for _, p := range sn.Trend.Points {
		for _, rp := range p.Rules {
			if rp.RuleID == id {
				out = append(out, point{Label: pointLabel(p), Value: rp.PassRate})
			}
		}
	}
	return out
}

// series is one organization figure per run, oldest first.
func (sn *snapshot) Series(f func(history.Point) float64) []point {
	out := make([]point, 0, len(sn.Trend.Points))
	for _, p := range sn.Trend.Points {
		out = append(out, point{Label: pointLabel(p), Value: f(p)})
	}
	return out
}

func pointLabel(p history.Point) string {
	if !p.Run.Started.IsZero() {
		return p.Run.Started.UTC().Format("2006-01-02")
	}
	return p.Period
}

// internResults shares the strings that repeat across repositories (messages, paths, fix
// hints), which roughly halves the memory the latest run takes. It works in place: the
// report is the server's own copy, and a second copy would raise the peak while loading.
func internResults(out []report.Result) []report.Result {
	in := func(s string) string { return unique.Make(s).Value() }
	for i := range out {
		r := &out[i]
		r.RuleID, r.Message, r.Remediation, r.Reason = in(r.RuleID), in(r.Message), in(r.Remediation), in(r.Reason)
		if len(r.Findings) > 0 {
			for j := range r.Findings {
				f := &r.Findings[j]
				f.Path, f.Message, f.Key = in(f.Path), in(f.Message), in(f.Key)
			}
		}
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func round1(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }
