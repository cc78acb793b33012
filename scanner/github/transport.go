package github

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/repogov/repogov/scanner"
)

// Retry tunes waiting and retrying. Zero fields take the defaults.
type Retry struct {
	Attempts  int           // tries per request for 5xx, timeouts, resets, truncated bodies (default 5)
	Base      time.Duration // first backoff (default 1 s), doubled per attempt with jitter
	Max       time.Duration // backoff cap (default 30 s)
	Secondary time.Duration // first wait on a secondary limit without Retry-After (default 60 s), doubled, capped at 15 min
	Timeout   time.Duration // per attempt (default 60 s)
}

func (r Retry) withDefaults() Retry {
	if r.Attempts <= 0 {
		r.Attempts = 5
	}
	if r.Base <= 0 {
		r.Base = time.Second
	}
	if r.Max <= 0 {
		r.Max = 30 * time.Second
	}
	if r.Secondary <= 0 {
		r.Secondary = time.Minute
	}
	if r.Timeout <= 0 {
		r.Timeout = time.Minute
	}
	return r
}

// BudgetError reports that the primary rate limit ran out and its reset is further away
// than the allowed wait. It marks the scan incomplete (scanner.ErrIncomplete).
type BudgetError struct {
	Resource string
	Reset    time.Time
	MaxWait  time.Duration
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("GitHub %s rate limit exhausted until %s, later than --max-wait %s allows; the report is partial",
		e.Resource, e.Reset.UTC().Format(time.RFC3339), e.MaxWait)
}

func (e *BudgetError) Is(target error) bool { return target == scanner.ErrIncomplete }

// Stats counts what a source spent.
type Stats struct {
	Requests atomic.Int64 // HTTP requests sent (retries included)
	GraphQL  atomic.Int64 // GraphQL queries answered
	Points   atomic.Int64 // GraphQL points, as reported by rateLimit.cost
	Retries  atomic.Int64
	Waited   atomic.Int64 // nanoseconds spent waiting for limits and backoffs
}

type rate struct {
	limit, remaining int
	reset            time.Time
	known            bool
}

// transport is the rate-aware RoundTripper every request goes through: it reads the
// rate headers of each response, waits for resets and Retry-After, retries transient
// failures with jittered backoff and keeps few requests in flight.
//
// Limits are shared state: the budget is checked after a request has its in-flight
// slot (so requests queued behind the semaphore never go out once the budget is known
// to be spent), and a secondary limit or Retry-After pauses every worker, not only the
// one that was told.
type transport struct {
	base    http.RoundTripper
	sem     chan struct{}
	retry   Retry
	maxWait time.Duration
	stats   *Stats
	log     *slog.Logger
	// now and sleep are the clock; tests inject a fake one.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu          sync.Mutex
	rates       map[string]*rate
	pauseUntil  time.Time            // no request is sent before this (secondary limits, Retry-After)
	announced   map[string]time.Time // the wait last logged, per resource, so it is logged once
	waitedUntil time.Time            // end of the waits already counted in stats.Waited
}

