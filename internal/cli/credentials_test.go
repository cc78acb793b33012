package cli

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repogov/repogov/internal/gittest"
	"github.com/repogov/repogov/reporters"
)

// gitHTTPServer serves the bare repositories under root over git's smart HTTP protocol
// (git http-backend, on loopback).
func gitHTTPServer(t *testing.T, root string) *httptest.Server {
	t.Helper()
	execPath, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Fatalf("git is needed for this test: %v", err)
	}
	backend := filepath.Join(strings.TrimSpace(string(execPath)), "git-http-backend")
	if _, err := os.Stat(backend); err != nil {
		t.Fatalf("git http-backend is needed for this test: %v", err)
	}
	srv := httptest.NewServer(&cgi.Handler{Path: backend, Env: []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"}, Stderr: io.Discard})
	t.Cleanup(srv.Close)
	return srv
}

// Credentials in target URLs never reach any output: reports of every format, logs at
// -v, errors, the cache.
func TestCredentialsNeverSurface(t *testing.T) {
	tmp := t.TempDir()
	root := filepath.Join(tmp, "srv")
	if _, err := gittest.Create(filepath.Join(root, "alpha.git"), gittest.Files{"README.md": "# alpha\n"}, gittest.Options{Bare: true}); err != nil {
		t.Fatal(err)
	}
	srv := gitHTTPServer(t, root)
	host := strings.TrimPrefix(srv.URL, "http://")
	targets := []string{
		"http://tokuserA:pwsecretA@" + host + "/alpha.git",              // reachable
		"http://tokuserB@" + host + "/missing.git",                      // reachable server, no such repository; a token as user name
		"https://tokuserC:pwsecretC@127.0.0.1:1/x.git",                  // unreachable
		"file://tokuserD:pwsecretD@" + filepath.Join(root, "alpha.git"), // file URL with userinfo
	}
	out := filepath.Join(tmp, "out")
	os.Mkdir(out, 0o755)
	args := append([]string{"scan", "-v", "-f", "table", "--sarif-dir", filepath.Join(out, "sarif"), "--cache", filepath.Join(tmp, "cache")}, targets...)
	for _, f := range reporters.Formats() {
		if f != "table" {
			args = append(args, "-f", f+"="+filepath.Join(out, "report."+f))
		}
	}
	code, stdout, stderr := runCLI(context.Background(), args...)
	if code != ExitError {
		t.Errorf("exit %d, want 2 (unreadable repositories); stderr:\n%s", code, stderr)
	}
	outputs := map[string]string{"stdout": stdout, "stderr": stderr}
	filepath.WalkDir(tmp, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(p, root) {
			b, _ := os.ReadFile(p)
			outputs[p] = string(b)
		}
		return nil
	})
	if len(outputs) < 2+len(reporters.Formats()) {
		t.Errorf("only %d outputs were written", len(outputs))
	}
	for name, s := range outputs {
		for _, secret := range []string{"tokuser", "pwsecret"} {
			if i := strings.Index(s, secret); i >= 0 {
				t.Errorf("%s carries %q: …%s…", name, secret, s[max(0, i-60):min(len(s), i+40)])
			}
		}
	}
	// The reachable repository was really scanned, under a redacted name.
	var doc struct {
		Targets      []string
		Repositories []struct {
			Name, Error string
		}
	}
	if err := json.Unmarshal([]byte(outputs[filepath.Join(out, "report.json")]), &doc); err != nil {
		t.Fatal(err)
	}
	scanned := 0
	for _, r := range doc.Repositories {
		if r.Error == "" {
			scanned++
		}
	}
	if scanned == 0 || len(doc.Targets) != len(targets) || !strings.Contains(doc.Targets[0], "://***@") {
		t.Errorf("targets %q, repositories %+v", doc.Targets, doc.Repositories)
	}
}

// --clone-timeout reaches the clone: a server that never answers is one error result.
func TestCloneTimeoutFlag(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, never answered
		}
	}()
	code, stdout, stderr := runCLI(context.Background(), "scan", "--clone-timeout", "300ms", "http://"+ln.Addr().String()+"/x.git", minimal)
	if code != ExitError || !strings.Contains(stdout, "--clone-timeout") || !strings.Contains(stdout, "minimal") {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}
