package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repogov/repogov/internal/githubtest"
	"github.com/repogov/repogov/internal/gitlabtest"
	"github.com/repogov/repogov/remediate"
	ghsrc "github.com/repogov/repogov/scanner/github"
)

// remediateEnv scans github:acme of the fake GitHub into a store and returns the fake, a
// runner of "repogov remediate SUB --store … ARGS" (whose output must never hold the
// token) and the time its pacer slept.
func remediateEnv(t *testing.T, sub string) (*githubtest.Server, func(args ...string) (int, string, string), *time.Duration) {
	t.Helper()
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: secretToken, Enterprise: true})
	db := "sqlite:" + filepath.Join(t.TempDir(), "h.db")
	vars := map[string]string{"GITHUB_TOKEN": secretToken}
	if code, _, stderr := runGitHub(t, srv, vars, "--store", db, "--include-archived", "github:acme"); code > 1 {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	slept := new(time.Duration)
	pacer := &remediate.Pacer{Now: func() time.Time { return now }, Sleep: func(_ context.Context, d time.Duration) error { now = now.Add(d); *slept += d; return nil }}
	return srv, func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		e := &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), getenv: func(k string) string { return vars[k] }, pacer: pacer,
			githubRetry: &ghsrc.Retry{Attempts: 3, Base: time.Millisecond, Max: 2 * time.Millisecond, Secondary: time.Millisecond, Timeout: 2 * time.Second}}
		code := e.run(context.Background(), append([]string{"remediate", sub, "--github-url", srv.URL, "--store", db}, args...))
		if strings.Contains(out.String()+errb.String(), secretToken) {
			t.Errorf("the token appears in the output")
		}
		return code, out.String(), errb.String()
	}, slept
}

// TestRemediateIssues: scan github:acme into a store, plan (dry run writes nothing),
// apply, and re-run (nothing to do, zero writes); the token is never printed.
func TestRemediateIssues(t *testing.T) {
	srv, rem, slept := remediateEnv(t, "issues")
	srv.ResetStats()
	code, out, stderr := rem("-f", "json")
	if code != 0 || srv.Stats().Writes != 0 || !strings.Contains(stderr, "dry run") {
		t.Fatalf("dry run: exit %d, %d writes: %s", code, srv.Stats().Writes, stderr)
	}
	var plan remediate.Plan
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatal(err)
	}
	creates := plan.Count(remediate.Create)
	if creates == 0 || plan.Count(remediate.Skip) == 0 { // acme has non-compliant and archived repositories
		t.Fatalf("plan: %d creates, %d skips:\n%s", creates, plan.Count(remediate.Skip), out)
	}
	_, again, _ := rem("-f", "json")
	if again != out {
		t.Errorf("the plan is not deterministic")
	}
	code, out, stderr = rem("--apply")
	if code != 0 || srv.Stats().Writes < int64(2*creates) {
		t.Fatalf("apply: exit %d, %d writes: %s\n%s", code, srv.Stats().Writes, out, stderr)
	}
	if *slept < time.Duration(2*creates-1)*time.Second {
		t.Errorf("%d writes %v apart in total; want at least a second each", 2*creates, *slept)
	}
	srv.ResetStats()
	code, out, _ = rem("--apply")
	if code != 0 || srv.Stats().Writes != 0 || !strings.Contains(out, "unchanged") || strings.Contains(out, "\tcreate") {
		t.Errorf("second apply: exit %d, %d writes:\n%s", code, srv.Stats().Writes, out)
	}
	if code, _, stderr := rem("--fail-on", "bogus"); code != 2 || !strings.Contains(stderr, "--fail-on") {
		t.Errorf("bad --fail-on: exit %d %s", code, stderr)
	}
}

