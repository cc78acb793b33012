package rules

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/repogov/repogov/repo"
)

// tc is one evaluation of a rule on an in-memory repository.
type tc struct {
	name    string
	files   map[string]string // the repository; see repo.FromMap
	org     map[string]string // the organization's .github repository; nil: none
	orgVis  string            // its visibility ("" = unknown, taken as public)
	self    bool              // the scanned repository is the .github repository itself
	maxRead int64
	meta    repo.Meta // host metadata (Host set = hosted)
	opts    Options

	want Status
	path string // fail: the first finding's path; pass/inherited: Facts["path"] when set
	line int    // fail: the first finding's line, when non-zero
	msg  string // a substring of the message
	note string // a substring of some finding's message
}

func (c tc) snapshot() *repo.Snapshot {
	meta := c.meta
	if meta.Name == "" {
		meta.Owner, meta.Name, meta.FullName = "acme", "alpha", "acme/alpha"
	}
	if c.self {
		meta.Name, meta.FullName = ".github", "acme/.github"
	}
	s := repo.FromMap(meta, c.files)
	s.MaxRead = c.maxRead
	if c.org != nil {
		s.OrgDefaults = repo.FromMap(repo.Meta{Owner: "acme", Name: ".github", FullName: "acme/.github", Visibility: c.orgVis}, c.org)
	}
	return s
}

func runCases(t *testing.T, r Rule, cases []tc) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := c.opts
			if opts.Now.IsZero() {
				opts.Now = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
			}
			got := r.Check(context.Background(), c.snapshot(), opts)
			if got.Status != c.want {
				t.Fatalf("status = %s, want %s (message %q, findings %+v)", got.Status, c.want, got.Message, got.Findings)
			}
			if got.Message == "" {
				t.Error("empty message")
			}
			if c.msg != "" && !strings.Contains(got.Message, c.msg) {
				t.Errorf("message %q does not contain %q", got.Message, c.msg)
			}
			if c.note != "" && !hasNote(got.Findings, c.note) {
				t.Errorf("no finding says %q: %+v", c.note, got.Findings)
			}
			switch got.Status {
			case Fail:
				// Every failure points at a real path and says what to do (docs/reports.md, sarif).
				if len(got.Findings) == 0 || got.Findings[0].Path == "" || got.Remediation == "" {
					t.Fatalf("failure without a located finding or remediation: %+v", got)
				}
				if c.path != "" && got.Findings[0].Path != c.path {
					t.Errorf("finding path = %q, want %q", got.Findings[0].Path, c.path)
				}
				if c.line != 0 && got.Findings[0].Line != c.line {
					t.Errorf("finding line = %d, want %d", got.Findings[0].Line, c.line)
				}
			case Pass, Inherited:
				if c.path != "" && got.Facts["path"] != c.path {
					t.Errorf("path = %v, want %q", got.Facts["path"], c.path)
				}
				if got.Status == Inherited && got.Facts["inheritedFrom"] == nil && !strings.Contains(got.Message, "acme/.github:") {
					t.Errorf("inherited result does not name the org file: %+v", got)
				}
			}
		})
	}
}

func hasNote(fs []Finding, s string) bool {
	for _, f := range fs {
		if strings.Contains(f.Message, s) {
			return true
		}
	}
	return false
}

const text = "Please read this before you contribute.\n"

