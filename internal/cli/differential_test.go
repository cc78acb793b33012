package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/githubtest"
	"github.com/repogov/repogov/report"
)

// hostFacts are the rules on what only a host knows (description, topics, activity): a
// local scan has no such metadata and says not-applicable. They are the documented
// difference between the two scans (docs/github.md).
var hostFacts = map[string]bool{"repository-description": true, "repository-topics": true, "inactive": true}

// A GitHub scan and a local scan of the same trees give the same statuses, rule by rule.
// The fake GitHub serves every fixture of testdata/repos (dotgithub as the organization's
// .github repository) with no host metadata; the local scan reads the directories, with
// dotgithub as --org-defaults. testdata/repos/nested keeps its files in subdirectories
// (LICENSES/, docs/, .github/ISSUE_TEMPLATE/, a PULL_REQUEST_TEMPLATE/ folder, changelog
// fragments, a logo and a screenshot in folders no rule names).
func TestGitHubMatchesLocal(t *testing.T) {
	reposDir := filepath.Join("..", "..", "testdata", "repos")
	store := githubtest.NewStore()
	org := store.Org("acme")
	ds, err := os.ReadDir(reposDir)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, d := range ds {
		if !d.IsDir() {
			continue
		}
		dir, name := filepath.Join(reposDir, d.Name()), d.Name()
		if name == "dotgithub" {
			name = ".github"
		} else {
			dirs = append(dirs, dir)
		}
		if err := store.LoadRepo(org, name, githubtest.RepoMeta{}, dir); err != nil {
			t.Fatal(err)
		}
	}
	srv := githubtest.Start(t, store, githubtest.Options{Token: secretToken, Enterprise: true})
	code, hosted, stderr := runGitHub(t, srv, map[string]string{"GITHUB_TOKEN": secretToken}, "--fail-on", "none", "github:acme")
	if code != ExitOK {
		t.Fatalf("github scan: exit %d\n%s", code, stderr)
	}
	var out, errb bytes.Buffer
	args := append([]string{"scan", "-f", "json", "--fail-on", "none", "--org-defaults", filepath.Join(reposDir, "dotgithub")}, dirs...)
	if code := run(context.Background(), args, strings.NewReader(""), &out, &errb, func(string) string { return "" }); code != ExitOK {
		t.Fatalf("local scan: exit %d\n%s", code, errb.String())
	}
	local := decodeReport(t, out.Bytes())

	statuses := func(r *report.Report, skip string) map[string]map[string]string {
		m := map[string]map[string]string{}
		for _, rp := range r.Repos {
			if rp.Meta.Name == skip {
				continue // the organization's .github repository: the local scan uses it as defaults only
			}
			if rp.Error != "" {
				t.Errorf("%s: %s", rp.Meta.Name, rp.Error)
			}
			m[rp.Meta.Name] = map[string]string{}
			for _, res := range rp.Results {
				st := string(res.Status)
				if hostFacts[res.RuleID] {
					st = "host fact"
				}
				m[rp.Meta.Name][res.RuleID] = st
			}
		}
		return m
	}
	want, got := statuses(local, ""), statuses(hosted, ".github")
	if len(want) != len(dirs) {
		t.Fatalf("local scan: %d repositories, want %d", len(want), len(dirs))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("per-rule statuses (-local +github):\n%s", diff)
	}
	if st := got["nested"]["publiccode-yml-valid"]; st != "pass" {
		t.Errorf("nested: publiccode-yml-valid on GitHub is %s, want pass (its logo and screenshot exist)", st)
	}
}
