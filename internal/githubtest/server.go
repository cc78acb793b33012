package githubtest

import (
	"bytes"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v4"
)

// Fault is an injected failure.
type Fault int

const (
	NoFault           Fault = iota
	Fault500                // 500 Internal Server Error
	Fault502                // 502 Bad Gateway
	FaultSecondary403       // 403, secondary rate limit message, Retry-After
	FaultSecondary429       // 429, Retry-After
	FaultPrimary            // 403 with x-ratelimit-remaining: 0 and a reset time
	FaultTimeout            // the response does not come before Options.Hang passes
	FaultReset              // the connection is closed without a response
	FaultTruncated          // 200 with half a JSON body
	FaultPartial            // GraphQL: 200 with partial data and a resource-limit error (REST: no fault)
	// FaultShortBody is a 200 whose content is cut but whose framing looks complete (a
	// misbehaving proxy): raw bodies lose their second half with a matching
	// Content-Length; in GraphQL answers every blob text loses its second half inside
	// valid JSON.
	FaultShortBody
	// FaultAfter502 handles the request (a write takes effect) and then answers 502, as
	// when a proxy loses GitHub's answer.
	FaultAfter502
)

func (f Fault) String() string {
	return [...]string{"none", "500", "502", "secondary-403", "secondary-429", "primary", "timeout", "reset", "truncated", "partial", "short-body", "after-502"}[f]
}

// Options configures a Server.
type Options struct {
	// Token, when set, is the only personal token accepted; requests without
	// credentials are anonymous (GraphQL refuses them, REST shows public data only).
	Token string
	// AppID and AppKey enable GitHub App authentication (JWT signed with the key).
	AppID  int64
	AppKey *rsa.PublicKey
	// Enterprise serves REST under /api/v3 and GraphQL at /api/graphql (GHES).
	Enterprise bool
	Latency    time.Duration // added to every request
	Hang       time.Duration // how long FaultTimeout stalls (default 5 s)
	RetryAfter int           // seconds in Retry-After for secondary faults (default 1; < 0: no header)
	// Reset is when an exhausted primary budget comes back (default now + 1 h).
	Reset func() time.Time
	// Errorf reports an invalid or unexpected request (t.Errorf).
	Errorf func(format string, args ...any)
}

// Server is a fake GitHub.
type Server struct {
	*httptest.Server
	Store *Store
	opts  Options

	mu          sync.Mutex
	faults      map[int64]Fault // by 1-based request number
	uploads     []SarifUpload
	sarifStatus string
	sarifErrors []string
	faultPaths  []pathFault
	lost        []pathFault // LoseAnswer: writes whose answers are cut after they succeeded
	resetAt     time.Time   // when an exhausted budget comes back (zero: not exhausted)
	budget      int         // remaining GraphQL points (and REST calls), per hour
	instTokens  map[string]int64
	requests    atomic.Int64
	graphql     atomic.Int64
	rest        atomic.Int64
	points      atomic.Int64
	installsReq atomic.Int64
	writes      atomic.Int64 // REST requests that are not GETs (issues, labels, comments, git data, pulls)
	gitClock    atomic.Int64 // git and pull writes ever (not reset): their dates, one second apart

	imu         sync.Mutex             // guards issueStates and denied
	issueStates map[string]*issueState // by lower-case owner/name: issues, pulls, git (issues.go, git.go, pulls.go)
	denied      map[string]bool        // repositories whose writes answer 403
}

type pathFault struct {
	substr string
	fault  Fault
	left   int
}

