package rules

import "testing"

func TestFileSpecMatches(t *testing.T) {
	coc := fileSpec{stems: []string{"codeofconduct"}}
	owners := fileSpec{stems: []string{"owners"}, extraExts: []string{".yaml", ".yml"}}
	pr := fileSpec{stems: []string{"pullrequesttemplate"}, onlyExts: []string{".md", ".txt"}}
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
		{fileSpec{stems: []string{"contributing"}}, "CONTRIBUTORS.md", false},
		{fileSpec{stems: []string{"security"}}, "security.go", false},
		{fileSpec{stems: []string{"changelog"}}, "changelog-generator.js", false},
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
			t.Errorf("%v.matches(%q) = %v, want %v", tt.spec.stems, tt.name, got, tt.want)
		}
	}
}

func TestRank(t *testing.T) {
	sp := fileSpec{stems: []string{"readme"}}
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
