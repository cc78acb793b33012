// Package action tests the GitHub Action's steps (action/install.sh, action/run.sh) as the
// runner executes them, against the in-process fake GitHub.
package action

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/githubtest"
)

const token = "ghp_actionTESTtoken0123456789"

// runner mimics what GitHub's runner gives a composite action's steps.
type runner struct {
	t                    *testing.T
	work, bin            string
	summary, output, gpa string
}

func newRunner(t *testing.T) *runner {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not available")
	}
	tmp := t.TempDir()
	r := &runner{t: t, work: filepath.Join(tmp, "workspace"), bin: filepath.Join(tmp, "bin", "repogov"),
		summary: filepath.Join(tmp, "step_summary.md"), output: filepath.Join(tmp, "output.txt"), gpa: filepath.Join(tmp, "path.txt")}
	os.MkdirAll(r.work, 0o755)
	build := exec.Command("go", "build", "-o", r.bin, "../cmd/repogov")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, f := range []string{r.summary, r.output, r.gpa} {
		os.WriteFile(f, nil, 0o644)
	}
	return r
}

// step runs one of the action's scripts with the runner's environment plus env.
func (r *runner) step(script string, env map[string]string) (int, string) {
	r.t.Helper()
	actionPath, _ := filepath.Abs(".")
	cmd := exec.Command("bash", filepath.Join(actionPath, script))
	cmd.Dir = r.work
	// What install.sh added to GITHUB_PATH is on PATH for later steps.
	path := os.Getenv("PATH")
	if b, _ := os.ReadFile(r.gpa); len(b) > 0 {
		for _, d := range strings.Fields(string(b)) {
			path = d + string(os.PathListSeparator) + path
		}
	}
	cmd.Env = []string{"PATH=" + path, "HOME=" + os.Getenv("HOME"), "GITHUB_ACTION_PATH=" + filepath.Dir(actionPath),
		"GITHUB_STEP_SUMMARY=" + r.summary, "GITHUB_OUTPUT=" + r.output, "GITHUB_PATH=" + r.gpa,
		"RUNNER_TEMP=" + r.t.TempDir(), "RUNNER_OS=Linux", "RUNNER_ARCH=X64", "REPOGOV_BIN=" + r.bin}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		r.t.Fatalf("%s: %v", script, err)
	}
	if strings.Contains(string(out), token) {
		r.t.Errorf("%s printed the token", script)
	}
	return code, string(out)
}

// outputs parses GITHUB_OUTPUT's key=value lines.
func (r *runner) outputs() map[string]string {
	f, err := os.Open(r.output)
	if err != nil {
		r.t.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			m[k] = v
		}
	}
	return m
}