// New starts a fake GitHub over store.
func New(store *Store, opts Options) *Server {
	if opts.Hang == 0 {
		opts.Hang = 5 * time.Second
	}
	if opts.RetryAfter == 0 {
		opts.RetryAfter = 1
	}
	if opts.Reset == nil {
		opts.Reset = func() time.Time { return time.Now().Add(time.Hour) }
	}
	if opts.Errorf == nil {
		opts.Errorf = func(f string, a ...any) { panic(fmt.Sprintf(f, a...)) }
	}
	s := &Server{Store: store, opts: opts, faults: map[int64]Fault{}, budget: 5000, instTokens: map[string]int64{}, issueStates: map[string]*issueState{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL for Options.BaseURL of a client: the server root (GHES layout when Enterprise).
func (s *Server) BaseURL() string { return s.Server.URL }

// InjectAt makes request number n (1-based, counting every request since the start or
// ResetStats) fail with f, once.
func (s *Server) InjectAt(n int64, f Fault) {
	s.mu.Lock()
	s.faults[n] = f
	s.mu.Unlock()
}

// InjectPath makes the next count requests whose path (or GraphQL query) contains substr fail with f.
func (s *Server) InjectPath(substr string, f Fault, count int) {
	s.mu.Lock()
	s.faultPaths = append(s.faultPaths, pathFault{substr, f, count})
	s.mu.Unlock()
}

// LoseAnswer makes the next count writes (not GETs) whose path contains substr, and
// that succeed, take effect and then answer a cut body (as FaultTruncated), as when the
// answer is lost on the way back. Unlike InjectPath, a write GitHub refuses (a 422 that
// a client may recover from) does not use one up.
func (s *Server) LoseAnswer(substr string, count int) {
	s.mu.Lock()
	s.lost = append(s.lost, pathFault{substr, FaultTruncated, count})
	s.mu.Unlock()
}

// ClearFaults drops every fault not yet used.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults = map[int64]Fault{}
	s.faultPaths, s.lost = nil, nil
	s.mu.Unlock()
}

// SetBudget sets the remaining primary budget (points and REST calls share it here).
func (s *Server) SetBudget(n int) {
	s.mu.Lock()
	s.budget = n
	s.mu.Unlock()
}

// Stats are the counters.
type Stats struct {
	Requests, GraphQL, REST, Points int64
	Writes                          int64 // REST requests other than GET
}

func (s *Server) Stats() Stats {
	return Stats{s.requests.Load(), s.graphql.Load(), s.rest.Load(), s.points.Load(), s.writes.Load()}
}

// ResetStats zeroes the counters.
func (s *Server) ResetStats() {
	s.requests.Store(0)
	s.graphql.Store(0)
	s.rest.Store(0)
	s.points.Store(0)
	s.writes.Store(0)
}

type principal struct {
	anonymous bool
	app       bool // a JWT: only App endpoints
}

func (s *Server) auth(r *http.Request) (principal, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return principal{anonymous: true}, true
	}
	kind, tok, _ := strings.Cut(h, " ")
	kind = strings.ToLower(kind)
	if kind != "bearer" && kind != "token" {
		return principal{}, false
	}
	if s.opts.Token != "" && tok == s.opts.Token {
		return principal{}, true
	}
	s.mu.Lock()
	_, inst := s.instTokens[tok]
	s.mu.Unlock()
	if inst {
		return principal{}, true
	}
	if s.opts.AppKey != nil && strings.Count(tok, ".") == 2 {
		claims := &jwt.RegisteredClaims{}
		_, err := jwt.ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) { return s.opts.AppKey, nil })
		if err == nil && claims.Issuer == strconv.FormatInt(s.opts.AppID, 10) {
			return principal{app: true}, true
		}
		s.opts.Errorf("githubtest: bad app JWT: %v", err)
	}
	return principal{}, false
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	n := s.requests.Add(1)
	if s.opts.Latency > 0 {
		select {
		case <-time.After(s.opts.Latency):
		case <-r.Context().Done():
			return
		}
	}
	p := r.URL.Path
	isGQL := false
	if s.opts.Enterprise {
		switch {
		case p == "/api/graphql":
			isGQL = true
		case strings.HasPrefix(p, "/api/v3/"):
			p = strings.TrimPrefix(p, "/api/v3")
		default:
			s.opts.Errorf("githubtest: enterprise request outside /api: %s %s", r.Method, r.URL)
			http.NotFound(w, r)
			return
		}
	} else {
		if strings.HasPrefix(p, "/api/") {
			s.opts.Errorf("githubtest: GHES path on github.com: %s", p)
		}
		isGQL = p == "/graphql"
	}
	var body []byte
	if r.Body != nil {
		var buf bytes.Buffer
		buf.ReadFrom(r.Body)
		body = buf.Bytes()
	}

	// Faults.
	s.mu.Lock()
	f := s.faults[n]
	delete(s.faults, n) // once: request numbers start again after ResetStats
	if f == NoFault {
		for i := range s.faultPaths {
			pf := &s.faultPaths[i]
			if pf.left > 0 && (strings.Contains(p, pf.substr) || isGQL && bytes.Contains(body, []byte(pf.substr))) {
				pf.left--
				f = pf.fault
				break
			}
		}
	}
	if s.budget <= 0 {
		if s.resetAt.IsZero() {
			s.resetAt = s.opts.Reset()
		}
		if time.Now().Before(s.resetAt) {
			f = FaultPrimary
		} else {
			s.budget, s.resetAt = 5000, time.Time{}
		}
	}
	remaining := s.budget
	reset := s.opts.Reset()
	if !s.resetAt.IsZero() {
		reset = s.resetAt
	}
	s.mu.Unlock()
	resource := "core"
	if isGQL {
		resource = "graphql"
	}
	w.Header().Set("X-RateLimit-Limit", "5000")
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	w.Header().Set("X-RateLimit-Resource", resource)
	w.Header().Set("X-GitHub-Media-Type", "github.v3")
	switch f {
	case Fault500, Fault502:
		code := 500
		if f == Fault502 {
			code = 502
		}
		w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
		w.WriteHeader(code)
		fmt.Fprintln(w, `{"message":"Server Error"}`)
		return
	case FaultSecondary403, FaultSecondary429:
		code := 403
		if f == FaultSecondary429 {
			code = 429
		}
		w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
		if s.opts.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(s.opts.RetryAfter))
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprintln(w, `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`)
		return
	case FaultPrimary:
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Used", "5000")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(403)
		fmt.Fprintln(w, `{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}`)
		return
	case FaultTimeout:
		select {
		case <-time.After(s.opts.Hang):
		case <-r.Context().Done():
		}
		return
	case FaultReset:
		if hj, ok := w.(http.Hijacker); ok {
			conn, _, err := hj.Hijack()
			if err == nil {
				if tc, ok := conn.(*net.TCPConn); ok {
					tc.SetLinger(0)
				}
				conn.Close()
				return
			}
		}
		return
	}

	pr, ok := s.auth(r)
	if !ok {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		fmt.Fprintln(w, `{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}`)
		return
	}
	rec := &recorder{header: w.Header(), code: 200}
	if isGQL {
		s.graphql.Add(1)
		s.serveGraphQL(rec, r, body, pr, f == FaultPartial)
	} else {
		s.rest.Add(1)
		s.serveREST(rec, r, p, body, pr)
	}
	s.mu.Lock()
	if f == NoFault && r.Method != http.MethodGet && rec.code < 300 {
		for i := range s.lost {
			if pl := &s.lost[i]; pl.left > 0 && strings.Contains(p, pl.substr) {
				pl.left--
				f = pl.fault
				break
			}
		}
	}
	if !s.resetAt.IsZero() {
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(s.resetAt.Unix(), 10))
	}
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(s.budget, 0)))
	w.Header().Set("X-RateLimit-Used", strconv.Itoa(5000-max(s.budget, 0)))
	s.mu.Unlock()
	out := rec.buf.Bytes()
	if f == FaultTruncated {
		if !strings.Contains(rec.header.Get("Content-Type"), "json") {
			// A raw body cut on the wire: the declared length is not reached.
			w.Header().Set("Content-Length", strconv.Itoa(len(out)))
		}
		out = out[:len(out)/2]
	}
	if f == FaultShortBody {
		if isGQL {
			out = shortenTexts(out)
		} else {
			out = out[:len(out)/2]
		}
	}
	if f == FaultAfter502 {
		w.WriteHeader(502)
		fmt.Fprintln(w, `{"message":"Server Error"}`)
		return
	}
	w.WriteHeader(rec.code)
	w.Write(out)
}

