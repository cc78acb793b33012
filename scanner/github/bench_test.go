package github

import (
	"context"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/repogov/repogov/internal/githubtest"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/selection"
)

// readsGovernance stands in for the built-in rule set: it reads every governance file
// of the snapshot (and of the org defaults), as the licence, community, CODEOWNERS and
// publiccode.yml rules do.
var readsGovernance = rules.Rule{ID: "reads-governance", Title: "bench", Severity: rules.Note,
	Check: func(ctx context.Context, s *repo.Snapshot, _ rules.Options) rules.Result {
		reads := rules.ReadSet(rules.All())
		n := 0
		for _, snap := range []*repo.Snapshot{s, s.OrgDefaults} {
			if snap == nil {
				continue
			}
			for _, e := range snap.Entries() {
				if e.Kind == repo.File && e.Size > 0 && e.Size <= snap.MaxRead && reads.Match(e.Path) {
					if _, err := snap.ReadFile(ctx, e.Path); err != nil {
						return rules.Result{Status: rules.StatusError, Message: err.Error()}
					}
					n++
				}
			}
		}
		return rules.Result{Status: rules.Pass, Message: strconv.Itoa(n)}
	}}

func benchOrg(b *testing.B, n int) {
	store := githubtest.NewStore()
	githubtest.Synthetic(store, "synth", n)
	srv := githubtest.Start(b, store, githubtest.Options{Token: testToken, Latency: benchLatency})
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
		// Production retry settings (the unit tests shorten them).
		s := newSource(b, srv, Options{Token: testToken, Retry: Retry{Attempts: 5}, Selection: selection.Selection{IncludeArchived: true, IncludeForks: true}}, "synth")
		start := time.Now()
		rep := scanner.Scan(context.Background(), []scanner.Source{s}, scanner.Options{
			Rules: rules.Defaults(append(rules.All(), readsGovernance)),
		})
		wall := time.Since(start)
		close(done)
		runtime.GC()
		var live runtime.MemStats
		runtime.ReadMemStats(&live)
		if f := os.Getenv("BENCH_HEAPPROF"); f != "" {
			if w, err := os.Create(f); err == nil {
				pprof.WriteHeapProfile(w)
				w.Close()
			}
		}
		b.ReportMetric(float64(live.HeapInuse-base.HeapInuse)/(1<<20), "retained-after-scan-MB")
		runtime.KeepAlive(s)
		if len(rep.Repos) != n+1 || rep.Incomplete || rep.Errors() {
			b.Fatalf("scan: %d repositories, incomplete %v, problems %v", len(rep.Repos), rep.Incomplete, rep.Problems)
		}
		st := srv.Stats()
		b.ReportMetric(float64(st.Requests), "requests")
		b.ReportMetric(float64(st.GraphQL), "graphql-requests")
		b.ReportMetric(float64(st.Points), "points")
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(base.HeapInuse)/(1<<20), "fake-server-heap-MB")
		if rss := peakRSS(); rss > 0 {
			b.ReportMetric(rss, "peak-RSS-MB")
		}
	}
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

// BenchmarkOrg1000: go test ./scanner/github -run '^$' -bench Org1000 -benchtime=1x
func BenchmarkOrg1000(b *testing.B) { benchOrg(b, 1000) }

// BenchmarkOrg10000: go test ./scanner/github -run '^$' -bench Org10000 -benchtime=1x
func BenchmarkOrg10000(b *testing.B) { benchOrg(b, 10000) }

// benchLatency is the injected latency per request (BENCH_LATENCY overrides it, e.g. 0s for profiling).
var benchLatency = func() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("BENCH_LATENCY")); err == nil {
		return d
	}
	return 100 * time.Millisecond
}()
