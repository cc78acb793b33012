package rules

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const people = "# Maintainers\n\n- Jane Doe (@jdoe)\n"

func TestMaintainers(t *testing.T) {
	// The presence cases, with a file that names someone.
	cs := presenceCases("MAINTAINERS", "MAINTAINERS.md", false)
	for i := range cs {
		for k, v := range cs[i].files {
			if v == text {
				cs[i].files[k] = people
			}
		}
		if cs[i].name == "over the read cap" {
			cs[i].want = StatusError // the rule reads the file; presence alone is not enough
		}
	}
	ok := func(name, body string) tc {
		return tc{name: name, files: map[string]string{name: body}, want: Pass, path: name}
	}
	no := func(name, body string, line int, msg string) tc {
		return tc{name: "fails " + name + " " + msg, files: map[string]string{name: body}, want: Fail, path: name, line: line, msg: msg}
	}
	const tmpl = "looks like an unfilled template"
	cs = append(cs,
		// Names: handle, team, address, list, table, profile.
		ok("MAINTAINERS.md", "# Maintainers\n\n* @alice\n"),
		ok("MAINTAINERS", "Team: @acme/core\n"),
		ok("MAINTAINERS.txt", "Jane Doe <jane@acme.org>\n"),
		ok("MAINTAINERS.rst", "Maintainers\n===========\n\n- Jane Doe\n- John Smith\n"),
		ok("MAINTAINERS.md", "| Name | GitHub | Area |\n|---|---|---|\n| Ada Lovelace | | engines |\n"),
		ok("MAINTAINERS.md", "1. [Zoë Ødegård](https://acme.org/zoe) — docs\n"),
		ok("MAINTAINERS.md", "- Ludwig van Beethoven\n"),
		ok("MAINTAINERS.md", "- 张伟 (docs)\n"),
		no("CODEOWNERS.md", "# Owners\n\n* @OWNER/maintainers\n* @org/team\n", 0, "names no maintainer"),
		ok("maintainers.yml", "- name: Jane Doe\n  email: jane@acme.org\n"),
		ok("docs/MAINTAINERS.md", "See https://github.com/janedoe for the lead.\n"),
		ok("CODEOWNERS.md", "# Code owners\n\nThe parser is owned by **Grace Hopper**, the CLI by @linus.\n"),
		ok(".github/CODEOWNERS", "* @acme/maintainers\n"),
		// Kubernetes OWNERS.
		ok("OWNERS", "approvers:\n  - alice\nreviewers:\n  - bob\n"),
		ok("OWNERS.yaml", "filters:\n  \".*\":\n    approvers:\n      - sig-docs-approvers\n"),
		ok("OWNERS", "# Chromium style\nalice@acme.org\nbob@acme.org\n"),
		no("OWNERS", "approvers: []\nreviewers:\n", 0, "lists are empty"),
		no("OWNERS", "emeritus_approvers:\n  - old\nmaintainers: []\n", 0, "lists are empty"),
		// Nobody named.
		no("MAINTAINERS.md", "# Maintainers\n\n| Name | GitHub |\n|------|--------|\n", 0, "names no maintainer"),
		no("MAINTAINERS.md", "# Maintainers\n\n- \n- \n*\n", 0, "names no maintainer"),
		no("MAINTAINERS.md", "# Maintainers\n\nThe maintainers review pull requests.\n\n- Code Review\n- Release Management\n", 0, "names no maintainer"),
		no("MAINTAINERS.md", "Ask @username or write to someone@example.com.\n", 0, "names no maintainer"),
		no("MAINTAINERS.md", "## Areas\n\n- Bug Reports\n- Continuous Integration\n- Steering Committee\n", 0, "names no maintainer"),
		no("MAINTAINERS.md", "<!-- list the maintainers, e.g. @octocat, Jane Doe <jane@acme.org> -->\n# Maintainers\n", 0, "names no maintainer"),
		// Templates.
		no("MAINTAINERS.md", "# Maintainers\n\n{% for m in maintainers %}\n- {{ m.name }}\n{% endfor %}\n", 3, tmpl+" (line 3)"),
		no("MAINTAINERS.md", "# {{ cookiecutter.project_name }} maintainers\n\n- @alice\n", 1, tmpl+" (line 1)"),
		no("CODEOWNERS.md", "# Code owners\n\n- {Git usernames of the owners…}\n", 3, tmpl+" (line 3)"),
		no("MAINTAINERS.md", "- [INSERT NAME]\n", 1, tmpl),
		no("MAINTAINERS.md", "| Name | Email |\n|---|---|\n| <your name> | <your email> |\n", 3, tmpl),
		// Preference: the file that names people; MAINTAINERS over CODEOWNERS.md.
		tc{name: "names people wins over an empty list", files: map[string]string{
			"MAINTAINERS.md": "# Maintainers\n\n- \n", "CODEOWNERS.md": "- @alice\n", ".github/CODEOWNERS.md": "- {Name}\n"},
			want: Pass, path: "CODEOWNERS.md"},
		tc{name: "MAINTAINERS preferred", files: map[string]string{
			".github/CODEOWNERS.md": "- @bob\n", "MAINTAINERS.md": "- @alice\n"}, want: Pass, path: "MAINTAINERS.md"},
		tc{name: "OWNERS before CODEOWNERS", files: map[string]string{
			".github/CODEOWNERS": "* @bob\n", "OWNERS": "approvers:\n- alice\n"}, want: Pass, path: "OWNERS"},
		tc{name: "nobody anywhere: the preferred failure", files: map[string]string{
			"CODEOWNERS.md": "- {Name}\n", "MAINTAINERS.md": "# Maintainers\n"}, want: Fail, path: "MAINTAINERS.md", msg: "names no maintainer"},
		tc{name: "not owners.go", files: map[string]string{"owners.go": people}, want: Fail, path: "MAINTAINERS.md"},
	)
	runCases(t, Maintainers, cs)
}

