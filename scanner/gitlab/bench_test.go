package gitlab

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/repogov/repogov/internal/gitlabtest"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/filecache"
)

// readsGovernance stands in for the built-in rule set: it reads every file the source
// reads ahead, as the licence, community, CODEOWNERS and publiccode.yml rules do.
var readsGovernance = rules.Rule{ID: "reads-governance", Title: "bench", Severity: rules.Note,
	Check: func(ctx context.Context, s *repo.Snapshot, _ rules.Options) rules.Result {
		n := 0
		for _, e := range s.Entries() {
			if (e.Kind == repo.File || e.Kind == repo.Symlink) && builtinReads.Match(e.Path) {
				if _, err := s.ReadFile(ctx, e.Path); err != nil {
					return rules.Result{Status: rules.StatusError, Message: err.Error()}
				}
				n++
			}
		}
		return rules.Result{Status: rules.Pass, Message: strconv.Itoa(n)}
	}}

var builtinReads = rules.ReadSet(rules.All())

const (
	benchProjects  = 1000
	benchSubgroups = 20
)

func benchStore() *gitlabtest.Store {
	s := gitlabtest.NewStore()
	gitlabtest.Synthetic(s, "synth", benchProjects, benchSubgroups)
	return s
}

// BenchmarkGroup1000: go test ./scanner/gitlab -run '^$' -bench 'Group1000$' -benchtime=1x
// A group of 1,000 projects in 20 subgroups, 100 ms per request (BENCH_LATENCY), every
// built-in rule evaluated; then an unchanged re-scan with the result cache.
func BenchmarkGroup1000(b *testing.B) { benchGroup(b, append(rules.All(), readsGovernance)) }

// BenchmarkGroup1000Source: the same scan with one rule that reads every file the
// built-in rules read, to tell the source's memory from the rule engine's (licence
// identification alone builds matchers of about 100 MB). Run it in its own process:
// go test ./scanner/gitlab -run '^$' -bench 'Group1000Source' -benchtime=1x
func BenchmarkGroup1000Source(b *testing.B) { benchGroup(b, []rules.Rule{readsGovernance}) }

func benchGroup(b *testing.B, rs []rules.Rule) {
	srv := gitlabtest.Start(b, benchStore(), gitlabtest.Options{Token: testToken, Latency: benchLatency})
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	for b.Loop() {
		srv.ResetStats()
		var peak atomic.Uint64
		done := make(chan struct{})
		go func() {
			t := time.NewTicker(20 * time.Millisecond)
			defer t.Stop()
			var ms runtime.MemStats
			for {
				select {
				case <-done:
					return
				case <-t.C:
					runtime.ReadMemStats(&ms)
					if ms.HeapInuse > peak.Load() {
						peak.Store(ms.HeapInuse)
					}
				}
			}
		}()
		cache, err := filecache.Open(b.TempDir(), 0)
		if err != nil {
			b.Fatal(err)
		}
		scan := func() (*report.Report, time.Duration) {
			// Production retry settings (the unit tests shorten them).
			s := newSource(b, srv, Options{Token: testToken, Retry: forgeDefaults, Selection: all}, "synth")
			start := time.Now()
			rep := scanner.Scan(context.Background(), []scanner.Source{s}, scanner.Options{
				Rules: rules.Defaults(rs), Cache: cache, CacheSalt: "bench"})
			return rep, time.Since(start)
		}
		rep, wall := scan()
		close(done)
		runtime.GC()
		var live runtime.MemStats
		runtime.ReadMemStats(&live)
		b.ReportMetric(float64(base.HeapInuse)/(1<<20), "fake-server-heap-MB")
		b.ReportMetric(float64(live.HeapInuse-base.HeapInuse)/(1<<20), "retained-after-scan-MB")
		if len(rep.Repos) != benchProjects || rep.Incomplete || rep.Errors() {
			b.Fatalf("scan: %d projects, incomplete %v, problems %v", len(rep.Repos), rep.Incomplete, rep.Problems)
		}
		st := srv.Stats()
		b.ReportMetric(float64(st.Requests), "requests")
		b.ReportMetric(float64(st.Requests)/benchProjects, "requests/project")
		b.ReportMetric(float64(st.GraphQL), "graphql-requests")
		b.ReportMetric(float64(st.REST), "rest-requests")
		b.ReportMetric(float64(st.Complexity), "complexity")
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
		if rss := peakRSS(); rss > 0 {
			b.ReportMetric(rss, "peak-RSS-MB")
		}
		srv.ResetStats()
		_, rewall := scan()
		b.ReportMetric(float64(srv.Stats().Requests), "cached-rescan-requests")
		b.ReportMetric(rewall.Seconds(), "cached-rescan-wall-s")
	}
}

// forgeDefaults are the production retry settings.
var forgeDefaults = fastRetry.WithDefaults()

func init() {
	forgeDefaults.Base, forgeDefaults.Max, forgeDefaults.Secondary, forgeDefaults.Timeout = 0, 0, 0, 0
}

// peakRSS is the process's resident high-water mark (Linux), fake server included.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// benchLatency is the injected latency per request (BENCH_LATENCY overrides it).
var benchLatency = func() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("BENCH_LATENCY")); err == nil {
		return d
	}
	return 100 * time.Millisecond
}()

// TestEfficiency1000 pins the request count of the benchmark's scan (no latency): the
// listing in 10 pages of 100 projects (with each root folder); two rounds of folder
// queries (.gitlab/ and docs/, then .gitlab/issue_templates/ and
// .gitlab/merge_request_templates/ found in .gitlab/) of 50 projects each, 2 × 20; file
// reads of 50 projects each, 20. 10 + 40 + 20 = 70 requests, 0.07 per project.
func TestEfficiency1000(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	srv := gitlabtest.Start(t, benchStore(), gitlabtest.Options{Token: testToken})
	cache, err := filecache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	scan := func() *report.Report {
		s := newSource(t, srv, Options{Token: testToken, Selection: all}, "synth")
		return scanner.Scan(context.Background(), []scanner.Source{s}, scanner.Options{
			Rules: rules.Defaults([]rules.Rule{readsGovernance}), Cache: cache, CacheSalt: "test"})
	}
	rep := scan()
	if len(rep.Repos) != benchProjects || rep.Incomplete || rep.Errors() {
		t.Fatalf("scan: %d projects, incomplete %v, problems %v", len(rep.Repos), rep.Incomplete, rep.Problems)
	}
	for _, rr := range rep.Repos {
		if got := rr.Results[0].Message; got != "9" {
			t.Fatalf("%s: read %s files the rules read, want 9", rr.Meta.FullName, got)
		}
	}
	st := srv.Stats()
	t.Logf("1,000 projects: %d requests (%d GraphQL, %d REST), complexity %d", st.Requests, st.GraphQL, st.REST, st.Complexity)
	if st.Requests != 70 || st.REST != 0 {
		t.Errorf("requests = %d (%d REST), want 70: 10 listing pages + 2 × 20 folder queries + 20 file queries", st.Requests, st.REST)
	}
	srv.ResetStats()
	second := scan()
	st = srv.Stats()
	cached := 0
	for _, rr := range second.Repos {
		if rr.Cached {
			cached++
		}
	}
	if st.Requests != 10 || cached != benchProjects {
		t.Errorf("unchanged re-scan: %d requests, %d of %d cached; want the 10 listing pages and all cached", st.Requests, cached, len(second.Repos))
	}
}
