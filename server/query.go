package server

import (
	"bytes"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/repogov/repogov/report"
)

// repoQuery is the repositories page's (and API's) search, filters, sort and page. Every
// field comes from the query string and is checked against what exists; unknown values
// match nothing rather than erroring, so that a stale bookmark still renders.
type repoQuery struct {
	Q          string // substring of name, description or topics (case-insensitive)
	Rule       string // with Status: the rule's status; alone: repositories failing it
	Status     string // pass, fail, … or "compliant" / "noncompliant" without Rule
	Severity   string // worst failing severity: error, warning, note
	Topic      string
	Visibility string
	Team       string
	Host       string
	Sort       string // name, score, failures
	Desc       bool
	Page       int // 1-based
	PerPage    int
}

const maxQueryField = 200 // bytes kept of any free-text parameter

func parseRepoQuery(v url.Values) repoQuery {
	field := func(k string) string {
		s := strings.TrimSpace(v.Get(k))
		if len(s) > maxQueryField {
			s = s[:maxQueryField]
		}
		return s
	}
	q := repoQuery{Q: field("q"), Rule: field("rule"), Status: field("status"), Severity: field("severity"),
		Topic: field("topic"), Visibility: field("visibility"), Team: field("team"), Host: field("host"),
		Sort: field("sort"), Desc: v.Get("order") == "desc", Page: 1, PerPage: defaultPageSize}
	switch q.Sort {
	case "name", "score", "failures":
	default:
		q.Sort = "name"
	}
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 0 && n < 1_000_000 {
		q.Page = n
	}
	if n, err := strconv.Atoi(v.Get("per_page")); err == nil && n > 0 {
		q.PerPage = min(n, maxPageSize)
	}
	return q
}

// values encodes the query back (for links), leaving out defaults; page is set apart.
func (q repoQuery) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", q.Q)
	set("rule", q.Rule)
	set("status", q.Status)
	set("severity", q.Severity)
	set("topic", q.Topic)
	set("visibility", q.Visibility)
	set("team", q.Team)
	set("host", q.Host)
	if q.Sort != "name" {
		v.Set("sort", q.Sort)
	}
	if q.Desc {
		v.Set("order", "desc")
	}
	if q.PerPage != defaultPageSize {
		v.Set("per_page", strconv.Itoa(q.PerPage))
	}
	return v
}

// filtered reports whether anything narrows the list.
func (q repoQuery) Filtered() bool {
	return q.Q != "" || q.Rule != "" || q.Status != "" || q.Severity != "" || q.Topic != "" || q.Visibility != "" || q.Team != "" || q.Host != ""
}

// run returns the matching rows of the page asked for, and the number of matches. Each
// filter term is a bitset over the snapshot's rows, computed once per run (filterBits),
// the search one scan of the joined search texts (searchBits); the walk in sort order
// then tests one bit per row.
func (q repoQuery) run(sn *snapshot) (rows []repoRow, total int) {
	order := sn.byName
	switch q.Sort {
	case "score":
		order = sn.byScore
	case "failures":
		order = sn.byFails
	}
	cand, none := q.candidates(sn)
	if none {
		return nil, 0
	}
	if needle := strings.ToLower(q.Q); needle != "" {
		found := sn.searchBits(needle)
		if found == nil {
			return nil, 0
		}
		if cand == nil {
			cand = found
		} else {
			cand = slices.Clone(cand)
			for w := range cand {
				cand[w] &= found[w]
			}
		}
	}
	first := (q.Page - 1) * q.PerPage
	for k := range order {
		i := order[k]
		if q.Desc {
			i = order[len(order)-1-k]
		}
		if cand != nil && cand[i>>6]&(1<<(i&63)) == 0 {
			continue
		}
		if total >= first && len(rows) < q.PerPage {
			rows = append(rows, sn.Repos[i])
		}
		total++
	}
	return rows, total
}

