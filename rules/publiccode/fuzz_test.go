package publiccode

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// hostile inputs: billion laughs, deep nesting (block and flow), long lines, cycles.
func hostileSeeds() []string {
	laughs := "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		laughs += n + ": &" + n + " [" + strings.TrimSuffix(strings.Repeat("*"+prev+",", 9), ",") + "]\n"
		prev = n
	}
	laughs += "description:\n  en:\n    features: *i\n"
	var block strings.Builder
	for i := range 300 {
		block.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	return []string{
		laughs,
		"x: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n",
		"x: " + strings.Repeat("{a: ", 2000) + "1" + strings.Repeat("}", 2000) + "\n",
		block.String(),
		"name: " + strings.Repeat("x", 1<<20) + "\n",
		"description:\n  en:\n    longDescription: \"" + strings.Repeat("é", 200000) + "\"\n",
		"a: &a [*a]\n",
		"<<: &a {<<: *a}\n",
		"%YAML 1.1\n---\na: 1\n---\nb: 2\n",
		"\xef\xbb\xbf\xff",
		"- " + strings.Repeat("- ", 3000) + "x\n",
	}
}

func FuzzValidate(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.yml")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range hostileSeeds() {
		f.Add([]byte(s))
	}
	fsys := fstest.MapFS{"img/logo.png": {Data: []byte("\x89PNG\r\n\x1a\n")}, "AUTHORS": {Data: []byte("x")}}
	opts := Options{FS: fsys, RepoURL: "https://github.com/acme/alpha", DefaultBranch: "main", Now: time.Unix(0, 0)}
	f.Fuzz(func(t *testing.T, in []byte) {
		ps := Validate(in, opts)
		for _, p := range ps {
			if p.Severity != SeverityError && p.Severity != SeverityWarning {
				t.Fatalf("bad severity %q", p.Severity)
			}
			if p.Message == "" || p.Line < 0 || p.Column < 0 {
				t.Fatalf("bad problem %+v", p)
			}
		}
	})
}

// TestHostileBounded: every hostile seed is answered with bounded memory
// (BenchmarkHostile prints how long each takes).
func TestHostileBounded(t *testing.T) {
	for i, s := range hostileSeeds() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ps := Validate([]byte(s), Options{})
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		// Each seed is at most ~1 MiB; allow generous parser overhead, never blow-up.
		if limit := uint64(400 << 20); alloc > limit {
			t.Errorf("seed %d allocated %d MiB", i, alloc>>20)
		}
		if len(ps) == 0 {
			t.Errorf("seed %d: no problem reported", i)
		}
	}
}

// BenchmarkHostile times the validator on each hostile seed.
func BenchmarkHostile(b *testing.B) {
	for i, s := range hostileSeeds() {
		b.Run(strconv.Itoa(i), func(b *testing.B) {
			for b.Loop() {
				Validate([]byte(s), Options{})
			}
		})
	}
}
