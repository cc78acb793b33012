package store

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/repogov/repogov/history"
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
	start()
	save(b, s, r)
	write := time.Since(t0)
	say("write one run (10,000 repositories × 21 rules): %.2fs %s", write.Seconds(), cpu())
	b.ReportMetric(write.Seconds(), "write-s")

	size0 := storeSize(b, s)
	again := o.report("")
	again.RunID = "unchanged"
	save(b, s, again)
	size1 := storeSize(b, s)
	say("unchanged re-scan adds: %.2f MB", float64(size1-size0)/1e6)
	b.ReportMetric(float64(size1-size0)/1e6, "unchanged-MB")

	var slowest time.Duration
	var weekly time.Duration
	for w := 2; w < weeks; w++ {
		o.advance(0.02)
		rep := o.report("")
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
	if _, err := s.Load(ctx, to); err != nil {
		b.Fatal(err)
	}
	say("load the latest run: %.2fs %s", time.Since(t0).Seconds(), cpu())
	b.ReportMetric(time.Since(t0).Seconds(), "load-s")

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
