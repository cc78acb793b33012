package server

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"reflect"
	"slices"
	"strconv"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/store"
)

// pageFuncs are the template functions that know the store's shapes.
var pageFuncs = template.FuncMap{
	"compliantShare": func() func(history.Point) float64 {
		return func(p history.Point) float64 { return p.Totals.CompliantShare }
	},
	"meanScore": func() func(history.Point) float64 {
		return func(p history.Point) float64 { return p.Totals.MeanScore }
	},
	// changes: the overview's regressions and fixes, at most 20 of each.
	"changes": func(l links, d *history.Diff) map[string]any {
		reg, fix := d.Regressions, d.Fixes
		more := 0
		if len(reg) > 20 {
			more += len(reg) - 20
			reg = reg[:20]
		}
		if len(fix) > 20 {
			more += len(fix) - 20
			fix = fix[:20]
		}
		return map[string]any{"L": l, "D": d, "Regressions": reg, "Fixes": fix, "More": more}
	},
	"section": func(l links, title, id string, items any) map[string]any {
		return map[string]any{"L": l, "Title": title, "ID": id, "Items": items}
	},
	// limit returns the first n elements of a slice.
	"limit": func(v any, n int) any {
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Slice && rv.Len() > n {
			return rv.Slice(0, n).Interface()
		}
		return v
	},
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, what string) {
	s.render(w, r, "notfound", &page{Title: "Not found", Data: what, Status: http.StatusNotFound})
}

func (s *Server) failed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r, "No such run or repository in the store.")
		return
	}
	s.log.Error("store read", "path", r.URL.Path, "err", err)
	http.Error(w, "the store could not be read", http.StatusInternalServerError)
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	sn := s.snapshot(r.Context())
	s.renderCached(w, r, sn, "overview", func() *page { return &page{Title: "Overview", Nav: "overview", Snap: sn} })
}

type reposData struct {
	Q            repoQuery
	Values       map[string][]string
	Rows         []repoRow
	Total, Pages int
	Severities   []string
	Visibilities []string
	Sorts        []string
}

func (s *Server) reposData(sn *snapshot, q repoQuery) reposData {
	rows, total := q.run(sn)
	pages := max(1, (total+q.PerPage-1)/q.PerPage)
	return reposData{Q: q, Values: q.values(), Rows: rows, Total: total, Pages: pages,
		Severities: []string{"error", "warning", "note"}, Visibilities: []string{"public", "internal", "private", "unknown"},
		Sorts: []string{"name", "score", "failures"}}
}

func (s *Server) repositories(w http.ResponseWriter, r *http.Request) {
	sn := s.snapshot(r.Context())
	q := parseRepoQuery(r.URL.Query())
	s.render(w, r, "repos", &page{Title: "Repositories", Nav: "repos", Snap: sn, Data: s.reposData(sn, q)})
}

type repoData struct {
	Key        string
	Repo       report.Repository
	Run        store.Run
	Team       string
	Score      report.RepoScore
	Scores     []point
	History    []history.StatusChange // newest first
	Exemptions []report.Result
	BadgeOK    bool // the badge may be shown (public repository, or private badges allowed)
}

// repoPage assembles one repository's page: its results read from the store (the
// snapshot keeps only a status per rule), its history from the in-memory index once built
// (else from the store); both cached per run.
func (s *Server) repoPage(r *http.Request, sn *snapshot, key string) (*repoData, error) {
	i, ok := sn.byKey[key]
	if !ok {
		return nil, fmt.Errorf("repository %s: %w", key, store.ErrNotFound)
	}
	row := &sn.Repos[i]
	rr, ok := sn.residentRepo(i)
	if !ok {
		var err error
		if rr, err = s.results(r.Context(), sn, key); err != nil {
			return nil, err
		}
	}
	d := &repoData{Key: key, Repo: report.Repository{Meta: row.Meta, Error: row.Error, Results: rr.Results}, Run: sn.Run,
		Team: row.Team, Score: row.Score, BadgeOK: s.badgeAllowed(*row)}
	h, err := s.history(r.Context(), sn, key)
	if err != nil {
		return nil, err
	}
	for _, p := range h.Scores {
		if p.Scored {
			d.Scores = append(d.Scores, point{Label: p.Run.Started.UTC().Format("2006-01-02"), Value: p.Score})
		}
	}
	d.History = slices.Clone(h.Changes)
	slices.Reverse(d.History)
	for _, res := range rr.Results {
		if res.Status == report.Exempt || res.Reason != "" {
			d.Exemptions = append(d.Exemptions, res)
		}
	}
	return d, nil
}

// results reads a repository's results in the snapshot's run from the store, through the
// cache (a page and its API body, or a page asked for again, read it once).
func (s *Server) results(ctx context.Context, sn *snapshot, key string) (report.Repository, error) {
	ck := fmt.Sprintf("results %d %s", sn.Run.ID, key)
	if v, ok := s.cache.get(ck); ok {
		return v.(report.Repository), nil
	}
	rr, err := s.store.RepositoryIn(ctx, key, sn.Sel)
	if err != nil {
		return rr, err
	}
	s.cache.put(ck, rr)
	return rr, nil
}

