// Package repo holds the Snapshot: what a source collected about one repository (host
// metadata, the index of HEAD's tree, lazy capped reads) and what rules read through.
package repo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/repogov/repogov/report"
)

// DefaultMaxRead is the default cap on the bytes read from any one file.
const DefaultMaxRead int64 = 1 << 20

// Kind is what a tree entry is.
type Kind uint8

const (
	File Kind = iota + 1
	Dir
	Symlink
	Submodule
)

func (k Kind) String() string {
	switch k {
	case File:
		return "file"
	case Dir:
		return "dir"
	case Symlink:
		return "symlink"
	case Submodule:
		return "submodule"
	}
	return "unknown"
}

// Entry is one entry of the tree index.
type Entry struct {
	Path string // slash-separated, relative to the repository root, never "." or "./x"
	Kind Kind
	Size int64  // bytes, for files (and symlinks: the length of the target)
	OID  string // git object id in hex; "" when the source has none (plain directories)
	Exec bool   // git mode 100755
	// Absent marks a blob the source lists but does not hold (a partial clone made with
	// --filter=blob:none): its Size is unknown (0) and reading it fails with ErrAbsent.
	Absent bool
}

// Name is the last element of the entry's path.
func (e Entry) Name() string { return path.Base(e.Path) }

// Loader reads the content of one entry. The snapshot caps what it reads from it, so a
// Loader may return a reader over more bytes than the cap.
type Loader interface {
	Open(ctx context.Context, e Entry) (io.ReadCloser, error)
}

// LoaderFunc adapts a function to Loader.
type LoaderFunc func(ctx context.Context, e Entry) (io.ReadCloser, error)

func (f LoaderFunc) Open(ctx context.Context, e Entry) (io.ReadCloser, error) { return f(ctx, e) }

// Meta is what the host knows about a repository; the type belongs to the report model.
type Meta = report.Meta

// DirLister is implemented by the loaders of sources that list only some directories up
// front (hosted sources list what the enabled rules read): it lists one more directory on
// demand, so that a rule asking about a path elsewhere gets the truth, not "absent".
type DirLister interface {
	// ListDir returns the direct children of the directory entry dir, with full paths.
	ListDir(ctx context.Context, dir Entry) ([]Entry, error)
}

// ErrNotListed is returned for a path in a directory the source did not list and cannot
// list on demand: whether it exists is unknown. Rules report it as an error, never as a
// missing file.
var ErrNotListed = errors.New("directory not listed by the source")

// Snapshot is one repository as collected by a source. It is safe for concurrent reads.
type Snapshot struct {
	Meta Meta
	// MaxRead caps the bytes read from any one file (DefaultMaxRead when 0).
	MaxRead int64
	// Partial is true when the index lists only some directories (NewPartial): Resolve,
	// List and the FS view list the others on demand through the loader (DirLister), or
	// fail with ErrNotListed; Lookup, ReadDir and Entries show only what is listed so far.
	Partial bool
	// OrgDefaults is the account's public .github repository, whose community files GitHub
	// uses as defaults; nil when there is none (or for local sources unless given one).
	OrgDefaults *Snapshot
	// History is the commit history when the source holds one (git repositories on
	// disk); nil otherwise.
	History History

	idx    atomic.Pointer[index]
	loader Loader

	listMu sync.Mutex
	listed map[string]bool // Partial: directories whose entries are all in the index

	mu    sync.Mutex
	cache map[string][]byte
	memo  map[string]*memoEntry
}

type memoEntry struct {
	once sync.Once
	v    any
}

// Memo returns f's value for key, computing it once per snapshot: a fact that several
// rules derive from the same files (the licence evidence) is computed by the first rule
// that asks and shared with the others. Concurrent callers of one key wait for the first;
// f must not call Memo with the same key. Keys are the callers' own (use the package
// path as a prefix).
func (s *Snapshot) Memo(key string, f func() any) any {
	s.mu.Lock()
	if s.memo == nil {
		s.memo = map[string]*memoEntry{}
	}
	e, ok := s.memo[key]
	if !ok {
		e = &memoEntry{}
		s.memo[key] = e
	}
	s.mu.Unlock()
	e.once.Do(func() { e.v = f() })
	return e.v
}

