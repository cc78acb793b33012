package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFix(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("# alpha\n\nAlpha does things.\n"), 0o644)
	pol := filepath.Join(t.TempDir(), "p.yml")
	os.WriteFile(pol, []byte(`rules: {code-of-conduct: true, security-policy: true, readme: true}
templates:
  code-of-conduct: {file: CODE_OF_CONDUCT.md, text: "# Code of conduct\n\nBe kind. Report to conduct@{{ .Org }}.example\n"}
  security-policy: {file: .github/SECURITY.md, text: "Report to {{ .SecurityContact }}\n"}
  readme: {file: README.md, text: "never written: README passes"}
`), 0o644)
	code, out, stderr := runCLI(context.Background(), "fix", "--config", pol, "--dry-run", "--var", "Org=acme", dir)
	if code != 2 || !strings.Contains(out, "would write\tCODE_OF_CONDUCT.md\tcode-of-conduct") || !strings.Contains(stderr, "unfilled placeholder {{ .SecurityContact }}") {
		t.Fatalf("dry run: exit %d\n%s\n%s", code, out, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "CODE_OF_CONDUCT.md")); err == nil {
		t.Fatalf("--dry-run wrote")
	}
	code, out, stderr = runCLI(context.Background(), "fix", "--config", pol, "--var", "SecurityContact=security@acme.example", "--var", "Org=acme", dir)
	if code != 0 || !strings.Contains(out, "written\t.github/SECURITY.md") {
		t.Fatalf("fix: exit %d\n%s\n%s", code, out, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "CODE_OF_CONDUCT.md")); !strings.Contains(string(b), "conduct@acme.example") {
		t.Errorf("CODE_OF_CONDUCT.md: %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "README.md")); !strings.HasPrefix(string(b), "# alpha") {
		t.Errorf("README.md overwritten")
	}
	// Everything is in place now: a second run adds nothing.
	code, out, stderr = runCLI(context.Background(), "fix", "--config", pol, "--var", "SecurityContact=x", "--var", "Org=acme", dir)
	if code != 0 || strings.Contains(out, "written") {
		t.Errorf("second fix: exit %d\n%s\n%s", code, out, stderr)
	}
}
