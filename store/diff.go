package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
)

// member is a repository in a logical run: the run that shows it there.
type member struct {
	run       int64
	ref       metaRef
	err       bool
	score     float64
	scored    bool
	compliant bool
	failures  int
}

// members returns the repositories of a logical run (the newest shard wins).
func (s *Store) members(ctx context.Context, sel Selection) (map[int64]member, error) {
	out := map[int64]member{}
	for _, r := range sel.Runs {
		rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT repo_id, meta_id, head_id, error <> '', score, scored, compliant, failures
			FROM repogov_run_repo WHERE run_id = ?`), r.ID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			m := member{run: r.ID}
			if err := rows.Scan(&id, &m.ref.meta, &m.ref.head, &m.err, &m.score, &m.scored, &m.compliant, &m.failures); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = m // runs ascend: a later shard replaces an earlier one
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// metaRef names what a run saw of a repository: a metadata version and a HEAD (0 for
// runs saved before repogov_head existed, whose metadata holds HEAD itself).
type metaRef struct{ meta, head int64 }

// metas decodes the repository metadata of the given references.
func (s *Store) metas(ctx context.Context, refs []metaRef) (map[metaRef]report.Meta, error) {
	var metaIDs, headIDs []int64
	seenM, seenH := map[int64]bool{}, map[int64]bool{}
	for _, r := range refs {
		if !seenM[r.meta] {
			seenM[r.meta] = true
			metaIDs = append(metaIDs, r.meta)
		}
		if r.head != 0 && !seenH[r.head] {
			seenH[r.head] = true
			headIDs = append(headIDs, r.head)
		}
	}
	bodies := make(map[int64]report.Meta, len(metaIDs))
	err := s.byIDs(ctx, `SELECT id, body FROM repogov_meta WHERE id IN `, metaIDs, func(rows *sql.Rows) error {
		var id int64
		var body string
		if err := rows.Scan(&id, &body); err != nil {
			return err
		}
		var m report.Meta
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			return fmt.Errorf("repository metadata %d: %w", id, err)
		}
		bodies[id] = m
		return nil
	})
	if err != nil {
		return nil, err
	}
	type head struct {
		oid    string
		pushed int64
	}
	heads := make(map[int64]head, len(headIDs))
	err = s.byIDs(ctx, `SELECT id, oid, pushed_ns FROM repogov_head WHERE id IN `, headIDs, func(rows *sql.Rows) error {
		var id int64
		var h head
		if err := rows.Scan(&id, &h.oid, &h.pushed); err != nil {
			return err
		}
		heads[id] = h
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make(map[metaRef]report.Meta, len(refs))
	for _, r := range refs {
		m := bodies[r.meta]
		if h, ok := heads[r.head]; ok {
			m.HeadOID, m.PushedAt = h.oid, fromNS(h.pushed)
		}
		out[r] = m
	}
	return out, nil
}

// byIDs runs query + "(?, …)" over ids in chunks, calling scan for every row.
func (s *Store) byIDs(ctx context.Context, query string, ids []int64, scan func(*sql.Rows) error) error {
	const chunk = 500
	for from := 0; from < len(ids); from += chunk {
		part := ids[from:min(from+chunk, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rows, err := s.db.QueryContext(ctx, s.rebind(query+"("+strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")+")"), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Diff compares two logical runs (from may be newer than to). It reads only the result
// rows that changed between them.
func (s *Store) Diff(ctx context.Context, from, to Selection) (*history.Diff, error) {
	d, err := s.diff(ctx, from, to)
	if err != nil {
		return nil, s.wrap(fmt.Sprintf("diff %s..%s", from.Name(), to.Name()), err)
	}
	return d, nil
}

type resultState struct {
	body        int64
	validFrom   int64
	validTo     sql.NullInt64
	status      string
	severity    string
	message     string
	reason      string
	exemptUntil sql.NullInt64
}

func (r resultState) validAt(run int64) bool {
	return r.validFrom <= run && (!r.validTo.Valid || r.validTo.Int64 > run)
}

func (s *Store) diff(ctx context.Context, from, to Selection) (*history.Diff, error) {
	d := &history.Diff{From: from.RunRef(), To: to.RunRef(), FromTotals: from.Totals(), ToTotals: to.Totals()}
	a, err := s.members(ctx, from)
	if err != nil {
		return nil, err
	}
	b, err := s.members(ctx, to)
	if err != nil {
		return nil, err
	}
	needMeta := map[metaRef]bool{}
	lo, hi := int64(-1), int64(-1)
	for id, mb := range b {
		ma, ok := a[id]
		if !ok {
			needMeta[mb.ref] = true
			continue
		}
		if ma.ref.meta != mb.ref.meta { // archived or not (below); a new HEAD alone needs no metadata
			needMeta[ma.ref], needMeta[mb.ref] = true, true
		}
		l, h := min(ma.run, mb.run), max(ma.run, mb.run)
		if lo < 0 || l < lo {
			lo = l
		}
		if h > hi {
			hi = h
		}
	}
	for id, ma := range a {
		if _, ok := b[id]; !ok {
			needMeta[ma.ref] = true
		}
	}

	// Rows that started inside the window, and rows that ended inside it: the two sides of
	// every change between the runs. Only ids are read here; the contents of the rows that
	// pair up come after, shared contents once.
	type pair struct{ repo, rule int64 }
	started := map[pair][]resultState{}
	ended := map[pair][]resultState{}
	if lo >= 0 && lo != hi {
		scan := func(q string, into map[pair][]resultState) error {
			rows, err := s.db.QueryContext(ctx, s.rebind(q), lo, hi)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var p pair
				var r resultState
				if err := rows.Scan(&p.repo, &p.rule, &r.validFrom, &r.validTo, &r.body); err != nil {
					return err
				}
				into[p] = append(into[p], r)
			}
			return rows.Err()
		}
		const cols = `SELECT x.repo_id, x.rule, x.valid_from, x.valid_to, x.body_id FROM repogov_result x `
		if err := scan(cols+`WHERE x.valid_from > ? AND x.valid_from <= ?`, started); err != nil {
			return nil, err
		}
		if err := scan(cols+`WHERE x.valid_to > ? AND x.valid_to <= ?`, ended); err != nil {
			return nil, err
		}
	}
	names, err := s.ruleNames(ctx)
	if err != nil {
		return nil, err
	}
	type candidate struct {
		repo, rule int64
		old, cur   int64 // body ids
	}
	var cands []candidate
	needBody := map[int64]bool{}
	for p, rows := range started {
		ma, okA := a[p.repo]
		mb, okB := b[p.repo]
		if !okA || !okB || ma.err || mb.err {
			continue
		}
		l, h := min(ma.run, mb.run), max(ma.run, mb.run)
		var atHi, atLo *resultState
		for i := range rows {
			if rows[i].validAt(h) && rows[i].validFrom > l {
				atHi = &rows[i]
			}
		}
		if atHi == nil {
			continue
		}
		for i, r := range ended[p] {
			if r.validAt(l) {
				atLo = &ended[p][i]
			}
		}
		if atLo == nil || atLo.body == atHi.body {
			continue
		}
		c := candidate{repo: p.repo, rule: p.rule, old: atLo.body, cur: atHi.body}
		if ma.run > mb.run {
			c.old, c.cur = c.cur, c.old
		}
		cands = append(cands, c)
		needBody[c.old], needBody[c.cur] = true, true
	}
	bodyIDs := make([]int64, 0, len(needBody))
	for id := range needBody {
		bodyIDs = append(bodyIDs, id)
	}
	bodies := make(map[int64]resultState, len(bodyIDs))
	err = s.byIDs(ctx, `SELECT id, status, severity, message, reason, exempt_until_ns FROM repogov_result_body WHERE id IN `, bodyIDs,
		func(rows *sql.Rows) error {
			var r resultState
			if err := rows.Scan(&r.body, &r.status, &r.severity, &r.message, &r.reason, &r.exemptUntil); err != nil {
				return err
			}
			bodies[r.body] = r
			return nil
		})
	if err != nil {
		return nil, err
	}
	type change struct {
		repo int64
		c    history.Change
	}
	var changes []change
	for _, cd := range cands {
		old, cur := bodies[cd.old], bodies[cd.cur]
		if old.status == cur.status {
			continue
		}
		sev, _ := report.ParseSeverity(cur.severity)
		c := history.Change{RuleID: names[cd.rule], From: report.Status(old.status), To: report.Status(cur.status),
			Severity: sev, Message: cur.message}
		switch {
		case c.To == report.Exempt:
			c.Reason, c.ExemptUntil = cur.reason, nsTime(cur.exemptUntil)
		case c.From == report.Exempt:
			c.Reason, c.ExemptUntil = old.reason, nsTime(old.exemptUntil)
		}
		changes = append(changes, change{cd.repo, c})
		needMeta[b[cd.repo].ref] = true
	}
	type scoreChange struct {
		repo     int64
		from, to float64
	}
	var scores []scoreChange
	for id, mb := range b {
		if ma, ok := a[id]; ok && ma.scored && mb.scored && ma.score != mb.score {
			needMeta[mb.ref] = true
			scores = append(scores, scoreChange{id, ma.score, mb.score})
		}
	}
	ids := make([]metaRef, 0, len(needMeta))
	for id := range needMeta {
		ids = append(ids, id)
	}
	metas, err := s.metas(ctx, ids)
	if err != nil {
		return nil, err
	}
	repoOf := func(m report.Meta) history.Repo { return history.Repo{Key: m.Key(), FullName: m.FullName, URL: m.URL} }
	for _, ch := range changes {
		m := metas[b[ch.repo].ref]
		ch.c.Repo, ch.c.Commit = repoOf(m), m.HeadOID
		d.Classify(ch.c)
	}
	for id, mb := range b {
		ma, ok := a[id]
		if !ok {
			d.Added = append(d.Added, repoOf(metas[mb.ref]))
			continue
		}
		if ma.ref.meta != mb.ref.meta {
			was, now := metas[ma.ref], metas[mb.ref]
			if now.Archived && !was.Archived {
				d.Archived = append(d.Archived, repoOf(now))
			} else if !now.Archived && was.Archived {
				d.Unarchived = append(d.Unarchived, repoOf(now))
			}
		}
	}
	for _, sc := range scores {
		d.Scores = append(d.Scores, history.ScoreChange{Repo: repoOf(metas[b[sc.repo].ref]), From: sc.from, To: sc.to})
	}
	for id, ma := range a {
		if _, ok := b[id]; !ok {
			d.Removed = append(d.Removed, repoOf(metas[ma.ref]))
		}
	}
	d.Sort()
	return d, nil
}

func nsTime(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(0, v.Int64).UTC()
}

// DiffDefault picks the two newest complete logical runs over the same targets: the
// newest complete one, and the newest complete one before it whose targets are the same.
func (s *Store) DiffDefault(ctx context.Context) (from, to Selection, err error) {
	logicals, err := s.logicalRuns(ctx, 0)
	if err != nil {
		return from, to, s.wrap("choosing runs to compare", err)
	}
	var complete []Selection
	for _, sel := range logicals {
		if !sel.Incomplete() {
			complete = append(complete, sel)
		}
	}
	if len(complete) == 0 {
		return from, to, fmt.Errorf("store %s: %w: no complete run to compare", s.name, ErrNotFound)
	}
	to = complete[0]
	for _, sel := range complete[1:] {
		if sameTargets(sel, to) {
			return sel, to, nil
		}
	}
	return from, to, fmt.Errorf("store %s: %w: only one complete run over %s; give FROM and TO", s.name, ErrNotFound, strings.Join(targetsOf(to), " "))
}

func targetsOf(sel Selection) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range sel.Runs {
		for _, t := range r.Targets {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

func sameTargets(a, b Selection) bool {
	ta, tb := targetsOf(a), targetsOf(b)
	if len(ta) != len(tb) {
		return false
	}
	set := map[string]bool{}
	for _, t := range ta {
		set[t] = true
	}
	for _, t := range tb {
		if !set[t] {
			return false
		}
	}
	return true
}

// logicalRuns lists logical runs, newest first (limit 0: all).
func (s *Store) logicalRuns(ctx context.Context, limit int) ([]Selection, error) {
	runs, err := s.queryRuns(ctx, s.db, `SELECT `+runColumns+` FROM repogov_run ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	var out []Selection
	idx := map[string]int{}
	for _, r := range runs {
		i, ok := idx[r.logical]
		if !ok {
			if limit > 0 && len(out) == limit {
				continue
			}
			i = len(out)
			idx[r.logical] = i
			sel := Selection{Ref: r.logical}
			if l, ok := strings.CutPrefix(r.logical, "label:"); ok {
				sel.Label, sel.Ref = l, l
			} else {
				sel.Ref = fmt.Sprint(r.ID)
			}
			out = append(out, sel)
		}
		out[i].Runs = append([]Run{r}, out[i].Runs...) // ascending IDs
	}
	return out, nil
}

// Previous is the logical run to compare sel with: the newest complete one before it
// over the same targets. For one unlabelled run or one shard of a label that is a single
// run (the same shard last week); for a label group, the previous group. ErrNotFound when
// there is none.
func (s *Store) Previous(ctx context.Context, sel Selection) (Selection, error) {
	if sel.IsZero() {
		return sel, fmt.Errorf("store %s: no run given", s.name)
	}
	first := sel.Runs[0].ID
	if sel.Label == "" || len(sel.Runs) == 1 {
		runs, err := s.queryRuns(ctx, s.db, `SELECT `+runColumns+` FROM repogov_run WHERE id < ? AND incomplete = ? ORDER BY id DESC`, first, false)
		if err != nil {
			return Selection{}, s.wrap("finding the previous run", err)
		}
		for _, r := range runs {
			cand := Selection{Ref: fmt.Sprint(r.ID), Label: r.Label, Runs: []Run{r}}
			if sameTargets(cand, sel) {
				return cand, nil
			}
		}
	} else {
		logicals, err := s.logicalRuns(ctx, 0)
		if err != nil {
			return Selection{}, s.wrap("finding the previous run", err)
		}
		for _, cand := range logicals {
			if cand.Last().ID < first && !cand.Incomplete() && sameTargets(cand, sel) {
				return cand, nil
			}
		}
	}
	return Selection{}, fmt.Errorf("store %s: %w: no earlier complete run over %s", s.name, ErrNotFound, strings.Join(targetsOf(sel), " "))
}
