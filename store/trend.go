package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
)

// TrendOptions selects a trend.
type TrendOptions struct {
	Rule  string         // only this rule's series; "" every rule
	Since time.Time      // runs started at or after; zero: from the first
	Until time.Time      // runs started before; zero: to the last
	By    history.Period // ByRun (default), ByWeek, ByMonth: the last logical run of each period
	Label string         // only runs whose label starts with this ("weekly-"); "" all runs
}

// Trend is the organization over time: per point the compliant share, the mean score and
// every rule's pass rate. It reads the figures computed at Save, never the results.
func (s *Store) Trend(ctx context.Context, o TrendOptions) (*history.Trend, error) {
	t, err := s.trend(ctx, o)
	if err != nil {
		return nil, s.wrap("trend", err)
	}
	return t, nil
}

func (s *Store) trend(ctx context.Context, o TrendOptions) (*history.Trend, error) {
	by := o.By
	switch by {
	case "":
		by = history.ByRun
	case history.ByRun, history.ByWeek, history.ByMonth:
	default:
		return nil, fmt.Errorf("--by %q: want run, week or month", by)
	}
	logicals, err := s.logicalRuns(ctx, 0)
	if err != nil {
		return nil, err
	}
	slices.Reverse(logicals) // oldest first
	var picked []Selection
	var periods []string
	for _, sel := range logicals {
		st := sel.Started()
		if !o.Since.IsZero() && st.Before(o.Since) || !o.Until.IsZero() && !st.Before(o.Until) {
			continue
		}
		if o.Label != "" && !strings.HasPrefix(sel.Label, o.Label) {
			continue
		}
		p := history.PeriodOf(by, st)
		if n := len(periods); n > 0 && periods[n-1] == p && by != history.ByRun {
			picked[n-1] = sel // the last logical run of the period represents it
			continue
		}
		picked, periods = append(picked, sel), append(periods, p)
	}
	counts, err := s.ruleCounts(ctx)
	if err != nil {
		return nil, err
	}
	t := &history.Trend{By: by, Rule: o.Rule}
	found := o.Rule == ""
	for i, sel := range picked {
		pt := history.Point{Period: periods[i], Run: sel.RunRef(), Totals: sel.Totals()}
		idx := map[string]int{}
		for _, r := range sel.Runs {
			for _, rc := range counts[r.ID] {
				if o.Rule != "" && rc.RuleID != o.Rule {
					continue
				}
				found = true
				j, ok := idx[rc.RuleID]
				if !ok {
					j = len(pt.Rules)
					idx[rc.RuleID] = j
					pt.Rules = append(pt.Rules, history.RulePoint{RuleID: rc.RuleID})
				}
				p := &pt.Rules[j]
				p.Pass += rc.Pass
				p.Fail += rc.Fail
				p.Inherited += rc.Inherited
				p.Exempt += rc.Exempt
				p.NotApplicable += rc.NotApplicable
				p.Error += rc.Error
			}
		}
		for j := range pt.Rules {
			pt.Rules[j].Rate()
		}
		t.Points = append(t.Points, pt)
	}
	if !found {
		return nil, fmt.Errorf("%w: no rule %q in the stored runs", ErrNotFound, o.Rule)
	}
	if len(picked) > 0 {
		rules, err := s.runRules(ctx, picked[len(picked)-1])
		if err != nil {
			return nil, err
		}
		for _, ru := range rules {
			if o.Rule == "" || ru.ID == o.Rule {
				t.Rules = append(t.Rules, ru)
			}
		}
	}
	return t, nil
}

// ruleCounts returns every run's per-rule counts, by run id, in rule order.
func (s *Store) ruleCounts(ctx context.Context) (map[int64][]history.RulePoint, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT rr.run_id, ru.rule_id, rr.pass, rr.fail, rr.inherited, rr.exempt, rr.not_applicable, rr.error
		FROM repogov_run_rule rr JOIN repogov_rule ru ON ru.id = rr.rule ORDER BY rr.run_id, rr.pos`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]history.RulePoint{}
	for rows.Next() {
		var id int64
		var p history.RulePoint
		if err := rows.Scan(&id, &p.RuleID, &p.Pass, &p.Fail, &p.Inherited, &p.Exempt, &p.NotApplicable, &p.Error); err != nil {
			return nil, err
		}
		out[id] = append(out[id], p)
	}
	return out, rows.Err()
}

// runRules returns the rule metadata of a logical run, in first-seen order.
func (s *Store) runRules(ctx context.Context, sel Selection) ([]report.Rule, error) {
	var out []report.Rule
	seen := map[string]bool{}
	for _, r := range sel.Runs {
		rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT d.body FROM repogov_run_rule rr JOIN repogov_rule_def d ON d.id = rr.def_id
			WHERE rr.run_id = ? ORDER BY rr.pos`), r.ID)
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
				return nil, err
			}
			if !seen[ru.ID] {
				seen[ru.ID] = true
				out = append(out, ru)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// allRuns maps run ids to runs, for naming the runs of a history.
func (s *Store) allRuns(ctx context.Context) (map[int64]Run, error) {
	runs, err := s.queryRuns(ctx, s.db, `SELECT `+runColumns+` FROM repogov_run`)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Run, len(runs))
	for _, r := range runs {
		out[r.ID] = r
	}
	return out, nil
}

