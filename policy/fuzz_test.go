package policy

import (
	"errors"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the loader: it must never panic, every problem must
// carry a position, and a policy that loads must survive a round trip through Show.
// Run with -fuzzminimizetime 1s: minimizing large interesting inputs otherwise stalls
// the counters for a minute.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(fullPolicy))
	f.Add(Starter())
	f.Add([]byte(exemptPolicy))
	for _, name := range Presets() {
		f.Add([]byte("extends: " + name + "\n"))
	}
	f.Add([]byte("extends: other.yml\nrules: {readme: off}\n"))
	f.Add([]byte("custom-rules:\n  - {id: a, type: file-contains, files: ['{a,b}/**'], pattern: '(?i)x', if-missing: pass}\n"))
	f.Add([]byte("repository-exemptions: {allow: true, rules: [readme]}\nselection: {visibility: public}\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("exemptions:\n  - {repositories: x, rules: '*', reason: r, expires: 2026-01-01T10:00:00Z}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l := &loader{builtin: testRules, readFile: func(string) ([]byte, error) { return nil, errors.New("no files in the fuzzer") }}
		p, err := l.load("fuzz.yml", data)
		if err != nil {
			for _, e := range Errors(err) {
				if e.File == "" || e.Line < 1 || e.Col < 1 || e.Msg == "" {
					t.Fatalf("problem without a position: %#v", e)
				}
			}
			return
		}
		again, err := Parse("show.yml", p.Show(), testRules)
		if err != nil {
			t.Fatalf("show output does not load: %v\n%s", err, p.Show())
		}
		if again.Digest() != p.Digest() {
			t.Fatalf("digest changed through show:\n%s\n%s", p.Show(), again.Show())
		}
		// The repository-file parser shares the decoder.
		parseRepoBytes(data, nil, func(string) bool { return true })
	})
}
