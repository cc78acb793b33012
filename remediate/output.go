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
func (p *Plan) WriteJSON(w io.Writer) error { return writeJSON(w, p) }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
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
	return summary(w, len(p.Steps), counts, []Action{Create, Update, Close, Reopen, Unchanged, Skip, Failed}, p.MissingPermissions)
}

// summary writes the line after a plan's table: how many repositories took each action,
// then the permissions writes lacked.
func summary(w io.Writer, n int, counts map[Action]int, order []Action, missing []string) error {
	var parts []string
	for _, a := range order {
		if counts[a] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[a], a))
		}
	}
	_, err := fmt.Fprintf(w, "\n%d repositories: %s\n", n, strings.Join(parts, ", "))
	if err == nil && len(missing) > 0 {
		_, err = fmt.Fprintf(w, "missing permissions: %s\n", strings.Join(missing, "; "))
	}
	return err
}

// WriteJSON writes the plan (or, after apply, what was done) as indented JSON.
func (p *PullPlan) WriteJSON(w io.Writer) error { return writeJSON(w, p) }

// WriteTable writes one line per repository that has something to do, was skipped or
// declined, then a summary line. Unchanged and merged repositories are counted, not listed.
func (p *PullPlan) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "REPOSITORY\tACTION\tPULL\tFILES\tOUTCOME\tNOTE")
	counts := map[Action]int{}
	for _, s := range p.Steps {
		counts[s.Action]++
		if s.Action == Unchanged || s.Action == Merged {
			continue
		}
		pull := "-"
		if s.Pull > 0 {
			pull = fmt.Sprintf("#%d", s.Pull)
		}
		files := strings.Join(s.Files, ",")
		if files == "" {
			files = "-"
		}
		note := s.Reason
		if note == "" && len(s.Problems) > 0 {
			note = fmt.Sprintf("%d %s not made: %s", len(s.Problems), plural(len(s.Problems), "file", "files"), s.Problems[0])
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", textsafe.Visible(s.Repo), s.Action, pull, textsafe.Visible(files), s.Outcome, textsafe.Visible(note))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return summary(w, len(p.Steps), counts, []Action{Create, Update, CommentOnly, Close, Unchanged, Merged, Declined, Skip, Failed}, p.MissingPermissions)
}
