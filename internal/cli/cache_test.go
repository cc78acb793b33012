package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repogov/repogov/internal/gittest"
)

// --cache on local targets: a git repository's results are kept by its HEAD commit and
// reused while HEAD is unchanged; a plain directory is never cached; --worktree refuses.
func TestLocalCache(t *testing.T) {
	tmp := t.TempDir()
	cache := filepath.Join(tmp, "cache")
	gitRepo, plain := filepath.Join(tmp, "alpha"), filepath.Join(tmp, "plain")
	create := func(readme string) {
		t.Helper()
		if err := os.RemoveAll(gitRepo); err != nil {
			t.Fatal(err)
		}
		if _, err := gittest.Create(gitRepo, gittest.Files{"README.md": readme}, gittest.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	create("# alpha\n")
	if err := os.MkdirAll(plain, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(plain, "README.md"), []byte("# plain\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	scan := func(extra ...string) (code int, cached map[string]bool, stderr string) {
		t.Helper()
		var out, errb bytes.Buffer
		args := append([]string{"scan", "-f", "json", "--fail-on", "none", "--cache", cache}, extra...)
		code = run(context.Background(), args, strings.NewReader(""), &out, &errb, func(string) string { return "" })
		if out.Len() == 0 {
			return code, nil, errb.String()
		}
		var doc struct {
			Repositories []struct {
				Meta   struct{ Name string }
				Cached bool
			}
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("report: %v", err)
		}
		cached = map[string]bool{}
		for _, r := range doc.Repositories {
			cached[r.Meta.Name] = r.Cached
		}
		return code, cached, errb.String()
	}
	tests := []struct {
		name   string
		before func()
		want   map[string]bool
	}{
		{"first scan reads everything", nil, map[string]bool{"alpha": false, "plain": false}},
		{"unchanged HEAD: from the cache", nil, map[string]bool{"alpha": true, "plain": false}},
		{"new HEAD: read again", func() { create("# alpha\n\nChanged.\n") }, map[string]bool{"alpha": false, "plain": false}},
		{"then cached again", nil, map[string]bool{"alpha": true, "plain": false}},
	}
	for _, tt := range tests {
		if tt.before != nil {
			tt.before()
		}
		code, got, stderr := scan(gitRepo, plain)
		if code != ExitOK {
			t.Fatalf("%s: exit %d\n%s", tt.name, code, stderr)
		}
		for name, want := range tt.want {
			if got[name] != want {
				t.Errorf("%s: %s cached = %v, want %v", tt.name, name, got[name], want)
			}
		}
	}
	code, _, stderr := scan("--worktree", gitRepo)
	if code != ExitError || !strings.Contains(stderr, "--cache") || !strings.Contains(stderr, "--worktree") {
		t.Errorf("--cache --worktree: exit %d, stderr %q; want exit 2 and a clear message", code, stderr)
	}
}
