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
