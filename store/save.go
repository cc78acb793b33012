package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"golang.org/x/sync/errgroup"

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
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return Run{}, s.wrap("saving the run", err)
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return Run{}, s.wrap("saving the run", err)
	}
	defer sqlTx.Rollback()
	tx := &txn{Tx: sqlTx, conn: conn}
	run, err := s.save(ctx, tx, r, p)
	if err != nil {
		return Run{}, s.wrap("saving the run", err)
	}
	if err := sqlTx.Commit(); err != nil {
		return Run{}, s.wrap("saving the run", err)
	}
	s.log.Info("run saved", "store", s.name, "run", run.ID, "label", run.Label, "repositories", run.Repositories)
	return run, nil
}

// txn is the write transaction and the connection it runs on: PostgreSQL bulk inserts
// use COPY on that connection, inside the transaction.
type txn struct {
	*sql.Tx
	conn *sql.Conn
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
	metaJSON string // without HeadOID and PushedAt, which repogov_head keeps
	metaSum  string
	headOID  string
	pushedNS int64
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
	res         *report.Result // for the detail, encoded only when the content is new
}

// detail is the JSON of every field without a column of its own, so fields the model
// gains later are kept.
func (b *resultBody) detail() (string, error) {
	rest := *b.res
	rest.RuleID, rest.Status, rest.Severity, rest.Message, rest.Reason, rest.ExemptUntil = "", "", report.SeverityNone, "", "", time.Time{}
	d, err := json.Marshal(rest)
	if err != nil {
		return "", fmt.Errorf("result %s: %w", b.res.RuleID, err)
	}
	return string(d), nil
}

func digest(parts ...string) string {
	var buf []byte
	for _, p := range parts {
		buf = appendField(buf, p)
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:16])
}

// appendField appends a length-prefixed field: no two field lists encode alike.
func appendField(buf []byte, p string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(p)))
	return append(buf, p...)
}

// resultFields are the report.Result fields resultDigest covers; a test fails when the
// model gains one, so the digest never misses a change.
var resultFields = []string{"RuleID", "Status", "Severity", "Message", "Findings", "Remediation", "Reason", "ExemptUntil", "Facts"}

// resultDigest identifies a result's content (everything but the rule id) without
// encoding it as JSON: hashing the fields is several times cheaper, and most results of
// a re-scan only need comparing. buf is scratch space, returned for reuse.
func resultDigest(res *report.Result, buf []byte) (string, []byte, error) {
	buf = buf[:0]
	buf = appendField(buf, string(res.Status))
	buf = binary.AppendVarint(buf, int64(res.Severity))
	buf = appendField(buf, res.Message)
	buf = appendField(buf, res.Reason)
	buf = binary.AppendVarint(buf, nsOf(res.ExemptUntil))
	buf = appendField(buf, res.Remediation)
	buf = binary.AppendUvarint(buf, uint64(len(res.Findings)))
	for _, f := range res.Findings {
		buf = appendField(buf, f.Path)
		buf = binary.AppendVarint(buf, int64(f.Line))
		buf = binary.AppendVarint(buf, int64(f.Column))
		buf = appendField(buf, f.Message)
		buf = appendField(buf, f.Key)
	}
	if res.Facts != nil {
		b, err := json.Marshal(res.Facts) // maps marshal with sorted keys
		if err != nil {
			return "", buf, fmt.Errorf("result %s: facts: %w", res.RuleID, err)
		}
		buf = append(buf, 1)
		buf = appendField(buf, string(b))
	} else {
		buf = append(buf, 0)
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:16]), buf, nil
}

