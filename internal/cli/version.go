package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Stamped at release time with -ldflags "-X github.com/repogov/repogov/internal/cli.version=…".
var (
	version = "0.0.0-dev"
	commit  = ""
	date    = ""
)

// Version is the repogov version; it always starts with a digit (SARIF requires it).
func Version() string { return version }

func versionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, d := commit, date
			if c == "" {
				if bi, ok := debug.ReadBuildInfo(); ok {
					for _, s := range bi.Settings {
						switch s.Key {
						case "vcs.revision":
							c = s.Value
						case "vcs.time":
							d = s.Value
						}
					}
				}
			}
			fmt.Fprintf(e.stdout, "repogov %s", version)
			if c != "" {
				fmt.Fprintf(e.stdout, " (commit %s", c)
				if d != "" {
					fmt.Fprintf(e.stdout, ", built %s", d)
				}
				fmt.Fprint(e.stdout, ")")
			}
			fmt.Fprintln(e.stdout)
			return nil
		},
	}
}
