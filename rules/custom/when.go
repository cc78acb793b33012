package custom

import (
	"context"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/go-enry/go-enry/v2"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
)

// When restricts a custom rule to repositories with some facts (repolinter's axioms):
// every non-empty condition must hold, and a condition holds when one of its values
// matches; "*" matches when the fact has any value. Unmet, the rule is not applicable.
type When struct {
	Language []string // linguist language names, case-insensitive
	License  []string // SPDX ids, as license-identified finds them
	Packager []string // npm, maven, pypi, … (Packagers)
}

// Empty reports whether w has no condition.
func (w When) Empty() bool { return len(w.Language)+len(w.License)+len(w.Packager) == 0 }

// WhenKeys are the keys of a `when:` block.
var WhenKeys = []string{"language", "license", "packager"}

// Packagers maps a root manifest (a glob) to the packager it reveals: the table of
// repolinter's packagers axiom, so converted rules select the same repositories.
var Packagers = []struct{ Glob, Name string }{
	{"pom.xml", "maven"}, {"project.xml", "maven1"}, {"package.json", "npm"}, {"setup.py", "pypi"},
	{"*.nuspec", "nuget"}, {"*.podspec", "cocoapod"}, {"Cargo.toml", "cargo"}, {"*.gemspec", "rubygem"},
	{"DESCRIPTION", "cran"}, {"Makefile.PL", "cpan"}, {"Build.PL", "cpan"}, {"package.xml", "pear"},
	{"ivy.xml", "ivy"}, {"build.gradle", "gradle"},
}

// unmet returns the first condition that does not hold ("" when all hold), or an error
// when a fact cannot be known from this snapshot.
func (w When) unmet(ctx context.Context, s *repo.Snapshot) (string, error) {
	if len(w.Packager) > 0 {
		if c := check("packager", w.Packager, packagers(s)); c != "" {
			return c, nil
		}
	}
	if len(w.Language) > 0 {
		if s.Partial {
			return "", errPartialLanguage
		}
		if c := check("language", w.Language, Languages(s)); c != "" {
			return c, nil
		}
	}
	if len(w.License) > 0 {
		ids, err := rules.LicenseIDs(ctx, s)
		if err != nil {
			return "", err
		}
		if c := check("license", w.License, ids); c != "" {
			return c, nil
		}
	}
	return "", nil
}

type whenError string

func (e whenError) Error() string { return string(e) }

const errPartialLanguage = whenError("the source listed only some directories of this repository; the `when: language` condition needs the whole file tree")

// check returns "" when one of want matches have, else the condition as written.
func check(fact string, want, have []string) string {
	for _, w := range want {
		if w == "*" && len(have) > 0 {
			return ""
		}
		for _, h := range have {
			if strings.EqualFold(w, h) {
				return ""
			}
		}
	}
	got := "none"
	if len(have) > 0 {
		got = strings.Join(have, ", ")
	}
	return fact + " is " + strings.Join(want, " or ") + " (found: " + got + ")"
}

func packagers(s *repo.Snapshot) []string {
	var out []string
	for _, p := range Packagers {
		if slices.Contains(out, p.Name) {
			continue
		}
		for _, e := range s.ReadDir("") {
			if e.Kind != repo.Dir && doublestar.MatchUnvalidated(p.Glob, e.Path) {
				out = append(out, p.Name)
				break
			}
		}
	}
	return out
}

// Languages returns the programming and markup languages of the repository's files, by
// bytes, largest first, as GitHub's linguist reports them (go-enry is its Go port):
// vendored, documentation, configuration and dot files are left out, and a file's
// language comes from its name and extension (contents are not read).
func Languages(s *repo.Snapshot) []string {
	bytes := map[string]int64{}
	for _, e := range s.Entries() {
		if e.Kind != repo.File || enry.IsVendor(e.Path) || enry.IsDocumentation(e.Path) ||
			enry.IsConfiguration(e.Path) || enry.IsDotFile(e.Path) || enry.IsImage(e.Path) {
			continue
		}
		lang, _ := enry.GetLanguageByFilename(path.Base(e.Path))
		if lang == "" {
			lang, _ = enry.GetLanguageByExtension(e.Path)
		}
		if lang == "" {
			continue
		}
		switch enry.GetLanguageType(lang) {
		case enry.Programming, enry.Markup:
			bytes[lang] += e.Size
		}
	}
	out := make([]string, 0, len(bytes))
	for l := range bytes {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool {
		if bytes[out[i]] != bytes[out[j]] {
			return bytes[out[i]] > bytes[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}
