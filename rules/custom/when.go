package custom

import (
	"context"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
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
	// Contributors are comparisons (">6", "<=2") with the number of distinct authors
	// (names, case-insensitive) of the last 10000 commits of every reference, as
	// repolinter's contributor-count axiom counts them; every one must hold. Without
	// a history (hosted sources, plain directories) the condition is unmet.
	Contributors []string
}

// Empty reports whether w has no condition.
func (w When) Empty() bool {
	return len(w.Language)+len(w.License)+len(w.Packager)+len(w.Contributors) == 0
}

// WhenKeys are the keys of a `when:` block.
var WhenKeys = []string{"language", "license", "packager", "contributors"}

// contributorsRE is a contributors comparison: repolinter's numeric axiom syntax.
var contributorsRE = regexp.MustCompile(`^(<|>|<=|>=)(\d+)$`)

// ValidateContributors says what is wrong with a contributors comparison, or nil.
func ValidateContributors(c string) error {
	if !contributorsRE.MatchString(strings.ReplaceAll(c, " ", "")) {
		return fmt.Errorf("contributors %q: want a comparison like \">6\" or \"<=2\"", c)
	}
	return nil
}

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
	if len(w.Contributors) > 0 {
		n, err := contributors(ctx, s)
		if err != nil {
			return "", err
		}
		for _, c := range w.Contributors {
			m := contributorsRE.FindStringSubmatch(strings.ReplaceAll(c, " ", ""))
			if m == nil {
				return "", fmt.Errorf("contributors %q: not a comparison", c)
			}
			want, _ := strconv.Atoi(m[2])
			ok := n >= 0 && map[string]bool{"<": n < want, "<=": n <= want, ">": n > want, ">=": n >= want}[m[1]]
			if !ok {
				have := "unknown: no history"
				if n >= 0 {
					have = strconv.Itoa(n)
				}
				return "contributors " + c + " (found: " + have + ")", nil
			}
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

// contributors counts distinct author names (case-insensitive) of the last 10000
// commits of every reference; -1 without a history.
func contributors(ctx context.Context, s *repo.Snapshot) (int, error) {
	if s.History == nil {
		return -1, nil
	}
	v := s.Memo("rules/custom.contributors", func() any {
		names := map[string]bool{}
		n := 0
		err := s.History.Commits(ctx, func(c repo.Commit) error {
			if n++; n > 10000 {
				return errStop
			}
			names[strings.ToLower(c.Author)] = true
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			return err
		}
		return len(names)
	})
	if err, ok := v.(error); ok {
		return 0, err
	}
	return v.(int), nil
}

var errStop = errors.New("stop")

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
