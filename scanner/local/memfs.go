package local

import (
	"bytes"
	"errors"
	"os"
	"strings"

	"github.com/go-git/go-billy/v5"
)

// packFS serves a git directory for reading, handing go-git pack indexes and small
// packs from memory. go-git decodes a pack index with many tiny unbuffered reads and
// seeks around a pack for every object header; for a folder of mirrors that is most
// of the time spent. Files over the limits are opened as usual, so memory stays
// bounded by (concurrency × limit).
type packFS struct {
	billy.Filesystem
}

const (
	maxMemIdx  = 16 << 20 // ~600,000 objects
	maxMemPack = 4 << 20
)

func (f packFS) Open(name string) (billy.File, error) {
	return f.OpenFile(name, os.O_RDONLY, 0)
}

func (f packFS) OpenFile(name string, flag int, perm os.FileMode) (billy.File, error) {
	limit := int64(0)
	switch {
	case flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND) != 0:
	case strings.HasSuffix(name, ".idx"):
		limit = maxMemIdx
	case strings.HasSuffix(name, ".pack"):
		limit = maxMemPack
	}
	if limit == 0 {
		return f.Filesystem.OpenFile(name, flag, perm)
	}
	fi, err := f.Filesystem.Stat(name)
	if err != nil || fi.Size() > limit {
		return f.Filesystem.OpenFile(name, flag, perm)
	}
	file, err := f.Filesystem.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	buf := make([]byte, fi.Size())
	if _, err := file.ReadAt(buf, 0); err != nil && len(buf) > 0 {
		return nil, err
	}
	return &memFile{Reader: bytes.NewReader(buf), name: file.Name(), info: fi}, nil
}

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
