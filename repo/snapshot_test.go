package repo

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func testSnapshot() *Snapshot {
	return FromMap(Meta{Name: "alpha", FullName: "alpha"}, map[string]string{
		"README.md":               "# alpha\n",
		"docs/guide/intro.md":     "intro\n",
		"docs/latest":             "symlink:guide",
		"docs/up":                 "symlink:../README.md",
		"CONTRIBUTING.md":         "symlink:docs/latest/intro.md",
		"etc":                     "symlink:/etc",
		"passwd":                  "symlink:/etc/passwd",
		"climb":                   "symlink:docs/../../secret",
		"deep/climb":              "symlink:../../x",
		"loop-a":                  "symlink:loop-b",
		"loop-b":                  "symlink:loop-a",
		"self":                    "symlink:.",
		"dangling":                "symlink:nowhere",
		"empty/":                  "",
		".github/ISSUE_TEMPLATE/": "",
	})
}

func TestResolve(t *testing.T) {
	s := testSnapshot()
	ctx := context.Background()
	for _, tc := range []struct {
		in, want string
		err      error
	}{
		{in: "README.md", want: "README.md"},
		{in: "./docs//guide/intro.md", want: "docs/guide/intro.md"},
		{in: "docs/latest", want: "docs/guide"},
		{in: "docs/latest/intro.md", want: "docs/guide/intro.md"},
		{in: "CONTRIBUTING.md", want: "docs/guide/intro.md"},
		{in: "docs/up", want: "README.md"},
		{in: "passwd", err: ErrOutside},
		{in: "etc/passwd", err: ErrOutside},
		{in: "climb", err: ErrOutside},
		{in: "deep/climb", err: ErrOutside},
		{in: "loop-a", err: ErrLoop},
		{in: "dangling", err: fs.ErrNotExist},
		{in: "README.md/x", err: fs.ErrNotExist},
		{in: "missing", err: fs.ErrNotExist},
	} {
		e, err := s.Resolve(ctx, tc.in)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("Resolve(%q) = %v, %v; want %v", tc.in, e.Path, err, tc.err)
			}
			continue
		}
		if err != nil || e.Path != tc.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tc.in, e.Path, err, tc.want)
		}
	}
	if _, err := s.Resolve(ctx, "self"); err == nil {
		t.Error("Resolve(self) succeeded; a link to the root names no entry")
	}
}

func TestReadFileCap(t *testing.T) {
	s := FromMap(Meta{}, map[string]string{"LICENSE": strings.Repeat("x", 100), "small": "ok"})
	s.MaxRead = 50
	ctx := context.Background()
	var tl *TooLargeError
	if _, err := s.ReadFile(ctx, "LICENSE"); !errors.As(err, &tl) || tl.Size != 100 || tl.Limit != 50 || tl.Path != "LICENSE" {
		t.Errorf("ReadFile over the cap = %v; want *TooLargeError{LICENSE, 100, 50}", err)
	}
	if b, err := s.ReadFile(ctx, "small"); err != nil || string(b) != "ok" {
		t.Errorf("ReadFile(small) = %q, %v", b, err)
	}
	// An index that lies about the size (a file grown on disk) is still capped.
	lying := New(Meta{}, []Entry{{Path: "grown", Kind: File, Size: 1}}, MapLoader{"grown": strings.Repeat("y", 1000)})
	lying.MaxRead = 10
	if _, err := lying.ReadFile(ctx, "grown"); !errors.As(err, &tl) {
		t.Errorf("grown file: %v; want *TooLargeError", err)
	}
	if _, err := s.ReadFile(ctx, "missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

// countingLoader counts opens, to check the content cache and the read bound.
type countingLoader struct {
	mu    sync.Mutex
	opens int
	MapLoader
}

func (c *countingLoader) Open(ctx context.Context, e Entry) (io.ReadCloser, error) {
	c.mu.Lock()
	c.opens++
	c.mu.Unlock()
	return c.MapLoader.Open(ctx, e)
}

func TestReadFileCachedAndConcurrent(t *testing.T) {
	l := &countingLoader{MapLoader: MapLoader{"a": "A"}}
	s := New(Meta{}, []Entry{{Path: "a", Kind: File, Size: 1}}, l)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if b, err := s.ReadFile(context.Background(), "a"); err != nil || string(b) != "A" {
				t.Errorf("ReadFile = %q, %v", b, err)
			}
		})
	}
	wg.Wait()
	if _, err := s.ReadFile(context.Background(), "a"); err != nil {
		t.Fatal(err)
	}
	if l.opens > 16 || l.opens < 1 {
		t.Errorf("opens = %d", l.opens)
	}
	before := l.opens
	s.ReadFile(context.Background(), "a")
	if l.opens != before {
		t.Error("a second read opened the file again; want the cached content")
	}
}

