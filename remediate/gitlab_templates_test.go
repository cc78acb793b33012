package remediate

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/repogov/repogov/internal/githubtest"
	"github.com/repogov/repogov/internal/gitlabtest"
	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/report"
	glsrc "github.com/repogov/repogov/scanner/gitlab"
)

// glTemplatesEnv is a fake GitLab with templates projects at two levels of the gov group
// and one project named by an explicit setting.
func glTemplatesEnv(t *testing.T) (*gitlabtest.Server, *glsrc.Source) {
	t.Helper()
	store := gitlabtest.NewStore()
	gov := gitlabtest.Group(store, "gov")
	health := gitlabtest.Group(store, "gov/health")
	gitlabtest.Group(store, "gov/health/labs")
	store.AddRepo(gov, "gitlab-profile", gitlabtest.ProjectMeta{}, map[string]gitlabtest.File{
		"README.md":                   {Data: []byte("# gov\n")},
		"templates/SECURITY.md":       {Data: []byte("gov: mail {{ .SecurityContact }} about {{ .Repo }}.\n")},
		"templates/CONTRIBUTING.md":   {Data: []byte("Contribute to {{ .Org }}/{{ .Repo }}.\n")},
		"templates/BIG.md":            {Data: []byte(strings.Repeat("x", 3*maxTemplate))},
		"templates/LINK.md":           {Data: []byte("../../etc/passwd"), Mode: githubtest.ModeSymlink},
		"templates/DIR.md/x":          {Data: []byte("a directory\n")},
		"templates/deep/er/NESTED.md": {Data: []byte("nested {{ .Year }}\n")},
		"linked/SECURITY.md":          {Data: []byte("never read\n")},
		"templates/ldir":              {Data: []byte("../linked"), Mode: githubtest.ModeSymlink},
	})
	store.AddRepo(health, "gitlab-profile", gitlabtest.ProjectMeta{}, map[string]gitlabtest.File{
		"templates/SECURITY.md": {Data: []byte("health: mail {{ .SecurityContact }}.\n")},
	})
	store.AddRepo(gov, "templates", gitlabtest.ProjectMeta{}, map[string]gitlabtest.File{
		"SECURITY.md": {Data: []byte("gov/templates: {{ .SecurityContact }}\n")},
	})
	srv := gitlabtest.Start(t, store, gitlabtest.Options{Token: glToken, RetryAfter: -1})
	src, err := glsrc.New(glsrc.Options{BaseURL: srv.BaseURL(), Token: glToken,
		Retry: glsrc.Retry{Attempts: 2, Base: time.Millisecond, Max: time.Millisecond, Secondary: time.Millisecond, Timeout: 10 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	return srv, src
}

func glRepo(owner, name string, failing ...string) report.Repository {
	rr := failingRules(failing...)
	rr.Meta = report.Meta{Host: "127.0.0.1", Forge: "gitlab", Owner: owner, Name: name, FullName: owner + "/" + name}
	return rr
}

// TestGitLabTemplates reads template sources from templates projects on the fake GitLab:
// the closest group's gitlab-profile first, then its parents; an explicit project; nested
// paths; the size bound; symbolic links and directories refused; a missing file named
// with every project looked in; and the requests each costs, once for three projects.
func TestGitLabTemplates(t *testing.T) {
	srv, src := glTemplatesEnv(t)
	pol := loadPolicy(t, "remediation:\n  contacts: {security: s@gov.example}\ntemplates:\n  security-policy: {file: SECURITY.md, source: SRC}\n", nil)
	tmpl := pol.Templates()[0]
	ctx := context.Background()
	for _, tc := range []struct {
		setting, owner, source string
		want, err              string
		requests               int64 // for three projects of owner
	}{
		// gov/health/labs has no templates project: its parent's wins over gov's.
		{"", "gov/health/labs", "templates/SECURITY.md", "health: mail s@gov.example.\n", "", 3},
		{"", "gov/health", "templates/SECURITY.md", "health: mail s@gov.example.\n", "", 2},
		{"", "gov", "./templates/SECURITY.md", "gov: mail s@gov.example about repo-0.\n", "", 2},
		// File by file: gov/health's project lacks CONTRIBUTING.md, gov's has it.
		{"", "gov/health/labs", "templates/CONTRIBUTING.md", "Contribute to gov/health/labs/repo-0.\n", "", 4},
		{"", "gov", "templates/deep/er/NESTED.md", "nested 2026\n", "", 2},
		{"templates", "gov/health", "SECURITY.md", "gov/templates: s@gov.example\n", "", 3},
		{"gov/templates", "gov/health/labs", "SECURITY.md", "gov/templates: s@gov.example\n", "", 2},
		{"", "gov", "templates/BIG.md", "", fmt.Sprintf("source templates/BIG.md in gov/gitlab-profile: larger than %d bytes", maxTemplate), 0},
		{"", "gov", "templates/LINK.md", "", "source templates/LINK.md in gov/gitlab-profile: templates/LINK.md is not a regular file", 0},
		{"", "gov", "templates/DIR.md", "", "templates/DIR.md is not a regular file", 0},
		{"", "gov/health/labs", "templates/NONE.md", "", "source templates/NONE.md in gov/health/labs/gitlab-profile or gov/health/gitlab-profile or gov/gitlab-profile: not found; SECURITY.md not written", 0},
		// A path through a symbolic link to a directory is not followed: not found.
		{"", "gov", "templates/ldir/SECURITY.md", "", "source templates/ldir/SECURITY.md in gov/gitlab-profile: not found", 0},
		{"gov/nothing", "gov", "SECURITY.md", "", "source SECURITY.md in gov/nothing: not found", 0},
		{"", "gov", "../x.md", "", `source "../x.md": not a path in the templates project gov/gitlab-profile`, 0},
	} {
		name := tc.setting + " " + tc.owner + " " + tc.source
		reader := &GitLabTemplates{Client: src.REST(), Repository: tc.setting}
		p := NewFiles(pol, reader, now)
		tm := tmpl
		tm.SourceName = tc.source
		p.templates = []policy.Template{tm}
		srv.ResetStats()
		for i := range 3 { // three projects of one group: one read
			rr := glRepo(tc.owner, fmt.Sprintf("repo-%d", i), "security-policy")
			files, problems := p.Files(ctx, rr)
			if tc.err != "" {
				if len(problems) != 1 || !strings.Contains(problems[0].Error(), tc.err) || len(files) != 0 {
					t.Errorf("%s: %v %v, want %q", name, files, problems, tc.err)
				}
				continue
			}
			if len(problems) > 0 || len(files) != 1 {
				t.Fatalf("%s: %v %v", name, files, problems)
			}
			if want := strings.ReplaceAll(tc.want, "repo-0", rr.Meta.Name); string(files[0].Data) != want {
				t.Errorf("%s: %q, want %q", name, files[0].Data, want)
			}
		}
		if st := srv.Stats(); tc.requests > 0 && st.Requests != tc.requests {
			t.Errorf("%s: %d requests for three projects, want %d (cached)", name, st.Requests, tc.requests)
		}
	}
}

// TestGitLabTemplatesMany: a thousand projects in twenty subgroups read a template kept
// in the top-level group's gitlab-profile with one request per subgroup (its own
// templates project is missing) and one tree and one blob request in all.
func TestGitLabTemplatesMany(t *testing.T) {
	srv, src := glTemplatesEnv(t)
	reader := &GitLabTemplates{Client: src.REST()}
	tm := policy.Template{Rule: "contributing", File: "CONTRIBUTING.md", SourceName: "templates/CONTRIBUTING.md", Origin: ".repogov.yml:3:3"}
	srv.ResetStats()
	for i := range 1000 {
		b, err := reader.ReadTemplate(context.Background(), glRepo(fmt.Sprintf("gov/team-%02d", i%20), fmt.Sprintf("p%04d", i)), tm)
		if err != nil || !strings.HasPrefix(string(b), "Contribute to") {
			t.Fatalf("%d: %q %v", i, b, err)
		}
	}
	if st := srv.Stats(); st.Requests != 22 {
		t.Errorf("%d requests for 1,000 projects in 20 subgroups, want 22", st.Requests)
	}
}

// TestHostTemplates dispatches by forge: a run mixing GitHub, GitLab and local
// repositories reads each from its own reader, and a forge or instance without one is
// an error for its repositories only.
func TestHostTemplates(t *testing.T) {
	rec := func(name string) TemplateReader {
		return readerFunc(func(_ context.Context, rr report.Repository, _ policy.Template) ([]byte, error) {
			return []byte(name + ":" + rr.Meta.Name), nil
		})
	}
	tm := policy.Template{SourceName: "SECURITY.md"}
	gh := report.Meta{Host: "github.com", Forge: "github", Owner: "acme", Name: "a"}
	old := report.Meta{Host: "github.com", Owner: "acme", Name: "b"} // stored before reports named the forge
	glm := report.Meta{Host: "gitlab.com", Forge: "gitlab", Owner: "gov", Name: "c"}
	other := report.Meta{Host: "git.example.org", Forge: "gitlab", Owner: "gov", Name: "d"}
	local := report.Meta{Name: "e", FullName: "e"}
	for _, tc := range []struct {
		h    HostTemplates
		meta report.Meta
		want string
	}{
		{HostTemplates{GitHub: rec("gh"), GitLab: rec("gl")}, gh, "gh:a"},
		{HostTemplates{GitHub: rec("gh"), GitLab: rec("gl")}, old, "gh:b"},
		{HostTemplates{GitHub: rec("gh"), GitLab: rec("gl")}, glm, "gl:c"},
		{HostTemplates{GitHub: rec("gh"), GitLab: rec("gl"), GitLabHost: "GitLab.com"}, glm, "gl:c"},
		{HostTemplates{GitHub: rec("gh"), GitLab: rec("gl"), GitLabHost: "gitlab.com"}, other, "error: source SECURITY.md: no template reader for repositories of git.example.org (templates are read from gitlab.com)"},
		{HostTemplates{GitHub: rec("gh")}, glm, "error: source SECURITY.md: no template reader for GitLab repositories"},
		{HostTemplates{GitLab: rec("gl")}, gh, "error: source SECURITY.md: no template reader for GitHub repositories"},
		{HostTemplates{GitHub: rec("gh"), GitLab: rec("gl")}, local, "error: source SECURITY.md: no template reader for local repositories"},
		{HostTemplates{GitHub: rec("gh"), Local: rec("disk")}, local, "disk:e"},
	} {
		b, err := tc.h.ReadTemplate(context.Background(), report.Repository{Meta: tc.meta}, tm)
		got := string(b)
		if err != nil {
			got = "error: " + err.Error()
		}
		if got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.meta, got, tc.want)
		}
	}
}

type readerFunc func(ctx context.Context, rr report.Repository, t policy.Template) ([]byte, error)

func (f readerFunc) ReadTemplate(ctx context.Context, rr report.Repository, t policy.Template) ([]byte, error) {
	return f(ctx, rr, t)
}
