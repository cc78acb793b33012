package local

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/gittest"
	"github.com/repogov/repogov/internal/golden"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/scanner"
)

// fixture is a small repository with every kind of entry.
var fixture = gittest.Files{
	"README.md":           "# alpha\n",
	"LICENSE":             "MIT License\n",
	".github/SECURITY.md": "report to security@example.com\n",
	"docs/guide/a.md":     "a\n",
	"bin/run.sh":          gittest.File{Content: "#!/bin/sh\n", Mode: filemode.Executable},
	"CONTRIBUTING.md":     gittest.File{Content: "docs/guide/a.md", Mode: filemode.Symlink},
	"docs/latest":         gittest.File{Content: "guide", Mode: filemode.Symlink},
	"vendor/lib":          gittest.File{Content: "0123456789012345678901234567890123456789", Mode: filemode.Submodule},
}

// openOne lists target and opens its only repository.
func openOne(t *testing.T, target string, o Options) (*repo.Snapshot, error) {
	t.Helper()
	src := New(target, o)
	refs, err := src.List(context.Background())
	if err != nil {
		t.Fatalf("List(%s): %v", target, err)
	}
	if len(refs) != 1 {
		t.Fatalf("List(%s) = %d refs, want 1", target, len(refs))
	}
	return src.Open(context.Background(), refs[0])
}

