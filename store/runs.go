package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
)

// Run is one stored run (one Save).
type Run struct {
	ID           int64 // store-assigned, increasing in write order
	RunID        string
	Label        string
	Started      time.Time
	Finished     time.Time
	Saved        time.Time
	Tool         string
	Policy       string
	PolicyDigest string
	Targets      []string
	Incomplete   bool
	Problems     []string
	// Figures of the run's report.Summary, computed at Save.
	Repositories, Scanned, Unreadable, Compliant, Failures int
	CompliantShare, MeanScore                              float64
	scoreSum                                               float64
	logical                                                string
}

// Totals are the run's figures as history.Totals.
func (r Run) Totals() history.Totals {
	return history.Totals{Repositories: r.Repositories, Scanned: r.Scanned, Compliant: r.Compliant, Failures: r.Failures,
		CompliantShare: r.CompliantShare, MeanScore: r.MeanScore}
}

const runColumns = `id, run_uid, label, logical, started_ns, finished_ns, saved_ns, tool, policy_name, policy_digest,
	incomplete, header, repositories, scanned, unreadable, compliant, failures, score_sum, compliant_share, mean_score`

func scanRun(sc interface{ Scan(...any) error }) (Run, error) {
	var r Run
	var started, finished, saved int64
	var header string
	err := sc.Scan(&r.ID, &r.RunID, &r.Label, &r.logical, &started, &finished, &saved, &r.Tool, &r.Policy, &r.PolicyDigest,
		&r.Incomplete, &header, &r.Repositories, &r.Scanned, &r.Unreadable, &r.Compliant, &r.Failures, &r.scoreSum,
		&r.CompliantShare, &r.MeanScore)
	if err != nil {
		return r, err
	}
	r.Started, r.Finished, r.Saved = fromNS(started), fromNS(finished), fromNS(saved)
	var h report.Report
	if err := json.Unmarshal([]byte(header), &h); err != nil {
		return r, fmt.Errorf("run %d: header: %w", r.ID, err)
	}
	r.Targets, r.Problems = h.Targets, h.Problems
	return r, nil
}

func fromNS(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}

