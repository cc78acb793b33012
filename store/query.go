package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
)

// RepoQuery filters, sorts and pages the repositories of a logical run (the dashboard).
type RepoQuery struct {
	Run        Selection       // zero: latest
	Search     string          // case-insensitive substring of the full name or description
	Owner      string          // exact owner (organization, user, group), case-insensitive
	Rule       string          // with Status: the result of Rule has Status; alone: has a result for Rule
	Status     report.Status   // without Rule: any result has Status
	Severity   report.Severity // worst failing severity at least this; SeverityNone: no filter
	Topic      string
	Visibility string // "public", "private", "internal"
	Archived   *bool
	Compliant  *bool
	Sort       string // "name" (default), "score", "-score", "failures", "-failures"
	Limit      int    // default 50, at most 1000
	Offset     int
}

// RepoRow is one repository in one logical run. Descriptive fields are the repository's
// metadata as that run saw it.
type RepoRow struct {
	Key, Host, Owner, Name, FullName, URL  string
	Description, Visibility, DefaultBranch string
	Homepage                               string
	Archived, Fork                         bool
	Topics                                 []string
	HeadOID                                string
	PushedAt                               time.Time
	Error                                  string // could not be read in that run
	Score                                  float64
	Scored, Compliant                      bool
	Failures, Errors                       int
	Worst                                  report.Severity
	RunID                                  int64 // the run it comes from
}

// RepoPage is a page of repositories and how many match in all.
type RepoPage struct {
	Total int
	Rows  []RepoRow
}

// memberFilter is the SQL condition selecting the run_repo rows (alias m) of a logical run.
func memberFilter(sel Selection) (string, []any) {
	if len(sel.Runs) == 1 {
		return "m.run_id = ?", []any{sel.Runs[0].ID}
	}
	ids := sel.ids()
	args := make([]any, 0, len(ids)+1)
	for _, id := range ids {
		args = append(args, id)
	}
	args = append(args, false)
	return "m.run_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ") AND m.superseded = ?", args
}

const validAtM = `x.valid_from <= m.run_id AND (x.valid_to IS NULL OR x.valid_to > m.run_id)`

// Repositories lists the repositories of a logical run matching q.
func (s *Store) Repositories(ctx context.Context, q RepoQuery) (RepoPage, error) {
	var page RepoPage
	sel, err := s.orLatest(ctx, q.Run)
	if err != nil {
		return page, err
	}
	cond, args := memberFilter(sel)
	where := []string{cond}
	if q.Search != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(q.Search)) + "%"
		where = append(where, `(lower(p.full_name) LIKE ? ESCAPE '\' OR lower(p.description) LIKE ? ESCAPE '\')`)
		args = append(args, like, like)
	}
	if q.Owner != "" {
		where, args = append(where, "lower(p.owner) = ?"), append(args, strings.ToLower(q.Owner))
	}
	if q.Rule != "" || q.Status != "" {
		sub := `EXISTS (SELECT 1 FROM repogov_result x JOIN repogov_result_body b ON b.id = x.body_id
			JOIN repogov_rule ru ON ru.id = x.rule WHERE x.repo_id = m.repo_id AND ` + validAtM
		if q.Rule != "" {
			sub, args = sub+" AND ru.rule_id = ?", append(args, q.Rule)
		}
		if q.Status != "" {
			sub, args = sub+" AND b.status = ?", append(args, string(q.Status))
		}
		where = append(where, sub+")")
	}
	if q.Severity != report.SeverityNone {
		where, args = append(where, "m.worst >= ?"), append(args, int64(q.Severity))
	}
	if q.Topic != "" {
		where, args = append(where, "EXISTS (SELECT 1 FROM repogov_repository_topic t WHERE t.repo_id = m.repo_id AND t.topic = ?)"), append(args, q.Topic)
	}
	if q.Visibility != "" {
		where, args = append(where, "lower(p.visibility) = ?"), append(args, strings.ToLower(q.Visibility))
	}
	if q.Archived != nil {
		where, args = append(where, "p.archived = ?"), append(args, *q.Archived)
	}
	if q.Compliant != nil {
		where, args = append(where, "m.compliant = ?"), append(args, *q.Compliant)
	}
	from := ` FROM repogov_run_repo m JOIN repogov_repository p ON p.id = m.repo_id WHERE ` + strings.Join(where, " AND ")
	if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT count(*)`+from), args...).Scan(&page.Total); err != nil {
		return page, s.wrap("listing repositories", err)
	}
	order := map[string]string{
		"": "lower(p.full_name), p.key", "name": "lower(p.full_name), p.key", "-name": "lower(p.full_name) DESC, p.key DESC",
		"score": "m.scored DESC, m.score, p.key", "-score": "m.scored DESC, m.score DESC, p.key",
		"failures": "m.failures, p.key", "-failures": "m.failures DESC, p.key",
	}[q.Sort]
	if order == "" {
		return page, fmt.Errorf("store %s: sort %q: want name, score, failures (or -score, -failures, -name)", s.name, q.Sort)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 1000)
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT m.run_id, m.meta_id, m.head_id, m.error, m.score, m.scored, m.compliant, m.failures, m.errors, m.worst`+
		from+` ORDER BY `+order+fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(q.Offset, 0))), args...)
	if err != nil {
		return page, s.wrap("listing repositories", err)
	}
	defer rows.Close()
	var metaIDs []metaRef
	for rows.Next() {
		var r RepoRow
		var meta metaRef
		var worst int64
		var errText sql.NullString
		if err := rows.Scan(&r.RunID, &meta.meta, &meta.head, &errText, &r.Score, &r.Scored, &r.Compliant, &r.Failures, &r.Errors, &worst); err != nil {
			return page, s.wrap("listing repositories", err)
		}
		r.Error, r.Worst = errText.String, report.Severity(worst)
		metaIDs = append(metaIDs, meta)
		page.Rows = append(page.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return page, s.wrap("listing repositories", err)
	}
	metas, err := s.metas(ctx, metaIDs)
	if err != nil {
		return page, s.wrap("listing repositories", err)
	}
	for i := range page.Rows {
		m := metas[metaIDs[i]]
		r := &page.Rows[i]
		r.Key, r.Host, r.Owner, r.Name, r.FullName, r.URL = m.Key(), m.Host, m.Owner, m.Name, m.FullName, m.URL
		r.Description, r.Visibility, r.DefaultBranch, r.Homepage = m.Description, m.Visibility, m.DefaultBranch, m.Homepage
		r.Archived, r.Fork, r.Topics, r.HeadOID, r.PushedAt = m.Archived, m.Fork, m.Topics, m.HeadOID, m.PushedAt
	}
	return page, nil
}

