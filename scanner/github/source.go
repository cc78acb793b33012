// Package github is the GitHub source: it lists an organization's (or user's)
// repositories with the trees the enabled rules read (Options.Reads) through batched
// GraphQL, then fetches only the blobs those rules read, de-duplicated by blob id, in windows
// over the repositories the engine will open. REST (go-github v60) is the fallback. It
// never evaluates a rule.
package github

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	gh "github.com/google/go-github/v60/github"
	"golang.org/x/oauth2"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/internal/forge"
	"github.com/repogov/repogov/scanner/selection"
)

// Options configures the GitHub source.
type Options struct {
	// BaseURL is a GitHub Enterprise Server URL ("https://ghe.example.com"); REST is then
	// at /api/v3 and GraphQL at /api/graphql. Empty: github.com.
	BaseURL string
	// APIURL overrides the REST base in github.com's layout (GraphQL at APIURL+"graphql");
	// for proxies and tests.
	APIURL string
	// Token is a personal access token or Actions token. Never logged.
	Token string
	// App authenticates as a GitHub App installation, found per owner.
	App *App
	// Transport is the underlying HTTP transport (default http.DefaultTransport).
	Transport http.RoundTripper
	// MaxWait is the longest wait for a primary rate-limit reset (default 15 min); past
	// it the scan stops with a partial report.
	MaxWait time.Duration
	// MaxRead caps the bytes read from any one file (repo.DefaultMaxRead when 0).
	MaxRead int64
	Retry   Retry
	// InFlight bounds concurrent HTTP requests (default 2).
	InFlight int
	// Reads is what the enabled rules read (rules.ReadSet): the trees listed up front and
	// the blobs prefetched. The zero value: what every built-in rule reads. Anything else
	// is listed or fetched on demand.
	Reads rules.PathSet
	// Selection chooses which listed repositories are scanned.
	Selection selection.Selection
	Logger    *slog.Logger
	// Window is how many repositories' blobs are fetched and held at once (default 500).
	Window int
	// BatchRepos and BatchBytes bound one blob query (default 50 repositories, 1 MiB).
	BatchRepos int
	BatchBytes int64
	// BlobCache bounds the bytes of shared blobs kept across windows (default 16 MiB).
	BlobCache int64
}

// App is a GitHub App's identity: its id and PEM private key.
type App struct {
	ID  int64
	Key []byte
}

// Target is one github: target: an owner (organization or user), optionally one repository.
type Target struct {
	Owner string
	Repo  string // "" = every repository of Owner
}

// ParseTarget parses "OWNER" or "OWNER/REPO" (the part after "github:").
func ParseTarget(s string) (Target, error) {
	s = strings.Trim(s, "/")
	owner, name, _ := strings.Cut(s, "/")
	if owner == "" || strings.Contains(name, "/") || strings.ContainsAny(owner, " \t") {
		return Target{}, fmt.Errorf("github:%s: want github:OWNER or github:OWNER/REPO", s)
	}
	return Target{Owner: owner, Repo: name}, nil
}

func (t Target) String() string {
	if t.Repo == "" {
		return "github:" + t.Owner
	}
	return "github:" + t.Owner + "/" + t.Repo
}