// index is the file index; it is replaced, never changed, when a directory is listed on
// demand, so readers need no lock and slices they were given stay valid.
type index struct {
	entries  []Entry
	byPath   map[string]int
	children map[string][]int
}

// New builds a snapshot over entries (any order; parent directories are implied) that
// lists the whole tree.
func New(meta Meta, entries []Entry, loader Loader) *Snapshot {
	s := &Snapshot{Meta: meta, loader: loader, cache: map[string][]byte{}}
	s.idx.Store(newIndex(entries))
	return s
}

// NewPartial builds a snapshot whose entries list only the directories listed ("" the
// root, always listed); other directories are listed on demand when loader is a
// DirLister.
func NewPartial(meta Meta, entries []Entry, listed []string, loader Loader) *Snapshot {
	s := New(meta, entries, loader)
	s.Partial = true
	s.listed = map[string]bool{"": true}
	for _, d := range listed {
		s.listed[cleanPath(d)] = true
	}
	return s
}

func cleanPath(p string) string { return strings.Trim(path.Clean("/"+p), "/") }

// newIndex indexes entries; the first of two entries with one path wins.
func newIndex(entries []Entry) *index {
	x := &index{byPath: make(map[string]int, len(entries)), children: map[string][]int{}}
	es := make([]Entry, 0, len(entries))
	seen := make(map[string]bool, len(entries))
	for _, e := range entries {
		e.Path = cleanPath(e.Path)
		if e.Path == "" || seen[e.Path] {
			continue
		}
		seen[e.Path] = true
		es = append(es, e)
	}
	// Imply missing parent directories so ReadDir sees every level.
	for _, e := range es {
		for d := path.Dir(e.Path); d != "."; d = path.Dir(d) {
			if seen[d] {
				break
			}
			seen[d] = true
			es = append(es, Entry{Path: d, Kind: Dir})
		}
	}
	sort.Slice(es, func(i, j int) bool { return es[i].Path < es[j].Path })
	x.entries = es
	for i, e := range es {
		x.byPath[e.Path] = i
		dir := path.Dir(e.Path)
		if dir == "." {
			dir = ""
		}
		x.children[dir] = append(x.children[dir], i)
	}
	return x
}

// Entries returns every entry listed so far, sorted by path. The slice must not be
// modified.
func (s *Snapshot) Entries() []Entry { return s.idx.Load().entries }

// Lookup returns the entry at p ("" or "." is the root, which has no entry), as far as
// the index knows: in a directory not listed yet, nothing.
func (s *Snapshot) Lookup(p string) (Entry, bool) {
	x := s.idx.Load()
	i, ok := x.byPath[p]
	if !ok {
		return Entry{}, false
	}
	return x.entries[i], true
}

// ReadDir returns the direct children of dir ("" for the root) listed so far, sorted by
// name. List lists the directory first when the source has not.
func (s *Snapshot) ReadDir(dir string) []Entry {
	if dir == "." {
		dir = ""
	}
	x := s.idx.Load()
	idx := x.children[dir]
	out := make([]Entry, len(idx))
	for i, j := range idx {
		out[i] = x.entries[j]
	}
	return out
}

// Listed reports whether every entry of dir ("" for the root) is in the index.
func (s *Snapshot) Listed(dir string) bool {
	if !s.Partial {
		return true
	}
	s.listMu.Lock()
	defer s.listMu.Unlock()
	return s.listed == nil || s.listed[cleanPath(dir)]
}

// List returns the direct children of dir, listing it through the source first when it
// has not been: ErrNotListed when the source cannot, fs.ErrNotExist when dir is not
// there.
func (s *Snapshot) List(ctx context.Context, dir string) ([]Entry, error) {
	dir = cleanPath(dir)
	if err := s.ensureListed(ctx, dir); err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: dir, Err: err}
	}
	return s.ReadDir(dir), nil
}

