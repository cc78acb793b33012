package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
)

// PruneStats counts what Prune deleted.
type PruneStats struct {
	Runs         int // runs (a label group counts each of its runs)
	LogicalRuns  int
	Results      int // result rows (changes)
	Repositories int // repositories no kept run contains
}

// Prune keeps the newest keep logical runs and deletes older runs with everything only
// they referenced, in one transaction. SQLite files are compacted afterwards.
func (s *Store) Prune(ctx context.Context, keep int) (PruneStats, error) {
	var st PruneStats
	if s.readOnly {
		return st, fmt.Errorf("store %s: opened %w", s.name, ErrReadOnly)
	}
	if keep < 1 {
		return st, fmt.Errorf("store %s: --keep must be at least 1, got %d", s.name, keep)
	}
	logicals, err := s.logicalRuns(ctx, 0)
	if err != nil {
		return st, s.wrap("pruning", err)
	}
	if len(logicals) <= keep {
		return st, nil
	}
	minKept := int64(math.MaxInt64)
	for _, sel := range logicals[:keep] {
		for _, r := range sel.Runs {
			minKept = min(minKept, r.ID)
		}
	}
	var drop []any
	for _, sel := range logicals[keep:] {
		st.LogicalRuns++
		for _, r := range sel.Runs {
			drop = append(drop, r.ID)
		}
	}
	st.Runs = len(drop)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return st, s.wrap("pruning", err)
	}
	defer tx.Rollback()
	if s.dialect == dialectPostgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(advisoryLock)); err != nil {
			return st, s.wrap("pruning", err)
		}
	}
	exec := func(q string, args ...any) (int, error) {
		res, err := tx.ExecContext(ctx, s.rebind(q), args...)
		if err != nil {
			return 0, err
		}
		n, _ := res.RowsAffected()
		return int(n), nil
	}
	in := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(drop)), ", ") + ")"
	steps := []struct {
		q    string
		args []any
		n    *int
	}{
		{`DELETE FROM repogov_run_repo WHERE run_id IN ` + in, drop, nil},
		{`DELETE FROM repogov_run_rule WHERE run_id IN ` + in, drop, nil},
		{`DELETE FROM repogov_run WHERE id IN ` + in, drop, nil},
		// Every run before the oldest kept one is gone, so a row that ended by then was
		// valid in no remaining run.
		{`DELETE FROM repogov_result WHERE valid_to IS NOT NULL AND valid_to <= ?`, []any{minKept}, &st.Results},
		{`DELETE FROM repogov_result_body WHERE id NOT IN (SELECT body_id FROM repogov_result)`, nil, nil},
		{`DELETE FROM repogov_rule_list WHERE id NOT IN (SELECT list_id FROM repogov_run_repo)`, nil, nil},
		{`DELETE FROM repogov_rule_def WHERE id NOT IN (SELECT def_id FROM repogov_run_rule WHERE def_id IS NOT NULL)`, nil, nil},
		{`DELETE FROM repogov_repository_topic WHERE repo_id NOT IN (SELECT repo_id FROM repogov_run_repo)
			AND repo_id NOT IN (SELECT repo_id FROM repogov_result)`, nil, nil},
		{`DELETE FROM repogov_meta WHERE repo_id NOT IN (SELECT repo_id FROM repogov_run_repo)
			AND repo_id NOT IN (SELECT repo_id FROM repogov_result)`, nil, nil},
		{`DELETE FROM repogov_repository WHERE id NOT IN (SELECT repo_id FROM repogov_run_repo)
			AND id NOT IN (SELECT repo_id FROM repogov_result)`, nil, &st.Repositories},
		{`DELETE FROM repogov_meta WHERE id NOT IN (SELECT meta_id FROM repogov_run_repo)
			AND id NOT IN (SELECT meta_id FROM repogov_repository)`, nil, nil},
		{`DELETE FROM repogov_head WHERE id NOT IN (SELECT head_id FROM repogov_run_repo)
			AND id NOT IN (SELECT head_id FROM repogov_repository)`, nil, nil},
	}
	for _, step := range steps {
		n, err := exec(step.q, step.args...)
		if err != nil {
			return st, s.wrap("pruning", err)
		}
		if step.n != nil {
			*step.n = n
		}
	}
	if err := tx.Commit(); err != nil {
		return st, s.wrap("pruning", err)
	}
	if s.dialect == dialectSQLite {
		if _, err := s.db.ExecContext(ctx, `VACUUM`); err != nil {
			return st, s.wrap("compacting after pruning", err)
		}
	}
	s.log.Info("store pruned", "store", s.name, "runs", st.Runs, "results", st.Results, "repositories", st.Repositories)
	return st, nil
}

// Info describes a store.
type Info struct {
	Backend       string `json:"backend"`
	URL           string `json:"url"` // password redacted
	SchemaVersion int64  `json:"schemaVersion"`
	SizeBytes     int64  `json:"sizeBytes"` // SQLite: the file and its WAL; Postgres: the repogov tables and indexes
	Runs          int    `json:"runs"`
	LogicalRuns   int    `json:"logicalRuns"`
	Repositories  int    `json:"repositories"`
	Results       int    `json:"results"` // stored result rows (changes), not runs × repositories × rules
	First         *Run   `json:"first,omitempty"`
	Last          *Run   `json:"last,omitempty"`
}

// Info counts what the store holds and how large it is.
func (s *Store) Info(ctx context.Context) (Info, error) {
	in := Info{Backend: s.Backend(), URL: s.name}
	var err error
	if in.SchemaVersion, err = s.schemaVersion(ctx); err != nil {
		return in, err
	}
	for _, c := range []struct {
		q   string
		dst *int
	}{
		{`SELECT count(*) FROM repogov_run`, &in.Runs},
		{`SELECT count(DISTINCT logical) FROM repogov_run`, &in.LogicalRuns},
		{`SELECT count(*) FROM repogov_repository`, &in.Repositories},
		{`SELECT count(*) FROM repogov_result`, &in.Results},
	} {
		if err := s.db.QueryRowContext(ctx, c.q).Scan(c.dst); err != nil {
			return in, s.wrap("counting", err)
		}
	}
	runs, err := s.queryRuns(ctx, s.db, `SELECT `+runColumns+` FROM repogov_run WHERE id = (SELECT min(id) FROM repogov_run)
		OR id = (SELECT max(id) FROM repogov_run) ORDER BY id`)
	if err != nil {
		return in, s.wrap("reading runs", err)
	}
	if len(runs) > 0 {
		in.First, in.Last = &runs[0], &runs[len(runs)-1]
	}
	in.SizeBytes, err = s.size(ctx)
	return in, err
}

func (s *Store) size(ctx context.Context) (int64, error) {
	if s.dialect == dialectPostgres {
		var n int64
		err := s.db.QueryRowContext(ctx, `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname LIKE 'repogov%'`).Scan(&n)
		return n, s.wrap("measuring", err)
	}
	var n int64
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(s.path + suffix); err == nil {
			n += fi.Size()
		}
	}
	return n, nil
}

func round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(x*p) / p
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
