package rules

import (
	"testing"

	"github.com/repogov/repogov/repo"
)

// GitLab's conventions (specs/gitlab-api.md §8): where CODEOWNERS and description
// templates live, with GitLab's precedence and syntax.

var onGitLabMeta = repo.Meta{Host: "gitlab.example", Forge: "gitlab", Owner: "gov", Name: "portal", FullName: "gov/portal"}

func TestGitLabCodeowners(t *testing.T) {
	sections := "[Docs] @gov/docs\ndocs/\n^[Security][2] @gov/health/security\nSECURITY.md\n[Roles]\n/ci/ @@maintainer\n"
	runCases(t, Codeowners, []tc{
		{name: ".gitlab/CODEOWNERS with sections", meta: onGitLabMeta, files: map[string]string{".gitlab/CODEOWNERS": sections},
			want: Pass, path: ".gitlab/CODEOWNERS", msg: "3 rules"},
		{name: "root wins over docs/ and .gitlab/", meta: onGitLabMeta,
			files: map[string]string{"CODEOWNERS": "* @a\n", "docs/CODEOWNERS": "* @b\n", ".gitlab/CODEOWNERS": "* @c\n"},
			want:  Pass, path: "CODEOWNERS", note: "shadowed by CODEOWNERS: GitLab uses only the first"},
		{name: "docs/ wins over .gitlab/", meta: onGitLabMeta,
			files: map[string]string{"docs/CODEOWNERS": "* @b\n", ".gitlab/CODEOWNERS": "[x\n"}, want: Pass, path: "docs/CODEOWNERS"},
		{name: ".github/ is ignored on GitLab", meta: onGitLabMeta, files: map[string]string{".github/CODEOWNERS": "* @a\n"},
			want: Fail, path: ".gitlab/CODEOWNERS", note: "GitLab ignores .github/CODEOWNERS"},
		{name: "a line without owners and no section default", meta: onGitLabMeta, files: map[string]string{".gitlab/CODEOWNERS": "[Docs]\ndocs/\n"},
			want: Fail, path: ".gitlab/CODEOWNERS", line: 2, msg: "GitLab ignores them"},
		{name: "local clone of a GitLab project", meta: repo.Meta{Name: "portal", FullName: "portal", URL: "git@gitlab.com:gov/portal.git"},
			files: map[string]string{".gitlab/CODEOWNERS": sections}, want: Pass, path: ".gitlab/CODEOWNERS"},
		{name: "GitHub still ignores .gitlab/", files: map[string]string{".gitlab/CODEOWNERS": "* @a\n"}, want: Fail, path: ".github/CODEOWNERS"},
	})
}

func TestGitLabTemplates(t *testing.T) {
	runCases(t, IssueTemplates, []tc{
		{name: "issue template", meta: onGitLabMeta, files: map[string]string{".gitlab/issue_templates/Bug.md": "## Summary\n"},
			want: Pass, path: ".gitlab/issue_templates/Bug.md"},
		{name: "Default.md first", meta: onGitLabMeta, files: map[string]string{".gitlab/issue_templates/Bug.md": "x", ".gitlab/issue_templates/Default.md": "y"},
			want: Pass, path: ".gitlab/issue_templates/Default.md"},
		{name: "only Markdown counts", meta: onGitLabMeta, files: map[string]string{".gitlab/issue_templates/bug.yml": "name: x\n"},
			want: Fail, path: ".gitlab/issue_templates/Default.md"},
		{name: "subfolders do not count", meta: onGitLabMeta, files: map[string]string{".gitlab/issue_templates/old/Bug.md": "x"},
			want: Fail, path: ".gitlab/issue_templates/Default.md"},
		{name: "GitHub's folder is ignored on GitLab", meta: onGitLabMeta, files: map[string]string{".github/ISSUE_TEMPLATE/bug.md": "x"},
			want: Fail, note: "GitLab ignores GitHub's .github/ISSUE_TEMPLATE/bug.md"},
		{name: "inherited from the defaults project", meta: onGitLabMeta, files: map[string]string{"README.md": "x"},
			org: map[string]string{".gitlab/issue_templates/Default.md": "y"}, want: Inherited, path: ".gitlab/issue_templates/Default.md"},
	})
	runCases(t, PullRequestTemplate, []tc{
		{name: "merge request template", meta: onGitLabMeta, files: map[string]string{".gitlab/merge_request_templates/Default.md": "## What\n"},
			want: Pass, path: ".gitlab/merge_request_templates/Default.md"},
		{name: "GitHub's template is ignored on GitLab", meta: onGitLabMeta, files: map[string]string{".github/pull_request_template.md": "x"},
			want: Fail, path: ".gitlab/merge_request_templates/Default.md", note: "GitLab ignores GitHub's .github/pull_request_template.md"},
	})
}
