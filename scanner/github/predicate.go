package github

import "github.com/repogov/repogov/repo"

// wanted is the phase-2 predicate: the blobs fetched ahead of the rules, those the
// enabled rules read (Options.Reads), and every symlink (its target is a few bytes).
// Files over the read cap are never fetched: the snapshot reports them as too large from
// their size. A file outside the predicate is still readable: the loader fetches it on
// demand.
func (s *Source) wanted(e repo.Entry) bool {
	if e.Kind == repo.Symlink {
		return true
	}
	if e.Kind != repo.File || e.Size == 0 || e.Size > s.opts.MaxRead || e.OID == "" {
		return false
	}
	return s.opts.Reads.Match(e.Path)
}

// lists reports whether the directory at p must be listed for the enabled rules.
func (s *Source) lists(p string) bool { return s.opts.Reads.Lists(p) }