type recorder struct {
	header http.Header
	code   int
	buf    bytes.Buffer
}

func (r *recorder) writeJSON(code int, v any) {
	r.code = code
	r.header.Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(&r.buf).Encode(v)
}

func (s *Server) spend(n int) {
	s.mu.Lock()
	s.budget -= n
	if s.budget <= 0 && s.resetAt.IsZero() {
		s.resetAt = s.opts.Reset()
	}
	s.mu.Unlock()
}

func (s *Server) apiURL(r *http.Request) string {
	u := "http://" + r.Host + "/"
	if s.opts.Enterprise {
		u += "api/v3/"
	}
	return u
}

func (s *Server) webURL(*http.Request) string { return "https://github.com/" } // as GraphQL's url

func (s *Server) notFound(rec *recorder) {
	rec.writeJSON(404, map[string]string{"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})
}

func (s *Server) visible(rp *Repo, pr principal) bool {
	return rp.Visibility == "public" || !pr.anonymous
}

// findRepo returns the repository owner/name as the principal sees it (nil: 404).
func (s *Server) findRepo(owner, name string, pr principal) (*Org, *Repo) {
	org := s.Store.Orgs[strings.ToLower(owner)]
	if org == nil {
		return nil, nil
	}
	for _, x := range org.Repos {
		if strings.EqualFold(x.Name, name) && s.visible(x, pr) {
			return org, x
		}
	}
	return org, nil
}

func (s *Server) serveREST(rec *recorder, r *http.Request, p string, body []byte, pr principal) {
	if r.Header.Get("X-GitHub-Api-Version") == "" && !strings.HasPrefix(p, "/app/") {
		// go-github v60 does not send it by default; we do, so insist.
		s.opts.Errorf("githubtest: REST request without X-GitHub-Api-Version: %s", p)
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if pr.app && !(parts[0] == "app" || len(parts) == 3 && parts[2] == "installation") {
		rec.writeJSON(401, map[string]string{"message": "A JSON web token could not be decoded"})
		return
	}
	if r.Method == http.MethodGet && p != "/rate_limit" {
		s.spend(1)
	}
	switch {
	case r.Method == "GET" && p == "/rate_limit":
		s.mu.Lock()
		rem := max(s.budget, 0)
		s.mu.Unlock()
		res := map[string]any{"limit": 5000, "remaining": rem, "reset": s.opts.Reset().Unix(), "used": 5000 - rem}
		rec.writeJSON(200, map[string]any{"resources": map[string]any{"core": res, "graphql": res}, "rate": res})
	case r.Method == "GET" && len(parts) == 3 && (parts[0] == "orgs" || parts[0] == "users") && parts[2] == "repos":
		s.listRepos(rec, r, parts[0] == "users", parts[1], pr)
	case r.Method == "GET" && len(parts) == 3 && (parts[0] == "orgs" || parts[0] == "users") && parts[2] == "installation":
		s.installsReq.Add(1)
		org := s.Store.Orgs[strings.ToLower(parts[1])]
		if org == nil || (org.User != (parts[0] == "users")) || !pr.app {
			s.notFound(rec)
			return
		}
		rec.writeJSON(200, map[string]any{"id": 4200 + len(org.Login), "account": map[string]any{"login": org.Login}})
	case r.Method == "POST" && len(parts) == 4 && parts[0] == "app" && parts[1] == "installations" && parts[3] == "access_tokens":
		if !pr.app {
			rec.writeJSON(401, map[string]string{"message": "A JSON web token is required"})
			return
		}
		id, _ := strconv.ParseInt(parts[2], 10, 64)
		tok := fmt.Sprintf("ghs_inst%d_%d", id, time.Now().UnixNano())
		s.mu.Lock()
		s.instTokens[tok] = id
		s.mu.Unlock()
		rec.writeJSON(201, map[string]any{"token": tok, "expires_at": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)})
	case len(parts) >= 5 && parts[0] == "repos" && parts[3] == "code-scanning" && parts[4] == "sarifs":
		org, rp := s.findRepo(parts[1], parts[2], pr)
		if rp == nil {
			s.notFound(rec)
			return
		}
		s.serveCodeScanning(rec, r, body, rp, org.Login+"/"+rp.Name, parts, pr)
	case len(parts) >= 5 && parts[0] == "repos" && (parts[3] == "git" || parts[3] == "compare") || len(parts) >= 4 && parts[0] == "repos" && parts[3] == "pulls":
		org, rp := s.findRepo(parts[1], parts[2], pr)
		if rp == nil {
			s.notFound(rec)
			return
		}
		s.serveGit(rec, r, body, org, rp, parts, pr)
	case len(parts) >= 4 && parts[0] == "repos" && (parts[3] == "issues" || parts[3] == "labels"):
		org, rp := s.findRepo(parts[1], parts[2], pr)
		if rp == nil {
			s.notFound(rec)
			return
		}
		s.serveIssues(rec, r, body, org, rp, parts, pr)
	case r.Method == "GET" && len(parts) >= 3 && parts[0] == "repos":
		org, rp := s.findRepo(parts[1], parts[2], pr)
		if rp == nil {
			s.notFound(rec)
			return
		}
		switch {
		case len(parts) == 3:
			rec.writeJSON(200, s.restRepo(r, org, rp))
		default:
			s.opts.Errorf("githubtest: unexpected REST request %s %s", r.Method, r.URL)
			s.notFound(rec)
		}
	default:
		s.opts.Errorf("githubtest: unexpected REST request %s %s", r.Method, r.URL)
		s.notFound(rec)
	}
}

func (s *Server) restRepo(r *http.Request, org *Org, rp *Repo) map[string]any {
	var lic any
	if rp.License != "" {
		lic = map[string]any{"key": strings.ToLower(rp.License), "spdx_id": rp.License, "name": rp.License}
	}
	ownerType := "Organization"
	if org.User {
		ownerType = "User"
	}
	return map[string]any{
		"id": rp.ID, "node_id": fmt.Sprintf("R_%d", rp.ID), "name": rp.Name, "full_name": org.Login + "/" + rp.Name,
		"owner":    map[string]any{"login": org.Login, "type": ownerType},
		"html_url": s.webURL(r) + org.Login + "/" + rp.Name, "description": rp.Description, "homepage": rp.Homepage,
		"private": rp.Visibility != "public", "visibility": rp.Visibility, "fork": rp.Fork, "archived": rp.Archived,
		"disabled": false, "has_issues": !rp.IssuesDisabled, "is_template": rp.Template, "default_branch": rp.DefaultBranch,
		"pushed_at": rp.PushedAt.UTC().Format(time.RFC3339), "topics": rp.Topics, "license": lic, "size": 1,
	}
}

func (s *Server) listRepos(rec *recorder, r *http.Request, user bool, login string, pr principal) {
	org := s.Store.Orgs[strings.ToLower(login)]
	if org == nil || org.User != user {
		s.notFound(rec)
		return
	}
	q := r.URL.Query()
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = 30
	}
	if per > 100 {
		per = 100
	}
	page, _ := strconv.Atoi(q.Get("page"))
	if page <= 0 {
		page = 1
	}
	var vis []*Repo
	for _, rp := range org.Repos {
		if s.visible(rp, pr) {
			vis = append(vis, rp)
		}
	}
	start := min((page-1)*per, len(vis))
	end := min(start+per, len(vis))
	items := []map[string]any{}
	for _, rp := range vis[start:end] {
		items = append(items, s.restRepo(r, org, rp))
	}
	if end < len(vis) {
		u := *r.URL
		u.Scheme, u.Host = "http", r.Host
		qq := u.Query()
		qq.Set("page", strconv.Itoa(page+1))
		u.RawQuery = qq.Encode()
		last := u
		ql := last.Query()
		ql.Set("page", strconv.Itoa((len(vis)+per-1)/per))
		last.RawQuery = ql.Encode()
		rec.header.Set("Link", fmt.Sprintf(`<%s>; rel="next", <%s>; rel="last"`, u.String(), (&url.URL{Scheme: last.Scheme, Host: last.Host, Path: last.Path, RawQuery: last.RawQuery}).String()))
	}
	rec.writeJSON(200, items)
}

// shortenTexts cuts every blob text of a GraphQL answer in half, keeping the JSON valid.
func shortenTexts(b []byte) []byte {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return b
	}
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			if t, ok := x["text"].(string); ok {
				if _, blob := x["byteSize"]; blob {
					x["text"] = t[:len(t)/2]
				}
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(v)
	out, err := json.Marshal(v)
	if err != nil {
		return b
	}
	return out
}
