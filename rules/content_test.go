package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/repo"
)

const longReadme = "# Alpha\n\nAlpha turns governance files into reports. Install it with go install, then run alpha scan.\n"

func TestReadme(t *testing.T) {
	cs := presenceCases("README", "README.md", false)
	for i := range cs {
		if cs[i].want == Pass && cs[i].maxRead == 0 {
			// The shared cases write one line; a README needs more.
			for k, v := range cs[i].files {
				if v == text {
					cs[i].files[k] = longReadme
				}
			}
		}
	}
	cs = append(cs,
		tc{name: "title only", files: map[string]string{"README.md": "# Alpha\n\n"}, want: Fail, path: "README.md", msg: "only a title"},
		tc{name: "too short", files: map[string]string{"README.md": "# Alpha\n\nA tool.\n"}, want: Fail, path: "README.md", line: 1, msg: "under the minimum of 64"},
		tc{name: "min-size option", files: map[string]string{"README.md": "# Alpha\n\nA tool.\n"}, opts: Options{Params: map[string]any{"min-size": 10}}, want: Pass},
		tc{name: "one long line", files: map[string]string{"README": strings.Repeat("Alpha does things. ", 5)}, want: Pass},
		tc{name: "one long heading", files: map[string]string{"README.md": "# " + strings.Repeat("Alpha ", 20)}, want: Fail, msg: "only a title"},
		tc{name: "long enough", files: map[string]string{"readme.rst": longReadme}, want: Pass, path: "readme.rst"},
		tc{name: "profile README of .github is no default", files: map[string]string{}, org: map[string]string{"profile/README.md": longReadme, "README.md": longReadme}, want: Fail, path: "README.md"},
	)
	runCases(t, Readme, cs)
}

func TestFindContact(t *testing.T) {
	tests := []struct {
		in         string
		advisories bool
		want       contact
		ph         int
	}{
		{in: "Report to conduct@acme.org.\n", want: contact{1, "email", "conduct@acme.org"}},
		{in: "x\n[mail us](mailto:coc@acme.org)\n", want: contact{2, "email", "coc@acme.org"}},
		{in: "Write to conduct [at] acme [dot] org\n", want: contact{1, "email", "conduct [at] acme [dot] org"}},
		{in: "Write to conduct (at) acme.org\n", want: contact{1, "email", "conduct (at) acme.org"}},
		{in: "Use https://acme.org/report, thanks.\n", want: contact{1, "url", "https://acme.org/report"}},
		{in: "Adapted from https://www.contributor-covenant.org/version/2/1/code_of_conduct.html\n"},
		{in: "Contact someone@example.com\n"},
		{in: "Clone git@github.com:acme/alpha.git; bot 41898282+bot@users.noreply.github.com\n"},
		{in: "Mail Security@Acme.org\n", want: contact{1, "email", "Security@Acme.org"}},
		{in: "look at this\n"},
		{in: "reported to the community leaders responsible for enforcement at\n[INSERT CONTACT METHOD].\n", ph: 2},
		{in: "Email [INSERT EMAIL ADDRESS] or conduct@acme.org\n", want: contact{1, "email", "conduct@acme.org"}, ph: 1},
		{in: "See https://github.com/acme/alpha/security/advisories/new\n", advisories: true, want: contact{1, "advisories", "/security/advisories"}},
		{in: "We use private vulnerability reporting.\n", advisories: true, want: contact{1, "advisories", "private vulnerability reporting"}},
		{in: "We use private vulnerability reporting.\n"},
		{in: "Read https://docs.github.com/en/code-security\n", advisories: true},
	}
	for _, tt := range tests {
		c, ph := findContact([]byte(tt.in), tt.advisories)
		if diff := cmp.Diff(tt.want, c); diff != "" {
			t.Errorf("findContact(%q) (-want +got):\n%s", tt.in, diff)
		}
		if ph.Line != tt.ph {
			t.Errorf("findContact(%q) placeholder line = %d, want %d", tt.in, ph.Line, tt.ph)
		}
	}
}

const covenant = "# Contributor Covenant Code of Conduct\n\nInstances may be reported to the community leaders responsible for enforcement at\n[INSERT CONTACT METHOD].\nAll complaints will be reviewed.\n\nThis Code of Conduct is adapted from the [Contributor Covenant](https://www.contributor-covenant.org).\n"