func TestMemo(t *testing.T) {
	s := FromMap(Meta{}, nil)
	var mu sync.Mutex
	calls := map[string]int{}
	var wg sync.WaitGroup
	for i := range 32 {
		key := []string{"a", "b"}[i%2]
		wg.Go(func() {
			v := s.Memo(key, func() any {
				mu.Lock()
				calls[key]++
				mu.Unlock()
				return key + "!"
			})
			if v != key+"!" {
				t.Errorf("Memo(%q) = %v", key, v)
			}
		})
	}
	wg.Wait()
	if diff := cmp.Diff(map[string]int{"a": 1, "b": 1}, calls); diff != "" {
		t.Errorf("calls per key (-want +got):\n%s", diff)
	}
	if other := FromMap(Meta{}, nil); other.Memo("a", func() any { return 2 }) != 2 {
		t.Error("a memo leaked into another snapshot")
	}
}

func TestIndex(t *testing.T) {
	s := New(Meta{}, []Entry{
		{Path: "b/c/d.txt", Kind: File, Size: 3},
		{Path: "./a.txt", Kind: File, Size: 1},
		{Path: "a.txt", Kind: File, Size: 9}, // duplicate: the first wins
		{Path: "sub", Kind: Submodule, OID: "abc"},
	}, nil)
	var got []string
	for _, e := range s.Entries() {
		got = append(got, e.Kind.String()+" "+e.Path)
	}
	want := []string{"file a.txt", "dir b", "dir b/c", "file b/c/d.txt", "submodule sub"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Entries (-want +got):\n%s", d)
	}
	var root []string
	for _, e := range s.ReadDir("") {
		root = append(root, e.Name())
	}
	if d := cmp.Diff([]string{"a.txt", "b", "sub"}, root); d != "" {
		t.Errorf("ReadDir(root) (-want +got):\n%s", d)
	}
	if e, _ := s.Lookup("a.txt"); e.Size != 1 {
		t.Errorf("duplicate kept size %d, want the first (1)", e.Size)
	}
	if _, err := s.ReadFile(context.Background(), "sub"); err == nil {
		t.Error("reading a submodule succeeded")
	}
	if _, err := s.ReadFile(context.Background(), "a.txt"); err == nil {
		t.Error("reading without a loader succeeded")
	}
}

func TestFS(t *testing.T) {
	s := FromMap(Meta{}, map[string]string{
		"README.md":   "# x\n",
		"docs/a.md":   "a\n",
		"docs/b/c.md": "c\n",
		"empty/":      "",
		"link.md":     "symlink:docs/a.md",
	})
	fsys := s.FS(context.Background())
	if err := fstest.TestFS(fsys, "README.md", "docs/a.md", "docs/b/c.md", "empty", "link.md"); err != nil {
		t.Fatal(err)
	}
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		t.Fatal("FS is not an fs.ReadLinkFS")
	}
	if target, err := rl.ReadLink("link.md"); err != nil || target != "docs/a.md" {
		t.Errorf("ReadLink = %q, %v", target, err)
	}
	out := FromMap(Meta{}, map[string]string{"outside": "symlink:/etc/passwd"}).FS(context.Background())
	if _, err := fs.ReadFile(out, "outside"); !errors.Is(err, ErrOutside) {
		t.Errorf("reading a link out of the tree: %v, want ErrOutside", err)
	}
	if _, err := fsys.Open("../x"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("Open(../x): %v, want ErrInvalid", err)
	}
}

func TestMetaKey(t *testing.T) {
	for _, tc := range []struct {
		m    Meta
		want string
	}{
		{Meta{Host: "github.com", FullName: "Acme/Alpha"}, "github.com/acme/alpha"},
		{Meta{FullName: "./mirrors/alpha.git"}, "local/./mirrors/alpha.git"},
	} {
		if got := tc.m.Key(); got != tc.want {
			t.Errorf("Key(%+v) = %q, want %q", tc.m, got, tc.want)
		}
	}
}
