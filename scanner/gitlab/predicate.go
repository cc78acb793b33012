package gitlab

import (
	"path"

	"github.com/repogov/repogov/repo"
)

// The read-ahead comes from what the enabled rules read (Options.Reads, rules.ReadSet):
// folders they may look into are listed, files they may read are fetched in batches.
// GitLab's trees carry no sizes, so the predicates look at paths only (the reads size
// the files). Anything else stays readable: the loader fetches it on demand.

// wanted reports whether the file at p is read ahead: the rules read it, or it is a
// symlink (its target is a few bytes, and rules follow links).
func (s *Source) wanted(e repo.Entry) bool {
	if e.Kind == repo.Symlink {
		return true
	}
	return e.Kind == repo.File && e.OID != "" && s.opts.Reads.Match(e.Path)
}

// wantDir reports whether the folder at p is listed beyond the root, and whether in one
// recursive query: when a glob may match at any depth below it ("docs/**").
func (s *Source) wantDir(p string) (recursive, ok bool) {
	if !s.opts.Reads.Lists(p) {
		return false, false
	}
	return s.opts.Reads.Lists(path.Join(p, "\x01")), true
}
