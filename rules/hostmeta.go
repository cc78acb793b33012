package rules

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/repogov/repogov/repo"
)

// Rules on what the host knows about a repository. Local sources have no such metadata,
// so these rules are not applicable to them rather than failing.

// settingPath is where a finding about a repository setting points: the README found,
// else README.md (docs/reports.md, sarif).
func settingPath(ctx context.Context, s *repo.Snapshot) string {
	if l := locate(ctx, s, readmeDoc.spec, false); l.Hit != nil {
		return l.Hit.Path
	}
	return "README.md"
}

func notHosted() Result {
	return Result{Status: NotApplicable, Message: "no host metadata (local source)"}
}

// settingFail is the failure of a rule on a repository setting: what is missing, said at
// the README (settingPath), and how to set it.
func settingFail(ctx context.Context, s *repo.Snapshot, missing, fix string) Result {
	return Result{Status: Fail, Message: "The repository has no " + missing + ".",
		Findings:    []Finding{{Path: settingPath(ctx, s), Line: 1, Message: "the repository has no " + missing}},
		Remediation: fix}
}

// RepositoryDescription: the repository has a description.
var RepositoryDescription = Rule{
	ID:    "repository-description",
	Title: "The repository has a description",
	Doc: "The description is shown in search results, organization listings and link previews; without it people cannot tell what the repository is for without opening it. The Standard for Public Code asks for a short description that makes the codebase findable.\n\n" +
		"Set it in the repository's About settings (or `gh repo edit --description`). Not applicable to local sources.",
	HelpURL:   DocsURL + "#repository-description",
	Severity:  Warning,
	Default:   true,
	Tags:      []string{"discoverability", "standard-for-public-code", "spc:make-the-codebase-findable"},
	Precision: "very-high",
	Expected:  "README.md",
	Check: func(ctx context.Context, s *repo.Snapshot, _ Options) Result {
		if !s.Meta.Hosted() {
			return notHosted()
		}
		if d := strings.TrimSpace(s.Meta.Description); d != "" {
			return Result{Status: Pass, Message: "description: " + d}
		}
		return settingFail(ctx, s, "description", "Set a one-line description in the repository's About settings (gh repo edit --description).")
	},
}

// RepositoryTopics: the repository has topics.
var RepositoryTopics = Rule{
	ID:    "repository-topics",
	Title: "The repository has topics",
	Doc: "Topics classify a repository (language, domain, the organization's programme) so that people and catalogs can find related projects, and so that policies can select repositories by topic.\n\n" +
		"Add topics in the repository's About settings (or `gh repo edit --add-topic`). Not applicable to local sources.",
	HelpURL:   DocsURL + "#repository-topics",
	Severity:  Note,
	Default:   true,
	Tags:      []string{"discoverability", "standard-for-public-code", "spc:make-the-codebase-findable"},
	Precision: "very-high",
	Expected:  "README.md",
	Check: func(ctx context.Context, s *repo.Snapshot, _ Options) Result {
		if !s.Meta.Hosted() {
			return notHosted()
		}
		if len(s.Meta.Topics) > 0 {
			return Result{Status: Pass, Message: "topics: " + strings.Join(s.Meta.Topics, ", "), Facts: map[string]any{"topics": s.Meta.Topics}}
		}
		return settingFail(ctx, s, "topics", "Add topics in the repository's About settings (gh repo edit --add-topic).")
	},
}

// Inactive: a repository nobody pushes to should say so by being archived.
var Inactive = Rule{
	ID:    "inactive",
	Title: "An unmaintained repository is archived",
	Doc: "A repository without pushes for a long time looks maintained while nobody answers issues or fixes vulnerabilities. Archiving it tells users so, makes it read-only, and removes it from the organization's active work.\n\n" +
		"Archive the repository (Settings → Archive), or push (for example a maintenance note) if it is maintained. " +
		"The rule fails when the last push is older than `days`; archived repositories, local sources and repositories whose push date is unknown are not applicable.",
	HelpURL:   DocsURL + "#inactive",
	Severity:  Note,
	Default:   true,
	Tags:      []string{"maintenance"},
	Precision: "very-high",
	Expected:  "README.md",
	Params:    []Param{{Name: "days", Type: "int", Default: 365, Doc: "days without a push after which an archive is suggested"}},
	Check: func(ctx context.Context, s *repo.Snapshot, opts Options) Result {
		switch {
		case !s.Meta.Hosted():
			return notHosted()
		case s.Meta.Archived:
			return Result{Status: NotApplicable, Message: "the repository is archived"}
		case s.Meta.PushedAt.IsZero() || opts.Now.IsZero():
			return Result{Status: NotApplicable, Message: "the date of the last push is unknown"}
		}
		days := opts.Int("days", 365)
		age := int(opts.Now.Sub(s.Meta.PushedAt) / (24 * time.Hour))
		facts := map[string]any{"pushedAt": s.Meta.PushedAt.UTC().Format(time.RFC3339), "days": age}
		if age <= days {
			return Result{Status: Pass, Message: fmt.Sprintf("last push %d days ago", age), Facts: facts}
		}
		msg := fmt.Sprintf("No push for %d days (since %s, limit %d).", age, s.Meta.PushedAt.UTC().Format(time.DateOnly), days)
		return Result{Status: Fail, Message: msg,
			Findings:    []Finding{{Path: settingPath(ctx, s), Line: 1, Message: msg}},
			Remediation: "Archive the repository if it is no longer maintained; otherwise say in the README that it is, and push.", Facts: facts}
	},
}
