package store

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/reporters"
)

// BenchmarkHistory measures the figures on a synthetic 10,000-repository org × 21
// rules, for each backend, and prints them:
//
//	go test ./store -run '^$' -bench History -benchtime 1x
//
// (REPOGOV_TEST_POSTGRES for the Postgres half; REPOGOV_BENCH_WEEKS to change the 52
// weekly runs.) Each step runs once per b.N; the figures are per step.
func BenchmarkHistory(b *testing.B) {
	weeks := 52
	if v, err := strconv.Atoi(os.Getenv("REPOGOV_BENCH_WEEKS")); err == nil && v > 1 {
		weeks = v
	}
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			for range b.N {
				benchHistory(b, be, weeks)
			}
		})
	}
}

func benchHistory(b *testing.B, be backend, weeks int) {
	ctx := context.Background()
	url := be.url(b)
	if dir := os.Getenv("REPOGOV_BENCH_KEEP"); dir != "" && be.name == "sqlite" {
		// Keep the SQLite store for measuring the commands (repogov report, diff, …).
		url = "sqlite:" + filepath.Join(dir, "bench.db")
		os.Remove(strings.TrimPrefix(url, "sqlite:"))
	}
	s := open(b, url, Options{})
	o := newOrg(42, 10000, 21)
	say := func(format string, args ...any) {
		fmt.Printf("%s: %s\n", be.name, fmt.Sprintf(format, args...))
	}

	var c0 time.Duration
	var t0 time.Time
	start := func() { t0, c0 = time.Now(), cpuTime() }
	cpu := func() string { return fmt.Sprintf("(%.2fs CPU in this process)", (cpuTime() - c0).Seconds()) }

	r := o.report("")
	runtime.GC()
	peak := sampleHeap()
	start()
	save(b, s, r)
	write := time.Since(t0)
	say("write one run (10,000 repositories × 21 rules): %.2fs %s; Go heap peak %d MB above the report held in memory", write.Seconds(), cpu(), peak()/1e6)
	b.ReportMetric(write.Seconds(), "write-s")

	size0 := storeSize(b, s)
	again := o.report("")
	again.RunID = "unchanged"
	save(b, s, again)
	size1 := storeSize(b, s)
	say("unchanged re-scan adds: %.2f MB", float64(size1-size0)/1e6)
	b.ReportMetric(float64(size1-size0)/1e6, "unchanged-MB")

	var slowest time.Duration
	r, again = nil, nil
	var weekly time.Duration
	var live *report.Report
	for w := 2; w < weeks; w++ {
		o.advance(0.02)
		rep := o.report("")
		live = rep
		t := time.Now()
		c := cpuTime()
		save(b, s, rep)
		slowest = max(slowest, time.Since(t))
		weekly += cpuTime() - c
	}
	if weeks > 2 {
		say("weekly run write: slowest %.2fs, mean %.2fs CPU in this process", slowest.Seconds(), weekly.Seconds()/float64(weeks-2))
	}
	size := storeSize(b, s)
	say("%d weekly runs with 2%% of results changing: store %.1f MB (slowest write %.2fs)", weeks, float64(size)/1e6, slowest.Seconds())
	b.ReportMetric(float64(size)/1e6, "store-MB")

	from, err := s.Resolve(ctx, "latest~1")
	if err != nil {
		b.Fatal(err)
	}
	to, err := s.Resolve(ctx, "latest")
	if err != nil {
		b.Fatal(err)
	}
	start()
	d, err := s.Diff(ctx, from, to)
	if err != nil {
		b.Fatal(err)
	}
	say("diff of the last two runs: %.3fs %s (%d regressions, %d fixes, %d other, %d score changes)",
		time.Since(t0).Seconds(), cpu(), len(d.Regressions), len(d.Fixes), len(d.Other), len(d.Scores))
	b.ReportMetric(time.Since(t0).Seconds(), "diff-s")

	first, err := s.Resolve(ctx, "1")
	if err != nil {
		b.Fatal(err)
	}
	start()
	if _, err := s.Diff(ctx, first, to); err != nil {
		b.Fatal(err)
	}
	say("diff of the first and last runs: %.3fs %s", time.Since(t0).Seconds(), cpu())

	start()
	tr, err := s.Trend(ctx, TrendOptions{})
	if err != nil {
		b.Fatal(err)
	}
	say("trend over %d runs: %.3fs %s", len(tr.Points), time.Since(t0).Seconds(), cpu())
	b.ReportMetric(time.Since(t0).Seconds(), "trend-s")
	t0 = time.Now()
	if _, err := s.Trend(ctx, TrendOptions{By: history.ByMonth}); err != nil {
		b.Fatal(err)
	}
	say("trend by month: %.3fs", time.Since(t0).Seconds())

	start()
	loaded, err := s.Load(ctx, to)
	if err != nil {
		b.Fatal(err)
	}
	say("load the latest run: %.2fs %s", time.Since(t0).Seconds(), cpu())
	b.ReportMetric(time.Since(t0).Seconds(), "load-s")

	// A report from the store against the same report written from the live scan's
	// in-memory result: every format, to io.Discard.
	if live != nil {
		renderAll := func(r *report.Report) {
			for _, f := range reporters.Formats() {
				w, err := reporters.New(f, reporters.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if err := w.Write(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		}
		start()
		renderAll(live)
		liveWall, liveCPU := time.Since(t0), cpuTime()-c0
		start()
		sel, err := s.Resolve(ctx, "latest")
		if err != nil {
			b.Fatal(err)
		}
		rep, err := s.Load(ctx, sel)
		if err != nil {
			b.Fatal(err)
		}
		renderAll(rep)
		storeWall, storeCPU := time.Since(t0), cpuTime()-c0
		say("every format from the live report: %.2fs (%.2fs CPU); from the store (resolve, load, render): %.2fs (%.2fs CPU): %+.0f %% wall, %+.0f %% CPU",
			liveWall.Seconds(), liveCPU.Seconds(), storeWall.Seconds(), storeCPU.Seconds(),
			100*(storeWall.Seconds()/liveWall.Seconds()-1), 100*(storeCPU.Seconds()/liveCPU.Seconds()-1))
	}
	_ = loaded

	t0 = time.Now()
	page, err := s.Repositories(ctx, RepoQuery{Rule: "rule-03", Status: "fail", Sort: "-score", Limit: 50})
	if err != nil {
		b.Fatal(err)
	}
	say("repositories failing rule-03, worst first, one page: %.3fs (%d match)", time.Since(t0).Seconds(), page.Total)
	t0 = time.Now()
	if _, err := s.History(ctx, "acme/repo-00042"); err != nil {
		b.Fatal(err)
	}
	say("history of one repository: %.3fs", time.Since(t0).Seconds())
	say("peak RSS of the process so far: %d MB", peakRSS()/1e6)
}

// sampleHeap watches the Go heap until the returned function is called, which returns the
// peak growth over the heap at the start.
func sampleHeap() func() int64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := int64(ms.HeapAlloc)
	done := make(chan struct{})
	res := make(chan int64)
	go func() {
		var top int64
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			top = max(top, int64(m.HeapAlloc)-base)
			select {
			case <-done:
				res <- top
				return
			case <-t.C:
			}
		}
	}()
	return func() int64 { close(done); return <-res }
}

// storeSize is the SQLite file size after a checkpoint, or Postgres's table sizes.
func storeSize(t testing.TB, s *Store) int64 {
	t.Helper()
	if s.dialect == dialectSQLite {
		if _, err := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			t.Fatal(err)
		}
	} else if _, err := s.db.Exec(`VACUUM ANALYZE`); err != nil {
		t.Fatal(err)
	}
	n, err := s.size(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// peakRSS is the process's high-water resident set (Linux), 0 elsewhere.
func peakRSS() int64 {
	if runtime.GOOS != "linux" {
		return 0
	}
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}
