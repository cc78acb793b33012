// Package gitlabtest is an in-process fake GitLab (REST v4 and GraphQL) for tests. It
// serves groups with subgroups, user namespaces and projects built from files, in
// GitLab's response shapes: REST bodies are client-go's own structs
// (gitlab.com/gitlab-org/api/client-go), GraphQL queries are validated against the part
// of GitLab's schema in testdata/schema.graphql and scored with GitLab's complexity
// rules. It paginates (offset and keyset), sends RateLimit-* headers, injects faults
// (429, 5xx, truncated bodies, timeouts, resets) and counts requests. Production code
// never imports it.
//
// The git object model (trees, blobs, ids) is githubtest's Store: a group is an Org whose
// Login is the group's full path ("gov/health"), a user namespace an Org with User set.
package gitlabtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/repogov/repogov/internal/githubtest"
)

// Store is the fixture model (githubtest's): groups, users, projects and git objects.
type Store = githubtest.Store

// Fault is an injected failure.
type Fault int

const (
	NoFault        Fault = iota
	Fault500             // 500 Internal Server Error
	Fault502             // 502 Bad Gateway
	Fault503             // 503 with GitLab's GraphQL timeout message
	Fault429             // 429 from the user throttle: RateLimit-* headers, Retry-After
	Fault429App          // 429 from an application limit: Retry-After only, plain-text body
	FaultTimeout         // the response does not come before Options.Hang passes
	FaultReset           // the connection is closed without a response
	FaultTruncated       // 200 with half the body
)

func (f Fault) String() string {
	return [...]string{"none", "500", "502", "503", "429", "429-app", "timeout", "reset", "truncated"}[f]
}

// Faults are every kind, for fault-injection tests.
var Faults = []Fault{Fault500, Fault502, Fault503, Fault429, Fault429App, FaultTimeout, FaultReset, FaultTruncated}

// Options configures a Server.
type Options struct {
	// Token is the only access token accepted (PRIVATE-TOKEN or Authorization: Bearer);
	// requests without credentials are anonymous (public projects only).
	Token string
	// Scopes are the token's scopes (default read_api); without read_api or api, GraphQL
	// and the listing and tree endpoints answer 403 insufficient_scope, as GitLab does
	// for a read_repository token. Writes (issues, labels, notes, commits, merge
	// requests) need api.
	Scopes []string
	// JobToken is a CI job token (JOB-TOKEN): it reaches only the raw file endpoint, as
	// on GitLab.
	JobToken string
	// NoGraphQL answers /api/graphql with 404 (an instance whose GraphQL API is off or
	// missing): clients must list through REST.
	NoGraphQL bool
	// RelativeRoot serves the instance under a path ("/gitlab").
	RelativeRoot string
	Latency      time.Duration // added to every request
	Hang         time.Duration // how long FaultTimeout stalls (default 5 s)
	RetryAfter   int           // seconds in Retry-After of injected 429s (default 1)
	Limit        int           // RateLimit-Limit, per minute (default 2000)
	// Reset is when an exhausted budget comes back (default now + 1 min).
	Reset func() time.Time
	// Errorf reports an invalid or unexpected request (t.Errorf).
	Errorf func(format string, args ...any)
}

// Server is a fake GitLab.
type Server struct {
	*httptest.Server
	Store *Store
	opts  Options

	mu         sync.Mutex
	faults     map[int64]Fault
	faultPaths []pathFault
	rate       float64 // fraction of requests failing at random (deterministic sequence)
	rateSeq    uint64
	budget     int // remaining requests in the current window; < 0 = unlimited
	resetAt    time.Time

	imu    sync.Mutex
	issues map[int64]*issueState // by project id
	denied map[int64]bool        // projects whose writes answer 403
	nextID int64                 // global ids of issues, notes, labels
	git    map[int64]*gitState   // by project id: branches, commits, merge requests

	requests   atomic.Int64
	writes     atomic.Int64
	graphql    atomic.Int64
	rest       atomic.Int64
	complexity atomic.Int64
	faulted    atomic.Int64
}

type pathFault struct {
	substr string
	fault  Fault
	left   int
}

