package remediate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFill(t *testing.T) {
	vars := map[string]string{"Org": "acme", "Year": "2026", "Contact": ""}
	for _, tc := range []struct{ text, want, err string }{
		{"Copyright {{ .Year }} {{ .Org }}\n", "Copyright 2026 acme\n", ""},
		{"no placeholders", "no placeholders", ""},
		{"Report to {{ .Contact }}", "", "unfilled placeholder {{ .Contact }}"},
		{"Report to {{ .Security }}", "", "unfilled placeholder {{ .Security }}"},
		{"{{ .Org ", "", "placeholder syntax"},
	} {
		got, err := Fill(tc.text, vars)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.text, err, tc.err)
			}
			continue
		}
		if err != nil || string(got) != tc.want {
			t.Errorf("%q: %q, %v; want %q", tc.text, got, err, tc.want)
		}
	}
}

func TestWriteLocal(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("mine"), 0o644)
	os.Symlink(outside, filepath.Join(dir, "docs"))
	os.Symlink(filepath.Join(outside, "nothing"), filepath.Join(dir, "LICENSE"))
	files := []File{
		{Path: "README.md", Data: []byte("template")},
		{Path: "docs/SUPPORT.md", Data: []byte("escape")},
		{Path: "LICENSE", Data: []byte("dangling")},
		{Path: ".github/SECURITY.md", Data: []byte("policy")},
	}
	dry, err := WriteLocal(dir, files, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".github")); err == nil {
		t.Errorf("a dry run wrote")
	}
	got, err := WriteLocal(dir, files, false)
	if err != nil {
		t.Fatal(err)
	}
	status := func(ws []Written) map[string]string {
		m := map[string]string{}
		for _, w := range ws {
			m[w.Path] = w.Status
			if strings.HasPrefix(w.Status, "refused") {
				m[w.Path] = "refused"
			}
		}
		return m
	}
	want := map[string]string{"README.md": "exists", "docs/SUPPORT.md": "refused", "LICENSE": "exists", ".github/SECURITY.md": "written"}
	if d := cmp.Diff(want, status(got)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	want[".github/SECURITY.md"] = "would write"
	if d := cmp.Diff(want, status(dry)); d != "" {
		t.Errorf("dry run (-want +got):\n%s", d)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "README.md")); string(b) != "mine" {
		t.Errorf("README.md overwritten")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, ".github/SECURITY.md")); string(b) != "policy" {
		t.Errorf("SECURITY.md: %q", b)
	}
	if es, _ := os.ReadDir(outside); len(es) != 0 {
		t.Errorf("wrote outside the repository through a symlink: %v", es)
	}
}