func bodyOf(res *report.Result, buf []byte) (resultBody, []byte, error) {
	b := resultBody{
		status:   string(res.Status),
		severity: res.Severity.String(),
		message:  res.Message,
		reason:   res.Reason,
		res:      res,
	}
	if !res.ExemptUntil.IsZero() {
		ns := res.ExemptUntil.UnixNano()
		b.exemptUntil = &ns
	}
	var err error
	b.digest, buf, err = resultDigest(res, buf)
	return b, buf, err
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
	for _, rr := range r.Repos {
		key := rr.Meta.Key()
		if seen[key] {
			return nil, fmt.Errorf("the report lists repository %s twice", key)
		}
		seen[key] = true
	}
	// Hashing every result is the bulk of the work: spread it over the cores.
	p.repos = make([]preparedRepo, len(r.Repos))
	var g errgroup.Group
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		g.Go(func() error {
			var buf []byte
			for i := w; i < len(r.Repos); i += workers {
				var err error
				if p.repos[i], buf, err = prepareRepo(&r.Repos[i], p.summary.Repos[i], buf); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return p, nil
}

func prepareRepo(rr *report.Repository, score report.RepoScore, buf []byte) (preparedRepo, []byte, error) {
	key := rr.Meta.Key()
	rest := rr.Meta
	rest.HeadOID, rest.PushedAt = "", time.Time{}
	mj, err := json.Marshal(rest)
	if err != nil {
		return preparedRepo{}, buf, err
	}
	pr := preparedRepo{key: key, meta: rr.Meta, metaJSON: string(mj), metaSum: digest(string(mj)),
		headOID: rr.Meta.HeadOID, pushedNS: nsOf(rr.Meta.PushedAt), score: score, worst: rr.Worst(),
		results: make([]preparedResult, 0, len(rr.Results))}
	for j := range rr.Results {
		res := &rr.Results[j]
		for _, prev := range pr.results {
			if prev.ruleID == res.RuleID {
				return pr, buf, fmt.Errorf("repository %s has two results for rule %s", key, res.RuleID)
			}
		}
		var b resultBody
		if b, buf, err = bodyOf(res, buf); err != nil {
			return pr, buf, err
		}
		pr.results = append(pr.results, preparedResult{ruleID: res.RuleID, body: b})
	}
	return pr, buf, nil
}

type resultKey struct{ repo, rule int64 }

type openRow struct {
	validFrom int64
	digest    string
}

func (s *Store) save(ctx context.Context, tx *txn, r *report.Report, p *prepared) (Run, error) {
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
	mb := newBatch("repogov_run_repo", "run_id:bigint", "repo_id:bigint", "pos:bigint", "meta_id:bigint", "head_id:bigint", "list_id:bigint",
		"error:text", "cached:bool", "score:float8", "scored:bool", "compliant:bool", "failures:bigint", "errors:bigint", "worst:bigint")
	for i, pr := range p.repos {
		mb.add(runID, repoIDs[i].id, int64(i), repoIDs[i].metaID, repoIDs[i].headID, listIDs[i], r.Repos[i].Error, r.Repos[i].Cached,
			pr.score.Score, pr.score.Scored, pr.score.Compliant, int64(pr.score.Failures), int64(pr.score.Errors), int64(pr.worst))
	}
	if err := s.flush(ctx, tx, mb); err != nil {
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
func (s *Store) internRules(ctx context.Context, tx *txn, r *report.Report, p *prepared) (map[string]int64, error) {
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

func (s *Store) internRuleDef(ctx context.Context, tx *txn, rule int64, pr preparedRule) (int64, error) {
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
func (s *Store) internLists(ctx context.Context, tx *txn, p *prepared, ruleIDs map[string]int64) ([]int64, error) {
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

type repoRef struct{ id, metaID, headID int64 }

type known struct {
	id, metaID, headID int64
	metaSum            string
	headOID            string
	pushedNS           int64
}

// upsertRepos finds or creates every repository of the run (by key, or by the host's
// stable id after a rename) and records a new metadata version where it changed.
func (s *Store) upsertRepos(ctx context.Context, tx *txn, runID int64, p *prepared) ([]repoRef, error) {
	byKey := map[string]*known{}
	byHostID := map[string]*known{}
	rows, err := tx.QueryContext(ctx, `SELECT p.id, p.key, p.host, p.host_id, p.meta_id, coalesce(m.digest, ''),
		p.head_id, coalesce(h.oid, ''), coalesce(h.pushed_ns, 0)
		FROM repogov_repository p LEFT JOIN repogov_meta m ON m.id = p.meta_id LEFT JOIN repogov_head h ON h.id = p.head_id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k known
		var key, host string
		var hostID int64
		if err := rows.Scan(&k.id, &key, &host, &hostID, &k.metaID, &k.metaSum, &k.headID, &k.headOID, &k.pushedNS); err != nil {
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
	state := make([]*known, len(p.repos))
	var fresh []int // repositories seen for the first time
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
			fresh = append(fresh, i)
		}
		state[i] = k
	}
	if len(fresh) > 0 {
		b := newBatch("repogov_repository", "key:text", "host:text", "owner:text", "name:text", "full_name:text", "host_id:bigint", "first_run:bigint")
		for _, i := range fresh {
			m := p.repos[i].meta
			b.add(p.repos[i].key, m.Host, m.Owner, m.Name, m.FullName, m.ID, runID)
		}
		if err := s.flush(ctx, tx, b); err != nil {
			return nil, err
		}
		ids, err := s.idsBy(ctx, tx, s.rebind(`SELECT key, id FROM repogov_repository WHERE first_run = ?`), runID)
		if err != nil {
			return nil, err
		}
		for _, i := range fresh {
			state[i] = &known{id: ids[p.repos[i].key]}
			byKey[p.repos[i].key] = state[i]
		}
	}

	// New metadata versions, then the repositories' latest facts and topics from them.
	var changed []int
	var maxMeta int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM repogov_meta`).Scan(&maxMeta); err != nil {
		return nil, err
	}
	mb := newBatch("repogov_meta", "repo_id:bigint", "digest:text", "body:text")
	for i, pr := range p.repos {
		if state[i].metaSum != pr.metaSum {
			changed = append(changed, i)
			mb.add(state[i].id, pr.metaSum, pr.metaJSON)
			state[i].metaSum = pr.metaSum
		}
	}
	if err := s.flush(ctx, tx, mb); err != nil {
		return nil, err
	}
	if len(changed) > 0 {
		rows, err := tx.QueryContext(ctx, s.rebind(`SELECT id, repo_id FROM repogov_meta WHERE id > ?`), maxMeta)
		if err != nil {
			return nil, err
		}
		metaOf := map[int64]int64{}
		for rows.Next() {
			var id, repo int64
			if err := rows.Scan(&id, &repo); err != nil {
				rows.Close()
				return nil, err
			}
			metaOf[repo] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		up := newBatch("", "id:bigint", "host:text", "owner:text", "name:text", "full_name:text", "host_id:bigint", "url:text",
			"visibility:text", "archived:bool", "fork:bool", "description:text", "meta_id:bigint")
		topics := newBatch("repogov_repository_topic", "repo_id:bigint", "topic:text")
		var ids []int64
		for _, i := range changed {
			k, m := state[i], p.repos[i].meta
			k.metaID = metaOf[k.id]
			up.add(k.id, m.Host, m.Owner, m.Name, m.FullName, m.ID, m.URL, m.Visibility, m.Archived, m.Fork, m.Description, k.metaID)
			ids = append(ids, k.id)
			ts := slices.Clone(m.Topics)
			slices.Sort(ts)
			for _, t := range slices.Compact(ts) {
				topics.add(k.id, t)
			}
		}
		if err := s.updateRepos(ctx, tx, up, ids); err != nil {
			return nil, err
		}
		if err := s.flush(ctx, tx, topics); err != nil {
			return nil, err
		}
	}
	if err := s.upsertHeads(ctx, tx, p, state); err != nil {
		return nil, err
	}
	for i, k := range state {
		out[i] = repoRef{id: k.id, metaID: k.metaID, headID: k.headID}
	}
	return out, nil
}

// upsertHeads records a new HEAD (commit, last push) for the repositories whose HEAD
// moved: one small row each.
func (s *Store) upsertHeads(ctx context.Context, tx *txn, p *prepared, state []*known) error {
	var maxHead int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM repogov_head`).Scan(&maxHead); err != nil {
		return err
	}
	hb := newBatch("repogov_head", "repo_id:bigint", "oid:text", "pushed_ns:bigint")
	var moved []*known
	for i, pr := range p.repos {
		k := state[i]
		if k.headID != 0 && k.headOID == pr.headOID && k.pushedNS == pr.pushedNS {
			continue
		}
		hb.add(k.id, pr.headOID, pr.pushedNS)
		k.headOID, k.pushedNS = pr.headOID, pr.pushedNS
		moved = append(moved, k)
	}
	if len(moved) == 0 {
		return nil
	}
	if err := s.flush(ctx, tx, hb); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, s.rebind(`SELECT id, repo_id FROM repogov_head WHERE id > ?`), maxHead)
	if err != nil {
		return err
	}
	headOf := map[int64]int64{}
	for rows.Next() {
		var id, repo int64
		if err := rows.Scan(&id, &repo); err != nil {
			rows.Close()
			return err
		}
		headOf[repo] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	up := newBatch("", "id:bigint", "head_id:bigint")
	for _, k := range moved {
		k.headID = headOf[k.id]
		up.add(k.id, k.headID)
	}
	return s.setColumn(ctx, tx, "repogov_repository", up)
}

// setColumn sets one column of many rows by id: b holds (id, value) pairs.
func (s *Store) setColumn(ctx context.Context, tx *txn, table string, b *batch) error {
	col := b.names[1]
	if s.dialect == dialectPostgres {
		_, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE %s t SET %s = u.v FROM unnest($1::bigint[], $2::%s[]) AS u(id, v) WHERE t.id = u.id`,
			table, col, b.types[1]), b.cols[0], b.cols[1])
		return err
	}
	st, err := tx.PrepareContext(ctx, fmt.Sprintf(`UPDATE %s SET %s = ? WHERE id = ?`, table, col))
	if err != nil {
		return err
	}
	defer st.Close()
	for r := range b.n {
		if _, err := st.ExecContext(ctx, b.cell(1, r), b.cell(0, r)); err != nil {
			return err
		}
	}
	return nil
}

// idsBy maps the first column of a query to the second.
func (s *Store) idsBy(ctx context.Context, tx *txn, q string, args ...any) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		out[k] = id
	}
	return out, rows.Err()
}

// updateRepos writes the latest facts of repositories whose metadata changed, and drops
// their topics (the caller inserts the new ones).
func (s *Store) updateRepos(ctx context.Context, tx *txn, up *batch, ids []int64) error {
	if s.dialect == dialectPostgres {
		args := make([]any, len(up.cols))
		params := make([]string, len(up.cols))
		for i := range up.cols {
			args[i] = up.cols[i]
			params[i] = fmt.Sprintf("$%d::%s[]", i+1, up.types[i])
		}
		var set []string
		for _, n := range up.names[1:] {
			set = append(set, n+" = u."+n)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE repogov_repository p SET `+strings.Join(set, ", ")+`
			FROM unnest(`+strings.Join(params, ", ")+`) AS u(`+strings.Join(up.names, ", ")+`) WHERE p.id = u.id`, args...); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM repogov_repository_topic WHERE repo_id = ANY($1::bigint[])`, ids)
		return err
	}
	var set []string
	for _, n := range up.names[1:] {
		set = append(set, n+" = ?")
	}
	st, err := tx.PrepareContext(ctx, `UPDATE repogov_repository SET `+strings.Join(set, ", ")+` WHERE id = ?`)
	if err != nil {
		return err
	}
	defer st.Close()
	del, err := tx.PrepareContext(ctx, `DELETE FROM repogov_repository_topic WHERE repo_id = ?`)
	if err != nil {
		return err
	}
	defer del.Close()
	args := make([]any, len(up.cols))
	for r := range up.n {
		for c := 1; c < len(up.cols); c++ {
			args[c-1] = up.cell(c, r)
		}
		args[len(up.cols)-1] = up.cell(0, r)
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return err
		}
		if _, err := del.ExecContext(ctx, up.cell(0, r)); err != nil {
			return err
		}
	}
	return nil
}

// writeResults closes the result rows that changed or disappeared and opens rows for the
// new contents. An unchanged result touches nothing.
func (s *Store) writeResults(ctx context.Context, tx *txn, runID int64, p *prepared, repos []repoRef, ruleIDs map[string]int64) error {
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

func (s *Store) closeRows(ctx context.Context, tx *txn, runID int64, b *batch) error {
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
func (s *Store) internBodies(ctx context.Context, tx *txn, bodies map[string]*resultBody) (map[string]int64, error) {
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
		detail, err := b.detail()
		if err != nil {
			return nil, err
		}
		nb.add(d, b.status, b.severity, b.message, b.reason, b.exemptUntil, detail)
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

// copyRows sends a batch with COPY, the fastest way into PostgreSQL, on the
// transaction's connection.
func (s *Store) copyRows(ctx context.Context, tx *txn, b *batch) error {
	err := tx.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{b.table}, b.names, pgx.CopyFromSlice(b.n, func(i int) ([]any, error) {
			row := make([]any, len(b.cols))
			for c := range b.cols {
				row[c] = b.cell(c, i)
			}
			return row, nil
		}))
		return err
	})
	if err != nil {
		return fmt.Errorf("%s: %w", b.table, err)
	}
	return nil
}

const (
	copyMin     = 1000 // rows from which COPY beats one INSERT … unnest
	pgChunk     = 50000
	sqliteChunk = 200
)

func (s *Store) flush(ctx context.Context, tx *txn, b *batch) error {
	if b.n == 0 {
		return nil
	}
	cols := strings.Join(b.names, ", ")
	if s.dialect == dialectPostgres && b.n >= copyMin {
		return s.copyRows(ctx, tx, b)
	}
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
