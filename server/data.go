package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

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
	loaded    time.Time
	Runs      []store.Run // every run, newest first
	Sel       store.Selection
	Run       store.Run // the newest run of sel
	Empty     bool      // the store has no run yet
	Sum       report.Summary
	Rules     []report.Rule
	ruleIDs   []string // the IDs of Rules, for the rule filter
	ruleIdx   map[string]int
	RuleSum   map[string]report.RuleSummary
	Repos     []repoRow // report order (by key)
	byKey     map[string]int
	byName    []int // repository indexes ordered by full name
	byScore   []int // by score, then name
	byFails   []int // by failures, then name
	Trend     *history.Trend
	Delta     *history.Diff // the latest run against the one before; nil when there is none
	Teams     []teamRow
	Expiring  []history.Exemption // within 30 days of loading
	Topics    []string
	Owners    []string // teams, for the filter
	hosts     []string
	Orgs      []orgRow
	hist      atomic.Pointer[histIndex] // nil until built (histindex.go)
	pages     sync.Map                  // rendered pages that depend only on this run (renderCached)
	results   []report.Result           // each distinct result of the run once (residentResults)
	search    string                    // every row's search text in row order, each followed by a NUL (indexSearch)
	searchEnd []int32                   // per row: the offset in search where its text ends (its NUL)
	bitsMu    sync.Mutex
	bits      map[string][]uint64 // the repository filter's terms (query.go filterBits)
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
	statuses []byte   // per rule (snapshot.Rules order): index into report.Statuses + 1, 0 = no result
	sevs     []byte   // per rule: the result's report.Severity
	search   string   // lower-case full name, description, topics
	results  []uint32 // its results: indexes into snapshot.results, in the run's order
	resident bool     // results is set (else the repository page reads them from the store)
	Vis      string   // visibility() of Meta, for the list
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
	if err := sn.index(ctx, s.store, s.teamOf); err != nil {
		return nil, err // the store's error names the run
	}
	// The trend and the last diff are independent reads: do them at once.
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

