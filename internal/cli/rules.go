package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/repogov/repogov/rules"
)

func rulesCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "rules [ID]",
		Short: "List the built-in rules, or explain one",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			all := rules.All()
			if len(args) == 0 {
				tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSEVERITY\tINHERITS\tTITLE")
				for _, r := range all {
					inh := ""
					if r.Inherits {
						inh = "yes"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, inh, r.Title)
				}
				return tw.Flush()
			}
			r, ok := rules.Lookup(all, args[0])
			if !ok {
				return exit(ExitError, fmt.Errorf("unknown rule %q; `repogov rules` lists them", args[0]))
			}
			w := e.stdout
			fmt.Fprintf(w, "%s — %s\n\n", r.ID, r.Title)
			fmt.Fprintf(w, "severity:  %s (default)\n", r.Severity)
			fmt.Fprintf(w, "tags:      %s\n", strings.Join(r.Tags, ", "))
			if r.Expected != "" {
				fmt.Fprintf(w, "expects:   %s\n", r.Expected)
			}
			if r.Inherits {
				fmt.Fprintln(w, "inherits:  yes, from the organization's public .github repository")
			} else {
				fmt.Fprintln(w, "inherits:  no, the repository's own file is required")
			}
			for _, p := range r.Params {
				fmt.Fprintf(w, "option:    %s (%s, default %v): %s\n", p.Name, p.Type, p.Default, p.Doc)
			}
			fmt.Fprintf(w, "\n%s\n\nMore: %s\n", strings.TrimSpace(r.Doc), r.HelpURL)
			return nil
		},
	}
}