// index renders a snapshot's entries one per line, for comparisons and golden files.
func index(s *repo.Snapshot, withOID bool) string {
	var b strings.Builder
	for _, e := range s.Entries() {
		fmt.Fprintf(&b, "%-9s %6d %-5v %s", e.Kind, e.Size, e.Exec, e.Path)
		if withOID && e.OID != "" {
			fmt.Fprintf(&b, " %s", e.OID[:7])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func goldenFile(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name+".golden"), []byte(got))
}

func TestGitSources(t *testing.T) {
	tmp := t.TempDir()
	wt := filepath.Join(tmp, "alpha")
	head, err := gittest.Create(wt, fixture, gittest.Options{Origin: "git@github.com:acme/alpha.git", Commits: 3})
	if err != nil {
		t.Fatal(err)
	}
	bare := filepath.Join(tmp, "alpha.git")
	bareHead, err := gittest.Create(bare, fixture, gittest.Options{Bare: true, Packed: true, Branch: "trunk", Origin: "https://user:secret@gitlab.com/acme/alpha.git"})
	if err != nil {
		t.Fatal(err)
	}
	// Uncommitted: a new file on disk only.
	if err := os.WriteFile(filepath.Join(wt, "UNCOMMITTED.md"), []byte("draft\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, target string
		opts         Options
		wantMeta     repo.Meta
		wantDraft    bool // the uncommitted file is in the snapshot
	}{
		{"worktree HEAD", wt, Options{}, repo.Meta{Name: "alpha", FullName: "alpha", Path: wt, HeadOID: head, DefaultBranch: "main", URL: "https://github.com/acme/alpha"}, false},
		{"worktree on disk", wt, Options{Worktree: true}, repo.Meta{Name: "alpha", FullName: "alpha", Path: wt}, true},
		{".git directory", filepath.Join(wt, ".git"), Options{}, repo.Meta{Name: "alpha", FullName: "alpha", Path: filepath.Join(wt, ".git"), HeadOID: head, DefaultBranch: "main", URL: "https://github.com/acme/alpha"}, false},
		{"bare packed", bare, Options{}, repo.Meta{Name: "alpha", FullName: "alpha.git", Path: bare, HeadOID: bareHead, DefaultBranch: "trunk", URL: "https://gitlab.com/acme/alpha"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := openOne(t, tc.target, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if d := cmp.Diff(tc.wantMeta, s.Meta); d != "" {
				t.Errorf("Meta (-want +got):\n%s", d)
			}
			if _, ok := s.Lookup("UNCOMMITTED.md"); ok != tc.wantDraft {
				t.Errorf("uncommitted file in snapshot = %v, want %v", ok, tc.wantDraft)
			}
			if _, ok := s.Lookup("HISTORY-0"); ok {
				t.Error("a file of an earlier commit is in HEAD's snapshot")
			}
			ctx := context.Background()
			for p, want := range map[string]string{
				"README.md":        "# alpha\n",
				"CONTRIBUTING.md":  "a\n", // symlink inside the tree, followed
				"docs/latest/a.md": "a\n", // a link in a directory component
			} {
				got, err := s.ReadFile(ctx, p)
				if err != nil || string(got) != want {
					t.Errorf("ReadFile(%s) = %q, %v; want %q", p, got, err, want)
				}
			}
			if _, err := fs.ReadFile(s.FS(ctx), "bin/run.sh"); err != nil {
				t.Errorf("FS ReadFile: %v", err)
			}
			if tc.opts.Worktree {
				goldenFile(t, "worktree-disk", index(s, false))
			} else {
				goldenFile(t, "git-head", index(s, true))
			}
		})
	}
}

func TestBadInputs(t *testing.T) {
	tmp := t.TempDir()
	mk := func(name string, files gittest.Files, o gittest.Options) string {
		t.Helper()
		p := filepath.Join(tmp, name)
		if _, err := gittest.Create(p, files, o); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plain := filepath.Join(tmp, "plain")
	if err := os.MkdirAll(plain, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p, c string) {
		if err := os.WriteFile(filepath.Join(plain, p), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("README.md", "# plain\n")
	write("ok.md", "fine\n")
	for _, l := range [][2]string{{"/etc/passwd", "passwd"}, {"../../../../../../etc/passwd", "climb"}, {"loop-b", "loop-a"}, {"loop-a", "loop-b"}} {
		if err := os.Symlink(l[0], filepath.Join(plain, l[1])); err != nil {
			t.Fatal(err)
		}
	}
	// A 50 MB LICENSE, sparse on disk: the snapshot must refuse it from its size alone.
	big, err := os.Create(filepath.Join(plain, "LICENSE"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	big.Close()
	write("gone.md", "soon removed\n")
	write("secret.md", "unreadable\n")
	if err := os.Chmod(filepath.Join(plain, "secret.md"), 0); err != nil {
		t.Fatal(err)
	}

	bigGit := mk("big.git", gittest.Files{"LICENSE": bytes.Repeat([]byte("x"), 50<<20), "README.md": "hi\n",
		"passwd": gittest.File{Content: "/etc/passwd", Mode: filemode.Symlink},
		"loop-a": gittest.File{Content: "loop-b", Mode: filemode.Symlink},
		"loop-b": gittest.File{Content: "./loop-a", Mode: filemode.Symlink}},
		gittest.Options{Bare: true, Packed: true})
	empty := mk("empty", nil, gittest.Options{NoCommits: true})
	emptyBare := mk("empty.git", nil, gittest.Options{Bare: true, NoCommits: true})
	corrupt := mk("corrupt", gittest.Files{"README.md": "x\n"}, gittest.Options{})
	if err := os.WriteFile(filepath.Join(corrupt, ".git", "HEAD"), []byte("garbage\x00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	renamed := mk("renamed.git", gittest.Files{"README.md": "x\n"}, gittest.Options{Bare: true, Branch: "main"})
	if err := os.WriteFile(filepath.Join(renamed, "HEAD"), []byte("ref: refs/heads/master\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missingObjects := mk("missing-objects", gittest.Files{"README.md": "x\n"}, gittest.Options{})
	if err := os.RemoveAll(filepath.Join(missingObjects, ".git", "objects")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(missingObjects, ".git", "objects"), 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(plain, "README.md")

	t.Run("open errors", func(t *testing.T) {
		for _, tc := range []struct {
			name, target, want string
		}{
			{"path does not exist", filepath.Join(tmp, "nope"), "nope: no such file or directory"},
			{"file where a directory is expected", file, "README.md: not a directory"},
			{"no commits", empty, "repository has no commits (HEAD names branch main, which does not exist yet)"},
			{"bare, no commits", emptyBare, "repository has no commits"},
			{"corrupt HEAD", corrupt, "corrupt: HEAD is not a valid reference"},
			{"HEAD names a missing branch", renamed, "HEAD names branch master, which does not exist; the repository has main"},
			{"objects missing", missingObjects, "missing-objects: read HEAD commit 048483e: object not found (corrupt or incomplete .git?)"},
			{"URL that cannot be cloned", "file://" + filepath.Join(tmp, "nope.git"), "clone file://"},
			{"URL refused", "https://127.0.0.1:1/acme/x.git", "clone https://127.0.0.1:1/acme/x.git"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				s, err := openOne(t, tc.target, Options{})
				if err == nil {
					t.Fatalf("Open succeeded with %d entries; want an error", len(s.Entries()))
				}
				if !strings.Contains(err.Error(), tc.want) {
					t.Errorf("error %q does not contain %q", err, tc.want)
				}
			})
		}
	})

	t.Run("reads", func(t *testing.T) {
		ctx := context.Background()
		ps, err := openOne(t, plain, Options{})
		if err != nil {
			t.Fatal(err)
		}
		gs, err := openOne(t, bigGit, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer gs.Close()
		if err := os.Remove(filepath.Join(plain, "gone.md")); err != nil {
			t.Fatal(err)
		}
		// Unreadable even for root: a file turned into a directory after indexing
		// (read(2) fails with EISDIR).
		if err := os.Remove(filepath.Join(plain, "README.md")); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(filepath.Join(plain, "README.md"), 0o755); err != nil {
			t.Fatal(err)
		}
		var tooLarge *repo.TooLargeError
		for _, tc := range []struct {
			name string
			s    *repo.Snapshot
			path string
			is   func(error) bool
		}{
			{"symlink to /etc/passwd", ps, "passwd", func(err error) bool { return errors.Is(err, repo.ErrOutside) }},
			{"symlink climbing out", ps, "climb", func(err error) bool { return errors.Is(err, repo.ErrOutside) }},
			{"symlink loop", ps, "loop-a", func(err error) bool { return errors.Is(err, repo.ErrLoop) }},
			{"50 MB LICENSE", ps, "LICENSE", func(err error) bool { return errors.As(err, &tooLarge) && tooLarge.Size == 50<<20 }},
			{"file removed after indexing", ps, "gone.md", func(err error) bool { return errors.Is(err, fs.ErrNotExist) }},
			{"unreadable file", ps, "README.md", func(err error) bool { return err != nil && strings.Contains(err.Error(), "read README.md") }},
			{"git: symlink to /etc/passwd", gs, "passwd", func(err error) bool { return errors.Is(err, repo.ErrOutside) }},
			{"git: symlink loop", gs, "loop-a", func(err error) bool { return errors.Is(err, repo.ErrLoop) }},
			{"git: 50 MB LICENSE", gs, "LICENSE", func(err error) bool { return errors.As(err, &tooLarge) && tooLarge.Size == 50<<20 }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				// The size and link checks come before any read (repo's tests pin that
				// ReadFile refuses an over-cap entry without opening it).
				b, err := tc.s.ReadFile(ctx, tc.path)
				if !tc.is(err) {
					t.Fatalf("ReadFile(%s) = %d bytes, %v; not the expected error", tc.path, len(b), err)
				}
			})
		}
		// The rest of the snapshot is unaffected.
		if _, err := gs.ReadFile(ctx, "README.md"); err != nil {
			t.Errorf("README.md after bad reads: %v", err)
		}
		if _, err := ps.ReadFile(ctx, "ok.md"); err != nil {
			t.Errorf("ok.md after bad reads: %v", err)
		}
		if os.Geteuid() != 0 { // root reads anything
			if _, err := ps.ReadFile(ctx, "secret.md"); !errors.Is(err, fs.ErrPermission) {
				t.Errorf("unreadable file: %v, want permission denied", err)
			}
		}
		// A larger cap reads the big file.
		ps.MaxRead = 60 << 20
		if b, err := ps.ReadFile(ctx, "LICENSE"); err != nil || len(b) != 50<<20 {
			t.Errorf("with a 60 MB cap: %d bytes, %v", len(b), err)
		}
	})
}

func TestFolderOfRepositories(t *testing.T) {
	tmp := t.TempDir()
	mirrors := filepath.Join(tmp, "mirrors")
	for _, n := range []struct {
		path string
		o    gittest.Options
	}{
		{"zeta.git", gittest.Options{Bare: true, Packed: true}},
		{"alpha", gittest.Options{}},
		{"beta.git", gittest.Options{Bare: true}},
		{"group/deep", gittest.Options{}},
		{"empty.git", gittest.Options{Bare: true, NoCommits: true}},
	} {
		if _, err := gittest.Create(filepath.Join(mirrors, n.path), gittest.Files{"README.md": n.path}, n.o); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(mirrors, "notes.txt"), []byte("not a repo"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		recursive bool
		want      []string
	}{
		{"children", false, []string{"alpha", "beta.git", "empty.git", "zeta.git"}},
		{"recursive", true, []string{"alpha", "beta.git", "empty.git", "group/deep", "zeta.git"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := New(mirrors, Options{Recursive: tc.recursive})
			refs, err := src.List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var got, names []string
			for _, r := range refs {
				rel, _ := filepath.Rel(mirrors, r.Meta.Path)
				got = append(got, filepath.ToSlash(rel))
				names = append(names, r.Meta.FullName)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("refs (-want +got):\n%s", d)
			}
			// Named relative to the target given (an absolute path here): "mirrors/alpha".
			var wantNames []string
			for _, w := range tc.want {
				wantNames = append(wantNames, "mirrors/"+w)
			}
			if d := cmp.Diff(wantNames, names); d != "" {
				t.Errorf("names (-want +got):\n%s", d)
			}
			rep := scanner.Scan(context.Background(), []scanner.Source{src}, scanner.Options{Concurrency: 3})
			var errs []string
			for _, rr := range rep.Repos {
				if rr.Error != "" {
					errs = append(errs, rr.Meta.Name)
				} else if rr.Meta.HeadOID == "" {
					t.Errorf("%s: no HEAD id", rr.Meta.FullName)
				}
			}
			if d := cmp.Diff([]string{"empty"}, errs); d != "" {
				t.Errorf("repositories in error (-want +got):\n%s", d)
			}
		})
	}
}

func TestShownTarget(t *testing.T) {
	abs := filepath.Join(t.TempDir(), "src", "alpha")
	for _, tc := range []struct{ given, want string }{
		{abs, "alpha"},
		{"src/alpha", "src/alpha"},
		{"./src/alpha/", "src/alpha"},
		{".", "alpha"},
		{"..", "alpha"},
		{"../alpha", "alpha"},
		{filepath.Join(abs, ".git"), "alpha"},
	} {
		a := abs
		if filepath.Base(tc.given) == ".git" {
			a = tc.given
		}
		if got := shownTarget(tc.given, a); got != tc.want {
			t.Errorf("shownTarget(%q) = %q, want %q", tc.given, got, tc.want)
		}
	}
}

func TestCloneURL(t *testing.T) {
	if _, err := exec.LookPath("git-upload-pack"); err != nil {
		if _, err := exec.LookPath("git"); err != nil {
			t.Skip("the file:// transport needs git's upload-pack")
		}
	}
	bare := filepath.Join(t.TempDir(), "remote.git")
	head, err := gittest.Create(bare, fixture, gittest.Options{Bare: true, Packed: true, Commits: 2, Branch: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	url := "file://" + bare
	s, err := openOne(t, url, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := repo.Meta{Name: "remote", FullName: url, HeadOID: head, DefaultBranch: "dev"}
	if d := cmp.Diff(want, s.Meta); d != "" {
		t.Errorf("Meta (-want +got):\n%s", d)
	}
	goldenFile(t, "git-head-clone", index(s, true))
	if b, err := s.ReadFile(context.Background(), "CONTRIBUTING.md"); err != nil || string(b) != "a\n" {
		t.Errorf("ReadFile through a link = %q, %v", b, err)
	}
}

func TestPlainDirGolden(t *testing.T) {
	s, err := openOne(t, filepath.Join("..", "..", "testdata", "repos", "compliant"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	goldenFile(t, "plain-compliant", index(s, false))
	if s.Meta.HeadOID != "" || s.Meta.Host != "" {
		t.Errorf("plain directory has git/host metadata: %+v", s.Meta)
	}
}

func TestWebURL(t *testing.T) {
	for in, want := range map[string]string{
		"git@github.com:acme/alpha.git":                 "https://github.com/acme/alpha",
		"https://github.com/acme/alpha.git":             "https://github.com/acme/alpha",
		"https://x-access-token:tok@GitHub.com/a/b":     "https://github.com/a/b",
		"ssh://git@gitlab.example.com:2222/g/sub/p.git": "https://gitlab.example.com/g/sub/p",
		"/srv/git/alpha.git":                            "",
		"file:///srv/git/alpha.git":                     "",
		"https://github.com/justowner":                  "",
	} {
		if got := WebURL(in); got != want {
			t.Errorf("WebURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedact(t *testing.T) {
	refs, err := New("https://user:s3cret@127.0.0.1:1/a/b.git", Options{}).List(context.Background())
	if err != nil || len(refs) != 1 || strings.Contains(refs[0].Meta.FullName, "s3cret") {
		t.Errorf("List = %+v, %v; the password must not reach the report", refs, err)
	}
}

func TestIsURL(t *testing.T) {
	for in, want := range map[string]bool{
		"https://github.com/a/b": true, "git@github.com:a/b.git": true, "file:///tmp/x": true,
		".": false, "./mirrors": false, "/srv/a@b:c/x": false, "C:\\repos": false,
	} {
		if got := IsURL(in); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestConcurrentReads reads one git snapshot from many goroutines, as an org-defaults
// snapshot shared by every repository is (run with -race).
func TestConcurrentReads(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "dotgithub.git")
	if _, err := gittest.Create(dir, fixture, gittest.Options{Bare: true, Packed: true}); err != nil {
		t.Fatal(err)
	}
	s, err := openOne(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			for _, p := range []string{"README.md", "LICENSE", ".github/SECURITY.md", "CONTRIBUTING.md"} {
				if _, err := s.ReadFile(context.Background(), p); err != nil {
					t.Errorf("goroutine %d: %s: %v", i, p, err)
				}
			}
			if i%4 == 0 {
				s.Close() // the engine closes when done; reads after must still work
			}
		})
	}
	wg.Wait()
}

// TestGitFile opens working trees whose .git is a file: a linked worktree (objects in
// the main repository's common directory) and a submodule-style checkout.
func TestGitFile(t *testing.T) {
	tmp := t.TempDir()
	main := filepath.Join(tmp, "main")
	head, err := gittest.Create(main, fixture, gittest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Linked worktree, as `git worktree add ../linked` lays it out.
	wtGit := filepath.Join(main, ".git", "worktrees", "linked")
	linked := filepath.Join(tmp, "linked")
	for p, c := range map[string]string{
		filepath.Join(wtGit, "HEAD"):      "ref: refs/heads/main\n",
		filepath.Join(wtGit, "commondir"): "../..\n",
		filepath.Join(linked, ".git"):     "gitdir: " + wtGit + "\n",
	} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Submodule-style: the git directory lives elsewhere, named relatively.
	modGit := filepath.Join(tmp, "super", ".git", "modules", "sub")
	if _, err := gittest.Create(modGit, fixture, gittest.Options{Bare: true}); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(tmp, "super", "sub")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, ".git"), []byte("gitdir: ../.git/modules/sub\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{linked, filepath.Join(linked, ".git"), sub} {
		t.Run(filepath.Base(filepath.Dir(target))+"/"+filepath.Base(target), func(t *testing.T) {
			s, err := openOne(t, target, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if target != sub && s.Meta.HeadOID != head {
				t.Errorf("HEAD %s, want %s", s.Meta.HeadOID, head)
			}
			if s.Meta.DefaultBranch != "main" {
				t.Errorf("branch %q, want main", s.Meta.DefaultBranch)
			}
			if b, err := s.ReadFile(context.Background(), "README.md"); err != nil || string(b) != "# alpha\n" {
				t.Errorf("README.md = %q, %v", b, err)
			}
		})
	}
	bad := filepath.Join(tmp, "bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, ".git"), []byte("nonsense\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := openOne(t, bad, Options{}); err == nil || !strings.Contains(err.Error(), "not a gitdir file") {
		t.Errorf("a .git file without gitdir: %v", err)
	}
}

// TestLargePack reads from a pack too large to be held in memory, where go-git streams
// objects by reopening the pack by name.
func TestLargePack(t *testing.T) {
	rnd := make([]byte, 6<<20) // incompressible, so the pack exceeds maxMemPack
	var x uint64 = 88172645463325252
	for i := range rnd {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		rnd[i] = byte(x)
	}
	mid := bytes.Repeat([]byte("0123456789abcdef"), 4096) // 64 KiB: above go-git's small-object threshold
	dir := filepath.Join(t.TempDir(), "large.git")
	if _, err := gittest.Create(dir, gittest.Files{"blob.bin": rnd, "docs/mid.txt": mid, "README.md": "hi\n"}, gittest.Options{Bare: true, Packed: true}); err != nil {
		t.Fatal(err)
	}
	packs, _ := filepath.Glob(filepath.Join(dir, "objects", "pack", "*.pack"))
	if fi, err := os.Stat(packs[0]); err != nil || fi.Size() <= maxMemPack {
		t.Fatalf("pack size %v, %v: the test needs a pack over %d bytes", fi.Size(), err, maxMemPack)
	}
	s, err := openOne(t, dir, Options{MaxRead: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for p, want := range map[string][]byte{"blob.bin": rnd, "docs/mid.txt": mid, "README.md": []byte("hi\n")} {
		got, err := s.ReadFile(ctx, p)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("ReadFile(%s) = %d bytes, %v; want %d bytes", p, len(got), err, len(want))
		}
	}
}

// TestAgainstGit compares the snapshot of repositories made by git itself — loose
// objects, then packed with deltas by git gc, then a bare mirror — with what
// `git ls-tree` says.
func TestAgainstGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := filepath.Join(t.TempDir(), "real")
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
			"GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	if err := os.MkdirAll(filepath.Join(dir, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	git("init", "-q", "-b", "trunk")
	text := strings.Repeat("All work and no play makes Jack a dull boy.\n", 200)
	for i := range 5 { // a growing file, so git gc stores deltas
		text += fmt.Sprintf("revision %d\n", i)
		// docs/copy.md, larger, becomes the delta base and README.md at HEAD a delta.
		for p, c := range map[string]string{"README.md": text, "docs/copy.md": text + "more\n", "docs/guide.md": text[:len(text)/2], fmt.Sprintf("docs/n%d.txt", i): "x"} {
			if err := os.WriteFile(filepath.Join(dir, p), []byte(c), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Symlink("docs/guide.md", filepath.Join(dir, fmt.Sprintf("link%d", i))); err != nil {
			t.Fatal(err)
		}
		git("add", "-A")
		git("commit", "-q", "-m", fmt.Sprint(i))
	}
	want := func() string {
		var b strings.Builder
		for _, line := range strings.Split(strings.TrimSpace(git("ls-tree", "-r", "-l", "HEAD")), "\n") {
			// <mode> <type> <oid> <size>\t<path>
			meta, p, _ := strings.Cut(line, "\t")
			f := strings.Fields(meta)
			fmt.Fprintf(&b, "%s %s %s\n", p, f[2], f[3])
		}
		return b.String()
	}
	got := func(target string) string {
		t.Helper()
		s, err := openOne(t, target, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var b strings.Builder
		for _, e := range s.Entries() {
			if e.Kind == repo.Dir {
				continue
			}
			fmt.Fprintf(&b, "%s %s %d\n", e.Path, e.OID, e.Size)
		}
		if b, err := s.ReadFile(context.Background(), "README.md"); err != nil || string(b) != text {
			t.Errorf("README.md through %s: %d bytes, %v", target, len(b), err)
		}
		return b.String()
	}
	if d := cmp.Diff(want(), got(dir)); d != "" {
		t.Errorf("loose objects (-git +repogov):\n%s", d)
	}
	git("gc", "-q", "--aggressive")
	if d := cmp.Diff(want(), got(dir)); d != "" {
		t.Errorf("packed with deltas (-git +repogov):\n%s", d)
	}
	mirror := dir + "-mirror.git"
	if out, err := exec.Command("git", "clone", "-q", "--mirror", dir, mirror).CombinedOutput(); err != nil {
		t.Fatalf("git clone --mirror: %v\n%s", err, out)
	}
	if d := cmp.Diff(want(), got(mirror)); d != "" {
		t.Errorf("mirror (-git +repogov):\n%s", d)
	}
}

// A folder of plain directories that each look like a repository is one repository
// unless --children says otherwise, and the user is told so; plain look-alikes next to
// git repositories are named as not scanned.
func TestFolderOfPlainDirectories(t *testing.T) {
	tmp := t.TempDir()
	mk := func(files ...string) {
		for _, f := range files {
			p := filepath.Join(tmp, f)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("x\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	mk("plain/alpha/README.md", "plain/beta/LICENSE", "plain/gamma/src/main.go", "plain/notes.txt", "plain/.cache/README")
	mk("mono/README.md", "mono/one/README.md", "mono/two/README.md")
	mk("mixed/p/README.md")
	if _, err := gittest.Create(filepath.Join(tmp, "mixed", "g"), gittest.Files{"README.md": "g"}, gittest.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		target   string
		children bool
		want     []string // FullName: Kind
		notice   string   // "" = no warning
	}{
		{"plain folder: one repository, with a notice", "plain", false, []string{"plain: directory"}, "2 of its directories look like repositories (alpha, beta); it is scanned as ONE repository. Use --children"},
		{"plain folder with --children", "plain", true, []string{"plain/alpha: directory", "plain/beta: directory", "plain/gamma: directory"}, ""},
		{"a repository of its own (README at the root): no notice", "mono", false, []string{"mono: directory"}, ""},
		{"git repositories and a plain look-alike", "mixed", false, []string{"mixed/g: worktree"}, "1 plain directory that looks like a repository is not scanned (p)"},
		{"mixed with --children", "mixed", true, []string{"mixed/g: worktree", "mixed/p: directory"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			t.Chdir(tmp)
			src := New(tc.target, Options{Children: tc.children, Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))})
			refs, err := src.List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range refs {
				got = append(got, r.Meta.FullName+": "+string(r.Data.(refData).kind))
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("refs (-want +got):\n%s", d)
			}
			switch {
			case tc.notice == "" && logs.Len() > 0:
				t.Errorf("unexpected notice: %s", logs.String())
			case tc.notice != "" && !strings.Contains(logs.String(), tc.notice):
				t.Errorf("notice %q missing from:\n%s", tc.notice, logs.String())
			}
		})
	}
}
