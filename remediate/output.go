package remediate

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/repogov/repogov/internal/textsafe"
)

// WriteJSON writes the plan (or, after apply, what was done) as indented JSON.
func (p *Plan) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

// WriteTable writes one line per repository that has something to do or was skipped,
// then a summary line. Unchanged repositories are counted, not listed.
func (p *Plan) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "REPOSITORY\tACTION\tISSUE\tFAILING\tOUTCOME\tNOTE")
	counts := map[Action]int{}
	for _, s := range p.Steps {
		counts[s.Action]++
		if s.Action == Unchanged {
			continue
		}
		issue := "-"
		if s.Issue > 0 {
			issue = fmt.Sprintf("#%d", s.Issue)
		}
		failing := strings.Join(s.Failing, ",")
		if failing == "" {
			failing = "-"
		}
		note := s.Reason
		if len(s.NewlyFailing) > 0 && note == "" {
			note = "newly failing: " + strings.Join(s.NewlyFailing, ",")
		}
		if s.Assignee != "" && note == "" {
			note = "assign @" + s.Assignee
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", textsafe.Visible(s.Repo), s.Action, issue, failing, s.Outcome, textsafe.Visible(note))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var parts []string
	for _, a := range []Action{Create, Update, Close, Reopen, Unchanged, Skip, Failed} {
		if counts[a] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[a], a))
		}
	}
	_, err := fmt.Fprintf(w, "\n%d repositories: %s\n", len(p.Steps), strings.Join(parts, ", "))
	if err == nil && len(p.MissingPermissions) > 0 {
		_, err = fmt.Fprintf(w, "missing permissions: %s\n", strings.Join(p.MissingPermissions, "; "))
	}
	return err
}
