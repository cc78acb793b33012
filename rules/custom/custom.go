// Package custom is the engine of the policy's custom rules: a declared Def becomes an
// ordinary rules.Rule that reads only through the snapshot, like the built-in ones.
// Globs are doublestar patterns (the one glob dialect of repogov), relative to the
// repository root; nocase matches them case-insensitively.
package custom

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
)

const (
	maxFindingsPerFile = 10
	maxFindings        = 100
	binarySniff        = 8000
)

// Types are the kinds of custom rule, in the order of Specs.
var Types = func() []string {
	var out []string
	for _, s := range Specs {
		out = append(out, s.Type)
	}
	return out
}()

// Def is one custom rule as the policy declares it.
type Def struct {
	ID        string
	Title     string
	Type      string
	Severity  rules.Severity
	Help      string
	HelpURL   string
	Files     []string // doublestar globs
	Exclude   []string
	NoCase    bool
	Kind      string // file (default), directory, any
	Pattern   string // RE2
	IfMissing string // fail, not-applicable, pass
	MaxSize   int64
	// file-starts-with
	Patterns   []string // RE2, each must match within the first Lines lines
	Lines      int
	SkipBinary bool
	SkipPaths  []string // RE2 on paths: files left out
	// file-hash, file-hashes-absent
	Algorithm string // sha256 (default), sha1, sha512, md5
	Hashes    []string
	// json-schema: the JSON Schema (as JSON) the first matching file must satisfy
	Schema string
	// git-history-*: RE2 patterns
	Denylist []string
	// git-repository: a scan of a sub-directory of a git repository passes
	When   When
	Origin string // where it was declared, for the rule's doc

	patterns  []*regexp.Regexp
	skipPaths []*regexp.Regexp
	deny      *regexp.Regexp
	schema    *jsonschema.Schema

	re *regexp.Regexp
}

// ValidateGlob says what is wrong with a glob, or nil.
func ValidateGlob(g string) error {
	switch {
	case strings.TrimPrefix(strings.TrimPrefix(g, "./"), "/") == "":
		return fmt.Errorf("bad glob %q: empty pattern", g)
	case strings.Contains(clean(g), "//"):
		return fmt.Errorf("bad glob %q: empty path segment", g)
	case !doublestar.ValidatePattern(clean(g)):
		return fmt.Errorf("bad glob %q: %w", g, doublestar.ErrBadPattern)
	}
	return nil
}

// clean makes a pattern relative to the root: "./LICENSE" and "/LICENSE" are "LICENSE".
func clean(g string) string { return strings.TrimPrefix(strings.TrimPrefix(g, "./"), "/") }

// Compile checks the globs and the pattern and fills the type's defaults. A Def must be
// compiled before Rule.
func (c *Def) Compile() error {
	for _, g := range append(slices.Clone(c.Files), c.Exclude...) {
		if err := ValidateGlob(g); err != nil {
			return err
		}
	}
	if c.Pattern != "" {
		var err error
		if c.re, err = regexp.Compile(c.Pattern); err != nil {
			return err
		}
	}
	for _, p := range c.Patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return err
		}
		c.patterns = append(c.patterns, re)
	}
	for _, p := range c.SkipPaths {
		re, err := regexp.Compile(p)
		if err != nil {
			return err
		}
		c.skipPaths = append(c.skipPaths, re)
	}
	if len(c.Denylist) > 0 {
		pat := "(" + strings.Join(c.Denylist, "|") + ")"
		if c.NoCase {
			pat = "(?i)" + pat
		}
		var err error
		if c.deny, err = regexp.Compile(pat); err != nil {
			return err
		}
	}
	if c.Algorithm == "" {
		c.Algorithm = "sha256"
	}
	if _, ok := hashers[c.Algorithm]; !ok {
		return fmt.Errorf("unknown hash algorithm %q (want sha256, sha1, sha512 or md5)", c.Algorithm)
	}
	if c.Schema != "" {
		var err error
		if c.schema, err = compileSchema(c.Schema); err != nil {
			return err
		}
	}
	if c.Kind == "" {
		c.Kind = "file"
	}
	if c.IfMissing == "" {
		c.IfMissing = map[string]string{"file-contains": "fail", "file-not-contains": "pass", "file-starts-with": "fail",
			"file-hash": "fail", "json-schema": "fail", "file-hashes-absent": "pass", "no-broken-links": "pass"}[c.Type]
	}
	return nil
}

