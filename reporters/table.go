package reporters

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/repogov/repogov/scanner"
)

// Table is the terminal report: one block per repository, a line per rule.
type Table struct{ Opts Options }

func (t Table) Write(w io.Writer, r *scanner.Report) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, rr := range r.Repos {
		fmt.Fprintf(tw, "%s\n", rr.Meta.FullName)
		if rr.Error != "" {
			fmt.Fprintf(tw, "  ERROR\t%s\n", rr.Error)
			continue
		}
		for _, res := range rr.Results {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", res.Status, res.Severity, res.RuleID, res.Message)
		}
	}
	if r.Incomplete {
		fmt.Fprintf(tw, "INCOMPLETE: %v\n", r.Problems)
	}
	return tw.Flush()
}
