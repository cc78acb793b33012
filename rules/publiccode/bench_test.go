package publiccode

import (
	"io/fs"
	"os"
	"testing"
	"testing/fstest"
)

func memFS(tb testing.TB, dir string) fstest.MapFS {
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Type()&fs.ModeSymlink != 0 {
			return err
		}
		b, err := os.ReadFile(dir + "/" + p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// BenchmarkValidate validates a typical ~3 KB file with repository checks on; the target
// is at least 10,000 validations per second per core. Run it with -cpu 1; validations/cpu-s
// (CPU time of the whole process, GC included) is the per-core figure on a busy machine.
func BenchmarkValidate(b *testing.B) { benchmarkValidate(b) }

// BenchmarkValidateYAMLv3 is BenchmarkValidate without the hand-written fast path: the
// figure that decides whether fastparse.go is still needed (≥ 5,000 validations/cpu-s
// with yaml.v3 alone would make it redundant).
func BenchmarkValidateYAMLv3(b *testing.B) {
	fastPath = false
	defer func() { fastPath = true }()
	benchmarkValidate(b)
}

func benchmarkValidate(b *testing.B) {
	content, err := os.ReadFile("testdata/valid/full.yml")
	if err != nil {
		b.Fatal(err)
	}
	// The scanner hands the validator an in-memory snapshot, so the benchmark does too.
	opts := testOpts()
	opts.FS = memFS(b, "testdata/repo")
	if ps := Validate(content, opts); len(ps) != 0 {
		b.Fatalf("benchmark input is not valid: %v", ps)
	}
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		Validate(content, opts)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "validations/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "validations/cpu-s")
	}
}
