package gitlab

import (
	"path"
	"strings"
)

// wantDir says which folders are listed beyond the root, and whether recursively:
// GitLab's .gitlab/ (CODEOWNERS, issue_templates/, merge_request_templates/) and
// GitHub's .github/ whole; docs/, doc/, LICENSES/, .reuse/ and changelog folders one
// level, with the template folders GitHub also accepts under docs/.
func wantDir(p string) (recursive, ok bool) {
	lp := strings.ToLower(p)
	switch lp {
	case ".gitlab", ".github":
		return true, true
	case "docs", "doc", "licenses", ".reuse", "changelog", "changelog.d", "issue_template", "pull_request_template",
		"docs/issue_template", "docs/pull_request_template":
		return false, true
	}
	return false, false
}

// docExts are the documentation extensions of governance-files.md §4.
var docExts = map[string]bool{
	"": true, ".md": true, ".markdown": true, ".mdown": true, ".mkdn": true, ".mkd": true, ".mdwn": true,
	".txt": true, ".text": true, ".rst": true, ".adoc": true, ".asciidoc": true, ".asc": true, ".org": true,
	".html": true, ".htm": true, ".textile": true, ".rdoc": true, ".pod": true, ".creole": true,
	".mediawiki": true, ".wiki": true, ".yml": true, ".yaml": true,
}

// governanceStems are the normalised stems of every document a built-in rule reads.
var governanceStems = map[string]bool{
	"readme": true, "license": true, "licence": true, "copying": true, "unlicense": true,
	"contributing": true, "codeofconduct": true, "governance": true, "security": true, "support": true,
	"codeowners": true, "maintainers": true, "owners": true, "changelog": true, "changes": true,
	"history": true, "news": true, "releases": true, "releasenotes": true, "pullrequesttemplate": true,
	"issuetemplate": true, "funding": true, "notice": true, "adopters": true, "users": true, "roadmap": true,
	"publiccode": true, "repogov": true, "reuse": true, "code": true, "config": true,
}

var stemReplacer = strings.NewReplacer("-", "", "_", "", ".", "", " ", "")

func stem(name string) string {
	n := strings.ToLower(name)
	if ext := path.Ext(n); docExts[ext] || ext == ".toml" || ext == ".json" {
		n = strings.TrimSuffix(n, ext)
	}
	return stemReplacer.Replace(n)
}

// wanted is the default read-ahead predicate: governance documents by normalised stem in
// the root, .gitlab/, .github/, docs/ and doc/; licence-like names in the root;
// everything in LICENSES/, .reuse/, the changelog folders and the issue, merge-request
// and pull-request template folders. It looks at the path only: GitLab's trees carry no
// sizes (the reads do).
func wanted(p string) bool {
	dir, name := path.Split(p)
	dir = strings.ToLower(strings.TrimSuffix(dir, "/"))
	switch {
	case dir == "licenses", dir == ".reuse", dir == "changelog", dir == "changelog.d",
		dir == ".gitlab/issue_templates", dir == ".gitlab/merge_request_templates",
		strings.HasSuffix(dir, "issue_template"), strings.HasSuffix(dir, "pull_request_template"),
		strings.HasSuffix(dir, "discussion_template"):
		return true
	case dir == "", dir == ".gitlab", dir == ".github", dir == "docs", dir == "doc":
	default:
		return false
	}
	if governanceStems[stem(name)] {
		return true
	}
	ln := strings.ToLower(name)
	return dir == "" && (strings.Contains(ln, "licen") || strings.HasPrefix(ln, "copying") || strings.HasPrefix(ln, "unlicense"))
}
