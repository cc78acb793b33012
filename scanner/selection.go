package scanner

import (
	"path"
	"slices"
	"strings"

	"github.com/repogov/repogov/repo"
)

// Selection chooses which listed repositories are scanned. The GitHub source's flags and
// the policy's `selection:` block both fill it (flags override the file).
type Selection struct {
	IncludeArchived bool     `json:"includeArchived,omitempty" yaml:"include-archived"`
	IncludeForks    bool     `json:"includeForks,omitempty" yaml:"include-forks"`
	Visibility      []string `json:"visibility,omitempty" yaml:"visibility"` // public, private, internal; empty = all
	Include         []string `json:"include,omitempty" yaml:"include"`       // name globs (path.Match, case-insensitive); empty = all
	Exclude         []string `json:"exclude,omitempty" yaml:"exclude"`
	Topics          []string `json:"topics,omitempty" yaml:"topics"`                // at least one of these topics
	ExcludeTopics   []string `json:"excludeTopics,omitempty" yaml:"exclude-topics"` // none of these topics
}

// Match reports whether a listed repository is selected. Globs match the repository
// name or "owner/name".
func (s Selection) Match(m repo.Meta) bool {
	if m.Archived && !s.IncludeArchived || m.Fork && !s.IncludeForks {
		return false
	}
	if len(s.Visibility) > 0 && !slices.ContainsFunc(s.Visibility, func(v string) bool { return strings.EqualFold(v, m.Visibility) }) {
		return false
	}
	if len(s.Include) > 0 && !globAny(s.Include, m) || globAny(s.Exclude, m) {
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

func globAny(globs []string, m repo.Meta) bool {
	for _, g := range globs {
		g = strings.ToLower(g)
		for _, name := range []string{m.Name, m.FullName} {
			if ok, _ := path.Match(g, strings.ToLower(name)); ok {
				return true
			}
		}
	}
	return false
}
