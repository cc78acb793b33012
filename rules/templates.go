package rules

import (
	"context"
	"fmt"
	"path"
	"strings"

	"github.com/repogov/repogov/repo"
)

// Issue and pull request templates, in GitHub's locations. Both may come from the
// organization's .github repository; issue templates all or nothing (docs/governance-files.md §1, §3).

// IssueTemplates: issues start from templates or forms.
var IssueTemplates = Rule{
	ID:    "issue-templates",
	Title: "Issue templates guide reporters",
	Doc: "Issue templates and forms ask reporters for what maintainers need (version, steps to reproduce, expected behaviour) and route questions and security reports elsewhere, which saves triage time.\n\n" +
		"Add at least one template (`*.md` with front matter) or issue form (`*.yml`) to `.github/ISSUE_TEMPLATE/`, optionally with `config.yml`; guide: https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/configuring-issue-templates-for-your-repository. " +
		"The legacy single `issue_template.md` (root, `docs/` or `.github/`) and an `ISSUE_TEMPLATE/` folder in the root or `docs/` count too. " +
		"The organization's `.github` repository supplies default templates only to repositories without files of their own in `.github/ISSUE_TEMPLATE/`: a repository whose folder holds only `config.yml` disables the defaults without offering a template, and fails.\n\n" +
		"On GitLab, issue templates are the Markdown files directly in `.gitlab/issue_templates/` (`Default.md` pre-fills new issues); GitHub's folders do not count there. A project given with `--org-defaults gitlab:GROUP/PROJECT` (as GitLab Premium's group templates project) supplies them as `inherited`.",
	HelpURL:   DocsURL + "#issue-templates",
	Severity:  Note,
	Default:   true,
	Tags:      []string{"community", "standard-for-public-code", "spc:make-contributing-easy"},
	Inherits:  true,
	Precision: "very-high",
	Expected:  ".github/ISSUE_TEMPLATE/config.yml",
	Reads:     append(legacyIssueTemplate.reads(), "{.github/,,docs/}ISSUE_TEMPLATE/*", gitlabIssueTemplates+"/*.md"),
	Check:     checkIssueTemplates,
}

var legacyIssueTemplate = fileSpec{names: []string{"ISSUE_TEMPLATE"}, onlyExts: []string{".md", ".txt"}, dirs: githubDirs}

// issueTemplates looks for s's own templates. It returns the template used, and whether
// .github/ISSUE_TEMPLATE/ holds any file (which disables the organization's defaults).
func issueTemplates(ctx context.Context, s *repo.Snapshot) (found string, ownFolder bool) {
	for _, f := range folders(s, []string{".github"}) {
		if t, any := templateIn(s, f.path); t != "" {
			return t, true
		} else if any {
			ownFolder = true
		}
	}
	if hits, _ := search(ctx, s, legacyIssueTemplate); len(hits) > 0 {
		return hits[0].Path, ownFolder
	}
	for _, f := range folders(s, rootDocs) {
		if t, _ := templateIn(s, f.path); t != "" {
			return t, ownFolder
		}
	}
	return "", ownFolder
}

// templateIn looks in dir/ISSUE_TEMPLATE/ (any case) for a template other than config.yml.
func templateIn(s *repo.Snapshot, dir string) (template string, anyFile bool) {
	for _, d := range s.ReadDir(dir) {
		if d.Kind != repo.Dir || !strings.EqualFold(d.Name(), "ISSUE_TEMPLATE") {
			continue
		}
		for _, e := range s.ReadDir(d.Path) {
			if e.Kind != repo.File && e.Kind != repo.Symlink {
				continue
			}
			anyFile = true
			name := strings.ToLower(e.Name())
			switch path.Ext(name) {
			case ".md", ".yml", ".yaml":
				if name != "config.yml" && name != "config.yaml" {
					return e.Path, true
				}
			}
		}
	}
	return "", anyFile
}

func checkIssueTemplates(ctx context.Context, s *repo.Snapshot, _ Options) Result {
	if onGitLab(s) {
		return checkGitLabTemplates(s, gitlabIssueTemplates, "issue")
	}
	t, own := issueTemplates(ctx, s)
	switch {
	case t != "":
		return Result{Status: Pass, Message: "found " + t, Facts: map[string]any{"path": t}}
	case own:
		return Result{Status: Fail,
			Message: ".github/ISSUE_TEMPLATE/ holds no template (only configuration): it disables the organization's default templates but offers none.",
			Findings: []Finding{{Path: ".github/ISSUE_TEMPLATE/config.yml", Line: 1,
				Message: "no issue template or form beside config.yml"}},
			Remediation: "Add an issue form (e.g. .github/ISSUE_TEMPLATE/bug_report.yml), or remove the folder to use the organization's defaults."}
	}
	msg := "No issue template in .github/ISSUE_TEMPLATE/ (nor a legacy issue_template.md)"
	org, why := orgDefaults(s)
	if org != nil {
		if ot, _ := issueTemplates(ctx, org); ot != "" {
			name := orgName(org) + ":" + ot
			return Result{Status: Inherited, Message: "inherited from " + name,
				Facts: map[string]any{"path": ot, "inheritedFrom": orgName(org)}}
		}
		why = "none in " + orgName(org)
	}
	if why != "" {
		msg += "; " + why
	}
	return Result{Status: Fail, Message: msg + ".",
		Findings:    []Finding{{Path: ".github/ISSUE_TEMPLATE/config.yml", Message: "issue templates are missing"}},
		Remediation: "Add an issue form such as .github/ISSUE_TEMPLATE/bug_report.yml (and config.yml), or default templates to the organization's .github repository."}
}

