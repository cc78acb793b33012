package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/repogov/repogov/report"
)

// advisoryLock serializes Postgres writers: run ids then follow commit order, and two
// runs never compare against each other's uncommitted rows. (SQLite gets the same from
// BEGIN IMMEDIATE.) A run is written in well under the 3 s budget, so matrix jobs queue
// briefly instead of interleaving.
const advisoryLock = 0x7265706f676f76 // "repogov"

// Save stores a report as one run, in one transaction: a run is there entirely or not at
// all. Only what changed since the last stored state of each repository is written.
func (s *Store) Save(ctx context.Context, r *report.Report) (Run, error) {
	if s.readOnly {
		return Run{}, fmt.Errorf("store %s: opened %w", s.name, ErrReadOnly)
	}
	p, err := s.prepareSave(r)
	if err != nil {
		return Run{}, fmt.Errorf("store %s: %w", s.name, err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Run{}, s.wrap("saving the run", err)
	}
	defer tx.Rollback()
	run, err := s.save(ctx, tx, r, p)
	if err != nil {
		return Run{}, s.wrap("saving the run", err)
	}
	if err := tx.Commit(); err != nil {
		return Run{}, s.wrap("saving the run", err)
	}
	s.log.Info("run saved", "store", s.name, "run", run.ID, "label", run.Label, "repositories", run.Repositories)
	return run, nil
}

// prepared is everything Save computes before taking the write lock.
type prepared struct {
	header  string
	summary report.Summary
	rules   []preparedRule
	repos   []preparedRepo
}

type preparedRule struct {
	id     string
	digest string
	body   string
}

type preparedRepo struct {
	key      string
	meta     report.Meta
	metaJSON string
	metaSum  string
	score    report.RepoScore
	worst    report.Severity
	results  []preparedResult
}

type preparedResult struct {
	ruleID string
	body   resultBody
}

// resultBody is a result without its rule id: the content-addressed part.
type resultBody struct {
	digest      string
	status      string
	severity    string
	message     string
	reason      string
	exemptUntil *int64
	detail      string
}

func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(strconv.Itoa(len(p))))
		h.Write([]byte{':'})
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func bodyOf(res report.Result) (resultBody, error) {
	b := resultBody{
		status:   string(res.Status),
		severity: res.Severity.String(),
		message:  res.Message,
		reason:   res.Reason,
	}
	if !res.ExemptUntil.IsZero() {
		ns := res.ExemptUntil.UnixNano()
		b.exemptUntil = &ns
	}
	// The detail carries every other field, so fields the model gains later are kept.
	rest := res
	rest.RuleID, rest.Status, rest.Severity, rest.Message, rest.Reason, rest.ExemptUntil = "", "", report.SeverityNone, "", "", time.Time{}
	d, err := json.Marshal(rest)
	if err != nil {
		return b, fmt.Errorf("result %s: %w", res.RuleID, err)
	}
	b.detail = string(d)
	until := ""
	if b.exemptUntil != nil {
		until = strconv.FormatInt(*b.exemptUntil, 10)
	}
	b.digest = digest(b.status, b.severity, b.message, b.reason, until, b.detail)
	return b, nil
}

func (s *Store) prepareSave(r *report.Report) (*prepared, error) {
	p := &prepared{summary: r.Summary()}
	head := *r
	head.Rules, head.Repos = nil, nil
	h, err := json.Marshal(head)
	if err != nil {
		return nil, err
	}
	p.header = string(h)
	for _, ru := range r.Rules {
		b, err := json.Marshal(ru)
		if err != nil {
			return nil, err
		}
		p.rules = append(p.rules, preparedRule{id: ru.ID, digest: digest(string(b)), body: string(b)})
	}
	seen := make(map[string]bool, len(r.Repos))
	for i, rr := range r.Repos {
		key := rr.Meta.Key()
		if seen[key] {
			return nil, fmt.Errorf("the report lists repository %s twice", key)
		}
		seen[key] = true
		mj, err := json.Marshal(rr.Meta)
		if err != nil {
			return nil, err
		}
		pr := preparedRepo{key: key, meta: rr.Meta, metaJSON: string(mj), metaSum: digest(string(mj)), score: p.summary.Repos[i], worst: rr.Worst()}
		rulesSeen := make(map[string]bool, len(rr.Results))
		for _, res := range rr.Results {
			if rulesSeen[res.RuleID] {
				return nil, fmt.Errorf("repository %s has two results for rule %s", key, res.RuleID)
			}
			rulesSeen[res.RuleID] = true
			b, err := bodyOf(res)
			if err != nil {
				return nil, err
			}
			pr.results = append(pr.results, preparedResult{ruleID: res.RuleID, body: b})
		}
		p.repos = append(p.repos, pr)
	}
	return p, nil
}

