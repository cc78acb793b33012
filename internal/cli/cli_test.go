package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repogov/repogov/internal/gittest"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
)

// runCLI runs the command line in-process.
func runCLI(ctx context.Context, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(ctx, args, strings.NewReader(""), &out, &errb, func(string) string { return "" })
	return code, out.String(), errb.String()
}

var (
	compliant = filepath.Join("..", "..", "testdata", "repos", "compliant")
	minimal   = filepath.Join("..", "..", "testdata", "repos", "minimal")
)

func TestRun(t *testing.T) {
	tmp := t.TempDir()
	mirrors := filepath.Join(tmp, "mirrors")
	for name, o := range map[string]gittest.Options{
		"alpha.git": {Bare: true, Packed: true},
		"beta":      {},
		"empty.git": {Bare: true, NoCommits: true},
	} {
		if _, err := gittest.Create(filepath.Join(mirrors, name), gittest.Files{"README.md": "# " + name + "\n"}, o); err != nil {
			t.Fatal(err)
		}
	}
	// Rules other than readme come and go: exit codes 0/1 are tested with --fail-on none
	// here and with synthetic reports in TestExitCode; readme's result is asserted.
	readme := "# good\n\nA repository with a README long enough for the readme rule to pass.\n"
	good := filepath.Join(tmp, "good")
	if _, err := gittest.Create(good, gittest.Files{"README.md": readme}, gittest.Options{}); err != nil {
		t.Fatal(err)
	}
	// Uncommitted: README exists on disk only.
	draft := filepath.Join(tmp, "draft")
	if _, err := gittest.Create(draft, gittest.Files{"main.go": "package main\n"}, gittest.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(draft, "README.md"), []byte(readme), 0o644); err != nil {
		t.Fatal(err)
	}
	outFile := filepath.Join(tmp, "report.txt")
	// A folder of plain (non-git) directories that look like repositories.
	plain := filepath.Join(tmp, "plain")
	for _, p := range []string{"one/README.md", "two/LICENSE"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(plain, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(plain, p), []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	for _, tc := range []struct {
		name       string
		args       []string
		code       int
		stdout     []string // substrings expected on stdout
		stderr     []string // substrings expected on stderr
		noStdout   bool
		checkFiles func(t *testing.T)
	}{
		{name: "version", args: []string{"version"}, code: ExitOK, stdout: []string{"repogov 0.0.0-dev"}},
		{name: "rules list", args: []string{"rules"}, code: ExitOK, stdout: []string{"ID", "readme"}},
		{name: "rules explain", args: []string{"rules", "readme"}, code: ExitOK, stdout: []string{"readme — ", "severity: "}},
		{name: "rules unknown", args: []string{"rules", "nope"}, code: ExitError, stderr: []string{`unknown rule "nope"`}, noStdout: true},
		{name: "unknown command", args: []string{"frobnicate"}, code: ExitError, stderr: []string{"unknown command"}, noStdout: true},
		{name: "unknown flag", args: []string{"scan", "--frob"}, code: ExitError, stderr: []string{"unknown flag: --frob"}, noStdout: true},
		{name: "bad fail-on", args: []string{"scan", "--fail-on", "fatal", compliant}, code: ExitError, stderr: []string{"--fail-on: unknown severity"}, noStdout: true},
		{name: "bad format", args: []string{"scan", "-f", "xml", compliant}, code: ExitError, stderr: []string{`unknown format "xml"`}, noStdout: true},
		{name: "bad jobs", args: []string{"scan", "-j", "0", compliant}, code: ExitError, stderr: []string{"--jobs must be at least 1"}, noStdout: true},
		{name: "bad size", args: []string{"scan", "--max-file-size", "lots", compliant}, code: ExitError, stderr: []string{"--max-file-size"}, noStdout: true},
		{name: "org defaults missing", args: []string{"scan", "--org-defaults", filepath.Join(tmp, "nope"), compliant}, code: ExitError, stderr: []string{"--org-defaults", "not a directory"}, noStdout: true},
		{name: "org defaults", args: []string{"scan", "--fail-on", "none", "--org-defaults", compliant, good}, code: ExitOK, stdout: []string{"✓ readme "}},
		{name: "compliant", args: []string{"scan", "--fail-on", "none", compliant}, code: ExitOK, stdout: []string{"compliant", "✓ readme "}},
		{name: "findings", args: []string{"scan", minimal}, code: ExitFindings, stdout: []string{"minimal", "fail"}},
		{name: "findings, fail-on none", args: []string{"scan", "--fail-on", "none", minimal}, code: ExitOK, stdout: []string{"fail"}},
		{name: "default target is .", args: []string{"scan", "-q"}, code: ExitFindings, stdout: []string{".\n"}},
		{name: "missing path among good ones", args: []string{"scan", compliant, filepath.Join(tmp, "nope"), good}, code: ExitError,
			stdout: []string{"compliant", "nope: no such file or directory", "good"}, stderr: []string{"no such file or directory"}},
		{name: "file as target", args: []string{"scan", filepath.Join(compliant, "README.md")}, code: ExitError, stdout: []string{"not a directory"}},
		{name: "folder of mirrors", args: []string{"scan", mirrors}, code: ExitError,
			stdout: []string{"mirrors/alpha.git  ", "mirrors/beta  ", "mirrors/empty.git  ", "repository has no commits"}},
		{name: "folder, recursive", args: []string{"scan", "--fail-on", "none", "-r", tmp}, code: ExitError,
			stdout: []string{"mirrors/alpha.git  ", "mirrors/beta  ", "good  ", "draft  ", "repository has no commits"}},
		{name: "folder of plain directories: one repository, with a notice", args: []string{"scan", "--fail-on", "none", plain}, code: ExitOK,
			stdout: []string{"plain  "}, stderr: []string{"it is scanned as ONE repository. Use --children"}},
		{name: "--children", args: []string{"scan", "--fail-on", "none", "--children", plain}, code: ExitOK,
			stdout: []string{"plain/one  ", "plain/two  "}},
		{name: "--children with --recursive", args: []string{"scan", "--children", "-r", plain}, code: ExitError,
			stderr: []string{"--children and --recursive exclude each other"}, noStdout: true},
		{name: "uncommitted ignored by default", args: []string{"scan", draft}, code: ExitFindings, stdout: []string{"✗ readme "}},
		{name: "uncommitted with --worktree", args: []string{"scan", "--fail-on", "none", "--worktree", draft}, code: ExitOK, stdout: []string{"✓ readme "}},
		{name: "URL that cannot be cloned", args: []string{"scan", "file://" + filepath.Join(tmp, "nope.git"), good}, code: ExitError,
			stdout: []string{"clone file://", "good"}},
		{name: "output file", args: []string{"scan", "--fail-on", "none", "-o", outFile, compliant}, code: ExitOK, noStdout: true,
			checkFiles: func(t *testing.T) {
				b, err := os.ReadFile(outFile)
				if err != nil || !strings.Contains(string(b), "compliant") {
					t.Errorf("report file: %q, %v", b, err)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(context.Background(), tc.args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, stdout, stderr)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			if strings.Contains(stderr, "\r") {
				t.Errorf("progress drawn on a stderr that is not a terminal:\n%q", stderr)
			}
			if tc.noStdout && stdout != "" {
				t.Errorf("stdout should be empty, got:\n%s", stdout)
			}
			if tc.checkFiles != nil {
				tc.checkFiles(t)
			}
		})
	}
}

func TestInterruptedScan(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(t.TempDir(), "report.txt")
	code, stdout, stderr := runCLI(ctx, "scan", "-o", out, compliant, minimal)
	if code != ExitError {
		t.Errorf("exit code %d, want %d", code, ExitError)
	}
	if stdout != "" {
		t.Errorf("stdout: %q", stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no report written for an interrupted scan: %v", err)
	}
	if !strings.Contains(string(b), "INCOMPLETE") {
		t.Errorf("report not marked incomplete:\n%s", b)
	}
	if !strings.Contains(stderr, "incomplete") {
		t.Errorf("stderr does not say the scan is incomplete:\n%s", stderr)
	}
}

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newProgress(&buf)
	p.now = func() time.Time { return now }
	p.Start(4)
	p.Begin("acme/alpha")
	now = now.Add(time.Second)
	p.Done("acme/alpha")
	now = now.Add(time.Second)
	p.Begin("acme/beta")
	now = now.Add(10 * time.Millisecond)
	p.Done("acme/beta") // within 100 ms of the last draw: not drawn
	now = now.Add(time.Second)
	p.Begin("acme/gamma")
	p.Done("acme/gamma")
	p.Begin("acme/delta")
	p.Done("acme/delta") // the last one is always drawn
	p.Finish()
	got := strings.Split(buf.String(), "\r\033[K")
	want := []string{"", "0/4   0%  ETA --  acme/alpha", "1/4  25%  ETA 3s  acme/alpha", "1/4  25%  ETA 6s  acme/beta",
		"2/4  50%  ETA 3s  acme/gamma", "4/4 100%  ETA 0s  acme/delta", ""}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("progress lines:\n got %q\nwant %q", got, want)
	}
	// After Finish a log line is written as is.
	buf.Reset()
	fmt.Fprint(p.LogWriter(), "level=WARN msg=x\n")
	if got, want := buf.String(), "level=WARN msg=x\n"; got != want {
		t.Errorf("log after Finish = %q, want %q", got, want)
	}
	// During the scan a log line clears the progress line, which is then drawn again.
	buf.Reset()
	p = newProgress(&buf)
	p.now = func() time.Time { return now }
	p.Start(2)
	p.Begin("a")
	fmt.Fprint(p.LogWriter(), "level=WARN msg=x\n")
	if got, want := buf.String(), "\r\033[K0/2   0%  ETA --  a\r\033[Klevel=WARN msg=x\n\r\033[K0/2   0%  ETA --  a"; got != want {
		t.Errorf("log during the scan = %q, want %q", got, want)
	}
	if isTerminal(&buf) {
		t.Error("a buffer is not a terminal")
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1048576": 1 << 20, "1MiB": 1 << 20, "512kib": 512 << 10, "2MB": 2e6, "10 KB": 10e3, "3m": 3 << 20} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "lots", "1.5MB"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) succeeded", in)
		}
	}
}

