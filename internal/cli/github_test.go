package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/githubtest"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
	ghsrc "github.com/repogov/repogov/scanner/github"
)

const secretToken = "ghp_SECRETsecretSECRET0123456789abcd"

// run runs the command line as Run does, with getenv as the environment and fast GitHub
// retries.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv,
		githubRetry: &ghsrc.Retry{Attempts: 3, Base: time.Millisecond, Max: 2 * time.Millisecond, Secondary: time.Millisecond, Timeout: 2 * time.Second}}
	return e.run(ctx, args)
}

func runGitHub(t *testing.T, srv *githubtest.Server, env map[string]string, args ...string) (int, *report.Report, string) {
	t.Helper()
	var out, errb bytes.Buffer
	args = append([]string{"scan", "--github-url", srv.URL, "-f", "json"}, args...)
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	for _, s := range []string{out.String(), errb.String()} {
		if strings.Contains(s, secretToken) {
			t.Errorf("the token appears in the output")
		}
	}
	if out.Len() == 0 { // usage errors write no report
		return code, &report.Report{}, errb.String()
	}
	return code, decodeReport(t, out.Bytes()), errb.String()
}

// decodeReport reads the parts of a JSON report these tests use, as a report.Report.
func decodeReport(t *testing.T, b []byte) *report.Report {
	t.Helper()
	var doc struct {
		Complete     bool
		Problems     []string
		Repositories []struct {
			Meta    repo.Meta
			Error   string
			Results []rules.Result
		}
	}
	rep := &report.Report{}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("the JSON report does not decode: %v\n%s", err, b)
	}
	rep.Incomplete, rep.Problems = !doc.Complete, doc.Problems
	for _, r := range doc.Repositories {
		rep.Repos = append(rep.Repos, report.Repository{Meta: r.Meta, Error: r.Error, Results: r.Results})
	}
	return rep
}

func TestScanGitHub(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: secretToken, Enterprise: true})
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		code     int
		repos    []string
		stderrIn string
	}{
		{"org", map[string]string{"GITHUB_TOKEN": secretToken}, []string{"github:acme"}, ExitFindings,
			[]string{".github", "alpha", "beta", "empty", "gamma", "secret"}, ""},
		{"GH_TOKEN and flags", map[string]string{"GH_TOKEN": secretToken}, []string{"github:acme", "github:solo", "--include-archived", "--visibility", "public", "--exclude", "b*"}, ExitFindings,
			[]string{".github", "alpha", "empty", "old", "tool"}, ""},
		{"bad token", map[string]string{"GITHUB_TOKEN": secretToken + "x"}, []string{"github:acme", "-v"}, ExitError, nil, "401"},
		{"bad visibility", map[string]string{"GITHUB_TOKEN": secretToken}, []string{"github:acme", "--visibility", "secret"}, ExitError, nil, "--visibility"},
		{"bad target", map[string]string{"GITHUB_TOKEN": secretToken}, []string{"github:a/b/c"}, ExitError, nil, "github:OWNER"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, rep, stderr := runGitHub(t, srv, tc.env, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			var got []string
			for _, r := range rep.Repos {
				got = append(got, r.Meta.Name)
			}
			if strings.Join(got, ",") != strings.Join(tc.repos, ",") {
				t.Errorf("repositories %v, want %v", got, tc.repos)
			}
			if tc.stderrIn != "" && !strings.Contains(stderr+strings.Join(rep.Problems, "\n"), tc.stderrIn) {
				t.Errorf("stderr/problems lack %q:\n%s\n%v", tc.stderrIn, stderr, rep.Problems)
			}
		})
	}
}

func TestScanGitHubCache(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: secretToken, Enterprise: true})
	env := map[string]string{"GITHUB_TOKEN": secretToken}
	dir := t.TempDir()
	// An empty repository has no HEAD commit, so it is never cached: leave it out.
	_, rep1, _ := runGitHub(t, srv, env, "github:acme", "--cache", dir, "--exclude", "empty")
	first := srv.Stats()
	srv.ResetStats()
	_, rep2, _ := runGitHub(t, srv, env, "github:acme", "--cache", dir, "--exclude", "empty")
	second := srv.Stats()
	if second.Requests != 1 {
		t.Errorf("unchanged re-scan: %d requests (first scan %d), want 1 (the listing)", second.Requests, first.Requests)
	}
	if len(rep1.Repos) != 5 || first.Requests < 3 {
		t.Errorf("first scan: %d repositories, %d requests", len(rep1.Repos), first.Requests)
	}
	if len(rep2.Repos) != len(rep1.Repos) {
		t.Fatalf("re-scan has %d repositories, first %d", len(rep2.Repos), len(rep1.Repos))
	}
	for i, r := range rep2.Repos {
		if diff := cmp.Diff(rep1.Repos[i], r); diff != "" {
			t.Errorf("%s: cached results differ", r.Meta.FullName)
		}
	}
}

