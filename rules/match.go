package rules

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/repogov/repogov/internal/govfile"
	"github.com/repogov/repogov/repo"
)

// This file is the shared matcher of governance files (docs/governance-files.md §2, §3):
// which entries count as "the CONTRIBUTING file", in which order, and when the
// organization's .github repository supplies it instead. The naming tables live in
// internal/govfile, shared with the sources.

// Where GitHub looks, in its order (docs/governance-files.md §2.4). "" is the root.
var (
	githubDirs = govfile.GitHubDirs
	rootDocs   = govfile.RootDocs
)

// fileSpec says which file names count for a rule and where they may live.
type fileSpec struct {
	names     []string // as people write them ("CODE_OF_CONDUCT"); compared by normalised stem (§2.3)
	extraExts []string // non-documentation extensions also accepted (OWNERS.yaml)
	onlyExts  []string // when set, only these extensions ("" = none) count
	dirs      []string // canonical directories in lookup order; "" is the root
	// match replaces the stem test when set (CODEOWNERS takes one exact name).
	match func(name string) bool
}

// ext returns the lower-cased extension of name that the spec strips, or "".
func (sp fileSpec) ext(name string) string { return govfile.Ext(name, sp.extraExts...) }

func (sp fileSpec) matches(name string) bool {
	if sp.match != nil {
		return sp.match(name)
	}
	e := sp.ext(name)
	if sp.onlyExts != nil && !slices.Contains(sp.onlyExts, e) {
		return false
	}
	st := govfile.Normalize(name[:len(name)-len(e)])
	return slices.ContainsFunc(sp.names, func(n string) bool { return govfile.Normalize(n) == st })
}

// reads is what searching for sp reads: its names (or, with a match function, every
// entry) in its directories, any case.
func (sp fileSpec) reads() []string {
	if sp.match != nil || len(sp.names) == 0 {
		return govfile.Globs(sp.dirs, "")
	}
	return govfile.Globs(sp.dirs, sp.names...)
}

// rank orders candidates within one folder: .md first, then no extension, then others.
func (sp fileSpec) rank(name string) int {
	switch sp.ext(name) {
	case ".md":
		return 0
	case "":
		return 1
	}
	return 2
}

// hit is one candidate file.
type hit struct {
	Path      string     // as listed (the link's path when it is a symlink)
	Entry     repo.Entry // what Path resolves to: always a regular file
	Canonical bool       // its folder is spelled as GitHub expects
}

// folder is one directory searched, with its actual spelling.
type folder struct {
	path      string // as in the snapshot, "" for the root
	canonical bool
}

// folders returns the snapshot's spellings of dirs: every canonical spelling first, in
// order, then the case variants GitHub would not look at (§2.2).
func folders(s *repo.Snapshot, dirs []string) []folder {
	var exact, variants []folder
	root := s.ReadDir("")
	for _, d := range dirs {
		if d == "" {
			exact = append(exact, folder{"", true})
			continue
		}
		for _, e := range root {
			if e.Kind != repo.Dir || !strings.EqualFold(e.Name(), d) {
				continue
			}
			if e.Name() == d {
				exact = append(exact, folder{e.Path, true})
			} else {
				variants = append(variants, folder{e.Path, false})
			}
		}
	}
	return append(exact, variants...)
}

// search lists the candidates of sp in s in lookup order, with notes (as findings) about
// entries that look right but do not count: directories, links leaving the repository.
func search(ctx context.Context, s *repo.Snapshot, sp fileSpec) ([]hit, []Finding) {
	var hits []hit
	var notes []Finding
	for _, f := range folders(s, sp.dirs) {
		var local []hit
		for _, e := range s.ReadDir(f.path) {
			if !sp.matches(e.Name()) {
				continue
			}
			switch e.Kind {
			case repo.File:
				local = append(local, hit{Path: e.Path, Entry: e, Canonical: f.canonical})
			case repo.Symlink:
				t, err := s.Resolve(ctx, e.Path)
				switch {
				case errors.Is(err, repo.ErrOutside):
					notes = append(notes, Finding{Path: e.Path, Line: 1, Message: e.Path + " is a symbolic link leaving the repository; it does not count"})
				case err != nil:
					notes = append(notes, Finding{Path: e.Path, Line: 1, Message: e.Path + " is a broken symbolic link; it does not count"})
				case t.Kind == repo.File:
					local = append(local, hit{Path: e.Path, Entry: t, Canonical: f.canonical})
				default:
					notes = append(notes, Finding{Path: e.Path, Line: 1, Message: e.Path + " links to a " + t.Kind.String() + ", not a file"})
				}
			case repo.Dir, repo.Submodule:
				notes = append(notes, Finding{Path: e.Path, Line: 1, Message: e.Path + " is a " + e.Kind.String() + ", not a file"})
			}
		}
		slices.SortStableFunc(local, func(a, b hit) int { return sp.rank(path.Base(a.Path)) - sp.rank(path.Base(b.Path)) })
		hits = append(hits, local...)
	}
	return hits, notes
}

// located is where a rule's file was found: in the repository, in the organization's
// .github repository (inherited), or nowhere.
type located struct {
	Hit    *hit
	Snap   *repo.Snapshot // the snapshot Hit lives in
	Origin string         // "OWNER/.github" when inherited
	Others []string       // other candidates in the repository, not used
	Notes  []Finding      // things worth saying whatever the status
	// OrgNote explains why the organization's file was not used, when one was looked for.
	OrgNote string
}

// Inherited reports whether the file comes from the organization's .github repository.
func (l located) Inherited() bool { return l.Origin != "" }

