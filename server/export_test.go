package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestExport writes the static site and checks that every relative link and asset of every
// page points at a file of the export, that the API bodies are JSON, and that badges exist
// for public repositories only.
func TestExport(t *testing.T) {
	s, _ := testServer(t, Options{})
	dir := t.TempDir()
	n, err := s.Export(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	sn := s.snap.Load()
	for _, f := range []string{"index.html", "repos.html", "runs.html", "teams.html", "rule/readme.html", "diff-3-4.html",
		"static/style.css", "static/app.js", "api/v1/runs.json", "api/v1/repositories.json", "api/v1/trend.json",
		"repo/" + encodeKey(sn.Repos[0].Key) + ".html", "api/v1/results/" + encodeKey(sn.Repos[0].Key) + ".json",
		"badge/github.com/acme/repo-00000.svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "badge/github.com/acme/repo-00001.svg")); err == nil {
		t.Error("a private repository's badge was exported")
	}
	link := regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)
	files, checked := 0, 0
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch filepath.Ext(p) {
		case ".json":
			if !json.Valid(b) {
				t.Errorf("%s: not JSON", p)
			}
		case ".html":
			for _, m := range link.FindAllStringSubmatch(string(b), -1) {
				ref := strings.ReplaceAll(m[1], "&amp;", "&")
				if strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "#") {
					continue
				}
				if strings.HasPrefix(ref, "/") || strings.Contains(ref, "?") {
					t.Errorf("%s: link %q is not a relative file link", p, ref)
					continue
				}
				target := filepath.Join(filepath.Dir(p), filepath.FromSlash(ref))
				if _, err := os.Stat(target); err != nil {
					t.Errorf("%s: link %q: %v", p, ref, err)
				}
				checked++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files != n || checked == 0 {
		t.Errorf("%d files on disk, Export said %d; %d links checked", files, n, checked)
	}
}
