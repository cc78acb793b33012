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

// run returns the matching rows of the page asked for, and the number of matches.
func (q repoQuery) run(sn *snapshot) (rows []repoRow, total int) {
	order := sn.byName
	switch q.Sort {
	case "score":
		order = sn.byScore
	case "failures":
		order = sn.byFails
	}
	needle := strings.ToLower(q.Q)
	first := (q.Page - 1) * q.PerPage
	m := q.matcher(sn)
	for k := range order {
		i := order[k]
		if q.Desc {
			i = order[len(order)-1-k]
		}
		if !m(i, needle) {
			continue
		}
		if total >= first && len(rows) < q.PerPage {
			rows = append(rows, sn.Repos[i])
		}
		total++
	}
	return rows, total
}

// matcher resolves the rule and status filters once, for the loop over every repository.
func (q *repoQuery) matcher(sn *snapshot) func(i int, needle string) bool {
	rule, hasRule := sn.ruleIdx[q.Rule]
	var status byte // the wanted status as stored in repoRow.statuses; 0 matches nothing
	want := q.Status
	if q.Rule != "" && want == "" {
		want = string(report.Fail)
	}
	for k, st := range report.Statuses {
		if string(st) == want {
			status = byte(k + 1)
		}
	}
	return func(i int, needle string) bool { return q.match(sn, i, needle, rule, hasRule, status) }
}

func (q *repoQuery) match(sn *snapshot, i int, needle string, rule int, hasRule bool, status byte) bool {
	r := &sn.Repos[i]
	if q.Topic != "" && !slices.Contains(r.Meta.Topics, q.Topic) {
		return false
	}
	if q.Visibility != "" && !strings.EqualFold(visibility(r.Meta), q.Visibility) {
		return false
	}
	if q.Team != "" && r.Team != q.Team {
		return false
	}
	if q.Host != "" && r.Meta.Host != q.Host {
		return false
	}
	if q.Severity != "" {
		if r.Score.Failures == 0 || r.Worst.String() != q.Severity {
			return false
		}
	}
	switch {
	case q.Rule != "":
		if !hasRule || status == 0 || r.statuses[rule] != status {
			return false
		}
	case q.Status == "":
	case q.Status == "compliant":
		if !r.Score.Compliant {
			return false
		}
	case q.Status == "noncompliant":
		if r.Score.Compliant {
			return false
		}
	default:
		if status == 0 || bytes.IndexByte(r.statuses, status) < 0 {
			return false
		}
	}
	// The substring search last: it is the costly test.
	return needle == "" || strings.Contains(r.search, needle)
}

// visibility names a repository's visibility; local repositories have none.
func visibility(m report.Meta) string {
	if m.Visibility == "" {
		return "unknown"
	}
	return strings.ToLower(m.Visibility)
}