// An organization scan: reports written, the summary in the job summary, outputs set,
// and each repository's SARIF uploaded to that repository's code scanning.
func TestActionOrganization(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: token, Enterprise: true})
	r := newRunner(t)
	if code, out := r.step("install.sh", nil); code != 0 {
		t.Fatalf("install.sh: exit %d\n%s", code, out)
	}
	// Code scanning takes uploads for public repositories only (no Code Security here),
	// and an empty repository has no commit to describe: select the public, non-empty ones.
	os.WriteFile(filepath.Join(r.work, "policy.yml"), []byte("selection:\n  visibility: [public]\n  exclude: [empty]\n"), 0o644)
	code, out := r.step("run.sh", map[string]string{
		"INPUT_TARGETS": "github:acme", "INPUT_CONFIG": "policy.yml", "INPUT_FAIL_ON": "none",
		"INPUT_GITHUB_URL": srv.URL, "INPUT_UPLOAD_SARIF": "true", "INPUT_FORMATS": "csv=extra.csv",
		"GITHUB_TOKEN": token,
	})
	if code != 0 {
		t.Fatalf("run.sh: exit %d\n%s", code, out)
	}

	o := r.outputs()
	var rep struct {
		Repositories []struct {
			Meta struct{ FullName, HeadOID, DefaultBranch string }
		}
		Summary struct{ Repositories, FullyCompliant int }
	}
	b, err := os.ReadFile(filepath.Join(r.work, o["json"]))
	if err != nil {
		t.Fatalf("json output %q: %v", o["json"], err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if want := rep.Summary.Repositories - rep.Summary.FullyCompliant; o["failing-repositories"] != strconv.Itoa(want) {
		t.Errorf("failing-repositories = %q, want %d", o["failing-repositories"], want)
	}
	if o["exit-code"] != "0" || o["repository-sarif"] != "" {
		t.Errorf("exit-code %q, repository-sarif %q for an organization scan", o["exit-code"], o["repository-sarif"])
	}
	for _, k := range []string{"html", "sarif", "markdown"} {
		if _, err := os.Stat(filepath.Join(r.work, o[k])); err != nil {
			t.Errorf("output %s = %q: %v", k, o[k], err)
		}
	}
	if _, err := os.Stat(filepath.Join(r.work, "extra.csv")); err != nil {
		t.Errorf("the extra format was not written: %v", err)
	}
	md, _ := os.ReadFile(filepath.Join(r.work, o["markdown"]))
	summary, _ := os.ReadFile(r.summary)
	if len(md) == 0 || string(summary) != string(md) {
		t.Errorf("the job summary is not the Markdown report (%d vs %d bytes)", len(summary), len(md))
	}

	var want []githubtest.SarifUpload
	for _, repo := range rep.Repositories {
		want = append(want, githubtest.SarifUpload{Repo: repo.Meta.FullName, CommitSHA: repo.Meta.HeadOID,
			Ref: "refs/heads/" + repo.Meta.DefaultBranch, Runs: 1, Category: "repogov/repogov:recommended"})
	}
	got := srv.Uploads()
	for i := range got {
		got[i].Results = 0 // counted per file; the commits and refs are what matter here
	}
	if len(want) == 0 || !cmp.Equal(want, got) {
		t.Errorf("uploads:\n%s", cmp.Diff(want, got))
	}

	// The next weekly run of an unchanged organization uploads nothing again.
	os.WriteFile(r.output, nil, 0o644)
	if code, out := r.step("run.sh", map[string]string{"INPUT_TARGETS": "github:acme", "INPUT_CONFIG": "policy.yml", "INPUT_FAIL_ON": "none",
		"INPUT_GITHUB_URL": srv.URL, "INPUT_UPLOAD_SARIF": "true", "GITHUB_TOKEN": token}); code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, out)
	}
	if n := len(srv.Uploads()); n != len(want) {
		t.Errorf("%d uploads after an unchanged re-run, want %d", n, len(want))
	}
}

// A single repository, as in a repository's own workflow: findings fail the step with
// exit 1, and repository-sarif names the one file to hand to upload-sarif.
func TestActionSingleRepository(t *testing.T) {
	r := newRunner(t)
	r.step("install.sh", nil)
	minimal, _ := filepath.Abs("../testdata/repos/minimal")
	code, out := r.step("run.sh", map[string]string{"INPUT_TARGETS": minimal})
	o := r.outputs()
	if code != 1 || o["exit-code"] != "1" || o["failing-repositories"] != "1" {
		t.Errorf("exit %d, outputs %v; want 1 and one failing repository\n%s", code, o, out)
	}
	if o["repository-sarif"] == "" {
		t.Fatalf("no repository-sarif output: %v", o)
	}
	if _, err := os.Stat(filepath.Join(r.work, o["repository-sarif"])); err != nil {
		t.Error(err)
	}
}

// With a store, the second weekly run's job summary says what changed since the first.
func TestActionStoreSummary(t *testing.T) {
	r := newRunner(t)
	r.step("install.sh", nil)
	minimal, _ := filepath.Abs("../testdata/repos/minimal")
	env := map[string]string{"INPUT_TARGETS": minimal, "INPUT_FAIL_ON": "none",
		"REPOGOV_STORE": "sqlite:" + filepath.Join(t.TempDir(), "history.db"), "INPUT_RUN_LABEL": "weekly-1"}
	if code, out := r.step("run.sh", env); code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, out)
	}
	os.WriteFile(r.summary, nil, 0o644)
	env["INPUT_RUN_LABEL"] = "weekly-2"
	if code, out := r.step("run.sh", env); code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, out)
	}
	b, _ := os.ReadFile(r.summary)
	if !strings.Contains(string(b), "### Since the last run (weekly-1)") || !strings.Contains(string(b), "No changes.") {
		t.Errorf("job summary:\n%s", b)
	}
}
