package publiccode

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// sameTree reports the first difference between two node trees in what the validator
// reads: kind, tag, value, position, anchor and children.
func sameTree(a, b *yaml.Node, path string) string {
	if a.Kind != b.Kind || a.ShortTag() != b.ShortTag() || a.Value != b.Value || a.Line != b.Line || a.Column != b.Column || a.Anchor != b.Anchor || len(a.Content) != len(b.Content) {
		return fmt.Sprintf("%s: fast {kind %v tag %s value %q at %d:%d, %d children} vs yaml.v3 {kind %v tag %s value %q at %d:%d, %d children}",
			path, a.Kind, a.ShortTag(), a.Value, a.Line, a.Column, len(a.Content), b.Kind, b.ShortTag(), b.Value, b.Line, b.Column, len(b.Content))
	}
	for i := range a.Content {
		if d := sameTree(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkFast: when fastParse answers, yaml.v3 must parse the same single document.
func checkFast(t *testing.T, in []byte) bool {
	t.Helper()
	fast := fastParse(in)
	if fast == nil {
		return false
	}
	var ref yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(string(in)))
	if err := dec.Decode(&ref); err != nil {
		t.Fatalf("fastParse accepted what yaml.v3 rejects (%v):\n%q", err, in)
	}
	var second yaml.Node
	if err := dec.Decode(&second); err == nil {
		t.Fatalf("fastParse accepted a multi-document stream:\n%q", in)
	}
	if d := sameTree(fast.Content[0], ref.Content[0], ""); d != "" {
		t.Fatalf("fastParse differs from yaml.v3: %s\ninput:\n%s", d, in)
	}
	return true
}

func fastCases() []string {
	return []string{
		"a: b\n",
		"a: 'it''s'\nb: \"x y\" # c\n",
		"a:\n- x\n- y\nb: z\n",
		"a:\n  - name: x\n    email: y\n  - name: z\n",
		"a: |\n  line 1\n\n  line 3\n\n\nb: 1\n",
		"a: >\n  one\n  two\n\n  three\n",
		"a: >-\n  one\n  two\n",
		"a: |+\n  one\n\n",
		"a: |-\n  one\n  # not a comment\n",
		"a: 1.10\nb: 2017-04-15\nc: +39123\nd: .5\ne: 0x1F\nf: 1st prize\ng: /api\n",
		"a: true\nb: False\nc: NULL\nd: yes\ne: àlvaro\n",
		"- - a\n  - b\n- c\n",
		"a: http://x.y/z#frag\nb: x # comment\nc: a:b\n",
		"a:\n  b:\n    c: d\n  e: f\n",
		"# comment\na: b # c\n\n# end\n",
		"a: b\n  c\n",
		"a: x: y\n",
		"a: \"unterminated\n",
		"a:\n",
		"a: b\nb\n",
		"a: |\n   x\n  y\n",
		"a: >\n  x\n    more\n  y\n",
		"key: [1, 2]\n",
		"a: 'x'y\n",
		"a: \"x\"#y\n",
		"é: x\n",
		"a: b\r\n",
	}
}

func TestFastParseAgrees(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.yml")
	handled := 0
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if checkFast(t, b) {
			handled++
		}
	}
	for _, c := range fastCases() {
		checkFast(t, []byte(c))
	}
	// The fast path must cover the typical file, or the benchmark measures yaml.v3.
	full, _ := os.ReadFile("testdata/valid/full.yml")
	if fastParse(full) == nil {
		t.Errorf("fastParse does not handle testdata/valid/full.yml")
	}
	// Most fixtures are plain files the fast path takes (173 of 214 when written); the
	// rest (anchors, flow style, odd scalars) go to yaml.v3.
	if handled*4 < len(files)*3 {
		t.Errorf("fast path handled %d of %d fixtures, want at least three quarters", handled, len(files))
	}
}

func FuzzFastParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.yml")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, c := range fastCases() {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, in []byte) { checkFast(t, in) })
}
