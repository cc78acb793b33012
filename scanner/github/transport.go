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
type transport struct {
	base    http.RoundTripper
	sem     chan struct{}
	retry   Retry
	maxWait time.Duration
	stats   *Stats
	log     *slog.Logger
	sleep   func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex
	rates map[string]*rate
}

func newTransport(base http.RoundTripper, inFlight int, retry Retry, maxWait time.Duration, stats *Stats, log *slog.Logger) *transport {
	if inFlight <= 0 {
		inFlight = 2
	}
	return &transport{base: base, sem: make(chan struct{}, inFlight), retry: retry.withDefaults(), maxWait: maxWait,
		stats: stats, log: log, sleep: sleepCtx, rates: map[string]*rate{}}
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

func (t *transport) wait(ctx context.Context, d time.Duration) error {
	t.stats.Waited.Add(int64(d))
	return t.sleep(ctx, d)
}

// waitForReset waits for an exhausted resource to reset, or fails when that is too far.
func (t *transport) waitForReset(ctx context.Context, res string, reset time.Time) error {
	d := time.Until(reset) + time.Second
	if d > t.maxWait {
		return &BudgetError{Resource: res, Reset: reset, MaxWait: t.maxWait}
	}
	t.log.Warn("GitHub rate limit exhausted; waiting for the reset", "resource", res, "reset", reset.UTC().Format(time.RFC3339), "wait", d.Round(time.Second))
	return t.wait(ctx, d)
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
		// Pre-check: a known exhausted budget is waited for (or refused) before sending.
		t.mu.Lock()
		r := t.rates[res]
		var reset time.Time
		if r != nil && r.known && r.remaining <= 0 && time.Now().Before(r.reset) {
			reset = r.reset
		}
		t.mu.Unlock()
		if !reset.IsZero() {
			if err := t.waitForReset(ctx, res, reset); err != nil {
				return nil, err
			}
		}
		resp, err := t.attempt(ctx, req, body, res)
		if err == nil {
			// Classify the response.
			switch {
			case (resp.StatusCode == 403 || resp.StatusCode == 429 || resp.StatusCode == 200) && resp.Header.Get("X-RateLimit-Remaining") == "0" &&
				(resp.StatusCode != 200 || rateLimitedBody(resp)):
				reset := parseReset(resp.Header)
				if ra := retryAfter(resp.Header); ra > 0 {
					reset = time.Now().Add(ra)
				}
				if err := t.waitForReset(ctx, res, reset); err != nil {
					return nil, err
				}
				continue
			case resp.StatusCode == 403 || resp.StatusCode == 429:
				ra := retryAfter(resp.Header)
				if ra == 0 && !secondaryBody(resp) {
					return resp, nil // a permission problem: the caller explains it
				}
				secondary++
				if secondary > t.retry.Attempts*2 {
					return nil, fmt.Errorf("%s %s: GitHub's secondary rate limit persisted after %d waits", req.Method, req.URL.Path, secondary-1)
				}
				if ra == 0 {
					ra = min(t.retry.Secondary<<(secondary-1), 15*time.Minute)
				}
				ra += rand.N(ra/10 + time.Millisecond)
				t.log.Warn("GitHub secondary rate limit; backing off", "wait", ra.Round(time.Millisecond))
				t.stats.Retries.Add(1)
				if err := t.wait(ctx, ra); err != nil {
					return nil, err
				}
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
		if !errors.Is(err, errTransient) && !retryable(err) {
			return nil, err
		}
		transient++
		if transient >= t.retry.Attempts {
			return nil, fmt.Errorf("%s %s: giving up after %d attempts: %w", req.Method, req.URL.Path, transient, err)
		}
		d := t.backoff(transient - 1)
		t.log.Debug("retrying GitHub request", "url", req.URL.Path, "err", err, "wait", d)
		t.stats.Retries.Add(1)
		if err := t.wait(ctx, d); err != nil {
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
	select {
	case t.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
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
	t.rates[res] = &rate{limit: lim, remaining: n, reset: parseReset(h), known: true}
	t.mu.Unlock()
}

func parseReset(h http.Header) time.Time {
	n, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil {
		return time.Now().Add(time.Minute)
	}
	return time.Unix(n, 0)
}

func retryAfter(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		return time.Duration(max(n, 1)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), time.Second)
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
		if err := c.tr.waitForReset(ctx, "core", rle.Rate.Reset.Time); err != nil {
			return err
		}
	}
}
