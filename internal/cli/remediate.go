package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/repogov/repogov/remediate"
	"github.com/repogov/repogov/report"
	ghsrc "github.com/repogov/repogov/scanner/github"
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
  skip      archived, issues disabled, not scanned, not on this GitHub
Writes are serialised at least a second apart; --max-writes caps them (the next run
continues). The token needs "issues: write" (fine-grained) or repo scope; a missing
permission is reported once and its repositories skipped.

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
			opts, err := auth.options(e)
			if err != nil {
				return exit(ExitError, err)
			}
			if opts.Token == "" && opts.App == nil {
				return exit(ExitError, fmt.Errorf("remediation reads issues through the API: set GITHUB_TOKEN or GH_TOKEN, or configure a GitHub App"))
			}
			src, err := ghsrc.New(opts)
			if err != nil {
				return exit(ExitError, err)
			}
			host := &remediate.GitHub{Client: src.REST}
			ro := remediate.IssueOptions{FailOn: sev, Label: label, Host: src.Host(), PolicyURL: policyURL, Assign: !noAssign,
				MaxWrites: maxWrites, Log: e.log, Pacer: e.pacer, OptOut: remediate.OptOuts(rep)}
			plan, err := remediate.PlanIssues(ctx, host, rep, ro)
			if err != nil {
				return exit(ExitError, err)
			}
			if apply {
				if err := remediate.ApplyIssues(ctx, host, plan, ro); err != nil {
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