func TestExitCode(t *testing.T) {
	res := func(st rules.Status, sev rules.Severity) rules.Result { return rules.Result{Status: st, Severity: sev} }
	for _, tc := range []struct {
		name   string
		rep    report.Report
		failOn rules.Severity
		want   int
	}{
		{"all pass", report.Report{Repos: []report.Repository{{Results: []rules.Result{res(rules.Pass, rules.Error)}}}}, rules.Error, ExitOK},
		{"warning, fail on error", report.Report{Repos: []report.Repository{{Results: []rules.Result{res(rules.Fail, rules.Warning)}}}}, rules.Error, ExitOK},
		{"warning, fail on warning", report.Report{Repos: []report.Repository{{Results: []rules.Result{res(rules.Fail, rules.Warning)}}}}, rules.Warning, ExitFindings},
		{"note, fail on note", report.Report{Repos: []report.Repository{{Results: []rules.Result{res(rules.Fail, rules.Note)}}}}, rules.Note, ExitFindings},
		{"error, fail on none", report.Report{Repos: []report.Repository{{Results: []rules.Result{res(rules.Fail, rules.Error)}}}}, rules.SeverityNone, ExitOK},
		{"inherited and exempt are not failures", report.Report{Repos: []report.Repository{{Results: []rules.Result{res(rules.Inherited, rules.Error), res(rules.Exempt, rules.Error)}}}}, rules.Note, ExitOK},
		{"rule error", report.Report{Repos: []report.Repository{{Results: []rules.Result{res(rules.StatusError, rules.Note)}}}}, rules.SeverityNone, ExitError},
		{"repository error", report.Report{Repos: []report.Repository{{Error: "boom"}}}, rules.SeverityNone, ExitError},
		{"incomplete", report.Report{Incomplete: true}, rules.SeverityNone, ExitError},
	} {
		if got := exitCode(&tc.rep, tc.failOn); got != tc.want {
			t.Errorf("%s: exit code %d, want %d", tc.name, got, tc.want)
		}
	}
}
