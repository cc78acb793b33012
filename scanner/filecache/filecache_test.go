package filecache

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/rules"
)

func TestRoundTripAndBound(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []rules.Result{{RuleID: "readme", Status: rules.Fail, Severity: rules.Warning, Message: "m",
		Findings: []rules.Finding{{Path: "README.md", Line: 1, Message: "short"}}}}
	tests := []struct {
		key string
		ok  bool
	}{{"github.com/acme/a@1#s", true}, {"github.com/acme/a@2#s", false}, {"github.com/acme/a@1#t", false}}
	c.Put(tests[0].key, want)
	for _, tc := range tests {
		got, ok := c.Get(tc.key)
		if ok != tc.ok {
			t.Errorf("%s: ok = %v", tc.key, ok)
		}
		if ok {
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		}
	}
	for i := range 30 {
		c.Put("k"+string(rune('a'+i)), want)
	}
	c2, err := Open(dir, 10)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	filepath.WalkDir(c2.dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	if n > 10 {
		t.Errorf("%d entries after pruning, want ≤ 10", n)
	}
	// A corrupt entry is a miss, not a failure.
	os.MkdirAll(filepath.Dir(c2.path("bad")), 0o755)
	if err := os.WriteFile(c2.path("bad"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := c2.Get("bad"); ok {
		t.Errorf("corrupt entry served")
	}
}
