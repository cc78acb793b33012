package repolinter

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/repogov/repogov/internal/gittest"
	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/local"
)

// TestDifferential runs repolinter 0.12.0 (REPOGOV_REPOLINTER: its bin/repolinter.js,
// installed by .ci/repolinter-differential.sh) and repogov, through the converted
// policy, on the fixture repositories with the same rulesets, and compares the
// verdicts. Every difference must be listed, with its reason, in docs/policy.md's
// "repolinter differences" table; a listed difference that no longer happens fails too,
// so the table stays true.
func TestDifferential(t *testing.T) {
	bin := os.Getenv("REPOGOV_REPOLINTER")
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("REPOGOV_REPOLINTER is not set: run .ci/repolinter-differential.sh")
		}
		t.Skip("REPOGOV_REPOLINTER not set (.ci/repolinter-differential.sh installs repolinter 0.12.0)")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node is needed to run repolinter")
	}
	known := knownDifferences(t)
	work := t.TempDir()
	repos := fixtureRepos(t, work)
	tiers := localTiers(t, work)
	rulesets := []struct{ name, path string }{
		{"default", "testdata/default.json"},
		{"alltypes", "testdata/alltypes.json"},
		{"tier4", filepath.Join(tiers, "tier4", "repolinter.json")},
	}
	ctx := context.Background()
	seen := map[string]bool{}
	for _, rs := range rulesets {
		abs, _ := filepath.Abs(rs.path)
		res, err := Import(ctx, abs, rules.All(), Options{Offline: true})
		if err != nil {
			t.Fatalf("%s: %v", rs.name, err)
		}
		pol, err := policy.Parse(rs.name+".yml", res.Policy, rules.All())
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]string{} // repolinter rule → policy rule id
		for _, c := range pol.Configs() {
			ids[c.Rule.ID] = c.Rule.ID
		}
		agree, total := 0, 0
		for _, repoDir := range repos {
			name := filepath.Base(repoDir)
			want := runRepolinter(t, bin, repoDir, abs)
			got := runRepogov(ctx, t, pol, repoDir)
			var names []string
			for n := range want {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, rule := range names {
				rv := want[rule]
				gv := "ignored" // not enabled in the converted policy
				if id, ok := lookupID(res.Policy, rule); ok {
					if v, ok := got[id]; ok {
						gv = v
					}
				}
				total++
				if rv == gv {
					agree++
					continue
				}
				key := diffKey(rs.name, rule, name)
				if k, ok := known.match(rs.name, rule, name, rv, gv); ok {
					seen[k] = true
					continue
				}
				t.Errorf("%s: repolinter %s, repogov %s — fix it or list it in docs/policy.md", key, rv, gv)
			}
		}
		t.Logf("differential: %s: %d of %d verdicts agree (%.1f%%) on %d repositories", rs.name, agree, total, 100*float64(agree)/float64(total), len(repos))
	}
	for k := range known {
		if !seen[k] {
			t.Errorf("docs/policy.md lists a difference that no longer happens: %s", k)
		}
	}
}

func diffKey(ruleset, rule, repo string) string { return ruleset + " / " + rule + " / " + repo }

// lookupID finds the policy id of a repolinter rule from the converted policy's
// "# repolinter: NAME" comments (or license-identified).
func lookupID(pol []byte, rule string) (string, bool) {
	sc := bufio.NewScanner(bytes.NewReader(pol))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if id, ok := strings.CutPrefix(line, "- id: "); ok {
			id, comment, _ := strings.Cut(id, " # repolinter: ")
			if comment == rule {
				return strings.TrimSpace(id), true
			}
		}
	}
	return "license-identified", rule == "license-detectable-by-licensee" || strings.HasPrefix(rule, "license-detectable")
}

// runRepolinter lints dir and returns each rule's verdict: pass, fail, ignored, error.
func runRepolinter(t *testing.T, bin, dir, ruleset string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", bin, "lint", dir, "-r", ruleset, "--format", "json", "--dryRun")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, _ := cmd.Output() // exit status 1 means "some rule failed"
	var res struct {
		Errored bool
		ErrMsg  string
		Results []struct {
			RuleInfo struct{ Name string }
			Status   string
		}
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("repolinter on %s: %v\n%s\n%s", dir, err, out, stderr.String())
	}
	if res.Errored {
		t.Fatalf("repolinter on %s with %s: %s", dir, ruleset, res.ErrMsg)
	}
	v := map[string]string{}
	for _, r := range res.Results {
		v[r.RuleInfo.Name] = map[string]string{"PASSED": "pass", "NOT_PASSED_ERROR": "fail", "NOT_PASSED_WARN": "fail",
			"IGNORED": "ignored", "ERROR": "error"}[r.Status]
	}
	return v
}

