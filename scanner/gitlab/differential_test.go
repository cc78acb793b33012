package gitlab

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/gitlabtest"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/local"
)

// hostFacts are the documented differences between a GitLab scan and a local scan of
// the same files (docs/gitlab.md, "Differences from a local scan"): rules about host
// metadata have none locally, and GitLab reads CODEOWNERS and description templates in
// its own places, so a repository laid out for GitHub (.github/CODEOWNERS,
// .github/ISSUE_TEMPLATE/, .github/pull_request_template.md) fails them on GitLab.
var hostFacts = map[string]string{
	"repository-description": "host metadata",
	"repository-topics":      "host metadata",
	"inactive":               "host metadata",
	"codeowners":             "GitLab reads CODEOWNERS from the root, docs/ and .gitlab/ only",
	"issue-templates":        "GitLab reads issue templates from .gitlab/issue_templates/ only",
	"pull-request-template":  "GitLab reads merge request templates from .gitlab/merge_request_templates/ only",
}

// The fake GitLab serving the fixture repositories (testdata/repos) gives every rule
// the status a local scan of the same files gives, except the documented host facts.
func TestDifferentialWithLocal(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "repos")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	store := gitlabtest.NewStore()
	group := gitlabtest.Group(store, "fixtures")
	var srcs []scanner.Source
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if err := gitlabtest.AddDir(store, group, e.Name(), p, gitlabtest.ProjectMeta{}); err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, local.New(p, local.Options{}))
	}
	srv := gitlabtest.Start(t, store, gitlabtest.Options{Token: testToken})
	cfg := rules.Defaults(rules.All())
	now := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	gl := scanner.Scan(context.Background(), []scanner.Source{newSource(t, srv, Options{Token: testToken, Selection: all}, "fixtures")},
		scanner.Options{Rules: cfg, Now: now})
	loc := scanner.Scan(context.Background(), srcs, scanner.Options{Rules: cfg, Now: now})
	statuses := func(r *report.Report) map[string]map[string]report.Status {
		out := map[string]map[string]report.Status{}
		for _, rr := range r.Repos {
			if rr.Error != "" {
				t.Errorf("%s: %s", rr.Meta.FullName, rr.Error)
			}
			m := map[string]report.Status{}
			for _, res := range rr.Results {
				if hostFacts[res.RuleID] != "" {
					continue
				}
				if res.Status == report.Fail && onlyURLMismatch(res.Findings) {
					// publiccode.yml's url names the fixture's GitHub home: checked
					// against the host's URL only when there is one (a host fact).
					res.Status = report.Pass
				}
				m[res.RuleID] = res.Status
			}
			out[rr.Meta.Name] = m
		}
		return out
	}
	want, got := statuses(loc), statuses(gl)
	if len(want) < 5 || len(got) != len(want) {
		var names []string
		for n := range got {
			names = append(names, n)
		}
		sort.Strings(names)
		t.Fatalf("local scan of %d repositories, GitLab scan of %v", len(want), names)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("per-rule statuses differ beyond the documented host facts (-local +gitlab):\n%s", diff)
	}
}

func onlyURLMismatch(fs []report.Finding) bool {
	for _, f := range fs {
		if f.Key != "url|repo-mismatch" {
			return false
		}
	}
	return len(fs) > 0
}
