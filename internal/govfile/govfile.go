// Package govfile names governance files: which file names count as which document, and
// where GitHub looks for them, in its order. The rules, the hosted sources and the policy
// share these tables; docs/governance-files.md explains them (§2 matching, §3 decisions).
package govfile

import (
	"path"
	"strings"
)

// docExts are the documentation extensions dropped before comparing stems (§2.3).
var docExts = map[string]bool{
	".md": true, ".markdown": true, ".mdown": true, ".mkdn": true, ".mkd": true, ".mdwn": true,
	".txt": true, ".text": true, ".rst": true, ".adoc": true, ".asciidoc": true, ".asc": true,
	".org": true, ".html": true, ".htm": true, ".textile": true, ".rdoc": true, ".pod": true,
	".creole": true, ".mediawiki": true, ".wiki": true,
}

// IsDocExt reports whether ext (with its dot, any case) is a documentation extension.
func IsDocExt(ext string) bool { return docExts[strings.ToLower(ext)] }

// Where GitHub looks for community files, in its order (§2.4); "" is the root. Callers
// must not modify them.
var (
	GitHubDirs = []string{".github", "", "docs"}
	RootDocs   = []string{"", "docs"}
)

// Normalize lower-cases s and drops the separators people vary ('-', '_', '.', ' '),
// so that CODE_OF_CONDUCT, Code-Of-Conduct and "code of conduct" compare equal (§2.3).
func Normalize(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '_', '.', ' ':
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// Ext returns the lower-cased extension of name that Stem drops: a documentation
// extension or one of extra (".yaml"); "" when there is none. A name that is only an
// extension (".md") has none.
func Ext(name string, extra ...string) string {
	e := strings.ToLower(path.Ext(name))
	if e == "" || e == strings.ToLower(name) {
		return ""
	}
	if docExts[e] {
		return e
	}
	for _, x := range extra {
		if e == x {
			return e
		}
	}
	return ""
}

// Stem is name without its Ext, normalised: "Code-of-Conduct.md" → "codeofconduct".
func Stem(name string, extra ...string) string {
	return Normalize(name[:len(name)-len(Ext(name, extra...))])
}

// Globs returns doublestar globs, meant to be matched case-insensitively, covering the
// files named like one of names (words separated by '-', '_', '.' or ' ', any
// extension) in each of dirs: "CODE_OF_CONDUCT" in ".github" gives
// ".github/CODE*OF*CONDUCT*". A name whose stem splits a word ("Co-de_of_conduct") still
// counts for the rules; it is only outside the globs.
func Globs(dirs []string, names ...string) []string {
	var out []string
	for _, d := range dirs {
		for _, n := range names {
			g := strings.Map(func(r rune) rune {
				switch r {
				case '-', '_', '.', ' ':
					return '*'
				}
				return r
			}, n) + "*"
			if d != "" {
				g = d + "/" + g
			}
			out = append(out, g)
		}
	}
	return out
}
