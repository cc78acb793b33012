package reporters

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/rivo/uniseg"

	"github.com/repogov/repogov/internal/textsafe"
	"github.com/repogov/repogov/report"
)

// Table is the terminal report: one block per repository with a status mark per rule,
// then a summary (repositories scanned, fully compliant, mean score, pass rate per rule).
// Colour only when Opts.Color; lines are cut to Opts.Width display columns.
type Table struct{ Opts Options }

var tableMark = map[report.Status]string{
	report.Pass:          "✓",
	report.Inherited:     "↑",
	report.Fail:          "✗",
	report.Exempt:        "–",
	report.NotApplicable: "·",
	report.StatusError:   "!",
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

var tableColor = map[report.Status]string{
	report.Pass:          ansiGreen,
	report.Inherited:     ansiCyan,
	report.Fail:          ansiRed,
	report.Exempt:        ansiDim,
	report.NotApplicable: ansiDim,
	report.StatusError:   ansiYellow,
}

func (t Table) Write(w io.Writer, r *report.Report) error {
	b := bufio.NewWriter(w) // line by line: memory does not grow with the report
	sum := r.Summary()
	all := r.AllRules()
	idw := 0
	for _, ru := range all {
		idw = max(idw, uniseg.StringWidth(ru.ID))
	}

	for i, rr := range r.Repos {
		s := sum.Repos[i]
		head := t.paint(ansiBold, textsafe.Visible(repoName(rr)))
		switch {
		case !s.Scored:
			head += "  " + t.paint(ansiYellow, "not scanned")
		case s.Compliant:
			head += fmt.Sprintf("  score %.0f  ", s.Score) + t.paint(ansiGreen, "compliant")
		default:
			head += fmt.Sprintf("  score %.0f  %d failing", s.Score, s.Failures)
		}
		t.line(b, head)
		if rr.Error != "" {
			t.line(b, "  "+t.paint(ansiYellow, tableMark[report.StatusError])+" "+oneLine(rr.Error))
			b.WriteString("\n")
			continue
		}
		for _, res := range rr.Results {
			mark := t.paint(tableColor[res.Status], tableMark[res.Status])
			sev := ""
			if res.Status == report.Fail || res.Status == report.StatusError {
				sev = res.Severity.String() + ": "
			}
			msg := res.Message
			if res.Status == report.Exempt && res.Reason != "" {
				msg = "exempt: " + res.Reason
			}
			t.line(b, "  "+mark+" "+pad(res.RuleID, idw)+"  "+sev+oneLine(msg))
			if res.Status != report.Fail {
				continue
			}
			for _, f := range res.Findings {
				if f.Path == "" && f.Message == res.Message {
					continue
				}
				t.line(b, "      "+t.paint(ansiDim, oneLine(findingText(f))))
			}
			if res.Remediation != "" {
				t.line(b, "      fix: "+oneLine(res.Remediation))
			}
		}
		b.WriteString("\n")
	}

	if r.Incomplete {
		t.line(b, t.paint(ansiYellow, "INCOMPLETE SCAN: "+oneLine(strings.Join(r.Problems, "; "))))
	}
	t.line(b, t.paint(ansiBold, "Summary"))
	t.line(b, fmt.Sprintf("  repositories scanned  %d", sum.Scanned))
	if sum.Unreadable > 0 {
		t.line(b, fmt.Sprintf("  not scanned           %d", sum.Unreadable))
	}
	t.line(b, fmt.Sprintf("  fully compliant       %d (%.0f%%)", sum.FullyCompliant, 100*sum.CompliantShare))
	t.line(b, fmt.Sprintf("  mean score            %.1f", sum.MeanScore))
	t.line(b, "  pass rate per rule")
	for _, rs := range sum.Rules {
		counted := rs.Pass + rs.Inherited + rs.Fail + rs.Error
		rate := "   –"
		if counted > 0 {
			rate = fmt.Sprintf("%3.0f%%", 100*rs.PassRate)
		}
		extra := ""
		if rs.Inherited > 0 {
			extra += fmt.Sprintf(", %d inherited", rs.Inherited)
		}
		if rs.Exempt > 0 {
			extra += fmt.Sprintf(", %d exempt", rs.Exempt)
		}
		if rs.Error > 0 {
			extra += fmt.Sprintf(", %d error", rs.Error)
		}
		t.line(b, fmt.Sprintf("    %s  %s  %d/%d%s", pad(rs.RuleID, idw), rate, rs.Pass+rs.Inherited, counted, extra))
	}
	t.line(b, t.paint(ansiDim, "  ✓ pass  ↑ inherited  ✗ fail  – exempt  · not applicable  ! error"))
	return b.Flush()
}

func (t Table) paint(code, s string) string {
	if !t.Opts.Color || s == "" {
		return s
	}
	return code + s + ansiReset
}

// line writes s cut to the terminal width (counting display columns, not bytes, and
// skipping colour sequences).
func (t Table) line(b *bufio.Writer, s string) {
	if t.Opts.Width > 0 {
		s = fitWidth(s, t.Opts.Width)
	}
	b.WriteString(strings.TrimRight(s, " "))
	b.WriteString("\n")
}

// fitWidth cuts s to width display columns, ending with "…" when cut. ANSI sequences
// take no room and are kept, so colours are always reset.
func fitWidth(s string, width int) string {
	if visibleWidth(s) <= width {
		return s
	}
	var out strings.Builder
	used := 0
	g := uniseg.NewGraphemes(s)
	colored := false
	for g.Next() {
		c := g.Str()
		if c == "\x1b" {
			// copy the escape sequence up to its final letter
			out.WriteString(c)
			for g.Next() {
				out.WriteString(g.Str())
				if r := g.Str(); len(r) == 1 && (r[0] >= 'A' && r[0] <= 'Z' || r[0] >= 'a' && r[0] <= 'z') {
					break
				}
			}
			colored = true
			continue
		}
		w := g.Width()
		if used+w > width-1 {
			break
		}
		out.WriteString(c)
		used += w
	}
	out.WriteString("…")
	if colored {
		out.WriteString(ansiReset)
	}
	return out.String()
}

func visibleWidth(s string) int {
	if !strings.Contains(s, "\x1b") {
		return uniseg.StringWidth(s)
	}
	n := 0
	for {
		i := strings.IndexByte(s, '\x1b')
		if i < 0 {
			return n + uniseg.StringWidth(s)
		}
		n += uniseg.StringWidth(s[:i])
		s = s[i:]
		j := strings.IndexFunc(s, func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' })
		if j < 0 {
			return n
		}
		s = s[j+1:]
	}
}

func pad(s string, w int) string {
	if d := w - uniseg.StringWidth(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// oneLine makes text the table did not write one inert line: whitespace runs become one
// space, control characters and bidi controls are shown, never sent to the terminal.
func oneLine(s string) string { return textsafe.Visible(strings.Join(strings.Fields(s), " ")) }
