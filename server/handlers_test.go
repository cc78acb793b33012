package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func get(t *testing.T, h http.Handler, target string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func testServer(t *testing.T, o Options) (*Server, http.Handler) {
	t.Helper()
	reps := synthOrg(120, 4, 0.05, 3)
	if o.Now == nil {
		now := reps[len(reps)-1].Finished
		o.Now = func() time.Time { return now }
	}
	s := newTestServer(t, reps, o)
	return s, s.Handler()
}

func TestPages(t *testing.T) {
	s, h := testServer(t, Options{})
	sn := s.snap.Load()
	worst := sn.Repos[sn.byScore[0]]
	tests := []struct {
		target string
		status int
		want   []string // substrings of the body
	}{
		{"/", 200, []string{"<h1>Overview</h1>", "Compliant share over time", `href="./rule/readme"`, "Worst repositories", "Exemptions expiring within 30 days", "sponsored elsewhere"}},
		{"/repos", 200, []string{"120 repositories", `href="./repo/github.com/acme/repo-00000"`, `rel="next"`}},
		{"/repos?q=repo-0001", 200, []string{"10 repositories match", "acme/repo-00010", "acme/repo-00019"}},
		{"/repos?visibility=private&q=repo-0000", 200, []string{"5 repositories match", "acme/repo-00001"}},
		{"/repos?page=999", 200, []string{"120 repositories"}},
		{"/repo/" + encodeKey(worst.Key), 200, []string{"<h1>" + worst.Meta.FullName + "</h1>", "Score over time", "Timeline",
			`href="https://github.com/acme/`, "Fix:", "Service number"}},
		{"/repo/github.com/acme/nope", 404, []string{"No such run or repository"}},
		{"/repo/bad~zz", 404, nil},
		{"/rule/readme", 200, []string{"<h1>readme</h1>", "Pass rate over time", "Failing repositories", "<code>readme</code>"}},
		{"/rule/nope", 404, nil},
		{"/runs", 200, []string{"run 4", "run 1", `href="./diff?from=3&amp;to=4"`, "complete"}},
		{"/diff?from=1&to=4", 200, []string{"run 1 → run 4", "Regressions"}},
		{"/diff?from=1&to=99", 404, nil},
		{"/diff?from=x", 400, nil},
		{"/teams", 200, []string{"@acme/platform", "@acme/web"}},
		{"/static/style.css", 200, []string{"prefers-color-scheme: dark"}},
		{"/static/nope.css", 404, nil},
		{"/healthz", 200, []string{`"status": "ok"`, `"historyIndexed": true`, `"run": 4`}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := get(t, h, tt.target)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d\n%s", rec.Code, tt.status, rec.Body)
			}
			body := rec.Body.String()
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			if strings.Contains(body, "<b>bold</b>") {
				t.Error("repository content reached the page unescaped")
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	_, h := testServer(t, Options{})
	rec := get(t, h, "/")
	hd := rec.Header()
	csp := hd.Get("Content-Security-Policy")
	for _, w := range []string{"default-src 'none'", "script-src 'self' 'nonce-", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, w) {
			t.Errorf("CSP %q lacks %q", csp, w)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	n := strings.TrimSuffix(strings.SplitN(strings.SplitN(csp, "'nonce-", 2)[1], "'", 2)[0], "'")
	if !strings.Contains(rec.Body.String(), `nonce="`+n+`"`) {
		t.Error("the script tag does not carry the response's nonce")
	}
	if get(t, h, "/").Header().Get("Content-Security-Policy") == csp {
		t.Error("the nonce does not change between responses")
	}
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"} {
		if hd.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, hd.Get(k), v)
		}
	}
	if rec := get(t, h, "/?"+strings.Repeat("a", 3000)); rec.Code != http.StatusRequestURITooLong {
		t.Errorf("a 3000-byte query: status %d", rec.Code)
	}
	req := httptest.NewRequest(http.MethodDelete, "/", nil)
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, req)
	if rr.Code != http.StatusMethodNotAllowed {
		t.Errorf("DELETE: status %d", rr.Code)
	}
}

func TestAuth(t *testing.T) {
	_, h := testServer(t, Options{AuthToken: "tok-123", PublicBadges: true})
	tests := []struct {
		target string
		hdr    []string
		status int
	}{
		{"/", nil, 401},
		{"/", []string{"Accept", "text/html"}, 303},
		{"/api/v1/runs", nil, 401},
		{"/api/v1/runs", []string{"Authorization", "Bearer tok-123"}, 200},
		{"/api/v1/runs", []string{"Authorization", "Bearer tok-124"}, 401},
		{"/api/v1/runs", []string{"Authorization", "Basic tok-123"}, 401},
		{"/metrics", nil, 401},
		{"/login", nil, 200},
		{"/static/style.css", nil, 200},
		{"/badge/github.com/acme/repo-00000.svg", nil, 200}, // public badges
		{"/", []string{"Cookie", sessionCookie + "=" + newAuth("tok-123", false).session}, 200},
		{"/", []string{"Cookie", sessionCookie + "=tok-123"}, 401},
	}
	for _, tt := range tests {
		rec := get(t, h, tt.target, tt.hdr...)
		if rec.Code != tt.status {
			t.Errorf("%s %v: status %d, want %d", tt.target, tt.hdr, rec.Code, tt.status)
		}
	}
	// The form: a wrong token is refused, the right one sets the cookie and redirects to a
	// local path only.
	post := func(token, next, origin string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader("token="+token+"&next="+next))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := post("nope", "/", ""); rec.Code != 401 || len(rec.Result().Cookies()) != 0 {
		t.Errorf("wrong token: status %d, cookies %v", rec.Code, rec.Result().Cookies())
	}
	if rec := post("tok-123", "/", "http://evil.example"); rec.Code != 403 {
		t.Errorf("cross-origin login: status %d", rec.Code)
	}
	rec := post("tok-123", "//evil.example/x", "http://example.com")
	c := rec.Result().Cookies()
	if rec.Code != 303 || rec.Header().Get("Location") != "/" || len(c) != 1 || !c[0].HttpOnly || c[0].SameSite != http.SameSiteStrictMode || c[0].Value == "tok-123" {
		t.Errorf("login: status %d, location %q, cookies %+v", rec.Code, rec.Header().Get("Location"), c)
	}
}

