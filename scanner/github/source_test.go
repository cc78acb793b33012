package github

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/githubtest"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/filecache"
	"github.com/repogov/repogov/scanner/selection"
)

const testToken = "ghp_testTOKENvalue0123456789"

// fastRetry keeps the unit tests quick.
var fastRetry = Retry{Attempts: 5, Base: time.Millisecond, Max: 5 * time.Millisecond, Secondary: 5 * time.Millisecond, Timeout: time.Second}

func newSource(t testing.TB, srv *githubtest.Server, opts Options, targets ...string) *Source {
	t.Helper()
	if opts.APIURL == "" && opts.BaseURL == "" {
		opts.APIURL = srv.URL
	}
	if opts.Token == "" && opts.App == nil && opts.Retry == (Retry{}) {
		opts.Token = testToken
	}
	if opts.Retry == (Retry{}) {
		opts.Retry = fastRetry
	}
	var ts []Target
	for _, x := range targets {
		tg, err := ParseTarget(x)
		if err != nil {
			t.Fatal(err)
		}
		ts = append(ts, tg)
	}
	s, err := New(opts, ts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// digest is everything a rule could see of one repository.
type digest struct {
	Meta     repo.Meta
	Entries  []string
	Files    map[string]string
	Defaults []string
}

func digestOf(ctx context.Context, t testing.TB, snap *repo.Snapshot) digest {
	return digestFiltered(ctx, t, snap, func(repo.Entry) bool { return true })
}

// digestFiltered reads only the files keep selects.
func digestFiltered(ctx context.Context, t testing.TB, snap *repo.Snapshot, keep func(repo.Entry) bool) digest {
	d := digest{Meta: snap.Meta, Files: map[string]string{}}
	for _, e := range ruleView(ctx, t, snap) {
		d.Entries = append(d.Entries, fmt.Sprintf("%s %s %d", e.Path, e.Kind, e.Size))
		if (e.Kind == repo.File || e.Kind == repo.Symlink) && keep(e) {
			b, err := snap.ReadFile(ctx, e.Path)
			if err != nil {
				d.Files[e.Path] = "error: " + err.Error()
				continue
			}
			d.Files[e.Path] = string(b)
		}
	}
	if od := snap.OrgDefaults; od != nil {
		for _, e := range od.Entries() {
			line := e.Path
			if e.Kind == repo.File {
				b, err := od.ReadFile(ctx, e.Path)
				if err != nil {
					t.Errorf("org default %s: %v", e.Path, err)
				}
				line += " " + string(b)
			}
			d.Defaults = append(d.Defaults, line)
		}
	}
	return d
}

// ruleView is every entry the built-in rules can see: the root and, recursively, the
// directories they read (listed on demand when the source did not list them).
func ruleView(ctx context.Context, t testing.TB, snap *repo.Snapshot) []repo.Entry {
	reads := rules.ReadSet(rules.All())
	var out []repo.Entry
	var walk func(dir string)
	walk = func(dir string) {
		es, err := snap.List(ctx, dir)
		if err != nil {
			t.Errorf("%s: listing %q: %v", snap.Meta.FullName, dir, err)
			return
		}
		for _, e := range es {
			out = append(out, e)
			if e.Kind == repo.Dir && reads.Lists(e.Path) {
				walk(e.Path)
			}
		}
	}
	walk("")
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// scanAll lists and opens every repository (through Prepare, as the engine does).
func scanAll(ctx context.Context, t testing.TB, s *Source) (map[string]digest, error) {
	refs, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	s.Prepare(ctx, refs)
	out := map[string]digest{}
	for _, r := range refs {
		snap, err := s.Open(ctx, r)
		if err != nil {
			return out, fmt.Errorf("%s: %w", r.Meta.FullName, err)
		}
		out[r.Meta.FullName] = digestOf(ctx, t, snap)
	}
	return out, nil
}

func names(m map[string]digest) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestListAndOpen(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
	ctx := context.Background()
	got, err := scanAll(ctx, t, newSource(t, srv, Options{}, "acme"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"acme/.github", "acme/alpha", "acme/beta", "acme/empty", "acme/gamma", "acme/secret"}, names(got)); diff != "" {
		t.Errorf("repositories (-want +got):\n%s", diff)
	}
	alpha := got["acme/alpha"]
	wantMeta := repo.Meta{Host: "github.com", Forge: "github", Owner: "acme", Name: "alpha", FullName: "acme/alpha", URL: "https://github.com/acme/alpha",
		ID: alpha.Meta.ID, DefaultBranch: "main", HeadOID: alpha.Meta.HeadOID, Visibility: "public", Description: "Alpha library",
		Homepage: "https://alpha.example", Topics: []string{"library", "go"}, PushedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), HostLicense: "MIT"}
	if diff := cmp.Diff(wantMeta, alpha.Meta); diff != "" {
		t.Errorf("alpha meta (-want +got):\n%s", diff)
	}
	if alpha.Meta.HeadOID == "" || alpha.Meta.ID == 0 {
		t.Errorf("alpha: no HEAD or id: %+v", alpha.Meta)
	}
	tests := []struct {
		repo, path, want string
	}{
		{"acme/alpha", "LICENSE", "MIT License"},
		{"acme/alpha", "COPYING", "MIT License"}, // symlink, followed
		{"acme/alpha", ".github/CODEOWNERS", "* @acme/maintainers\n"},
		{"acme/alpha", "docs/SECURITY.md", "# Security policy"},
		{"acme/alpha", "publiccode.yml", "publiccodeYmlVersion"},
		{"acme/alpha", "src/main.go", ""}, // not listed: src/ is outside the index
		{"acme/gamma", "Docs/CODE_OF_CONDUCT.md", "# Code of conduct"},
		{"acme/gamma", ".github/PULL_REQUEST_TEMPLATE/default.md", "Describe the change."},
		{"acme/gamma", "LICENSE.bin", "\x00\x01binary"},
	}
	for _, tc := range tests {
		d := got[tc.repo]
		content, ok := d.Files[tc.path]
		if tc.want == "" {
			if ok {
				t.Errorf("%s: %s unexpectedly indexed", tc.repo, tc.path)
			}
			continue
		}
		if !strings.HasPrefix(content, tc.want) {
			t.Errorf("%s: %s = %q, want prefix %q", tc.repo, tc.path, content, tc.want)
		}
	}
	if len(alpha.Defaults) == 0 || !strings.Contains(strings.Join(alpha.Defaults, "\n"), "CODE_OF_CONDUCT.md # Code of Conduct") {
		t.Errorf("alpha: org defaults missing: %q", alpha.Defaults)
	}
	if got["acme/.github"].Defaults != nil {
		t.Errorf(".github has itself as defaults")
	}
	if e := got["acme/empty"]; len(e.Entries) != 0 {
		t.Errorf("empty repository has entries %v", e.Entries)
	}
	// Opening a repository again reads it through REST, with the same result.
	s := newSource(t, srv, Options{}, "acme/alpha")
	refs, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		snap, err := s.Open(ctx, refs[0])
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(alpha, digestOf(ctx, t, snap)); diff != "" {
			t.Errorf("open #%d (-want +got):\n%s", i+1, diff)
		}
	}
}

func TestTooLargeNotFetched(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
	ctx := context.Background()
	s := newSource(t, srv, Options{MaxRead: 1000}, "acme/gamma")
	got, err := scanAll(ctx, t, s)
	if err != nil {
		t.Fatal(err)
	}
	if c := got["acme/gamma"].Files["CHANGELOG.md"]; !strings.Contains(c, "too large") {
		t.Errorf("CHANGELOG.md = %.60q, want too large", c)
	}
	// One query for the listing, one for trees, one for blobs, and one REST read of the binary file.
	if st := srv.Stats(); st.Requests > 4 {
		t.Errorf("requests = %d, want ≤ 4", st.Requests)
	}
}

func TestSelection(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
	tests := []struct {
		name string
		sel  selection.Selection
		want []string
	}{
		{"default skips archived and forks", selection.Selection{}, []string{".github", "alpha", "beta", "empty", "gamma", "secret"}},
		{"include archived and forks", selection.Selection{IncludeArchived: true, IncludeForks: true}, []string{".github", "alpha", "beta", "empty", "forked", "gamma", "old", "secret"}},
		{"visibility", selection.Selection{Visibility: []string{"private", "internal"}}, []string{"gamma", "secret"}},
		{"globs", selection.Selection{Include: []string{"a*", "b*"}, Exclude: []string{"beta"}}, []string{"alpha"}},
		{"topics", selection.Selection{Topics: []string{"service", "library"}, ExcludeTopics: []string{"go"}}, []string{"beta"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			refs, err := newSource(t, srv, Options{Selection: tc.sel}, "acme").List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range refs {
				got = append(got, r.Meta.Name)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestUserAndSingleRepo(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
	got, err := scanAll(context.Background(), t, newSource(t, srv, Options{}, "solo", "acme/beta", "acme/beta"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"acme/beta", "solo/tool"}, names(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got["acme/beta"].Defaults == nil {
		t.Errorf("single repository target lost the org defaults")
	}
	_, err = newSource(t, srv, Options{}, "acme/nope").List(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("missing repository: err = %v", err)
	}
}

func TestPagination(t *testing.T) {
	store := githubtest.NewStore()
	githubtest.Synthetic(store, "big", 250)
	srv := githubtest.Start(t, store, githubtest.Options{Token: testToken})
	s := newSource(t, srv, Options{Selection: selection.Selection{IncludeArchived: true, IncludeForks: true}}, "big")
	refs, err := s.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 251 {
		t.Errorf("listed %d repositories, want 251", len(refs))
	}
	if st := srv.Stats(); st.GraphQL != 3 || st.Points != 3 {
		t.Errorf("listing cost %d queries, %d points; want 3 and 3", st.GraphQL, st.Points)
	}
}

func TestEnterprise(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken, Enterprise: true})
	ctx := context.Background()
	s := newSource(t, srv, Options{BaseURL: srv.URL}, "acme")
	got, err := scanAll(ctx, t, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 || got["acme/alpha"].Meta.Host != "127.0.0.1" {
		t.Errorf("GHES scan: %v, host %q", names(got), got["acme/alpha"].Meta.Host)
	}
	// The REST fallback too (the binary file is read raw).
	if !strings.HasPrefix(got["acme/gamma"].Files["LICENSE.bin"], "\x00") {
		t.Errorf("GHES REST fallback failed: %q", got["acme/gamma"].Files["LICENSE.bin"])
	}
}

func TestGHESURLs(t *testing.T) {
	tests := []struct{ in, rest, gql, host string }{
		{"", "https://api.github.com/", "https://api.github.com/graphql", "github.com"},
		{"https://ghe.example.com", "https://ghe.example.com/api/v3/", "https://ghe.example.com/api/graphql", "ghe.example.com"},
		{"https://ghe.example.com/", "https://ghe.example.com/api/v3/", "https://ghe.example.com/api/graphql", "ghe.example.com"},
		{"https://api.acme.ghe.com", "https://api.acme.ghe.com/", "https://api.acme.ghe.com/graphql", "acme.ghe.com"},
	}
	for _, tc := range tests {
		s, err := New(Options{BaseURL: tc.in})
		if err != nil {
			t.Fatal(err)
		}
		if s.restURL != tc.rest || s.gqlURL != tc.gql || s.host != tc.host {
			t.Errorf("%q: got %s %s %s", tc.in, s.restURL, s.gqlURL, s.host)
		}
	}
	if _, err := New(Options{BaseURL: "ghe.example.com"}); err == nil {
		t.Errorf("a URL without scheme was accepted")
	}
}

func TestAppAuth(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{AppID: 77, AppKey: &key.PublicKey})
	got, err := scanAll(context.Background(), t, newSource(t, srv, Options{App: &App{ID: 77, Key: pemKey}}, "acme", "solo"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"acme/.github", "acme/alpha", "acme/beta", "acme/empty", "acme/gamma", "acme/secret", "solo/tool"}, names(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A wrong app id: the installation lookup is refused with a clear message.
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	bad := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(other)})
	srv2 := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{AppID: 77, AppKey: &key.PublicKey, Errorf: func(string, ...any) {}})
	_, err = newSource(t, srv2, Options{App: &App{ID: 77, Key: bad}}, "acme").List(context.Background())
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("bad App key: err = %v", err)
	}
}

func TestAuthErrors(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
	_, err := newSource(t, srv, Options{Token: "wrong"}, "acme").List(context.Background())
	if err == nil || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "GITHUB_TOKEN") {
		t.Errorf("bad token: err = %v", err)
	}
	if strings.Contains(fmt.Sprint(err), "wrong") {
		t.Errorf("the error shows the token: %v", err)
	}
	resp := &http.Response{StatusCode: 403, Header: http.Header{"X-Accepted-Github-Permissions": {"contents=read"}}}
	if err := authError(resp, "x"); !strings.Contains(err.Error(), "contents=read") {
		t.Errorf("403 explanation: %v", err)
	}
	resp = &http.Response{StatusCode: 403, Header: http.Header{"X-Oauth-Scopes": {"public_repo"}, "X-Accepted-Oauth-Scopes": {"repo"}}}
	if err := authError(resp, "x"); !strings.Contains(err.Error(), `needs "repo"`) {
		t.Errorf("403 scopes explanation: %v", err)
	}
}

func TestAnonymous(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
	var logs strings.Builder
	s := newSource(t, srv, Options{Token: "", Retry: fastRetry, Logger: slog.New(slog.NewTextHandler(&logs, nil))}, "acme", "solo")
	got, err := scanAll(context.Background(), t, s)
	if err != nil {
		t.Fatal(err)
	}
	// Public only; REST throughout (no GraphQL without a token).
	if diff := cmp.Diff([]string{"acme/.github", "acme/alpha", "acme/beta", "acme/empty", "solo/tool"}, names(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if srv.Stats().GraphQL != 0 {
		t.Errorf("anonymous sent GraphQL")
	}
	if !strings.Contains(logs.String(), "anonymous") {
		t.Errorf("no anonymous warning: %s", logs.String())
	}
	// The same files as an authenticated scan.
	srv2 := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
	want, err := scanAll(context.Background(), t, newSource(t, srv2, Options{}, "acme", "solo"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names(got) {
		if diff := cmp.Diff(want[n].Files, got[n].Files); diff != "" {
			t.Errorf("%s files REST vs GraphQL (-graphql +rest):\n%s", n, diff)
		}
		if diff := cmp.Diff(want[n].Defaults, got[n].Defaults); diff != "" {
			t.Errorf("%s defaults REST vs GraphQL (-graphql +rest):\n%s", n, diff)
		}
	}
}

func TestFaults(t *testing.T) {
	ctx := context.Background()
	srv0 := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
	want, err := scanAll(ctx, t, newSource(t, srv0, Options{}, "acme", "solo"))
	if err != nil {
		t.Fatal(err)
	}
	base := srv0.Stats().Requests
	faults := []githubtest.Fault{githubtest.Fault500, githubtest.Fault502, githubtest.FaultSecondary403, githubtest.FaultSecondary429,
		githubtest.FaultTimeout, githubtest.FaultReset, githubtest.FaultTruncated, githubtest.FaultPartial}
	for _, f := range faults {
		for _, at := range []int64{1, 2, 3, base} {
			t.Run(fmt.Sprintf("%s@%d", f, at), func(t *testing.T) {
				srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken, Hang: 3 * time.Second})
				srv.InjectAt(at, f)
				got, err := scanAll(ctx, t, newSource(t, srv, Options{}, "acme", "solo"))
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("results differ with a fault (-want +got):\n%s", diff)
				}
				if n := srv.Stats().Requests; n != base+1 && f != githubtest.FaultPartial || n > base+5 {
					t.Errorf("requests = %d, want %d (one retry)", n, base+1)
				}
			})
		}
	}
}

func TestPersistentFailureIsPerRepository(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
	// Every blob request for alpha's binary-free content fails: alpha's REST fallback
	// then fails too, but only alpha's files are affected.
	srv.InjectPath("repos/acme/gamma/git/blobs", githubtest.Fault500, 100)
	s := newSource(t, srv, Options{}, "acme/gamma", "acme/beta")
	got, err := scanAll(context.Background(), t, s)
	if err != nil {
		t.Fatal(err)
	}
	if c := got["acme/gamma"].Files["LICENSE.bin"]; !strings.Contains(c, "giving up") {
		t.Errorf("gamma LICENSE.bin = %q, want an error", c)
	}
	if !strings.HasPrefix(got["acme/beta"].Files["LICENSE"], "MIT") {
		t.Errorf("beta affected: %v", got["acme/beta"].Files)
	}
}

func TestBudget(t *testing.T) {
	t.Run("reset beyond max-wait stops with a partial report", func(t *testing.T) {
		store := githubtest.Fixtures(t)
		githubtest.Synthetic(store, "big", 250)
		srv := githubtest.Start(t, store, githubtest.Options{Token: testToken})
		srv.SetBudget(2) // two listing pages, then nothing
		s := newSource(t, srv, Options{MaxWait: time.Second}, "big")
		rep := scanner.Scan(context.Background(), []scanner.Source{s}, scanner.Options{})
		if !rep.Incomplete {
			t.Errorf("report not incomplete")
		}
		if len(rep.Problems) == 0 || !strings.Contains(strings.Join(rep.Problems, "\n"), "rate limit exhausted") {
			t.Errorf("problems = %q", rep.Problems)
		}
		if n := srv.Stats().Requests; n > 4 {
			t.Errorf("kept sending after exhaustion: %d requests", n)
		}
	})
	t.Run("reset within max-wait waits", func(t *testing.T) {
		srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken, Reset: func() time.Time { return time.Now().Add(time.Second) }})
		srv.InjectAt(2, githubtest.FaultPrimary)
		s := newSource(t, srv, Options{MaxWait: time.Minute}, "acme")
		waits := recordWaits(s, false)
		got, err := scanAll(context.Background(), t, s)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 6 {
			t.Errorf("got %d repositories", len(got))
		}
		// The fake clock starts now; the reset is a second after the server's now, in
		// whole Unix seconds, and the transport waits one second past it: 1 to 2 s.
		if w := waits(); len(w) != 1 || w[0] < 500*time.Millisecond || w[0] > 2500*time.Millisecond {
			t.Errorf("waits %v; want one of about a second, until the reset", w)
		}
	})
}

// recordWaits gives s's transports a fake clock that records the waits they are asked
// for: a wait moves the clock on at once, or, with block, lasts until the context is
// done, as a long one would.
func recordWaits(s *Source, block bool) func() []time.Duration {
	var mu sync.Mutex
	var waits []time.Duration
	now := time.Now()
	s.now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	s.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		if !block {
			now = now.Add(d)
		}
		mu.Unlock()
		if block {
			<-ctx.Done()
		}
		return ctx.Err()
	}
	return func() []time.Duration {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(waits)
	}
}

func TestCancel(t *testing.T) {
	t.Run("while waiting for Retry-After", func(t *testing.T) {
		srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken, RetryAfter: 30})
		srv.InjectAt(1, githubtest.FaultSecondary429)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		s := newSource(t, srv, Options{}, "acme")
		waits := recordWaits(s, true)
		_, err := s.List(ctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want the context's error", err)
		}
		// The 30-second Retry-After wait was begun and given up with the context.
		if w := waits(); len(w) != 1 || w[0] != 30*time.Second {
			t.Errorf("waits %v; want the one of 30s, cancelled", w)
		}
	})
	t.Run("mid-scan", func(t *testing.T) {
		store := githubtest.NewStore()
		githubtest.Synthetic(store, "synth", 300)
		srv := githubtest.Start(t, store, githubtest.Options{Token: testToken, Latency: 50 * time.Millisecond})
		ctx, cancel := context.WithCancel(context.Background())
		s := newSource(t, srv, Options{BatchRepos: 5}, "synth")
		time.AfterFunc(300*time.Millisecond, cancel) // Ctrl-C
		rep := scanner.Scan(ctx, []scanner.Source{s}, scanner.Options{Rules: rules.Defaults([]rules.Rule{readsGovernance})})
		if !rep.Incomplete {
			t.Errorf("report not marked incomplete")
		}
		for _, rr := range rep.Repos {
			if rr.Error != "" {
				t.Errorf("%s: cancellation became an error result: %s", rr.Meta.FullName, rr.Error)
			}
		}
	})
}

