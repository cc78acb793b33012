package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/githubtest"
	"github.com/repogov/repogov/internal/gitlabtest"
	glsrc "github.com/repogov/repogov/scanner/gitlab"
)

const secretGitLabToken = "glpat-SECRETsecretSECRET012345"

func init() {
	gitlabOptionsHook = func(o *glsrc.Options) {
		o.Retry = glsrc.Retry{Attempts: 3, Base: time.Millisecond, Max: 2 * time.Millisecond, Secondary: time.Millisecond, Timeout: 2 * time.Second}
	}
}

func runGitLab(t *testing.T, url string, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	args = append([]string{"scan", "--gitlab-url", url}, args...)
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	for _, s := range []string{out.String(), errb.String()} {
		if strings.Contains(s, secretGitLabToken) {
			t.Errorf("the token appears in the output")
		}
	}
	return code, out.String(), errb.String()
}

// reportRepos reads the repositories and problems of a JSON report.
func reportRepos(t *testing.T, out string) (names []string, problems []string) {
	t.Helper()
	var doc struct {
		Problems     []string
		Repositories []struct {
			Meta struct {
				FullName string `json:"fullName"`
				URL      string `json:"url"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("the JSON report does not decode: %v\n%s", err, out)
	}
	for _, r := range doc.Repositories {
		names = append(names, r.Meta.FullName)
		if strings.Contains(r.Meta.FullName, "/") && !strings.HasPrefix(r.Meta.URL, "https://") {
			t.Errorf("%s: no web URL in the report (%q)", r.Meta.FullName, r.Meta.URL)
		}
	}
	sort.Strings(names)
	return names, doc.Problems
}

func TestScanGitLab(t *testing.T) {
	srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: secretGitLabToken})
	tok := map[string]string{"GITLAB_TOKEN": secretGitLabToken}
	t.Run("group, user and project; one unknown target", func(t *testing.T) {
		code, out, errs := runGitLab(t, srv.BaseURL(), tok, "-f", "json", "gitlab:gov/health", "gitlab:alice", "gitlab:gov/portal", "gitlab:nobody/nothing")
		if code != ExitError {
			t.Errorf("exit %d, want %d (one target failed)", code, ExitError)
		}
		names, probs := reportRepos(t, out)
		want := []string{"alice/dotfiles", "gov/health/intranet", "gov/health/labs/lab", "gov/health/records", "gov/portal"}
		if diff := cmp.Diff(want, names); diff != "" {
			t.Errorf("the other targets were not all scanned (-want +got):\n%s", diff)
		}
		if len(probs) != 1 || !strings.Contains(probs[0], `gitlab:nobody/nothing: no group, user or project "nobody/nothing"`) {
			t.Errorf("problems = %q", probs)
		}
		if n := strings.Count(errs, "gitlab:nobody/nothing:"); n != 1 {
			t.Errorf("the unknown target is said %d times on stderr, want once:\n%s", n, errs)
		}
	})
	t.Run("GL_TOKEN and selection flags", func(t *testing.T) {
		_, out, _ := runGitLab(t, srv.BaseURL(), map[string]string{"GL_TOKEN": secretGitLabToken}, "-f", "json", "gitlab:gov",
			"--include-archived", "--visibility", "public", "--exclude", "binary")
		names, _ := reportRepos(t, out)
		if diff := cmp.Diff([]string{"gov/empty", "gov/health/labs/lab", "gov/health/records", "gov/old", "gov/portal"}, names); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("codequality", func(t *testing.T) {
		code, out, _ := runGitLab(t, srv.BaseURL(), tok, "-f", "codequality", "gitlab:gov/portal")
		if code != ExitOK && code != ExitFindings {
			t.Fatalf("exit %d", code)
		}
		var issues []map[string]any
		if err := json.Unmarshal([]byte(out), &issues); err != nil {
			t.Fatalf("not a Code Quality report: %v\n%s", err, out)
		}
	})
}

func TestGitLabBadInput(t *testing.T) {
	srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: secretGitLabToken})
	readRepo := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: secretGitLabToken, Scopes: []string{"read_repository"}})
	notGitLab := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(404)
		w.Write([]byte("<html>nginx</html>"))
	}))
	defer notGitLab.Close()
	tlsSrv := httptest.NewTLSServer(http.NotFoundHandler())
	defer tlsSrv.Close()
	local, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "repos", "minimal"))
	tests := []struct {
		name, url string
		env       map[string]string
		target    string
		want      string
	}{
		{"unknown group", srv.BaseURL(), map[string]string{"GITLAB_TOKEN": secretGitLabToken}, "gitlab:nope", `no group, user or project "nope"`},
		{"project inside a group that exists", srv.BaseURL(), map[string]string{"GITLAB_TOKEN": secretGitLabToken}, "gitlab:gov/health/nope", `no group, user or project "gov/health/nope"`},
		{"bad token", srv.BaseURL(), map[string]string{"GITLAB_TOKEN": "glpat-wrong"}, "gitlab:gov", "HTTP 401: the GitLab token is missing, invalid, expired or revoked (set GITLAB_TOKEN or GL_TOKEN to a token with the read_api scope)"},
		{"read_repository token", readRepo.BaseURL(), map[string]string{"GITLAB_TOKEN": secretGitLabToken}, "gitlab:gov", "HTTP 403: the GitLab token lacks the read_api scope"},
		{"not GitLab", notGitLab.URL, nil, "gitlab:gov", "not a GitLab instance: " + notGitLab.URL + " answers HTTP 404 (text/html) at /api/graphql"},
		{"TLS", tlsSrv.URL, nil, "gitlab:gov", "TLS: " + tlsSrv.URL + " does not present a certificate this machine trusts"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runGitLab(t, tc.url, tc.env, "-f", "json", tc.target, local)
			if code != ExitError {
				t.Errorf("exit %d, want %d", code, ExitError)
			}
			names, probs := reportRepos(t, out)
			if len(names) != 1 {
				t.Errorf("the local target was not scanned: %v", names)
			}
			if len(probs) != 1 || !strings.Contains(probs[0], tc.want) {
				t.Errorf("problems = %q, want one containing %q", probs, tc.want)
			}
			var lines []string
			for _, l := range strings.Split(strings.TrimSpace(errs), "\n") {
				if strings.Contains(l, tc.want) {
					lines = append(lines, l)
				}
			}
			if len(lines) != 1 || strings.Contains(lines[0], "\n") {
				t.Errorf("want one line on stderr saying %q, got:\n%s", tc.want, errs)
			}
		})
	}
	t.Run("bad --gitlab-url", func(t *testing.T) {
		code, _, errs := runGitLab(t, "ftp://user:pw@host", nil, "gitlab:gov")
		if code != ExitError || !strings.Contains(errs, "--gitlab-url") || strings.Contains(errs, "pw") {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
}

func TestGitLabOrgDefaults(t *testing.T) {
	store := gitlabtest.Fixtures()
	gitlabtest.Group(store, "gov")
	store.AddRepo(store.Org("gov"), "gitlab-profile", gitlabtest.ProjectMeta{}, map[string]gitlabtest.File{
		"CODE_OF_CONDUCT.md": {Data: []byte("# Code of conduct\n\nBe kind; write to conduct@example.org.\n")},
	})
	srv := gitlabtest.Start(t, store, gitlabtest.Options{Token: secretGitLabToken})
	tok := map[string]string{"GITLAB_TOKEN": secretGitLabToken}
	status := func(args ...string) string {
		_, out, errs := runGitLab(t, srv.BaseURL(), tok, append([]string{"-f", "json"}, args...)...)
		var doc struct {
			Repositories []struct {
				Results []struct {
					RuleID string `json:"ruleId"`
					Status string `json:"status"`
				}
			}
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Repositories) != 1 {
			t.Fatalf("report: %v\n%s\n%s", err, out, errs)
		}
		for _, r := range doc.Repositories[0].Results {
			if r.RuleID == "code-of-conduct" {
				return r.Status
			}
		}
		t.Fatal("no code-of-conduct result")
		return ""
	}
	if got := status("gitlab:gov/health/records"); got != "fail" {
		t.Errorf("without defaults: %s, want fail", got)
	}
	if got := status("--org-defaults", "gitlab:gov/gitlab-profile", "gitlab:gov/health/records"); got != "inherited" {
		t.Errorf("with gitlab:gov/gitlab-profile as defaults: %s, want inherited", got)
	}
	_, _, errs := runGitLab(t, srv.BaseURL(), tok, "--org-defaults", "gitlab:gov/health", "gitlab:gov/portal")
	if !strings.Contains(errs, "name the one project") {
		t.Errorf("a group as --org-defaults: %s", errs)
	}
}

// upload-sarif refuses the per-repository SARIF of GitLab projects by name.
func TestUploadSarifRefusesGitLab(t *testing.T) {
	srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: secretGitLabToken})
	dir := t.TempDir()
	runGitLab(t, srv.BaseURL(), map[string]string{"GITLAB_TOKEN": secretGitLabToken}, "-f", "json", "--sarif-dir", dir, "gitlab:gov/portal", "gitlab:gov/health/records")
	for _, p := range []string{"gov/portal.sarif", "gov/health/records.sarif"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Fatalf("per-repository SARIF: %v", err)
		}
	}
	gh := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: secretToken, Enterprise: true})
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"upload-sarif", "--dir", dir, "--github-url", gh.URL}, strings.NewReader(""), &out, &errb,
		func(k string) string { return map[string]string{"GITHUB_TOKEN": secretToken}[k] })
	if code != ExitError {
		t.Errorf("exit %d, want %d", code, ExitError)
	}
	if n := strings.Count(errb.String(), "upload-sarif uploads to GitHub code scanning only"); n != 2 {
		t.Errorf("want both GitLab files refused by name:\n%s", errb.String())
	}
	if len(gh.Uploads()) != 0 {
		t.Errorf("uploaded %d files to GitHub", len(gh.Uploads()))
	}
}