// ensureListed lists dir, and the directories above it, when they are not yet.
func (s *Snapshot) ensureListed(ctx context.Context, dir string) error {
	if !s.Partial {
		return nil
	}
	s.listMu.Lock()
	defer s.listMu.Unlock()
	return s.listLocked(ctx, dir)
}

func (s *Snapshot) listLocked(ctx context.Context, dir string) error {
	if s.listed == nil || s.listed[dir] {
		return nil
	}
	parent := path.Dir(dir)
	if parent == "." {
		parent = ""
	}
	if err := s.listLocked(ctx, parent); err != nil {
		return err
	}
	e, ok := s.Lookup(dir)
	switch {
	case !ok:
		return fs.ErrNotExist
	case e.Kind != Dir:
		return nil // nothing below a file, link or submodule
	}
	dl, ok := s.loader.(DirLister)
	if !ok {
		return ErrNotListed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	children, err := dl.ListDir(ctx, e)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("listing %s: %w: %w", dir, ErrNotListed, err)
	}
	for i := range children {
		if path.Dir(cleanPath(children[i].Path)) != dir {
			return fmt.Errorf("listing %s: the source returned %s", dir, children[i].Path)
		}
	}
	// The listed children first: they replace the directories implied so far.
	s.idx.Store(newIndex(append(children, s.idx.Load().entries...)))
	s.listed[dir] = true
	return nil
}

func (s *Snapshot) maxRead() int64 {
	if s.MaxRead > 0 {
		return s.MaxRead
	}
	return DefaultMaxRead
}

// ErrOutside is returned for a symlink that resolves outside the repository.
var ErrOutside = errors.New("symlink points outside the repository")

// ErrAbsent is returned when reading an entry whose content the source does not hold.
var ErrAbsent = errors.New("not present in this partial clone")

// ErrLoop is returned for a symlink chain that does not end.
var ErrLoop = errors.New("too many levels of symbolic links")

// TooLargeError reports a file over the read cap. Rules report it; it never stops a scan.
type TooLargeError struct {
	Path  string
	Size  int64
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: too large to read (%d bytes, limit %d)", e.Path, e.Size, e.Limit)
}

const maxLinkHops = 40

// maxLinkTarget bounds what is read of a symlink's target: no real link is longer.
const maxLinkTarget = 4096

// Resolve follows symlinks inside the snapshot — in any component of p, not only the
// last — and returns the entry p finally names. A link that leaves the repository (an
// absolute target, or one that climbs above the root) yields ErrOutside and is never
// followed; a cycle or a chain longer than 40 links yields ErrLoop.
func (s *Snapshot) Resolve(ctx context.Context, p string) (Entry, error) {
	orig := p
	p = strings.Trim(path.Clean("/"+p), "/")
	hops := 0
	// done is the resolved prefix (no links in it); rest is still to walk.
	done, rest := "", p
	for rest != "" {
		var elem string
		elem, rest, _ = strings.Cut(rest, "/")
		cur := elem
		if done != "" {
			cur = done + "/" + elem
		}
		if err := s.ensureListed(ctx, done); err != nil {
			return Entry{}, &fs.PathError{Op: "open", Path: orig, Err: err}
		}
		e, ok := s.Lookup(cur)
		if !ok {
			return Entry{}, &fs.PathError{Op: "open", Path: orig, Err: fs.ErrNotExist}
		}
		switch {
		case e.Kind == Symlink:
			hops++
			if hops > maxLinkHops {
				return Entry{}, &fs.PathError{Op: "open", Path: orig, Err: ErrLoop}
			}
			target, err := s.linkTarget(ctx, e)
			if err != nil {
				return Entry{}, err
			}
			if strings.HasPrefix(target, "/") {
				return Entry{}, &fs.PathError{Op: "open", Path: orig, Err: ErrOutside}
			}
			next := path.Join(path.Dir("/"+cur), target)
			if climbsOut(path.Dir(cur), target) {
				return Entry{}, &fs.PathError{Op: "open", Path: orig, Err: ErrOutside}
			}
			next = strings.Trim(next, "/")
			// Start again from the link's target followed by what was left.
			done = ""
			if rest != "" {
				rest = strings.Trim(next+"/"+rest, "/")
			} else {
				rest = next
			}
			if rest == "" { // the link names the root
				return Entry{}, &fs.PathError{Op: "open", Path: orig, Err: errors.New("symlink to the repository root")}
			}
		case rest != "" && e.Kind != Dir:
			return Entry{}, &fs.PathError{Op: "open", Path: orig, Err: fs.ErrNotExist}
		default:
			done = cur
			if rest == "" {
				return e, nil
			}
		}
	}
	return Entry{}, &fs.PathError{Op: "open", Path: orig, Err: fs.ErrNotExist}
}

