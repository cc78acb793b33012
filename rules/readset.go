package rules

import (
	"path"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// PathSet is what a set of rules reads (their Reads globs): hosted sources list the
// directories it needs and prefetch the files it matches. Globs match case-insensitively,
// as GitHub finds community files in any case; a file outside the set is still readable
// (the source fetches it on demand), so the globs may be a superset, never a subset, of
// the directories a rule lists.
type PathSet struct {
	globs []string // brace-expanded, as written
	lower []string // the same, lower-cased, for matching
}

// ReadSet is the PathSet of every Reads glob of rs (the enabled rules, custom rules
// included) and of extra globs.
func ReadSet(rs []Rule, extra ...string) PathSet {
	var globs []string
	for _, r := range rs {
		globs = append(globs, r.Reads...)
	}
	return NewPathSet(append(globs, extra...)...)
}

// NewPathSet builds a PathSet from doublestar globs relative to the repository root.
func NewPathSet(globs ...string) PathSet {
	var ps PathSet
	seen := map[string]bool{}
	for _, g := range globs {
		for _, x := range expandBraces(strings.Trim(g, "/")) {
			if x == "" || seen[x] {
				continue
			}
			seen[x] = true
			ps.globs = append(ps.globs, x)
			ps.lower = append(ps.lower, strings.ToLower(x))
		}
	}
	return ps
}

// IsZero reports whether the set holds no glob.
func (ps PathSet) IsZero() bool { return len(ps.globs) == 0 }

// Globs returns the set's globs, braces expanded.
func (ps PathSet) Globs() []string { return slices.Clone(ps.globs) }

// Match reports whether the file at p (slash-separated, relative to the root) is read.
func (ps PathSet) Match(p string) bool {
	lp := strings.ToLower(p)
	for _, g := range ps.lower {
		if ok, _ := doublestar.Match(g, lp); ok {
			return true
		}
	}
	return false
}

// Lists reports whether the entries of directory dir ("" is the root) must be known:
// some glob may match a path below it. The root always must.
func (ps PathSet) Lists(dir string) bool {
	dir = strings.Trim(dir, "/")
	if dir == "" {
		return true
	}
	ds := strings.Split(strings.ToLower(dir), "/")
	for _, g := range ps.lower {
		if below(strings.Split(g, "/"), ds) {
			return true
		}
	}
	return false
}

// below reports whether a path of more segments than ds, starting with ds, may match the
// glob segments gs.
func below(gs, ds []string) bool {
	for i, d := range ds {
		if i >= len(gs)-1 { // the last glob segment names the file itself
			return i < len(gs) && gs[i] == "**"
		}
		if gs[i] == "**" {
			return true
		}
		if ok, _ := doublestar.Match(gs[i], d); !ok {
			return false
		}
	}
	return true
}

// Dirs returns the directories to list besides the root, spelled as the globs spell them
// and sorted: each glob's literal leading directories ("docs" for "docs/*.md",
// ".github/ISSUE_TEMPLATE" for ".github/ISSUE_TEMPLATE/**"). A source lists these, then
// descends into every listed subdirectory for which Lists is true: other spellings
// ("Docs"), and directories below a wildcard ("LICENSES/x" for "LICENSES/**").
func (ps PathSet) Dirs() []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range ps.globs {
		segs := strings.Split(g, "/")
		var lit []string
		for _, s := range segs[:len(segs)-1] {
			if strings.ContainsAny(s, `*?[{\`) {
				break
			}
			lit = append(lit, s)
		}
		for i := 1; i <= len(lit); i++ {
			d := path.Join(lit[:i]...)
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	slices.Sort(out)
	return out
}

// expandBraces expands {a,b} alternatives (nested ones too) into separate globs.
func expandBraces(g string) []string {
	open := strings.IndexByte(g, '{')
	if open < 0 {
		return []string{g}
	}
	depth, start := 0, open+1
	var alts []string
	for i := open; i < len(g); i++ {
		switch g[i] {
		case '{':
			depth++
		case ',':
			if depth == 1 {
				alts = append(alts, g[start:i])
				start = i + 1
			}
		case '}':
			depth--
			if depth == 0 {
				alts = append(alts, g[start:i])
				var out []string
				for _, a := range alts {
					out = append(out, expandBraces(g[:open]+a+g[i+1:])...)
				}
				return out
			}
		}
	}
	return []string{g} // unbalanced: left to doublestar, which reports no match
}
