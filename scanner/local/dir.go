package local

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/repogov/repogov/repo"
)

// checkDir says clearly why path cannot be scanned as a directory.
func checkDir(path string) error {
	fi, err := os.Stat(path)
	switch {
	case os.IsNotExist(err):
		return fmt.Errorf("%s: no such file or directory", path)
	case err != nil:
		return err
	case !fi.IsDir():
		return fmt.Errorf("%s: not a directory (a target is a directory or a git URL)", path)
	}
	return nil
}

// dirSnapshot indexes the files on disk under root. Symlinks are recorded, never
// followed: their target is what the loader returns, and the snapshot resolves them
// inside the tree only. Directories that cannot be listed are logged and left empty;
// files that cannot be read fail the rule that reads them, not the scan.
func dirSnapshot(ctx context.Context, root string, meta repo.Meta, log *slog.Logger) (*repo.Snapshot, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var es []repo.Entry
	n := 0
	err := filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err != nil {
			if p == root {
				return err
			}
			log.Warn("cannot list directory; its content is left out", "path", p, "err", err)
			return nil // WalkDir has already recorded the directory itself
		}
		if p == root {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		switch t := de.Type(); {
		case de.IsDir():
			if de.Name() == ".git" {
				return filepath.SkipDir
			}
			es = append(es, repo.Entry{Path: rel, Kind: repo.Dir})
		case t&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				log.Warn("cannot read symlink; left out", "path", p, "err", err)
				return nil
			}
			es = append(es, repo.Entry{Path: rel, Kind: repo.Symlink, Size: int64(len(target))})
		case t.IsRegular():
			if de.Name() == ".git" { // a .git file (linked worktree)
				return nil
			}
			info, err := de.Info()
			if err != nil {
				log.Warn("cannot stat file; left out", "path", p, "err", err)
				return nil
			}
			es = append(es, repo.Entry{Path: rel, Kind: repo.File, Size: info.Size(), Exec: info.Mode()&0o111 != 0})
		default:
			// Devices, sockets, FIFOs: not repository content, and opening a FIFO blocks.
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walk %s: %w", root, err)
	}
	return repo.New(meta, es, diskLoader(root)), nil
}

// diskLoader opens entries under root. It never follows a symlink: link entries return
// their target text, and files are opened without following a final link (a file swapped
// for a link after indexing is refused).
type diskLoader string

func (root diskLoader) Open(_ context.Context, e repo.Entry) (io.ReadCloser, error) {
	p := filepath.Join(string(root), filepath.FromSlash(e.Path))
	if e.Kind == repo.Symlink {
		t, err := os.Readlink(p)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(strings.NewReader(t)), nil
	}
	if e.Kind != repo.File {
		return nil, &fs.PathError{Op: "open", Path: e.Path, Err: fs.ErrInvalid}
	}
	return openNoFollow(p)
}