func contactCases(name, expected string) []tc {
	with := "How to report: conduct@acme.org\n"
	return []tc{
		{name: "absent is not applicable", files: map[string]string{}, want: NotApplicable},
		{name: "email", files: map[string]string{name + ".md": "x\n" + with}, want: Pass, msg: name + ".md:2"},
		{name: "in docs", files: map[string]string{"docs/" + strings.ToLower(name) + ".rst": with}, want: Pass},
		{name: "no contact", files: map[string]string{name + ".md": "Be nice.\n"}, want: Fail, path: name + ".md", line: 1},
		{name: "unfilled covenant", files: map[string]string{name + ".md": covenant}, want: Fail, path: name + ".md", line: 4, msg: "[INSERT CONTACT METHOD]"},
		{name: "tabs and spaces", files: map[string]string{name + ".md": "Mail\tconduct@acme.org\n"}, want: Pass},
		{name: "empty", files: map[string]string{name + ".md": ""}, want: Fail, path: name + ".md"},
		{name: "binary", files: map[string]string{name + ".md": "\x00conduct@acme.org"}, want: Fail, path: name + ".md"},
		{name: "over the read cap", files: map[string]string{name + ".md": strings.Repeat(with, 10)}, maxRead: 20, want: StatusError},
		{name: "directory with the name", files: map[string]string{name + ".md/": ""}, want: NotApplicable},
		{name: "inherited with contact", files: map[string]string{}, org: map[string]string{".github/" + name + ".md": with}, want: Inherited, msg: "acme/.github:.github/" + name + ".md:1"},
		{name: "inherited without contact", files: map[string]string{}, org: map[string]string{name + ".md": covenant}, want: Fail, path: expected, msg: "acme/.github:" + name + ".md"},
		{name: "own file read, not the org's", files: map[string]string{name + ".md": "Be nice.\n"}, org: map[string]string{name + ".md": with}, want: Fail, path: name + ".md"},
	}
}

func TestCodeOfConductContact(t *testing.T) {
	runCases(t, CodeOfConductContact, append(contactCases("CODE_OF_CONDUCT", "CODE_OF_CONDUCT.md"),
		tc{name: "covenant link only", files: map[string]string{"CODE_OF_CONDUCT.md": "Adapted from https://www.contributor-covenant.org/\n"}, want: Fail},
		tc{name: "obfuscated address", files: map[string]string{"CODE_OF_CONDUCT.md": "Write to conduct [at] acme [dot] org\n"}, want: Pass},
		tc{name: "reporting form", files: map[string]string{"CODE_OF_CONDUCT.md": "Use https://forms.acme.org/conduct\n"}, want: Pass},
	))
}

func TestSecurityPolicyContact(t *testing.T) {
	runCases(t, SecurityPolicyContact, append(contactCases("SECURITY", "SECURITY.md"),
		tc{name: "advisories page", files: map[string]string{"SECURITY.md": "Report at https://github.com/acme/alpha/security/advisories/new\n"}, want: Pass, msg: "advisories"},
		tc{name: "private vulnerability reporting", files: map[string]string{".github/SECURITY.md": "Use GitHub's private vulnerability reporting.\n"}, want: Pass},
		tc{name: "placeholder address", files: map[string]string{"SECURITY.md": "Mail [INSERT EMAIL ADDRESS].\n"}, want: Fail, line: 1},
		tc{name: "documentation link only", files: map[string]string{"SECURITY.md": "See https://docs.github.com/en/code-security\n"}, want: Fail},
	))
}

