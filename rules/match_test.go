package rules

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/repo"
)

func TestFileSpecMatches(t *testing.T) {
	coc := fileSpec{names: []string{"CODE_OF_CONDUCT"}}
	owners := fileSpec{names: []string{"OWNERS"}, extraExts: []string{".yaml", ".yml"}}
	pr := fileSpec{names: []string{"PULL_REQUEST_TEMPLATE"}, onlyExts: []string{".md", ".txt"}}
	tests := []struct {
		spec fileSpec
		name string
		want bool
	}{
		{coc, "CODE_OF_CONDUCT.md", true},
		{coc, "Code-Of-Conduct.rst", true},
		{coc, "code_of_conduct.MD", true},
		{coc, "CODEOFCONDUCT", true},
		{coc, "code of conduct.txt", true},
		{coc, "CODE.OF.CONDUCT", true},
		{coc, "CODE_OF_CONDUCT.md.bak", false},
		{coc, "CODE_OF_CONDUCT.go", false},
		{coc, "code-of-conduct-fr.md", false},
		{coc, ".md", false},
		{fileSpec{names: []string{"CONTRIBUTING"}}, "CONTRIBUTORS.md", false},
		{fileSpec{names: []string{"SECURITY"}}, "security.go", false},
		{fileSpec{names: []string{"CHANGELOG"}}, "changelog-generator.js", false},
		{owners, "OWNERS.yaml", true},
		{owners, "owners.yml", true},
		{owners, "owners.go", false},
		{pr, "pull_request_template.md", true},
		{pr, "PULL_REQUEST_TEMPLATE.txt", true},
		{pr, "pull_request_template", false},
		{pr, "pull_request_template.rst", false},
	}
	for _, tt := range tests {
		if got := tt.spec.matches(tt.name); got != tt.want {
			t.Errorf("%v.matches(%q) = %v, want %v", tt.spec.names, tt.name, got, tt.want)
		}
	}
}

func TestRank(t *testing.T) {
	sp := fileSpec{names: []string{"README"}}
	if !(sp.rank("README.md") < sp.rank("README") && sp.rank("README") < sp.rank("README.rst")) {
		t.Errorf("ranks: .md %d, none %d, .rst %d; want .md < none < others", sp.rank("README.md"), sp.rank("README"), sp.rank("README.rst"))
	}
}

func TestWhere(t *testing.T) {
	tests := []struct {
		dirs []string
		want string
	}{
		{[]string{""}, "the root"},
		{rootDocs, "the root or docs/"},
		{githubDirs, ".github/, the root or docs/"},
	}
	for _, tt := range tests {
		if got := where(tt.dirs); got != tt.want {
			t.Errorf("where(%q) = %q, want %q", tt.dirs, got, tt.want)
		}
	}
}

func TestSearchSkipsWhatIsNotAFile(t *testing.T) {
	s := repo.New(repo.Meta{Name: "alpha"}, []repo.Entry{
		{Path: "CONTRIBUTING", Kind: repo.Submodule},
		{Path: ".github/CONTRIBUTING.md", Kind: repo.Symlink, Size: 4},
		{Path: "docs/CONTRIBUTING.md", Kind: repo.Symlink, Size: 20},
		{Path: "docs/contributing.rst", Kind: repo.Symlink, Size: 14},
		{Path: "guide/x.md", Kind: repo.File, Size: 1},
	}, repo.MapLoader{
		".github/CONTRIBUTING.md": "../guide", // a directory
		"docs/CONTRIBUTING.md":    "../../../etc/passwd",
		"docs/contributing.rst":   "../docs/contributing.rst", // itself: a loop
		"guide/x.md":              "x",
	})
	hits, notes := search(t.Context(), s, contributingDoc.spec)
	if len(hits) != 0 {
		t.Errorf("hits = %+v, want none", hits)
	}
	want := []string{
		".github/CONTRIBUTING.md links to a dir, not a file",
		"CONTRIBUTING is a submodule, not a file",
		"docs/CONTRIBUTING.md is a symbolic link leaving the repository; it does not count",
		"docs/contributing.rst is a broken symbolic link; it does not count",
	}
	var got []string
	for _, n := range notes {
		got = append(got, n.Message)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}