func (s *Store) runByID(ctx context.Context, q querier, id int64) (Run, error) {
	r, err := scanRun(q.QueryRowContext(ctx, s.rebind(`SELECT `+runColumns+` FROM repogov_run WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("store %s: %w: no run %d", s.name, ErrNotFound, id)
	}
	return r, err
}

// RunFilter selects runs.
type RunFilter struct {
	Label         string    // exact label; "" any
	Since, Until  time.Time // Started within [Since, Until); zero: open
	CompleteOnly  bool
	Limit, Offset int // Limit 0: all
}

// Runs lists runs, newest first, and how many match the filter in all.
func (s *Store) Runs(ctx context.Context, f RunFilter) ([]Run, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if f.Label != "" {
		where, args = append(where, "label = ?"), append(args, f.Label)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "started_ns >= ?"), append(args, f.Since.UnixNano())
	}
	if !f.Until.IsZero() {
		where, args = append(where, "started_ns < ?"), append(args, f.Until.UnixNano())
	}
	if f.CompleteOnly {
		where, args = append(where, "incomplete = ?"), append(args, false)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT count(*) FROM repogov_run WHERE `+cond), args...).Scan(&total); err != nil {
		return nil, 0, s.wrap("listing runs", err)
	}
	q := `SELECT ` + runColumns + ` FROM repogov_run WHERE ` + cond + ` ORDER BY id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	runs, err := s.queryRuns(ctx, s.db, q, args...)
	if err != nil {
		return nil, 0, s.wrap("listing runs", err)
	}
	return runs, total, nil
}

func (s *Store) queryRuns(ctx context.Context, q querier, query string, args ...any) ([]Run, error) {
	rows, err := q.QueryContext(ctx, s.rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Selection is a logical run: one run, or every run sharing a label (the matrix jobs of
// one scan).
type Selection struct {
	Ref   string // as given
	Label string // the runs' label: a label group, or one labelled run (a shard)
	Runs  []Run  // ascending ID; at least one
}

// IsZero reports an empty selection (the latest, where a method accepts it).
func (sel Selection) IsZero() bool { return len(sel.Runs) == 0 }

// Last is the newest run of the selection.
func (sel Selection) Last() Run { return sel.Runs[len(sel.Runs)-1] }

// Name is how messages and reports name the selection: "run 12", "weekly-2026-48".
func (sel Selection) Name() string {
	if sel.IsZero() {
		return "(none)"
	}
	if sel.Label != "" {
		return sel.Label
	}
	return "run " + strconv.FormatInt(sel.Last().ID, 10)
}

// Ref is the selection as a history.RunRef.
func (sel Selection) RunRef() history.RunRef {
	if sel.IsZero() {
		return history.RunRef{}
	}
	return history.RunRef{ID: sel.Last().ID, Label: sel.Label, Started: sel.Started(), Name: sel.Name()}
}

// Started is the earliest start of the selection's runs.
func (sel Selection) Started() time.Time {
	var t time.Time
	for _, r := range sel.Runs {
		if t.IsZero() || (!r.Started.IsZero() && r.Started.Before(t)) {
			t = r.Started
		}
	}
	return t
}

// Incomplete reports whether any run of the selection is incomplete.
func (sel Selection) Incomplete() bool {
	return slices.ContainsFunc(sel.Runs, func(r Run) bool { return r.Incomplete })
}

// Totals sums the selection's figures (shards of one label cover different repositories).
func (sel Selection) Totals() history.Totals {
	if len(sel.Runs) == 1 {
		return sel.Runs[0].Totals()
	}
	var t history.Totals
	var scoreSum float64
	for _, r := range sel.Runs {
		t.Repositories += r.Repositories
		t.Scanned += r.Scanned
		t.Compliant += r.Compliant
		t.Failures += r.Failures
		scoreSum += r.scoreSum
	}
	if t.Scanned > 0 {
		t.CompliantShare = round(float64(t.Compliant)/float64(t.Scanned), 4)
		t.MeanScore = round(scoreSum/float64(t.Scanned), 1)
	}
	return t
}

func (sel Selection) ids() []int64 {
	out := make([]int64, len(sel.Runs))
	for i, r := range sel.Runs {
		out[i] = r.ID
	}
	return out
}

// Resolve turns a run reference into a logical run:
//
//	"" or "latest"   the newest logical run (with every run of its label)
//	"latest~N"       the Nth logical run before it
//	"123"            run 123
//	a report RunID   (e.g. the start time in RFC 3339)
//	a label          every run with that label
func (s *Store) Resolve(ctx context.Context, ref string) (Selection, error) {
	ref = strings.TrimSpace(ref)
	sel := Selection{Ref: ref}
	if ref == "" || ref == "latest" || strings.HasPrefix(ref, "latest~") {
		back := 0
		if n, ok := strings.CutPrefix(ref, "latest~"); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v < 0 {
				return sel, fmt.Errorf("store %s: run %q: want latest~N with N a number", s.name, ref)
			}
			back = v
		}
		var logical string
		err := s.db.QueryRowContext(ctx, s.rebind(`SELECT logical FROM repogov_run GROUP BY logical ORDER BY max(id) DESC LIMIT 1 OFFSET ?`), back).Scan(&logical)
		if errors.Is(err, sql.ErrNoRows) {
			if back == 0 {
				return sel, fmt.Errorf("store %s: %w: no runs saved yet", s.name, ErrNotFound)
			}
			return sel, fmt.Errorf("store %s: %w: no run %s (fewer runs stored)", s.name, ErrNotFound, ref)
		}
		if err != nil {
			return sel, s.wrap("resolving "+ref, err)
		}
		return s.selectLogical(ctx, sel, logical)
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		r, err := s.runByID(ctx, s.db, id)
		if err == nil {
			sel.Runs = []Run{r}
			return sel, nil
		}
		if !errors.Is(err, ErrNotFound) {
			return sel, s.wrap("resolving "+ref, err)
		}
	}
	runs, err := s.queryRuns(ctx, s.db, `SELECT `+runColumns+` FROM repogov_run WHERE run_uid = ? ORDER BY id DESC LIMIT 1`, ref)
	if err != nil {
		return sel, s.wrap("resolving "+ref, err)
	}
	if len(runs) == 1 {
		sel.Runs = runs
		return sel, nil
	}
	sel, err = s.selectLogical(ctx, sel, "label:"+ref)
	if err == nil {
		return sel, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return sel, err
	}
	var lo, hi sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT min(id), max(id) FROM repogov_run`).Scan(&lo, &hi); err != nil {
		return sel, s.wrap("resolving "+ref, err)
	}
	have := "no runs saved yet"
	if hi.Valid {
		have = fmt.Sprintf("runs %d–%d", lo.Int64, hi.Int64)
	}
	return sel, fmt.Errorf("store %s: %w: no run or label %q (%s; see repogov store info)", s.name, ErrNotFound, ref, have)
}

