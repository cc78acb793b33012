package cli

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServe scans a repository twice into a store, then exports the dashboard and serves
// it: pages answer over loopback, cancelling the context (SIGINT/SIGTERM in main) shuts
// the server down with exit 0, and bad input is one line and exit 2.
func TestServe(t *testing.T) {
	tmp := t.TempDir()
	app := filepath.Join(tmp, "app")
	if err := os.MkdirAll(app, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(app, "README.md"), []byte("# app\n\nA repository with a README long enough for the readme rule to pass.\n"), 0o644)
	db := "sqlite:" + filepath.Join(tmp, "history.db")
	for range 2 {
		if code, _, stderr := runCLI(context.Background(), "scan", "-q", "--fail-on", "none", "--store", db, "-f", "json="+filepath.Join(tmp, "r.json"), app); code != ExitOK {
			t.Fatalf("scan: exit %d: %s", code, stderr)
		}
	}
	site := filepath.Join(tmp, "site")
	cfg := filepath.Join(tmp, "policy.yml")
	os.WriteFile(cfg, []byte("version: 1\nteams:\n  - {team: '@acme/apps', prefixes: [ap]}\n"), 0o644)
	if code, _, stderr := runCLI(context.Background(), "serve", "-q", "--store", db, "--config", cfg, "--export", site); code != ExitOK {
		t.Fatalf("serve --export: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(site, "api/v1/teams.json")); !strings.Contains(string(b), `"team": "@acme/apps"`) {
		t.Errorf("the policy's team mapping is not applied: %s", b)
	}
	for _, f := range []string{"index.html", "repos.html", "runs.html", "api/v1/runs.json", "static/style.css"} {
		if _, err := os.Stat(filepath.Join(site, f)); err != nil {
			t.Errorf("export: %v", err)
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var stderr string
	go func() {
		var code int
		code, _, stderr = runCLI(ctx, "serve", "--store", db, "--addr", addr)
		done <- code
	}()
	var resp *http.Response
	for deadline := time.Now().Add(20 * time.Second); ; {
		resp, err = http.Get("http://" + addr + "/")
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("GET /: %d, CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	cancel()
	select {
	case code := <-done:
		if code != ExitOK {
			t.Errorf("after shutdown: exit %d", code)
		}
		if !strings.Contains(stderr, `"msg":"request"`) || !strings.Contains(stderr, `"path":"/"`) {
			t.Errorf("no JSON access log on stderr:\n%s", stderr)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}

	empty := filepath.Join(tmp, "empty-token")
	os.WriteFile(empty, []byte("\n"), 0o600)
	for _, tc := range [][]string{
		{"serve", "--store", "sqlite:" + filepath.Join(tmp, "nope.db")},
		{"serve", "--store", db, "--auth-token-file", empty},
		{"serve", "--store", db, "--addr", "127.0.0.1:99999"},
	} {
		code, _, stderr := runCLI(context.Background(), tc...)
		if code != ExitError || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", tc, code, stderr)
		}
	}
}

// The memory limit is a safety net above the live heap, never at it.
func TestServeMemoryLimit(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, 110 << 20},
		{20 << 20, 110 << 20}, // a 10,000-repository run
		{100 << 20, 400 << 20},
	} {
		if got := serveMemoryLimit(c.live); got != c.want {
			t.Errorf("serveMemoryLimit(%d MiB) = %d MiB, want %d MiB", c.live>>20, got>>20, c.want>>20)
		}
	}
}