var prTemplateDoc = doc{name: "pull request template", expected: ".github/pull_request_template.md", inherits: true,
	spec: fileSpec{names: []string{"PULL_REQUEST_TEMPLATE"}, onlyExts: []string{".md", ".txt"}, dirs: githubDirs}}

// PullRequestTemplate: pull requests start from a template.
var PullRequestTemplate = Rule{
	ID:    "pull-request-template",
	Title: "A pull request template sets expectations",
	Doc: "A pull request template reminds contributors of the checklist (tests, documentation, changelog, sign-off) and gives reviewers a consistent description to read.\n\n" +
		"Add `.github/pull_request_template.md`; guide: https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/creating-a-pull-request-template-for-your-repository. " +
		"`pull_request_template.md` or `.txt`, in any case, in `.github/`, the root or `docs/`, or a `PULL_REQUEST_TEMPLATE/` folder holding at least one file, count. " +
		"When the repository has none, the organization's `.github` repository may supply the default (status `inherited`).\n\n" +
		"On GitLab this is a merge request template: a Markdown file directly in `.gitlab/merge_request_templates/` (`Default.md` pre-fills new merge requests); GitHub's names do not count there. A project given with `--org-defaults gitlab:GROUP/PROJECT` supplies it as `inherited`.",
	HelpURL:   DocsURL + "#pull-request-template",
	Severity:  Note,
	Default:   true,
	Tags:      []string{"community", "standard-for-public-code", "spc:make-contributing-easy"},
	Inherits:  true,
	Precision: "very-high",
	Expected:  ".github/pull_request_template.md",
	Reads:     append(prTemplateDoc.spec.reads(), "{.github/,,docs/}PULL_REQUEST_TEMPLATE/**", gitlabMRTemplates+"/*.md"),
	Check:     checkPRTemplate,
}

func checkPRTemplate(ctx context.Context, s *repo.Snapshot, _ Options) Result {
	if onGitLab(s) {
		return checkGitLabTemplates(s, gitlabMRTemplates, "merge request")
	}
	l := locate(ctx, s, prTemplateDoc.spec, false)
	if l.Hit == nil {
		if d := prTemplateFolder(s); d != "" {
			return Result{Status: Pass, Message: "found " + d + "/", Facts: map[string]any{"path": d}}
		}
		l = locate(ctx, s, prTemplateDoc.spec, true)
		if org, _ := orgDefaults(s); l.Hit == nil && org != nil {
			if d := prTemplateFolder(org); d != "" {
				return Result{Status: Inherited, Message: fmt.Sprintf("inherited from %s:%s/", orgName(org), d),
					Facts: map[string]any{"path": d, "inheritedFrom": orgName(org)}}
			}
		}
	}
	return prTemplateDoc.result(ctx, l)
}

// prTemplateFolder returns a PULL_REQUEST_TEMPLATE/ folder holding a file.
func prTemplateFolder(s *repo.Snapshot) string {
	for _, f := range folders(s, githubDirs) {
		for _, e := range s.ReadDir(f.path) {
			if e.Kind == repo.Dir && strings.EqualFold(e.Name(), "PULL_REQUEST_TEMPLATE") && hasFile(s, e.Path) {
				return e.Path
			}
		}
	}
	return ""
}

// GitLab's description templates (specs/gitlab-api.md §8.2): Markdown files directly in
// these folders of the default branch; nothing else counts on GitLab.
const (
	gitlabIssueTemplates = ".gitlab/issue_templates"
	gitlabMRTemplates    = ".gitlab/merge_request_templates"
)

// gitlabTemplate returns the first .md file directly in dir ("Default.md" first).
func gitlabTemplate(s *repo.Snapshot, dir string) string {
	found := ""
	for _, e := range s.ReadDir(dir) {
		if (e.Kind == repo.File || e.Kind == repo.Symlink) && strings.EqualFold(path.Ext(e.Name()), ".md") {
			if strings.EqualFold(e.Name(), "Default.md") {
				return e.Path
			}
			if found == "" {
				found = e.Path
			}
		}
	}
	return found
}

// checkGitLabTemplates: a project's own templates, else those of the project given as
// organization defaults (GitLab Premium's group templates project plays that part).
func checkGitLabTemplates(s *repo.Snapshot, dir, kind string) Result {
	if t := gitlabTemplate(s, dir); t != "" {
		return Result{Status: Pass, Message: "found " + t, Facts: map[string]any{"path": t}}
	}
	if org := s.OrgDefaults; org != nil {
		if t := gitlabTemplate(org, dir); t != "" {
			return Result{Status: Inherited, Message: "inherited from " + orgName(org) + ":" + t,
				Facts: map[string]any{"path": t, "inheritedFrom": orgName(org)}}
		}
	}
	msg := fmt.Sprintf("No %s template in %s/ (GitLab offers only Markdown files in that folder).", kind, dir)
	var notes []Finding
	var other []repo.Entry
	if kind == "issue" {
		other = append(s.ReadDir(".github/ISSUE_TEMPLATE"), s.ReadDir(".github/issue_template")...)
	} else {
		for _, e := range s.ReadDir(".github") {
			if strings.HasPrefix(strings.ToLower(e.Name()), "pull_request_template") {
				other = append(other, e)
			}
		}
	}
	if len(other) > 0 {
		notes = append(notes, Finding{Path: other[0].Path, Line: 1, Message: "GitLab ignores GitHub's " + other[0].Path + "; add " + dir + "/Default.md"})
	}
	return Result{Status: Fail, Message: msg,
		Findings:    append([]Finding{{Path: dir + "/Default.md", Message: kind + " templates are missing"}}, notes...),
		Remediation: fmt.Sprintf("Add %s/Default.md (it pre-fills every new %s), and more named templates beside it.", dir, kind)}
}
