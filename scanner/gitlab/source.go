// Package gitlab is the GitLab source: it lists every project of a group and its
// subgroups (or of a user namespace, or one project) with its metadata, HEAD commit and
// root tree through paged GraphQL, lists the governance folders of many projects per
// query, then reads only the files rules read, by path, for up to 50 projects per
// GraphQL query. Every content is checked against the blob id its tree gave. REST
// (client-go, gitlab.com/gitlab-org/api/client-go) is the fallback for what GraphQL
// cannot give: binary files, folders of more than 100 entries, failed batches, old
// instances. It never evaluates a rule.
package gitlab

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"github.com/repogov/repogov/internal/redact"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/internal/forge"
	"github.com/repogov/repogov/scanner/selection"
)

// DefaultURL is gitlab.com.
const DefaultURL = "https://gitlab.com"

// Retry tunes waiting and retrying (the transport shared with the other forges).
type Retry = forge.Retry

// Stats counts what the source spent.
type Stats = forge.Stats

// Options configures the GitLab source.
type Options struct {
	// BaseURL is the instance: "https://gitlab.com" (default) or a self-managed
	// "https://git.example.org[/relative-root]". REST is at /api/v4, GraphQL at /api/graphql.
	BaseURL string
	// Token is a personal, group or project access token (scope read_api). Never logged.
	Token string
	// JobToken is a CI/CD job token ($CI_JOB_TOKEN). GitLab lets it read raw files only:
	// it cannot list projects, read trees or use GraphQL. The source therefore scans as
	// an anonymous caller (public projects) when it is the only credential, and says so.
	JobToken string
	// Transport is the underlying HTTP transport (default http.DefaultTransport).
	Transport http.RoundTripper
	// MaxWait is the longest wait for a rate-limit reset or Retry-After (default 15 min);
	// past it the scan stops with a partial report.
	MaxWait time.Duration
	// MaxRead caps the bytes read from any one file (repo.DefaultMaxRead when 0).
	MaxRead int64
	Retry   Retry
	// InFlight bounds concurrent HTTP requests (default 2).
	InFlight int
	// Selection chooses which listed projects are scanned.
	Selection selection.Selection
	// Reads is what the enabled rules read (rules.ReadSet; default: every built-in
	// rule's): the folders listed and the files fetched ahead. Others are still readable,
	// one request each.
	Reads rules.PathSet
	// OrgDefaults, when set, is given to every project as its organization defaults
	// (--org-defaults): GitLab itself has no such mechanism.
	OrgDefaults *repo.Snapshot
	// HostLicense asks GitLab's licence detection (GET /projects/:id?license=true), one
	// REST request per project; single-project targets always get it.
	HostLicense bool
	Logger      *slog.Logger
	// Window is how many projects' files are fetched and held at once (default 500).
	Window int
	// PageSize is the listing page (default 100; halved when GitLab finds it too complex).
	PageSize int
	// BatchProjects bounds the projects of one query (default and GitLab's maximum: 50).
	BatchProjects int
	// BlobCache bounds the bytes of shared blobs kept across windows (default 16 MiB).
	BlobCache int64
}

// Target is one gitlab: target: a group (with its subgroups), a user, or a project.
// Which one a path names is asked of GitLab.
type Target struct {
	Path string // full path: "gov", "gov/health", "gov/health/records", "alice"
}

// ParseTarget parses the part after "gitlab:".
func ParseTarget(s string) (Target, error) {
	p := strings.Trim(s, "/")
	if p == "" || strings.ContainsAny(p, " \t\n") || strings.Contains(p, "//") || strings.HasPrefix(p, "http") {
		return Target{}, fmt.Errorf("gitlab:%s: want gitlab:GROUP[/SUBGROUP…], gitlab:GROUP/…/PROJECT or gitlab:USER", s)
	}
	return Target{Path: p}, nil
}

func (t Target) String() string { return "gitlab:" + t.Path }