func refOf(runs map[int64]Run, id int64) history.RunRef {
	r, ok := runs[id]
	if !ok {
		return history.RunRef{ID: id, Name: fmt.Sprintf("run %d (pruned)", id)}
	}
	ref := history.RunRef{ID: id, Label: r.Label, Started: r.Started, Name: fmt.Sprintf("run %d", id)}
	if r.Label != "" {
		ref.Name = r.Label
	}
	return ref
}

// findRepo resolves "OWNER/NAME", "HOST/OWNER/NAME" or a report key to a repository id.
func (s *Store) findRepo(ctx context.Context, name string) (int64, string, error) {
	n := strings.ToLower(strings.Trim(strings.TrimSpace(name), "/"))
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT id, key FROM repogov_repository
		WHERE lower(key) = ? OR lower(full_name) = ? OR lower(host || '/' || full_name) = ? ORDER BY key`), n, n, n)
	if err != nil {
		return 0, "", s.wrap("finding "+name, err)
	}
	defer rows.Close()
	var ids []int64
	var keys []string
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			return 0, "", s.wrap("finding "+name, err)
		}
		ids, keys = append(ids, id), append(keys, key)
	}
	if err := rows.Err(); err != nil {
		return 0, "", s.wrap("finding "+name, err)
	}
	switch len(ids) {
	case 0:
		return 0, "", fmt.Errorf("store %s: %w: no repository %q", s.name, ErrNotFound, name)
	case 1:
		return ids[0], keys[0], nil
	}
	for i, k := range keys {
		if k == n {
			return ids[i], k, nil
		}
	}
	return 0, "", fmt.Errorf("store %s: %q is %w: %s", s.name, name, ErrAmbiguous, strings.Join(keys, ", "))
}

// History is a repository over time: when each rule changed status (with the run and the
// commit), and its score in every run that contains it.
func (s *Store) History(ctx context.Context, repo string) (*history.RepoHistory, error) {
	id, _, err := s.findRepo(ctx, repo)
	if err != nil {
		return nil, err
	}
	h, err := s.history(ctx, id)
	if err != nil {
		return nil, s.wrap("history of "+repo, err)
	}
	return h, nil
}

func (s *Store) history(ctx context.Context, id int64) (*history.RepoHistory, error) {
	runs, err := s.allRuns(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT run_id, meta_id, head_id, error, score, scored, compliant, failures
		FROM repogov_run_repo WHERE repo_id = ? ORDER BY run_id`), id)
	if err != nil {
		return nil, err
	}
	h := &history.RepoHistory{}
	metaAt := map[int64]metaRef{}
	var metaIDs []metaRef
	for rows.Next() {
		var run int64
		var meta metaRef
		var errText sql.NullString
		var p history.ScorePoint
		if err := rows.Scan(&run, &meta.meta, &meta.head, &errText, &p.Score, &p.Scored, &p.Compliant, &p.Failures); err != nil {
			rows.Close()
			return nil, err
		}
		p.Run, p.Error = refOf(runs, run), errText.String
		metaAt[run] = meta
		metaIDs = append(metaIDs, meta)
		h.Scores = append(h.Scores, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	metas, err := s.metas(ctx, metaIDs)
	if err != nil {
		return nil, err
	}
	commit := func(run int64) string { return metas[metaAt[run]].HeadOID }
	for i := range h.Scores {
		h.Scores[i].Commit = commit(h.Scores[i].Run.ID)
	}
	if n := len(h.Scores); n > 0 {
		m := metas[metaAt[h.Scores[n-1].Run.ID]]
		h.Repo = history.Repo{Key: m.Key(), FullName: m.FullName, URL: m.URL}
	}

	rows, err = s.db.QueryContext(ctx, s.rebind(`SELECT ru.rule_id, x.valid_from, x.valid_to, b.status, b.severity, b.message
		FROM repogov_result x JOIN repogov_result_body b ON b.id = x.body_id JOIN repogov_rule ru ON ru.id = x.rule
		WHERE x.repo_id = ? ORDER BY ru.rule_id, x.valid_from`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var prevRule string
	var prev *resultState
	flushEnd := func(rule string, p *resultState) {
		// A row that ended with no successor: the rule stopped applying (turned off) or
		// the repository could not be read.
		if p != nil && p.validTo.Valid {
			h.Changes = append(h.Changes, history.StatusChange{Run: refOf(runs, p.validTo.Int64), Commit: commit(p.validTo.Int64),
				RuleID: rule, From: report.Status(p.status)})
		}
	}
	for rows.Next() {
		var rule string
		var r resultState
		if err := rows.Scan(&rule, &r.validFrom, &r.validTo, &r.status, &r.severity, &r.message); err != nil {
			return nil, err
		}
		if rule != prevRule {
			flushEnd(prevRule, prev)
			prev = nil
		}
		var from report.Status
		if prev != nil {
			if prev.validTo.Int64 == r.validFrom {
				from = report.Status(prev.status)
			} else {
				flushEnd(rule, prev)
			}
		}
		cur := r
		prevRule, prev = rule, &cur
		if from == report.Status(r.status) {
			continue // only the message or details changed
		}
		sev, _ := report.ParseSeverity(r.severity)
		h.Changes = append(h.Changes, history.StatusChange{Run: refOf(runs, r.validFrom), Commit: commit(r.validFrom),
			RuleID: rule, From: from, To: report.Status(r.status), Severity: sev, Message: r.message})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	flushEnd(prevRule, prev)
	slices.SortStableFunc(h.Changes, func(a, b history.StatusChange) int {
		if a.Run.ID != b.Run.ID {
			return int(a.Run.ID - b.Run.ID)
		}
		return strings.Compare(a.RuleID, b.RuleID)
	})
	return h, nil
}
