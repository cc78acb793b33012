// Package local reads repositories from disk and from git URLs.
package local

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/scanner"
)

// Dir is a plain directory read from disk, without git.
type Dir string

func (d Dir) List(ctx context.Context) ([]scanner.Ref, error) {
	abs, err := filepath.Abs(string(d))
	if err != nil {
		return nil, err
	}
	return []scanner.Ref{{Meta: repo.Meta{Name: filepath.Base(abs), FullName: string(d), Path: abs}}}, nil
}

func (d Dir) Open(ctx context.Context, ref scanner.Ref) (*repo.Snapshot, error) {
	root := ref.Meta.Path
	var es []repo.Entry
	err := filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == root {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		switch {
		case de.IsDir():
			if de.Name() == ".git" {
				return filepath.SkipDir
			}
			es = append(es, repo.Entry{Path: rel, Kind: repo.Dir})
		case de.Type()&fs.ModeSymlink != 0:
			t, err := os.Readlink(p)
			if err != nil {
				return err
			}
			es = append(es, repo.Entry{Path: rel, Kind: repo.Symlink, Size: int64(len(t))})
		case de.Type().IsRegular():
			info, err := de.Info()
			if err != nil {
				return err
			}
			es = append(es, repo.Entry{Path: rel, Kind: repo.File, Size: info.Size(), Exec: info.Mode()&0o111 != 0})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return repo.New(ref.Meta, es, repo.LoaderFunc(func(_ context.Context, e repo.Entry) (io.ReadCloser, error) {
		p := filepath.Join(root, filepath.FromSlash(e.Path))
		if e.Kind == repo.Symlink {
			t, err := os.Readlink(p)
			if err != nil {
				return nil, err
			}
			return io.NopCloser(strings.NewReader(t)), nil
		}
		return os.Open(p)
	})), nil
}