// candidates intersects the bitsets of the query's filter terms (all but the free-text
// search). nil means every row; none that no row can match.
func (q *repoQuery) candidates(sn *snapshot) (cand []uint64, none bool) {
	var terms [][]uint64
	add := func(key string, keep func(r *repoRow) bool) {
		if !none {
			b := sn.filterBits(key, keep)
			if b == nil {
				none = true
			}
			terms = append(terms, b)
		}
	}
	if topic := q.Topic; topic != "" {
		add("topic\x00"+topic, func(r *repoRow) bool { return slices.Contains(r.Meta.Topics, topic) })
	}
	if vis := q.Visibility; vis != "" {
		add("visibility\x00"+vis, func(r *repoRow) bool { return strings.EqualFold(r.Vis, vis) })
	}
	if team := q.Team; team != "" {
		add("team\x00"+team, func(r *repoRow) bool { return r.Team == team })
	}
	if host := q.Host; host != "" {
		add("host\x00"+host, func(r *repoRow) bool { return r.Meta.Host == host })
	}
	if sev := q.Severity; sev != "" {
		add("severity\x00"+sev, func(r *repoRow) bool { return r.Score.Failures != 0 && r.Worst.String() == sev })
	}
	want, status := q.wantedStatus()
	switch {
	case q.Rule != "":
		rule, ok := sn.ruleIdx[q.Rule]
		if !ok || status == 0 {
			return nil, true
		}
		add("rule\x00"+q.Rule+"\x00"+want, func(r *repoRow) bool { return r.statuses[rule] == status })
	case q.Status == "":
	case q.Status == "compliant":
		add("compliant", func(r *repoRow) bool { return r.Score.Compliant })
	case q.Status == "noncompliant":
		add("noncompliant", func(r *repoRow) bool { return !r.Score.Compliant })
	default:
		if status == 0 {
			return nil, true
		}
		add("status\x00"+want, func(r *repoRow) bool { return bytes.IndexByte(r.statuses, status) >= 0 })
	}
	if none || len(terms) == 0 {
		return nil, none
	}
	if len(terms) == 1 {
		return terms[0], false
	}
	cand = slices.Clone(terms[0])
	for _, t := range terms[1:] {
		for w := range cand {
			cand[w] &= t[w]
		}
	}
	return cand, false
}

// maxFilterBits bounds the filter bitsets a snapshot keeps: 1.25 KB each for 10,000
// repositories. Terms that match nothing are never kept, so junk query values cannot fill
// it; past the bound a term is computed per request.
const maxFilterBits = 1024

// filterBits returns the bitset of the rows keep accepts (bit i: sn.Repos[i]), or nil
// when it accepts none; computed once per snapshot and key.
func (sn *snapshot) filterBits(key string, keep func(r *repoRow) bool) []uint64 {
	sn.bitsMu.Lock()
	b, ok := sn.bits[key]
	sn.bitsMu.Unlock()
	if ok {
		return b
	}
	b = make([]uint64, (len(sn.Repos)+63)/64)
	any := false
	for i := range sn.Repos {
		if keep(&sn.Repos[i]) {
			b[i>>6] |= 1 << (i & 63)
			any = true
		}
	}
	if !any {
		return nil
	}
	sn.bitsMu.Lock()
	if sn.bits == nil {
		sn.bits = map[string][]uint64{}
	}
	if len(sn.bits) < maxFilterBits {
		sn.bits[key] = b
	}
	sn.bitsMu.Unlock()
	return b
}

// visibility names a repository's visibility; local repositories have none.
func visibility(m report.Meta) string {
	if m.Visibility == "" {
		return "unknown"
	}
	return strings.ToLower(m.Visibility)
}

// wantedStatus is the result status the query filters on (a rule without a status means
// fail) and that status as stored in repoRow.statuses; 0 matches nothing.
func (q *repoQuery) wantedStatus() (string, byte) {
	want := q.Status
	if q.Rule != "" && want == "" {
		want = string(report.Fail)
	}
	for k, st := range report.Statuses {
		if string(st) == want {
			return want, byte(k + 1)
		}
	}
	return want, 0
}