type resultKey struct{ repo, rule int64 }

type openRow struct {
	validFrom int64
	digest    string
}

func (s *Store) save(ctx context.Context, tx *sql.Tx, r *report.Report, p *prepared) (Run, error) {
	if s.dialect == dialectPostgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(advisoryLock)); err != nil {
			return Run{}, err
		}
	}
	ruleIDs, err := s.internRules(ctx, tx, r, p)
	if err != nil {
		return Run{}, err
	}

	// The run.
	sum := p.summary
	var scoreSum float64
	for _, rs := range sum.Repos {
		if rs.Scored {
			scoreSum += rs.Score
		}
	}
	now := time.Now().UnixNano()
	var runID int64
	err = tx.QueryRowContext(ctx, s.rebind(`INSERT INTO repogov_run (run_uid, label, logical, started_ns, finished_ns, saved_ns, tool,
		policy_name, policy_digest, incomplete, header, repositories, scanned, unreadable, compliant, failures,
		score_sum, compliant_share, mean_score)
		VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		r.ID(), r.Label, nsOf(r.Started), nsOf(r.Finished), now, s.tool, r.Policy.Name, r.Policy.Digest, r.Incomplete, p.header,
		sum.Repositories, sum.Scanned, sum.Unreadable, sum.FullyCompliant, sum.Failures, scoreSum, sum.CompliantShare, sum.MeanScore).Scan(&runID)
	if err != nil {
		return Run{}, err
	}
	logical := "run:" + strconv.FormatInt(runID, 10)
	if r.Label != "" {
		logical = "label:" + r.Label
	}
	if _, err := tx.ExecContext(ctx, s.rebind(`UPDATE repogov_run SET logical = ? WHERE id = ?`), logical, runID); err != nil {
		return Run{}, err
	}

	// The rules of the run, with their counts: the report's rules in order, then any rule
	// that only results name (no metadata).
	defIDs := make(map[string]int64, len(p.rules))
	for _, pr := range p.rules {
		id, err := s.internRuleDef(ctx, tx, ruleIDs[pr.id], pr)
		if err != nil {
			return Run{}, err
		}
		defIDs[pr.id] = id
	}
	stats := make(map[string]report.RuleSummary, len(sum.Rules))
	for _, rs := range sum.Rules {
		stats[rs.RuleID] = rs
	}
	var order []string
	listed := map[string]bool{}
	for _, pr := range p.rules {
		order = append(order, pr.id)
		listed[pr.id] = true
	}
	for _, rs := range sum.Rules {
		if !listed[rs.RuleID] {
			order = append(order, rs.RuleID)
			listed[rs.RuleID] = true
		}
	}
	rr := newBatch("repogov_run_rule", "run_id:bigint", "pos:bigint", "rule:bigint", "def_id:bigint",
		"pass:bigint", "fail:bigint", "inherited:bigint", "exempt:bigint", "not_applicable:bigint", "error:bigint", "pass_rate:float8")
	for i, id := range order {
		st, ok := stats[id]
		if !ok {
			st.PassRate = 1
		}
		var def *int64
		if d, ok := defIDs[id]; ok && i < len(p.rules) {
			def = &d
		}
		rr.add(runID, int64(i), ruleIDs[id], def, int64(st.Pass), int64(st.Fail), int64(st.Inherited), int64(st.Exempt),
			int64(st.NotApplicable), int64(st.Error), st.PassRate)
	}
	if err := s.flush(ctx, tx, rr); err != nil {
		return Run{}, err
	}

	repoIDs, err := s.upsertRepos(ctx, tx, runID, p)
	if err != nil {
		return Run{}, err
	}
	listIDs, err := s.internLists(ctx, tx, p, ruleIDs)
	if err != nil {
		return Run{}, err
	}
	if err := s.writeResults(ctx, tx, runID, p, repoIDs, ruleIDs); err != nil {
		return Run{}, err
	}

	// Membership and scores.
	mb := newBatch("repogov_run_repo", "run_id:bigint", "repo_id:bigint", "pos:bigint", "meta_id:bigint", "list_id:bigint",
		"error:text", "cached:bool", "score:float8", "scored:bool", "compliant:bool", "failures:bigint", "errors:bigint", "worst:bigint")
	for i, pr := range p.repos {
		var errText *string
		if e := r.Repos[i].Error; e != "" {
			errText = &e
		}
		mb.add(runID, repoIDs[i].id, int64(i), repoIDs[i].metaID, listIDs[i], errText, r.Repos[i].Cached,
			pr.score.Score, pr.score.Scored, pr.score.Compliant, int64(pr.score.Failures), int64(pr.score.Errors), int64(pr.worst))
	}
	if err := s.flush(ctx, tx, mb); err != nil {
		return Run{}, err
	}
	if _, err := tx.ExecContext(ctx, s.rebind(`UPDATE repogov_repository SET last_run = ?
		WHERE id IN (SELECT repo_id FROM repogov_run_repo WHERE run_id = ?)`), runID, runID); err != nil {
		return Run{}, err
	}
	if r.Label != "" {
		// Within one label the newest run shows a repository that two shards scanned.
		if _, err := tx.ExecContext(ctx, s.rebind(`UPDATE repogov_run_repo SET superseded = ?
			WHERE run_id IN (SELECT id FROM repogov_run WHERE logical = ? AND id <> ?)
			  AND repo_id IN (SELECT repo_id FROM repogov_run_repo WHERE run_id = ?)`), true, logical, runID, runID); err != nil {
			return Run{}, err
		}
	}
	return s.runByID(ctx, tx, runID)
}

func nsOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// internRules returns the small integer of every rule id the report names.
func (s *Store) internRules(ctx context.Context, tx *sql.Tx, r *report.Report, p *prepared) (map[string]int64, error) {
	ids := map[string]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT id, rule_id FROM repogov_rule`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		ids[name] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var need []string
	add := func(name string) {
		if _, ok := ids[name]; !ok {
			ids[name] = 0
			need = append(need, name)
		}
	}
	for _, ru := range p.rules {
		add(ru.id)
	}
	for _, pr := range p.repos {
		for _, res := range pr.results {
			add(res.ruleID)
		}
	}
	for _, name := range need {
		var id int64
		if err := tx.QueryRowContext(ctx, s.rebind(`INSERT INTO repogov_rule (rule_id) VALUES (?) RETURNING id`), name).Scan(&id); err != nil {
			return nil, err
		}
		ids[name] = id
	}
	return ids, nil
}

func (s *Store) internRuleDef(ctx context.Context, tx *sql.Tx, rule int64, pr preparedRule) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, s.rebind(`SELECT id FROM repogov_rule_def WHERE digest = ?`), pr.digest).Scan(&id)
	if err == nil {
		return id, nil
	}
	if err != sql.ErrNoRows {
		return 0, err
	}
	err = tx.QueryRowContext(ctx, s.rebind(`INSERT INTO repogov_rule_def (rule, digest, body) VALUES (?, ?, ?) RETURNING id`),
		rule, pr.digest, pr.body).Scan(&id)
	return id, err
}

