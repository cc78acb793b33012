package custom

import (
	"strings"
	"testing"
)

// Globs are doublestar's: ** spans directories, {a,b} alternatives nest, nocase folds.
func TestGlob(t *testing.T) {
	tests := []struct {
		pattern string
		nocase  bool
		match   []string
		no      []string
	}{
		{"README*", false, []string{"README", "README.md"}, []string{"docs/README.md", "readme.md"}},
		{"README*", true, []string{"readme.md", "ReadMe"}, []string{"docs/readme"}},
		{"**/*.exe", false, []string{"a.exe", "bin/x/a.exe"}, []string{"a.exe.txt", "a.EXE"}},
		{"**", false, []string{"a", "a/b/c"}, nil},
		{"docs/**/*.md", false, []string{"docs/a.md", "docs/x/y/a.md"}, []string{"a.md", "docs/a.txt"}},
		{"a/**/b/**/c", false, []string{"a/b/c", "a/x/b/y/z/c"}, []string{"a/c", "a/b/x"}},
		{"{a,{b,c}}.md", false, []string{"a.md", "c.md"}, []string{"d.md"}},
		{"{docs/,.github/,}CONTRIB*", true, []string{"CONTRIBUTING.md", "docs/contributing", ".github/Contrib"}, []string{"src/CONTRIBUTING"}},
		{"./LICENSE", false, []string{"LICENSE"}, []string{"x/LICENSE"}},
		{"/LICENSE", false, []string{"LICENSE"}, nil},
		{"*.{yml,yaml}", false, []string{"a.yml", "b.yaml"}, []string{"a.json"}},
		{"src/[ab].go", false, []string{"src/a.go"}, []string{"src/c.go"}},
	}
	for _, tt := range tests {
		if err := ValidateGlob(tt.pattern); err != nil {
			t.Fatalf("%s: %v", tt.pattern, err)
		}
		d := &Def{NoCase: tt.nocase}
		for _, p := range tt.match {
			if !d.match([]string{tt.pattern}, p) {
				t.Errorf("%s (nocase %v) should match %s", tt.pattern, tt.nocase, p)
			}
		}
		for _, p := range tt.no {
			if d.match([]string{tt.pattern}, p) {
				t.Errorf("%s (nocase %v) should not match %s", tt.pattern, tt.nocase, p)
			}
		}
	}
	for _, bad := range []string{"", "./", "[a-", "{a,b", "a\\", "a//b"} {
		if err := ValidateGlob(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestExcerptAndPosition(t *testing.T) {
	long := strings.Repeat("é", 100)
	if got := excerpt([]byte(long)); got != `"`+strings.Repeat("é", 77)+`..."` {
		t.Errorf("excerpt %s", got)
	}
	if got := excerpt([]byte("a\n\tb\xff")); got != `"a b?"` {
		t.Errorf("excerpt %s", got)
	}
	b := []byte("ab\nçé x")
	if l, c := position(b, strings.Index(string(b), "x")); l != 2 || c != 4 {
		t.Errorf("position %d:%d", l, c)
	}
}

func TestLiteralDir(t *testing.T) {
	for _, tt := range []struct {
		glob, dir string
		ok        bool
	}{
		{"README*", "", true},
		{"docs/NOTICE", "docs", true},
		{".github/ISSUE_TEMPLATE/*.md", ".github/ISSUE_TEMPLATE", true},
		{"**/NOTICE", "", false},
		{"{,docs/}README", "", false},
		{"docs/**", "", false},
		{"src/*/x", "", false},
	} {
		dir, ok := literalDir(tt.glob)
		if dir != tt.dir || ok != tt.ok {
			t.Errorf("%s: %q %v, want %q %v", tt.glob, dir, ok, tt.dir, tt.ok)
		}
	}
}
