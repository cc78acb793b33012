// Package gittest builds git repositories at test time with go-git, so no binary .git
// folder is ever committed. Files are given as a map; objects are written directly
// (no worktree, no index), which is fast and allows symlinks and submodules.
package gittest

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/memory"
)

// File is one tree entry's content. A plain string in Files is a regular file.
type File struct {
	Content string
	Mode    filemode.FileMode // Regular when 0; Symlink (Content is the target), Executable, Submodule (Content is the commit id)
}

// Files maps slash paths to content: string, []byte or File.
type Files map[string]any

// Options shapes a repository.
type Options struct {
	Bare      bool   // a bare repository at dir (else dir/.git plus the files on disk)
	Branch    string // HEAD's branch (default "main")
	Origin    string // remote "origin" URL, if any
	Packed    bool   // write objects as one packfile (like a mirror) instead of loose
	NoCommits bool   // initialise only: HEAD names a branch that does not exist
	Commits   int    // commits in the history (default 1); each later one adds HISTORY-n
}

// Create builds a repository at dir and returns HEAD's commit id ("" with NoCommits).
func Create(dir string, files Files, o Options) (string, error) {
	if o.Branch == "" {
		o.Branch = "main"
	}
	gitDir := dir
	if !o.Bare {
		gitDir = filepath.Join(dir, ".git")
	}
	if err := os.MkdirAll(gitDir, 0o755); err != nil {
		return "", err
	}
	fsSt := filesystem.NewStorage(osfs.New(gitDir), cache.NewObjectLRU(cache.MiByte))
	defer fsSt.Close()
	var wt = osfs.New(dir)
	if o.Bare {
		wt = nil
	}
	var r *git.Repository
	var err error
	if wt == nil {
		r, err = git.InitWithOptions(fsSt, nil, git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(o.Branch)})
	} else {
		r, err = git.InitWithOptions(fsSt, wt, git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(o.Branch)})
	}
	if err != nil {
		return "", fmt.Errorf("init %s: %w", dir, err)
	}
	if o.Origin != "" {
		if _, err := r.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{o.Origin}}); err != nil {
			return "", err
		}
	}
	if !o.Bare {
		if err := writeFiles(dir, files); err != nil {
			return "", err
		}
	}
	if o.NoCommits {
		return "", nil
	}
	// Objects go to memory first, then to disk loose or as one pack.
	mem := memory.NewStorage()
	var parent plumbing.Hash
	n := max(o.Commits, 1)
	for i := 0; i < n; i++ {
		fs := files
		if i < n-1 { // earlier commits: a subset, so the history differs from HEAD
			fs = Files{fmt.Sprintf("HISTORY-%d", i): "old\n"}
		}
		tree, err := writeTree(mem, fs)
		if err != nil {
			return "", err
		}
		sig := object.Signature{Name: "Test", Email: "test@example.com", When: time.Date(2024, 1, 1, 0, 0, i, 0, time.UTC)}
		c := &object.Commit{Author: sig, Committer: sig, Message: fmt.Sprintf("commit %d\n", i), TreeHash: tree}
		if !parent.IsZero() {
			c.ParentHashes = []plumbing.Hash{parent}
		}
		parent, err = put(mem, c)
		if err != nil {
			return "", err
		}
	}
	if err := copyObjects(mem, fsSt, o.Packed); err != nil {
		return "", err
	}
	ref := plumbing.NewHashReference(plumbing.NewBranchReferenceName(o.Branch), parent)
	if err := fsSt.SetReference(ref); err != nil {
		return "", err
	}
	return parent.String(), nil
}

type encoder interface {
	Encode(plumbing.EncodedObject) error
}

func put(st storage.Storer, v encoder) (plumbing.Hash, error) {
	obj := st.NewEncodedObject()
	if err := v.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return st.SetEncodedObject(obj)
}

func blob(st storage.Storer, content []byte) (plumbing.Hash, error) {
	obj := st.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	obj.SetSize(int64(len(content)))
	w, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write(content); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return st.SetEncodedObject(obj)
}

func asFile(v any) File {
	switch c := v.(type) {
	case File:
		if c.Mode == 0 {
			c.Mode = filemode.Regular
		}
		return c
	case []byte:
		return File{Content: string(c), Mode: filemode.Regular}
	case string:
		return File{Content: c, Mode: filemode.Regular}
	}
	panic(fmt.Sprintf("gittest: unsupported content %T", v))
}

// writeTree writes the nested trees for files and returns the root tree id.
func writeTree(st storage.Storer, files Files) (plumbing.Hash, error) {
	type node struct {
		files map[string]File
		dirs  map[string]*node
	}
	newNode := func() *node { return &node{files: map[string]File{}, dirs: map[string]*node{}} }
	root := newNode()
	for p, v := range files {
		parts := strings.Split(strings.Trim(path.Clean(p), "/"), "/")
		n := root
		for _, d := range parts[:len(parts)-1] {
			if n.dirs[d] == nil {
				n.dirs[d] = newNode()
			}
			n = n.dirs[d]
		}
		n.files[parts[len(parts)-1]] = asFile(v)
	}
	var write func(n *node) (plumbing.Hash, error)
	write = func(n *node) (plumbing.Hash, error) {
		var t object.Tree
		for name, f := range n.files {
			var h plumbing.Hash
			var err error
			if f.Mode == filemode.Submodule {
				h = plumbing.NewHash(f.Content)
			} else if h, err = blob(st, []byte(f.Content)); err != nil {
				return h, err
			}
			t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: f.Mode, Hash: h})
		}
		for name, d := range n.dirs {
			h, err := write(d)
			if err != nil {
				return h, err
			}
			t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
		}
		// git orders entries by name, a directory's name as if it ended in "/".
		key := func(e object.TreeEntry) string {
			if e.Mode == filemode.Dir {
				return e.Name + "/"
			}
			return e.Name
		}
		sort.Slice(t.Entries, func(i, j int) bool { return key(t.Entries[i]) < key(t.Entries[j]) })
		return put(st, &t)
	}
	return write(root)
}

// copyObjects moves every object of mem into dst, loose or as one packfile.
func copyObjects(mem *memory.Storage, dst *filesystem.Storage, packed bool) error {
	iter, err := mem.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		return err
	}
	var hashes []plumbing.Hash
	err = iter.ForEach(func(o plumbing.EncodedObject) error {
		if !packed {
			_, err := dst.SetEncodedObject(o)
			return err
		}
		hashes = append(hashes, o.Hash())
		return nil
	})
	if err != nil || !packed {
		return err
	}
	w, err := dst.PackfileWriter()
	if err != nil {
		return err
	}
	pr, pw := io.Pipe()
	go func() {
		_, err := packfile.NewEncoder(pw, mem, false).Encode(hashes, 0)
		pw.CloseWithError(err)
	}()
	if _, err := io.Copy(w, pr); err != nil {
		return err
	}
	return w.Close()
}

// writeFiles writes files on disk under dir (the working tree).
func writeFiles(dir string, files Files) error {
	for p, v := range files {
		f := asFile(v)
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		switch f.Mode {
		case filemode.Symlink:
			if err := os.Symlink(f.Content, full); err != nil {
				return err
			}
		case filemode.Submodule:
			if err := os.MkdirAll(full, 0o755); err != nil {
				return err
			}
		default:
			perm := os.FileMode(0o644)
			if f.Mode == filemode.Executable {
				perm = 0o755
			}
			if err := os.WriteFile(full, []byte(f.Content), perm); err != nil {
				return err
			}
		}
	}
	return nil
}