// internLists returns, per repository, the id of its results' rule order.
func (s *Store) internLists(ctx context.Context, tx *sql.Tx, p *prepared, ruleIDs map[string]int64) ([]int64, error) {
	known := map[string]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT id, digest FROM repogov_rule_list`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var d string
		if err := rows.Scan(&id, &d); err != nil {
			rows.Close()
			return nil, err
		}
		known[d] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]int64, len(p.repos))
	for i, pr := range p.repos {
		ids := make([]string, len(pr.results))
		for j, res := range pr.results {
			ids[j] = strconv.FormatInt(ruleIDs[res.ruleID], 10)
		}
		list := "[" + strings.Join(ids, ",") + "]"
		d := digest(list)
		id, ok := known[d]
		if !ok {
			if err := tx.QueryRowContext(ctx, s.rebind(`INSERT INTO repogov_rule_list (digest, rules) VALUES (?, ?) RETURNING id`), d, list).Scan(&id); err != nil {
				return nil, err
			}
			known[d] = id
		}
		out[i] = id
	}
	return out, nil
}

type repoRef struct{ id, metaID int64 }

// upsertRepos finds or creates every repository of the run (by key, or by the host's
// stable id after a rename) and records a new metadata version where it changed.
func (s *Store) upsertRepos(ctx context.Context, tx *sql.Tx, runID int64, p *prepared) ([]repoRef, error) {
	type known struct {
		id, metaID int64
		metaSum    string
	}
	byKey := map[string]*known{}
	byHostID := map[string]*known{}
	rows, err := tx.QueryContext(ctx, `SELECT p.id, p.key, p.host, p.host_id, p.meta_id, coalesce(m.digest, '')
		FROM repogov_repository p LEFT JOIN repogov_meta m ON m.id = p.meta_id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k known
		var key, host string
		var hostID int64
		if err := rows.Scan(&k.id, &key, &host, &hostID, &k.metaID, &k.metaSum); err != nil {
			rows.Close()
			return nil, err
		}
		byKey[key] = &k
		if hostID != 0 {
			byHostID[host+"#"+strconv.FormatInt(hostID, 10)] = &k
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]repoRef, len(p.repos))
	for i, pr := range p.repos {
		m := pr.meta
		k := byKey[pr.key]
		if k == nil && m.ID != 0 {
			if k = byHostID[m.Host+"#"+strconv.FormatInt(m.ID, 10)]; k != nil {
				// Renamed or transferred: same repository, new key.
				if _, err := tx.ExecContext(ctx, s.rebind(`UPDATE repogov_repository SET key = ? WHERE id = ?`), pr.key, k.id); err != nil {
					return nil, err
				}
				byKey[pr.key] = k
			}
		}
		if k == nil {
			k = &known{}
			err := tx.QueryRowContext(ctx, s.rebind(`INSERT INTO repogov_repository (key, host, owner, name, full_name, host_id, first_run, last_run)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), pr.key, m.Host, m.Owner, m.Name, m.FullName, m.ID, runID, runID).Scan(&k.id)
			if err != nil {
				return nil, err
			}
			byKey[pr.key] = k
		}
		if k.metaSum != pr.metaSum {
			if err := tx.QueryRowContext(ctx, s.rebind(`INSERT INTO repogov_meta (repo_id, digest, body) VALUES (?, ?, ?) RETURNING id`),
				k.id, pr.metaSum, pr.metaJSON).Scan(&k.metaID); err != nil {
				return nil, err
			}
			k.metaSum = pr.metaSum
			if _, err := tx.ExecContext(ctx, s.rebind(`UPDATE repogov_repository SET host = ?, owner = ?, name = ?, full_name = ?,
				host_id = ?, url = ?, visibility = ?, archived = ?, fork = ?, description = ?, meta_id = ? WHERE id = ?`),
				m.Host, m.Owner, m.Name, m.FullName, m.ID, m.URL, m.Visibility, m.Archived, m.Fork, m.Description, k.metaID, k.id); err != nil {
				return nil, err
			}
			if _, err := tx.ExecContext(ctx, s.rebind(`DELETE FROM repogov_repository_topic WHERE repo_id = ?`), k.id); err != nil {
				return nil, err
			}
			topics := slices.Clone(m.Topics)
			slices.Sort(topics)
			for _, t := range slices.Compact(topics) {
				if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO repogov_repository_topic (repo_id, topic) VALUES (?, ?)`), k.id, t); err != nil {
					return nil, err
				}
			}
		}
		out[i] = repoRef{id: k.id, metaID: k.metaID}
	}
	return out, nil
}

