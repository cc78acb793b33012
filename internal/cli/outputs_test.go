package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repogov/repogov/reporters"
)

func TestScanWritesEveryFormat(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "proj")
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(target, "main.go"), []byte("package main\n"), 0o644)
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o755)

	args := []string{"scan", target, "-f", "table", "--sarif-dir", filepath.Join(out, "sarif")}
	for _, f := range reporters.Formats() {
		if f != "table" {
			args = append(args, "-f", f+"="+filepath.Join(out, "report."+f))
		}
	}
	var stdout, stderr bytes.Buffer
	env := func(k string) string { return "" }
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr, env)
	if code != ExitFindings {
		t.Errorf("exit %d, want %d (the README is missing); stderr:\n%s", code, ExitFindings, stderr.String())
	}
	if !strings.Contains(stdout.String(), "readme") || strings.Contains(stdout.String(), "\x1b[") {
		t.Errorf("stdout is not a plain table:\n%s", stdout.String())
	}
	for _, f := range reporters.Formats() {
		if f == "table" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(out, "report."+f))
		if err != nil || len(b) == 0 {
			t.Errorf("%s: %v (%d bytes)", f, err, len(b))
		}
	}
	if _, err := os.Stat(filepath.Join(out, "sarif", "proj.sarif")); err != nil {
		t.Errorf("per-repository SARIF: %v", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(out, ".*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	var doc struct {
		Targets []string `json:"targets"`
		Policy  struct{ Digest string }
	}
	b, _ := os.ReadFile(filepath.Join(out, "report.json"))
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Targets) != 1 || doc.Targets[0] != target || !strings.HasPrefix(doc.Policy.Digest, "sha256:") {
		t.Errorf("run description: %+v", doc)
	}
}

func TestColorAllowed(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, true},
		{map[string]string{"NO_COLOR": "1"}, false},
		{map[string]string{"TERM": "dumb"}, false},
		{map[string]string{"TERM": "xterm-256color"}, true},
	} {
		if got := colorAllowed(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("colorAllowed(%v) = %v", tc.env, got)
		}
	}
	// Not a terminal (a buffer): never colour, whatever the environment.
	e := &env{stdout: &bytes.Buffer{}, getenv: func(string) string { return "" }}
	if o := terminalOptions(e); o.Color || o.Width != 0 {
		t.Errorf("terminalOptions for a buffer = %+v", o)
	}
}
