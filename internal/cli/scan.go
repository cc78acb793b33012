package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/repogov/repogov/reporters"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
)

type scanFlags struct {
	formats     []string
	output      string
	failOn      string
	config      string
	concurrency int
	github      githubFlags
}

func scanCmd(e *env) *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "scan [TARGET...]",
		Short: "Scan repositories against the policy",
		Long: `Scan repositories against the policy. TARGET is a directory (a working tree, a bare
repository, a .git directory, or a folder of repositories), a git URL, or github:OWNER /
github:OWNER/REPO (a GitHub organization, user or repository; token from GITHUB_TOKEN or
GH_TOKEN); default ".".`,
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
			ctx := cmd.Context()
			srcs, err := resolveTargets(ctx, e, args, &f.github)
			if err != nil {
				return exit(ExitError, err)
			}
			sopts := scanner.Options{
				Rules:       rules.Defaults(rules.All()),
				Concurrency: f.concurrency,
				Logger:      e.log,
			}
			if err := f.github.configureCache(&sopts); err != nil {
				return exit(ExitError, err)
			}
			rep := scanner.Scan(ctx, srcs, sopts)
			f.github.logCost(e)
			ropts := reporters.Options{Version: Version()}
			for _, o := range outs {
				r, err := reporters.New(o.format, ropts)
				if err != nil {
					return exit(ExitError, err)
				}
				if o.path == "" {
					if err := r.Write(e.stdout, rep); err != nil {
						return exit(ExitError, fmt.Errorf("writing %s: %w", o.format, err))
					}
					continue
				}
				if err := writeFileAtomic(o.path, func(w *os.File) error { return r.Write(w, rep) }); err != nil {
					return exit(ExitError, err)
				}
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
	registerGitHubFlags(fl, &f.github)
	return cmd
}

// exitCode maps a report to the documented exit codes.
func exitCode(rep *scanner.Report, failOn rules.Severity) int {
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
