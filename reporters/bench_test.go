package reporters

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/repogov/repogov/report"
)

// syntheticReport is an organization of n repositories with 21 rules each: most pass,
// some fail with findings, a few could not be read.
func syntheticReport(n int) *report.Report {
	r := &report.Report{Started: time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC), Targets: []string{"github:acme"},
		Policy: report.Policy{Name: "default", Digest: "sha256:0123456789abcdef"}}
	for k := range 21 {
		r.Rules = append(r.Rules, report.Rule{ID: fmt.Sprintf("rule-%02d", k), Title: "A governance rule", Severity: report.Severity(1 + k%3),
			HelpURL: fmt.Sprintf("https://github.com/repogov/repogov/blob/main/docs/rules.md#rule-%02d", k), Tags: []string{"community"}})
	}
	r.Finished = r.Started.Add(time.Minute)
	for i := range n {
		name := fmt.Sprintf("repository-%05d", i)
		rr := report.Repository{Meta: report.Meta{Host: "github.com", Owner: "acme", Name: name, FullName: "acme/" + name,
			URL: "https://github.com/acme/" + name, DefaultBranch: "main", HeadOID: fmt.Sprintf("%040x", i+1), Visibility: "public",
			Description: "A repository of the acme organization"}}
		if i%97 == 0 {
			rr.Error = "GitHub GraphQL: HTTP 502"
			r.Repos = append(r.Repos, rr)
			continue
		}
		for k, ru := range r.Rules {
			res := report.Result{RuleID: ru.ID, Status: report.Pass, Severity: ru.Severity, Message: "found the file the rule wants"}
			if (i+k)%5 == 0 {
				res.Status = report.Fail
				res.Message = "the file the rule wants is missing or incomplete"
				res.Remediation = "Add the file with the sections the rule lists."
				for f := range 1 + (i+k)%3 {
					res.Findings = append(res.Findings, report.Finding{Path: "docs/FILE.md", Line: f + 1, Message: "a section is missing"})
				}
			}
			rr.Results = append(rr.Results, res)
		}
		r.Repos = append(r.Repos, rr)
	}
	return r
}

// peakHeap runs f while sampling the heap, and returns the peak above the heap before f
// (after a GC). The collector runs at GOGC=5 meanwhile, so that the figure is what f
// keeps live, not garbage the default pacing lets pile up (up to the size of the
// report itself).
func peakHeap(f func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// BenchmarkWriteMemory prints the peak heap each format takes to write a report of 1,000
// and 10,000 repositories (above the report itself, which is also printed).
//
//	go test ./reporters -run '^$' -bench WriteMemory -benchtime 1x
func BenchmarkWriteMemory(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		var r *report.Report
		model := peakHeap(func() { r = syntheticReport(n) })
		b.Logf("%d repositories: the report itself takes %.1f MB of heap", n, float64(model)/(1<<20))
		for _, f := range Formats() {
			b.Run(fmt.Sprintf("%s/%d", f, n), func(b *testing.B) {
				rep, err := New(f, Options{Version: "1.0.0"})
				if err != nil {
					b.Fatal(err)
				}
				var peak uint64
				for b.Loop() {
					peak = max(peak, peakHeap(func() {
						if err := rep.Write(io.Discard, r); err != nil {
							b.Fatal(err)
						}
					}))
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
			})
		}
		runtime.KeepAlive(r)
	}
}
