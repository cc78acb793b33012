package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/internal/redact"
	"github.com/repogov/repogov/internal/textsafe"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/reporters"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/local"
)

type scanFlags struct {
	formats      []string
	output       string
	failOn       string
	config       string
	concurrency  int
	sarifDir     string
	worktree     bool
	recursive    bool
	children     bool
	orgDefaults  string
	maxFileSize  string
	cloneTimeout time.Duration
	maxCloneSize string
	github       githubFlags
	gitlab       gitlabFlags
	store        storeFlags
	save         bool
	runLabel     string
}

func scanCmd(e *env) *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "scan [TARGET...]",
		Short: "Scan repositories against the policy",
		Long: `Scan repositories against the policy. TARGET (default ".") is one of:

  a working tree     a git repository's HEAD is scanned, as others see it; uncommitted
                     and untracked files are ignored unless --worktree is given
  a plain directory  the files on disk (symlinks are never followed out of it)
  a bare repository  or a .git directory: HEAD is read without a checkout
  a folder           whose children are repositories (a folder of mirrors): each one is
                     scanned; --recursive looks deeper than the direct children.
                     Only git repositories are found this way: a folder of plain
                     directories is one repository (a notice says so when they look
                     like repositories); --children scans each direct child instead
  a git URL          https://, ssh://, git@host:path or file://, cloned into memory
                     (depth 1, no checkout)
  github:OWNER       every repository of a GitHub organization or user, through the
                     API (token from GITHUB_TOKEN or GH_TOKEN, or a GitHub App);
                     github:OWNER/REPO for one repository
  gitlab:GROUP       every project of a GitLab group and its subgroups (token from
                     GITLAB_TOKEN or GL_TOKEN, scope read_api; --gitlab-url for a
                     self-managed instance); gitlab:GROUP/…/PROJECT for one project,
                     gitlab:USER for a user's projects

Exit codes: 0 compliant, 1 findings at or above --fail-on, 2 usage, config or I/O
errors, repositories that could not be read, and interrupted scans.`,
		Example: `  repogov scan
  repogov scan ~/src/alpha ~/src/beta
  repogov scan --recursive /srv/git/mirrors -f json=report.json
  repogov scan https://github.com/acme/alpha.git
  GITHUB_TOKEN=… repogov scan github:acme -f html=report.html --cache ~/.cache/repogov
  GITLAB_TOKEN=… repogov scan gitlab:my-city -f codequality=gl-code-quality-report.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			failOn, err := rules.ParseSeverity(f.failOn)
			if err != nil {
				return exit(ExitError, fmt.Errorf("--fail-on: %w", err))
			}
			outs, err := parseFormats(f.formats, f.output)
			if err != nil {
				return exit(ExitError, err)
			}
			if err := checkOutputs(outs, f.sarifDir); err != nil {
				return exit(ExitError, err)
			}
			if f.concurrency < 1 {
				return exit(ExitError, fmt.Errorf("--jobs must be at least 1, got %d", f.concurrency))
			}
			maxRead, err := parseSize(f.maxFileSize)
			if err != nil {
				return exit(ExitError, fmt.Errorf("--max-file-size: %w", err))
			}
			storeURL, err := f.store.resolve(e, f.save)
			if err != nil {
				return exit(ExitError, err)
			}
			if f.runLabel != "" && storeURL == "" {
				return exit(ExitError, fmt.Errorf("--run-label needs a store: --store URL, REPOGOV_STORE or --save"))
			}
			pol, err := loadPolicy(e, f.config)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			if f.children && f.recursive {
				return exit(ExitError, errors.New("--children and --recursive exclude each other: --children takes each direct child as it is"))
			}
			maxClone, err := parseSize(f.maxCloneSize)
			if err != nil {
				return exit(ExitError, fmt.Errorf("--max-clone-size: %w", err))
			}
			if f.cloneTimeout <= 0 {
				return exit(ExitError, fmt.Errorf("--clone-timeout must be positive, got %s", f.cloneTimeout))
			}
			e.targets.local = local.Options{Worktree: f.worktree, Recursive: f.recursive, Children: f.children, MaxRead: maxRead,
				Heads: f.github.cache != "", CloneTimeout: f.cloneTimeout, MaxCloneSize: maxClone}
			if f.github.cache != "" && f.worktree {
				return exit(ExitError, errors.New("--cache keeps results by HEAD commit; it cannot be used with --worktree, which scans uncommitted files"))
			}
			e.targets.gitlab = f.gitlab
			if f.orgDefaults != "" {
				var od *repo.Snapshot
				var err error
				if t, ok := strings.CutPrefix(f.orgDefaults, "gitlab:"); ok {
					od, err = e.targets.gitlab.openGitLabDefaults(ctx, e, t, maxRead)
				} else {
					od, err = openOrgDefaults(ctx, f.orgDefaults, e.targets.local)
				}
				if err != nil {
					return exit(ExitError, fmt.Errorf("--org-defaults: %w", err))
				}
				defer od.Close()
				if f.github.cache != "" && od.Meta.HeadOID == "" {
					return exit(ExitError, errors.New("--cache with --org-defaults needs the defaults as a git repository: its HEAD commit is part of every cached result's key"))
				}
				e.targets.local.OrgDefaults = od
			}
			var prog *progress
			if !e.quiet && isTerminal(e.stderr) {
				prog = newProgress(e.stderr)
				// Log lines clear the progress line first, then it is drawn again.
				e.log = newLogger(prog.LogWriter(), e.logLevel)
			}
			flagSel, err := f.github.selection()
			if err != nil {
				return exit(ExitError, err)
			}
			f.github.sel, f.github.maxRead = scanSelection(pol, cmd, flagSel), maxRead
			f.github.reads = readSet(pol.Configs())
			srcs, err := resolveTargets(ctx, e, args, &f.github)
			if err != nil {
				return exit(ExitError, err)
			}
			sopts := scanner.Options{
				Rules:       pol.Configs(),
				Exempt:      pol.Exempt,
				Concurrency: f.concurrency,
				Logger:      e.log,
			}
			if prog != nil {
				sopts.Progress = prog
			}
			if err := f.github.configureCache(&sopts, pol.Digest()); err != nil {
				return exit(ExitError, err)
			}
			if od := e.targets.local.OrgDefaults; od != nil && sopts.Cache != nil {
				sopts.CacheSalt += "-org-" + od.Meta.HeadOID // results depend on the defaults too
			}
			rep := scanner.Scan(ctx, srcs, sopts)
			if prog != nil {
				prog.Finish()
			}
			f.github.logCost(e)
			e.targets.gitlab.logCost(e)
			// The sources' listings and caches are not needed to write the reports: let
			// them go, so a large organization's report is written in the memory they held.
			srcs, f.github.src = nil, nil
			for _, p := range rep.Problems {
				fmt.Fprintf(e.stderr, "repogov: %s\n", textsafe.Visible(redact.String(p)))
			}
			if rep.Incomplete {
				fmt.Fprintf(e.stderr, "repogov: the scan is incomplete (%d repositories done); the report says so\n", len(rep.Repos))
			}
			describeRun(rep, args, pol)
			rep.Label = f.runLabel
			// The store is written before the report files, which then show the changes
			// since the last run; a store that fails never costs the report files.
			var since *history.Diff
			var trend *history.Trend
			var storeErr error
			if storeURL != "" {
				since, trend, storeErr = saveRun(ctx, e, storeURL, rep)
			}
			if err := writeOutputsWith(e, rep, outs, f.sarifDir, since, trend); err != nil {
				if storeErr != nil {
					fmt.Fprintf(e.stderr, "repogov: %v; the run was not saved\n", storeErr)
				}
				return exit(ExitError, err)
			}
			if storeErr != nil {
				return exit(ExitError, fmt.Errorf("%w; the report was written, the run was not saved", storeErr))
			}
			return exit(exitCode(rep, failOn), nil)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.formats, "format", "f", []string{"table"}, "output format, repeatable: FORMAT or FORMAT=FILE (formats: "+strings.Join(reporters.Formats(), ", ")+")")
	fl.StringVarP(&f.output, "output", "o", "", "write the (single) format given without =FILE to this file instead of stdout")
	fl.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding has at least this severity: error, warning, note or none")
	fl.StringVar(&f.config, "config", "", "policy file (default .repogov.yml in the current directory, if any)")
	fl.IntVarP(&f.concurrency, "jobs", "j", 8, "repositories scanned at once")
	fl.StringVar(&f.sarifDir, "sarif-dir", "", "also write one SARIF file per repository, DIR/OWNER/NAME.sarif, to upload to that repository's code scanning")
	fl.BoolVar(&f.worktree, "worktree", false, "for a git working tree, scan the files on disk (uncommitted and untracked included) instead of HEAD")
	fl.BoolVarP(&f.recursive, "recursive", "r", false, "find repositories at any depth under a folder (default: its direct children)")
	fl.BoolVar(&f.children, "children", false, "each direct child directory of a folder target is one repository, git or plain (default: only git repositories are found in a folder)")
	fl.StringVar(&f.orgDefaults, "org-defaults", "", "the organization's .github repository (a local copy or a git URL), or a GitLab project (gitlab:GROUP/PROJECT), whose community files count as defaults")
	fl.StringVar(&f.maxFileSize, "max-file-size", "1MiB", "largest file read (bytes, or with KB, KiB, MB, MiB); larger files are reported as too large")
	fl.DurationVar(&f.cloneTimeout, "clone-timeout", local.DefaultCloneTimeout, "longest time one git URL clone may take; past it that repository is an error result")
	fl.StringVar(&f.maxCloneSize, "max-clone-size", "512MiB", "largest git URL clone (what is received, and what it unpacks to); past it that repository is an error result")
	registerGitHubFlags(fl, &f.github)
	registerGitLabFlags(fl, &f.gitlab)
	f.store.register(cmd)
	fl.BoolVar(&f.save, "save", false, "save the run in the history store: --store, $REPOGOV_STORE, or else "+defaultStoreHint())
	fl.StringVar(&f.runLabel, "run-label", "", "label of the run in the store; runs sharing a label (matrix jobs) are one logical run")
	return cmd
}

// exitCode maps a report to the documented exit codes.
func exitCode(rep *report.Report, failOn rules.Severity) int {
	if rep.Incomplete || rep.Errors() {
		return ExitError
	}
	if failOn == rules.SeverityNone {
		return ExitOK
	}
	for _, rr := range rep.Repos {
		if w := rr.Worst(); w != rules.SeverityNone && w >= failOn {
			return ExitFindings
		}
	}
	return ExitOK
}

type output struct{ format, path string }

// parseFormats reads "-f json -f sarif=out.sarif" (and -o for a bare format).
func parseFormats(formats []string, defaultPath string) ([]output, error) {
	var outs []output
	toStdout := 0
	for _, f := range formats {
		name, path, _ := strings.Cut(f, "=")
		if _, err := reporters.New(name, reporters.Options{}); err != nil {
			return nil, fmt.Errorf("--format %s: %w", f, err)
		}
		if path == "" {
			path = defaultPath
		}
		if path == "" || path == "-" {
			path = ""
			toStdout++
		}
		outs = append(outs, output{name, path})
	}
	if toStdout > 1 {
		return nil, fmt.Errorf("--format: only one format may go to stdout; give the others a file (FORMAT=FILE)")
	}
	return outs, nil
}

// openOrgDefaults snapshots the organization's .github repository: a local copy (any
// form a target may take) or its git URL.
func openOrgDefaults(ctx context.Context, dir string, opts local.Options) (*repo.Snapshot, error) {
	if !local.IsURL(dir) && local.Classify(dir) == local.KindMissing {
		return nil, fmt.Errorf("%s: not a directory", dir)
	}
	opts.Recursive = false
	t := local.New(dir, opts)
	refs, err := t.List(ctx)
	if err != nil {
		return nil, err
	}
	if len(refs) != 1 {
		return nil, fmt.Errorf("%s: a folder of %d repositories; give the .github repository itself", dir, len(refs))
	}
	return t.Open(ctx, refs[0])
}

// parseSize reads "1048576", "512KiB", "2MB", "1MiB" (case-insensitive).
func parseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"k", 1 << 10}, {"m", 1 << 20}, {"b", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a positive size", s)
	}
	return n * mult, nil
}
