package cli

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

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
		validateCmd(e),
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
		importRepolinterCmd(e),
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

// importRepolinterCmd is `repogov policy import-repolinter`.
func importRepolinterCmd(e *env) *cobra.Command {
	var (
		split string
		rl    repolinterFlags
	)
	cmd := &cobra.Command{
		Use:   "import-repolinter FILE|URL",
		Short: "Convert a repolinter v2 ruleset (and every ruleset it extends) into a policy",
		Long: `Convert a repolinter v2 ruleset (JSON or YAML, a file or an https URL) into an
equivalent repogov policy, following its extends chain the way repolinter merges it.
The flattened policy is printed on stdout; with --split DIR each ruleset of the chain
becomes its own policy in DIR, extending the previous one. Rules that cannot be
converted, and parts of rules that were dropped, are listed on stderr and in comments
at the top of the policy. Downloads are https only, capped and timed out; the token
(GITHUB_TOKEN or GH_TOKEN) is sent to GitHub hosts only. --resolve URL=FILE, or
URL/=DIR/ for a whole tree, reads rulesets from disk instead (offline use).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := rl.options(e)
			if err != nil {
				return err
			}
			opts.Split = split != ""
			res, err := repolinter.Import(cmd.Context(), args[0], rules.All(), opts)
			if err != nil {
				return exit(ExitError, err)
			}
			for _, n := range res.Notes {
				fmt.Fprintln(e.stderr, n.String())
			}
			for _, l := range res.Levels {
				fmt.Fprintf(e.stderr, "%s: %d rules: %d converted, %d in part, %d not converted (%d off)\n",
					l.Location, l.Rules, l.Converted, l.InPart, l.NotConverted, l.Off)
			}
			if split == "" {
				_, err = e.stdout.Write(res.Policy)
				return err
			}
			if err := os.MkdirAll(split, 0o755); err != nil {
				return exit(ExitError, err)
			}
			for _, f := range res.Files {
				p := filepath.Join(split, f.Name)
				out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
				if err != nil {
					return exit(ExitError, fmt.Errorf("%w (remove it, or choose another --split directory)", err))
				}
				_, werr := out.Write(f.Data)
				if err := errors.Join(werr, out.Close()); err != nil {
					return exit(ExitError, err)
				}
				fmt.Fprintf(e.stderr, "wrote %s\n", p)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&split, "split", "", "write one policy per ruleset of the extends chain into this directory (never overwriting)")
	rl.register(cmd)
	return cmd
}

// validateCmd is `repogov policy validate`: a policy file, or a repolinter ruleset (its
// extends chain followed, and what would not convert listed).
func validateCmd(e *env) *cobra.Command {
	var rl repolinterFlags
	cmd := &cobra.Command{
		Use:   "validate [FILE]",
		Short: "Check a policy file (or a repolinter ruleset and its extends chain); every problem is printed as file:line:col: message",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file := policy.DefaultFile
			if len(args) == 1 {
				file = args[0]
			}
			if repolinter.IsRuleset(file) {
				opts, err := rl.options(e)
				if err != nil {
					return err
				}
				res, err := repolinter.Import(cmd.Context(), file, rules.All(), opts)
				if err != nil {
					return exit(ExitError, err)
				}
				not := 0
				for _, n := range res.Notes {
					fmt.Fprintln(e.stderr, n.String())
					if !n.Converted {
						not++
					}
				}
				for _, l := range res.Levels {
					fmt.Fprintf(e.stdout, "%s: repolinter ruleset: %d rules: %d converted, %d in part, %d not converted (%d off)\n",
						l.Location, l.Rules, l.Converted, l.InPart, l.NotConverted, l.Off)
				}
				if not > 0 {
					return exit(ExitError, fmt.Errorf("%d %s would not convert (repogov policy import-repolinter)", not, map[bool]string{true: "rule", false: "rules"}[not == 1]))
				}
				return nil
			}
			pol, err := policy.Load(file, rules.All())
			if err != nil {
				return policyError(e, err)
			}
			fmt.Fprintf(e.stdout, "%s: valid (%d rules enabled, digest %s)\n", file, len(pol.Configs()), pol.Digest())
			return nil
		},
	}
	rl.register(cmd)
	return cmd
}

// repolinterFlags are the flags that say how a repolinter extends chain is fetched.
type repolinterFlags struct {
	resolves []string
	offline  bool
}

func (f *repolinterFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.resolves, "resolve", nil, "read URL from FILE instead of downloading it (URL=FILE; URL/=DIR/ maps a tree); repeatable")
	cmd.Flags().BoolVar(&f.offline, "offline", false, "never download: every URL must be mapped by --resolve")
}

func (f *repolinterFlags) options(e *env) (repolinter.Options, error) {
	opts := repolinter.Options{Offline: f.offline, Token: cmp.Or(e.getenv("GITHUB_TOKEN"), e.getenv("GH_TOKEN"))}
	for _, r := range f.resolves {
		m, err := repolinter.ParseMapping(r)
		if err != nil {
			return opts, exit(ExitError, err)
		}
		opts.Resolve = append(opts.Resolve, m)
	}
	return opts, nil
}