func TestScanGitHubBudget(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: secretToken, Enterprise: true})
	srv.SetBudget(1) // the listing, then nothing for an hour
	code, rep, stderr := runGitHub(t, srv, map[string]string{"GITHUB_TOKEN": secretToken}, "github:acme", "--max-wait", "1s")
	if code != ExitError || !rep.Incomplete {
		t.Errorf("exit %d, incomplete %v; want 2 and true\n%s", code, rep.Incomplete, stderr)
	}
	if !strings.Contains(strings.Join(rep.Problems, "\n"), "--max-wait") {
		t.Errorf("problems = %q", rep.Problems)
	}
}

func TestScanGitHubApp(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{AppID: 9, AppKey: &key.PublicKey, Enterprise: true})
	code, rep, stderr := runGitHub(t, srv, map[string]string{"GITHUB_APP_ID": "9", "GITHUB_APP_PRIVATE_KEY": pemKey}, "github:solo")
	if code == ExitError || len(rep.Repos) != 1 {
		t.Errorf("exit %d, %d repositories; stderr:\n%s", code, len(rep.Repos), stderr)
	}
	if strings.Contains(stderr, "PRIVATE KEY") {
		t.Errorf("the key appears on stderr")
	}
	code, _, stderr = runGitHub(t, srv, map[string]string{}, "github:solo", "--app-id", "9")
	if code != ExitError || !strings.Contains(stderr, "no private key") {
		t.Errorf("missing key: exit %d, stderr %s", code, stderr)
	}
}

// The policy's selection block applies to github: targets; a flag given on the command
// line replaces the same key of the file.
func TestScanGitHubPolicySelection(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: secretToken, Enterprise: true})
	env := map[string]string{"GITHUB_TOKEN": secretToken}
	t.Chdir(t.TempDir())
	if err := os.WriteFile(".repogov.yml", []byte("selection:\n  exclude: [\"a*\"]\n  topics: [service, library]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{nil, []string{"beta"}},                                          // the file: not a*, topic service or library
		{[]string{"--exclude", "b*"}, []string{"alpha"}},                 // the flag replaces the file's exclude
		{[]string{"--exclude", "b*", "--topics", "service"}, []string{}}, // and the topics
	} {
		_, rep, stderr := runGitHub(t, srv, env, append([]string{"github:acme"}, tc.args...)...)
		got := []string{}
		for _, r := range rep.Repos {
			got = append(got, r.Meta.Name)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v: repositories %v, want %v; stderr:\n%s", tc.args, got, tc.want, stderr)
		}
	}
}

// --max-file-size caps reads of GitHub repositories too: a licence over the cap is
// reported as too large, never fetched.
func TestScanGitHubMaxFileSize(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: secretToken, Enterprise: true})
	_, rep, stderr := runGitHub(t, srv, map[string]string{"GITHUB_TOKEN": secretToken}, "github:acme/alpha", "--max-file-size", "16")
	if len(rep.Repos) != 1 {
		t.Fatalf("%d repositories; stderr:\n%s", len(rep.Repos), stderr)
	}
	for _, r := range rep.Repos[0].Results {
		if r.RuleID == "license-identified" {
			if r.Status != rules.StatusError || !strings.Contains(r.Message, "too large") {
				t.Errorf("license-identified = %s %q, want an error saying the file is too large", r.Status, r.Message)
			}
			return
		}
	}
	t.Error("no license-identified result")
}

// An organization with an empty repository: scan --sarif-dir writes no file for it, and
// upload-sarif uploads the others and succeeds.
func TestUploadSarifWithEmptyRepository(t *testing.T) {
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: secretToken, Enterprise: true})
	env := func(k string) string { return map[string]string{"GITHUB_TOKEN": secretToken}[k] }
	dir := t.TempDir()
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"scan", "--github-url", srv.URL, "github:acme", "--visibility", "public", "--exclude", "gamma", "-f", "summary", "--sarif-dir", dir}, strings.NewReader(""), &out, &errb, env)
	if code == ExitError {
		t.Fatalf("scan: exit %d\n%s", code, errb.String())
	}
	if _, err := os.Stat(dir + "/acme/empty.sarif"); err == nil {
		t.Errorf("a SARIF file was written for the empty repository")
	}
	if _, err := os.Stat(dir + "/acme/alpha.sarif"); err != nil {
		t.Errorf("alpha: %v", err)
	}
	out.Reset()
	errb.Reset()
	code = run(context.Background(), []string{"upload-sarif", "--github-url", srv.URL, "--dir", dir}, strings.NewReader(""), &out, &errb, env)
	if code != ExitOK {
		t.Errorf("upload-sarif: exit %d\n%s%s", code, out.String(), errb.String())
	}
	if n := len(srv.Uploads()); n == 0 {
		t.Errorf("nothing was uploaded")
	}
}
