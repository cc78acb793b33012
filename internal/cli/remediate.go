package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/remediate"
	"github.com/repogov/repogov/report"
	ghsrc "github.com/repogov/repogov/scanner/github"
	glsrc "github.com/repogov/repogov/scanner/gitlab"
)

func remediateCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "remediate",
		Short: "Turn a stored report into tracking issues or fix pull requests (dry run unless --apply)",
		Long: `Act on the findings of a run saved in the history store (repogov scan --store/--save).
Nothing is written to any repository without --apply; a dry run prints the plan.
See docs/remediation.md.`,
	}
	cmd.AddCommand(remediateIssuesCmd(e), remediatePullsCmd(e))
	return cmd
}

// remediateFlags are the flags remediate issues and remediate pulls share.
type remediateFlags struct {
	sf        storeFlags
	auth      githubAuth
	glf       gitlabFlags
	runRef    string
	failOn    string
	format    string
	policyURL string
	apply     bool
	maxWrites int
}

func (f *remediateFlags) register(cmd *cobra.Command, failOn string) {
	f.sf.register(cmd)
	f.auth.register(cmd.Flags())
	fl := cmd.Flags()
	fl.StringVar(&f.glf.url, "gitlab-url", "", "GitLab instance of gitlab repositories, e.g. https://git.example.org (default https://gitlab.com, or $CI_SERVER_URL inside GitLab CI)")
	fl.StringVar(&f.runRef, "run", "latest", "the run: a number, latest, latest~N, a run id or a label")
	fl.StringVar(&f.failOn, "fail-on", failOn, "failures at or above this severity count: error, warning or note")
	fl.StringVarP(&f.format, "format", "f", "table", "plan output: table or json")
	fl.StringVar(&f.policyURL, "policy-url", "", "link to the organization's published policy, shown in every issue or request")
	fl.BoolVar(&f.apply, "apply", false, "perform the plan (default: print it, write nothing)")
	fl.IntVar(&f.maxWrites, "max-writes", 0, "at most this many writes per run (0: no cap)")
}

// load checks the flags, then loads the run and the forges its repositories are on.
func (f *remediateFlags) load(ctx context.Context, e *env) (report.Severity, *report.Report, *forges, func(), error) {
	sev, err := report.ParseSeverity(f.failOn)
	if err != nil || sev == report.SeverityNone {
		return 0, nil, nil, nil, exit(ExitError, fmt.Errorf("--fail-on %q: want error, warning or note", f.failOn))
	}
	if f.format != "table" && f.format != "json" {
		return 0, nil, nil, nil, exit(ExitError, fmt.Errorf("--format %q: want table or json", f.format))
	}
	if f.maxWrites < 0 {
		return 0, nil, nil, nil, exit(ExitError, fmt.Errorf("--max-writes must not be negative"))
	}
	s, _, rep, err := loadRun(ctx, e, &f.sf, f.runRef)
	if err != nil {
		return 0, nil, nil, nil, err
	}
	fs, err := remediationForges(e, rep, &f.auth, &f.glf)
	if err != nil {
		s.Close()
		return 0, nil, nil, nil, exit(ExitError, err)
	}
	return sev, rep, fs, func() { s.Close() }, nil
}

// plan is what remediate prints: a tracking-issue or a fix-request plan.
type plan interface {
	WriteJSON(io.Writer) error
	WriteTable(io.Writer) error
}

// finish prints the plan and sets the exit code: 2 when a repository could not be read
// or written.
func (f *remediateFlags) finish(e *env, p plan, writes bool, failed bool) error {
	var err error
	if f.format == "json" {
		err = p.WriteJSON(e.stdout)
	} else {
		err = p.WriteTable(e.stdout)
	}
	if err != nil {
		return exit(ExitError, err)
	}
	if !f.apply && writes {
		fmt.Fprintln(e.stderr, "repogov: dry run: nothing was written; --apply performs this plan")
	}
	if failed {
		return exit(ExitError, nil)
	}
	return nil
}

