package policy

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	goldenfile "github.com/repogov/repogov/internal/golden"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
)

func passCheck(context.Context, *repo.Snapshot, rules.Options) rules.Result {
	return rules.Result{Status: rules.Pass}
}

// testRules is a small synthetic rule list, so the tests do not depend on the built-in
// rules in flight.
var testRules = []rules.Rule{
	{ID: "readme", Title: "README", Severity: rules.Error, Check: passCheck,
		Params: []rules.Param{{Name: "min-size", Type: "int", Default: 64}}},
	{ID: "license-file", Title: "licence", Severity: rules.Error, Check: passCheck},
	{ID: "license-identified", Title: "licence identified", Severity: rules.Error, Check: passCheck},
	{ID: "license-approved", Title: "licence approved", Severity: rules.Error, Check: passCheck,
		Params: []rules.Param{{Name: "allow", Type: "strings"}, {Name: "deny", Type: "strings"}}},
	{ID: "contributing", Title: "contributing", Severity: rules.Warning, Inherits: true, Check: passCheck},
	{ID: "security-policy", Title: "security", Severity: rules.Error, Inherits: true, Check: passCheck},
	{ID: "publiccode-yml", Title: "publiccode.yml", Severity: rules.Warning, Check: passCheck,
		Params: []rules.Param{{Name: "required", Type: "bool"}, {Name: "path", Type: "string"}}},
	{ID: "inactive", Title: "inactive", Severity: rules.Note, Check: passCheck,
		Params: []rules.Param{{Name: "days", Type: "int", Default: 365}}},
}

// snap builds a snapshot from path → content; a path ending in "/" is a directory.
func snap(name string, files map[string]string) *repo.Snapshot {
	var es []repo.Entry
	for p, c := range files {
		if strings.HasSuffix(p, "/") {
			es = append(es, repo.Entry{Path: strings.TrimSuffix(p, "/"), Kind: repo.Dir})
			continue
		}
		if t, ok := strings.CutPrefix(c, "symlink:"); ok {
			es = append(es, repo.Entry{Path: p, Kind: repo.Symlink, Size: int64(len(t))})
			continue
		}
		es = append(es, repo.Entry{Path: p, Kind: repo.File, Size: int64(len(c))})
	}
	owner, short, _ := strings.Cut(name, "/")
	return repo.New(repo.Meta{Owner: owner, Name: short, FullName: name}, es,
		repo.LoaderFunc(func(_ context.Context, e repo.Entry) (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader(strings.TrimPrefix(files[e.Path], "symlink:"))), nil
		}))
}

// writeFiles writes name → content under a temporary directory and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, c := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// errorLines formats every problem of err as "line:col: message" (file names vary).
func errorLines(err error) []string {
	var out []string
	for _, e := range Errors(err) {
		out = append(out, strings.TrimPrefix(e.Error(), e.File+":"))
	}
	return out
}

// golden compares got with the golden file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	goldenfile.Check(t, path, got)
}