func TestPrivateDefaultsIgnored(t *testing.T) {
	store := githubtest.NewStore()
	org := store.Org("priv")
	store.AddRepo(org, ".github", githubtest.RepoMeta{Visibility: "private"}, map[string]githubtest.File{"SECURITY.md": {Data: []byte("x")}})
	store.AddRepo(org, "app", githubtest.RepoMeta{}, map[string]githubtest.File{"README.md": {Data: []byte("# app")}})
	srv := githubtest.Start(t, store, githubtest.Options{Token: testToken})
	got, err := scanAll(context.Background(), t, newSource(t, srv, Options{}, "priv"))
	if err != nil {
		t.Fatal(err)
	}
	if d := got["priv/app"]; d.Defaults != nil || d.Meta.Name != "app" {
		t.Errorf("private .github used as defaults: %+v", d)
	}
}

func TestEfficiency1000(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	store := githubtest.NewStore()
	githubtest.Synthetic(store, "synth", 1000)
	srv := githubtest.Start(t, store, githubtest.Options{Token: testToken})
	s := newSource(t, srv, Options{Selection: selection.Selection{IncludeArchived: true, IncludeForks: true}}, "synth")
	ctx := context.Background()
	refs, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Prepare(ctx, refs)
	got := map[string]digest{}
	for _, r := range refs {
		snap, err := s.Open(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		// What rules read: the governance files.
		got[r.Meta.FullName] = digestFiltered(ctx, t, snap, func(e repo.Entry) bool { return s.wanted(e) })
	}
	if len(got) != 1001 {
		t.Errorf("scanned %d", len(got))
	}
	for n, d := range got {
		for p, c := range d.Files {
			if strings.HasPrefix(c, "error") {
				t.Errorf("%s %s: %s", n, p, c)
			}
		}
	}
	st := srv.Stats()
	t.Logf("1,000 repositories: %d requests (%d GraphQL, %d REST), %d points", st.Requests, st.GraphQL, st.REST, st.Points)
	if st.Requests > 40 || st.Points > 40 {
		t.Errorf("requests %d, points %d; want ≤ 40 each", st.Requests, st.Points)
	}
}

func TestUnchangedRescanCostsOnlyTheListing(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	store := githubtest.NewStore()
	githubtest.Synthetic(store, "synth", 1000)
	srv := githubtest.Start(t, store, githubtest.Options{Token: testToken})
	cache, err := filecache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	scan := func() *report.Report {
		s := newSource(t, srv, Options{Selection: selection.Selection{IncludeArchived: true, IncludeForks: true}}, "synth")
		return scanner.Scan(context.Background(), []scanner.Source{s}, scanner.Options{
			Rules: rules.Defaults([]rules.Rule{readsGovernance}), Cache: s.WrapCache(cache), CacheSalt: "test"})
	}
	first := scan()
	firstStats := srv.Stats()
	srv.ResetStats()
	second := scan()
	st := srv.Stats()
	t.Logf("first scan %d requests; unchanged re-scan %d requests, %d points", firstStats.Requests, st.Requests, st.Points)
	if st.Requests != 11 || st.Points != 11 {
		t.Errorf("re-scan: %d requests, %d points; want 11 (the listing of 1,001 repositories)", st.Requests, st.Points)
	}
	cached := 0
	for _, rr := range second.Repos {
		if rr.Cached {
			cached++
		}
	}
	if cached != len(first.Repos) || len(first.Repos) != 1001 {
		t.Errorf("%d of %d results cached (first scan %d)", cached, len(second.Repos), len(first.Repos))
	}
}

func TestRESTPagination(t *testing.T) {
	store := githubtest.NewStore()
	githubtest.Synthetic(store, "big", 250)
	srv := githubtest.Start(t, store, githubtest.Options{Token: testToken})
	refs, err := newSource(t, srv, Options{Token: "", Retry: fastRetry, Selection: selection.Selection{IncludeArchived: true, IncludeForks: true}}, "big").List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 251 || refs[250].Meta.Name != "repo-00249" {
		t.Errorf("listed %d repositories", len(refs))
	}
	if st := srv.Stats(); st.REST != 3 {
		t.Errorf("REST listing took %d requests, want 3 pages", st.REST)
	}
}

// go-github refuses to send once it saw remaining 0; the source waits for the reset.
func TestRESTBudgetPrecheck(t *testing.T) {
	srv0 := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
	want, err := scanAll(context.Background(), t, newSource(t, srv0, Options{Token: "", Retry: fastRetry}, "acme"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		reset   time.Duration
		maxWait time.Duration
		stop    bool
	}{
		{"waits", 1500 * time.Millisecond, time.Minute, false},
		{"stops", time.Hour, time.Second, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken, Reset: func() time.Time { return time.Now().Add(tc.reset) }})
			srv.SetBudget(3)
			s := newSource(t, srv, Options{Token: "", Retry: fastRetry, MaxWait: tc.maxWait}, "acme")
			got, err := scanAll(context.Background(), t, s)
			if tc.stop {
				if !errors.Is(err, scanner.ErrIncomplete) {
					t.Errorf("err = %v, want a budget error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestPersistentSecondaryLimit(t *testing.T) {
	// No Retry-After: the message alone says "secondary rate limit".
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken, RetryAfter: -1})
	srv.InjectPath("graphql", githubtest.FaultSecondary403, 1000)
	s := newSource(t, srv, Options{Retry: Retry{Attempts: 2, Base: time.Millisecond, Secondary: time.Millisecond}}, "acme")
	s.opts.Token = testToken
	_, err := s.List(context.Background())
	if err == nil || !strings.Contains(err.Error(), "secondary rate limit persisted") {
		t.Errorf("err = %v", err)
	}
}

func TestListingPagesShrinkOnPersistentFailure(t *testing.T) {
	store := githubtest.NewStore()
	githubtest.Synthetic(store, "big", 120)
	srv := githubtest.Start(t, store, githubtest.Options{Token: testToken})
	srv.InjectPath("query Listing", githubtest.Fault502, fastRetry.Attempts) // the first page fails every attempt
	refs, err := newSource(t, srv, Options{Selection: selection.Selection{IncludeArchived: true, IncludeForks: true}}, "big").List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 121 {
		t.Errorf("listed %d, want 121", len(refs))
	}
	// 5 failed attempts, then pages of 50: 3 more.
	if st := srv.Stats(); st.Requests != int64(fastRetry.Attempts)+3 {
		t.Errorf("%d requests, want %d", st.Requests, fastRetry.Attempts+3)
	}
}

// A body cut short behind complete-looking framing (raw with a matching length, or a
// blob text inside valid JSON) is never taken for the file: it is fetched again.
func TestShortBodiesAreRefetched(t *testing.T) {
	ctx := context.Background()
	srv0 := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
	want, err := scanAll(ctx, t, newSource(t, srv0, Options{}, "acme", "solo"))
	if err != nil {
		t.Fatal(err)
	}
	for _, where := range []string{"query Objects", "git/blobs"} {
		t.Run(where, func(t *testing.T) {
			srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
			srv.InjectPath(where, githubtest.FaultShortBody, 1)
			got, err := scanAll(ctx, t, newSource(t, srv, Options{}, "acme", "solo"))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("content differs with a short body (-want +got):\n%s", diff)
			}
		})
	}
}

// When every copy GitHub sends is wrong, the rules that read the file say they could
// not evaluate it: never a verdict on the wrong content.
func TestPersistentlyWrongContentIsAnError(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
	srv.InjectPath("repos/acme/gamma/git/blobs", githubtest.FaultShortBody, 1000)
	s := newSource(t, srv, Options{}, "acme/gamma")
	rep := scanner.Scan(context.Background(), []scanner.Source{s}, scanner.Options{Rules: rules.Defaults(rules.All())})
	if len(rep.Repos) != 1 {
		t.Fatalf("%d repositories", len(rep.Repos))
	}
	var errs []string
	for _, r := range rep.Repos[0].Results {
		if r.Status == rules.StatusError {
			errs = append(errs, r.RuleID+": "+r.Message)
		}
	}
	if len(errs) == 0 || !strings.Contains(strings.Join(errs, "\n"), "does not match the repository's tree") {
		t.Errorf("error results = %q, want the mismatch explained", errs)
	}
	if !rep.Errors() {
		t.Errorf("the report does not say it could not evaluate everything")
	}
	for _, e := range errs { // said once: not "reading X: read X: reading X"
		if n := strings.Count(e, "LICENSE.bin"); n > 1 {
			t.Errorf("the path is named %d times: %s", n, e)
		}
	}
}

// An unknown owner or repository is said plainly, without an empty "(GitHub GraphQL: )".
func TestUnknownOwnerMessage(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
	for _, tc := range []struct{ target, want string }{
		{"nosuch", `github:nosuch: organization or user "nosuch" not found, or not visible to this credential`},
		{"acme/nosuch", `github:acme/nosuch: repository acme/nosuch not found, or not visible to this credential`},
	} {
		_, err := newSource(t, srv, Options{}, tc.target).List(context.Background())
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: err = %v, want %s", tc.target, err, tc.want)
		}
	}
}

func TestNotFoundMessage(t *testing.T) {
	for _, tc := range []struct {
		errs gqlErrors
		want string
	}{
		{nil, "x not found, or not visible to this credential"},
		{gqlErrors{{Type: "NOT_FOUND", Message: "Could not resolve"}}, "x not found, or not visible to this credential"},
		{gqlErrors{{}}, "x not found, or not visible to this credential"},
		{gqlErrors{{Type: "FORBIDDEN", Message: "SAML enforcement"}}, "x not found, or not visible to this credential (GitHub GraphQL: FORBIDDEN: SAML enforcement)"},
	} {
		if got := notFound("x", tc.errs).Error(); got != tc.want {
			t.Errorf("notFound(%v) = %q, want %q", tc.errs, got, tc.want)
		}
	}
}

// The enabled rules decide what is listed and prefetched: with only README rules
// enabled, the listing asks for no tree but the root and the blob batch holds only the
// README; anything else is still readable, on demand through REST.
func TestReadsDecideThePrefetch(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: testToken})
	s := newSource(t, srv, Options{Reads: rules.NewPathSet("README*")}, "acme/alpha")
	if len(s.trees) != 0 {
		t.Errorf("trees %q, want none (README* is in the root)", s.trees)
	}
	ctx := context.Background()
	refs, err := s.List(ctx)
	if err != nil || len(refs) != 1 {
		t.Fatalf("List: %d refs, %v", len(refs), err)
	}
	s.Prepare(ctx, refs)
	snap, err := s.Open(ctx, refs[0])
	if err != nil {
		t.Fatal(err)
	}
	if snap.Listed(".github") {
		t.Errorf(".github/ is listed; no enabled rule reads it")
	}
	before := srv.Stats().REST
	if _, err := snap.ReadFile(ctx, "README.md"); err != nil {
		t.Fatal(err)
	}
	if n := srv.Stats().REST - before; n != 0 {
		t.Errorf("README.md took %d REST requests; it was prefetched", n)
	}
	es, err := snap.List(ctx, ".github")
	if err != nil || len(es) == 0 {
		t.Fatalf("listing .github/ on demand: %d entries, %v", len(es), err)
	}
	if n := srv.Stats().REST - before; n != 1 {
		t.Errorf("listing .github/ on demand took %d REST requests, want 1", n)
	}
}
