package scanner

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
)

// fakeSource serves n repositories named r000…; some fail to open, each open sleeps a
// random moment so that completion order differs from list order.
type fakeSource struct {
	n          int
	fail       map[int]bool
	block      chan struct{} // when set, Open of repositories below blockBelow waits on it (or ctx)
	blockBelow int
	opened     atomic.Int32
	listErr    error
}

func (f *fakeSource) List(ctx context.Context) ([]Ref, error) {
	refs := make([]Ref, f.n)
	for i := range refs {
		// Listed in reverse, to check the report sorts.
		name := fmt.Sprintf("r%03d", f.n-1-i)
		refs[i] = Ref{Meta: repo.Meta{Name: name, FullName: name}, Data: f.n - 1 - i}
	}
	return refs, f.listErr
}

func (f *fakeSource) Open(ctx context.Context, ref Ref) (*repo.Snapshot, error) {
	f.opened.Add(1)
	if f.block != nil && ref.Data.(int) < f.blockBelow {
		select {
		case <-f.block:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	i := ref.Data.(int)
	// A jitter that varies by repository but not by run, so finishing order differs from
	// listing order reproducibly.
	time.Sleep(time.Duration(i*7919%300) * time.Microsecond)
	if f.fail[i] {
		return nil, fmt.Errorf("%s: boom", ref.Meta.FullName)
	}
	files := map[string]string{"README.md": "hi"}
	if i%2 == 0 {
		files = map[string]string{"main.go": "package main"}
	}
	return repo.FromMap(ref.Meta, files), nil
}

var hasReadme = rules.Rule{ID: "has-readme", Title: "README", Severity: rules.Warning,
	Check: func(ctx context.Context, s *repo.Snapshot, _ rules.Options) rules.Result {
		if _, ok := s.Lookup("README.md"); ok {
			return rules.Result{Status: rules.Pass}
		}
		return rules.Result{Status: rules.Fail, Message: "no README"}
	}}

var panics = rules.Rule{ID: "panics", Severity: rules.Note,
	Check: func(ctx context.Context, s *repo.Snapshot, _ rules.Options) rules.Result { panic("bad rule") }}

// summary flattens a report for comparison.
func summary(r *report.Report) []string {
	var out []string
	for _, rr := range r.Repos {
		s := rr.Meta.FullName + ":"
		if rr.Error != "" {
			s += " error " + rr.Error
		}
		for _, res := range rr.Results {
			s += " " + res.RuleID + "=" + string(res.Status)
		}
		out = append(out, s)
	}
	return out
}

func TestScanDeterministic(t *testing.T) {
	opts := func(j int) Options {
		return Options{Rules: rules.Defaults([]rules.Rule{hasReadme, panics}), Concurrency: j}
	}
	var want []string
	for _, j := range []int{1, 2, 8, 64} {
		src := &fakeSource{n: 40, fail: map[int]bool{3: true, 17: true}}
		rep := Scan(context.Background(), []Source{src}, opts(j))
		got := summary(rep)
		if want == nil {
			want = got
			if len(got) != 40 {
				t.Fatalf("%d repositories in the report, want 40", len(got))
			}
			if got[0] != "r000: has-readme=fail panics=error" || got[1] != "r001: has-readme=pass panics=error" || got[3] != "r003: error r003: boom" {
				t.Fatalf("unexpected results: %q", got[:4])
			}
			continue
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("-j %d differs from -j 1 (-want +got):\n%s", j, d)
		}
		if rep.Incomplete {
			t.Errorf("-j %d: incomplete: %v", j, rep.Problems)
		}
		if !rep.Errors() {
			t.Error("Errors() = false with failed repositories")
		}
	}
}

// maxTracker records the highest number of repositories open at once.
type maxTracker struct {
	mu        sync.Mutex
	cur, peak int
	total     int
	begun     []string
	done      int
}

func (m *maxTracker) Start(total int) { m.total = total }
func (m *maxTracker) Begin(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cur++
	m.peak = max(m.peak, m.cur)
	m.begun = append(m.begun, name)
}
func (m *maxTracker) Done(string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cur--
	m.done++
}

func TestScanConcurrencyBoundAndProgress(t *testing.T) {
	for _, j := range []int{1, 3} {
		p := &maxTracker{}
		Scan(context.Background(), []Source{&fakeSource{n: 30}}, Options{Rules: rules.Defaults([]rules.Rule{hasReadme}), Concurrency: j, Progress: p})
		if p.peak > j || p.peak < 1 {
			t.Errorf("-j %d: peak concurrency %d", j, p.peak)
		}
		if p.total != 30 || p.done != 30 || len(p.begun) != 30 {
			t.Errorf("-j %d: progress total %d, done %d, begun %d; want 30", j, p.total, p.done, len(p.begun))
		}
	}
}

func TestScanListError(t *testing.T) {
	src := &fakeSource{n: 2, listErr: errors.New("page 2 of the listing failed")}
	ok := &fakeSource{n: 1}
	rep := Scan(context.Background(), []Source{src, ok}, Options{Rules: rules.Defaults([]rules.Rule{hasReadme})})
	if !rep.Incomplete || len(rep.Problems) != 1 || rep.Problems[0] != "page 2 of the listing failed" {
		t.Errorf("Incomplete %v, problems %q", rep.Incomplete, rep.Problems)
	}
	if len(rep.Repos) != 3 {
		t.Errorf("%d repositories scanned, want the 3 listed", len(rep.Repos))
	}
}

func TestScanCancel(t *testing.T) {
	// 100 repositories listed r099…r000; the first 10 listed open freely, the rest block
	// until the context is cancelled, which happens when 10 are done. The scan must
	// return promptly with those 10, the blocked ones left out.
	src := &fakeSource{n: 100, block: make(chan struct{}), blockBelow: 90}
	ctx, cancel := context.WithCancel(context.Background())
	p := &cancelAfter{n: 10, cancel: cancel}
	done := make(chan *report.Report)
	go func() {
		done <- Scan(ctx, []Source{src}, Options{Rules: rules.Defaults([]rules.Rule{hasReadme}), Concurrency: 4, Progress: p})
	}()
	var rep *report.Report
	select {
	case rep = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Scan did not return within 5s of cancellation")
	}
	if !rep.Incomplete {
		t.Error("cancelled scan not marked incomplete")
	}
	if len(rep.Repos) != 10 {
		t.Errorf("%d repositories in the report; want the 10 finished", len(rep.Repos))
	}
	if len(rep.Problems) != 1 || rep.Problems[0] != "scan interrupted: 10 of 100 repositories done" {
		t.Errorf("problems %q", rep.Problems)
	}
	for _, rr := range rep.Repos {
		if rr.Error != "" {
			t.Errorf("%s: %s; a repository cut by the cancellation must not be reported", rr.Meta.FullName, rr.Error)
		}
	}
	if int(src.opened.Load()) > len(rep.Repos)+8 {
		t.Errorf("%d opened after cancellation of a 4-wide scan with %d done", src.opened.Load(), len(rep.Repos))
	}
}

// cancelAfter lets n repositories through, then cancels the scan.
type cancelAfter struct {
	mu      sync.Mutex
	n, done int
	cancel  func()
}

func (c *cancelAfter) Start(int)    {}
func (c *cancelAfter) Begin(string) {}
func (c *cancelAfter) Done(string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done++; c.done == c.n {
		c.cancel()
	}
}

// memCache is a Cache in memory.
type memCache struct {
	mu sync.Mutex
	m  map[string][]rules.Result
}

func (c *memCache) Get(k string) ([]rules.Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[k]
	return r, ok
}
func (c *memCache) Put(k string, r []rules.Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = r
}

// headSource lists repositories with a HEAD id, as hosted sources do.
type headSource struct{ fakeSource }

func (h *headSource) List(ctx context.Context) ([]Ref, error) {
	refs, err := h.fakeSource.List(ctx)
	for i := range refs {
		refs[i].Meta.HeadOID = "abc"
	}
	return refs, err
}

func (h *headSource) Open(ctx context.Context, ref Ref) (*repo.Snapshot, error) {
	s, err := h.fakeSource.Open(ctx, ref)
	if s != nil {
		s.Meta.HeadOID = "abc"
	}
	return s, err
}

func TestScanCache(t *testing.T) {
	c := &memCache{m: map[string][]rules.Result{}}
	opts := Options{Rules: rules.Defaults([]rules.Rule{hasReadme}), Cache: c, CacheSalt: "v1"}
	first := &headSource{fakeSource{n: 5}}
	r1 := Scan(context.Background(), []Source{first}, opts)
	second := &headSource{fakeSource{n: 5}}
	r2 := Scan(context.Background(), []Source{second}, opts)
	if second.opened.Load() != 0 {
		t.Errorf("%d repositories opened on the second scan; want 0 (all cached)", second.opened.Load())
	}
	if d := cmp.Diff(summary(r1), summary(r2)); d != "" {
		t.Errorf("cached report differs (-first +second):\n%s", d)
	}
}

// closeCounter checks the engine closes snapshots after evaluating them.
type closeCounter struct {
	fakeSource
	closed atomic.Int32
}

type closingLoader struct {
	repo.MapLoader
	c *atomic.Int32
}

func (l closingLoader) Close() error { l.c.Add(1); return nil }

func (c *closeCounter) Open(ctx context.Context, ref Ref) (*repo.Snapshot, error) {
	return repo.New(ref.Meta, []repo.Entry{{Path: "README.md", Kind: repo.File}}, closingLoader{repo.MapLoader{}, &c.closed}), nil
}

func TestScanClosesSnapshots(t *testing.T) {
	src := &closeCounter{fakeSource: fakeSource{n: 7}}
	Scan(context.Background(), []Source{src}, Options{Rules: rules.Defaults([]rules.Rule{hasReadme})})
	if src.closed.Load() != 7 {
		t.Errorf("%d snapshots closed, want 7", src.closed.Load())
	}
}

func TestEvaluateExemptions(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	snap := repo.FromMap(repo.Meta{FullName: "x"}, map[string]string{"main.go": ""})
	for _, tc := range []struct {
		name    string
		expires time.Time
		want    rules.Status
	}{
		{"no expiry", time.Time{}, rules.Exempt},
		{"future", now.AddDate(0, 1, 0), rules.Exempt},
		{"expired", now.AddDate(0, -1, 0), rules.Fail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Evaluate(context.Background(), snap, Options{Now: now, Rules: rules.Defaults([]rules.Rule{hasReadme}),
				Exempt: func(context.Context, *repo.Snapshot, string) (rules.Exemption, bool) {
					return rules.Exemption{Reason: "legacy", Expires: tc.expires}, true
				}})
			if len(res) != 1 || res[0].Status != tc.want {
				t.Fatalf("results %+v, want status %s", res, tc.want)
			}
		})
	}
}

// A rule's findings on one repository are capped; the last finding and the facts say how
// many more there were.
func TestFindingsCap(t *testing.T) {
	many := rules.Rule{ID: "many", Severity: rules.Warning, Check: func(context.Context, *repo.Snapshot, rules.Options) rules.Result {
		res := rules.Result{Status: rules.Fail, Message: "many", Facts: map[string]any{"kept": true}}
		for i := range 250 {
			res.Findings = append(res.Findings, rules.Finding{Path: "f", Line: i + 1, Message: "bad"})
		}
		return res
	}}
	snap := repo.FromMap(repo.Meta{FullName: "x"}, map[string]string{"main.go": ""})
	for _, tc := range []struct {
		name    string
		max     int
		want    int
		omitted any
	}{
		{"default", 0, DefaultMaxFindings + 1, 150},
		{"ten", 10, 11, 240},
		{"no cap", -1, 250, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Evaluate(context.Background(), snap, Options{Rules: rules.Defaults([]rules.Rule{many}), MaxFindings: tc.max})[0]
			if len(res.Findings) != tc.want || res.Facts["findingsOmitted"] != tc.omitted || res.Facts["kept"] != true {
				t.Fatalf("%d findings, facts %v; want %d, omitted %v", len(res.Findings), res.Facts, tc.want, tc.omitted)
			}
			if tc.omitted != nil && !strings.HasPrefix(res.Findings[len(res.Findings)-1].Message, fmt.Sprintf("…and %d more", tc.omitted)) {
				t.Errorf("last finding %+v", res.Findings[len(res.Findings)-1])
			}
		})
	}
	// The case that prompted it: a large, broken publiccode.yml.
	var yml strings.Builder
	yml.WriteString("publiccodeYmlVersion: \"0.4\"\n")
	for i := range 5000 {
		fmt.Fprintf(&yml, "unknownKey%d: %d\n", i, i)
	}
	big := repo.FromMap(repo.Meta{FullName: "x"}, map[string]string{"publiccode.yml": yml.String()})
	var valid []rules.Rule
	for _, r := range rules.All() {
		if r.ID == "publiccode-yml-valid" {
			valid = append(valid, r)
		}
	}
	res := Evaluate(context.Background(), big, Options{Rules: rules.Defaults(valid)})
	if len(res) != 1 || len(res[0].Findings) != DefaultMaxFindings+1 {
		t.Errorf("publiccode.yml with 5000 unknown keys: %d findings, want %d", len(res[0].Findings), DefaultMaxFindings+1)
	}
}
