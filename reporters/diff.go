package reporters

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/internal/textsafe"
)

// DiffFormats are the formats WriteDiff accepts.
var DiffFormats = []string{"table", "json", "markdown"}

// WriteDiff writes what changed between two runs (repogov diff) as a table, JSON or
// Markdown.
func WriteDiff(w io.Writer, d *history.Diff, format string) error {
	switch format {
	case "table":
		_, err := io.WriteString(w, diffTable(d))
		return err
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
	case "markdown":
		var b strings.Builder
		b.WriteString("## repogov: " + mdEscape(d.From.Name) + " → " + mdEscape(d.To.Name) + "\n\n")
		diffMarkdown(&b, d, "###")
		_, err := io.WriteString(w, b.String())
		return err
	}
	return fmt.Errorf("unknown diff format %q (want one of %v)", format, DiffFormats)
}

func pct(x float64) string { return fmt.Sprintf("%.1f %%", 100*x) }

func signed(x float64, unit string) string {
	if x >= 0 {
		return fmt.Sprintf("+%.1f%s", x, unit)
	}
	return fmt.Sprintf("%.1f%s", x, unit)
}

func diffTable(d *history.Diff) string {
	var b strings.Builder
	v := textsafe.Visible
	fmt.Fprintf(&b, "%s → %s\n", v(d.From.Name), v(d.To.Name))
	fmt.Fprintf(&b, "compliant %s → %s (%s points), mean score %.1f → %.1f (%s)\n",
		pct(d.FromTotals.CompliantShare), pct(d.ToTotals.CompliantShare), signed(100*(d.ToTotals.CompliantShare-d.FromTotals.CompliantShare), ""),
		d.FromTotals.MeanScore, d.ToTotals.MeanScore, signed(d.ToTotals.MeanScore-d.FromTotals.MeanScore, ""))
	if d.Empty() {
		b.WriteString("no changes\n")
		return b.String()
	}
	changes := func(title string, cs []history.Change) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s (%d)\n", title, len(cs))
		for _, c := range cs {
			fmt.Fprintf(&b, "  %s  %s  %s → %s", v(c.Repo.FullName), v(c.RuleID), c.From, c.To)
			if c.Message != "" {
				b.WriteString("  " + v(c.Message))
			}
			if c.Reason != "" {
				b.WriteString("  (" + v(c.Reason) + ")")
			}
			b.WriteString("\n")
		}
	}
	repos := func(title string, rs []history.Repo) {
		if len(rs) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s (%d)\n", title, len(rs))
		for _, r := range rs {
			b.WriteString("  " + v(r.FullName) + "\n")
		}
	}
	changes("regressions", d.Regressions)
	changes("fixes", d.Fixes)
	changes("exemptions added", d.ExemptionsAdded)
	changes("exemptions expired or removed", d.ExemptionsExpired)
	changes("other status changes", d.Other)
	repos("repositories added", d.Added)
	repos("repositories removed", d.Removed)
	repos("repositories archived", d.Archived)
	repos("repositories unarchived", d.Unarchived)
	if len(d.Scores) > 0 {
		fmt.Fprintf(&b, "\nscore changes (%d)\n", len(d.Scores))
		for _, s := range d.Scores {
			fmt.Fprintf(&b, "  %s  %.1f → %.1f\n", v(s.Repo.FullName), s.From, s.To)
		}
	}
	return b.String()
}

// mdDiffMaxItems caps each list of the Markdown diff: a job summary has to stay readable
// (and under GitHub's size limit) after a large policy change.
const mdDiffMaxItems = 50

// diffMarkdown writes the diff's sections under headings of the given level: the body of
// repogov diff -f markdown and of the report's "Since the last run" section.
func diffMarkdown(b *strings.Builder, d *history.Diff, h string) {
	fmt.Fprintf(b, "Compliant **%s** → **%s** (%s points) · mean score **%.1f** → **%.1f** (%s)\n\n",
		pct(d.FromTotals.CompliantShare), pct(d.ToTotals.CompliantShare), signed(100*(d.ToTotals.CompliantShare-d.FromTotals.CompliantShare), ""),
		d.FromTotals.MeanScore, d.ToTotals.MeanScore, signed(d.ToTotals.MeanScore-d.FromTotals.MeanScore, ""))
	if d.Empty() {
		b.WriteString("No changes.\n")
		return
	}
	var counts []string
	add := func(n int, one, many string) {
		if n > 0 {
			counts = append(counts, plural(n, one, many))
		}
	}
	add(len(d.Regressions), "regression", "regressions")
	add(len(d.Fixes), "fix", "fixes")
	add(len(d.Added), "repository added", "repositories added")
	add(len(d.Removed), "repository removed", "repositories removed")
	add(len(d.ExemptionsAdded), "exemption added", "exemptions added")
	add(len(d.ExemptionsExpired), "exemption expired", "exemptions expired")
	if len(counts) > 0 {
		b.WriteString(strings.Join(counts, " · ") + "\n\n")
	}
	repoLink := func(r history.Repo) string {
		if u := mdURL(r.URL); u != "" {
			return "[" + mdEscape(r.FullName) + "](" + u + ")"
		}
		return mdEscape(r.FullName)
	}
	changes := func(title string, cs []history.Change) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintf(b, "%s %s (%d)\n\n| Repository | Rule | Was | Now | Message |\n| --- | --- | --- | --- | --- |\n", h, title, len(cs))
		for i, c := range cs {
			if i == mdDiffMaxItems {
				fmt.Fprintf(b, "\n*%d more not shown.*\n", len(cs)-i)
				break
			}
			msg := c.Message
			if c.Reason != "" {
				msg += " (" + c.Reason + ")"
			}
			fmt.Fprintf(b, "| %s | %s | %s %s | %s %s | %s |\n", repoLink(c.Repo), mdEscape(c.RuleID),
				mdMark[c.From], mdEscape(string(c.From)), mdMark[c.To], mdEscape(string(c.To)), mdEscape(msg))
		}
		b.WriteString("\n")
	}
	repos := func(title string, rs []history.Repo) {
		if len(rs) == 0 {
			return
		}
		names := make([]string, 0, len(rs))
		for i, r := range rs {
			if i == mdDiffMaxItems {
				names = append(names, fmt.Sprintf("*and %d more*", len(rs)-i))
				break
			}
			names = append(names, repoLink(r))
		}
		fmt.Fprintf(b, "%s %s (%d)\n\n%s\n\n", h, title, len(rs), strings.Join(names, ", "))
	}
	changes("Regressions", d.Regressions)
	changes("Fixes", d.Fixes)
	changes("Exemptions added", d.ExemptionsAdded)
	changes("Exemptions expired or removed", d.ExemptionsExpired)
	repos("Repositories added", d.Added)
	repos("Repositories removed", d.Removed)
	repos("Repositories archived", d.Archived)
	if len(d.Other) > 0 {
		fmt.Fprintf(b, "*%s (to or from error …): see `repogov diff`.*\n\n", plural(len(d.Other), "other status change", "other status changes"))
	}
}
