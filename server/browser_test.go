package server

import (
	"context"
	"flag"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite docs/img/ screenshots")

// TestBrowser runs .ci/serve-browser-test.cjs (playwright-core driving Debian's chromium)
// against a server over a real store: every page renders without console errors or
// requests leaving the origin, links and filters work, and screenshots are written
// (to docs/img/ with -update). Locally it skips when chromium or playwright-core is
// missing; in CI (CI=true) it fails. .ci/serve-browser-test.sh installs both.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	modules := os.Getenv("REPOGOV_PLAYWRIGHT")
	node, nodeErr := exec.LookPath("node")
	_, chromiumErr := os.Stat(chromium)
	_, pwErr := os.Stat(filepath.Join(modules, "playwright-core"))
	if modules == "" || nodeErr != nil || chromiumErr != nil || pwErr != nil {
		msg := "needs node, chromium and REPOGOV_PLAYWRIGHT=DIR/node_modules with playwright-core (.ci/serve-browser-test.sh)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	reps := synthOrg(240, 8, 0.03, 7)
	now := reps[len(reps)-1].Finished
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("s3cret-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tok, err := ReadTokenFile(tokenFile)
	if err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, reps, Options{AuthToken: tok, Now: func() time.Time { return now }})
	ctx, cancel := context.WithCancel(context.Background())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln, nil) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("shutdown: %v", err)
		}
	}()
	shots := t.TempDir()
	if *update {
		_, file, _, _ := runtime.Caller(0)
		shots = filepath.Join(filepath.Dir(file), "..", "docs", "img")
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	sn := s.snap.Load()
	base := "http://" + ln.Addr().String()
	repo := "/repo/" + encodeKey(sn.Repos[sn.byScore[0]].Key)
	diff := "/diff?from=" + itoa(sn.Runs[1].ID) + "&to=" + itoa(sn.Runs[0].ID)
	cmd := exec.Command(node, "../.ci/serve-browser-test.cjs", base, shots, repo, "/rule/readme", diff, tok)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules, "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("browser test: %v", err)
	}
}
