package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/repogov/repogov/internal/textsafe"
	"github.com/repogov/repogov/remediate"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/local"
)

func fixCmd(e *env) *cobra.Command {
	var (
		config string
		dryRun bool
		vars   []string
	)
	cmd := &cobra.Command{
		Use:   "fix [DIR]",
		Short: "Add the policy's template files for failing checks to a working tree",
		Long: `Scan the working tree DIR (default .) with the policy and, for every failing rule with a
"create" template in the policy's templates: section, write the template's file; for a
failing license-file, the licence the policy's remediation.license names (never one it
does not), and for a failing code-of-conduct the Contributor Covenant 2.1 when
remediation.contacts.conduct is set. An existing file is never overwritten, a symbolic
link is never followed out of DIR, and a file whose placeholders ({{ .Org }}, {{ .Year }},
{{ .Repo }}, the policy's contacts such as {{ .SecurityContact }}, and --var NAME=VALUE)
are not all filled is not written. Each path is printed. See docs/remediation.md.`,
		Example: `  repogov fix --dry-run
  repogov fix ~/src/alpha --var Org=acme --var SecurityContact=security@acme.example`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			pol, err := loadPolicy(e, config)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			e.targets.local = local.Options{Worktree: true, MaxRead: repo.DefaultMaxRead}
			srcs, err := resolveTargets(ctx, e, []string{dir}, &githubFlags{})
			if err != nil {
				return exit(ExitError, err)
			}
			rep := scanner.Scan(ctx, srcs, scanner.Options{Rules: pol.Configs(), Exempt: pol.Exempt, Concurrency: 1, Logger: e.log})
			if len(rep.Repos) != 1 || rep.Repos[0].Error != "" {
				return exit(ExitError, fmt.Errorf("%s: not one readable repository", dir))
			}
			rr := rep.Repos[0]
			prod := remediate.NewFiles(pol, remediate.LocalTemplates{}, time.Now())
			prod.Vars = map[string]string{}
			for _, kv := range vars {
				k, val, ok := strings.Cut(kv, "=")
				if !ok || k == "" {
					return exit(ExitError, fmt.Errorf("--var %q: want NAME=VALUE", kv))
				}
				prod.Vars[k] = val
			}
			files, problems := prod.Files(ctx, rr)
			written, err := remediate.WriteLocal(dir, files, dryRun)
			if err != nil {
				return exit(ExitError, err)
			}
			failed := len(problems) > 0
			for _, w := range written {
				fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", w.Status, textsafe.Visible(w.Path), w.Rule)
				failed = failed || strings.HasPrefix(w.Status, "refused")
			}
			for _, p := range problems {
				fmt.Fprintf(e.stderr, "repogov: %s\n", textsafe.Visible(p.Error()))
			}
			if len(written) == 0 && len(problems) == 0 {
				fmt.Fprintln(e.stderr, "repogov: nothing to add: no failing rule has a create template, a licence or a covenant to add")
			}
			if failed {
				return exit(ExitError, nil)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&config, "config", "", "policy file (default .repogov.yml when present)")
	fl.BoolVar(&dryRun, "dry-run", false, "print what would be written, write nothing")
	fl.StringArrayVar(&vars, "var", nil, "a placeholder value, NAME=VALUE (repeatable); Org, Repo and Year are set from the repository and the date")
	return cmd
}
