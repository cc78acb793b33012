package remediate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/githubtest"
	"github.com/repogov/repogov/internal/golden"
	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/remediate/texts"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
	ghsrc "github.com/repogov/repogov/scanner/github"
)

var now = time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)

func failingRules(ids ...string) report.Repository {
	rr := report.Repository{Meta: report.Meta{Owner: "acme", Name: "widget", FullName: "acme/widget", URL: "https://github.com/acme/widget"}}
	for _, id := range []string{"license-file", "code-of-conduct", "security-policy", "contributing", "readme"} {
		st := report.Pass
		for _, f := range ids {
			if f == id {
				st = report.Fail
			}
		}
		rr.Results = append(rr.Results, report.Result{RuleID: id, Status: st})
	}
	return rr
}

// loadPolicy writes yml (and the files beside it) to a directory and loads it.
func loadPolicy(t *testing.T, yml string, files map[string]string) *policy.Policy {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, ".repogov.yml")
	os.WriteFile(path, []byte(yml), 0o644)
	pol, err := policy.Load(path, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	return pol
}

// TestProducerGolden: every kind of file remediation produces, byte for byte.
func TestProducerGolden(t *testing.T) {
	for _, tc := range []struct {
		name, policy string
		files        map[string]string
		rr           report.Repository
		want         []string // paths produced
		problems     []string // substrings, in order
	}{
		{name: "license-mit", policy: "remediation:\n  license: {id: mit, holder: ACME Corp}\n",
			rr: failingRules("license-file"), want: []string{"LICENSE"}},
		{name: "license-apache", policy: "remediation:\n  license: {id: Apache-2.0, holder: ACME Corp, file: LICENSE.txt}\n",
			rr: failingRules("license-file", "readme"), want: []string{"LICENSE.txt"}},
		{name: "license-gpl-or-later", policy: "remediation:\n  license: {id: GPL-3.0-or-later}\n",
			rr: failingRules("license-file"), want: []string{"LICENSE"}},
		{name: "license-ncsa", policy: "remediation:\n  license: {id: NCSA, holder: ACME Corp}\n",
			rr: failingRules("license-file"), want: []string{"LICENSE"}},
		{name: "covenant", policy: "remediation:\n  contacts: {conduct: conduct@acme.example}\n",
			rr: failingRules("code-of-conduct", "license-file"), want: []string{"CODE_OF_CONDUCT.md"}},
		{name: "contacts-source", policy: "remediation:\n  contacts: {security: security@acme.example, support: https://acme.example/help}\n" +
			"templates:\n  security-policy: {file: .github/SECURITY.md, source: tmpl/SECURITY.md}\n",
			files: map[string]string{"tmpl/SECURITY.md": "# Security of {{ .Org }}/{{ .Repo }}\n\nMail {{ .SecurityContact }}; help: {{ .SupportContact }}. © {{ .Year }}\n"},
			rr:    failingRules("security-policy"), want: []string{".github/SECURITY.md"}},
		{name: "template-wins", policy: "remediation:\n  license: {id: MIT, holder: ACME}\n  contacts: {conduct: c@acme.example}\n" +
			"templates:\n  license-file: {file: COPYING, text: \"Ask legal, {{ .Org }}.\\n\"}\n  code-of-conduct: {file: CONDUCT.md, text: \"Be kind.\\n\"}\n",
			rr: failingRules("license-file", "code-of-conduct"), want: []string{"CONDUCT.md", "COPYING"}},
		// Never a licence the policy does not name; never a covenant without its contact.
		{name: "nothing", policy: "remediation:\n  contacts: {security: s@acme.example}\n",
			rr: failingRules("license-file", "code-of-conduct")},
		{name: "unfilled", policy: "templates:\n  security-policy: {file: SECURITY.md, text: \"Mail\\n{{ .SecurityContact }}\\n\"}\n",
			rr: failingRules("security-policy"), problems: []string{".repogov.yml:2:3: template security-policy: unfilled placeholder {{ .SecurityContact }}; SECURITY.md not written"}},
		{name: "unfilled-license", policy: "remediation:\n  license: {id: NCSA, holder: ACME}\n",
			rr:       report.Repository{Meta: report.Meta{Owner: "acme", Name: "w"}, Results: []report.Result{{RuleID: "license-file", Status: report.Fail}}},
			problems: []string{"remediation.license NCSA: licenses/NCSA.txt:7:15: unfilled placeholder [projecturl]; LICENSE not written"}},
		{name: "exempt-not-written", policy: "remediation:\n  license: {id: MIT, holder: ACME}\n",
			rr: report.Repository{Meta: report.Meta{Owner: "acme", Name: "w"}, Results: []report.Result{{RuleID: "license-file", Status: report.Exempt}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pol := loadPolicy(t, tc.policy, tc.files)
			files, problems := NewFiles(pol, LocalTemplates{}, now).Files(context.Background(), tc.rr)
			var paths []string
			for _, f := range files {
				paths = append(paths, f.Path)
				golden.Check(t, filepath.Join("testdata", "files", tc.name, f.Path+".golden"), f.Data)
			}
			if d := cmp.Diff(tc.want, paths); d != "" {
				t.Errorf("paths (-want +got):\n%s", d)
			}
			if len(problems) != len(tc.problems) {
				t.Fatalf("problems %v, want %d", problems, len(tc.problems))
			}
			for i, p := range problems {
				if !strings.Contains(p.Error(), tc.problems[i]) {
					t.Errorf("problem %q, want %q", p, tc.problems[i])
				}
			}
		})
	}
}

// TestLicensesVerbatim fills every embedded licence with sentinel values and checks that
// putting the placeholders back gives the embedded text exactly: only placeholders change.
func TestLicensesVerbatim(t *testing.T) {
	v := texts.Values{Year: "\x01Y\x01", Holder: "\x01H\x01", Project: "\x01P\x01", ProjectURL: "\x01U\x01", Email: "\x01E\x01"}
	back := strings.NewReplacer("\x01Y\x01", "[year]", "\x01H\x01", "[fullname]", "\x01P\x01", "[project]", "\x01U\x01", "[projecturl]", "\x01E\x01", "[email]")
	ids := texts.IDs()
	if len(ids) != 47 {
		t.Errorf("%d licence texts, want 47", len(ids))
	}
	for _, id := range ids {
		_, name, orig, err := texts.License(id)
		if err != nil {
			t.Fatal(err)
		}
		got, err := texts.Fill(name, orig, v)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if bytes.Contains(got, []byte("[year]")) || bytes.Contains(got, []byte("[fullname]")) {
			t.Errorf("%s: a placeholder is left", id)
		}
		if back.Replace(string(got)) != string(orig) {
			t.Errorf("%s: the filled text differs from the embedded one outside its placeholders", id)
		}
	}
}

// TestTextsPinned: the embedded texts are the ones data/SHA256SUMS pins.
func TestTextsPinned(t *testing.T) {
	sums, err := os.ReadFile("texts/data/SHA256SUMS")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		sum, name, _ := strings.Cut(line, "  ")
		var b []byte
		if name == texts.CovenantName {
			b = texts.Covenant()
		} else {
			_, _, b, err = texts.License(strings.TrimSuffix(strings.TrimPrefix(name, "licenses/"), ".txt"))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		h := sha256.Sum256(b)
		if hex.EncodeToString(h[:]) != sum {
			t.Errorf("%s: embedded text differs from SHA256SUMS", name)
		}
		n++
	}
	if n != 48 {
		t.Errorf("%d sums, want 48", n)
	}
}

func TestLicenseIDs(t *testing.T) {
	for _, tc := range []struct{ id, canon, name, err string }{
		{"apache-2.0", "Apache-2.0", "licenses/Apache-2.0.txt", ""},
		{"GPL-3.0-only", "GPL-3.0-only", "licenses/GPL-3.0.txt", ""},
		{"LGPL-2.1-or-later", "LGPL-2.1-or-later", "licenses/LGPL-2.1.txt", ""},
		{"GPL-2.0", "GPL-2.0-only", "licenses/GPL-2.0.txt", ""},
		{"MIT-0", "MIT-0", "licenses/MIT-0.txt", ""},
		{"Beerware", "Beerware", "", "no embedded text for Beerware"},
		{"Not-A-Licence", "", "", "not an SPDX licence id"},
	} {
		c, name, _, err := texts.License(tc.id)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: %v, want %q", tc.id, err, tc.err)
			}
			continue
		}
		if err != nil || c != tc.canon || name != tc.name {
			t.Errorf("%s: %s %s %v", tc.id, c, name, err)
		}
	}
}