func TestBadges(t *testing.T) {
	s, h := testServer(t, Options{})
	sn := s.snap.Load()
	var pub, priv repoRow
	for _, r := range sn.Repos {
		if r.Meta.Visibility == "public" && !r.Score.Compliant && pub.Key == "" {
			pub = r
		}
		if r.Meta.Visibility == "private" && priv.Key == "" {
			priv = r
		}
	}
	rec := get(t, h, "/badge/"+encodeKey(pub.Key)+".json")
	var got map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"schemaVersion": 1.0, "label": "repogov", "message": itoa(int64(pub.Score.Failures)) + " failing", "color": got["color"]}
	if diff := cmp.Diff(want, got); diff != "" || (got["color"] != "red" && got["color"] != "orange") {
		t.Errorf("shields endpoint (-want +got):\n%s", diff)
	}
	svg := get(t, h, "/badge/"+encodeKey(pub.Key)+".svg?style=score")
	if ct := svg.Header().Get("Content-Type"); ct != "image/svg+xml" || !strings.Contains(svg.Body.String(), "%</text>") {
		t.Errorf("svg badge: %s %s", ct, svg.Body)
	}
	for _, p := range []string{"/badge/" + encodeKey(priv.Key) + ".svg", "/badge/" + encodeKey(priv.Key) + ".json", "/badge/github.com/acme/none.svg", "/badge/x"} {
		if rec := get(t, h, p); rec.Code != 404 {
			t.Errorf("%s: status %d, want 404 (private or unknown)", p, rec.Code)
		}
	}
	_, h2 := testServer(t, Options{PrivateBadges: true})
	if rec := get(t, h2, "/badge/"+encodeKey(priv.Key)+".svg"); rec.Code != 200 {
		t.Errorf("private badge with the flag: status %d", rec.Code)
	}
}

func TestMetrics(t *testing.T) {
	s, h := testServer(t, Options{})
	sn := s.snap.Load()
	body := get(t, h, "/metrics").Body.String()
	for _, w := range []string{
		`repogov_repositories{host="github.com",org="acme"} 120`,
		`repogov_repositories_compliant{host="github.com",org="acme"} ` + itoa(int64(sn.Sum.FullyCompliant)),
		`repogov_rule_pass_ratio{host="github.com",org="acme",rule="readme"} `,
		"repogov_last_run_complete 1",
		"repogov_runs 4",
		"# TYPE repogov_score_mean gauge",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("metrics lack %q", w)
		}
	}
	if strings.Contains(body, "# EOF") {
		t.Error("Prometheus text format with an OpenMetrics EOF")
	}
	rec := get(t, h, "/metrics", "Accept", "application/openmetrics-text; version=1.0.0")
	if !strings.HasSuffix(rec.Body.String(), "# EOF\n") || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/openmetrics-text") {
		t.Errorf("OpenMetrics: %s", rec.Header().Get("Content-Type"))
	}
}

func TestKeys(t *testing.T) {
	for _, k := range []string{"github.com/acme/alpha", "local/../../etc/passwd", "local/a b/ü", "local/.hidden/x", "local//x", "local/~7e"} {
		enc := encodeKey(k)
		for _, seg := range strings.Split(enc, "/") {
			if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, ".") {
				t.Errorf("%q encodes to %q: unsafe segment %q", k, enc, seg)
			}
		}
		if got, ok := decodeKey(enc); !ok || got != k {
			t.Errorf("decodeKey(%q) = %q, %v; want %q", enc, got, ok, k)
		}
	}
	for _, bad := range []string{"a~", "a~zz", "a~2", "a/./b", "A~41"} {
		if _, ok := decodeKey(bad); ok {
			t.Errorf("decodeKey(%q) accepted", bad)
		}
	}
}

func TestRefresh(t *testing.T) {
	reps := synthOrg(20, 3, 0.05, 5)
	url := storeWith(t, reps[:2])
	s, err := New(context.Background(), openReadOnly(t, url), Options{Refresh: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(s.snap.Load().Runs); got != 2 {
		t.Fatalf("%d runs", got)
	}
	w := storeWithAppend(t, url, reps[2])
	_ = w
	deadline := time.Now().Add(10 * time.Second)
	for len(s.snapshot(context.Background()).Runs) != 3 {
		if time.Now().After(deadline) {
			t.Fatal("the server did not pick up the new run")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
