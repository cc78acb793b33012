package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/repogov/repogov/report"
)

// RunRepository is one repository of a logical run as EachRepository hands it over.
type RunRepository struct {
	// Repo is the repository as Load returns it. Its results share their contents
	// (messages, findings, facts) with every other repository holding the same result,
	// and the Results slice is reused once the callback returns: read, do not keep or
	// change.
	Repo  report.Repository
	Score report.RepoScore // as saved with the run
	Worst report.Severity  // worst failing severity, as saved
}

// RunRules returns the rules of a logical run (zero: latest) as Load's report lists them.
func (s *Store) RunRules(ctx context.Context, sel Selection) ([]report.Rule, error) {
	sel, err := s.orLatest(ctx, sel)
	if err != nil {
		return nil, err
	}
	rules, err := s.runRules(ctx, sel)
	if err != nil {
		return nil, s.wrap("reading the rules of "+sel.Name(), err)
	}
	return rules, nil
}

// EachRepository calls fn for every repository of a logical run (zero: latest), in the
// order of Load's report (RunRules has the run's rules). It is
// Load without the whole report in memory (the dashboard server's start): the result
// contents of the run are decoded once each and shared, and repositories are read row
// by row; what it holds beside them is a few integers per result.
func (s *Store) EachRepository(ctx context.Context, sel Selection, fn func(RunRepository) error) error {
	sel, err := s.orLatest(ctx, sel)
	if err != nil {
		return err
	}
	var stopped error
	err = s.eachRepository(ctx, sel, func(rr RunRepository) error {
		stopped = fn(rr)
		return stopped
	})
	if stopped != nil {
		return stopped // the caller's own error, as it was
	}
	return s.wrap("reading "+sel.Name(), err)
}