func newTransport(base http.RoundTripper, inFlight int, retry Retry, maxWait time.Duration, stats *Stats, log *slog.Logger) *transport {
	if inFlight <= 0 {
		inFlight = 2
	}
	return &transport{base: base, sem: make(chan struct{}, inFlight), retry: retry.withDefaults(), maxWait: maxWait,
		stats: stats, log: log, now: time.Now, sleep: sleepCtx, rates: map[string]*rate{}, announced: map[string]time.Time{}}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func resourceOf(req *http.Request) string {
	if strings.HasSuffix(req.URL.Path, "/graphql") {
		return "graphql"
	}
	return "core"
}

// waitUntil sleeps until the given instant. Stats.Waited counts wall time: waits that
// overlap (every worker waiting for the same reset) are counted once.
func (t *transport) waitUntil(ctx context.Context, until time.Time) error {
	t.mu.Lock()
	now := t.now()
	if start := later(now, t.waitedUntil); until.After(start) {
		t.stats.Waited.Add(int64(until.Sub(start)))
		t.waitedUntil = until
	}
	t.mu.Unlock()
	return t.sleep(ctx, until.Sub(now))
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// admit says whether a request for resource res may be sent now: the zero time if so,
// else when to look again; a BudgetError when the budget comes back later than MaxWait
// allows. Each wait is logged once, by whichever worker meets it first.
func (t *transport) admit(res string) (time.Time, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if now.Before(t.pauseUntil) {
		return t.pauseUntil, nil
	}
	r := t.rates[res]
	if r == nil || !r.known || r.remaining > 0 || !now.Before(r.reset) {
		return time.Time{}, nil
	}
	until := r.reset.Add(time.Second)
	if until.Sub(now) > t.maxWait {
		return time.Time{}, &BudgetError{Resource: res, Reset: r.reset, MaxWait: t.maxWait}
	}
	if !t.announced[res].Equal(r.reset) {
		t.announced[res] = r.reset
		t.log.Warn("GitHub rate limit exhausted; waiting for the reset", "resource", res, "reset", r.reset.UTC().Format(time.RFC3339), "wait", until.Sub(now).Round(time.Second))
	}
	return until, nil
}

// waitAdmitted waits until a request for res may be sent (without taking a slot).
func (t *transport) waitAdmitted(ctx context.Context, res string) error {
	for {
		until, err := t.admit(res)
		if err != nil || until.IsZero() {
			return err
		}
		if err := t.waitUntil(ctx, until); err != nil {
			return err
		}
	}
}

// exhausted records that res has no budget left until reset.
func (t *transport) exhausted(res string, reset time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if r := t.rates[res]; r != nil && r.known && r.remaining <= 0 && r.reset.After(reset) {
		return
	}
	t.rates[res] = &rate{remaining: 0, reset: reset, known: true}
}

// pause stops every worker until the given instant; the first worker to pause logs it.
func (t *transport) pause(until time.Time, msg string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if !until.After(t.pauseUntil) {
		return
	}
	if !now.Before(t.pauseUntil) {
		t.log.Warn(msg, "wait", until.Sub(now).Round(time.Millisecond))
	}
	t.pauseUntil = until
}

func (t *transport) backoff(attempt int) time.Duration {
	d := t.retry.Base << min(attempt, 20)
	if d > t.retry.Max || d <= 0 {
		d = t.retry.Max
	}
	return d/2 + rand.N(d/2+1)
}

func retryable(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout() || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, syscall.EPIPE) || strings.Contains(err.Error(), "connection reset")
}

var errTransient = errors.New("transient")

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	res := resourceOf(req)
	transient, secondary := 0, 0
	for {
		resp, err := t.attempt(ctx, req, body, res)
		if err == nil {
			// Classify the response.
			switch {
			case (resp.StatusCode == 403 || resp.StatusCode == 429 || resp.StatusCode == 200) && resp.Header.Get("X-RateLimit-Remaining") == "0" &&
				(resp.StatusCode != 200 || rateLimitedBody(resp)):
				t.exhausted(res, parseReset(resp.Header, t.now()))
				if ra := retryAfter(resp.Header, t.now()); ra > 0 {
					t.pause(t.now().Add(ra), "GitHub rate limit; waiting as Retry-After says")
				}
				continue // admit waits for the reset, or refuses
			case resp.StatusCode == 403 || resp.StatusCode == 429:
				ra := retryAfter(resp.Header, t.now())
				if ra == 0 && !secondaryBody(resp) {
					return resp, nil // a permission problem: the caller explains it
				}
				secondary++
				if secondary > t.retry.Attempts*2 {
					return nil, fmt.Errorf("%s %s: GitHub's secondary rate limit persisted after %d waits", req.Method, req.URL.Path, secondary-1)
				}
				if ra == 0 {
					ra = min(t.retry.Secondary<<(secondary-1), 15*time.Minute)
					ra += rand.N(ra/10 + time.Millisecond)
				}
				t.stats.Retries.Add(1)
				t.pause(t.now().Add(ra), "GitHub secondary rate limit; every request waits")
				continue
			case resp.StatusCode >= 500:
				err = fmt.Errorf("%w: HTTP %d", errTransient, resp.StatusCode)
			case resp.StatusCode == 200 && isJSON(resp) && !json.Valid(resp.Body.(*bodyBuf).b):
				err = fmt.Errorf("%w: truncated JSON response", errTransient)
			default:
				return resp, nil
			}
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var be *BudgetError
		if errors.As(err, &be) || !errors.Is(err, errTransient) && !retryable(err) {
			return nil, err
		}
		transient++
		if transient >= t.retry.Attempts {
			return nil, fmt.Errorf("%s %s: giving up after %d attempts: %w", req.Method, req.URL.Path, transient, err)
		}
		d := t.backoff(transient - 1)
		t.log.Debug("retrying GitHub request", "url", req.URL.Path, "err", err, "wait", d)
		t.stats.Retries.Add(1)
		if err := t.waitUntil(ctx, t.now().Add(d)); err != nil {
			return nil, err
		}
	}
}

type bodyBuf struct {
	*bytes.Reader
	b []byte
}

func (bodyBuf) Close() error { return nil }

// attempt sends once, within the per-attempt timeout, and reads the whole body.
func (t *transport) attempt(ctx context.Context, req *http.Request, body []byte, res string) (*http.Response, error) {
	for {
		select {
		case t.sem <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		// Checked holding the slot: a request that queued for it while another learnt
		// the budget is spent must not go out.
		until, err := t.admit(res)
		if err == nil && until.IsZero() {
			break
		}
		<-t.sem
		if err != nil {
			return nil, err
		}
		if err := t.waitUntil(ctx, until); err != nil {
			return nil, err
		}
	}
	defer func() { <-t.sem }()
	actx, cancel := context.WithTimeout(ctx, t.retry.Timeout)
	defer cancel()
	r := req.Clone(actx)
	if body != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	if res != "graphql" && r.Header.Get("X-GitHub-Api-Version") == "" {
		r.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	}
	t.stats.Requests.Add(1)
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = &bodyBuf{bytes.NewReader(b), b}
	resp.ContentLength = int64(len(b))
	t.record(res, resp.Header)
	return resp, nil
}

func (t *transport) record(res string, h http.Header) {
	rem := h.Get("X-RateLimit-Remaining")
	if rem == "" {
		return // GHES with rate limiting off: unknown, keep going
	}
	if r := h.Get("X-RateLimit-Resource"); r != "" {
		res = r
	}
	n, err := strconv.Atoi(rem)
	if err != nil {
		return
	}
	lim, _ := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	t.mu.Lock()
	t.rates[res] = &rate{limit: lim, remaining: n, reset: parseReset(h, t.now()), known: true}
	t.mu.Unlock()
}

func parseReset(h http.Header, now time.Time) time.Time {
	n, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil {
		return now.Add(time.Minute)
	}
	return time.Unix(n, 0)
}

func retryAfter(h http.Header, now time.Time) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		return time.Duration(max(n, 1)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), time.Second)
	}
	return 0
}