// TestRemediatePulls: scan github:acme into a store, plan fix pull requests from a
// policy's templates (a dry run writes nothing, the plan is deterministic), apply, and
// re-run (zero writes); a policy that makes no file is one clear line, exit 2.
func TestRemediatePulls(t *testing.T) {
	srv, rem, slept := remediateEnv(t, "pulls")
	dir := t.TempDir()
	pol := filepath.Join(dir, "policy.yml")
	empty := filepath.Join(dir, "empty.yml")
	writeFile := func(name, data string) {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(pol, "remediation:\n  contacts: {conduct: conduct@acme.example, security: security@acme.example}\n"+
		"templates:\n  support: {file: SUPPORT.md, text: \"# Support\\n\\nMail {{ .SecurityContact }} about {{ .Org }}/{{ .Repo }}.\\n\"}\n"+
		"  governance: {file: GOVERNANCE.md, text: \"# Governance of {{ .Repo }}\\n\"}\n")
	writeFile(empty, "version: 1\n")
	srv.ResetStats()
	code, out, stderr := rem("--config", pol, "-f", "json")
	if code != 0 || srv.Stats().Writes != 0 || !strings.Contains(stderr, "dry run") {
		t.Fatalf("dry run: exit %d, %d writes: %s\n%s", code, srv.Stats().Writes, stderr, out)
	}
	var plan remediate.PullPlan
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatal(err)
	}
	creates := plan.Count(remediate.Create)
	if creates == 0 || plan.Count(remediate.Skip) == 0 {
		t.Fatalf("plan: %d creates, %d skips:\n%s", creates, plan.Count(remediate.Skip), out)
	}
	if _, again, _ := rem("--config", pol, "-f", "json"); again != out {
		t.Errorf("the plan is not deterministic")
	}
	code, out, stderr = rem("--config", pol, "--apply")
	if code != 0 || srv.Stats().Writes < int64(2*creates) || *slept < time.Duration(2*creates-1)*time.Second {
		t.Fatalf("apply: exit %d, %d writes, slept %v: %s\n%s", code, srv.Stats().Writes, *slept, out, stderr)
	}
	srv.ResetStats()
	code, out, _ = rem("--config", pol, "--apply")
	if code != 0 || srv.Stats().Writes != 0 || !strings.Contains(out, fmt.Sprintf("%d unchanged", creates)) {
		t.Errorf("second apply: exit %d, %d writes:\n%s", code, srv.Stats().Writes, out)
	}
	if code, _, stderr := rem("--config", empty); code != 2 || !strings.Contains(stderr, "gives no file to propose") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("policy without templates: exit %d %q", code, stderr)
	}
}

// TestRemediatePullsGitLab: on GitLab the files' template is read from the group's
// gitlab-profile project and proposed as merge requests; a second run writes nothing.
func TestRemediatePullsGitLab(t *testing.T) {
	st := gitlabtest.Fixtures()
	gov := gitlabtest.Group(st, "gov")
	st.AddRepo(gov, "gitlab-profile", gitlabtest.ProjectMeta{PushedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		map[string]gitlabtest.File{"templates/SUPPORT.md": {Data: []byte("# Support for {{ .Repo }}\n\nAsk {{ .SupportContact }}.\n")}})
	srv := gitlabtest.Start(t, st, gitlabtest.Options{Token: secretGitLabToken, Scopes: []string{"api"}})
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "h.db")
	vars := map[string]string{"GITLAB_TOKEN": secretGitLabToken}
	if code, _, stderr := runGitLab(t, srv.BaseURL(), vars, "--store", db, "gitlab:gov"); code > 1 {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	pol := filepath.Join(dir, "policy.yml")
	if err := os.WriteFile(pol, []byte("remediation:\n  contacts: {support: help@gov.example}\ntemplates:\n  support: {file: SUPPORT.md, source: templates/SUPPORT.md}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	pacer := &remediate.Pacer{Now: func() time.Time { return now }, Sleep: func(_ context.Context, d time.Duration) error { now = now.Add(d); return nil }}
	rem := func() (int, string, string) {
		var out, errb bytes.Buffer
		e := &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), getenv: func(k string) string { return vars[k] }, pacer: pacer}
		code := e.run(context.Background(), []string{"remediate", "pulls", "--gitlab-url", srv.BaseURL(), "--store", db, "--config", pol, "--apply"})
		if strings.Contains(out.String()+errb.String(), secretGitLabToken) {
			t.Errorf("the token appears in the output")
		}
		return code, out.String(), errb.String()
	}
	srv.ResetStats()
	code, out, stderr := rem()
	if code != 0 || !strings.Contains(out, "create") {
		t.Fatalf("apply: exit %d:\n%s\n%s", code, out, stderr)
	}
	mrs := srv.MergeRequests("gov/portal")
	if len(mrs) != 1 || mrs[0].Source != remediate.PullBranch {
		t.Fatalf("gov/portal merge requests: %+v", mrs)
	}
	if got := srv.CommitFiles("gov/portal", srv.Branch("gov/portal", remediate.PullBranch))["SUPPORT.md"]; got != "# Support for portal\n\nAsk help@gov.example.\n" {
		t.Fatalf("SUPPORT.md on the branch: %q", got)
	}
	srv.ResetStats()
	if code, out, _ := rem(); code != 0 || srv.Stats().Writes != 0 || strings.Contains(out, "\tcreate") {
		t.Errorf("second run: exit %d, %d writes:\n%s", code, srv.Stats().Writes, out)
	}
}