// match reports whether p matches one of globs.
func (c *Def) match(globs []string, p string) bool {
	if c.NoCase {
		p = strings.ToLower(p)
	}
	for _, g := range globs {
		g = clean(g)
		if c.NoCase {
			g = strings.ToLower(g)
		}
		if doublestar.MatchUnvalidated(g, p) {
			return true
		}
	}
	return false
}

// DefaultTitle is the title a Def without one gets.
func (c *Def) DefaultTitle() string {
	if c.Title != "" {
		return c.Title
	}
	files := strings.Join(c.Files, ", ")
	switch c.Type {
	case "file-exists":
		return "A file matching " + files + " exists"
	case "file-absent":
		return "No file matches " + files
	case "file-contains":
		return "Files matching " + files + " contain /" + c.Pattern + "/"
	case "file-not-contains":
		return "Files matching " + files + " do not contain /" + c.Pattern + "/"
	case "max-file-size":
		return fmt.Sprintf("Files matching %s are at most %d bytes", files, c.MaxSize)
	case "file-starts-with":
		return fmt.Sprintf("Files matching %s start with %s", files, strings.Join(c.Patterns, ", "))
	case "file-hash":
		return "A file matching " + files + " has a known " + c.Algorithm + " hash"
	case "file-hashes-absent":
		return "No file matching " + files + " has a denied " + c.Algorithm + " hash"
	case "json-schema":
		return "A file matching " + files + " satisfies a JSON Schema"
	case "no-broken-links":
		return "Relative links in " + files + " point at files that exist"
	case "git-history-contents":
		return "No file in the history contains " + strings.Join(c.Denylist, ", ")
	case "git-history-messages":
		return "No commit message contains " + strings.Join(c.Denylist, ", ")
	case "git-history-paths":
		return "No path in the history matches " + strings.Join(c.Denylist, ", ")
	case "git-repository":
		return "The repository is managed with git"
	}
	return c.ID
}

// Rule returns the custom rule as a rules.Rule.
func (c *Def) Rule() rules.Rule {
	doc := c.Help
	if doc == "" {
		doc = c.DefaultTitle() + "."
	}
	var reads []string
	for _, g := range c.Files {
		reads = append(reads, clean(g))
	}
	return rules.Rule{
		ID:        c.ID,
		Title:     c.DefaultTitle(),
		Doc:       doc + "\n\nA custom rule of type `" + c.Type + "`, declared in " + c.Origin + ".",
		Reads:     reads,
		Default:   true,
		HelpURL:   c.HelpURL,
		Severity:  c.Severity,
		Tags:      []string{"custom"},
		Precision: "very-high",
		Check:     c.checkWhen,
	}
}

// matches lists the entries of the kind the rule looks at that match its globs.
func (c *Def) matches(ctx context.Context, s *repo.Snapshot) []repo.Entry {
	var out []repo.Entry
	for _, e := range s.Entries() {
		if !c.match(c.Files, e.Path) || c.match(c.Exclude, e.Path) {
			continue
		}
		kind := e.Kind
		if kind == repo.Symlink {
			if t, err := s.Resolve(ctx, e.Path); err == nil {
				kind = t.Kind
			} else {
				continue // dangling or leaving the repository: not a file here
			}
		}
		ok := false
		switch c.Kind {
		case "file":
			ok = kind == repo.File
		case "directory":
			ok = kind == repo.Dir
		case "any":
			ok = kind == repo.File || kind == repo.Dir
		}
		if ok {
			out = append(out, e)
		}
	}
	return out
}

