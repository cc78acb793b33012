package codeowners

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		rules []Rule
		probs []Problem
	}{
		{name: "empty"},
		{name: "comments and blanks", in: "# owners\n\n   \n\t# more\n"},
		{name: "user team email", in: "*       @octo-cat @acme/web-team dev@acme.org\n",
			rules: []Rule{{Line: 1, Pattern: "*", Owners: []string{"@octo-cat", "@acme/web-team", "dev@acme.org"}}}},
		{name: "inline comment", in: "/docs/ @docs # the writers\n",
			rules: []Rule{{Line: 1, Pattern: "/docs/", Owners: []string{"@docs"}}}},
		{name: "escaped hash", in: "\\#notes.md @a\n",
			rules: []Rule{{Line: 1, Pattern: "#notes.md", Owners: []string{"@a"}}}},
		{name: "escaped space", in: "my\\ file.txt @a\n",
			rules: []Rule{{Line: 1, Pattern: "my file.txt", Owners: []string{"@a"}}}},
		{name: "crlf", in: "*.go @gopher\r\n",
			rules: []Rule{{Line: 1, Pattern: "*.go", Owners: []string{"@gopher"}}}},
		{name: "no owner", in: "# x\n/apps/github\n",
			probs: []Problem{{Line: 2, Column: 1, Text: "/apps/github", Message: "pattern /apps/github has no owner"}}},
		{name: "owner only", in: "  @octocat\n",
			probs: []Problem{{Line: 1, Column: 3, Text: "@octocat", Message: "owner without a pattern"}}},
		{name: "bad owner", in: "*.js @ok octocat\n",
			probs: []Problem{{Line: 1, Column: 10, Text: "*.js @ok octocat", Message: "invalid owner octocat (want @user, @org/team or an e-mail address)"}}},
		{name: "double hyphen user", in: "* @a--b\n",
			probs: []Problem{{Line: 1, Column: 3, Text: "* @a--b", Message: "invalid owner @a--b (want @user, @org/team or an e-mail address)"}}},
		{name: "negation", in: "!*.md @a\n",
			probs: []Problem{{Line: 1, Column: 1, Text: "!*.md @a", Message: "negated patterns (!) are not supported by CODEOWNERS"}}},
		{name: "range", in: "*.[ch] @a\n",
			probs: []Problem{{Line: 1, Column: 1, Text: "*.[ch] @a", Message: "character ranges ([ ]) are not supported by CODEOWNERS"}}},
		{name: "column counts code points", in: "é @a ü\n",
			probs: []Problem{{Line: 1, Column: 6, Text: "é @a ü", Message: "invalid owner ü (want @user, @org/team or an e-mail address)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules, probs := Parse([]byte(tt.in))
			if diff := cmp.Diff(tt.rules, rules); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.probs, probs); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzCodeowners(f *testing.F) {
	for _, s := range []string{"* @a\n", "# c\n\\#x @o/t a@b.c\n", "!x\n", "a\\", "\xff @a", "x @a--b\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rules, probs := Parse(b)
		lines := strings.Count(string(b), "\n") + 1
		for _, r := range rules {
			if r.Line < 1 || r.Line > lines || r.Pattern == "" || len(r.Owners) == 0 {
				t.Fatalf("bad rule %+v", r)
			}
			for _, o := range r.Owners {
				if !validOwner(o) {
					t.Fatalf("rule %+v has invalid owner %q", r, o)
				}
			}
		}
		for _, p := range probs {
			if p.Line < 1 || p.Line > lines || p.Column < 1 || p.Message == "" || p.Text == "" {
				t.Fatalf("bad problem %+v", p)
			}
		}
	})
}

func TestParseGitLab(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		rules []Rule
		probs []Problem
	}{
		{name: "github-style lines", in: "* @gov/maintainers dev@example.org\n/docs/ @writer\n",
			rules: []Rule{{Line: 1, Pattern: "*", Owners: []string{"@gov/maintainers", "dev@example.org"}}, {Line: 2, Pattern: "/docs/", Owners: []string{"@writer"}}}},
		{name: "sections, default owners, nested groups, roles, optional and approvals",
			in: "[Documentation] @gov/docs\ndocs/\n*.md @gov/health/writers\n\n^[Security][2] @gov/security\nSECURITY.md\n\n[Roles]\n/ci/ @@maintainer @@developers\n",
			rules: []Rule{
				{Line: 2, Pattern: "docs/", Owners: []string{"@gov/docs"}, Section: "Documentation"},
				{Line: 3, Pattern: "*.md", Owners: []string{"@gov/health/writers"}, Section: "Documentation"},
				{Line: 6, Pattern: "SECURITY.md", Owners: []string{"@gov/security"}, Section: "Security"},
				{Line: 9, Pattern: "/ci/", Owners: []string{"@@maintainer", "@@developers"}, Section: "Roles"},
			}},
		{name: "exclusion", in: "[Docs] @w\n*.md\n!CHANGELOG.md\n",
			rules: []Rule{{Line: 2, Pattern: "*.md", Owners: []string{"@w"}, Section: "Docs"}, {Line: 3, Pattern: "!CHANGELOG.md", Section: "Docs"}}},
		{name: "dotted user name", in: "* @jane.doe\n", rules: []Rule{{Line: 1, Pattern: "*", Owners: []string{"@jane.doe"}}}},
		{name: "no owner and no default", in: "[Docs]\ndocs/\n",
			probs: []Problem{{Line: 2, Column: 1, Text: "docs/", Message: "pattern docs/ has no owner, and section [Docs] has no default owners"}}},
		{name: "no owner before any section", in: "docs/\n",
			probs: []Problem{{Line: 1, Column: 1, Text: "docs/", Message: "pattern docs/ has no owner, and the unnamed section has no default owners"}}},
		{name: "unclosed section", in: "[Docs @w\n",
			probs: []Problem{{Line: 1, Column: 1, Text: "[Docs @w", Message: "section header without a closing ] (want [Section name])"}}},
		{name: "empty section", in: "[ ]\n", probs: []Problem{{Line: 1, Column: 1, Text: "[ ]", Message: "section header without a name (want [Section name])"}}},
		{name: "bad approvals", in: "[Docs][x] @w\n", probs: []Problem{{Line: 1, Column: 1, Text: "[Docs][x] @w", Message: "approval count [x] is not a positive number"}}},
		{name: "bad role", in: "* @@guest\n", probs: []Problem{{Line: 1, Column: 3, Text: "* @@guest", Message: "invalid owner @@guest (want @user, @group/subgroup, @@role or an e-mail address)"}}},
		{name: "bad default owner", in: "[Docs] w\n", probs: []Problem{{Line: 1, Column: 8, Text: "[Docs] w", Message: "invalid default owner w of section [Docs] (want @user, @group/subgroup, @@role or an e-mail address)"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rules, probs := ParseGitLab([]byte(tc.in))
			if diff := cmp.Diff(tc.rules, rules); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.probs, probs); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzCodeownersGitLab(f *testing.F) {
	f.Add("[Docs] @a\ndocs/\n^[S][2] @g/s\n!x\n* @@developer\n")
	f.Fuzz(func(t *testing.T, in string) {
		rules, probs := ParseGitLab([]byte(in))
		for _, r := range rules {
			if r.Line < 1 || (len(r.Owners) == 0 && !strings.HasPrefix(r.Pattern, "!")) {
				t.Fatalf("bad rule %+v", r)
			}
		}
		for _, p := range probs {
			if p.Line < 1 || p.Column < 1 || p.Message == "" {
				t.Fatalf("bad problem %+v", p)
			}
		}
	})
}
