package rules

import (
	"testing"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/google/go-cmp/cmp"
)

func TestPathSet(t *testing.T) {
	ps := NewPathSet("{.github/,,docs/}CODE*OF*CONDUCT*", "LICENSES/**", ".github/ISSUE_TEMPLATE/*", "publiccode.y{,a}ml")
	match := []struct {
		path string
		want bool
	}{
		{"CODE_OF_CONDUCT.md", true},
		{"code-of-conduct.rst", true},
		{".github/CodeOfConduct", true},
		{"Docs/code_of_conduct.md", true}, // any case, directories included
		{"src/CODE_OF_CONDUCT.md", false},
		{"LICENSES/MIT.txt", true},
		{"LICENSES/vendor/x/BSD.txt", true},
		{".github/ISSUE_TEMPLATE/bug.yml", true},
		{".github/ISSUE_TEMPLATE/deep/bug.yml", false},
		{"publiccode.yaml", true},
		{"publiccode.yml", true},
		{"main.go", false},
	}
	for _, tt := range match {
		if got := ps.Match(tt.path); got != tt.want {
			t.Errorf("Match(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
	lists := []struct {
		dir  string
		want bool
	}{
		{"", true},
		{".github", true},
		{".GitHub", true},
		{"docs", true},
		{"DOCS", true},
		{".github/ISSUE_TEMPLATE", true},
		{".github/issue_template", true},
		{".github/ISSUE_TEMPLATE/deep", false},
		{"LICENSES", true},
		{"LICENSES/vendor/x", true},
		{"src", false},
		{"docs/sub", false},
	}
	for _, tt := range lists {
		if got := ps.Lists(tt.dir); got != tt.want {
			t.Errorf("Lists(%q) = %v, want %v", tt.dir, got, tt.want)
		}
	}
	if diff := cmp.Diff([]string{".github", ".github/ISSUE_TEMPLATE", "LICENSES", "docs"}, ps.Dirs()); diff != "" {
		t.Errorf("Dirs() (-want +got):\n%s", diff)
	}
}

func TestExpandBraces(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"README*", []string{"README*"}},
		{"{a,b}/x", []string{"a/x", "b/x"}},
		{"{,docs/}changelog{,.d}/**", []string{"changelog/**", "changelog.d/**", "docs/changelog/**", "docs/changelog.d/**"}},
		{"{a,{b,c}}", []string{"a", "b", "c"}},
		{"{a,b", []string{"{a,b"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, expandBraces(tt.in)); diff != "" {
			t.Errorf("expandBraces(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// Every rule that reads the repository declares it, in valid globs; only the rules on
// host metadata read nothing.
func TestRulesDeclareReads(t *testing.T) {
	hostOnly := map[string]bool{"repository-description": true, "repository-topics": true, "inactive": true}
	for _, r := range All() {
		if len(r.Reads) == 0 != hostOnly[r.ID] {
			t.Errorf("%s: Reads = %q", r.ID, r.Reads)
		}
		for _, g := range r.Reads {
			if !doublestar.ValidatePattern(g) {
				t.Errorf("%s: invalid glob %q", r.ID, g)
			}
		}
	}
}
