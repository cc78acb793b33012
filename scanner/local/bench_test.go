package local

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/repogov/repogov/internal/gittest"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
)

// Benchmarks build their fixtures once per process (set REPOGOV_BENCH_DIR to keep and
// reuse them across runs). Run them with:
//
//	go test -bench . -run '^$' ./scanner/...
var (
	benchOnce sync.Map // name → *sync.Once
)

func benchDir(b *testing.B, name string, build func(dir string) error) string {
	b.Helper()
	root := os.Getenv("REPOGOV_BENCH_DIR")
	if root == "" {
		root = filepath.Join(os.TempDir(), "repogov-bench")
	}
	dir := filepath.Join(root, name)
	o, _ := benchOnce.LoadOrStore(name, &sync.Once{})
	var err error
	o.(*sync.Once).Do(func() {
		if _, e := os.Stat(filepath.Join(dir, ".done")); e == nil {
			return
		}
		os.RemoveAll(dir)
		if err = build(dir); err == nil {
			err = os.WriteFile(filepath.Join(dir, ".done"), nil, 0o644)
		}
	})
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

func benchScan(b *testing.B, target string, opts Options, wantRepos int) {
	b.Helper()
	ropts := scanner.Options{Rules: rules.Defaults(rules.All()), Concurrency: 8}
	b.ResetTimer()
	for b.Loop() {
		rep := scanner.Scan(context.Background(), []scanner.Source{New(target, opts)}, ropts)
		if len(rep.Repos) != wantRepos || rep.Errors() || rep.Incomplete {
			b.Fatalf("%d repositories, errors %v, incomplete %v", len(rep.Repos), rep.Errors(), rep.Incomplete)
		}
	}
}

// BenchmarkMirrors scans a folder of 1,000 bare, packed repositories of 300 files.
func BenchmarkMirrors(b *testing.B) {
	dir := benchDir(b, "mirrors-1000x300", func(dir string) error { return gittest.Mirrors(dir, 1000, 300) })
	benchScan(b, dir, Options{}, 1000)
}

// BenchmarkWorkingTree scans one working tree of 100,000 files: HEAD through go-git,
// and the files on disk (--worktree).
func BenchmarkWorkingTree(b *testing.B) {
	dir := benchDir(b, "tree-100000", func(dir string) error {
		_, err := gittest.Create(dir, gittest.RepoFiles("bigtree", 100_000), gittest.Options{Packed: true})
		return err
	})
	for _, tc := range []struct {
		name string
		opts Options
	}{{"head", Options{}}, {"disk", Options{Worktree: true}}} {
		b.Run(tc.name, func(b *testing.B) {
			src := New(dir, tc.opts)
			refs, err := src.List(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			s, err := src.Open(context.Background(), refs[0])
			if err != nil {
				b.Fatal(err)
			}
			files := 0
			for _, e := range s.Entries() {
				if e.Kind == repo.File {
					files++
				}
			}
			if files < 100_000 {
				b.Fatalf("%d files in the snapshot, want 100,000", files)
			}
			benchScan(b, dir, tc.opts, 1)
			b.ReportMetric(float64(files), "files")
		})
	}
}

// BenchmarkLooseRepos scans 1,000 repositories of 300 files whose objects are loose, as
// fresh commits leave them (git gc has not packed them yet).
func BenchmarkLooseRepos(b *testing.B) {
	dir := benchDir(b, "loose-1000x300", func(dir string) error { return gittest.Repos(dir, 1000, 300, false) })
	benchScan(b, dir, Options{}, 1000)
}
