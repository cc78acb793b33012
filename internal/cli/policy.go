package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/policy/repolinter"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner/selection"
)

// loadPolicy finds the policy for a scan: --config FILE, else ./.repogov.yml when it
// exists, else the default preset. A broken policy prints every problem as
// file:line:col: message and exits 2.
func loadPolicy(e *env, file string) (*policy.Policy, error) {
	if file == "" {
		if _, err := os.Stat(policy.DefaultFile); err == nil {
			file = policy.DefaultFile
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, exit(ExitError, err)
		}
	}
	var (
		pol *policy.Policy
		err error
	)
	if file == "" {
		pol, err = policy.Default(rules.All())
	} else {
		pol, err = policy.Load(file, rules.All())
	}
	if err != nil {
		return nil, policyError(e, err)
	}
	if e.log != nil {
		e.log.Debug("policy", "name", pol.Name(), "sources", pol.Sources(), "digest", pol.Digest())
	}
	return pol, nil
}

// policyError prints each problem on its own line and returns the exit-2 error.
func policyError(e *env, err error) error {
	errs := policy.Errors(err)
	for _, pe := range errs {
		if pe.Line == 0 {
			fmt.Fprintln(e.stderr, pe.Msg)
		} else {
			fmt.Fprintln(e.stderr, pe.Error())
		}
	}
	noun := "problem"
	if len(errs) != 1 {
		noun = "problems"
	}
	return exit(ExitError, fmt.Errorf("invalid policy: %d %s", len(errs), noun))
}

func policyCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Validate, create, show or import the policy (.repogov.yml)",
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:   "validate [FILE]",
			Short: "Check a policy file; every problem is printed as file:line:col: message",
			Args:  cobra.MaximumNArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				file := policy.DefaultFile
				if len(args) == 1 {
					file = args[0]
				}
				pol, err := policy.Load(file, rules.All())
				if err != nil {
					return policyError(e, err)
				}
				fmt.Fprintf(e.stdout, "%s: valid (%d rules enabled, digest %s)\n", file, len(pol.Configs()), pol.Digest())
				return nil
			},
		},
		&cobra.Command{
			Use:   "init [FILE]",
			Short: "Write a commented starter policy to stdout, or to FILE (never overwritten)",
			Args:  cobra.MaximumNArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				if len(args) == 0 {
					_, err := e.stdout.Write(policy.Starter())
					return err
				}
				f, err := os.OpenFile(args[0], os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
				if err != nil {
					return exit(ExitError, err)
				}
				if _, err := f.Write(policy.Starter()); err != nil {
					f.Close()
					return exit(ExitError, err)
				}
				if err := f.Close(); err != nil {
					return exit(ExitError, err)
				}
				fmt.Fprintf(e.stderr, "wrote %s\n", args[0])
				return nil
			},
		},
		&cobra.Command{
			Use:   "show [FILE]",
			Short: "Print the effective policy after extends (default: .repogov.yml if present, else the default preset)",
			Args:  cobra.MaximumNArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				file := ""
				if len(args) == 1 {
					file = args[0]
				}
				pol, err := loadPolicy(e, file)
				if err != nil {
					return err
				}
				_, err = e.stdout.Write(pol.Show())
				return err
			},
		},
		&cobra.Command{
			Use:   "import-repolinter FILE",
			Short: "Convert a repolinter v2 ruleset (JSON or YAML) into a policy on stdout",
			Long: `Convert a repolinter v2 ruleset (JSON or YAML) into an equivalent repogov policy,
printed on stdout. Rules that cannot be converted, and parts of rules that were
dropped, are listed on stderr and in comments at the top of the policy.`,
			Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				data, err := os.ReadFile(args[0])
				if err != nil {
					return exit(ExitError, err)
				}
				res, err := repolinter.Import(args[0], data, rules.All())
				if err != nil {
					return exit(ExitError, err)
				}
				for _, n := range res.Notes {
					fmt.Fprintln(e.stderr, n.String())
				}
				_, err = e.stdout.Write(res.Policy)
				return err
			},
		},
	)
	return cmd
}

// scanSelection is the selection for a scan: the policy's `selection:` block, overridden
// by the selection flags given on the command line (flags named like the keys:
// --include-archived, --include-forks, --visibility, --include, --exclude, --topics,
// --exclude-topics). flags holds the parsed flag values.
func scanSelection(pol *policy.Policy, cmd *cobra.Command, flags selection.Selection) selection.Selection {
	return selection.Merge(pol.Selection(), flags, func(name string) bool {
		f := cmd.Flags().Lookup(name)
		return f != nil && f.Changed
	})
}