func isJSON(resp *http.Response) bool {
	return strings.Contains(resp.Header.Get("Content-Type"), "json")
}

func secondaryBody(resp *http.Response) bool {
	b := bytes.ToLower(resp.Body.(*bodyBuf).b)
	return bytes.Contains(b, []byte("secondary rate limit")) || bytes.Contains(b, []byte("abuse")) ||
		bytes.Contains(b, []byte("secondary-rate-limits"))
}

func rateLimitedBody(resp *http.Response) bool {
	return bytes.Contains(resp.Body.(*bodyBuf).b, []byte("RATE_LIMITED"))
}

// errAuth marks credential and permission errors (not worth retrying).
var errAuth = errors.New("GitHub refused the credential")

func isAuth(err error) bool { return errors.Is(err, errAuth) }

type authErr struct{ msg string }

func (e *authErr) Error() string        { return e.msg }
func (e *authErr) Is(target error) bool { return target == errAuth }

// authError explains a 401 or 403 that is not a rate limit.
func authError(resp *http.Response, what string) error {
	return &authErr{authMessage(resp, what).Error()}
}

func authMessage(resp *http.Response, what string) error {
	h := resp.Header
	switch {
	case resp.StatusCode == 401:
		return fmt.Errorf("%s: HTTP 401: the GitHub credential is missing, invalid or expired (set GITHUB_TOKEN or GH_TOKEN, or configure a GitHub App)", what)
	case resp.StatusCode == 403 && strings.HasPrefix(h.Get("X-GitHub-SSO"), "required"):
		return fmt.Errorf("%s: HTTP 403: the token is not authorised for this organization's SAML single sign-on; authorise it at %s", what, strings.TrimPrefix(strings.TrimPrefix(h.Get("X-GitHub-SSO"), "required;"), " url="))
	case resp.StatusCode == 403 && h.Get("X-Accepted-GitHub-Permissions") != "":
		return fmt.Errorf("%s: HTTP 403: the token or App lacks a permission; GitHub wants %s (Metadata: read lists repositories, Contents: read reads files)", what, h.Get("X-Accepted-GitHub-Permissions"))
	case resp.StatusCode == 403 && h.Get("X-Accepted-OAuth-Scopes") != "":
		return fmt.Errorf("%s: HTTP 403: the token has scopes %q but this needs %q (classic tokens need repo for private repositories)", what, h.Get("X-OAuth-Scopes"), h.Get("X-Accepted-OAuth-Scopes"))
	case resp.StatusCode == 403:
		return fmt.Errorf("%s: HTTP 403: forbidden (fine-grained tokens and Apps need Metadata: read and Contents: read; classic tokens need repo for private repositories)", what)
	}
	return fmt.Errorf("%s: HTTP %d", what, resp.StatusCode)
}

// restDo runs one go-github call. go-github v60 refuses to send while it believes the
// primary budget is exhausted (it saw remaining 0 on a successful response); that
// refusal is turned into our policy: wait for the reset within MaxWait, else stop.
func (c *client) restDo(ctx context.Context, call func() (*gh.Response, error)) error {
	for {
		_, err := call()
		var rle *gh.RateLimitError
		if !errors.As(err, &rle) {
			return err
		}
		c.tr.exhausted("core", rle.Rate.Reset.Time)
		if err := c.tr.waitAdmitted(ctx, "core"); err != nil {
			return err
		}
	}
}