// presenceCases are the cases every governance document shares: name is the canonical
// file name without extension (CONTRIBUTING), expected the path to create.
func presenceCases(name, expected string, inherits bool) []tc {
	lower := strings.ToLower(name)
	cs := []tc{
		{name: "root", files: map[string]string{name + ".md": text}, want: Pass, path: name + ".md"},
		{name: ".github", files: map[string]string{".github/" + name + ".md": text}, want: Pass, path: ".github/" + name + ".md"},
		{name: "docs", files: map[string]string{"docs/" + name + ".md": text}, want: Pass, path: "docs/" + name + ".md"},
		{name: "lower case rst", files: map[string]string{lower + ".rst": text}, want: Pass, path: lower + ".rst"},
		{name: "no extension", files: map[string]string{name: text}, want: Pass, path: name},
		{name: "absent", files: map[string]string{"README.md": text}, want: Fail, path: expected},
		{name: "code file with the name", files: map[string]string{lower + ".go": text}, want: Fail, path: expected},
		{name: "empty", files: map[string]string{name + ".md": ""}, want: Fail, path: name + ".md", msg: "empty"},
		{name: "white space only", files: map[string]string{name + ".md": " \n\t\n"}, want: Fail, path: name + ".md", msg: "empty"},
		{name: "directory with the name", files: map[string]string{name + ".md/": ""}, want: Fail, path: expected, note: "not a file"},
		{name: "binary", files: map[string]string{name + ".md": "\x00\x01\x02"}, want: Fail, path: name + ".md", msg: "not a text file"},
		{name: "over the read cap", files: map[string]string{name + ".md": strings.Repeat("x", 100)}, maxRead: 10, want: Pass},
		{name: ".github before root", files: map[string]string{name + ".md": text, ".github/" + name + ".md": text}, want: Pass, path: ".github/" + name + ".md", msg: "also " + name + ".md"},
		{name: "root before docs", files: map[string]string{"docs/" + name + ".md": text, name + ".txt": text}, want: Pass, path: name + ".txt"},
		{name: ".md preferred", files: map[string]string{name + ".rst": text, name + ".md": text, name: text}, want: Pass, path: name + ".md"},
		{name: "non-canonical folder", files: map[string]string{"Docs/" + name + ".md": text}, want: Pass, path: "Docs/" + name + ".md", note: "GitHub looks only"},
		{name: "canonical folder first", files: map[string]string{"Docs/" + name + ".md": text, "docs/" + name + ".md": text}, want: Pass, path: "docs/" + name + ".md"},
		{name: "symlink inside", files: map[string]string{name + ".md": "symlink:docs/x.md", "docs/x.md": text}, want: Pass, path: name + ".md"},
		{name: "symlink outside", files: map[string]string{name + ".md": "symlink:../../etc/passwd"}, want: Fail, path: expected, note: "leaving the repository"},
		{name: "broken symlink", files: map[string]string{name + ".md": "symlink:nowhere.md"}, want: Fail, path: expected, note: "broken"},
		{name: "submodule-like directory", files: map[string]string{"docs/" + name + "/": ""}, want: Fail, path: expected},
	}
	org := map[string]string{".github/" + name + ".md": text}
	if inherits {
		cs = append(cs,
			tc{name: "inherited", files: map[string]string{}, org: org, want: Inherited, path: ".github/" + name + ".md", msg: "acme/.github:.github/" + name + ".md"},
			tc{name: "inherited from org docs", files: map[string]string{}, org: map[string]string{"docs/" + name + ".md": text}, orgVis: "public", want: Inherited, path: "docs/" + name + ".md"},
			tc{name: "org first hit in GitHub order", files: map[string]string{}, org: map[string]string{"docs/" + name + ".md": text, name + ".md": text}, want: Inherited, path: name + ".md"},
			tc{name: "own file wins", files: map[string]string{"docs/" + name + ".md": text}, org: org, want: Pass, path: "docs/" + name + ".md"},
			tc{name: "own empty file is not replaced", files: map[string]string{name + ".md": ""}, org: org, want: Fail, path: name + ".md"},
			tc{name: "private org repository", files: map[string]string{}, org: org, orgVis: "private", want: Fail, path: expected, msg: "private"},
			tc{name: "empty org file", files: map[string]string{}, org: map[string]string{name + ".md": "\n"}, want: Fail, path: expected, msg: "empty"},
			tc{name: "org repository without it", files: map[string]string{}, org: map[string]string{"README.md": text}, want: Fail, path: expected, msg: "none in acme/.github"},
			tc{name: "the .github repository itself", self: true, files: map[string]string{}, org: org, want: Fail, path: expected},
		)
	} else {
		cs = append(cs, tc{name: "never inherited", files: map[string]string{}, org: org, want: Fail, path: expected})
	}
	return cs
}

func TestPresence(t *testing.T) {
	for _, tt := range []struct {
		rule     Rule
		name     string
		expected string
	}{
		{Contributing, "CONTRIBUTING", "CONTRIBUTING.md"},
		{CodeOfConduct, "CODE_OF_CONDUCT", "CODE_OF_CONDUCT.md"},
		{Governance, "GOVERNANCE", "GOVERNANCE.md"},
		{SecurityPolicy, "SECURITY", "SECURITY.md"},
		{Support, "SUPPORT", "SUPPORT.md"},
	} {
		t.Run(tt.rule.ID, func(t *testing.T) {
			runCases(t, tt.rule, presenceCases(tt.name, tt.expected, tt.rule.Inherits))
		})
	}
}

func TestPresenceNames(t *testing.T) {
	ok := func(r Rule, name string) tc {
		return tc{name: name, files: map[string]string{name: text}, want: Pass, path: name}
	}
	no := func(r Rule, name, expected string) tc {
		return tc{name: "not " + name, files: map[string]string{name: text}, want: Fail, path: expected}
	}
	for _, tt := range []struct {
		rule  Rule
		cases []tc
	}{
		{Contributing, []tc{ok(Contributing, "Contributing.adoc"), ok(Contributing, "contributing"),
			no(Contributing, "CONTRIBUTORS.md", "CONTRIBUTING.md"), no(Contributing, "CONTRIBUTING.go", "CONTRIBUTING.md"),
			no(Contributing, "src/CONTRIBUTING.md", "CONTRIBUTING.md")}},
		{CodeOfConduct, []tc{ok(CodeOfConduct, "Code-Of-Conduct.rst"), ok(CodeOfConduct, "code_of_conduct.md"),
			ok(CodeOfConduct, "CODEOFCONDUCT"), ok(CodeOfConduct, "code of conduct.txt"), no(CodeOfConduct, "conduct.md", "CODE_OF_CONDUCT.md")}},
		{SecurityPolicy, []tc{ok(SecurityPolicy, "security.markdown"), ok(SecurityPolicy, "doc/SECURITY.rst"),
			no(SecurityPolicy, "security.go", "SECURITY.md"), no(SecurityPolicy, "security/", "SECURITY.md"),
			no(SecurityPolicy, "security_test.go", "SECURITY.md")}},
	} {
		t.Run(tt.rule.ID, func(t *testing.T) { runCases(t, tt.rule, tt.cases) })
	}
}

// A finding about a file that does not exist points at the path to create, not at a
// line of it: "CONTRIBUTING.md:1" would send people to a line that is not there.
func TestMissingFileFindingsHaveNoLine(t *testing.T) {
	s := tc{files: map[string]string{"main.go": "package main\n"}}.snapshot()
	opts := Options{Now: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}
	seen := 0
	for _, r := range All() {
		res := r.Check(context.Background(), s, opts)
		for _, f := range res.Findings {
			if !strings.HasSuffix(f.Message, "is missing") {
				continue
			}
			seen++
			if f.Line != 0 || f.Column != 0 {
				t.Errorf("%s: missing-file finding %+v has a position", r.ID, f)
			}
		}
	}
	if seen < 5 {
		t.Fatalf("only %d missing-file findings on an empty repository; the test no longer exercises the rules", seen)
	}
}
