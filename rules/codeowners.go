package rules

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/repogov/repogov/internal/govfile"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules/codeowners"
)

// GitHub reads exactly CODEOWNERS; we accept other casings with a note because the
// intent is plain and some hosts accept them.
var codeownersSpec = fileSpec{dirs: githubDirs, match: func(name string) bool { return strings.EqualFold(name, "CODEOWNERS") }}

// GitLab reads the first of CODEOWNERS, docs/CODEOWNERS, .gitlab/CODEOWNERS
// (specs/gitlab-api.md §8.1) and ignores .github/.
var gitlabCodeownersSpec = fileSpec{dirs: gitlabCodeownersDirs, match: codeownersSpec.match}

var gitlabCodeownersDirs = []string{"", "docs", ".gitlab"}

// Near misses GitHub ignores: CODEOWNERS.md, code_owners.txt.
var codeownersLookalike = fileSpec{dirs: githubDirs, names: []string{"CODEOWNERS"},
	match: func(name string) bool {
		return !strings.EqualFold(name, "CODEOWNERS") && fileSpec{names: []string{"CODEOWNERS"}}.matches(name)
	}}

// Codeowners: a valid CODEOWNERS file assigns reviewers.
var Codeowners = Rule{
	ID:    "codeowners",
	Title: "CODEOWNERS assigns reviewers, with valid syntax",
	Doc: "A CODEOWNERS file names who reviews changes to which paths; with branch protection it makes their review mandatory. It documents responsibility and keeps changes from being merged unreviewed.\n\n" +
		"Add `.github/CODEOWNERS` with lines of the form `PATTERN OWNER...`, owners being `@user`, `@org/team` or an e-mail address, e.g. `* @acme/maintainers`. " +
		"GitHub reads the first of `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS` and ignores the others (reported as shadowed); it ignores files of 3 MB or more, and `CODEOWNERS.md`. " +
		"Each line without an owner, with an invalid owner, or with syntax GitHub does not support (`!negation`, `[ranges]`) is a finding with its line. " +
		"A near miss (`CODEOWNERS.md`, `code_owners.txt`) is named in a finding; repogov suggests renaming it to `.github/CODEOWNERS` only when it is not Markdown and its lines already are valid CODEOWNERS syntax: a human-readable `CODEOWNERS.md` is a list for people (it counts for `maintainers`), and renamed it would be an invalid CODEOWNERS. " +
		"An organization's `.github` repository never supplies CODEOWNERS. Syntax: https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners.\n\n" +
		"On GitLab the file is read, first found wins, from `CODEOWNERS`, `docs/CODEOWNERS`, `.gitlab/CODEOWNERS` (`.github/` is ignored), with GitLab's syntax: sections `[Name]`, optional sections `^[Name]`, approval counts `[Name][2]`, default owners after a section header (lines without owners take them), `@group/subgroup` and `@@role` owners, `!path` exclusions; a line with neither owners nor section defaults is a finding. Syntax: https://docs.gitlab.com/user/project/codeowners/reference/.",
	HelpURL:   DocsURL + "#codeowners",
	Severity:  Warning,
	Default:   true,
	Tags:      []string{"maintenance", "standard-for-public-code", "spc:require-review-of-contributions"},
	Precision: "very-high",
	Expected:  ".github/CODEOWNERS",
	Reads:     govfile.Globs(append(slices.Clone(githubDirs), ".gitlab"), "CODE_OWNERS"), // CODEOWNERS and its look-alikes, GitLab's folder too
	Check:     checkCodeowners,
}