// New starts a fake GitLab over store.
func New(store *Store, opts Options) *Server {
	if opts.Hang == 0 {
		opts.Hang = 5 * time.Second
	}
	if opts.RetryAfter == 0 {
		opts.RetryAfter = 1
	}
	if opts.Limit == 0 {
		opts.Limit = 2000
	}
	if opts.Reset == nil {
		opts.Reset = func() time.Time { return time.Now().Add(time.Minute) }
	}
	if opts.Errorf == nil {
		opts.Errorf = func(f string, a ...any) { panic(fmt.Sprintf(f, a...)) }
	}
	s := &Server{Store: store, opts: opts, faults: map[int64]Fault{}, budget: -1, issues: map[int64]*issueState{}, git: map[int64]*gitState{}, denied: map[int64]bool{}, nextID: 100000}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// BaseURL is what --gitlab-url takes: the instance root (with its relative root).
func (s *Server) BaseURL() string { return s.Server.URL + s.opts.RelativeRoot }

// InjectAt makes request number n (1-based, counting every request) fail with f.
func (s *Server) InjectAt(n int64, f Fault) {
	s.mu.Lock()
	s.faults[n] = f
	s.mu.Unlock()
}

// ClearFaults drops every injected fault not yet fired (InjectAt counts requests since
// the last ResetStats, so a fault left in place fires again after one).
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults = map[int64]Fault{}
	s.faultPaths = nil
	s.mu.Unlock()
}

// InjectPath makes the next count requests whose path (or GraphQL query) contains substr fail with f.
func (s *Server) InjectPath(substr string, f Fault, count int) {
	s.mu.Lock()
	s.faultPaths = append(s.faultPaths, pathFault{substr, f, count})
	s.mu.Unlock()
}

// InjectRate makes a fraction of all requests fail, cycling through every fault kind.
// The sequence is deterministic (a counter, not a clock).
func (s *Server) InjectRate(frac float64) {
	s.mu.Lock()
	s.rate = frac
	s.mu.Unlock()
}

// SetBudget leaves n requests in the current rate-limit window; then 429 until Reset.
func (s *Server) SetBudget(n int) {
	s.mu.Lock()
	s.budget = n
	s.mu.Unlock()
}

// Stats are the counters.
type Stats struct {
	Requests, GraphQL, REST, Complexity, Faults int64
	Writes                                      int64 // REST requests other than GET
}

func (s *Server) Stats() Stats {
	return Stats{s.requests.Load(), s.graphql.Load(), s.rest.Load(), s.complexity.Load(), s.faulted.Load(), s.writes.Load()}
}

// ResetStats zeroes the counters.
func (s *Server) ResetStats() {
	s.requests.Store(0)
	s.graphql.Store(0)
	s.rest.Store(0)
	s.complexity.Store(0)
	s.faulted.Store(0)
	s.writes.Store(0)
}

type principal struct {
	anonymous bool
	job       bool
}

func (s *Server) auth(r *http.Request) (principal, bool) {
	if t := r.Header.Get("JOB-TOKEN"); t != "" {
		return principal{job: true}, s.opts.JobToken != "" && t == s.opts.JobToken
	}
	tok := r.Header.Get("PRIVATE-TOKEN")
	if h := r.Header.Get("Authorization"); tok == "" && h != "" {
		kind, t, _ := strings.Cut(h, " ")
		if !strings.EqualFold(kind, "bearer") {
			return principal{}, false
		}
		tok = t
	}
	if tok == "" {
		return principal{anonymous: true}, true
	}
	return principal{}, s.opts.Token != "" && tok == s.opts.Token
}