// Source is the GitHub scanner.Source (and scanner.Preparer).
type Source struct {
	opts    Options
	targets []Target
	log     *slog.Logger
	host    string
	restURL string
	gqlURL  string
	Stats   Stats

	mu       sync.Mutex
	clients  map[string]*client // by lower-case owner (App: one installation each)
	anon     *client
	orgs     map[string]*orgState // by lower-case owner
	order    []*listed
	stopErr  error
	winSem   chan struct{}
	cache    *forge.BlobCache
	listedAt map[string]*listed // by repository key
	pos      map[*listed]int    // position in order
	next     int                // first position of order not yet in a window
	oidCount map[string]int32   // wanted blob ids → repositories holding them
	trees    []string           // directories the listing query asks for (Reads.Dirs)
	// now and sleep replace the transports' clock when set (tests: no wall-clock waits).
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

// New returns a source for targets.
func New(opts Options, targets ...Target) (*Source, error) {
	if opts.MaxWait == 0 {
		opts.MaxWait = 15 * time.Minute
	}
	if opts.MaxRead <= 0 {
		opts.MaxRead = repo.DefaultMaxRead
	}
	if opts.Window <= 0 {
		opts.Window = 500
	}
	if opts.BatchRepos <= 0 {
		opts.BatchRepos = 50
	}
	if opts.BatchBytes <= 0 {
		opts.BatchBytes = 1 << 20
	}
	if opts.BlobCache <= 0 {
		opts.BlobCache = 16 << 20
	}
	if opts.Transport == nil {
		opts.Transport = http.DefaultTransport
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Reads.IsZero() {
		opts.Reads = rules.ReadSet(rules.All())
	}
	s := &Source{opts: opts, targets: targets, trees: opts.Reads.Dirs(), log: opts.Logger, clients: map[string]*client{}, orgs: map[string]*orgState{},
		winSem: make(chan struct{}, 1), cache: forge.NewBlobCache(opts.BlobCache), listedAt: map[string]*listed{}}
	switch {
	case opts.APIURL != "":
		u := strings.TrimSuffix(opts.APIURL, "/") + "/"
		s.restURL, s.gqlURL = u, u+"graphql"
		s.host = "github.com"
	case opts.BaseURL != "":
		u, err := url.Parse(strings.TrimSuffix(opts.BaseURL, "/"))
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return nil, fmt.Errorf("--github-url %q: want https://HOST", opts.BaseURL)
		}
		s.host = u.Hostname()
		root := u.Scheme + "://" + u.Host
		switch {
		case strings.HasPrefix(u.Host, "api.") || strings.Contains(u.Host, ".api."): // GHE.com
			s.restURL, s.gqlURL = root+"/", root+"/graphql"
			s.host = strings.TrimPrefix(s.host, "api.")
		default:
			s.restURL, s.gqlURL = root+"/api/v3/", root+"/api/graphql"
		}
	default:
		s.restURL, s.gqlURL, s.host = "https://api.github.com/", "https://api.github.com/graphql", "github.com"
	}
	return s, nil
}

// client is what talks to GitHub for one credential.
type client struct {
	http   *http.Client
	rest   *gh.Client
	gqlURL string
	tr     *transport
	stats  *Stats
	anon   bool
}

func (s *Source) newClient(auth http.RoundTripper, anon bool) *client {
	tr := newTransport(auth, s.opts.InFlight, s.opts.Retry, s.opts.MaxWait, &s.Stats, s.log)
	if s.now != nil {
		tr.Now = s.now
	}
	if s.sleep != nil {
		tr.Sleep = s.sleep
	}
	hc := &http.Client{Transport: tr}
	rc := gh.NewClient(hc)
	u, _ := url.Parse(s.restURL)
	rc.BaseURL = u
	rc.UploadURL = u
	return &client{http: hc, rest: rc, gqlURL: s.gqlURL, tr: tr, stats: &s.Stats, anon: anon}
}

// anonymous reports whether no credential is configured.
func (s *Source) anonymous() bool { return s.opts.Token == "" && s.opts.App == nil }

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// List enumerates the selected repositories of every target.
func (s *Source) List(ctx context.Context) ([]scanner.Ref, error) {
	var refs []scanner.Ref
	var errs []error
	if s.anonymous() {
		s.log.Warn("no GitHub credential (GITHUB_TOKEN, GH_TOKEN or a GitHub App): anonymous access sees public repositories only, has no GraphQL and 60 requests per hour; expect the scan to be slow and partial")
	}
	seen := map[string]bool{}
	for _, t := range s.targets {
		ls, err := s.listTarget(ctx, t)
		for _, l := range ls {
			k := l.meta.Key()
			if seen[k] {
				continue
			}
			seen[k] = true
			if t.Repo == "" && !s.opts.Selection.Match(l.meta) {
				continue
			}
			s.mu.Lock()
			s.listedAt[k] = l
			s.mu.Unlock()
			refs = append(refs, scanner.Ref{Meta: l.meta, Data: l})
		}
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return refs, err
			}
			errs = append(errs, fmt.Errorf("%s: %w", t, err))
		}
	}
	s.mu.Lock()
	s.oidCount = map[string]int32{}
	for _, r := range refs {
		for _, e := range r.Data.(*listed).entries {
			if s.wanted(e) {
				s.oidCount[e.OID]++
			}
		}
	}
	s.mu.Unlock()
	return refs, errors.Join(errs...)
}

func (s *Source) clientFor(ctx context.Context, owner string) (*client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.opts.App == nil {
		if s.anon == nil {
			var auth http.RoundTripper = s.opts.Transport
			if s.opts.Token != "" {
				// The token lives only in this transport; it is never logged.
				auth = &oauth2.Transport{Base: s.opts.Transport, Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: s.opts.Token})}
			}
			s.anon = s.newClient(auth, s.opts.Token == "")
		}
		return s.anon, nil
	}
	k := strings.ToLower(owner)
	if c := s.clients[k]; c != nil {
		return c, nil
	}
	auth, err := s.appTransport(ctx, owner)
	if err != nil {
		return nil, err
	}
	c := s.newClient(auth, false)
	s.clients[k] = c
	return c, nil
}

// Once marks ctx so that a write made with it is sent at most once: a server error or a
// lost connection is returned, not retried (the write may have happened; remediation
// finds it on its next run). Rate limits are still waited out.
func Once(ctx context.Context) context.Context { return forge.Once(ctx) }

// Host is the host name repositories of this source carry in report.Meta.Host.
func (s *Source) Host() string { return s.host }

// REST returns the authenticated go-github client for owner (for a GitHub App, that
// owner's installation), with this source's GHES paths, rate-limit waits and retries —
// for callers that write to the API, such as SARIF uploads.
func (s *Source) REST(ctx context.Context, owner string) (*gh.Client, error) {
	c, err := s.clientFor(ctx, owner)
	if err != nil {
		return nil, err
	}
	return c.rest, nil
}