func (s *Store) selectLogical(ctx context.Context, sel Selection, logical string) (Selection, error) {
	runs, err := s.queryRuns(ctx, s.db, `SELECT `+runColumns+` FROM repogov_run WHERE logical = ? ORDER BY id`, logical)
	if err != nil {
		return sel, s.wrap("resolving "+sel.Ref, err)
	}
	if len(runs) == 0 {
		return sel, fmt.Errorf("store %s: %w: no runs labelled %q", s.name, ErrNotFound, strings.TrimPrefix(logical, "label:"))
	}
	sel.Runs = runs
	if l, ok := strings.CutPrefix(logical, "label:"); ok {
		sel.Label = l
	}
	return sel, nil
}

// latest resolves the zero selection to the latest logical run.
func (s *Store) orLatest(ctx context.Context, sel Selection) (Selection, error) {
	if !sel.IsZero() {
		return sel, nil
	}
	return s.Resolve(ctx, "latest")
}

// Load reproduces the report of a logical run. One run comes back exactly as it was
// saved. Shards of a label are merged: repositories by key (the newest run wins for a
// repository two shards scanned), rules in first-seen order, targets and problems of
// every shard, the earliest start and latest finish, incomplete if any shard was.
func (s *Store) Load(ctx context.Context, sel Selection) (*report.Report, error) {
	sel, err := s.orLatest(ctx, sel)
	if err != nil {
		return nil, err
	}
	names, err := s.ruleNames(ctx)
	if err != nil {
		return nil, s.wrap("loading "+sel.Name(), err)
	}
	var parts []*report.Report
	for _, r := range sel.Runs {
		rep, err := s.loadRun(ctx, r.ID, names)
		if err != nil {
			return nil, s.wrap("loading run "+strconv.FormatInt(r.ID, 10), err)
		}
		parts = append(parts, rep)
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	return merge(sel.Label, parts), nil
}

func merge(label string, parts []*report.Report) *report.Report {
	out := &report.Report{RunID: label, Label: label}
	byKey := map[string]report.Repository{}
	ruleSeen := map[string]bool{}
	for _, p := range parts {
		if out.Started.IsZero() || (!p.Started.IsZero() && p.Started.Before(out.Started)) {
			out.Started = p.Started
		}
		if p.Finished.After(out.Finished) {
			out.Finished = p.Finished
		}
		for _, t := range p.Targets {
			if !slices.Contains(out.Targets, t) {
				out.Targets = append(out.Targets, t)
			}
		}
		out.Problems = append(out.Problems, p.Problems...)
		out.Incomplete = out.Incomplete || p.Incomplete
		out.Policy = p.Policy
		for _, ru := range p.Rules {
			if !ruleSeen[ru.ID] {
				ruleSeen[ru.ID] = true
				out.Rules = append(out.Rules, ru)
			}
		}
		for k, w := range p.Weights {
			if out.Weights == nil {
				out.Weights = map[string]float64{}
			}
			out.Weights[k] = w
		}
		for _, rr := range p.Repos {
			byKey[rr.Meta.Key()] = rr
		}
	}
	for _, rr := range byKey {
		out.Repos = append(out.Repos, rr)
	}
	slices.SortFunc(out.Repos, func(a, b report.Repository) int { return cmp.Compare(a.Meta.Key(), b.Meta.Key()) })
	return out
}

func (s *Store) ruleNames(ctx context.Context) (map[int64]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, rule_id FROM repogov_rule`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// loadRun reads one run back into the report it was saved from.
func (s *Store) loadRun(ctx context.Context, runID int64, names map[int64]string) (*report.Report, error) {
	var header string
	if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT header FROM repogov_run WHERE id = ?`), runID).Scan(&header); err != nil {
		return nil, err
	}
	rep := &report.Report{}
	if err := json.Unmarshal([]byte(header), rep); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	rep.Rules, rep.Repos = nil, nil

	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT d.body FROM repogov_run_rule rr JOIN repogov_rule_def d ON d.id = rr.def_id
		WHERE rr.run_id = ? ORDER BY rr.pos`), runID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			rows.Close()
			return nil, err
		}
		var ru report.Rule
		if err := json.Unmarshal([]byte(body), &ru); err != nil {
			rows.Close()
			return nil, fmt.Errorf("rule: %w", err)
		}
		rep.Rules = append(rep.Rules, ru)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	lists, err := s.ruleLists(ctx)
	if err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, s.rebind(`SELECT m.repo_id, m.error, m.cached, m.list_id, meta.body, h.oid, h.pushed_ns
		FROM repogov_run_repo m JOIN repogov_meta meta ON meta.id = m.meta_id LEFT JOIN repogov_head h ON h.id = m.head_id
		WHERE m.run_id = ? ORDER BY m.pos`), runID)
	if err != nil {
		return nil, err
	}
	index := map[int64]int{}
	order := map[int64][]int64{}
	for rows.Next() {
		var repoID, listID int64
		var errText sql.NullString
		var rr report.Repository
		var meta string
		var oid sql.NullString
		var pushed sql.NullInt64
		if err := rows.Scan(&repoID, &errText, &rr.Cached, &listID, &meta, &oid, &pushed); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(meta), &rr.Meta); err != nil {
			rows.Close()
			return nil, fmt.Errorf("repository metadata: %w", err)
		}
		if oid.Valid {
			rr.Meta.HeadOID, rr.Meta.PushedAt = oid.String, fromNS(pushed.Int64)
		}
		rr.Error = errText.String
		index[repoID] = len(rep.Repos)
		order[repoID] = lists[listID]
		rep.Repos = append(rep.Repos, rr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	got, err := s.resultsAt(ctx, runID, names)
	if err != nil {
		return nil, err
	}
	for repoID, res := range got {
		i, ok := index[repoID]
		if !ok {
			continue
		}
		pos := map[string]int{}
		for j, rule := range order[repoID] {
			pos[names[rule]] = j
		}
		slices.SortFunc(res, func(a, b report.Result) int { return cmp.Compare(pos[a.RuleID], pos[b.RuleID]) })
		rep.Repos[i].Results = res
	}
	return rep, nil
}

func (s *Store) ruleLists(ctx context.Context) (map[int64][]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, rules FROM repogov_rule_list`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var id int64
		var list string
		if err := rows.Scan(&id, &list); err != nil {
			return nil, err
		}
		var ids []int64
		if err := json.Unmarshal([]byte(list), &ids); err != nil {
			return nil, fmt.Errorf("rule list %d: %w", id, err)
		}
		out[id] = ids
	}
	return out, rows.Err()
}