func remediateIssuesCmd(e *env) *cobra.Command {
	var (
		f        remediateFlags
		label    string
		noAssign bool
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
  skip      archived, issues disabled, not scanned, opted out, on a host without credentials
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
			ctx := cmd.Context()
			sev, rep, fs, done, err := f.load(ctx, e)
			if err != nil {
				return err
			}
			defer done()
			ro := remediate.IssueOptions{FailOn: sev, Label: label, PolicyURL: f.policyURL, Assign: !noAssign,
				MaxWrites: f.maxWrites, Log: e.log, Pacer: e.pacer, OptOut: remediate.OptOuts(rep)}
			p, err := remediate.PlanIssuesOn(ctx, fs.issueHosts(), rep, ro)
			if err != nil {
				return exit(ExitError, err)
			}
			if f.apply {
				if err := remediate.ApplyIssues(ctx, nil, p, ro); err != nil {
					return exit(ExitError, err)
				}
			}
			failed := p.Count(remediate.Failed) > 0 || len(p.MissingPermissions) > 0
			for _, st := range p.Steps {
				failed = failed || st.Outcome == remediate.Error
			}
			return f.finish(e, p, p.Count(remediate.Create)+p.Count(remediate.Update)+p.Count(remediate.Close)+p.Count(remediate.Reopen) > 0, failed)
		},
	}
	f.register(cmd, "error")
	fl := cmd.Flags()
	fl.StringVar(&label, "label", "repogov", "label of tracking issues (created in a repository when missing)")
	fl.BoolVar(&noAssign, "no-assign", false, "do not assign new issues to CODEOWNERS' default owner")
	return cmd
}

func remediatePullsCmd(e *env) *cobra.Command {
	var (
		f      remediateFlags
		config string
	)
	cmd := &cobra.Command{
		Use:   "pulls",
		Short: "One fix pull (merge) request per repository adding missing files: plan, or --apply",
		Long: `Plan (default) or apply one pull request (GitLab: merge request) per repository, from the
branch ` + remediate.PullBranch + `, adding in one commit the files the policy (--config) makes
for the repository's failing checks at or above --fail-on: the templates: section's
"create" templates, the licence remediation.license names (never one it does not), the
Contributor Covenant 2.1 when remediation.contacts.conduct is set. Template sources are
read from the organization's templates repository (remediation.templates-repository).
A file that exists on the default branch is never replaced; a file with an unfilled
placeholder is never written.
  create    files are missing and no request is open: commit, then the request
  update    the files changed (templates, findings): the branch is rewritten (only while
            every commit on it is repogov's) and the request edited
  comment   the files changed but someone else pushed to the branch: one comment
  close     the files are no longer missing: a comment, then the request is closed
  unchanged the request already proposes these files, or nothing is missing: no write
  merged    the request was merged: nothing more
  declined  someone closed the request unmerged: recorded, never reopened
  skip      archived, empty, not scanned, opted out, a branch of someone else's, no credentials
Writes are serialised at least a second apart (each request a forge call sends);
--max-writes caps them, counting a commit as one (the next run continues). GitHub needs
"contents: write" and "pull_requests: write" (fine-grained) or repo scope; GitLab a token
with the api scope whose user has at least the Developer role.

Exit codes: 0 planned or applied; 2 a repository could not be read or written, a file
could not be made, or usage, policy, store or credential errors.`,
		Example: `  repogov remediate pulls --store sqlite:history.db --config .repogov.yml
  repogov remediate pulls --store "$REPOGOV_STORE" --apply --max-writes 100`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			pol, err := loadPolicy(e, config)
			if err != nil {
				return err
			}
			sev, rep, fs, done, err := f.load(ctx, e)
			if err != nil {
				return err
			}
			defer done()
			if rep.Policy.Digest != "" && rep.Policy.Digest != pol.Digest() {
				e.log.Warn("the policy differs from the one the run was scanned with; files come from the policy given, findings from the run",
					"policy", pol.Name(), "run-policy", rep.PolicyName())
			}
			po := remediate.PullOptions{FailOn: sev, PolicyURL: f.policyURL, MaxWrites: f.maxWrites, Log: e.log, Pacer: e.pacer, OptOut: remediate.OptOuts(rep)}
			prod := remediate.NewFiles(pol, fs.templates(pol), time.Now())
			if !prod.Makes() {
				return exit(ExitError, fmt.Errorf("policy %s gives no file to propose: add create templates (templates:), remediation.license or remediation.contacts.conduct (docs/remediation.md)", pol.Name()))
			}
			p, err := remediate.PlanPulls(ctx, fs.pullHosts(), rep, prod, po)
			if err != nil {
				return exit(ExitError, err)
			}
			if f.apply {
				if err := remediate.ApplyPulls(ctx, rep, p, po); err != nil {
					return exit(ExitError, err)
				}
			}
			failed := p.Count(remediate.Failed) > 0 || len(p.MissingPermissions) > 0
			for _, st := range p.Steps {
				failed = failed || st.Outcome == remediate.Error || len(st.Problems) > 0
			}
			return f.finish(e, p, p.Count(remediate.Create)+p.Count(remediate.Update)+p.Count(remediate.CommentOnly)+p.Count(remediate.Close) > 0, failed)
		},
	}
	f.register(cmd, "note")
	cmd.Flags().StringVar(&config, "config", "", "policy file giving the templates, licence and contacts (default .repogov.yml when present)")
	return cmd
}

