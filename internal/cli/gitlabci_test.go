package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/internal/gitlabtest"
)

// The GitLab CI template (ci/gitlab/repogov.gitlab-ci.yml) is valid YAML with the job
// GitLab needs, and its scan command, run as the job would run it against a fake GitLab,
// writes every artifact it declares, the Code Quality report among them.
func TestGitLabCITemplate(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "ci", "gitlab", "repogov.gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Variables map[string]string `yaml:"variables"`
		Job       struct {
			Script       []string              `yaml:"script"`
			Rules        []struct{ If string } `yaml:"rules"`
			AllowFailure struct {
				ExitCodes []int `yaml:"exit_codes"`
			} `yaml:"allow_failure"`
			Artifacts struct {
				When    string            `yaml:"when"`
				Paths   []string          `yaml:"paths"`
				Reports map[string]string `yaml:"reports"`
			} `yaml:"artifacts"`
		} `yaml:"repogov"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("not YAML: %v", err)
	}
	j := doc.Job
	if j.Artifacts.When != "always" || j.Artifacts.Reports["codequality"] != "gl-code-quality-report.json" {
		t.Errorf("artifacts = %+v", j.Artifacts)
	}
	schedule := false
	for _, r := range j.Rules {
		schedule = schedule || strings.Contains(r.If, `$CI_PIPELINE_SOURCE == "schedule"`)
	}
	if !schedule {
		t.Errorf("the job does not run on schedules: %+v", j.Rules)
	}
	if len(j.AllowFailure.ExitCodes) != 1 || j.AllowFailure.ExitCodes[0] != ExitFindings {
		t.Errorf("allow_failure.exit_codes = %v, want [%d] (findings warn; incomplete scans fail)", j.AllowFailure.ExitCodes, ExitFindings)
	}
	var scan string
	for _, l := range j.Script {
		if strings.HasPrefix(l, "repogov scan ") {
			scan = l
		}
	}
	if scan == "" {
		t.Fatalf("no repogov scan line in %q", j.Script)
	}

	// Run it as the job's shell would, with the variables a group scan sets.
	srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: secretGitLabToken})
	vars := map[string]string{}
	for k, v := range doc.Variables {
		vars[k] = v
	}
	vars["REPOGOV_TARGETS"] = "gitlab:gov/health"
	vars["CI_SERVER_URL"] = srv.BaseURL()
	vars["GITLAB_TOKEN"] = secretGitLabToken
	args := shellWords(t, os.Expand(scan, func(k string) string { return vars[k] }))
	dir := t.TempDir()
	for i, a := range args {
		if strings.Contains(a, "=") && strings.HasPrefix(args[max(i-1, 0)], "-f") {
			name, file, _ := strings.Cut(a, "=")
			args[i] = name + "=" + filepath.Join(dir, file)
		}
		if a == ".repogov-cache" {
			args[i] = filepath.Join(dir, a)
		}
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), args[1:], strings.NewReader(""), &out, &errb, func(k string) string { return vars[k] })
	if code != ExitOK && code != ExitFindings {
		t.Fatalf("exit %d:\n%s", code, errb.String())
	}
	for _, p := range j.Artifacts.Paths {
		st, err := os.Stat(filepath.Join(dir, p))
		if err != nil || st.Size() == 0 {
			t.Errorf("artifact %s not written: %v", p, err)
		}
	}
	cq, _ := os.ReadFile(filepath.Join(dir, "gl-code-quality-report.json"))
	var issues []map[string]any
	if err := json.Unmarshal(cq, &issues); err != nil || len(issues) == 0 {
		t.Errorf("Code Quality report: %v, %d issues", err, len(issues))
	}
	if !strings.Contains(out.String(), "gov/health/records") {
		t.Errorf("the table on stdout does not name the projects:\n%s", out.String())
	}
}

// shellWords splits a command line as sh does for the forms the template uses: words,
// double-quoted strings, and nothing left of unset variables.
func shellWords(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	var cur strings.Builder
	in, quoted := false, false
	for _, r := range s {
		switch {
		case r == '"':
			in, quoted = !in, true
		case r == ' ' && !in:
			if cur.Len() > 0 || quoted {
				out = append(out, cur.String())
			}
			cur.Reset()
			quoted = false
		default:
			cur.WriteRune(r)
		}
	}
	if in {
		t.Fatalf("unbalanced quotes in %q", s)
	}
	if cur.Len() > 0 || quoted {
		out = append(out, cur.String())
	}
	return out
}