func TestCodeowners(t *testing.T) {
	const ok = "# owners\n* @acme/maintainers\n"
	runCases(t, Codeowners, []tc{
		{name: ".github", files: map[string]string{".github/CODEOWNERS": ok}, want: Pass, path: ".github/CODEOWNERS"},
		{name: "root", files: map[string]string{"CODEOWNERS": ok}, want: Pass, path: "CODEOWNERS"},
		{name: "docs", files: map[string]string{"docs/CODEOWNERS": ok}, want: Pass, path: "docs/CODEOWNERS"},
		{name: "absent", files: map[string]string{}, want: Fail, path: ".github/CODEOWNERS"},
		{name: "never inherited", files: map[string]string{}, org: map[string]string{".github/CODEOWNERS": ok}, want: Fail, path: ".github/CODEOWNERS"},
		{name: "CODEOWNERS.md does not count", files: map[string]string{"CODEOWNERS.md": ok}, want: Fail, path: ".github/CODEOWNERS", note: "ignores CODEOWNERS.md"},
		{name: "code_owners.txt in CODEOWNERS syntax: rename", files: map[string]string{"code_owners.txt": ok}, want: Fail, path: ".github/CODEOWNERS", note: "rename it to .github/CODEOWNERS"},
		{name: "code_owners.txt in prose: no rename", files: map[string]string{"code_owners.txt": "The parser is owned by Grace Hopper.\n"}, want: Fail, path: ".github/CODEOWNERS", note: "add .github/CODEOWNERS"},
		{name: "other casing with a note", files: map[string]string{"codeowners": ok}, want: Pass, path: "codeowners", note: "exact name"},
		{name: "shadowed copies", files: map[string]string{".github/CODEOWNERS": ok, "CODEOWNERS": ok, "docs/CODEOWNERS": ok}, want: Pass, path: ".github/CODEOWNERS", note: "shadowed by .github/CODEOWNERS"},
		{name: "first found is validated", files: map[string]string{".github/CODEOWNERS": "*.go\n", "CODEOWNERS": ok}, want: Fail, path: ".github/CODEOWNERS", line: 1},
		{name: "bad lines", files: map[string]string{".github/CODEOWNERS": ok + "/docs/\n*.js octocat\n"}, want: Fail, path: ".github/CODEOWNERS", line: 3, msg: "2 invalid line(s)"},
		{name: "comments only", files: map[string]string{"CODEOWNERS": "# TODO\n"}, want: Fail, path: "CODEOWNERS", msg: "no owners"},
		{name: "empty", files: map[string]string{"CODEOWNERS": ""}, want: Fail, path: "CODEOWNERS", msg: "empty"},
		{name: "binary", files: map[string]string{"CODEOWNERS": "*\x00 @a"}, want: Fail, path: "CODEOWNERS", msg: "not a text file"},
		{name: "directory with the name", files: map[string]string{"CODEOWNERS/": ""}, want: Fail, path: ".github/CODEOWNERS", note: "not a file"},
		{name: "over the read cap", files: map[string]string{"CODEOWNERS": strings.Repeat(ok, 10)}, maxRead: 20, want: StatusError},
		{name: "3 MB or more", files: map[string]string{"CODEOWNERS": strings.Repeat("x", 3<<20)}, maxRead: 4 << 20, want: Fail, path: "CODEOWNERS", msg: "3 MB"},
	})
}