// forges are the hosts a run's repositories are remediated on, keyed by host name:
// GitHub with the GitHub credentials, GitLab with GITLAB_TOKEN or GL_TOKEN for the one
// instance of --gitlab-url (a token is never sent to another host; projects of other
// GitLab hosts are skipped). A forge present without credentials is warned about and its
// repositories skipped; no credentials for any present forge is an error.
type forges struct {
	github, gitlab string // host names, "" when the run has none of its repositories or no credentials
	gh             *remediate.GitHub
	gl             *remediate.GitLab
}

func remediationForges(e *env, rep *report.Report, auth *githubAuth, glf *gitlabFlags) (*forges, error) {
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
	f := &forges{}
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
			f.github, f.gh = strings.ToLower(src.Host()), &remediate.GitHub{Client: src.REST}
		}
	}
	if onGitLab {
		opts := glf.options(e, nil)
		if opts.Token == "" {
			// CI_JOB_TOKEN cannot write issues or commits (docs/gitlab.md).
			missing = append(missing, "GitLab: set GITLAB_TOKEN or GL_TOKEN to a token with the api scope")
		} else {
			opts.JobToken = ""
			src, err := glsrc.New(opts)
			if err != nil {
				return nil, err
			}
			f.gitlab, f.gl = strings.ToLower(src.Host()), &remediate.GitLab{Client: src.REST()}
		}
	}
	if f.gh == nil && f.gl == nil && len(missing) > 0 {
		return nil, fmt.Errorf("remediation works through the forge's API: %s", strings.Join(missing, "; "))
	}
	for _, m := range missing {
		e.log.Warn("repositories of a host without credentials are skipped", "fix", m)
	}
	return f, nil
}

func (f *forges) issueHosts() map[string]remediate.IssueHost {
	m := map[string]remediate.IssueHost{}
	if f.gh != nil {
		m[f.github] = f.gh
	}
	if f.gl != nil {
		m[f.gitlab] = f.gl
	}
	return m
}

func (f *forges) pullHosts() map[string]remediate.PullHost {
	m := map[string]remediate.PullHost{}
	if f.gh != nil {
		m[f.github] = f.gh
	}
	if f.gl != nil {
		m[f.gitlab] = f.gl
	}
	return m
}

// templates reads template sources from each forge's templates repository (the
// policy's remediation.templates-repository).
func (f *forges) templates(pol *policy.Policy) remediate.TemplateReader {
	repo := pol.Remediation().TemplatesRepository
	h := remediate.HostTemplates{GitHubHost: f.github, GitLabHost: f.gitlab}
	if f.gh != nil {
		h.GitHub = &remediate.GitHubTemplates{Client: f.gh.Client, Repository: repo}
	}
	if f.gl != nil {
		h.GitLab = &remediate.GitLabTemplates{Client: f.gl.Client, Repository: repo}
	}
	return h
}
