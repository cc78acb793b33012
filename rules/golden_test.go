package rules

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repogov/repogov/internal/golden"
	"github.com/repogov/repogov/repo"
)

const reposDir = "../testdata/repos"

// loadDir builds a snapshot from a directory on disk, as a local source would, without
// depending on one: the golden test pins the rules, not a source.
func loadDir(t *testing.T, root string, meta repo.Meta) *repo.Snapshot {
	t.Helper()
	es, load := loadTree(t, root)
	return repo.New(meta, es, load)
}

// loadTree is the index of a directory on disk and a loader of its files.
func loadTree(t *testing.T, root string) ([]repo.Entry, repo.Loader) {
	t.Helper()
	var es []repo.Entry
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		e := repo.Entry{Path: filepath.ToSlash(rel)}
		switch {
		case d.IsDir():
			e.Kind = repo.Dir
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			e.Kind, e.Size = repo.Symlink, int64(len(target))
		default:
			info, err := d.Info()
			if err != nil {
				return err
			}
			e.Kind, e.Size = repo.File, info.Size()
		}
		es = append(es, e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	load := repo.LoaderFunc(func(_ context.Context, e repo.Entry) (io.ReadCloser, error) {
		p := filepath.Join(root, filepath.FromSlash(e.Path))
		if e.Kind == repo.Symlink {
			target, err := os.Readlink(p)
			return io.NopCloser(strings.NewReader(target)), err
		}
		return os.Open(p)
	})
	return es, load
}

var goldenNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// Host metadata for the fixtures that play hosted repositories; the others are local.
var fixtureMeta = map[string]repo.Meta{
	"complete": {Host: "github.com", Description: "A complete sample", Topics: []string{"governance", "sample"},
		PushedAt: goldenNow.AddDate(0, 0, -3), Visibility: "public"},
	"minimal": {Host: "github.com", PushedAt: goldenNow.AddDate(-2, 0, 0), Visibility: "public"},
}

func TestGolden(t *testing.T) {
	dirs, err := os.ReadDir(reposDir)
	if err != nil {
		t.Fatal(err)
	}
	org := loadDir(t, filepath.Join(reposDir, "dotgithub"),
		repo.Meta{Owner: "acme", Name: ".github", FullName: "acme/.github", Visibility: "public"})
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		name := d.Name()
		t.Run(name, func(t *testing.T) {
			meta := fixtureMeta[name]
			meta.Owner, meta.Name, meta.FullName = "acme", name, "acme/"+name
			if name == "dotgithub" {
				meta = org.Meta // scanned as itself: it never inherits from itself
			}
			s := loadDir(t, filepath.Join(reposDir, name), meta)
			s.OrgDefaults = org
			var got []Result
			for _, r := range All() {
				res := r.Check(t.Context(), s, Options{Now: goldenNow})
				res.RuleID, res.Severity = r.ID, r.Severity
				if res.Status == Fail && (len(res.Findings) == 0 || res.Findings[0].Path == "" || res.Remediation == "") {
					t.Errorf("%s: failure without a located finding or remediation: %+v", r.ID, res)
				}
				got = append(got, res)
			}
			b, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			b = append(b, '\n')
			file := filepath.Join("testdata", "golden", name+".json")
			golden.Check(t, file, b)
		})
	}
}