// TestGitHubTemplates reads template sources from the org's .github repository on the
// fake GitHub: nested paths, the size bound, symbolic links, a missing file, and one read
// per file for many repositories.
func TestGitHubTemplates(t *testing.T) {
	store := githubtest.NewStore()
	org := store.Org("acme")
	big := strings.Repeat("x", maxTemplate+1)
	store.AddRepo(org, ".github", githubtest.RepoMeta{}, map[string]githubtest.File{
		"templates/SECURITY.md": {Data: []byte("Mail {{ .SecurityContact }} about {{ .Repo }}.\n")},
		"templates/BIG.md":      {Data: []byte(big)},
		"templates/LINK.md":     {Data: []byte("../../etc/passwd"), Mode: githubtest.ModeSymlink},
	})
	store.AddRepo(org, "governance", githubtest.RepoMeta{}, map[string]githubtest.File{
		"SECURITY.md": {Data: []byte("Governance repo: {{ .SecurityContact }}\n")},
	})
	srv := githubtest.Start(t, store, githubtest.Options{Token: token, RetryAfter: -1})
	src, err := ghsrc.New(ghsrc.Options{APIURL: srv.URL + "/", Token: token, Retry: ghsrc.Retry{Base: time.Millisecond, Max: time.Millisecond, Secondary: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	pol := loadPolicy(t, "remediation:\n  contacts: {security: s@acme.example}\ntemplates:\n  security-policy: {file: SECURITY.md, source: SRC}\n", nil)
	tmpl := pol.Templates()[0]
	ctx := context.Background()
	for _, tc := range []struct {
		repoSetting, source string
		want, err           string
	}{
		{"", "templates/SECURITY.md", "Mail s@acme.example about repo-0.\n", ""},
		{"", "./templates/SECURITY.md", "Mail s@acme.example about repo-0.\n", ""},
		{"governance", "SECURITY.md", "Governance repo: s@acme.example\n", ""},
		{"acme/governance", "SECURITY.md", "Governance repo: s@acme.example\n", ""},
		{"", "templates/BIG.md", "", fmt.Sprintf("larger than %d bytes", maxTemplate)},
		{"", "templates/LINK.md", "", "templates/LINK.md is not a regular file"},
		{"", "templates/NONE.md", "", "source templates/NONE.md in acme/.github: not found"},
		{"", "../x.md", "", "not a path in the templates repository"},
	} {
		reader := &GitHubTemplates{Client: src.REST, Repository: tc.repoSetting}
		p := NewFiles(pol, reader, now)
		tmpl := tmpl
		tmpl.SourceName = tc.source
		p.templates = []policy.Template{tmpl}
		srv.ResetStats()
		for i := range 3 { // three repositories of one organization: one read
			rr := failingRules("security-policy")
			rr.Meta.Name = fmt.Sprintf("repo-%d", i)
			files, problems := p.Files(ctx, rr)
			if tc.err != "" {
				if len(problems) != 1 || !strings.Contains(problems[0].Error(), tc.err) || len(files) != 0 {
					t.Errorf("%s %s: %v %v, want %q", tc.repoSetting, tc.source, files, problems, tc.err)
				}
				continue
			}
			if len(problems) > 0 || len(files) != 1 {
				t.Fatalf("%s %s: %v %v", tc.repoSetting, tc.source, files, problems)
			}
			if want := strings.ReplaceAll(tc.want, "repo-0", rr.Meta.Name); string(files[0].Data) != want {
				t.Errorf("%s %s: %q, want %q", tc.repoSetting, tc.source, files[0].Data, want)
			}
		}
		// A tree per path segment and the blob, once for the three repositories.
		want := int64(strings.Count(strings.TrimPrefix(tc.source, "./"), "/") + 2)
		if st := srv.Stats(); tc.err == "" && st.Requests != want {
			t.Errorf("%s %s: %d requests for three repositories, want %d (cached)", tc.repoSetting, tc.source, st.Requests, want)
		}
	}
}

func TestOptOuts(t *testing.T) {
	rep := &report.Report{Repos: []report.Repository{
		{Meta: report.Meta{FullName: "Acme/Out"}, Results: []report.Result{{RuleID: policy.RepoExemptionsRuleID, Status: report.Pass, Facts: map[string]any{"opt-out": true}}}},
		{Meta: report.Meta{FullName: "acme/in"}, Results: []report.Result{{RuleID: policy.RepoExemptionsRuleID, Status: report.Pass, Facts: map[string]any{"rules": []any{}}}}},
		{Meta: report.Meta{FullName: "acme/failed"}, Results: []report.Result{{RuleID: policy.RepoExemptionsRuleID, Status: report.Fail}}},
	}}
	if d := cmp.Diff(map[string]bool{"acme/out": true}, OptOuts(rep)); d != "" {
		t.Error(d)
	}
}