// complete reports whether a partial snapshot still lists every path the globs can match:
// only patterns whose wildcards stay in the last segment, in a directory that is named
// literally and was listed.
func (c *Def) complete(s *repo.Snapshot) bool {
	if !s.Partial {
		return true
	}
	for _, g := range c.Files {
		dir, ok := literalDir(clean(g))
		if !ok {
			return false
		}
		if dir == "" {
			continue
		}
		found := false
		for _, e := range s.Entries() {
			if e.Kind == repo.Dir && (e.Path == dir || c.NoCase && strings.EqualFold(e.Path, dir)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// literalDir returns the directory part of a pattern when only its last segment has
// wildcards ("" for the root), and false when it may match in directories it cannot
// name ("**", or a wildcard or brace spanning a "/").
func literalDir(g string) (string, bool) {
	base, rest := doublestar.SplitPattern(g)
	if strings.Contains(rest, "/") || strings.Contains(rest, "**") {
		return "", false
	}
	if base == "." {
		base = ""
	}
	return base, true
}

func (c *Def) partial() rules.Result {
	return rules.Result{Status: rules.StatusError,
		Message: "the source listed only some directories of this repository and " + strings.Join(c.Files, ", ") +
			" may match elsewhere; this rule needs the whole file tree"}
}

func (c *Def) check(ctx context.Context, s *repo.Snapshot, opts rules.Options) rules.Result {
	ms := c.matches(ctx, s)
	switch c.Type {
	case "file-exists":
		if len(ms) > 0 {
			paths := entryPaths(ms)
			return rules.Result{Status: rules.Pass, Message: "found " + summarize(paths), Facts: map[string]any{"paths": paths}}
		}
		if !c.complete(s) {
			return c.partial()
		}
		return rules.Result{Status: rules.Fail, Message: "no " + c.kindWord() + " matches " + strings.Join(c.Files, ", "),
			Findings:    []rules.Finding{{Path: expectedPath(c.Files), Message: "expected a " + c.kindWord() + " matching " + strings.Join(c.Files, ", ")}},
			Remediation: c.Help}
	case "file-absent":
		if len(ms) > 0 {
			var fs []rules.Finding
			for _, e := range ms {
				if len(fs) == maxFindings {
					break
				}
				fs = append(fs, rules.Finding{Path: e.Path, Message: "must not be present (matches " + strings.Join(c.Files, ", ") + ")"})
			}
			return rules.Result{Status: rules.Fail, Message: fmt.Sprintf("%d %s must not be present: %s", len(ms), plural(len(ms), c.kindWord()), summarize(entryPaths(ms))),
				Findings: fs, Remediation: c.Help}
		}
		if !c.complete(s) {
			return c.partial()
		}
		return rules.Result{Status: rules.Pass, Message: "nothing matches " + strings.Join(c.Files, ", ")}
	case "max-file-size":
		var fs []rules.Finding
		n := 0
		for _, e := range ms {
			if e.Kind == repo.File && e.Size > c.MaxSize {
				n++
				if len(fs) < maxFindings {
					fs = append(fs, rules.Finding{Path: e.Path, Message: fmt.Sprintf("%d bytes, over the limit of %d", e.Size, c.MaxSize)})
				}
			}
		}
		if n > 0 {
			return rules.Result{Status: rules.Fail, Message: fmt.Sprintf("%d %s over %d bytes", n, plural(n, "file"), c.MaxSize), Findings: fs, Remediation: c.Help}
		}
		if !c.complete(s) {
			return c.partial()
		}
		return rules.Result{Status: rules.Pass, Message: fmt.Sprintf("%d matching %s, none over %d bytes", len(ms), plural(len(ms), "file"), c.MaxSize)}
	case "file-contains", "file-not-contains":
		return c.checkContent(ctx, s, ms)
	case "file-starts-with":
		return c.checkStartsWith(ctx, s, ms)
	case "file-hash", "file-hashes-absent":
		return c.checkHash(ctx, s, ms)
	case "json-schema":
		return c.checkJSONSchema(ctx, s, ms)
	case "no-broken-links":
		return c.checkLinks(ctx, s, ms)
	case "git-history-contents", "git-history-messages", "git-history-paths", "git-repository":
		return c.checkHistory(ctx, s)
	}
	return rules.Result{Status: rules.StatusError, Message: "unknown custom rule type " + c.Type}
}

func (c *Def) checkContent(ctx context.Context, s *repo.Snapshot, ms []repo.Entry) rules.Result {
	files := ms[:0:0]
	for _, e := range ms {
		if e.Kind == repo.File || e.Kind == repo.Symlink {
			files = append(files, e)
		}
	}
	if len(files) == 0 {
		return c.missing(s)
	}
	var (
		fs                   []rules.Finding
		unread               []string
		found, without       []string
		binaries, failedFile int
		evidence             []string
	)
	for _, e := range files {
		b, err := s.ReadFile(ctx, e.Path)
		if err != nil {
			var tl *repo.TooLargeError
			if errors.As(err, &tl) {
				unread = append(unread, fmt.Sprintf("%s (too large to read: %d bytes)", e.Path, tl.Size))
			} else {
				unread = append(unread, fmt.Sprintf("%s (%v)", e.Path, err))
			}
			continue
		}
		if bytes.IndexByte(b[:min(len(b), binarySniff)], 0) >= 0 {
			binaries++
			continue
		}
		locs := c.re.FindAllIndex(b, maxFindingsPerFile)
		if c.Type == "file-contains" {
			if len(locs) == 0 {
				without = append(without, e.Path)
				if len(fs) < maxFindings {
					fs = append(fs, rules.Finding{Path: e.Path, Message: "does not contain /" + c.Pattern + "/"})
				}
				continue
			}
			found = append(found, e.Path)
			line, _ := position(b, locs[0][0])
			evidence = append(evidence, fmt.Sprintf("%s:%d", e.Path, line))
			continue
		}
		if len(locs) > 0 {
			failedFile++
			for _, l := range locs {
				if len(fs) == maxFindings {
					break
				}
				line, col := position(b, l[0])
				fs = append(fs, rules.Finding{Path: e.Path, Line: line, Column: col,
					Message: "contains /" + c.Pattern + "/: " + excerpt(b[l[0]:l[1]])})
			}
		}
	}
	facts := map[string]any{}
	if len(evidence) > 0 {
		facts["matches"] = evidence
	}
	if binaries > 0 {
		facts["binary-files-skipped"] = binaries
	}
	if len(unread) > 0 {
		facts["unread"] = unread
	}
	if len(facts) == 0 {
		facts = nil
	}
	if c.Type == "file-contains" {
		if len(without) > 0 {
			return rules.Result{Status: rules.Fail, Message: fmt.Sprintf("%d of %d matching %s lack /%s/: %s", len(without), len(files), plural(len(files), "file"), c.Pattern, summarize(without)),
				Findings: fs, Remediation: c.Help, Facts: facts}
		}
	} else if failedFile > 0 {
		return rules.Result{Status: rules.Fail, Message: fmt.Sprintf("/%s/ found in %d %s", c.Pattern, failedFile, plural(failedFile, "file")),
			Findings: fs, Remediation: c.Help, Facts: facts}
	}
	if len(unread) > 0 {
		return rules.Result{Status: rules.StatusError, Message: "could not read " + strings.Join(unread, "; "), Facts: facts}
	}
	if c.Type == "file-contains" {
		if len(found) == 0 {
			return rules.Result{Status: rules.NotApplicable, Message: "every matching file is binary", Facts: facts}
		}
		return rules.Result{Status: rules.Pass, Message: "/" + c.Pattern + "/ found in " + summarize(evidence), Facts: facts}
	}
	if !c.complete(s) {
		return c.partial()
	}
	return rules.Result{Status: rules.Pass, Message: fmt.Sprintf("/%s/ not found in %d matching %s", c.Pattern, len(files), plural(len(files), "file")), Facts: facts}
}

func (c *Def) kindWord() string {
	switch c.Kind {
	case "directory":
		return "directory"
	case "any":
		return "file or directory"
	}
	return "file"
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	if strings.HasSuffix(word, "ch") || strings.HasSuffix(word, "s") {
		return word + "es"
	}
	if strings.HasSuffix(word, "y") {
		return strings.TrimSuffix(word, "y") + "ies"
	}
	return word + "s"
}

func entryPaths(es []repo.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Path
	}
	return out
}

func summarize(paths []string) string {
	if len(paths) <= 5 {
		return strings.Join(paths, ", ")
	}
	return strings.Join(paths[:5], ", ") + fmt.Sprintf(" and %d more", len(paths)-5)
}

// expectedPath is where a failing existence result points: the first pattern without
// wildcards, else "".
func expectedPath(globs []string) string {
	for _, g := range globs {
		if !strings.ContainsAny(g, "*?[{") {
			return strings.TrimPrefix(g, "/")
		}
	}
	return ""
}

// position returns the 1-based line and column (in runes) of byte offset off.
func position(b []byte, off int) (line, col int) {
	start := bytes.LastIndexByte(b[:off], '\n') + 1
	return bytes.Count(b[:off], []byte{'\n'}) + 1, utf8.RuneCount(b[start:off]) + 1
}

func excerpt(b []byte) string {
	s := strings.Join(strings.Fields(strings.ToValidUTF8(string(b), "?")), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:77]) + "..."
	}
	return fmt.Sprintf("%q", s)
}

// Spec says which keys, beyond those every custom rule has, one type takes.
type Spec struct {
	Type     string
	NoFiles  bool     // files is optional (history and repository types)
	Keys     []string // the type's own keys
	Required []string // of Keys, those it needs
}

// CommonKeys are the keys of every custom rule, in documentation order.
var CommonKeys = []string{"id", "title", "type", "severity", "help", "help-url", "files", "exclude", "nocase", "when"}

// Specs lists the types in documentation order; the policy decoder and the published
// schema both derive from it.
var Specs = []Spec{
	{Type: "file-exists", Keys: []string{"kind"}},
	{Type: "file-absent", Keys: []string{"kind"}},
	{Type: "file-contains", Keys: []string{"pattern", "if-missing"}, Required: []string{"pattern"}},
	{Type: "file-not-contains", Keys: []string{"pattern", "if-missing"}, Required: []string{"pattern"}},
	{Type: "max-file-size", Keys: []string{"max-size"}, Required: []string{"max-size"}},
	{Type: "file-starts-with", Keys: []string{"patterns", "lines", "skip-binary", "skip-paths", "if-missing"}, Required: []string{"patterns", "lines"}},
	{Type: "file-hash", Keys: []string{"algorithm", "hashes", "if-missing"}, Required: []string{"hashes"}},
	{Type: "file-hashes-absent", Keys: []string{"algorithm", "hashes"}, Required: []string{"hashes"}},
	{Type: "json-schema", Keys: []string{"schema", "if-missing"}, Required: []string{"schema"}},
	{Type: "no-broken-links", Keys: []string{"if-missing"}},
	{Type: "git-history-contents", NoFiles: true, Keys: []string{"denylist"}, Required: []string{"denylist"}},
	{Type: "git-history-messages", NoFiles: true, Keys: []string{"denylist"}, Required: []string{"denylist"}},
	{Type: "git-history-paths", NoFiles: true, Keys: []string{"denylist"}, Required: []string{"denylist"}},
	{Type: "git-repository", NoFiles: true},
}

// SpecOf returns the spec of a type.
func SpecOf(typ string) (Spec, bool) {
	for _, s := range Specs {
		if s.Type == typ {
			return s, true
		}
	}
	return Spec{}, false
}

// TypeKeys lists every type's own keys once, in order of first use.
func TypeKeys() []string {
	var out []string
	for _, s := range Specs {
		for _, k := range s.Keys {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}