func TestCodeownersFindingKeys(t *testing.T) {
	s := repo.FromMap(repo.Meta{Name: "alpha"}, map[string]string{"CODEOWNERS": "* @a\n/x\n/x\n*.js bad\n"})
	got := Codeowners.Check(t.Context(), s, Options{})
	want := []Finding{
		{Path: "CODEOWNERS", Line: 2, Column: 1, Message: "pattern /x has no owner", Key: "/x#1"},
		{Path: "CODEOWNERS", Line: 3, Column: 1, Message: "pattern /x has no owner", Key: "/x#2"},
		{Path: "CODEOWNERS", Line: 4, Column: 6, Message: "invalid owner bad (want @user, @org/team or an e-mail address)", Key: "*.js bad#1"},
	}
	if diff := cmp.Diff(want, got.Findings); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestChangelog(t *testing.T) {
	cs := presenceCases("CHANGELOG", "CHANGELOG.md", false)
	kept := cs[:0]
	for _, c := range cs {
		// changelog is looked for in the root and docs/ only.
		if !strings.Contains(c.name, ".github") {
			kept = append(kept, c)
		}
	}
	ok := func(name string) tc {
		return tc{name: name, files: map[string]string{name: text}, want: Pass, path: name}
	}
	runCases(t, Changelog, append(kept,
		ok("HISTORY.md"), ok("NEWS"), ok("Releases.rst"), ok("RELEASE_NOTES.md"), ok("docs/release-notes.md"), ok("CHANGES.txt"),
		tc{name: ".github not searched", files: map[string]string{".github/CHANGELOG.md": text}, want: Fail, path: "CHANGELOG.md", note: "move .github/CHANGELOG.md"},
		tc{name: "generator script", files: map[string]string{"changelog-generator.js": text}, want: Fail, path: "CHANGELOG.md"},
		tc{name: "fragments", files: map[string]string{"changelog.d/123.feature.md": text}, want: Pass, path: "changelog.d"},
		tc{name: "empty fragments directory", files: map[string]string{"changelog/": ""}, want: Fail, path: "CHANGELOG.md"},
	))
}

func TestIssueTemplates(t *testing.T) {
	const form = "name: Bug\ndescription: report a bug\nbody: []\n"
	org := map[string]string{".github/ISSUE_TEMPLATE/bug.yml": form}
	const exp = ".github/ISSUE_TEMPLATE/config.yml"
	runCases(t, IssueTemplates, []tc{
		{name: "form", files: map[string]string{".github/ISSUE_TEMPLATE/bug.yml": form}, want: Pass, path: ".github/ISSUE_TEMPLATE/bug.yml"},
		{name: "markdown template", files: map[string]string{".github/ISSUE_TEMPLATE/config.yml": "", ".github/ISSUE_TEMPLATE/feature.md": "---\nname: x\n---\n"}, want: Pass, path: ".github/ISSUE_TEMPLATE/feature.md"},
		{name: "absent", files: map[string]string{}, want: Fail, path: exp},
		{name: "config only", files: map[string]string{".github/ISSUE_TEMPLATE/config.yml": "blank_issues_enabled: false\n"}, want: Fail, path: exp, msg: "disables"},
		{name: "config only disables the org defaults", files: map[string]string{".github/ISSUE_TEMPLATE/config.yml": "x: 1\n"}, org: org, want: Fail, path: exp},
		{name: "inherited", files: map[string]string{}, org: org, want: Inherited, path: ".github/ISSUE_TEMPLATE/bug.yml"},
		{name: "inherited from org root folder", files: map[string]string{}, org: map[string]string{"ISSUE_TEMPLATE/bug.md": "x"}, want: Inherited},
		{name: "empty own folder inherits", files: map[string]string{".github/ISSUE_TEMPLATE/": ""}, org: org, want: Inherited},
		{name: "private org", files: map[string]string{}, org: org, orgVis: "private", want: Fail, path: exp},
		{name: "the .github repository itself", self: true, files: map[string]string{}, org: org, want: Fail, path: exp},
		{name: "legacy root file", files: map[string]string{"ISSUE_TEMPLATE.md": text}, want: Pass, path: "ISSUE_TEMPLATE.md"},
		{name: "legacy .github file", files: map[string]string{".github/issue_template.md": text}, want: Pass},
		{name: "legacy docs folder", files: map[string]string{"docs/ISSUE_TEMPLATE/bug.md": text}, want: Pass, path: "docs/ISSUE_TEMPLATE/bug.md"},
		{name: "other files do not count", files: map[string]string{".github/ISSUE_TEMPLATE/notes.txt": text}, want: Fail, path: exp},
	})
}

func TestPullRequestTemplate(t *testing.T) {
	const exp = ".github/pull_request_template.md"
	org := map[string]string{".github/PULL_REQUEST_TEMPLATE.md": text}
	runCases(t, PullRequestTemplate, []tc{
		{name: ".github", files: map[string]string{".github/pull_request_template.md": text}, want: Pass, path: ".github/pull_request_template.md"},
		{name: "root upper case", files: map[string]string{"PULL_REQUEST_TEMPLATE.md": text}, want: Pass},
		{name: "docs txt", files: map[string]string{"docs/pull_request_template.txt": text}, want: Pass},
		{name: "folder", files: map[string]string{".github/PULL_REQUEST_TEMPLATE/feature.md": text}, want: Pass, path: ".github/PULL_REQUEST_TEMPLATE"},
		{name: "empty folder", files: map[string]string{".github/PULL_REQUEST_TEMPLATE/": ""}, want: Fail, path: exp},
		{name: "rst does not count", files: map[string]string{"pull_request_template.rst": text}, want: Fail, path: exp},
		{name: "absent", files: map[string]string{}, want: Fail, path: exp},
		{name: "empty", files: map[string]string{".github/pull_request_template.md": ""}, want: Fail, path: ".github/pull_request_template.md"},
		{name: "binary", files: map[string]string{".github/pull_request_template.md": "\x00"}, want: Fail},
		{name: "over the read cap", files: map[string]string{".github/pull_request_template.md": text}, maxRead: 5, want: Pass},
		{name: "directory with the name", files: map[string]string{".github/pull_request_template.md/": ""}, want: Fail, path: exp, note: "not a file"},
		{name: "wrong case", files: map[string]string{".github/Pull_Request_Template.MD": text}, want: Pass},
		{name: "inherited", files: map[string]string{}, org: org, want: Inherited, path: ".github/PULL_REQUEST_TEMPLATE.md"},
		{name: "inherited folder", files: map[string]string{}, org: map[string]string{"docs/PULL_REQUEST_TEMPLATE/a.md": text}, want: Inherited, path: "docs/PULL_REQUEST_TEMPLATE"},
		{name: "own folder wins", files: map[string]string{"PULL_REQUEST_TEMPLATE/a.md": text}, org: org, want: Pass},
		{name: "private org", files: map[string]string{}, org: org, orgVis: "internal", want: Fail, path: exp},
	})
}

func TestPubliccodeYml(t *testing.T) {
	const y = "publiccodeYmlVersion: \"0.4\"\nname: alpha\n"
	runCases(t, PubliccodeYml, []tc{
		{name: "root", files: map[string]string{"publiccode.yml": y}, want: Pass, path: "publiccode.yml"},
		{name: "absent", files: map[string]string{}, want: Fail, path: "publiccode.yml"},
		{name: "yaml extension", files: map[string]string{"publiccode.yaml": y}, want: Fail, path: "publiccode.yml", note: "rename publiccode.yaml"},
		{name: "wrong case", files: map[string]string{"PublicCode.yml": y}, want: Fail, path: "publiccode.yml", note: "rename PublicCode.yml"},
		{name: "docs folder", files: map[string]string{"docs/publiccode.yml": y}, want: Fail, path: "publiccode.yml", note: "rename docs/publiccode.yml"},
		{name: "empty", files: map[string]string{"publiccode.yml": ""}, want: Fail, path: "publiccode.yml"},
		{name: "binary", files: map[string]string{"publiccode.yml": "\x00"}, want: Fail, path: "publiccode.yml"},
		{name: "over the read cap", files: map[string]string{"publiccode.yml": y}, maxRead: 5, want: Pass},
		{name: "directory", files: map[string]string{"publiccode.yml/": ""}, want: Fail, path: "publiccode.yml"},
		{name: "never inherited", files: map[string]string{}, org: map[string]string{"publiccode.yml": y}, want: Fail, path: "publiccode.yml"},
	})
}

func TestHostMetadata(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	hosted := func(f func(*repo.Meta)) repo.Meta {
		m := repo.Meta{Host: "github.com", Owner: "acme", Name: "alpha", FullName: "acme/alpha",
			Description: "Alpha does things", Topics: []string{"governance"}, PushedAt: now.AddDate(0, -1, 0)}
		if f != nil {
			f(&m)
		}
		return m
	}
	local := repo.Meta{Name: "alpha", FullName: "./alpha"}
	readme := map[string]string{"docs/README.md": longReadme}
	t.Run("description", func(t *testing.T) {
		runCases(t, RepositoryDescription, []tc{
			{name: "set", meta: hosted(nil), want: Pass},
			{name: "missing, README found", files: readme, meta: hosted(func(m *repo.Meta) { m.Description = "  " }), want: Fail, path: "docs/README.md"},
			{name: "missing, no README", meta: hosted(func(m *repo.Meta) { m.Description = "" }), want: Fail, path: "README.md"},
			{name: "local", meta: local, want: NotApplicable},
		})
	})
	t.Run("topics", func(t *testing.T) {
		runCases(t, RepositoryTopics, []tc{
			{name: "set", meta: hosted(nil), want: Pass},
			{name: "missing", meta: hosted(func(m *repo.Meta) { m.Topics = nil }), want: Fail, path: "README.md"},
			{name: "local", meta: local, want: NotApplicable},
		})
	})
	t.Run("inactive", func(t *testing.T) {
		old := func(m *repo.Meta) { m.PushedAt = now.AddDate(-2, 0, 0) }
		runCases(t, Inactive, []tc{
			{name: "recent push", meta: hosted(nil), opts: Options{Now: now}, want: Pass},
			{name: "old push", meta: hosted(old), opts: Options{Now: now}, want: Fail, path: "README.md", msg: "No push for 730 days"},
			{name: "days option", meta: hosted(nil), opts: Options{Now: now, Params: map[string]any{"days": 7}}, want: Fail},
			{name: "archived", meta: hosted(func(m *repo.Meta) { old(m); m.Archived = true }), opts: Options{Now: now}, want: NotApplicable},
			{name: "push date unknown", meta: hosted(func(m *repo.Meta) { m.PushedAt = time.Time{} }), want: NotApplicable},
			{name: "local", meta: local, want: NotApplicable},
		})
	})
}
