// Package selection is what hosted sources (GitHub, GitLab) share to choose which listed
// repositories are scanned: the policy's `selection:` block and the scan flags of the
// same names. Name globs use the one glob dialect of repogov (doublestar, as in rule
// Reads and custom rules), matched case-insensitively against the name and owner/name.
package selection

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/repogov/repogov/repo"
)

// Selection chooses which listed repositories are scanned. Flags override the file.
type Selection struct {
	IncludeArchived bool     `json:"includeArchived,omitempty" yaml:"include-archived"`
	IncludeForks    bool     `json:"includeForks,omitempty" yaml:"include-forks"`
	Visibility      []string `json:"visibility,omitempty" yaml:"visibility"` // public, private, internal; empty = all
	Include         []string `json:"include,omitempty" yaml:"include"`       // name globs; empty = all
	Exclude         []string `json:"exclude,omitempty" yaml:"exclude"`
	Topics          []string `json:"topics,omitempty" yaml:"topics"`                // at least one of these topics
	ExcludeTopics   []string `json:"excludeTopics,omitempty" yaml:"exclude-topics"` // none of these topics
}

// Keys are the keys of the policy's selection block; the sources' flags carry the same
// names.
var Keys = []string{"include-archived", "include-forks", "visibility", "include", "exclude", "topics", "exclude-topics"}

// Visibilities are the values Visibility may hold.
var Visibilities = []string{"public", "private", "internal"}

// Match reports whether a listed repository is selected.
func (s Selection) Match(m repo.Meta) bool {
	if m.Archived && !s.IncludeArchived || m.Fork && !s.IncludeForks {
		return false
	}
	if len(s.Visibility) > 0 && !slices.ContainsFunc(s.Visibility, func(v string) bool { return strings.EqualFold(v, m.Visibility) }) {
		return false
	}
	if len(s.Include) > 0 && !MatchName(s.Include, m) || MatchName(s.Exclude, m) {
		return false
	}
	has := func(t string) bool {
		return slices.ContainsFunc(m.Topics, func(x string) bool { return strings.EqualFold(x, t) })
	}
	if len(s.Topics) > 0 && !slices.ContainsFunc(s.Topics, has) {
		return false
	}
	return !slices.ContainsFunc(s.ExcludeTopics, has)
}

// MatchName reports whether one of globs matches the repository's name or owner/name,
// case-insensitively ("*" stays within one path segment: "acme/*" matches acme's
// repositories, "**" any depth, e.g. GitLab subgroups).
func MatchName(globs []string, m repo.Meta) bool {
	for _, g := range globs {
		g = strings.ToLower(g)
		for _, name := range []string{m.Name, m.FullName} {
			if name != "" && doublestar.MatchUnvalidated(g, strings.ToLower(name)) {
				return true
			}
		}
	}
	return false
}

// ValidateGlob says what is wrong with a name glob, or nil.
func ValidateGlob(g string) error {
	if !doublestar.ValidatePattern(g) {
		return fmt.Errorf("bad glob %q: %w", g, doublestar.ErrBadPattern)
	}
	return nil
}

// Merge overrides the file's selection with the flags the user set. changed reports
// whether the flag named like the selection key was given on the command line — e.g.
// cobra's cmd.Flags().Changed.
func Merge(file, flags Selection, changed func(flag string) bool) Selection {
	out := file
	if changed("include-archived") {
		out.IncludeArchived = flags.IncludeArchived
	}
	if changed("include-forks") {
		out.IncludeForks = flags.IncludeForks
	}
	if changed("visibility") {
		out.Visibility = flags.Visibility
	}
	if changed("include") {
		out.Include = flags.Include
	}
	if changed("exclude") {
		out.Exclude = flags.Exclude
	}
	if changed("topics") {
		out.Topics = flags.Topics
	}
	if changed("exclude-topics") {
		out.ExcludeTopics = flags.ExcludeTopics
	}
	return out
}