// history is a repository's history: from the index when it is built, else from the store.
func (s *Server) history(ctx context.Context, sn *snapshot, key string) (*history.RepoHistory, error) {
	if hx := sn.hist.Load(); hx != nil {
		if h, ok := hx.repo(sn, key); ok {
			return h, nil
		}
	}
	ck := fmt.Sprintf("history %d %s", sn.Run.ID, key)
	if v, ok := s.cache.get(ck); ok {
		return v.(*history.RepoHistory), nil
	}
	h, err := s.store.History(ctx, key)
	if err != nil {
		return nil, err
	}
	s.cache.put(ck, h)
	return h, nil
}

func (s *Server) repository(w http.ResponseWriter, r *http.Request) {
	sn := s.snapshot(r.Context())
	key, ok := decodeKey(r.PathValue("key"))
	if !ok || sn.Empty {
		s.notFound(w, r, "No such repository in the store.")
		return
	}
	d, err := s.repoPage(r, sn, key)
	if err != nil {
		s.failed(w, r, err)
		return
	}
	s.render(w, r, "repo", &page{Title: d.Repo.Meta.FullName, Nav: "repos", Snap: sn, Data: d})
}

type ruleData struct {
	Rule    report.Rule
	Sum     report.RuleSummary
	Trend   []point
	Failing []repoRow
}

func (s *Server) rule(w http.ResponseWriter, r *http.Request) {
	sn := s.snapshot(r.Context())
	id := r.PathValue("id")
	i, ok := sn.ruleIdx[id]
	if !ok {
		s.notFound(w, r, "No such rule in the latest run.")
		return
	}
	s.renderCached(w, r, sn, "rule", func() *page {
		d := ruleData{Rule: sn.Rules[i], Sum: sn.RuleSum[id], Trend: sn.RuleTrend(id)}
		for _, k := range sn.byScore {
			if sn.status(k, id) == report.Fail {
				d.Failing = append(d.Failing, sn.Repos[k])
				if len(d.Failing) == 100 {
					break
				}
			}
		}
		return &page{Title: id, Nav: "overview", Snap: sn, Data: d}
	})
}

type runsData struct {
	Runs       []store.Run
	Prev       []int64 // per run: the run before it (0: none)
	DiffAction string
}

func (s *Server) runsPage(w http.ResponseWriter, r *http.Request) {
	sn := s.snapshot(r.Context())
	s.renderCached(w, r, sn, "runs", func() *page {
		d := runsData{Runs: sn.Runs, Prev: make([]int64, len(sn.Runs)), DiffAction: newLinks(r.URL.Path, false).base + "diff"}
		for i := range sn.Runs {
			if i+1 < len(sn.Runs) {
				d.Prev[i] = sn.Runs[i+1].ID
			}
		}
		return &page{Title: "Runs", Nav: "runs", Snap: sn, Data: d}
	})
}

// diff compares two runs given by store id (or any ref the store resolves), cached.
func (s *Server) diff(r *http.Request, from, to string) (*history.Diff, error) {
	ck := "diff " + from + " " + to
	if v, ok := s.cache.get(ck); ok {
		return v.(*history.Diff), nil
	}
	fs, err := s.store.Resolve(r.Context(), from)
	if err != nil {
		return nil, err
	}
	ts, err := s.store.Resolve(r.Context(), to)
	if err != nil {
		return nil, err
	}
	d, err := s.store.Diff(r.Context(), fs, ts)
	if err != nil {
		return nil, err
	}
	s.cache.put(ck, d)
	return d, nil
}

// runParam reads a run id parameter: digits only, so that no ref syntax ("latest~1",
// labels) reaches the store from a URL it would make ambiguous to cache.
func runParam(r *http.Request, name string) (string, bool) {
	v := r.URL.Query().Get(name)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return "", false
	}
	return strconv.FormatInt(n, 10), true
}

func (s *Server) diffPage(w http.ResponseWriter, r *http.Request) {
	sn := s.snapshot(r.Context())
	from, ok1 := runParam(r, "from")
	to, ok2 := runParam(r, "to")
	if !ok1 || !ok2 {
		s.render(w, r, "notfound", &page{Title: "Which runs?", Snap: sn, Status: http.StatusBadRequest, Data: "Give two run numbers: diff?from=N&to=M (see the runs page)."})
		return
	}
	d, err := s.diff(r, from, to)
	if err != nil {
		s.failed(w, r, err)
		return
	}
	s.render(w, r, "diff", &page{Title: "Comparison", Nav: "runs", Snap: sn, Data: map[string]any{"Diff": d}})
}

func (s *Server) teamsPage(w http.ResponseWriter, r *http.Request) {
	sn := s.snapshot(r.Context())
	s.renderCached(w, r, sn, "teams", func() *page {
		return &page{Title: "Teams", Nav: "teams", Snap: sn, Data: map[string]any{"Mapped": s.opts.Teams != nil}}
	})
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	f := r.PathValue("file")
	b, err := assetFS.ReadFile("assets/" + f)
	if err != nil || (f != "style.css" && f != "app.js") {
		http.NotFound(w, r)
		return
	}
	ct := "text/css; charset=utf-8"
	if f == "app.js" {
		ct = "text/javascript; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(b)
}
