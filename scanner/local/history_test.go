package local

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/repogov/repogov/internal/gittest"
	"github.com/repogov/repogov/repo"
)

// A git source gives rules the whole history (git log --all): every commit once, each
// with its tree, and blobs by id.
func TestGitHistory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "alpha.git")
	if _, err := gittest.Create(dir, gittest.Files{"README.md": "# alpha\n"}, gittest.Options{Bare: true, Commits: 3}); err != nil {
		t.Fatal(err)
	}
	s, err := openOne(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.History == nil {
		t.Fatal("no history")
	}
	ctx := context.Background()
	var hashes []string
	var paths [][]string
	readme := ""
	err = s.History.Commits(ctx, func(c repo.Commit) error {
		hashes = append(hashes, c.Hash)
		files, err := c.Files(ctx)
		if err != nil {
			return err
		}
		var ps []string
		for _, f := range files {
			ps = append(ps, f.Path)
			if f.Path == "README.md" {
				readme = f.OID
			}
		}
		slices.Sort(ps)
		paths = append(paths, ps)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(hashes) != 3 || hashes[0] != s.Meta.HeadOID {
		t.Fatalf("commits %q, HEAD %s", hashes, s.Meta.HeadOID)
	}
	// gittest's earlier commits each hold one HISTORY-n file; HEAD holds the fixture.
	if want := [][]string{{"README.md"}, {"HISTORY-1"}, {"HISTORY-0"}}; !slices.EqualFunc(want, paths, slices.Equal) {
		t.Errorf("trees, newest first: %q, want %q", paths, want)
	}
	b, err := s.History.ReadBlob(ctx, readme, 100)
	if err != nil || string(b) != "# alpha\n" {
		t.Errorf("ReadBlob = %q, %v", b, err)
	}
	var tl *repo.TooLargeError
	if _, err := s.History.ReadBlob(ctx, readme, 3); !errors.As(err, &tl) {
		t.Errorf("ReadBlob over the cap: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.History.Commits(cancelled, func(repo.Commit) error { return nil }); err == nil {
		t.Errorf("a cancelled walk succeeded")
	}
}