func checkCodeowners(ctx context.Context, s *repo.Snapshot, _ Options) Result {
	if onGitLab(s) {
		return checkGitLabCodeowners(ctx, s)
	}
	l := locate(ctx, s, codeownersSpec, false)
	if l.Hit == nil {
		notes := l.Notes
		if alike, _ := search(ctx, s, codeownersLookalike); len(alike) > 0 {
			notes = append(notes, lookalikeNote(ctx, s, alike[0]))
		}
		return Result{Status: Fail, Message: "No CODEOWNERS file in " + where(githubDirs) + ".",
			Findings:    append([]Finding{{Path: ".github/CODEOWNERS", Message: "CODEOWNERS is missing"}}, notes...),
			Remediation: "Add .github/CODEOWNERS, e.g. `* @OWNER/maintainers`."}
	}
	p := l.Hit.Path
	notes := l.Notes
	if path.Base(p) != "CODEOWNERS" {
		notes = append(notes, Finding{Path: p, Line: 1, Message: "GitHub expects the exact name CODEOWNERS"})
	}
	for _, o := range l.Others {
		notes = append(notes, Finding{Path: o, Line: 1, Message: fmt.Sprintf("shadowed by %s: GitHub uses only the first CODEOWNERS", p)})
	}
	facts := map[string]any{"path": p}
	fail := func(msg string, fs []Finding, fix string) Result {
		return Result{Status: Fail, Message: msg, Findings: append(fs, notes...), Remediation: fix, Facts: facts}
	}
	if size := l.Hit.Entry.Size; size >= codeowners.MaxSize {
		return fail(fmt.Sprintf("%s is %d bytes; GitHub ignores CODEOWNERS files of 3 MB or more", p, size),
			[]Finding{{Path: p, Line: 1, Message: "CODEOWNERS is 3 MB or more"}}, "Shorten the file, using directory patterns instead of one line per file.")
	}
	b, st, err := inspect(ctx, s, *l.Hit)
	switch {
	case err != nil:
		return Result{Status: StatusError, Message: readError(p, err).Error()}
	case st == stateTooLarge:
		return tooLarge(s, *l.Hit)
	case st != stateText:
		return fail(fmt.Sprintf("%s exists but is %s", p, st), []Finding{{Path: p, Line: 1, Message: "CODEOWNERS is " + st.String()}},
			"Add lines of the form `PATTERN @owner` to "+p+".")
	}
	rules, probs := codeowners.Parse(b)
	if len(probs) > 0 {
		return fail(fmt.Sprintf("%s has %d invalid line(s); GitHub ignores them", p, len(probs)), problemFindings(p, probs),
			"Give each line a pattern and at least one owner (@user, @org/team or an e-mail address).")
	}
	if len(rules) == 0 {
		return fail(p+" assigns no owners (only comments)", []Finding{{Path: p, Line: 1, Message: "CODEOWNERS has no rule"}},
			"Add lines of the form `PATTERN @owner` to "+p+".")
	}
	facts["rules"] = len(rules)
	// The owners of the last "*" line own whatever no later line claims: the repository's
	// default owners, which the dashboard's Teams page rolls repositories up by.
	for i := len(rules) - 1; i >= 0; i-- {
		if rules[i].Pattern == "*" && len(rules[i].Owners) > 0 {
			facts["default-owners"] = rules[i].Owners
			break
		}
	}
	return Result{Status: Pass, Message: fmt.Sprintf("%s assigns owners (%d rules)", p, len(rules)), Findings: notes, Facts: facts}
}

// problemFindings turns parse problems into findings. The key identifies a line by its
// text, not its number, so that alerts survive edits above it (docs/reports.md, sarif).
func problemFindings(p string, probs []codeowners.Problem) []Finding {
	fs := make([]Finding, 0, len(probs))
	seen := map[string]int{}
	for _, pr := range probs {
		text := strings.Join(strings.Fields(pr.Text), " ")
		seen[text]++
		fs = append(fs, Finding{Path: p, Line: pr.Line, Column: pr.Column, Message: pr.Message,
			Key: fmt.Sprintf("%s#%d", text, seen[text])})
	}
	return fs
}