// writeResults closes the result rows that changed or disappeared and opens rows for the
// new contents. An unchanged result touches nothing.
func (s *Store) writeResults(ctx context.Context, tx *sql.Tx, runID int64, p *prepared, repos []repoRef, ruleIDs map[string]int64) error {
	inRun := make(map[int64]bool, len(repos))
	for _, r := range repos {
		inRun[r.id] = true
	}
	open := make(map[resultKey]openRow, len(p.repos)*24)
	byRepo := make(map[int64][]int64, len(p.repos))
	rows, err := tx.QueryContext(ctx, `SELECT x.repo_id, x.rule, x.valid_from, b.digest
		FROM repogov_result x JOIN repogov_result_body b ON b.id = x.body_id WHERE x.valid_to IS NULL`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var k resultKey
		var o openRow
		if err := rows.Scan(&k.repo, &k.rule, &o.validFrom, &o.digest); err != nil {
			rows.Close()
			return err
		}
		if inRun[k.repo] {
			open[k] = o
			byRepo[k.repo] = append(byRepo[k.repo], k.rule)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	closeB := newBatch("", "repo_id:bigint", "rule:bigint", "valid_from:bigint")
	type newRow struct {
		key  resultKey
		body *resultBody
	}
	var added []newRow
	bodies := map[string]*resultBody{}
	for i, pr := range p.repos {
		repoID := repos[i].id
		present := make(map[int64]bool, len(pr.results))
		for j := range pr.results {
			res := &pr.results[j]
			k := resultKey{repoID, ruleIDs[res.ruleID]}
			present[k.rule] = true
			o, ok := open[k]
			if ok && o.digest == res.body.digest {
				continue
			}
			if ok {
				closeB.add(k.repo, k.rule, o.validFrom)
			}
			added = append(added, newRow{k, &res.body})
			bodies[res.body.digest] = &res.body
		}
		// A result the repository no longer has (rule turned off, repository unreadable)
		// ends here too, so the rows valid at a run are exactly its results.
		for _, rule := range byRepo[repoID] {
			if !present[rule] {
				k := resultKey{repoID, rule}
				closeB.add(k.repo, k.rule, open[k].validFrom)
			}
		}
	}
	if err := s.closeRows(ctx, tx, runID, closeB); err != nil {
		return err
	}
	bodyIDs, err := s.internBodies(ctx, tx, bodies)
	if err != nil {
		return err
	}
	ins := newBatch("repogov_result", "repo_id:bigint", "rule:bigint", "valid_from:bigint", "body_id:bigint")
	for _, a := range added {
		ins.add(a.key.repo, a.key.rule, runID, bodyIDs[a.body.digest])
	}
	return s.flush(ctx, tx, ins)
}

func (s *Store) closeRows(ctx context.Context, tx *sql.Tx, runID int64, b *batch) error {
	if b.n == 0 {
		return nil
	}
	if s.dialect == dialectPostgres {
		_, err := tx.ExecContext(ctx, `UPDATE repogov_result x SET valid_to = $1
			FROM unnest($2::bigint[], $3::bigint[], $4::bigint[]) AS u(repo_id, rule, valid_from)
			WHERE x.repo_id = u.repo_id AND x.rule = u.rule AND x.valid_from = u.valid_from`,
			runID, b.cols[0], b.cols[1], b.cols[2])
		return err
	}
	st, err := tx.PrepareContext(ctx, `UPDATE repogov_result SET valid_to = ? WHERE repo_id = ? AND rule = ? AND valid_from = ?`)
	if err != nil {
		return err
	}
	defer st.Close()
	repo, rule, from := b.cols[0].([]int64), b.cols[1].([]int64), b.cols[2].([]int64)
	for i := range b.n {
		if _, err := st.ExecContext(ctx, runID, repo[i], rule[i], from[i]); err != nil {
			return err
		}
	}
	return nil
}

// internBodies returns the id of every result content, inserting those not stored yet.
func (s *Store) internBodies(ctx context.Context, tx *sql.Tx, bodies map[string]*resultBody) (map[string]int64, error) {
	ids := make(map[string]int64, len(bodies))
	if len(bodies) == 0 {
		return ids, nil
	}
	digests := make([]string, 0, len(bodies))
	for d := range bodies {
		digests = append(digests, d)
	}
	slices.Sort(digests)
	if s.dialect == dialectPostgres {
		rows, err := tx.QueryContext(ctx, `SELECT id, digest FROM repogov_result_body WHERE digest = ANY($1::text[])`, digests)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var d string
			if err := rows.Scan(&id, &d); err != nil {
				rows.Close()
				return nil, err
			}
			ids[d] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	} else {
		st, err := tx.PrepareContext(ctx, `SELECT id FROM repogov_result_body WHERE digest = ?`)
		if err != nil {
			return nil, err
		}
		defer st.Close()
		for _, d := range digests {
			var id int64
			switch err := st.QueryRowContext(ctx, d).Scan(&id); err {
			case nil:
				ids[d] = id
			case sql.ErrNoRows:
			default:
				return nil, err
			}
		}
	}
	nb := newBatch("repogov_result_body", "digest:text", "status:text", "severity:text", "message:text", "reason:text",
		"exempt_until_ns:bigint", "detail:text")
	for _, d := range digests {
		if _, ok := ids[d]; ok {
			continue
		}
		b := bodies[d]
		nb.add(d, b.status, b.severity, b.message, b.reason, b.exemptUntil, b.detail)
	}
	if nb.n == 0 {
		return ids, nil
	}
	if err := s.flush(ctx, tx, nb); err != nil {
		return nil, err
	}
	// Read the new ids back by digest (one query per chunk on Postgres).
	missing := make([]string, 0, nb.n)
	for _, d := range digests {
		if _, ok := ids[d]; !ok {
			missing = append(missing, d)
		}
	}
	if s.dialect == dialectPostgres {
		rows, err := tx.QueryContext(ctx, `SELECT id, digest FROM repogov_result_body WHERE digest = ANY($1::text[])`, missing)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var d string
			if err := rows.Scan(&id, &d); err != nil {
				return nil, err
			}
			ids[d] = id
		}
		return ids, rows.Err()
	}
	st, err := tx.PrepareContext(ctx, `SELECT id FROM repogov_result_body WHERE digest = ?`)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	for _, d := range missing {
		var id int64
		if err := st.QueryRowContext(ctx, d).Scan(&id); err != nil {
			return nil, err
		}
		ids[d] = id
	}
	return ids, nil
}

// batch collects rows column by column: Postgres inserts them with one unnest() per
// chunk, SQLite with multi-row VALUES statements.
type batch struct {
	table string
	names []string
	types []string // Postgres array element types
	cols  []any    // []int64, []*int64, []string, []*string, []bool, []float64
	n     int
}

func newBatch(table string, cols ...string) *batch {
	b := &batch{table: table}
	for _, c := range cols {
		name, typ, _ := strings.Cut(c, ":")
		b.names = append(b.names, name)
		b.types = append(b.types, typ)
		b.cols = append(b.cols, nil)
	}
	return b
}

func (b *batch) add(vals ...any) {
	if len(vals) != len(b.cols) {
		panic(fmt.Sprintf("batch %s: %d values for %d columns", b.table, len(vals), len(b.cols)))
	}
	for i, v := range vals {
		switch x := v.(type) {
		case int64:
			c, _ := b.cols[i].([]int64)
			b.cols[i] = append(c, x)
		case *int64:
			c, _ := b.cols[i].([]*int64)
			b.cols[i] = append(c, x)
		case string:
			c, _ := b.cols[i].([]string)
			b.cols[i] = append(c, x)
		case *string:
			c, _ := b.cols[i].([]*string)
			b.cols[i] = append(c, x)
		case bool:
			c, _ := b.cols[i].([]bool)
			b.cols[i] = append(c, x)
		case float64:
			c, _ := b.cols[i].([]float64)
			b.cols[i] = append(c, x)
		default:
			panic(fmt.Sprintf("batch %s: unsupported %T", b.table, v))
		}
	}
	b.n++
}

func (b *batch) cell(col, row int) any {
	v := reflect.ValueOf(b.cols[col]).Index(row)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		return v.Elem().Interface()
	}
	return v.Interface()
}

