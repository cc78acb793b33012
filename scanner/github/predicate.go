package github

import (
	"path"
	"strings"

	"github.com/repogov/repogov/repo"
)

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

// stem normalises a file name: drop one documentation extension, lower-case, remove
// '-', '_', '.' and spaces.
func stem(name string) string {
	n := strings.ToLower(name)
	if ext := path.Ext(n); docExts[ext] || ext == ".toml" || ext == ".json" {
		n = strings.TrimSuffix(n, ext)
	}
	return stemReplacer.Replace(n)
}

var stemReplacer = strings.NewReplacer("-", "", "_", "", ".", "", " ", "")

// wanted is the phase-2 predicate: the blobs fetched ahead of the rules. It covers every
// file a built-in rule reads — governance documents by normalised stem in the root,
// .github/, docs/ and doc/ (any spelling), licence-like names in the root, everything in
// LICENSES/, .reuse/, and the template folders, and every symlink (its target is a few
// bytes). Files over the read cap are never fetched: the snapshot reports them as too
// large from their size. A file outside the predicate is still readable: the loader
// fetches it on demand.
func wanted(e repo.Entry, maxRead int64) bool {
	if e.Kind == repo.Symlink {
		return true
	}
	if e.Kind != repo.File || e.Size == 0 || e.Size > maxRead || e.OID == "" {
		return false
	}
	dir, name := path.Split(e.Path)
	dir = strings.ToLower(strings.TrimSuffix(dir, "/"))
	switch {
	case dir == "licenses", dir == ".reuse", strings.HasSuffix(dir, "issue_template"),
		strings.HasSuffix(dir, "pull_request_template"), strings.HasSuffix(dir, "discussion_template"),
		dir == "changelog", dir == "changelog.d":
		return true
	case dir == "", dir == ".github", dir == "docs", dir == "doc":
	default:
		return false
	}
	st := stem(name)
	if governanceStems[st] {
		return true
	}
	ln := strings.ToLower(name)
	if dir == "" && (strings.Contains(ln, "licen") || strings.HasPrefix(ln, "copying") || strings.HasPrefix(ln, "unlicense")) {
		return true
	}
	return false
}