func (s *Server) pickFault(n int64, p string, body []byte) Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.faults[n]; f != NoFault {
		return f
	}
	for i := range s.faultPaths {
		pf := &s.faultPaths[i]
		if pf.left > 0 && (strings.Contains(p, pf.substr) || bytes.Contains(body, []byte(pf.substr))) {
			pf.left--
			return pf.fault
		}
	}
	if s.rate > 0 {
		s.rateSeq++
		// Every 1/rate-th request fails, the kinds in turn.
		period := uint64(1 / s.rate)
		if period > 0 && s.rateSeq%period == 0 {
			return Faults[(s.rateSeq/period)%uint64(len(Faults))]
		}
	}
	return NoFault
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
	p := r.URL.EscapedPath()
	if !strings.HasPrefix(p, s.opts.RelativeRoot+"/") {
		s.opts.Errorf("gitlabtest: request outside the relative root %q: %s", s.opts.RelativeRoot, p)
		http.NotFound(w, r)
		return
	}
	p = strings.TrimPrefix(p, s.opts.RelativeRoot)
	var body []byte
	if r.Body != nil {
		var buf bytes.Buffer
		buf.ReadFrom(r.Body)
		body = buf.Bytes()
	}
	f := s.pickFault(n, p, body)

	// The user throttle: every response carries its state.
	s.mu.Lock()
	limited := false
	if s.budget == 0 {
		if s.resetAt.IsZero() {
			s.resetAt = s.opts.Reset()
		}
		if time.Now().Before(s.resetAt) {
			limited = true
		} else {
			s.budget, s.resetAt = -1, time.Time{}
		}
	} else if s.budget > 0 {
		s.budget--
	}
	remaining := s.opts.Limit - 1
	if s.budget >= 0 {
		remaining = s.budget
	}
	reset := s.opts.Reset()
	if !s.resetAt.IsZero() {
		reset = s.resetAt
	}
	s.mu.Unlock()
	h := w.Header()
	if !limited && f != Fault429App {
		h.Set("RateLimit-Name", "throttle_authenticated_api")
		h.Set("RateLimit-Limit", strconv.Itoa(s.opts.Limit))
		h.Set("RateLimit-Observed", strconv.Itoa(s.opts.Limit-remaining))
		h.Set("RateLimit-Remaining", strconv.Itoa(remaining))
		h.Set("RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	}
	if limited {
		s.faulted.Add(1)
		s.throttled(w, reset, int(time.Until(reset).Seconds())+1)
		return
	}
	if f != NoFault {
		s.faulted.Add(1)
	}
	switch f {
	case Fault500, Fault502:
		code := 500
		if f == Fault502 {
			code = 502
		}
		h.Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprintln(w, `{"message":"500 Internal Server Error"}`)
		return
	case Fault503:
		h.Set("Content-Type", "application/json")
		w.WriteHeader(503)
		fmt.Fprintln(w, `{"errors":[{"message":"Request timed out. Please try a less complex query or a smaller set of records."}]}`)
		return
	case Fault429:
		s.throttled(w, time.Now().Add(time.Duration(s.opts.RetryAfter)*time.Second), s.opts.RetryAfter)
		return
	case Fault429App:
		h.Set("Retry-After", strconv.Itoa(s.opts.RetryAfter))
		h.Set("Content-Type", "text/plain")
		w.WriteHeader(429)
		fmt.Fprint(w, "Retry later\n")
		return
	case FaultTimeout:
		select {
		case <-time.After(s.opts.Hang):
		case <-r.Context().Done():
		}
		return
	case FaultReset:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				if tc, ok := conn.(*net.TCPConn); ok {
					tc.SetLinger(0)
				}
				conn.Close()
			}
		}
		return
	}

	pr, ok := s.auth(r)
	rec := &recorder{header: h, code: 200}
	rawFile := strings.Contains(p, "/repository/files/") && strings.HasSuffix(p, "/raw")
	switch {
	case ok && !pr.anonymous && !pr.job && !s.hasAPIScope() && !rawFile:
		rec.writeJSON(403, map[string]string{"error": "insufficient_scope",
			"error_description": "The request requires higher privileges than provided by the access token.", "scope": "api read_api"})
	case p == "/api/graphql" && s.opts.NoGraphQL:
		rec.writeJSON(404, map[string]string{"message": "404 Not Found"})
	case p == "/api/graphql":
		s.graphql.Add(1)
		if !ok {
			rec.writeJSON(401, map[string]any{"errors": []map[string]string{{"message": "Invalid token"}}})
			break
		}
		if pr.job {
			// Job tokens are not accepted by GraphQL: the request is anonymous.
			pr = principal{anonymous: true}
		}
		s.serveGraphQL(rec, r, body, pr)
	case strings.HasPrefix(p, "/api/v4/"):
		s.rest.Add(1)
		if !ok {
			rec.writeJSON(401, map[string]string{"message": "401 Unauthorized"})
			break
		}
		s.serveREST(rec, r, strings.TrimPrefix(p, "/api/v4"), body, pr)
	default:
		s.opts.Errorf("gitlabtest: unexpected request %s %s", r.Method, r.URL)
		rec.writeJSON(404, map[string]string{"error": "404 Not Found"})
	}
	out := rec.buf.Bytes()
	if f == FaultTruncated {
		if !strings.Contains(rec.header.Get("Content-Type"), "json") {
			// A raw body cut on the wire: the declared length is not reached.
			h.Set("Content-Length", strconv.Itoa(len(out)))
		}
		out = out[:len(out)/2]
	}
	w.WriteHeader(rec.code)
	w.Write(out)
}

