package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
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

// FuzzLogin sends arbitrary login forms (POST /login), Authorization headers and session
// cookies, all read from the network: none may panic or answer 500, only the right token
// (form or bearer) or the right session cookie is let in, a refused form never sets the
// cookie, and a redirect after login never leaves the site.
func FuzzLogin(f *testing.F) {
	const token = "s3cret-token"
	reps := synthOrg(5, 2, 0.05, 3)
	now := reps[len(reps)-1].Finished
	s := newTestServer(f, reps, Options{AuthToken: token, Now: func() time.Time { return now }})
	h := s.Handler()
	f.Add("token="+token+"&next=/repos", "", "", "")
	f.Add("token=wrong&next=//evil.example/", "Bearer "+token, "", "http://127.0.0.1")
	f.Add("next=/%5Cevil&token=%00", "bearer  "+token+" ", "repogov_session=x", "null")
	f.Add("token="+token+"&next=http://evil.example/", "Basic dXNlcjpwYXNz", "", "http://evil.example")
	f.Add("%zz&token=;&next=/\r\nSet-Cookie:x", "Bearer", "repogov_session="+s.auth.session, "")
	f.Fuzz(func(t *testing.T, form, authz, cookie, origin string) {
		req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/login", strings.NewReader(form))
		if err != nil {
			return
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "text/html")
		if authz != "" {
			req.Header.Set("Authorization", authz)
		}
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("login %q: status %d", form, rec.Code)
		}
		setsCookie := strings.Contains(rec.Header().Get("Set-Cookie"), sessionCookie+"="+s.auth.session)
		if setsCookie && rec.Code != http.StatusSeeOther {
			t.Fatalf("login %q: cookie set with status %d", form, rec.Code)
		}
		if rec.Code == http.StatusSeeOther {
			loc := rec.Header().Get("Location")
			if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") {
				t.Fatalf("login %q: redirect off the site to %q", form, loc)
			}
		}
		if setsCookie {
			vals, err := url.ParseQuery(form)
			if err != nil || strings.TrimSpace(vals.Get("token")) != token {
				t.Fatalf("login %q: session granted without the token", form)
			}
		}

		// The same credentials on a page: only the token or the session gets through.
		get, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/api/v1/runs", nil)
		if authz != "" {
			get.Header.Set("Authorization", authz)
		}
		if cookie != "" {
			get.Header.Set("Cookie", cookie)
		}
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, get)
		if rec.Code >= 500 {
			t.Fatalf("api with %q / %q: status %d", authz, cookie, rec.Code)
		}
		if rec.Code == http.StatusOK && !s.auth.ok(get) {
			t.Fatalf("api let in %q / %q", authz, cookie)
		}
		if rec.Code == http.StatusOK {
			scheme, tok, _ := strings.Cut(authz, " ")
			bearerOK := strings.EqualFold(scheme, "Bearer") && strings.TrimSpace(tok) == token
			if !bearerOK && !strings.Contains(cookie, s.auth.session) {
				t.Fatalf("api let in %q / %q without the token or the session", authz, cookie)
			}
		}
	})
}
