package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fuzzTargets are every route; the fuzzer supplies the query string (and, for routes with
// a key or id, the path's tail).
var fuzzTargets = []string{"/", "/repos", "/repo/", "/rule/", "/runs", "/diff", "/teams", "/login", "/badge/", "/metrics",
	"/api/v1/runs", "/api/v1/repositories", "/api/v1/results/", "/api/v1/history/", "/api/v1/rules", "/api/v1/diff",
	"/api/v1/trend", "/api/v1/teams", "/static/"}

// FuzzQuery sends arbitrary query strings and path tails to every handler: none may fail
// with a 500 or a panic, JSON answers stay JSON, and nothing from the query reaches a page
// unescaped.
func FuzzQuery(f *testing.F) {
	reps := synthOrg(40, 3, 0.05, 9)
	now := reps[len(reps)-1].Finished
	s := newTestServer(f, reps, Options{Now: func() time.Time { return now }})
	h := s.Handler()
	for i := range fuzzTargets {
		f.Add(uint8(i), "", "")
		f.Add(uint8(i), "q=<script>x</script>&rule=readme&status=fail&page=2&per_page=1000&sort=score&order=desc", "github.com/acme/repo-00001")
		f.Add(uint8(i), "from=1&to=3&style=score", "readme")
		f.Add(uint8(i), "page=-1&per_page=0&severity=%00&visibility=%ff&team=%22&topic=go&host=x", "~zz/..")
		f.Add(uint8(i), "from=99999999999999999999&to=1e3", "github.com/acme/repo-00002.svg")
	}
	f.Fuzz(func(t *testing.T, route uint8, query, tail string) {
		base := fuzzTargets[int(route)%len(fuzzTargets)]
		target := base
		if strings.HasSuffix(base, "/") && base != "/" {
			target += tail
		}
		req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1"+target+"?"+query, nil)
		if err != nil {
			return // not a request a client can send
		}
		req.RequestURI = req.URL.RequestURI()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s?%s: status %d: %s", target, query, rec.Code, rec.Body)
		}
		body := rec.Body.String()
		ct := rec.Header().Get("Content-Type")
		if ct == "application/json" && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s?%s: invalid JSON", target, query)
		}
		if strings.HasPrefix(ct, "text/html") && strings.Contains(body, "<script>x") {
			t.Fatalf("%s?%s: the query reached the page unescaped", target, query)
		}
	})
}
