//go:build linux

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/repogov/repogov/internal/gittest"
)

// BenchmarkLicenceStartup times a built repogov on repositories with typical licence
// files (issue 13 #6: one repository < 150 ms wall and < 60 MB peak RSS, a folder of 66
// < 0.75 s). It prints the median wall time and peak RSS of each; the figures depend on
// the machine and its load, so nothing here asserts them.
//
//	go test ./cmd/repogov -run '^$' -bench LicenceStartup -benchtime 5x
func BenchmarkLicenceStartup(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "repogov")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	repos := filepath.Join(dir, "repos")
	if err := gittest.LicenceTrees(repos, 66, filepath.Join("..", "..", "rules", "license", "testdata", "canonical")); err != nil {
		b.Fatal(err)
	}
	run := func(target string) (time.Duration, int64) {
		cmd := exec.Command(bin, "scan", "--format", "json", target)
		cmd.Stdout, cmd.Stderr = nil, os.Stderr
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		if _, ok := err.(*exec.ExitError); err != nil && !ok { // findings exit 1: fine
			b.Fatal(err)
		}
		return wall, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10
	}
	var oneWall, allWall []time.Duration
	var oneRSS, allRSS []int64
	for b.Loop() {
		w, r := run(filepath.Join(repos, "lic-00"))
		oneWall, oneRSS = append(oneWall, w), append(oneRSS, r)
		w, r = run(repos)
		allWall, allRSS = append(allWall, w), append(allRSS, r)
	}
	med := func(d []time.Duration) time.Duration { slices.Sort(d); return d[len(d)/2] }
	medi := func(d []int64) int64 { slices.Sort(d); return d[len(d)/2] }
	b.ReportMetric(float64(med(oneWall).Milliseconds()), "ms/one-repo")
	b.ReportMetric(float64(medi(oneRSS))/(1<<20), "MB-rss/one-repo")
	b.ReportMetric(float64(med(allWall).Milliseconds()), "ms/66-repos")
	b.ReportMetric(float64(medi(allRSS))/(1<<20), "MB-rss/66-repos")
	b.Logf("one repository: %v wall, %.1f MB peak RSS; 66 repositories: %v wall, %.1f MB peak RSS (median of %d runs)",
		med(oneWall), float64(medi(oneRSS))/(1<<20), med(allWall), float64(medi(allRSS))/(1<<20), len(oneWall))
}
