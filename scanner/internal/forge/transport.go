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
	Wait     time.Duration // for Throttled; must not exceed MaxWait (else the scan stops)
	Why      string        // for Transient and Throttled: said in logs and the final error
}

// Policy is what one forge says about its HTTP responses.
type Policy struct {
	Host string // "GitHub", "GitLab": named in messages
	// Resource names the rate bucket a request draws from.
	Resource func(req *http.Request) string
	// Record reads the rate headers of a response: the bucket they describe and its
	// state; ok is false when the host sent none (rate limiting off: keep going).
	Record func(res string, h http.Header) (bucket string, r Rate, ok bool)
	// Classify decides what a response means. body is the whole body.
	Classify func(resp *http.Response, body []byte) Verdict
	// Prepare adjusts every attempt (version headers), optional.
	Prepare func(r *http.Request)
}

// Transport is the rate-aware RoundTripper every request goes through: it reads the
// rate headers of each response, waits for resets and Retry-After, slows down when a
// bucket runs low, retries transient failures with jittered backoff and keeps few
// requests in flight. Responses reach the caller with their whole body read (a
// truncated body is retried, never handed on).
type Transport struct {
	base    http.RoundTripper
	policy  Policy
	sem     chan struct{}
	retry   Retry
	maxWait time.Duration
	stats   *Stats
	log     *slog.Logger
	// Sleep waits (tests replace it); it must honour cancellation.
	Sleep func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex
	rates map[string]*Rate
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
		stats: stats, log: log, Sleep: SleepCtx, rates: map[string]*Rate{}}
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

func (t *Transport) wait(ctx context.Context, d time.Duration) error {
	t.stats.Waited.Add(int64(d))
	return t.Sleep(ctx, d)
}

// WaitForReset waits for an exhausted bucket to reset, or fails with a *BudgetError when
// that is further than MaxWait.
func (t *Transport) WaitForReset(ctx context.Context, res string, reset time.Time) error {
	d := time.Until(reset) + time.Second
	if d > t.maxWait {
		return &BudgetError{Host: t.policy.Host, Resource: res, Reset: reset, MaxWait: t.maxWait}
	}
	t.log.Warn(t.policy.Host+" rate limit exhausted; waiting for the reset", "resource", res, "reset", reset.UTC().Format(time.RFC3339), "wait", d.Round(time.Second))
	return t.wait(ctx, d)
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

// pace returns how long to wait before drawing from a bucket: the whole way to the
// reset when it is empty, and an even share of the time left when under 10 % remain.
func (t *Transport) pace(res string) (wait time.Duration, reset time.Time, empty bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.rates[res]
	if r == nil || !time.Now().Before(r.Reset) {
		return 0, time.Time{}, false
	}
	if r.Remaining <= 0 {
		return 0, r.Reset, true
	}
	if r.Limit > 0 && r.Remaining*10 < r.Limit {
		return time.Until(r.Reset) / time.Duration(r.Remaining+1), r.Reset, false
	}
	return 0, time.Time{}, false
}

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
		// A known empty bucket is waited for (or refused) before sending; a low one paces.
		if d, reset, empty := t.pace(res); empty {
			if err := t.WaitForReset(ctx, res, reset); err != nil {
				return nil, err
			}
		} else if d > 0 {
			if err := t.wait(ctx, d); err != nil {
				return nil, err
			}
		}
		resp, b, err := t.attempt(ctx, req, body, res)
		if err == nil {
			v := t.policy.Classify(resp, b)
			switch v.Kind {
			case Exhausted:
				if v.Resource == "" {
					v.Resource = res
				}
				if err := t.WaitForReset(ctx, v.Resource, v.Reset); err != nil {
					return nil, err
				}
				continue
			case Throttled:
				throttled++
				if throttled > t.retry.Attempts*2 {
					return nil, fmt.Errorf("%s %s: %s persisted after %d waits", req.Method, req.URL.Path, v.Why, throttled-1)
				}
				d := v.Wait
				if d > t.maxWait {
					return nil, &BudgetError{Host: t.policy.Host, Resource: res, Reset: time.Now().Add(d), MaxWait: t.maxWait}
				}
				if d == 0 {
					d = min(t.retry.Secondary<<(throttled-1), 15*time.Minute)
				}
				d += rand.N(d/10 + time.Millisecond)
				t.log.Warn(t.policy.Host+" throttled the request; backing off", "why", v.Why, "wait", d.Round(time.Millisecond))
				t.stats.Retries.Add(1)
				if err := t.wait(ctx, d); err != nil {
					return nil, err
				}
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
		if !errors.Is(err, errTransient) && !Retryable(err) {
			return nil, err
		}
		transient++
		if transient >= t.retry.Attempts {
			return nil, fmt.Errorf("%s %s: giving up after %d attempts: %w", req.Method, req.URL.Path, transient, err)
		}
		d := t.backoff(transient - 1)
		t.log.Debug("retrying "+t.policy.Host+" request", "url", req.URL.Path, "err", err, "wait", d)
		t.stats.Retries.Add(1)
		if err := t.wait(ctx, d); err != nil {
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
	select {
	case t.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
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
		if bucket, rt, ok := t.policy.Record(res, resp.Header); ok {
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
func RetryAfter(h http.Header) time.Duration {
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

// UnixReset reads a header holding Unix seconds; a minute from now when absent or bad.
func UnixReset(h http.Header, name string) time.Time {
	n, err := strconv.ParseInt(h.Get(name), 10, 64)
	if err != nil {
		return time.Now().Add(time.Minute)
	}
	return time.Unix(n, 0)
}
