package local

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
)

// gitFS is a read-mostly billy filesystem over a git directory, tuned for go-git's
// access pattern when many repositories are indexed:
//
//   - reads go straight to os.Open, without billy's chroot helper, which lstat(2)s
//     every path on every open;
//   - ReadDir does not stat each entry (go-git only needs names and directory bits to
//     list loose objects);
//   - pack indexes and small packs are served from memory: go-git decodes an index
//     with many tiny unbuffered reads and seeks around a pack for every object header.
//     Files over the limits are opened as usual, so memory stays bounded by
//     concurrency × limit.
//
// Anything else (writes, which a scan never does) goes to the embedded osfs.
type gitFS struct {
	billy.Filesystem
	root string
}

const (
	maxMemIdx  = 8 << 20 // ~300,000 objects
	maxMemPack = 4 << 20
)

func newGitFS(root string) gitFS {
	return gitFS{Filesystem: osfs.New(root), root: filepath.Clean(root)}
}

// full maps a name inside the filesystem to a path on disk; ok is false when the name
// would leave the root.
func (f gitFS) full(name string) (string, bool) {
	p := filepath.Join(f.root, filepath.FromSlash(name))
	return p, p == f.root || strings.HasPrefix(p, f.root+string(filepath.Separator))
}

func (f gitFS) Open(name string) (billy.File, error) { return f.OpenFile(name, os.O_RDONLY, 0) }

func (f gitFS) OpenFile(name string, flag int, perm os.FileMode) (billy.File, error) {
	p, ok := f.full(name)
	if !ok || flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND) != 0 {
		return f.Filesystem.OpenFile(name, flag, perm)
	}
	file, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	limit := int64(0)
	switch {
	case strings.HasSuffix(name, ".idx"):
		limit = maxMemIdx
	case strings.HasSuffix(name, ".pack"):
		limit = maxMemPack
	}
	if limit > 0 {
		if fi, err := file.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() <= limit {
			defer file.Close()
			buf := make([]byte, fi.Size())
			if _, err := file.ReadAt(buf, 0); err != nil && len(buf) > 0 {
				return nil, err
			}
			return &memFile{Reader: bytes.NewReader(buf), name: name, info: fi}, nil
		}
	}
	return osFile{File: file, name: name}, nil
}

func (f gitFS) Stat(name string) (os.FileInfo, error) {
	if p, ok := f.full(name); ok {
		return os.Stat(p)
	}
	return f.Filesystem.Stat(name)
}

func (f gitFS) Lstat(name string) (os.FileInfo, error) {
	if p, ok := f.full(name); ok {
		return os.Lstat(p)
	}
	return f.Filesystem.Lstat(name)
}

func (f gitFS) ReadDir(name string) ([]os.FileInfo, error) {
	p, ok := f.full(name)
	if !ok {
		return f.Filesystem.ReadDir(name)
	}
	des, err := os.ReadDir(p)
	if err != nil {
		return nil, err
	}
	out := make([]os.FileInfo, len(des))
	for i, de := range des {
		out[i] = lazyInfo{de}
	}
	return out, nil
}

func (f gitFS) Join(elem ...string) string { return filepath.Join(elem...) }

func (f gitFS) Chroot(p string) (billy.Filesystem, error) {
	if full, ok := f.full(p); ok {
		return newGitFS(full), nil
	}
	return f.Filesystem.Chroot(p)
}

// lazyInfo is a directory entry's FileInfo that stats only when asked for more than its
// name and type.
type lazyInfo struct{ de fs.DirEntry }

func (l lazyInfo) Name() string { return l.de.Name() }
func (l lazyInfo) IsDir() bool  { return l.de.IsDir() }
func (l lazyInfo) info() fs.FileInfo {
	if fi, err := l.de.Info(); err == nil {
		return fi
	}
	return nil
}
func (l lazyInfo) Size() int64 {
	if fi := l.info(); fi != nil {
		return fi.Size()
	}
	return 0
}
func (l lazyInfo) Mode() fs.FileMode {
	if fi := l.info(); fi != nil {
		return fi.Mode()
	}
	return l.de.Type()
}
func (l lazyInfo) ModTime() time.Time {
	if fi := l.info(); fi != nil {
		return fi.ModTime()
	}
	return time.Time{}
}
func (l lazyInfo) Sys() any { return nil }

// osFile is an *os.File named as billy expects: the name given to Open, relative to
// the filesystem (go-git reopens packs by that name).
type osFile struct {
	*os.File
	name string
}

func (f osFile) Name() string  { return f.name }
func (f osFile) Lock() error   { return nil }
func (f osFile) Unlock() error { return nil }

// memFile is a read-only billy.File over bytes.
type memFile struct {
	*bytes.Reader
	name string
	info os.FileInfo
}

var errReadOnly = errors.New("read-only")

func (m *memFile) Name() string               { return m.name }
func (m *memFile) Write([]byte) (int, error)  { return 0, errReadOnly }
func (m *memFile) Close() error               { return nil }
func (m *memFile) Lock() error                { return nil }
func (m *memFile) Unlock() error              { return nil }
func (m *memFile) Truncate(int64) error       { return errReadOnly }
func (m *memFile) Stat() (os.FileInfo, error) { return m.info, nil }