// Name is the file as a person should read it: "CONTRIBUTING.md" or
// "acme/.github:.github/CONTRIBUTING.md".
func (l located) Name() string {
	if l.Hit == nil {
		return ""
	}
	if l.Origin != "" {
		return l.Origin + ":" + l.Hit.Path
	}
	return l.Hit.Path
}

// locate finds sp's file in s and, when inherits is set and the repository has no
// candidate of its own, in the organization's .github repository (§3).
func locate(ctx context.Context, s *repo.Snapshot, sp fileSpec, inherits bool) located {
	hits, notes := search(ctx, s, sp)
	l := located{Snap: s, Notes: notes}
	if len(hits) > 0 {
		l.Hit = &hits[0]
		for _, h := range hits[1:] {
			l.Others = append(l.Others, h.Path)
		}
		if !l.Hit.Canonical {
			dir, _, _ := strings.Cut(l.Hit.Path, "/")
			l.Notes = append(l.Notes, Finding{Path: l.Hit.Path, Line: 1,
				Message: fmt.Sprintf("GitHub looks only in .github/ and docs/ (exact spelling), not in %s/", dir)})
		}
		return l
	}
	if !inherits {
		return l
	}
	org, why := orgDefaults(s)
	if org == nil {
		l.OrgNote = why
		return l
	}
	name := orgName(org)
	ohits, _ := search(ctx, org, fileSpec{names: sp.names, extraExts: sp.extraExts, onlyExts: sp.onlyExts, dirs: githubDirs, match: sp.match})
	if len(ohits) == 0 {
		l.OrgNote = "none in " + name
		return l
	}
	h := ohits[0]
	if _, st, err := inspect(ctx, org, h); err == nil && (st == stateEmpty || st == stateBinary) {
		l.OrgNote = fmt.Sprintf("%s:%s is %s, so GitHub offers no default", name, h.Path, st)
		return l
	}
	l.Hit, l.Snap, l.Origin = &h, org, name
	return l
}

// orgDefaults returns the organization's .github snapshot when GitHub would use it as the
// source of default community files, or why not.
func orgDefaults(s *repo.Snapshot) (*repo.Snapshot, string) {
	org := s.OrgDefaults
	switch {
	case strings.EqualFold(s.Meta.Name, ".github"):
		return nil, "this is the organization's .github repository"
	case org == nil:
		return nil, ""
	case org.Meta.Visibility != "" && !strings.EqualFold(org.Meta.Visibility, "public"):
		// GitHub uses the .github repository only when it is public; unknown (local
		// copies) is taken as public, since the user supplied it on purpose.
		return nil, orgName(org) + " is " + org.Meta.Visibility + ", and GitHub uses only a public .github repository"
	}
	return org, ""
}

// orgName is "OWNER/.github" for the organization snapshot; a local copy without an
// owner is named as the user gave it.
func orgName(org *repo.Snapshot) string {
	switch {
	case org.Meta.Owner != "":
		return org.Meta.Owner + "/" + cmp.Or(org.Meta.Name, ".github")
	case org.Meta.FullName != "":
		return org.Meta.FullName
	}
	return ".github"
}

// fileState is what reading a candidate showed.
type fileState int

const (
	stateText     fileState = iota
	stateEmpty              // 0 bytes or whitespace only
	stateBinary             // a NUL byte in the first 8 KiB
	stateTooLarge           // over the read cap: content unknown
)

func (st fileState) String() string {
	switch st {
	case stateEmpty:
		return "empty"
	case stateBinary:
		return "not a text file"
	case stateTooLarge:
		return "too large to read"
	}
	return "text"
}

// inspect reads h from s. A file over the read cap is not an error here: presence rules
// pass on it (its size is known from the tree), content rules decide for themselves.
func inspect(ctx context.Context, s *repo.Snapshot, h hit) ([]byte, fileState, error) {
	if h.Entry.Size == 0 && !h.Entry.Absent { // an absent blob's size is unknown: reading says so
		return nil, stateEmpty, nil
	}
	b, err := s.ReadFile(ctx, h.Path)
	var tl *repo.TooLargeError
	switch {
	case errors.As(err, &tl):
		return nil, stateTooLarge, nil
	case err != nil:
		return nil, 0, err
	}
	if bytes.IndexByte(b[:min(len(b), 8<<10)], 0) >= 0 {
		return b, stateBinary, nil
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return b, stateEmpty, nil
	}
	return b, stateText, nil
}

// tooLarge is the error result of a content rule whose file h is over the read cap.
func tooLarge(s *repo.Snapshot, h hit) Result {
	lim := s.MaxRead
	if lim <= 0 {
		lim = repo.DefaultMaxRead
	}
	return tooLargeResult(&repo.TooLargeError{Path: h.Path, Size: h.Entry.Size, Limit: lim})
}

// tooLargeResult is the one "too large" result: a content rule cannot judge a file it may
// not read, so it reports an error saying how big the file is, never a failure.
func tooLargeResult(tl *repo.TooLargeError) Result {
	return Result{Status: StatusError, Message: fmt.Sprintf("%s is too large to read (%d bytes, limit %d)", tl.Path, tl.Size, tl.Limit),
		Findings: []Finding{{Path: tl.Path, Message: fmt.Sprintf("too large to read (%d bytes, limit %d)", tl.Size, tl.Limit)}}}
}

// where describes the folders of dirs for messages: "the root, .github/ or docs/".
func where(dirs []string) string {
	parts := make([]string, len(dirs))
	for i, d := range dirs {
		if d == "" {
			parts[i] = "the root"
		} else {
			parts[i] = d + "/"
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}