func (s *Server) hasAPIScope() bool {
	if s.opts.Scopes == nil {
		return true
	}
	for _, sc := range s.opts.Scopes {
		if sc == "read_api" || sc == "api" {
			return true
		}
	}
	return false
}

// throttled answers as Rack::Attack does: 429, plain text, RateLimit-* and Retry-After.
func (s *Server) throttled(w http.ResponseWriter, reset time.Time, retryAfter int) {
	h := w.Header()
	h.Set("RateLimit-Name", "throttle_authenticated_api")
	h.Set("RateLimit-Limit", strconv.Itoa(s.opts.Limit))
	h.Set("RateLimit-Observed", strconv.Itoa(s.opts.Limit))
	h.Set("RateLimit-Remaining", "0")
	h.Set("RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("RateLimit-ResetTime", reset.UTC().Format(http.TimeFormat))
	h.Set("Retry-After", strconv.Itoa(max(retryAfter, 1)))
	h.Set("Content-Type", "text/plain")
	w.WriteHeader(429)
	fmt.Fprint(w, "Retry later\n")
}

type recorder struct {
	header http.Header
	code   int
	buf    bytes.Buffer
}

func (r *recorder) writeJSON(code int, v any) {
	r.code = code
	r.header.Set("Content-Type", "application/json")
	json.NewEncoder(&r.buf).Encode(v)
}

// segments splits an escaped path into unescaped segments (%2F inside one stays a '/').
func segments(p string) []string {
	var out []string
	for _, seg := range strings.Split(strings.Trim(p, "/"), "/") {
		u, err := url.PathUnescape(seg)
		if err != nil {
			u = seg
		}
		out = append(out, u)
	}
	return out
}

// Namespace lookups. Groups and users are Orgs; a group's descendants are the Orgs whose
// full path extends it.

func (s *Server) namespace(fullPath string) *githubtest.Org {
	return s.Store.Orgs[strings.ToLower(fullPath)]
}

// descendants returns ns and its subgroups (for a group), sorted by path.
func (s *Server) descendants(ns *githubtest.Org) []*githubtest.Org {
	out := []*githubtest.Org{ns}
	if ns.User {
		return out
	}
	prefix := strings.ToLower(ns.Login) + "/"
	for k, o := range s.Store.Orgs {
		if strings.HasPrefix(k, prefix) && !o.User {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Login < out[j].Login })
	return out
}

type proj struct {
	ns *githubtest.Org
	r  *githubtest.Repo
}

func (p proj) fullPath() string { return p.ns.Login + "/" + p.r.Name }

func visible(r *githubtest.Repo, pr principal) bool {
	return r.Visibility == "public" || !pr.anonymous && !pr.job
}

// projects lists the projects of ns (and its subgroups), visible to pr, by id.
func (s *Server) projects(ns *githubtest.Org, subgroups bool, pr principal) []proj {
	nss := []*githubtest.Org{ns}
	if subgroups {
		nss = s.descendants(ns)
	}
	var out []proj
	for _, n := range nss {
		for _, r := range n.Repos {
			if visible(r, pr) {
				out = append(out, proj{n, r})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].r.ID < out[j].r.ID })
	return out
}

// project finds a project by full path (case-insensitive) or numeric id.
func (s *Server) project(id string, pr principal) (proj, bool) {
	if n, err := strconv.ParseInt(id, 10, 64); err == nil {
		for _, o := range s.Store.Orgs {
			for _, r := range o.Repos {
				if r.ID == n && visible(r, pr) {
					return proj{o, r}, true
				}
			}
		}
		return proj{}, false
	}
	i := strings.LastIndexByte(id, '/')
	if i < 0 {
		return proj{}, false
	}
	ns := s.namespace(id[:i])
	if ns == nil {
		return proj{}, false
	}
	for _, r := range ns.Repos {
		if strings.EqualFold(r.Name, id[i+1:]) && visible(r, pr) {
			return proj{ns, r}, true
		}
	}
	return proj{}, false
}

func (s *Server) webURL(r *http.Request) string {
	return "http://" + r.Host + s.opts.RelativeRoot + "/"
}
