package repo

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"path"
	"time"
)

// FS returns a read-only fs.FS view of the snapshot. Reads go through ReadFile, so the
// size cap and the symlink rules apply; fs.FS has no context, so reads use ctx.
func (s *Snapshot) FS(ctx context.Context) fs.FS { return snapFS{s: s, ctx: ctx} }

type snapFS struct {
	s   *Snapshot
	ctx context.Context
}

func (f snapFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return &dirFile{info: fileInfo{name: ".", kind: Dir}, entries: f.s.ReadDir("")}, nil
	}
	e, err := f.s.Resolve(f.ctx, name)
	if err != nil {
		return nil, err
	}
	if e.Kind == Dir {
		es, err := f.s.List(f.ctx, e.Path)
		if err != nil {
			return nil, err
		}
		return &dirFile{info: fileInfo{name: e.Name(), kind: Dir}, entries: es}, nil
	}
	b, err := f.s.ReadFile(f.ctx, name)
	if err != nil {
		return nil, err
	}
	return &file{info: fileInfo{name: e.Name(), size: int64(len(b)), kind: e.Kind}, r: bytes.NewReader(b)}, nil
}

func (f snapFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	return f.s.ReadFile(f.ctx, name)
}

func (f snapFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		e, err := f.s.Resolve(f.ctx, name)
		if err != nil {
			return nil, err
		}
		if e.Kind != Dir {
			return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
		}
		name = e.Path
	} else {
		name = ""
	}
	es, err := f.s.List(f.ctx, name)
	if err != nil {
		return nil, err
	}
	out := make([]fs.DirEntry, len(es))
	for i, e := range es {
		out[i] = fs.FileInfoToDirEntry(fileInfo{name: e.Name(), size: e.Size, kind: e.Kind})
	}
	return out, nil
}

// ReadLink and Lstat make the view an fs.ReadLinkFS, so callers can tell links apart.
func (f snapFS) ReadLink(name string) (string, error) {
	e, err := f.s.lstat(f.ctx, "readlink", name)
	if err != nil {
		return "", err
	}
	if e.Kind != Symlink {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return f.s.linkTarget(f.ctx, e)
}

func (f snapFS) Lstat(name string) (fs.FileInfo, error) {
	if name == "." {
		return fileInfo{name: ".", kind: Dir}, nil
	}
	e, err := f.s.lstat(f.ctx, "lstat", name)
	if err != nil {
		return nil, err
	}
	return fileInfo{name: e.Name(), size: e.Size, kind: e.Kind}, nil
}

// lstat returns the entry at p itself (a link is not followed), listing the directories
// above it on demand.
func (s *Snapshot) lstat(ctx context.Context, op, p string) (Entry, error) {
	dir := path.Dir(p)
	if dir == "." {
		dir = ""
	}
	if err := s.ensureListed(ctx, dir); err != nil {
		return Entry{}, &fs.PathError{Op: op, Path: p, Err: err}
	}
	e, ok := s.Lookup(p)
	if !ok {
		return Entry{}, &fs.PathError{Op: op, Path: p, Err: fs.ErrNotExist}
	}
	return e, nil
}

type fileInfo struct {
	name string
	size int64
	kind Kind
}

func (i fileInfo) Name() string { return i.name }
func (i fileInfo) Size() int64  { return i.size }
func (i fileInfo) Mode() fs.FileMode {
	switch i.kind {
	case Dir, Submodule:
		return fs.ModeDir | 0o555
	case Symlink:
		return fs.ModeSymlink | 0o444
	}
	return 0o444
}
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return i.kind == Dir || i.kind == Submodule }
func (i fileInfo) Sys() any           { return nil }

type file struct {
	info fileInfo
	r    *bytes.Reader
}

func (f *file) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *file) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *file) Close() error               { return nil }

type dirFile struct {
	info    fileInfo
	entries []Entry
	off     int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: fs.ErrInvalid}
}
func (d *dirFile) Close() error { return nil }
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n > 0 && len(rest) == 0 {
		return nil, io.EOF
	}
	if n > 0 && n < len(rest) {
		rest = rest[:n]
	}
	d.off += len(rest)
	out := make([]fs.DirEntry, len(rest))
	for i, e := range rest {
		out[i] = fs.FileInfoToDirEntry(fileInfo{name: e.Name(), size: e.Size, kind: e.Kind})
	}
	return out, nil
}

// MapLoader serves content from memory, keyed by path; for tests and small sources.
type MapLoader map[string]string

func (m MapLoader) Open(_ context.Context, e Entry) (io.ReadCloser, error) {
	c, ok := m[e.Path]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: e.Path, Err: fs.ErrNotExist}
	}
	return io.NopCloser(bytes.NewReader([]byte(c))), nil
}

// FromMap builds a snapshot from path → content, for tests: a key ending in "/" is an
// empty directory, a value starting with "symlink:" a link to the rest.
func FromMap(meta Meta, files map[string]string) *Snapshot {
	var es []Entry
	content := MapLoader{}
	for p, c := range files {
		switch {
		case len(p) > 0 && p[len(p)-1] == '/':
			es = append(es, Entry{Path: p[:len(p)-1], Kind: Dir})
		case len(c) > 8 && c[:8] == "symlink:":
			content[p] = c[8:]
			es = append(es, Entry{Path: p, Kind: Symlink, Size: int64(len(c) - 8)})
		default:
			content[p] = c
			es = append(es, Entry{Path: p, Kind: File, Size: int64(len(c))})
		}
	}
	return New(meta, es, content)
}