func (b *batch) slice(col, from, to int) any {
	return reflect.ValueOf(b.cols[col]).Slice(from, to).Interface()
}

const (
	pgChunk     = 50000
	sqliteChunk = 200
)

func (s *Store) flush(ctx context.Context, tx *sql.Tx, b *batch) error {
	if b.n == 0 {
		return nil
	}
	cols := strings.Join(b.names, ", ")
	if s.dialect == dialectPostgres {
		params := make([]string, len(b.names))
		for i, t := range b.types {
			params[i] = fmt.Sprintf("$%d::%s[]", i+1, t)
		}
		q := fmt.Sprintf("INSERT INTO %s (%s) SELECT * FROM unnest(%s)", b.table, cols, strings.Join(params, ", "))
		for from := 0; from < b.n; from += pgChunk {
			to := min(from+pgChunk, b.n)
			args := make([]any, len(b.cols))
			for i := range b.cols {
				args[i] = b.slice(i, from, to)
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("%s: %w", b.table, err)
			}
		}
		return nil
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(b.names)), ", ") + ")"
	stmtFor := func(rows int) string {
		return fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", b.table, cols, strings.TrimSuffix(strings.Repeat(row+", ", rows), ", "))
	}
	var full *sql.Stmt
	args := make([]any, 0, sqliteChunk*len(b.cols))
	for from := 0; from < b.n; from += sqliteChunk {
		to := min(from+sqliteChunk, b.n)
		args = args[:0]
		for r := from; r < to; r++ {
			for c := range b.cols {
				args = append(args, b.cell(c, r))
			}
		}
		var err error
		if to-from == sqliteChunk {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, stmtFor(sqliteChunk)); err != nil {
					return fmt.Errorf("%s: %w", b.table, err)
				}
				defer full.Close()
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, stmtFor(to-from), args...)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", b.table, err)
		}
	}
	return nil
}
