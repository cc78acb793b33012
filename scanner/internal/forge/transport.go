// Package forge is what hosted sources (scanner/github, scanner/gitlab, and the next
// forge) share below their API shapes: a rate-aware HTTP transport with one retry and
// waiting policy, the budget error that marks a scan incomplete, request counters, and a
// bounded cache of blob contents shared across repositories. A forge package supplies
// only a Policy — how its responses say "rate limited", "wait until", "transient" — and
// its own listing and batching queries.
package forge

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

	"github.com/repogov/repogov/scanner"
)

// Retry tunes waiting and retrying. Zero fields take the defaults.
type Retry struct {
	Attempts  int           // tries per request for 5xx, timeouts, resets, truncated bodies (default 5)
	Base      time.Duration // first backoff (default 1 s), doubled per attempt with jitter
	Max       time.Duration // backoff cap (default 30 s)
	Secondary time.Duration // first wait on a throttle without Retry-After (default 60 s), doubled, capped at 15 min
	Timeout   time.Duration // per attempt (default 60 s)
}

// WithDefaults fills the zero fields.
func (r Retry) WithDefaults() Retry {
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

// BudgetError reports that a rate limit ran out and its reset is further away than the
// allowed wait. It marks the scan incomplete (scanner.ErrIncomplete).
type BudgetError struct {
	Host     string // "GitHub", "GitLab"
	Resource string
	Reset    time.Time
	MaxWait  time.Duration
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("%s %s rate limit exhausted until %s, later than --max-wait %s allows; the report is partial",
		e.Host, e.Resource, e.Reset.UTC().Format(time.RFC3339), e.MaxWait)
}

func (e *BudgetError) Is(target error) bool { return target == scanner.ErrIncomplete }

// Stats counts what a source spent.
type Stats struct {
	Requests atomic.Int64 // HTTP requests sent (retries included)
	GraphQL  atomic.Int64 // GraphQL queries answered
	Points   atomic.Int64 // GraphQL points (GitHub: rateLimit.cost; GitLab: queryComplexity.score)
	Retries  atomic.Int64
	Waited   atomic.Int64 // nanoseconds spent waiting for limits and backoffs
}

// Rate is one bucket's state as the last response told it.
type Rate struct {
	Limit, Remaining int
	Reset            time.Time
}

// Kind is what a response means to the transport.
type Kind int

const (
	OK        Kind = iota // hand the response to the caller (errors included)
	Exhausted             // the bucket is empty until Verdict.Reset: wait within MaxWait, else stop
	Throttled             // back off Verdict.Wait (0: exponential from Retry.Secondary) and send again
	Transient             // a server or transfer failure: retry with backoff
)

// Verdict classifies one response.
type Verdict struct {
	Kind     Kind
	Resource string        // for Exhausted: the bucket
	Reset    time.Time     // for Exhausted
	Wait     time.Duration // Throttled: how long (0: exponential from Retry.Secondary); Exhausted: Retry-After, paused for too
	Bounded  bool          // Throttled: a Wait beyond MaxWait stops the scan instead of waiting
	Why      string        // for Transient and Throttled: said in logs and the final error
}

// Policy is what one forge says about its HTTP responses.
type Policy struct {
	Host string // "GitHub", "GitLab": named in messages
	// Resource names the rate bucket a request draws from.
	Resource func(req *http.Request) string
	// Record reads the rate headers of a response: the bucket they describe and its
	// state; ok is false when the host sent none (rate limiting off: keep going).
	Record func(res string, h http.Header, now time.Time) (bucket string, r Rate, ok bool)
	// Classify decides what a response means. body is the whole body.
	Classify func(resp *http.Response, body []byte, now time.Time) Verdict
	// PaceBelow, when > 0, spreads requests over the time to the reset once the
	// remaining share of a bucket falls below it (GitLab: 0.1).
	PaceBelow float64
	// Prepare adjusts every attempt (version headers), optional.
	Prepare func(r *http.Request)
}

// Transport is the rate-aware RoundTripper every request goes through: it reads the
// rate headers of each response, waits for resets and Retry-After, slows down when a
// bucket runs low, retries transient failures with jittered backoff and keeps few
// requests in flight. Responses reach the caller with their whole body read (a
// truncated body is retried, never handed on).
//
// Limits are shared state: the budget is checked after a request has its in-flight
// slot (so requests queued behind the semaphore never go out once the budget is known
// to be spent), a throttle or Retry-After pauses every worker, not only the one that
// was told, and each wait is logged once and counted once (as wall time).
type Transport struct {
	base    http.RoundTripper
	policy  Policy
	sem     chan struct{}
	retry   Retry
	maxWait time.Duration
	stats   *Stats
	log     *slog.Logger
	// Now and Sleep are the clock; tests inject a fake one. Sleep must honour cancellation.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error

	mu          sync.Mutex
	rates       map[string]*Rate
	pauseUntil  time.Time            // no request is sent before this (throttles, Retry-After)
	announced   map[string]time.Time // the wait last logged, per resource, so it is logged once
	waitedUntil time.Time            // end of the waits already counted in stats.Waited
}

// NewTransport wraps base. inFlight bounds concurrent requests (default 2).
func NewTransport(base http.RoundTripper, policy Policy, inFlight int, retry Retry, maxWait time.Duration, stats *Stats, log *slog.Logger) *Transport {
	if inFlight <= 0 {
		inFlight = 2
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if stats == nil {
		stats = &Stats{}
	}
	return &Transport{base: base, policy: policy, sem: make(chan struct{}, inFlight), retry: retry.WithDefaults(), maxWait: maxWait,
		stats: stats, log: log, Now: time.Now, Sleep: SleepCtx, rates: map[string]*Rate{}, announced: map[string]time.Time{}}
}

// SleepCtx waits d or until ctx is done.
func SleepCtx(ctx context.Context, d time.Duration) error {
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

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Attempts is how many times a transient failure is tried.
func (t *Transport) Attempts() int { return t.retry.Attempts }

// Backoff is the jittered wait before retry attempt+1.
func (t *Transport) Backoff(attempt int) time.Duration { return t.backoff(attempt) }

// WaitUntil sleeps until the given instant, counted in Stats.Waited once.
func (t *Transport) WaitUntil(ctx context.Context, until time.Time) error {
	return t.waitUntil(ctx, until)
}

// waitUntil sleeps until the given instant. Stats.Waited counts wall time: waits that
// overlap (every worker waiting for the same reset) are counted once.
func (t *Transport) waitUntil(ctx context.Context, until time.Time) error {
	t.mu.Lock()
	now := t.Now()
	if start := later(now, t.waitedUntil); until.After(start) {
		t.stats.Waited.Add(int64(until.Sub(start)))
		t.waitedUntil = until
	}
	t.mu.Unlock()
	return t.Sleep(ctx, until.Sub(now))
}

// WaitForReset waits for an exhausted bucket to reset, or fails with a *BudgetError when
// that is further than MaxWait (for callers whose client refuses to send on its own).
func (t *Transport) WaitForReset(ctx context.Context, res string, reset time.Time) error {
	t.exhausted(res, reset)
	return t.waitAdmitted(ctx, res)
}

// admit says whether a request for resource res may be sent now: the zero time if so,
// else when to look again; a BudgetError when the budget comes back later than MaxWait
// allows. Each wait is logged once, by whichever worker meets it first. A bucket under
// Policy.PaceBelow paces requests evenly over the time to its reset (when that is within
// MaxWait: otherwise spending it fast reaches the budget error sooner).
func (t *Transport) admit(res string) (time.Time, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	if now.Before(t.pauseUntil) {
		return t.pauseUntil, nil
	}
	r := t.rates[res]
	if r == nil || !now.Before(r.Reset) {
		return time.Time{}, nil
	}
	if r.Remaining > 0 {
		if t.policy.PaceBelow > 0 && r.Limit > 0 && float64(r.Remaining) < t.policy.PaceBelow*float64(r.Limit) && r.Reset.Sub(now) <= t.maxWait {
			// Low: spread what is left; pausing everyone keeps the pace shared.
			t.pauseUntil = now.Add(r.Reset.Sub(now) / time.Duration(r.Remaining+1))
			r.Remaining--
		}
		return time.Time{}, nil
	}
	until := r.Reset.Add(time.Second)
	if until.Sub(now) > t.maxWait {
		return time.Time{}, &BudgetError{Host: t.policy.Host, Resource: res, Reset: r.Reset, MaxWait: t.maxWait}
	}
	if !t.announced[res].Equal(r.Reset) {
		t.announced[res] = r.Reset
		t.log.Warn(t.policy.Host+" rate limit exhausted; waiting for the reset", "resource", res, "reset", r.Reset.UTC().Format(time.RFC3339), "wait", until.Sub(now).Round(time.Second))
	}
	return until, nil
}

// waitAdmitted waits until a request for res may be sent (without taking a slot).
func (t *Transport) waitAdmitted(ctx context.Context, res string) error {
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
func (t *Transport) exhausted(res string, reset time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if r := t.rates[res]; r != nil && r.Remaining <= 0 && r.Reset.After(reset) {
		return
	}
	t.rates[res] = &Rate{Remaining: 0, Reset: reset}
}

// pause stops every worker until the given instant; the first worker to pause logs it.
func (t *Transport) pause(until time.Time, msg string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	if !until.After(t.pauseUntil) {
		return
	}
	if !now.Before(t.pauseUntil) {
		t.log.Warn(msg, "wait", until.Sub(now).Round(time.Millisecond))
	}
	t.pauseUntil = until
}

func (t *Transport) backoff(attempt int) time.Duration {
	d := t.retry.Base << min(attempt, 20)
	if d > t.retry.Max || d <= 0 {
		d = t.retry.Max
	}
	return d/2 + rand.N(d/2+1)
}

// Retryable reports whether a transport error is worth another attempt.
func Retryable(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout() || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, syscall.EPIPE) || strings.Contains(err.Error(), "connection reset")
}

var errTransient = errors.New("transient")

type onceKey struct{}

// Once marks a request context so that the transport sends a non-idempotent write at
// most once: a transient failure is returned instead of retried (rate limits are still
// waited out, since GitHub refused those requests without processing them).
func Once(ctx context.Context) context.Context { return context.WithValue(ctx, onceKey{}, true) }

func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
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
	res := t.policy.Resource(req)
	transient, throttled := 0, 0
	for {
		resp, b, err := t.attempt(ctx, req, body, res)
		if err == nil {
			v := t.policy.Classify(resp, b, t.Now())
			switch v.Kind {
			case Exhausted:
				if v.Resource == "" {
					v.Resource = res
				}
				t.exhausted(v.Resource, v.Reset)
				if v.Wait > 0 {
					t.pause(t.Now().Add(v.Wait), t.policy.Host+" rate limit; waiting as Retry-After says")
				}
				continue // admit waits for the reset, or refuses
			case Throttled:
				throttled++
				if throttled > t.retry.Attempts*2 {
					return nil, fmt.Errorf("%s %s: %s persisted after %d waits", req.Method, req.URL.Path, v.Why, throttled-1)
				}
				d := v.Wait
				if v.Bounded && d > t.maxWait {
					return nil, &BudgetError{Host: t.policy.Host, Resource: res, Reset: t.Now().Add(d), MaxWait: t.maxWait}
				}
				if d == 0 {
					d = min(t.retry.Secondary<<(throttled-1), 15*time.Minute)
					d += rand.N(d/10 + time.Millisecond)
				}
				t.stats.Retries.Add(1)
				t.pause(t.Now().Add(d), t.policy.Host+" "+v.Why+"; every request waits")
				continue
			case Transient:
				err = fmt.Errorf("%w: %s", errTransient, v.Why)
			default:
				return resp, nil
			}
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var be *BudgetError
		if errors.As(err, &be) || !errors.Is(err, errTransient) && !Retryable(err) {
			return nil, err
		}
		if ctx.Value(onceKey{}) != nil {
			// The request may have been processed (a server error, a lost connection, a
			// timeout): sending it again could create a second issue or comment.
			// Throttled and exhausted answers above were refused unprocessed and waited out.
			return nil, fmt.Errorf("%s %s: not retried, it may have been processed: %w", req.Method, req.URL.Path, err)
		}
		transient++
		if transient >= t.retry.Attempts {
			return nil, fmt.Errorf("%s %s: giving up after %d attempts: %w", req.Method, req.URL.Path, transient, err)
		}
		d := t.backoff(transient - 1)
		t.log.Debug("retrying "+t.policy.Host+" request", "url", req.URL.Path, "err", err, "wait", d)
		t.stats.Retries.Add(1)
		if err := t.waitUntil(ctx, t.Now().Add(d)); err != nil {
			return nil, err
		}
	}
}

// Body is a response body read whole; Bytes returns it without a copy.
type Body struct {
	*bytes.Reader
	b []byte
}

func (Body) Close() error { return nil }

// Bytes is the whole body.
func (b *Body) Bytes() []byte { return b.b }

// maxBody bounds what one response may hold in memory.
const maxBody = 256 << 20

// attempt sends once, within the per-attempt timeout, and reads the whole body.
func (t *Transport) attempt(ctx context.Context, req *http.Request, body []byte, res string) (*http.Response, []byte, error) {
	for {
		select {
		case t.sem <- struct{}{}:
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		}
		// Checked holding the slot: a request that queued for it while another learnt
		// the budget is spent must not go out.
		until, err := t.admit(res)
		if err == nil && until.IsZero() {
			break
		}
		<-t.sem
		if err != nil {
			return nil, nil, err
		}
		if err := t.waitUntil(ctx, until); err != nil {
			return nil, nil, err
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
	if t.policy.Prepare != nil {
		t.policy.Prepare(r)
	}
	t.stats.Requests.Add(1)
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return nil, nil, err
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	if err != nil {
		return nil, nil, err
	}
	resp.Body = &Body{bytes.NewReader(b), b}
	resp.ContentLength = int64(len(b))
	if t.policy.Record != nil {
		if bucket, rt, ok := t.policy.Record(res, resp.Header, t.Now()); ok {
			t.mu.Lock()
			t.rates[bucket] = &rt
			t.mu.Unlock()
		}
	}
	return resp, b, nil
}

// TruncatedJSON reports a 2xx JSON response whose body does not parse: a transfer cut
// short, worth another attempt.
func TruncatedJSON(resp *http.Response, body []byte) bool {
	return resp.StatusCode/100 == 2 && strings.Contains(resp.Header.Get("Content-Type"), "json") && !json.Valid(body)
}

// RetryAfter reads a Retry-After header (seconds or an HTTP date); 0 when absent.
func RetryAfter(h http.Header, now time.Time) time.Duration {
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

// UnixReset reads a header holding Unix seconds; a minute from now when absent or bad.
func UnixReset(h http.Header, name string, now time.Time) time.Time {
	n, err := strconv.ParseInt(h.Get(name), 10, 64)
	if err != nil {
		return now.Add(time.Minute)
	}
	return time.Unix(n, 0)
}
