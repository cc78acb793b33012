package server

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// matchRef is the repository filter written as a plain test of one row (what run did
// before its bitsets): run must return what a walk with it returns.
func (q *repoQuery) matchRef(sn *snapshot, i int) bool {
	rule, hasRule := sn.ruleIdx[q.Rule]
	_, status := q.wantedStatus()
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
	return q.Q == "" || strings.Contains(r.search, strings.ToLower(q.Q))
}

func TestRepoQuery(t *testing.T) {
	s, _ := testServer(t, Options{})
	sn := s.snap.Load()
	var queries []string
	for _, rule := range []string{"", "readme", "license-file", "nope"} {
		for _, status := range []string{"", "pass", "fail", "compliant", "noncompliant", "exempt", "bogus"} {
			for _, other := range []string{"", "q=repo-000", "q=REPO-0001&visibility=PRIVATE", "severity=error", "severity=note&team=@acme/web",
				"topic=go", "topic=nope", "q=go", "q=o+a", "q=N", "q=00001", "q=%00", "q=e%00", "q=s+go", "q=bold%3C%2Fb", "q=zzz", "q=acme/repo-0001", "q=ACM", "host=github.com", "host=x", "visibility=public&topic=python&q=service"} {
				queries = append(queries, fmt.Sprintf("rule=%s&status=%s&%s", rule, status, other))
			}
		}
	}
	matched := 0
	for _, raw := range queries {
		for _, sort := range []string{"name", "score&order=desc", "failures"} {
			v, _ := url.ParseQuery(raw + "&per_page=7&page=2&sort=" + sort)
			q := parseRepoQuery(v)
			rows, total := q.run(sn)
			var want []string
			wantTotal := 0
			order := map[string][]int{"name": sn.byName, "score": sn.byScore, "failures": sn.byFails}[q.Sort]
			for k := range order {
				i := order[k]
				if q.Desc {
					i = order[len(order)-1-k]
				}
				if q.matchRef(sn, i) {
					if wantTotal >= 7 && len(want) < 7 {
						want = append(want, sn.Repos[i].Key)
					}
					wantTotal++
				}
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.Key)
			}
			if total != wantTotal || !cmp.Equal(got, want) {
				t.Errorf("%s: %d %v, want %d %v", v.Encode(), total, got, wantTotal, want)
			}
			if total > 0 {
				matched++
			}
		}
	}
	if matched < 150 { // enough of the queries match something for the comparison to mean something
		t.Errorf("only %d of %d queries matched a repository", matched, 3*len(queries))
	}
}