// Repository returns one repository as a logical run saw it (zero selection: the newest
// run containing it), with all its results, and the run it comes from.
func (s *Store) Repository(ctx context.Context, repo string, sel Selection) (report.Repository, Run, error) {
	var rr report.Repository
	id, _, err := s.findRepo(ctx, repo)
	if err != nil {
		return rr, Run{}, err
	}
	var runID sql.NullInt64
	if sel.IsZero() {
		err = s.db.QueryRowContext(ctx, s.rebind(`SELECT max(run_id) FROM repogov_run_repo WHERE repo_id = ?`), id).Scan(&runID)
	} else {
		cond, args := memberFilter(sel)
		err = s.db.QueryRowContext(ctx, s.rebind(`SELECT max(m.run_id) FROM repogov_run_repo m WHERE m.repo_id = ? AND `+cond),
			append([]any{id}, args...)...).Scan(&runID)
	}
	if err != nil {
		return rr, Run{}, s.wrap("reading "+repo, err)
	}
	if !runID.Valid {
		return rr, Run{}, fmt.Errorf("store %s: %w: %s is not in %s", s.name, ErrNotFound, repo, sel.Name())
	}
	run, err := s.runByID(ctx, s.db, runID.Int64)
	if err != nil {
		return rr, Run{}, err
	}
	rr, err = s.repositoryAt(ctx, id, runID.Int64)
	if err != nil {
		return rr, Run{}, s.wrap("reading "+repo, err)
	}
	return rr, run, nil
}