// Source is the GitLab scanner.Source (and scanner.Preparer).
type Source struct {
	opts    Options
	targets []Target
	log     *slog.Logger
	host    string
	base    string // instance root, no trailing slash
	gqlURL  string
	Stats   Stats

	http *http.Client
	rest *gl.Client
	tr   *forge.Transport
	anon bool
	// noGraphQL: the instance answered 404 at /api/graphql; everything goes through REST.
	noGraphQL atomic.Bool

	mu       sync.Mutex
	stopErr  error
	winSem   chan struct{}
	cache    *forge.BlobCache
	listedAt map[string]*listed // by repository key
	order    []*listed
	pos      map[*listed]int
	next     int
	oidCount map[string]int32
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
	if opts.PageSize <= 0 || opts.PageSize > 100 {
		opts.PageSize = 100
	}
	if opts.BatchProjects <= 0 || opts.BatchProjects > 50 {
		opts.BatchProjects = 50
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
	if opts.BaseURL == "" {
		opts.BaseURL = DefaultURL
	}
	u, err := url.Parse(strings.TrimSuffix(opts.BaseURL, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.RawQuery != "" {
		return nil, fmt.Errorf("--gitlab-url %q: want https://HOST[/PATH] (no credentials, no query)", redact.URL(opts.BaseURL))
	}
	s := &Source{opts: opts, targets: targets, log: opts.Logger, host: u.Hostname(), base: u.Scheme + "://" + u.Host + strings.TrimSuffix(u.Path, "/"),
		winSem: make(chan struct{}, 1), cache: forge.NewBlobCache(opts.BlobCache), listedAt: map[string]*listed{}}
	s.gqlURL = s.base + "/api/graphql"
	s.anon = opts.Token == ""
	s.tr = forge.NewTransport(&authTransport{base: opts.Transport, token: opts.Token, job: opts.JobToken}, policy, opts.InFlight, opts.Retry, opts.MaxWait, &s.Stats, s.log)
	s.http = &http.Client{Transport: s.tr}
	s.rest, err = gl.NewClient("", gl.WithBaseURL(s.base), gl.WithHTTPClient(s.http), gl.WithoutRetries(),
		gl.WithCustomLimiter(noLimit{}), gl.WithURLWarningLogger(s.log))
	if err != nil {
		return nil, fmt.Errorf("GitLab client: %w", err)
	}
	return s, nil
}

// Host is the instance's host name, as repository keys and reports name it.
func (s *Source) Host() string { return s.host }

// noLimit turns off client-go's own limiter: the forge transport paces requests from
// GitLab's RateLimit-* headers instead.
type noLimit struct{}

func (noLimit) Wait(context.Context) error { return nil }

// authTransport puts the credential on each request and nowhere else: PRIVATE-TOKEN for
// an access token; JOB-TOKEN on REST for a job token (GraphQL refuses job tokens).
type authTransport struct {
	base  http.RoundTripper
	token string
	job   string
}

func (a *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Del("PRIVATE-TOKEN") // client-go sets an empty one for anonymous use
	switch {
	case a.token != "":
		r.Header.Set("PRIVATE-TOKEN", a.token)
	case a.job != "" && !strings.HasSuffix(r.URL.Path, "/api/graphql"):
		r.Header.Set("JOB-TOKEN", a.job)
	}
	return a.base.RoundTrip(r)
}

// List enumerates the selected projects of every target.
func (s *Source) List(ctx context.Context) ([]scanner.Ref, error) {
	switch {
	case s.opts.Token == "" && s.opts.JobToken != "":
		s.log.Warn("only CI_JOB_TOKEN is set: GitLab job tokens cannot list projects, read trees or use GraphQL, so the scan sees public projects only; set GITLAB_TOKEN to a group access token with the read_api scope (see docs/gitlab.md)")
	case s.anon:
		s.log.Warn("no GitLab token (GITLAB_TOKEN or GL_TOKEN): anonymous access sees public projects only and has lower rate limits")
	}
	var refs []scanner.Ref
	var errs []error
	seen := map[string]bool{}
	for _, t := range s.targets {
		ls, single, err := s.listTarget(ctx, t)
		for _, l := range ls {
			k := l.meta.Key()
			if seen[k] {
				continue
			}
			seen[k] = true
			if !single && !s.opts.Selection.Match(l.meta) {
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
	return refs, errors.Join(errs...)
}

// describe turns a transport failure into one line that says what to do.
func (s *Source) describe(err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	var rh tls.RecordHeaderError
	var dns *net.DNSError
	switch {
	case errors.As(err, &ua), errors.As(err, &hn), errors.As(err, &ci):
		return fmt.Errorf("TLS: %s does not present a certificate this machine trusts (%v); install the instance's CA certificate (SSL_CERT_FILE)", s.base, err)
	case errors.As(err, &rh):
		return fmt.Errorf("TLS: %s does not speak TLS (%v); check the scheme of --gitlab-url", s.base, err)
	case errors.As(err, &dns):
		return fmt.Errorf("%s: host not found (%v); check --gitlab-url", s.base, err)
	}
	return err
}

// REST returns the source's client-go client: its credential, instance paths,
// rate-limit waits and retries — for callers that write to the API (remediation).
func (s *Source) REST() *gl.Client { return s.rest }

// Once marks ctx so that a write made with it is sent at most once: a server error or a
// lost connection is returned, not retried (the write may have happened; remediation
// finds it on its next run). Rate limits are still waited out.
func Once(ctx context.Context) context.Context { return forge.Once(ctx) }