func (s *Store) eachRepository(ctx context.Context, sel Selection, fn func(RunRepository) error) error {
	names, err := s.ruleNames(ctx)
	if err != nil {
		return err
	}
	lists, err := s.ruleLists(ctx)
	if err != nil {
		return err
	}
	cond, args := memberFilter(sel)
	const valid = ` FROM repogov_run_repo m JOIN repogov_result x ON x.repo_id = m.repo_id AND ` + validAtM + ` WHERE `

	// The distinct result contents of the run (a few hundred for thousands of
	// repositories: messages and findings repeat), decoded once.
	bodies := map[int64]report.Result{}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT b.id, b.status, b.severity, b.message, b.reason, b.exempt_until_ns, b.detail
		FROM repogov_result_body b WHERE b.id IN (SELECT x.body_id`+valid+cond+`)`), args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var b bodyRow
		if err := rows.Scan(&id, &b.status, &b.severity, &b.message, &b.reason, &b.exemptUntil, &b.detail); err != nil {
			rows.Close()
			return err
		}
		res, err := b.result()
		if err != nil {
			rows.Close()
			return err
		}
		bodies[id] = res
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	// Which content each repository has for each rule: two integers per result.
	type ref struct{ rule, body int64 }
	refs := map[int64][]ref{}
	rows, err = s.db.QueryContext(ctx, s.rebind(`SELECT m.repo_id, x.rule, x.body_id`+valid+cond), args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var repo, rule, body int64
		if err := rows.Scan(&repo, &rule, &body); err != nil {
			rows.Close()
			return err
		}
		refs[repo] = append(refs[repo], ref{rule, body})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	// The repositories, streamed in Load's order: a run's own order, or for a label
	// group (merged) by key, byte-wise as Go compares.
	order := "m.pos"
	if len(sel.Runs) > 1 {
		order = "p.key"
		if s.dialect == dialectPostgres {
			order = `p.key COLLATE "C"`
		}
	}
	rows, err = s.db.QueryContext(ctx, s.rebind(`SELECT m.repo_id, m.error, m.cached, m.list_id, meta.body, h.oid, h.pushed_ns,
		m.score, m.scored, m.compliant, m.failures, m.errors, m.worst
		FROM repogov_run_repo m JOIN repogov_repository p ON p.id = m.repo_id JOIN repogov_meta meta ON meta.id = m.meta_id
		LEFT JOIN repogov_head h ON h.id = m.head_id
		WHERE `+cond+` ORDER BY `+order), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var results []report.Result
	for rows.Next() {
		var repoID, listID, worst int64
		var errText, meta, oid sql.NullString
		var pushed sql.NullInt64
		var rr RunRepository
		if err := rows.Scan(&repoID, &errText, &rr.Repo.Cached, &listID, &meta, &oid, &pushed,
			&rr.Score.Score, &rr.Score.Scored, &rr.Score.Compliant, &rr.Score.Failures, &rr.Score.Errors, &worst); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(meta.String), &rr.Repo.Meta); err != nil {
			return fmt.Errorf("repository metadata: %w", err)
		}
		if oid.Valid {
			rr.Repo.Meta.HeadOID, rr.Repo.Meta.PushedAt = oid.String, fromNS(pushed.Int64)
		}
		rr.Repo.Error, rr.Worst = errText.String, report.Severity(worst)
		rr.Score.Key = rr.Repo.Meta.Key()
		// Results in the repository's saved rule order (as Load orders them).
		results = results[:0]
		mine := refs[repoID]
		used := make([]bool, len(mine))
		for _, rule := range lists[listID] {
			for j, x := range mine {
				if !used[j] && x.rule == rule {
					used[j] = true
					res := bodies[x.body]
					res.RuleID = names[rule]
					results = append(results, res)
				}
			}
		}
		for j, x := range mine {
			if !used[j] {
				res := bodies[x.body]
				res.RuleID = names[x.rule]
				results = append(results, res)
			}
		}
		if len(results) > 0 {
			rr.Repo.Results = results
		}
		if err := fn(rr); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return nil
}

// RepositoryIn returns one repository of a logical run (zero: latest) by its exact key,
// as Load's report holds it, in two queries (the dashboard's repository page; Repository
// also resolves names and finds the newest run containing it).
func (s *Store) RepositoryIn(ctx context.Context, key string, sel Selection) (report.Repository, error) {
	var rr report.Repository
	sel, err := s.orLatest(ctx, sel)
	if err != nil {
		return rr, err
	}
	cond, args := memberFilter(sel)
	var repoID, runID int64
	var errText, meta, oid sql.NullString
	var pushed sql.NullInt64
	var list string
	err = s.db.QueryRowContext(ctx, s.rebind(`SELECT p.id, m.run_id, m.error, m.cached, meta.body, h.oid, h.pushed_ns, l.rules
		FROM repogov_repository p JOIN repogov_run_repo m ON m.repo_id = p.id JOIN repogov_meta meta ON meta.id = m.meta_id
		JOIN repogov_rule_list l ON l.id = m.list_id LEFT JOIN repogov_head h ON h.id = m.head_id
		WHERE p.key = ? AND `+cond+` ORDER BY m.run_id DESC LIMIT 1`), append([]any{key}, args...)...).
		Scan(&repoID, &runID, &errText, &rr.Cached, &meta, &oid, &pushed, &list)
	if errors.Is(err, sql.ErrNoRows) {
		return rr, fmt.Errorf("store %s: %w: %s is not in %s", s.name, ErrNotFound, key, sel.Name())
	} else if err != nil {
		return rr, s.wrap("reading "+key, err)
	}
	if err := json.Unmarshal([]byte(meta.String), &rr.Meta); err != nil {
		return rr, s.wrap("reading "+key, fmt.Errorf("repository metadata: %w", err))
	}
	if oid.Valid {
		rr.Meta.HeadOID, rr.Meta.PushedAt = oid.String, fromNS(pushed.Int64)
	}
	rr.Error = errText.String
	var order []int64
	if err := json.Unmarshal([]byte(list), &order); err != nil {
		return rr, s.wrap("reading "+key, fmt.Errorf("rule list: %w", err))
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT x.rule, ru.rule_id, b.status, b.severity, b.message, b.reason, b.exempt_until_ns, b.detail
		FROM repogov_result x JOIN repogov_result_body b ON b.id = x.body_id JOIN repogov_rule ru ON ru.id = x.rule
		WHERE x.repo_id = ? AND x.valid_from <= ? AND (x.valid_to IS NULL OR x.valid_to > ?)`), repoID, runID, runID)
	if err != nil {
		return rr, s.wrap("reading "+key, err)
	}
	defer rows.Close()
	type got struct {
		rule int64
		res  report.Result
	}
	var all []got
	for rows.Next() {
		var g got
		var b bodyRow
		if err := rows.Scan(&g.rule, &g.res.RuleID, &b.status, &b.severity, &b.message, &b.reason, &b.exemptUntil, &b.detail); err != nil {
			return rr, s.wrap("reading "+key, err)
		}
		id := g.res.RuleID
		if g.res, err = b.result(); err != nil {
			return rr, s.wrap("reading "+key, err)
		}
		g.res.RuleID = id
		all = append(all, g)
	}
	if err := rows.Err(); err != nil {
		return rr, s.wrap("reading "+key, err)
	}
	// In the repository's saved rule order, as Load orders them.
	for _, rule := range order {
		for _, g := range all {
			if g.rule == rule {
				rr.Results = append(rr.Results, g.res)
			}
		}
	}
	return rr, nil
}