func runRepogov(ctx context.Context, t *testing.T, pol *policy.Policy, dir string) map[string]string {
	t.Helper()
	rep := scanner.Scan(ctx, []scanner.Source{local.New(dir, local.Options{})}, scanner.Options{Rules: pol.Configs(), Concurrency: 1})
	if len(rep.Repos) != 1 {
		t.Fatalf("repogov on %s: %d repositories, problems %v", dir, len(rep.Repos), rep.Problems)
	}
	v := map[string]string{}
	for _, r := range rep.Repos[0].Results {
		v[r.RuleID] = map[report.Status]string{report.Pass: "pass", report.Inherited: "pass", report.Fail: "fail",
			report.NotApplicable: "ignored", report.Exempt: "ignored", report.StatusError: "error"}[r.Status]
	}
	return v
}

// fixtureRepos copies testdata/repos (outside any git repository, so neither tool sees
// repogov's own history) and adds one git repository with history.
func fixtureRepos(t *testing.T, work string) []string {
	t.Helper()
	var out []string
	src := filepath.Join("..", "..", "testdata", "repos")
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		dst := filepath.Join(work, "repos", e.Name())
		if err := os.CopyFS(dst, os.DirFS(filepath.Join(src, e.Name()))); err != nil {
			t.Fatal(err)
		}
		out = append(out, dst)
	}
	files := gittest.Files{}
	complete := filepath.Join(src, "complete")
	fs.WalkDir(os.DirFS(complete), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			b, _ := os.ReadFile(filepath.Join(complete, p))
			files[p] = string(b)
		}
		return nil
	})
	files["keys/deploy.pem"] = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n"
	gitRepo := filepath.Join(work, "repos", "with-history")
	if _, err := gittest.Create(gitRepo, files, gittest.Options{Commits: 3}); err != nil {
		t.Fatal(err)
	}
	return append(out, gitRepo)
}

// localTiers copies the tier chain and points its extends at the copies: repolinter
// cannot map URLs to files.
func localTiers(t *testing.T, work string) string {
	t.Helper()
	dst := filepath.Join(work, "tiers")
	for i := 0; i < 5; i++ {
		b, err := os.ReadFile(fmt.Sprintf("testdata/tiers/tier%d/repolinter.json", i))
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.ReplaceAll(b, []byte(tierBase), []byte("../"))
		os.MkdirAll(filepath.Join(dst, fmt.Sprintf("tier%d", i)), 0o755)
		if err := os.WriteFile(filepath.Join(dst, fmt.Sprintf("tier%d", i), "repolinter.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// knownDifferences reads docs/policy.md's table of repolinter differences: rows
// `| ruleset | rule | repository | repolinter | repogov | reason |`, where ruleset, rule
// and repository may be `*`.
type differences map[string][6]string

func knownDifferences(t *testing.T) differences {
	t.Helper()
	b, err := os.ReadFile("../../docs/policy.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "<!-- repolinter-differences -->")
	if !ok {
		t.Fatal("docs/policy.md has no <!-- repolinter-differences --> table")
	}
	table, _, _ = strings.Cut(table, "<!-- /repolinter-differences -->")
	d := differences{}
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(cells) != 6 || strings.HasPrefix(strings.TrimSpace(cells[0]), "---") || strings.TrimSpace(cells[0]) == "ruleset" {
			continue
		}
		var row [6]string
		for i, c := range cells {
			row[i] = strings.Trim(strings.TrimSpace(c), "`")
		}
		if row[5] == "" {
			t.Errorf("docs/policy.md: difference %v has no reason", row)
		}
		d[strings.Join(row[:5], " / ")] = row
	}
	return d
}

func (d differences) match(ruleset, rule, repo, rv, gv string) (string, bool) {
	for k, row := range d {
		m := func(pat, v string) bool { return pat == "*" || pat == v }
		if m(row[0], ruleset) && m(row[1], rule) && m(row[2], repo) && row[3] == rv && row[4] == gv {
			return k, true
		}
	}
	return "", false
}