// lookalikeNote says what to do about a near miss such as CODEOWNERS.md or
// code_owners.txt. A Markdown file is a document for people (a maintainers list): renaming
// it to .github/CODEOWNERS would make an invalid CODEOWNERS, so it is never suggested.
// Any other look-alike is suggested for renaming only when its lines already are valid
// CODEOWNERS syntax.
func lookalikeNote(ctx context.Context, s *repo.Snapshot, h hit) Finding {
	p := h.Path
	ignored := "GitHub reads only a file named CODEOWNERS (no extension) and ignores " + p
	if e := strings.ToLower(path.Ext(p)); e != ".md" && e != ".markdown" {
		if b, st, err := inspect(ctx, s, h); err == nil && st == stateText {
			if rs, probs := codeowners.Parse(b); len(rs) > 0 && len(probs) == 0 {
				return Finding{Path: p, Message: ignored + "; its lines are valid CODEOWNERS syntax: rename it to .github/CODEOWNERS"}
			}
		}
	}
	return Finding{Path: p, Message: ignored + "; keep it for people if it lists owners, and add .github/CODEOWNERS with lines of the form `PATTERN @owner`"}
}

// checkGitLabCodeowners applies GitLab's locations, precedence and syntax.
func checkGitLabCodeowners(ctx context.Context, s *repo.Snapshot) Result {
	hits, notes := search(ctx, s, gitlabCodeownersSpec)
	if len(hits) == 0 {
		if gh, _ := search(ctx, s, fileSpec{dirs: []string{".github"}, match: codeownersSpec.match}); len(gh) > 0 {
			notes = append(notes, Finding{Path: gh[0].Path, Line: 1, Message: "GitLab ignores " + gh[0].Path + "; move it to .gitlab/CODEOWNERS"})
		}
		return Result{Status: Fail, Message: "No CODEOWNERS file in " + where(gitlabCodeownersDirs) + " (where GitLab looks).",
			Findings:    append([]Finding{{Path: ".gitlab/CODEOWNERS", Message: "CODEOWNERS is missing"}}, notes...),
			Remediation: "Add .gitlab/CODEOWNERS, e.g. `* @GROUP/maintainers`, or sections such as `[Docs] @GROUP/writers` followed by `docs/`."}
	}
	h := hits[0]
	p := h.Path
	for _, o := range hits[1:] {
		notes = append(notes, Finding{Path: o.Path, Line: 1, Message: fmt.Sprintf("shadowed by %s: GitLab uses only the first CODEOWNERS (root, then docs/, then .gitlab/)", p)})
	}
	if path.Base(p) != "CODEOWNERS" {
		notes = append(notes, Finding{Path: p, Line: 1, Message: "GitLab expects the exact name CODEOWNERS"})
	}
	facts := map[string]any{"path": p}
	fail := func(msg string, fs []Finding, fix string) Result {
		return Result{Status: Fail, Message: msg, Findings: append(fs, notes...), Remediation: fix, Facts: facts}
	}
	b, st, err := inspect(ctx, s, h)
	switch {
	case err != nil:
		return Result{Status: StatusError, Message: readError(p, err).Error()}
	case st == stateTooLarge:
		return tooLarge(s, h)
	case st != stateText:
		return fail(fmt.Sprintf("%s exists but is %s", p, st), []Finding{{Path: p, Line: 1, Message: "CODEOWNERS is " + st.String()}},
			"Add lines of the form `PATTERN @owner` to "+p+".")
	}
	rules, probs := codeowners.ParseGitLab(b)
	if len(probs) > 0 {
		return fail(fmt.Sprintf("%s has %d invalid line(s); GitLab ignores them", p, len(probs)), problemFindings(p, probs),
			"Give each line a pattern and owners (@user, @group/subgroup, @@role or an e-mail address), or default owners on its [Section] line.")
	}
	if len(rules) == 0 {
		return fail(p+" assigns no owners (only comments and sections)", []Finding{{Path: p, Line: 1, Message: "CODEOWNERS has no rule"}},
			"Add lines of the form `PATTERN @owner` to "+p+".")
	}
	facts["rules"] = len(rules)
	sections := map[string]bool{}
	for _, r := range rules {
		sections[strings.ToLower(r.Section)] = true
	}
	facts["sections"] = len(sections)
	return Result{Status: Pass, Message: fmt.Sprintf("%s assigns owners (%d rules)", p, len(rules)), Findings: notes, Facts: facts}
}
