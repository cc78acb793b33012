package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLIEnv runs the command line in-process with an environment.
func runCLIEnv(env map[string]string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

// TestStoreCommands walks the history: two scans of a repository that loses its README,
// then every command that reads the store.
func TestStoreCommands(t *testing.T) {
	tmp := t.TempDir()
	app := filepath.Join(tmp, "app")
	readme := filepath.Join(app, "README.md")
	if err := os.MkdirAll(app, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(readme, []byte("# app\n\nA repository with a README long enough for the readme rule to pass.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := "sqlite:" + filepath.Join(tmp, "history.db")
	check := func(name string, want int, args ...string) (string, string) {
		t.Helper()
		code, stdout, stderr := runCLIEnv(map[string]string{"REPOGOV_STORE": db}, args...)
		if code != want {
			t.Fatalf("%s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", name, code, want, stdout, stderr)
		}
		return stdout, stderr
	}
	formats := func(dir string) []string {
		var out []string
		for _, f := range []string{"json", "csv", "sarif", "html", "markdown", "table", "summary"} {
			out = append(out, "-f", f+"="+filepath.Join(dir, f))
		}
		return out
	}
	first := filepath.Join(tmp, "first")
	os.Mkdir(first, 0o755)
	check("first scan", ExitOK, append([]string{"scan", "-q", "--fail-on", "none", app}, formats(first)...)...)
	if err := os.Remove(readme); err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(tmp, "second")
	os.Mkdir(second, 0o755)
	check("second scan", ExitOK, append([]string{"scan", "-q", "--fail-on", "none", "--store", db, app}, formats(second)...)...)

	md, err := os.ReadFile(filepath.Join(second, "markdown"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "### Since the last run (run 1)") || !strings.Contains(string(md), "| app | readme | ✅ pass | ❌ fail |") {
		t.Errorf("the markdown report lacks the changes since the last run:\n%s", md)
	}
	html, _ := os.ReadFile(filepath.Join(second, "html"))
	if !bytes.Contains(html, []byte(`<svg class="trend"`)) {
		t.Error("the HTML report has no trend chart")
	}

	// report re-renders every format byte for byte, for either run.
	for run, dir := range map[string]string{"1": first, "latest": second} {
		again := filepath.Join(tmp, "again-"+run)
		os.Mkdir(again, 0o755)
		check("report "+run, ExitOK, append([]string{"report", "--run", run}, formats(again)...)...)
		for _, f := range []string{"json", "csv", "sarif", "html", "markdown", "table", "summary"} {
			a, _ := os.ReadFile(filepath.Join(dir, f))
			b, _ := os.ReadFile(filepath.Join(again, f))
			if !bytes.Equal(a, b) || len(a) == 0 {
				t.Errorf("run %s, %s: the stored report differs from the scan's (%d vs %d bytes)", run, f, len(a), len(b))
			}
		}
	}

	out, _ := check("diff", ExitOK, "diff")
	if !strings.Contains(out, "regressions (1)") || !strings.Contains(out, "readme  pass → fail") {
		t.Errorf("diff:\n%s", out)
	}
	_, stderr := check("diff --fail-on-regression", ExitFindings, "diff", "--fail-on-regression", "1", "2")
	if !strings.Contains(stderr, "1 regressions between run 1 and run 2") {
		t.Errorf("stderr: %s", stderr)
	}
	check("diff backwards", ExitOK, "diff", "--fail-on-regression", "2", "1")
	out, _ = check("diff json", ExitOK, "diff", "-f", "json")
	var d struct{ Regressions []struct{ RuleID string } }
	if err := json.Unmarshal([]byte(out), &d); err != nil || len(d.Regressions) != 1 || d.Regressions[0].RuleID != "readme" {
		t.Errorf("diff JSON: %v %s", err, out)
	}
	out, _ = check("diff markdown", ExitOK, "diff", "-f", "markdown")
	if !strings.Contains(out, "### Regressions (1)") {
		t.Errorf("diff markdown:\n%s", out)
	}

	out, _ = check("trend", ExitOK, "trend", "--rule", "readme")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 3 || !strings.Contains(lines[1], "100 %") || !strings.Contains(lines[2], "0 %") {
		t.Errorf("trend:\n%s", out)
	}
	out, _ = check("trend csv", ExitOK, "trend", "-f", "csv", "--by", "month")
	if !strings.HasPrefix(out, "period,run,") {
		t.Errorf("trend csv:\n%s", out)
	}
	out, _ = check("history", ExitOK, "history", "app")
	if !strings.Contains(out, "pass → fail  readme") {
		t.Errorf("history:\n%s", out)
	}
	out, _ = check("store info", ExitOK, "store", "info")
	if !strings.Contains(out, "runs          2") {
		t.Errorf("store info:\n%s", out)
	}
	out, _ = check("prune", ExitOK, "store", "prune", "--keep", "1")
	if !strings.Contains(out, "pruned 1 runs") {
		t.Errorf("prune: %s", out)
	}

	for _, tc := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"missing run", []string{"report", "--run", "999"}, `no run or label "999"`},
		{"unmatched label", []string{"report", "--run", "weekly-2026-01"}, `no run or label "weekly-2026-01"`},
		{"bad diff format", []string{"diff", "-f", "html"}, `--format "html"`},
		{"bad by", []string{"trend", "--by", "day"}, `--by "day"`},
		{"bad since", []string{"trend", "--since", "yesterday"}, `--since "yesterday"`},
		{"unknown repository", []string{"history", "acme/none"}, `no repository "acme/none"`},
		{"keep 0", []string{"store", "prune", "--keep", "0"}, "--keep must be at least 1"},
		{"label without store", []string{"scan", "--run-label", "x", "--store", "", app}, ""},
		{"corrupt store", []string{"report", "--store", "sqlite:" + filepath.Join(tmp, "first", "json")}, "not a valid SQLite database"},
		{"missing store", []string{"diff", "--store", "sqlite:" + filepath.Join(tmp, "nope.db")}, "no such file"},
		{"not a store URL", []string{"diff", "--store", "mysql://x"}, "want sqlite:PATH or a postgres:// URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"REPOGOV_STORE": db}
			if tc.name == "label without store" {
				env = nil
			}
			code, stdout, stderr := runCLIEnv(env, tc.args...)
			if code != ExitError || stdout != "" || !strings.Contains(stderr, tc.stderr) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", code, stdout, stderr, tc.stderr)
			}
		})
	}
}

// TestScanStoreFailureStillWritesReports: a store that cannot be written costs the run,
// never the report files; the exit code says so.
func TestScanStoreFailureStillWritesReports(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "report.json")
	other := filepath.Join(tmp, "other.db")
	if err := os.WriteFile(other, []byte(strings.Repeat("not a database\n", 400)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, url := range []string{"postgres://repogov:secret@127.0.0.1:1/x?connect_timeout=2", "sqlite:" + other} {
		os.Remove(out)
		code, _, stderr := runCLIEnv(nil, "scan", "-q", "--fail-on", "none", "--store", url, "-f", "json="+out, compliant)
		if code != ExitError {
			t.Errorf("%s: exit %d, want 2", url, code)
		}
		if !strings.Contains(stderr, "the report was written, the run was not saved") || strings.Count(stderr, "\n") != 1 || strings.Contains(stderr, "secret") {
			t.Errorf("%s: stderr %q", url, stderr)
		}
		if b, err := os.ReadFile(out); err != nil || !bytes.Contains(b, []byte(`"repositories"`)) {
			t.Errorf("%s: the report was not written: %v", url, err)
		}
	}
}

// TestSaveDefaultFile: --save without a store URL uses the XDG data directory.
func TestSaveDefaultFile(t *testing.T) {
	data := t.TempDir()
	code, _, stderr := runCLIEnv(map[string]string{"XDG_DATA_HOME": data}, "scan", "-q", "--fail-on", "none", "--save", "-f", "json="+filepath.Join(data, "r.json"), compliant)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(data, "repogov", "history.db")); err != nil {
		t.Errorf("no history file: %v", err)
	}
	code, stdout, _ := runCLIEnv(map[string]string{"XDG_DATA_HOME": data}, "store", "info")
	if code != ExitOK || !strings.Contains(stdout, "runs          1") {
		t.Errorf("store info on the default file: %d %s", code, stdout)
	}
}