func (s *Store) repositoryAt(ctx context.Context, repoID, runID int64) (report.Repository, error) {
	var rr report.Repository
	var metaID metaRef
	var listID int64
	var errText sql.NullString
	if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT meta_id, head_id, list_id, error, cached FROM repogov_run_repo WHERE run_id = ? AND repo_id = ?`),
		runID, repoID).Scan(&metaID.meta, &metaID.head, &listID, &errText, &rr.Cached); err != nil {
		return rr, err
	}
	rr.Error = errText.String
	metas, err := s.metas(ctx, []metaRef{metaID})
	if err != nil {
		return rr, err
	}
	rr.Meta = metas[metaID]
	var list string
	if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT rules FROM repogov_rule_list WHERE id = ?`), listID).Scan(&list); err != nil {
		return rr, err
	}
	names, err := s.ruleNames(ctx)
	if err != nil {
		return rr, err
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT x.rule, b.status, b.severity, b.message, b.reason, b.exempt_until_ns, b.detail
		FROM repogov_result x JOIN repogov_result_body b ON b.id = x.body_id
		WHERE x.repo_id = ? AND x.valid_from <= ? AND (x.valid_to IS NULL OR x.valid_to > ?)`), repoID, runID, runID)
	if err != nil {
		return rr, err
	}
	defer rows.Close()
	byRule := map[int64]report.Result{}
	for rows.Next() {
		var rule int64
		var b bodyRow
		if err := rows.Scan(&rule, &b.status, &b.severity, &b.message, &b.reason, &b.exemptUntil, &b.detail); err != nil {
			return rr, err
		}
		res, err := b.result()
		if err != nil {
			return rr, err
		}
		res.RuleID = names[rule]
		byRule[rule] = res
	}
	if err := rows.Err(); err != nil {
		return rr, err
	}
	var order []int64
	if err := jsonUnmarshal(list, &order); err != nil {
		return rr, err
	}
	for _, rule := range order {
		if res, ok := byRule[rule]; ok {
			rr.Results = append(rr.Results, res)
		}
	}
	return rr, nil
}

// Exemptions lists the exempt results of a logical run (zero: latest) expiring before
// `before` (zero: every exemption), soonest first; exemptions without expiry come last.
func (s *Store) Exemptions(ctx context.Context, sel Selection, before time.Time) ([]history.Exemption, error) {
	sel, err := s.orLatest(ctx, sel)
	if err != nil {
		return nil, err
	}
	cond, args := memberFilter(sel)
	q := `SELECT m.meta_id, m.head_id, ru.rule_id, b.reason, b.exempt_until_ns
		FROM repogov_run_repo m
		JOIN repogov_result x ON x.repo_id = m.repo_id AND ` + validAtM + `
		JOIN repogov_result_body b ON b.id = x.body_id
		JOIN repogov_rule ru ON ru.id = x.rule
		WHERE ` + cond + ` AND b.status = ?`
	args = append(args, string(report.Exempt))
	if !before.IsZero() {
		q, args = q+" AND b.exempt_until_ns IS NOT NULL AND b.exempt_until_ns < ?", append(args, before.UnixNano())
	}
	q += " ORDER BY b.exempt_until_ns IS NULL, b.exempt_until_ns, ru.rule_id"
	rows, err := s.db.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, s.wrap("listing exemptions", err)
	}
	defer rows.Close()
	var out []history.Exemption
	var metaIDs []metaRef
	for rows.Next() {
		var e history.Exemption
		var meta metaRef
		var until sql.NullInt64
		if err := rows.Scan(&meta.meta, &meta.head, &e.RuleID, &e.Reason, &until); err != nil {
			return nil, s.wrap("listing exemptions", err)
		}
		e.ExemptUntil = nsTime(until)
		metaIDs = append(metaIDs, meta)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap("listing exemptions", err)
	}
	metas, err := s.metas(ctx, metaIDs)
	if err != nil {
		return nil, s.wrap("listing exemptions", err)
	}
	for i := range out {
		m := metas[metaIDs[i]]
		out[i].Repo = history.Repo{Key: m.Key(), FullName: m.FullName, URL: m.URL}
	}
	return out, nil
}

// Owners sums a logical run (zero: latest) per owner: organization, user or group.
func (s *Store) Owners(ctx context.Context, sel Selection) ([]history.OwnerSummary, error) {
	sel, err := s.orLatest(ctx, sel)
	if err != nil {
		return nil, err
	}
	cond, args := memberFilter(sel)
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT p.host, p.owner, count(*),
		sum(CASE WHEN m.scored THEN 1 ELSE 0 END), sum(CASE WHEN m.compliant THEN 1 ELSE 0 END), sum(m.failures),
		sum(CASE WHEN m.scored THEN m.score ELSE 0 END)
		FROM repogov_run_repo m JOIN repogov_repository p ON p.id = m.repo_id
		WHERE `+cond+` GROUP BY p.host, p.owner ORDER BY p.host, p.owner`), args...)
	if err != nil {
		return nil, s.wrap("summing owners", err)
	}
	defer rows.Close()
	var out []history.OwnerSummary
	for rows.Next() {
		var o history.OwnerSummary
		var scoreSum float64
		if err := rows.Scan(&o.Host, &o.Owner, &o.Totals.Repositories, &o.Totals.Scanned, &o.Totals.Compliant, &o.Totals.Failures, &scoreSum); err != nil {
			return nil, s.wrap("summing owners", err)
		}
		if o.Totals.Scanned > 0 {
			o.Totals.CompliantShare = round(float64(o.Totals.Compliant)/float64(o.Totals.Scanned), 4)
			o.Totals.MeanScore = round(scoreSum/float64(o.Totals.Scanned), 1)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
