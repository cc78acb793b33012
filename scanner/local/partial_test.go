package local

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
)

// needGit returns the git binary; CI must have it (.ci/run installs it), so there a
// missing git fails the test instead of skipping it.
func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is required in CI")
		}
		t.Skip("git not installed")
	}
}

// Blobless partial clones (git clone --filter=blob:none) are scanned: present blobs as
// usual, a rule that needs an absent blob gets an error result that says so, and every
// other rule evaluates.
func TestPartialClone(t *testing.T) {
	needGit(t)
	tmp := t.TempDir()
	src := filepath.Join(tmp, "src")
	git := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
			"GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
			"GIT_PROTOCOL_FROM_USER=1", "GIT_ALLOW_PROTOCOL=file")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	files := map[string]string{
		"README.md":            "# Alpha\n\nAlpha turns governance files into reports. Install it with go install, then run alpha scan.\n",
		"LICENSE":              "MIT License\n",
		"docs/CONTRIBUTING.md": "Open a pull request.\n",
	}
	for p, c := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(src, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, p), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(src, "init", "-q", "-b", "main")
	git(src, "add", "-A")
	git(src, "commit", "-q", "-m", "init")
	git(src, "config", "uploadpack.allowFilter", "true")
	url := "file://" + filepath.ToSlash(src)
	git(tmp, "clone", "-q", "--filter=blob:none", "--bare", url, "bare.git")
	git(tmp, "clone", "-q", "--filter=blob:none", "--no-checkout", url, "nocheckout")
	git(tmp, "clone", "-q", "--filter=blob:none", url, "checkout") // checkout fetches HEAD's blobs
	git(tmp, "clone", "-q", "--filter=tree:0", "--bare", url, "treeless.git")

	// A treeless clone lacks HEAD's subtrees: one clear error, not "corrupt".
	if _, err := openOne(t, filepath.Join(tmp, "treeless.git"), Options{}); err == nil ||
		!strings.Contains(err.Error(), "not present in this partial clone") || strings.Contains(err.Error(), "corrupt") {
		t.Errorf("treeless clone: %v", err)
	}

	cfgs := rules.Defaults(rules.All())
	for _, tc := range []struct {
		name   string
		absent bool // HEAD's blobs are not in the clone
	}{
		{"bare.git", true},
		{"nocheckout", true},
		{"checkout", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := openOne(t, filepath.Join(tmp, tc.name), Options{})
			if err != nil {
				t.Fatalf("a blobless clone is rejected: %v", err)
			}
			defer s.Close()
			for p := range files {
				e, ok := s.Lookup(p)
				if !ok {
					t.Fatalf("%s is not listed", p)
				}
				if e.Absent != tc.absent {
					t.Errorf("%s: Absent = %v, want %v", p, e.Absent, tc.absent)
				}
				b, err := s.ReadFile(context.Background(), p)
				switch {
				case tc.absent && !errors.Is(err, repo.ErrAbsent):
					t.Errorf("ReadFile(%s) = %q, %v; want ErrAbsent", p, b, err)
				case !tc.absent && (err != nil || string(b) != files[p]):
					t.Errorf("ReadFile(%s) = %q, %v", p, b, err)
				}
			}
			got := map[string]rules.Result{}
			for _, res := range scanner.Evaluate(context.Background(), s, scanner.Options{Rules: cfgs}) {
				got[res.RuleID] = res
			}
			if r := got["readme"]; tc.absent != (r.Status == rules.StatusError) ||
				tc.absent && !strings.Contains(r.Message, "not present in this partial clone") {
				t.Errorf("readme: %s %q", r.Status, r.Message)
			}
			if r := got["code-of-conduct"]; r.Status != rules.Fail {
				t.Errorf("code-of-conduct (needs no blob) = %s %q, want fail", r.Status, r.Message)
			}
			if !tc.absent {
				if r := got["readme"]; r.Status != rules.Pass {
					t.Errorf("readme = %s %q, want pass", r.Status, r.Message)
				}
			}
		})
	}
}
