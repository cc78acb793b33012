package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/internal/gitlabtest"
	"github.com/repogov/repogov/remediate"
)

// The scheduled pipeline of docs/gitlab.md ("A scheduled pipeline") is valid YAML whose
// merge-request job only plans and whose schedule job applies, with the write token only
// there; run as the jobs would run them against the fake GitLab, the plan writes nothing,
// the schedule creates tracking issues, and a second schedule writes nothing.
func TestGitLabRemediationPipelineDoc(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "gitlab.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(doc), "### A scheduled pipeline")
	_, block, ok2 := strings.Cut(after, "```yaml\n")
	block, _, ok3 := strings.Cut(block, "```\n")
	if !ok || !ok2 || !ok3 {
		t.Fatal(`no yaml block under "### A scheduled pipeline" in docs/gitlab.md`)
	}
	type job struct {
		Extends   string            `yaml:"extends"`
		Rules     []map[string]any  `yaml:"rules"`
		Variables map[string]string `yaml:"variables"`
		Before    []string          `yaml:"before_script"`
		Script    []string          `yaml:"script"`
		Resource  string            `yaml:"resource_group"`
		Cache     struct {
			Paths []string `yaml:"paths"`
		} `yaml:"cache"`
	}
	var pipeline map[string]yaml.Node
	if err := yaml.Unmarshal([]byte(block), &pipeline); err != nil {
		t.Fatalf("docs/gitlab.md pipeline is not YAML: %v", err)
	}
	var global map[string]string
	if n, ok := pipeline["variables"]; !ok || n.Decode(&global) != nil {
		t.Fatal("no global variables")
	}
	jobs := map[string]job{}
	for _, name := range []string{".repogov", "governance-plan", "governance-apply"} {
		n, ok := pipeline[name]
		var j job
		if !ok {
			t.Fatalf("no job %s", name)
		}
		if err := n.Decode(&j); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		jobs[name] = j
	}
	plan, apply := jobs["governance-plan"], jobs["governance-apply"]
	if plan.Extends != ".repogov" || apply.Extends != ".repogov" {
		t.Error("the jobs do not extend .repogov")
	}
	ruleIf := func(j job) string {
		if len(j.Rules) != 1 {
			return ""
		}
		s, _ := j.Rules[0]["if"].(string)
		return s
	}
	if r := ruleIf(plan); r != `$CI_PIPELINE_SOURCE == "merge_request_event"` {
		t.Errorf("governance-plan runs on %q, want merge requests only", r)
	}
	if r := ruleIf(apply); r != `$CI_PIPELINE_SOURCE == "schedule"` {
		t.Errorf("governance-apply runs on %q, want schedules only", r)
	}
	if strings.Contains(strings.Join(plan.Script, "\n"), "--apply") || plan.Variables["GITLAB_TOKEN"] != "$REPOGOV_READ_TOKEN" {
		t.Errorf("governance-plan must neither apply nor hold the write token: %+v", plan)
	}
	if !strings.Contains(strings.Join(apply.Script, "\n"), "--apply") || apply.Variables["GITLAB_TOKEN"] != "$REPOGOV_WRITE_TOKEN" || apply.Resource == "" {
		t.Errorf("governance-apply must apply with the write token, one at a time: %+v", apply)
	}
	if len(apply.Cache.Paths) != 1 || "sqlite:"+apply.Cache.Paths[0] != global["REPOGOV_HISTORY"] {
		t.Errorf("the cache %v does not keep the history %s", apply.Cache.Paths, global["REPOGOV_HISTORY"])
	}

	srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: secretGitLabToken, Scopes: []string{"api"}})
	ci := map[string]string{"CI_SERVER_URL": srv.BaseURL(), "CI_PROJECT_URL": srv.BaseURL() + "/gov/governance", "CI_DEFAULT_BRANCH": "main",
		"REPOGOV_READ_TOKEN": secretGitLabToken, "REPOGOV_WRITE_TOKEN": secretGitLabToken}
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	pacer := &remediate.Pacer{Now: func() time.Time { return now }, Sleep: func(_ context.Context, d time.Duration) error { now = now.Add(d); return nil }}
	dir := t.TempDir()
	// runJob runs the job's repogov commands as its shell would, in dir; it returns the
	// last command's stdout and the fake's writes.
	runJob := func(j job) (string, int64) {
		t.Helper()
		vars := map[string]string{}
		for _, src := range []map[string]string{ci, global, j.Variables} {
			for k, v := range src {
				vars[k] = os.Expand(v, func(k string) string { return vars[k] })
			}
		}
		vars["REPOGOV_TARGETS"] = "gitlab:gov"
		srv.ResetStats()
		var last string
		for _, line := range append(append([]string{}, jobs[".repogov"].Before...), j.Script...) {
			args := shellWords(t, os.Expand(line, func(k string) string { return vars[k] }))
			if args[0] != "repogov" {
				continue // go install
			}
			for i, a := range args {
				if f, ok := strings.CutPrefix(a, "sqlite:"); ok {
					args[i] = "sqlite:" + filepath.Join(dir, f)
				}
				if i > 0 && args[i-1] == "-f" && strings.Contains(a, "=") {
					name, file, _ := strings.Cut(a, "=")
					args[i] = name + "=" + filepath.Join(dir, file)
				}
			}
			var out, errb bytes.Buffer
			e := &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), getenv: func(k string) string { return vars[k] }, pacer: pacer}
			if code := e.run(context.Background(), args[1:]); code != ExitOK {
				t.Fatalf("%s: exit %d:\n%s", line, code, errb.String())
			}
			if strings.Contains(out.String()+errb.String(), secretGitLabToken) {
				t.Errorf("%s: the token appears in the output", line)
			}
			last = out.String()
		}
		return last, srv.Stats().Writes
	}
	out, writes := runJob(plan)
	if writes != 0 || !strings.Contains(out, "create") {
		t.Errorf("governance-plan: %d writes, want 0 and a plan that creates issues:\n%s", writes, out)
	}
	out, writes = runJob(apply)
	if writes == 0 || !strings.Contains(out, "create") {
		t.Errorf("governance-apply: %d writes, want issues created:\n%s", writes, out)
	}
	out, writes = runJob(apply)
	if writes != 0 || strings.Contains(out, "create") {
		t.Errorf("second governance-apply: %d writes, want none:\n%s", writes, out)
	}
}