func TestUnfilledTemplate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want placeholder
	}{
		{"Report to conduct@acme.org\n", placeholder{}},
		{"x\nreported at [INSERT CONTACT METHOD].\n", placeholder{2, "[INSERT CONTACT METHOD]"}},
		{"{% if x %}\n", placeholder{1, "{% if x %}"}},
		{"Author: {{cookiecutter.full_name}}\n", placeholder{1, "{{cookiecutter.full_name}}"}},
		{"- {Git usernames of maintainers…}\n", placeholder{1, "{Git usernames of maintainers…}"}},
		{"- {Name}\n", placeholder{1, "{Name}"}},
		{"Mail ${SECURITY_EMAIL}\n", placeholder{1, "${SECURITY_EMAIL}"}},
		{"Write to <your email address>\n", placeholder{1, "<your email address>"}},
		{"Files *.{js,ts} and {x}\n", placeholder{}},
		{"<!-- replace {Name} with yours\n and [INSERT EMAIL] -->\nDone: jane@acme.org\n", placeholder{}},
		{"a <!-- c --> {{ x }}\n", placeholder{1, "{{ x }}"}},
	} {
		if diff := cmp.Diff(tt.want, unfilledTemplate([]byte(tt.in))); diff != "" {
			t.Errorf("unfilledTemplate(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// Every contact rule uses the same placeholder check.
func TestContactTemplates(t *testing.T) {
	for _, r := range []Rule{CodeOfConductContact, SecurityPolicyContact} {
		file := map[string]string{"code-of-conduct-contact": "CODE_OF_CONDUCT.md", "security-policy-contact": "SECURITY.md"}[r.ID]
		runCases(t, r, []tc{
			{name: "jinja", files: map[string]string{file: "Report to {{ contact_email }}.\n"}, want: Fail, path: file, line: 1, msg: "looks like an unfilled template (line 1)"},
			{name: "braces", files: map[string]string{file: "x\nReport to {Security team e-mail}\n"}, want: Fail, path: file, line: 2, msg: "looks like an unfilled template (line 2)"},
			{name: "filled", files: map[string]string{file: "<!-- was [INSERT EMAIL] -->Report to sec@acme.org\n"}, want: Pass},
		})
	}
	if strings.Contains(templateMessage("A", 2, "{x}"), "\n") {
		t.Error("multi-line message")
	}
}

// No hint ever suggests turning a human-readable CODEOWNERS.md into .github/CODEOWNERS:
// its Markdown is not CODEOWNERS syntax.
func TestNoRenameOfCodeownersMd(t *testing.T) {
	for _, body := range []string{"* @acme/maintainers\n", "# Owners\n\n- Jane Doe (@jdoe)\n", "{Name}\n"} {
		s := tc{files: map[string]string{"CODEOWNERS.md": body}}.snapshot()
		for _, r := range All() {
			res := r.Check(t.Context(), s, Options{})
			texts := []string{res.Message, res.Remediation}
			for _, f := range res.Findings {
				texts = append(texts, f.Message)
			}
			for _, x := range texts {
				if strings.Contains(strings.ToLower(x), "rename") && strings.Contains(x, "CODEOWNERS") {
					t.Errorf("%s on CODEOWNERS.md %q suggests a rename: %q", r.ID, body, x)
				}
			}
		}
	}
}

func FuzzMaintainers(f *testing.F) {
	for _, s := range []string{people, "approvers:\n- a\n", "| A | B |\n|---|---|\n| Jane Doe | x |\n", "<!-- x\n{{ y }}", "filters:\n  x:\n    reviewers: [a]\n"} {
		f.Add("OWNERS", s)
		f.Add("MAINTAINERS.md", s)
	}
	f.Fuzz(func(t *testing.T, name, body string) {
		lines := strings.Count(body, "\n") + 1
		if w := namesSomeone(name, []byte(body)); w.Line < 0 || w.Line > lines || (w.Line > 0 && w.Text == "") {
			t.Errorf("namesSomeone(%q) = %+v (%d lines)", body, w, lines)
		}
		if p := unfilledTemplate([]byte(body)); p.Line < 0 || p.Line > lines || (p.Line > 0 && p.Text == "") {
			t.Errorf("unfilledTemplate(%q) = %+v", body, p)
		}
	})
}