// resultsAt returns the results of every repository of a run, by repository id, in no
// particular order. Identical contents are decoded once and shared: the rows carry only
// ids, the contents come in a second query.
func (s *Store) resultsAt(ctx context.Context, runID int64, names map[int64]string) (map[int64][]report.Result, error) {
	const valid = `FROM repogov_run_repo m
		JOIN repogov_result x ON x.repo_id = m.repo_id AND x.valid_from <= ? AND (x.valid_to IS NULL OR x.valid_to > ?)
		WHERE m.run_id = ?`
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT x.repo_id, x.rule, x.body_id `+valid), runID, runID, runID)
	if err != nil {
		return nil, err
	}
	type ref struct{ repo, rule, body int64 }
	var refs []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.repo, &r.rule, &r.body); err != nil {
			rows.Close()
			return nil, err
		}
		refs = append(refs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, s.rebind(`SELECT b.id, b.status, b.severity, b.message, b.reason, b.exempt_until_ns, b.detail
		FROM repogov_result_body b WHERE b.id IN (SELECT x.body_id `+valid+`)`), runID, runID, runID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	decoded := map[int64]report.Result{}
	for rows.Next() {
		var id int64
		var b bodyRow
		if err := rows.Scan(&id, &b.status, &b.severity, &b.message, &b.reason, &b.exemptUntil, &b.detail); err != nil {
			return nil, err
		}
		res, err := b.result()
		if err != nil {
			return nil, err
		}
		decoded[id] = res
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[int64][]report.Result{}
	for _, r := range refs {
		res := decoded[r.body]
		res.RuleID = names[r.rule]
		out[r.repo] = append(out[r.repo], res)
	}
	return out, nil
}

type bodyRow struct {
	status, severity, message, reason string
	exemptUntil                       sql.NullInt64
	detail                            string
}

func (b bodyRow) result() (report.Result, error) {
	var res report.Result
	if err := json.Unmarshal([]byte(b.detail), &res); err != nil {
		return res, fmt.Errorf("result: %w", err)
	}
	res.Status = report.Status(b.status)
	sev, err := report.ParseSeverity(b.severity)
	if err != nil {
		return res, err
	}
	res.Severity = sev
	res.Message, res.Reason = b.message, b.reason
	if b.exemptUntil.Valid {
		res.ExemptUntil = time.Unix(0, b.exemptUntil.Int64).UTC()
	}
	return res, nil
}