// climbsOut reports whether target, relative to dir, goes above the repository root at
// any point (path.Join would silently clamp "/../x" to "/x").
func climbsOut(dir, target string) bool {
	depth := 0
	if dir != "." && dir != "" {
		depth = strings.Count(dir, "/") + 1
	}
	for _, el := range strings.Split(target, "/") {
		switch el {
		case "", ".":
		case "..":
			depth--
			if depth < 0 {
				return true
			}
		default:
			depth++
		}
	}
	return false
}

// linkTarget reads a symlink's target, refusing absurdly long ones.
func (s *Snapshot) linkTarget(ctx context.Context, e Entry) (string, error) {
	if e.Size > maxLinkTarget {
		return "", &TooLargeError{Path: e.Path, Size: e.Size, Limit: maxLinkTarget}
	}
	b, err := s.read(ctx, e, maxLinkTarget)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// Close releases what the snapshot's loader holds open (file descriptors of a git
// object store). Reads after Close still work, reopening as needed. The engine calls
// it when a repository's rules are done.
func (s *Snapshot) Close() error {
	if c, ok := s.loader.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// ReadFile returns the content of the file at p, following symlinks inside the
// repository. It never reads more than the cap: a larger file yields *TooLargeError.
// The caller owns the returned slice.
func (s *Snapshot) ReadFile(ctx context.Context, p string) ([]byte, error) {
	e, err := s.Resolve(ctx, p)
	if err != nil {
		return nil, err
	}
	switch e.Kind {
	case Dir:
		return nil, &fs.PathError{Op: "read", Path: p, Err: errors.New("is a directory")}
	case Submodule:
		return nil, &fs.PathError{Op: "read", Path: p, Err: errors.New("is a submodule")}
	}
	limit := s.maxRead()
	if e.Size > limit {
		return nil, &TooLargeError{Path: p, Size: e.Size, Limit: limit}
	}
	s.mu.Lock()
	b, ok := s.cache[e.Path]
	s.mu.Unlock()
	if ok {
		return bytes.Clone(b), nil // callers may modify what they get
	}
	b, err = s.read(ctx, e, limit)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.cache[e.Path] = b
	s.mu.Unlock()
	return bytes.Clone(b), nil
}

// read reads at most limit bytes of e through the loader.
func (s *Snapshot) read(ctx context.Context, e Entry, limit int64) ([]byte, error) {
	if s.loader == nil {
		return nil, &fs.PathError{Op: "read", Path: e.Path, Err: errors.New("no content available")}
	}
	if e.Absent {
		return nil, fmt.Errorf("blob %.7s is %w", e.OID, ErrAbsent)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rc, err := s.loader.Open(ctx, e)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", e.Path, err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", e.Path, err)
	}
	if n > limit {
		return nil, &TooLargeError{Path: e.Path, Size: max(e.Size, n), Limit: limit}
	}
	return buf.Bytes(), nil
}
