package rules

import (
	"context"
	"slices"
	"strings"

	"github.com/repogov/repogov/internal/govfile"
	"github.com/repogov/repogov/repo"
)

var changelogDoc = doc{name: "CHANGELOG", expected: "CHANGELOG.md", spec: fileSpec{
	names: []string{"CHANGELOG", "CHANGES", "HISTORY", "NEWS", "RELEASES", "RELEASE_NOTES"}, dirs: rootDocs}}

// Changelog: changes between releases are recorded.
var Changelog = Rule{
	ID:    "changelog",
	Title: "Changes between releases are recorded",
	Doc: "A changelog tells users what changed between versions, what breaks, and whether to upgrade. The Standard for Public Code asks the codebase to keep a log of changes from release to release.\n\n" +
		"Add `CHANGELOG.md` (format: https://keepachangelog.com/). CHANGELOG, CHANGES, HISTORY, NEWS, RELEASES and RELEASE_NOTES count, in any case and with any documentation extension, in the root or `docs/`; " +
		"so does a `changelog/` or `changelog.d/` directory of fragments (towncrier, changie) holding at least one file. " +
		"`changelog-generator.js` and other code do not.",
	HelpURL:   DocsURL + "#changelog",
	Severity:  Note,
	Default:   true,
	Tags:      []string{"documentation", "standard-for-public-code", "spc:document-codebase-maturity"},
	Precision: "very-high",
	Expected:  "CHANGELOG.md",
	// The changelog's names in the root, docs/ and (to say they do not count) .github/,
	// and the fragment directories at any depth.
	Reads: append(govfile.Globs(append(slices.Clone(rootDocs), ".github"), changelogDoc.spec.names...),
		"{,docs/}changelog{,.d}/**"),
	Check: checkChangelog,
}

func checkChangelog(ctx context.Context, s *repo.Snapshot, _ Options) Result {
	l := locate(ctx, s, changelogDoc.spec, false)
	if l.Hit == nil {
		if d := fragmentDir(s); d != "" {
			return Result{Status: Pass, Message: "found the changelog fragments directory " + d + "/", Facts: map[string]any{"path": d}}
		}
		// .github/ is GitHub's place for community files, not for release notes.
		if hits, _ := search(ctx, s, fileSpec{names: changelogDoc.spec.names, dirs: []string{".github"}}); len(hits) > 0 {
			l.Notes = append(l.Notes, Finding{Path: hits[0].Path, Line: 1,
				Message: "changelogs are looked for in the root and docs/ only; move " + hits[0].Path + " to the root"})
		}
	}
	return changelogDoc.result(ctx, l)
}

// fragmentDir returns changelog/ or changelog.d/ (root or docs/) when it holds a file.
func fragmentDir(s *repo.Snapshot) string {
	for _, f := range folders(s, rootDocs) {
		for _, e := range s.ReadDir(f.path) {
			n := strings.ToLower(e.Name())
			if e.Kind == repo.Dir && (n == "changelog" || n == "changelog.d") && hasFile(s, e.Path) {
				return e.Path
			}
		}
	}
	return ""
}

// hasFile reports whether dir holds a regular file at any depth.
func hasFile(s *repo.Snapshot, dir string) bool {
	for _, e := range s.ReadDir(dir) {
		if e.Kind == repo.File || e.Kind == repo.Dir && hasFile(s, e.Path) {
			return true
		}
	}
	return false
}
