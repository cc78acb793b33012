package github

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is the transport's clock in tests: Sleep blocks until Advance moves the
// clock past the sleeper's deadline, so no test really waits.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters map[chan struct{}]time.Time
}

func newFakeClock(t0 time.Time) *fakeClock {
	return &fakeClock{now: t0, waiters: map[chan struct{}]time.Time{}}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	ch := make(chan struct{})
	c.mu.Lock()
	c.waiters[ch] = c.now.Add(d)
	c.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.waiters, ch)
		c.mu.Unlock()
		return ctx.Err()
	}
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	for ch, until := range c.waiters {
		if !until.After(c.now) {
			close(ch)
			delete(c.waiters, ch)
		}
	}
}

func (c *fakeClock) Sleepers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}

// eventually polls cond (goroutines reaching a state), failing after 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// fakeAPI is the transport's base RoundTripper: it answers with respond, numbering
// calls from 1 and noting the fake time of each.
type fakeAPI struct {
	clock   *fakeClock
	respond func(n int) (code int, h http.Header, body string)
	mu      sync.Mutex
	sent    []time.Time
}

func (f *fakeAPI) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.sent = append(f.sent, f.clock.Now())
	n := len(f.sent)
	f.mu.Unlock()
	code, h, body := f.respond(n)
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Type", "application/json")
	return &http.Response{StatusCode: code, Header: h, Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
}

func (f *fakeAPI) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sent)
}

func rateHeader(remaining int, reset time.Time) http.Header {
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
	return h
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testTransport(api *fakeAPI, inFlight int, maxWait time.Duration, stats *Stats, logs io.Writer) *transport {
	tr := newTransport(api, inFlight, Retry{Attempts: 3, Base: time.Second, Secondary: time.Minute, Timeout: time.Minute}, maxWait, stats,
		slog.New(slog.NewTextHandler(logs, nil)))
	tr.Now, tr.Sleep = api.clock.Now, api.clock.Sleep
	return tr
}

// get sends n requests for resource core at once, returning their errors.
func get(tr *transport, n int) (wait func() []error) {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("GET", "https://api.github.com/repos/acme/x", nil)
			resp, err := tr.RoundTrip(req)
			if err == nil && resp.StatusCode != 200 {
				err = errors.New(resp.Status)
			}
			errs[i] = err
		}()
	}
	return func() []error { wg.Wait(); return errs }
}

var t0 = time.Unix(1_800_000_000, 0)

// A secondary limit met by one worker pauses every worker until Retry-After passes;
// the wait is logged once and counted once.
func TestSecondaryLimitPausesEveryWorker(t *testing.T) {
	clock := newFakeClock(t0)
	api := &fakeAPI{clock: clock, respond: func(n int) (int, http.Header, string) {
		h := rateHeader(4000, t0.Add(time.Hour))
		if n == 1 {
			h.Set("Retry-After", "60")
			return 429, h, `{"message":"You have exceeded a secondary rate limit."}`
		}
		return 200, h, `{}`
	}}
	var stats Stats
	var logs syncBuffer
	tr := testTransport(api, 16, time.Hour, &stats, &logs)

	first := get(tr, 1)
	eventually(t, "the first request to meet the limit", func() bool { return clock.Sleepers() == 1 })
	others := get(tr, 15)
	eventually(t, "every worker to pause (or send)", func() bool { return clock.Sleepers() == 16 || api.calls() > 1 })
	if n := api.calls(); n != 1 {
		t.Fatalf("%d requests sent within the Retry-After window, want 1", n)
	}
	clock.Advance(60 * time.Second)
	for _, err := range append(first(), others()...) {
		if err != nil {
			t.Error(err)
		}
	}
	if n := api.calls(); n != 17 {
		t.Errorf("%d requests, want 17 (16 and one retry)", n)
	}
	for i, at := range api.sent[1:] {
		if at.Before(t0.Add(60 * time.Second)) {
			t.Errorf("request %d sent at +%s, inside the Retry-After window", i+2, at.Sub(t0))
		}
	}
	if got := time.Duration(stats.Waited.Load()); got != 60*time.Second {
		t.Errorf("waited = %s, want 1m0s (wall time, not a sum over workers)", got)
	}
	if n := strings.Count(logs.String(), "secondary rate limit"); n != 1 {
		t.Errorf("the wait was logged %d times, want once:\n%s", n, logs.String())
	}
}

// Once a response says the budget is spent, requests that were queued for an
// in-flight slot are not sent: with the reset beyond --max-wait they fail.
func TestSpentBudgetStopsQueuedRequests(t *testing.T) {
	clock := newFakeClock(t0)
	release := make(chan struct{})
	api := &fakeAPI{clock: clock, respond: func(n int) (int, http.Header, string) {
		<-release
		return 200, rateHeader(0, t0.Add(time.Hour)), `{}`
	}}
	var stats Stats
	tr := testTransport(api, 2, time.Minute, &stats, io.Discard)
	wait := get(tr, 16)
	eventually(t, "two requests in flight", func() bool { return api.calls() == 2 })
	time.Sleep(50 * time.Millisecond) // let the others queue for a slot (not asserted)
	close(release)
	budget := 0
	for _, err := range wait() {
		var be *BudgetError
		if errors.As(err, &be) {
			budget++
		} else if err != nil {
			t.Error(err)
		}
	}
	if n := api.calls(); n != 2 {
		t.Errorf("%d requests sent, want 2 (only those in flight when the budget ran out)", n)
	}
	if budget != 14 {
		t.Errorf("%d budget errors, want 14", budget)
	}
}

// An exhausted primary budget within --max-wait: every worker waits for the same reset,
// logged once, counted once.
func TestPrimaryResetWaitedOnce(t *testing.T) {
	clock := newFakeClock(t0)
	reset := t0.Add(10 * time.Minute)
	api := &fakeAPI{clock: clock, respond: func(n int) (int, http.Header, string) {
		if n == 1 {
			return 403, rateHeader(0, reset), `{"message":"API rate limit exceeded for user ID 1."}`
		}
		return 200, rateHeader(4999, t0.Add(2*time.Hour)), `{}`
	}}
	var stats Stats
	var logs syncBuffer
	tr := testTransport(api, 4, time.Hour, &stats, &logs)
	first := get(tr, 1)
	eventually(t, "the first request to wait", func() bool { return clock.Sleepers() == 1 })
	others := get(tr, 7)
	eventually(t, "every worker to wait (or send)", func() bool { return clock.Sleepers() == 8 || api.calls() > 1 })
	if n := api.calls(); n != 1 {
		t.Fatalf("%d requests sent before the reset, want 1", n)
	}
	clock.Advance(10*time.Minute + time.Second)
	for _, err := range append(first(), others()...) {
		if err != nil {
			t.Error(err)
		}
	}
	if n := api.calls(); n != 9 {
		t.Errorf("%d requests, want 9", n)
	}
	if got := time.Duration(stats.Waited.Load()); got != 10*time.Minute+time.Second {
		t.Errorf("waited = %s, want 10m1s", got)
	}
	if n := strings.Count(logs.String(), "waiting for the reset"); n != 1 {
		t.Errorf("the wait was logged %d times, want once:\n%s", n, logs.String())
	}
}
