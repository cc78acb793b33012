package server

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/store"
)

// BenchmarkServe measures `repogov serve` as users run it: a separate process over a
// SQLite store of 10,000 repositories × 52 weekly runs (2 % of results changing each
// week), 50 concurrent clients on loopback. It prints cold start (exec to the first
// overview served), p50/p99 latency of the overview, a filtered repository list and a
// repository page, and the server's peak RSS. Run it alone:
//
//	go test ./server -run '^$' -bench Serve -benchtime 1x
//
// REPOGOV_BENCH_STORE=PATH keeps the generated store between runs (it takes minutes).
func BenchmarkServe(b *testing.B) {
	const repos, runs, clients, perKind = 10_000, 52, 50, 1500
	path := os.Getenv("REPOGOV_BENCH_STORE")
	if path == "" {
		path = filepath.Join(b.TempDir(), "history.db")
	}
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		w, err := store.Open(context.Background(), "sqlite:"+path, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		synthRuns(repos, runs, 0.02, 11, func(r *report.Report) {
			if _, err := w.Save(context.Background(), r); err != nil {
				b.Fatal(err)
			}
		})
		w.Close()
		fi, _ := os.Stat(path)
		fmt.Printf("store: %d repositories × %d runs written in %s (%.1f MB)\n", repos, runs, time.Since(start).Round(time.Second), float64(fi.Size())/1e6)
	}
	bin := filepath.Join(b.TempDir(), "repogov")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/repogov").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	base := "http://" + addr

	b.ResetTimer()
	start := time.Now()
	cmd := exec.Command(bin, "serve", "-q", "--store", "sqlite:"+path, "--addr", addr)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer cmd.Process.Kill()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: 30 * time.Second}
	for {
		resp, err := client.Get(base + "/")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Since(start) > 60*time.Second {
			b.Fatal("the server did not start within 60 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cold := time.Since(start)
	rssCold := peakRSS(cmd.Process.Pid)
	// Repository histories come from the store until the in-memory index is built in the
	// background; measure the steady state, and say how long the index took.
	for {
		resp, err := client.Get(base + "/healthz")
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), `"historyIndexed": true`) {
			break
		}
		if time.Since(start) > 10*time.Minute {
			b.Fatal("no history index after 10 minutes")
		}
		time.Sleep(100 * time.Millisecond)
	}
	indexed := time.Since(start)
	rssIndexed := peakRSS(cmd.Process.Pid)

	// The request mix: every kind perKind times, spread over the clients. Filters and
	// repositories vary so that no single response is served from a cache.
	kinds := []string{"overview", "repositories (filtered)", "repository"}
	rules := []string{"readme", "license-file", "security-policy", "codeowners", "contributing"}
	url := func(kind string, i int) string {
		switch kind {
		case "overview":
			return "/"
		case "repositories (filtered)":
			return fmt.Sprintf("/repos?q=repo-0%02d&rule=%s&status=fail&sort=%s&order=desc", i%100, rules[(i/100)%len(rules)], []string{"score", "name", "failures"}[i%3])
		}
		return fmt.Sprintf("/repo/github.com/acme/repo-%05d", (i*7919)%repos)
	}
	type sample struct {
		kind int
		d    time.Duration
	}
	work := make(chan [2]int)
	results := make(chan sample, clients)
	var wg sync.WaitGroup
	var failures sync.Map
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for w := range work {
				t0 := time.Now()
				resp, err := client.Get(base + url(kinds[w[0]], w[1]))
				if err != nil {
					failures.Store(err.Error(), true)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					failures.Store(fmt.Sprintf("%s: %d", url(kinds[w[0]], w[1]), resp.StatusCode), true)
				}
				results <- sample{w[0], time.Since(t0)}
			}
		}()
	}
	go func() {
		for i := range perKind {
			for k := range kinds {
				work <- [2]int{k, i}
			}
		}
		close(work)
		wg.Wait()
		close(results)
	}()
	lat := make([][]time.Duration, len(kinds))
	loadStart := time.Now()
	for s := range results {
		lat[s.kind] = append(lat[s.kind], s.d)
	}
	elapsed := time.Since(loadStart)
	b.StopTimer()
	failures.Range(func(k, _ any) bool { b.Errorf("request failed: %v", k); return true })
	rss := peakRSS(cmd.Process.Pid)
	cmd.Process.Signal(syscall.SIGTERM)
	exit := make(chan error, 1)
	go func() { exit <- cmd.Wait() }()
	select {
	case err := <-exit:
		if err != nil {
			b.Errorf("after SIGTERM: %v", err)
		}
	case <-time.After(15 * time.Second):
		b.Error("no graceful exit within 15 s of SIGTERM")
	}

	fmt.Printf("repogov serve: %d repositories × %d runs, %d concurrent clients, %d requests in %s (%.0f req/s)\n",
		repos, runs, clients, perKind*len(kinds), elapsed.Round(time.Millisecond), float64(perKind*len(kinds))/elapsed.Seconds())
	fmt.Printf("  cold start (exec to first overview): %s; history index ready after %s\n", cold.Round(time.Millisecond), indexed.Round(time.Millisecond))
	for k, name := range kinds {
		d := lat[k]
		slices.Sort(d)
		fmt.Printf("  %-24s p50 %6.1f ms   p99 %6.1f ms   max %6.1f ms   (n=%d)\n", name, ms(pct(d, 0.50)), ms(pct(d, 0.99)), ms(d[len(d)-1]), len(d))
	}
	fmt.Printf("  server peak RSS: %.0f MB (%.0f MB by the first overview, %.0f MB once the history index was built)\n",
		float64(rss)/1e6, float64(rssCold)/1e6, float64(rssIndexed)/1e6)
}

func pct(d []time.Duration, p float64) time.Duration { return d[min(len(d)-1, int(float64(len(d))*p))] }

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// peakRSS reads a process's peak resident set size (VmHWM) from /proc, in bytes.
func peakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmHWM:" {
			var kb int64
			fmt.Sscan(f[1], &kb)
			return kb * 1024
		}
	}
	return 0
}
