package repo

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// treeLoader serves a whole tree but lists directories one at a time, as a hosted
// source does, and counts the listings.
type treeLoader struct {
	files map[string]string // path → content; "dir/" keys are directories
	lists atomic.Int32
}

func (l *treeLoader) Open(_ context.Context, e Entry) (io.ReadCloser, error) {
	c, ok := l.files[e.Path]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return io.NopCloser(strings.NewReader(c)), nil
}

func (l *treeLoader) ListDir(_ context.Context, dir Entry) ([]Entry, error) {
	l.lists.Add(1)
	var out []Entry
	for p, c := range l.files {
		d := strings.TrimSuffix(p, "/")
		if path.Dir(d) != dir.Path {
			continue
		}
		if strings.HasSuffix(p, "/") {
			out = append(out, Entry{Path: d, Kind: Dir, OID: "tree:" + d})
		} else {
			out = append(out, Entry{Path: d, Kind: File, Size: int64(len(c)), OID: "blob:" + d})
		}
	}
	return out, nil
}

// partial lists only the root of files.
func partial(l Loader, files map[string]string) *Snapshot {
	var root []Entry
	for p, c := range files {
		d := strings.TrimSuffix(p, "/")
		if strings.Contains(d, "/") {
			continue
		}
		if strings.HasSuffix(p, "/") {
			root = append(root, Entry{Path: d, Kind: Dir, OID: "tree:" + d})
		} else {
			root = append(root, Entry{Path: d, Kind: File, Size: int64(len(c)), OID: "blob:" + d})
		}
	}
	return NewPartial(Meta{Name: "p"}, root, nil, l)
}

var partialFiles = map[string]string{
	"publiccode.yml":   "logo: img/logo.svg\n",
	"img/":             "",
	"img/logo.svg":     "<svg></svg>",
	"img/shots/":       "",
	"img/shots/a.png":  "png",
	"docs/":            "",
	"docs/GUIDE.md":    "guide",
	"img/shots/b.png":  "png",
	"img/shots/c.jpeg": "jpeg",
}

func TestPartialListsOnDemand(t *testing.T) {
	ctx := t.Context()
	l := &treeLoader{files: partialFiles}
	s := partial(l, partialFiles)
	if s.Listed("img") || !s.Listed("") {
		t.Fatalf("Listed: img %v, root %v; want false, true", s.Listed("img"), s.Listed(""))
	}
	if _, ok := s.Lookup("img/logo.svg"); ok {
		t.Fatal("Lookup sees an entry of a directory not listed yet")
	}
	b, err := s.ReadFile(ctx, "img/shots/a.png")
	if err != nil || string(b) != "png" {
		t.Fatalf("ReadFile(img/shots/a.png) = %q, %v", b, err)
	}
	if !s.Listed("img") || !s.Listed("img/shots") || s.Listed("docs") {
		t.Errorf("after the read: Listed img %v, img/shots %v, docs %v; want true, true, false", s.Listed("img"), s.Listed("img/shots"), s.Listed("docs"))
	}
	if n := l.lists.Load(); n != 2 {
		t.Errorf("%d listings, want 2 (img, img/shots)", n)
	}
	if _, err := s.Resolve(ctx, "img/nothing.png"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file in a listed directory: %v, want fs.ErrNotExist", err)
	}
	// The fs.FS view lists too: Stat, ReadDir and Lstat.
	fsys := s.FS(ctx)
	if fi, err := fs.Stat(fsys, "docs/GUIDE.md"); err != nil || fi.Size() != 5 {
		t.Errorf("Stat(docs/GUIDE.md) = %v, %v", fi, err)
	}
	es, err := fs.ReadDir(fsys, "img/shots")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"a.png", "b.png", "c.jpeg"}, names); diff != "" {
		t.Errorf("ReadDir(img/shots) (-want +got):\n%s", diff)
	}
	if n := l.lists.Load(); n != 3 {
		t.Errorf("%d listings, want 3: a directory is listed once", n)
	}
}

func TestPartialWithoutLister(t *testing.T) {
	s := partial(MapLoader{}, partialFiles)
	_, err := s.Resolve(t.Context(), "img/logo.svg")
	if !errors.Is(err, ErrNotListed) {
		t.Fatalf("Resolve in a directory the source cannot list: %v, want ErrNotListed", err)
	}
	if _, err := s.List(t.Context(), "img"); !errors.Is(err, ErrNotListed) {
		t.Errorf("List: %v, want ErrNotListed", err)
	}
	if _, err := fs.Stat(s.FS(t.Context()), "img/logo.svg"); errors.Is(err, fs.ErrNotExist) || err == nil {
		t.Errorf("Stat: %v; an unknown path must not look absent", err)
	}
}

// Concurrent readers see a consistent index while directories are listed (go test -race).
func TestPartialConcurrent(t *testing.T) {
	l := &treeLoader{files: partialFiles}
	s := partial(l, partialFiles)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			p := []string{"img/logo.svg", "img/shots/b.png", "docs/GUIDE.md", "publiccode.yml"}[i%4]
			if _, err := s.ReadFile(t.Context(), p); err != nil {
				t.Errorf("ReadFile(%s): %v", p, err)
			}
			_ = s.Entries()
			_ = s.ReadDir("img")
		})
	}
	wg.Wait()
	if n := l.lists.Load(); n != 3 {
		t.Errorf("%d listings, want 3 (img, img/shots, docs)", n)
	}
}
