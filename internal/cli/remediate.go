package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/repogov/repogov/remediate"
	"github.com/repogov/repogov/report"
	ghsrc "github.com/repogov/repogov/scanner/github"
	glsrc "github.com/repogov/repogov/scanner/gitlab"
)

func remediateCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "remediate",
		Short: "Turn a stored report into tracking issues (dry run unless --apply)",
		Long: `Act on the findings of a run saved in the history store (repogov scan --store/--save).
Nothing is written to any repository without --apply; a dry run prints the plan.
See docs/remediation.md.`,
	}
	cmd.AddCommand(remediateIssuesCmd(e))
	return cmd
}

func remediateIssuesCmd(e *env) *cobra.Command {
	var (
		sf        storeFlags
		auth      githubAuth
		glf       gitlabFlags
		runRef    string
		failOn    string
		format    string
		label     string
		policyURL string
		apply     bool
		noAssign  bool
		maxWrites int
	)
	cmd := &cobra.Command{
		Use:   "issues",
		Short: "One tracking issue per non-compliant repository: plan, or --apply",
		Long: `Plan (default) or apply one open tracking issue per repository with failing checks at or
above --fail-on (exemptions honoured), labelled --label and found again by a hidden marker:
  create    the repository has failing checks and no tracking issue
  update    the checks changed: the body is edited; a short comment names new failures
  close     every check passes: a comment, then the issue is closed
  reopen    a closed issue's repository fails again: reopened with a comment
  unchanged the issue already says what the report says: no write
  skip      archived, issues disabled, not scanned, on a host without credentials
Each repository is remediated on the host the stored run scanned it from: GitHub
(GITHUB_TOKEN, GH_TOKEN or a GitHub App; --github-url) or GitLab (GITLAB_TOKEN or
GL_TOKEN; --gitlab-url, default https://gitlab.com or $CI_SERVER_URL). Writes are
serialised at least a second apart; --max-writes caps them (the next run continues).
GitHub needs "issues: write" (fine-grained) or repo scope; GitLab a token with the api
scope whose user has at least the Reporter role. A missing permission is reported once
and its repositories skipped.

Exit codes: 0 planned or applied; 2 a repository could not be read or written, or
usage, store or credential errors.`,
		Example: `  repogov remediate issues --store sqlite:history.db
  repogov remediate issues --store "$REPOGOV_STORE" --apply --max-writes 200 -f json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sev, err := report.ParseSeverity(failOn)
			if err != nil || sev == report.SeverityNone {
				return exit(ExitError, fmt.Errorf("--fail-on %q: want error, warning or note", failOn))
			}
			if format != "table" && format != "json" {
				return exit(ExitError, fmt.Errorf("--format %q: want table or json", format))
			}
			if maxWrites < 0 {
				return exit(ExitError, fmt.Errorf("--max-writes must not be negative"))
			}
			ctx := cmd.Context()
			s, _, rep, err := loadRun(ctx, e, &sf, runRef)
			if err != nil {
				return err
			}
			defer s.Close()
			hosts, err := issueHosts(e, rep, &auth, &glf)
			if err != nil {
				return exit(ExitError, err)
			}
			ro := remediate.IssueOptions{FailOn: sev, Label: label, PolicyURL: policyURL, Assign: !noAssign,
				MaxWrites: maxWrites, Log: e.log, Pacer: e.pacer, OptOut: remediate.OptOuts(rep)}
			plan, err := remediate.PlanIssuesOn(ctx, hosts, rep, ro)
			if err != nil {
				return exit(ExitError, err)
			}
			if apply {
				if err := remediate.ApplyIssues(ctx, nil, plan, ro); err != nil {
					return exit(ExitError, err)
				}
			}
			if format == "json" {
				err = plan.WriteJSON(e.stdout)
			} else {
				err = plan.WriteTable(e.stdout)
			}
			if err != nil {
				return exit(ExitError, err)
			}
			if !apply && plan.Count(remediate.Create)+plan.Count(remediate.Update)+plan.Count(remediate.Close)+plan.Count(remediate.Reopen) > 0 {
				fmt.Fprintln(e.stderr, "repogov: dry run: nothing was written; --apply performs this plan")
			}
			failed := plan.Count(remediate.Failed) > 0 || len(plan.MissingPermissions) > 0
			for _, st := range plan.Steps {
				failed = failed || st.Outcome == remediate.Error
			}
			if failed {
				return exit(ExitError, nil)
			}
			return nil
		},
	}
	sf.register(cmd)
	auth.register(cmd.Flags())
	fl := cmd.Flags()
	fl.StringVar(&glf.url, "gitlab-url", "", "GitLab instance of gitlab repositories, e.g. https://git.example.org (default https://gitlab.com, or $CI_SERVER_URL inside GitLab CI)")
	fl.StringVar(&runRef, "run", "latest", "the run: a number, latest, latest~N, a run id or a label")
	fl.StringVar(&failOn, "fail-on", "error", "failures at or above this severity count: error, warning or note")
	fl.StringVarP(&format, "format", "f", "table", "plan output: table or json")
	fl.StringVar(&label, "label", "repogov", "label of tracking issues (created in a repository when missing)")
	fl.StringVar(&policyURL, "policy-url", "", "link to the organization's published policy, shown in every issue")
	fl.BoolVar(&apply, "apply", false, "perform the plan (default: print it, write nothing)")
	fl.BoolVar(&noAssign, "no-assign", false, "do not assign new issues to CODEOWNERS' default owner")
	fl.IntVar(&maxWrites, "max-writes", 0, "at most this many writes per run (0: no cap)")
	return cmd
}

// issueHosts builds the issue host of each forge the run's repositories come from, keyed
// by host name: GitHub with the GitHub credentials, GitLab with GITLAB_TOKEN or GL_TOKEN
// for the one instance of --gitlab-url (a token is never sent to another host; projects
// of other GitLab hosts are skipped). A forge present without credentials is warned about
// and its repositories skipped; no credentials for any present forge is an error.
func issueHosts(e *env, rep *report.Report, auth *githubAuth, glf *gitlabFlags) (map[string]remediate.IssueHost, error) {
	var onGitHub, onGitLab bool
	for _, rr := range rep.Repos {
		switch {
		case !rr.Meta.Hosted():
		case rr.Meta.Forge == "gitlab":
			onGitLab = true
		default: // "github", or a run stored before reports named the forge
			onGitHub = true
		}
	}
	hosts := map[string]remediate.IssueHost{}
	var missing []string
	if onGitHub {
		opts, err := auth.options(e)
		if err != nil {
			return nil, err
		}
		if opts.Token == "" && opts.App == nil {
			missing = append(missing, "GitHub: set GITHUB_TOKEN or GH_TOKEN, or configure a GitHub App")
		} else {
			src, err := ghsrc.New(opts)
			if err != nil {
				return nil, err
			}
			hosts[strings.ToLower(src.Host())] = &remediate.GitHub{Client: src.REST}
		}
	}
	if onGitLab {
		opts := glf.options(e, nil)
		if opts.Token == "" {
			// CI_JOB_TOKEN cannot write issues (docs/gitlab.md).
			missing = append(missing, "GitLab: set GITLAB_TOKEN or GL_TOKEN to a token with the api scope")
		} else {
			opts.JobToken = ""
			src, err := glsrc.New(opts)
			if err != nil {
				return nil, err
			}
			hosts[strings.ToLower(src.Host())] = &remediate.GitLab{Client: src.REST()}
		}
	}
	if len(hosts) == 0 && len(missing) > 0 {
		return nil, fmt.Errorf("remediation reads issues through the API: %s", strings.Join(missing, "; "))
	}
	for _, m := range missing {
		e.log.Warn("repositories of a host without credentials are skipped", "fix", m)
	}
	return hosts, nil
}