// index reads the run's repositories one by one (Store.EachRepository) and keeps of each
// what the lists, overview, rule, team and metrics pages need: metadata, score, and one
// status and one severity byte per rule. It computes what report.Summary and
// report.AllRules would of the whole report, from the scores saved with the run.
func (sn *snapshot) index(ctx context.Context, st Store, teamOf func(report.Repository) string) error {
	soon := sn.loaded.Add(30 * 24 * time.Hour)
	rules, err := st.RunRules(ctx, sn.Sel)
	if err != nil {
		return err
	}
	sn.Rules = slices.Clip(rules)
	sn.Sum = report.Summary{ByStatus: map[string]int{}}
	for i, ru := range sn.Rules {
		sn.ruleIdx[ru.ID] = i
		sn.Sum.Rules = append(sn.Sum.Rules, report.RuleSummary{RuleID: ru.ID})
	}
	// The report's start and end as store.Load merges a label group's shards.
	var started, finished time.Time
	for _, r := range sn.Sel.Runs {
		if started.IsZero() || (!r.Started.IsZero() && r.Started.Before(started)) {
			started = r.Started
		}
		if r.Finished.After(finished) {
			finished = r.Finished
		}
	}
	sn.Sum.Duration = 0
	if !started.IsZero() && !finished.IsZero() {
		sn.Sum.Duration = math.Round(finished.Sub(started).Seconds()*1000) / 1000
	}
	sumIdx := maps.Clone(sn.ruleIdx)
	statusIdx := map[report.Status]byte{}
	for i, st := range report.Statuses {
		statusIdx[st] = byte(i + 1)
	}
	var total float64
	resident := residentResults{index: map[resultKey]uint32{}}
	topics, hosts, teams, orgs := map[string]bool{}, map[string]bool{}, map[string]*teamRow{}, map[string]*orgRow{}
	err = st.EachRepository(ctx, sn.Sel, func(x store.RunRepository) error {
		rr := x.Repo
		row := repoRow{Key: rr.Meta.Key(), Meta: rr.Meta, Team: teamOf(rr), Score: x.Score, Worst: x.Worst, Error: rr.Error,
			statuses: make([]byte, len(sn.Rules)), sevs: make([]byte, len(sn.Rules))}
		row.search = strings.ToLower(rr.Meta.FullName + " " + rr.Meta.Description + " " + strings.Join(rr.Meta.Topics, " "))
		row.Vis = visibility(rr.Meta)
		sn.Sum.Repos = append(sn.Sum.Repos, x.Score)
		if x.Score.Scored {
			sn.Sum.Scanned++
			total += x.Score.Score
			if x.Score.Compliant {
				sn.Sum.FullyCompliant++
			}
			sn.Sum.Failures += x.Score.Failures
		} else {
			sn.Sum.Unreadable++
		}
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
				sn.Expiring = append(sn.Expiring, history.Exemption{Repo: history.Repo{Key: row.Key, FullName: rr.Meta.FullName, URL: rr.Meta.URL},
					RuleID: res.RuleID, Reason: res.Reason, ExemptUntil: res.ExemptUntil})
			}
			j, ok := sn.ruleIdx[res.RuleID]
			if !ok { // a result whose rule the run does not list (report.AllRules)
				j = len(sn.Rules)
				sn.ruleIdx[res.RuleID] = j
				sn.Rules = append(sn.Rules, report.Rule{ID: res.RuleID, Title: res.RuleID, Severity: res.Severity, Tags: []string{}})
			}
			for len(row.statuses) <= j {
				row.statuses, row.sevs = append(row.statuses, 0), append(row.sevs, 0)
			}
			row.statuses[j], row.sevs[j] = statusIdx[res.Status], byte(res.Severity)
			if x.Score.Scored { // report.Summary counts the scored repositories' results
				sn.Sum.ByStatus[string(res.Status)]++
				k, ok := sumIdx[res.RuleID]
				if !ok {
					k = len(sn.Sum.Rules)
					sumIdx[res.RuleID] = k
					sn.Sum.Rules = append(sn.Sum.Rules, report.RuleSummary{RuleID: res.RuleID})
				}
				rs := &sn.Sum.Rules[k]
				switch res.Status {
				case report.Pass:
					rs.Pass++
				case report.Fail:
					rs.Fail++
				case report.Inherited:
					rs.Inherited++
				case report.Exempt:
					rs.Exempt++
				case report.NotApplicable:
					rs.NotApplicable++
				case report.StatusError:
					rs.Error++
				}
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
		row.results, row.resident = resident.add(sn, rr.Results)
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
		return nil
	})
	if err != nil {
		return err
	}
	sn.Sum.Repositories = len(sn.Repos)
	for i := range sn.Repos { // rows read before a rule only results name was met
		r := &sn.Repos[i]
		for len(r.statuses) < len(sn.Rules) {
			r.statuses, r.sevs = append(r.statuses, 0), append(r.sevs, 0)
		}
	}
	for i := range sn.Sum.Rules {
		rs := &sn.Sum.Rules[i]
		ok := rs.Pass + rs.Inherited
		if n := ok + rs.Fail + rs.Error; n > 0 {
			rs.PassRate = math.Round(float64(ok)/float64(n)*1e4) / 1e4
		} else {
			rs.PassRate = 1
		}
	}
	if sn.Sum.Scanned > 0 {
		sn.Sum.MeanScore = round1(total / float64(sn.Sum.Scanned))
		sn.Sum.CompliantShare = math.Round(float64(sn.Sum.FullyCompliant)/float64(sn.Sum.Scanned)*1e4) / 1e4
	}
	for _, rs := range sn.Sum.Rules {
		sn.RuleSum[rs.RuleID] = rs
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
	for _, ru := range sn.Rules {
		sn.ruleIDs = append(sn.ruleIDs, ru.ID)
	}
	sn.Topics = sortedKeys(topics)
	sn.hosts = sortedKeys(hosts)
	slices.Sort(sn.Owners)
	n := len(sn.Repos)
	sn.indexSearch()
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
	return nil
}

// Search is the lower-case text the search box matches (the export's client-side filter).
func (r repoRow) Search() string { return r.search }

// RuleIDs are the IDs of the run's rules, in Rules order.
func (sn *snapshot) RuleIDs() []string { return sn.ruleIDs }

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

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func round1(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }

// maxResidentResults bounds the distinct results a snapshot keeps in memory. A run shares
// result contents between repositories (the store decodes each distinct one once: a few
// hundred for 10,000 repositories × 21 rules), so keeping them costs a few bytes per
// result and spares the repository page its store queries. Past the bound (a run whose
// results rarely repeat), the remaining repositories' results are read from the store.
var maxResidentResults = 1 << 15 // a variable for tests

// resultKey identifies a result of Store.EachRepository by its rule, its values and the
// identity of its shared contents (message, remediation, findings and facts are the same
// objects for every repository holding the same stored result). Two keys are equal only
// when the results are equal; equal results with distinct contents are kept twice, which
// is correct, only less compact.
type resultKey struct {
	rule, reason   string
	status         report.Status
	sev            report.Severity
	until          time.Time
	msg, rem       *byte
	msgLen, remLen int
	findings       *report.Finding
	nFindings      int
	facts          unsafe.Pointer
}

type residentResults struct {
	index map[resultKey]uint32
	full  bool
}

// add interns a repository's results; ok is false once the snapshot holds
// maxResidentResults distinct ones and this repository brings new ones.
func (rs *residentResults) add(sn *snapshot, results []report.Result) (idx []uint32, ok bool) {
	if rs.full {
		return nil, false
	}
	if len(results) == 0 {
		return nil, true
	}
	idx = make([]uint32, len(results))
	for i := range results {
		res := &results[i]
		k := resultKey{rule: res.RuleID, reason: res.Reason, status: res.Status, sev: res.Severity, until: res.ExemptUntil,
			msg: unsafe.StringData(res.Message), msgLen: len(res.Message), rem: unsafe.StringData(res.Remediation), remLen: len(res.Remediation),
			findings: unsafe.SliceData(res.Findings), nFindings: len(res.Findings), facts: reflect.ValueOf(res.Facts).UnsafePointer()}
		j, found := rs.index[k]
		if !found {
			if len(sn.results) >= maxResidentResults {
				rs.full = true
				return nil, false
			}
			j = uint32(len(sn.results))
			sn.results = append(sn.results, *res)
			rs.index[k] = j
		}
		idx[i] = j
	}
	return idx, true
}

// residentRepo returns repository row i's results from memory; ok is false when they
// were not kept (maxResidentResults).
func (sn *snapshot) residentRepo(i int) (rr report.Repository, ok bool) {
	r := &sn.Repos[i]
	if !r.resident {
		return rr, false
	}
	if len(r.results) > 0 {
		rr.Results = make([]report.Result, len(r.results))
		for k, j := range r.results {
			rr.Results[k] = sn.results[j]
		}
	}
	return rr, true
}

// indexSearch puts the rows' search texts end to end in one string (each row's search is
// then a substring of it, so this costs no memory), so that a search is one scan of
// contiguous text (searchBits) rather than a string per row.
func (sn *snapshot) indexSearch() {
	var b strings.Builder
	for _, r := range sn.Repos {
		b.Grow(len(r.search) + 1)
	}
	sn.searchEnd = make([]int32, len(sn.Repos))
	for i := range sn.Repos {
		b.WriteString(sn.Repos[i].search)
		sn.searchEnd[i] = int32(b.Len())
		b.WriteByte(0)
	}
	sn.search = b.String()
	start := 0
	for i := range sn.Repos {
		sn.Repos[i].search = sn.search[start:sn.searchEnd[i]]
		start = int(sn.searchEnd[i]) + 1
	}
}

// searchBits returns the bitset of the rows whose search text contains needle (lower
// case, not empty), or nil when none does. A needle without NUL cannot match across the
// NUL that ends each row's text, so each match found in the joined text lies in one row.
func (sn *snapshot) searchBits(needle string) []uint64 {
	b := make([]uint64, (len(sn.Repos)+63)/64)
	found := false
	if strings.IndexByte(needle, 0) >= 0 {
		for i := range sn.Repos {
			if strings.Contains(sn.Repos[i].search, needle) {
				b[i>>6] |= 1 << (i & 63)
				found = true
			}
		}
	} else {
		text, ends := sn.search, sn.searchEnd
		for pos := 0; pos < len(text); {
			k := strings.Index(text[pos:], needle)
			if k < 0 {
				break
			}
			at := int32(pos + k)
			i, _ := slices.BinarySearch(ends, at) // the first row ending at or after the match
			b[i>>6] |= 1 << (i & 63)
			found = true
			pos = int(ends[i]) + 1 // the next row
		}
	}
	if !found {
		return nil
	}
	return b
}
