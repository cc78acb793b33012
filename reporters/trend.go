package reporters

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/internal/textsafe"
)

// TrendFormats are the formats WriteTrend accepts.
var TrendFormats = []string{"table", "json", "csv"}

// WriteTrend writes the organization over time (repogov trend): per period the compliant
// share, the mean score and every rule's pass rate.
func WriteTrend(w io.Writer, t *history.Trend, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(t)
	case "csv":
		// One row per period and rule, plus the organization's figures on every row: the
		// shape spreadsheets pivot easily.
		cw := csv.NewWriter(w)
		if err := cw.Write([]string{"period", "run", "repositories", "compliant_share", "mean_score", "rule", "pass", "fail",
			"inherited", "exempt", "not_applicable", "error", "pass_rate"}); err != nil {
			return err
		}
		for _, p := range t.Points {
			head := []string{p.Period, csvSafe(textsafe.Visible(p.Run.Name)), strconv.Itoa(p.Totals.Repositories),
				strconv.FormatFloat(p.Totals.CompliantShare, 'f', 4, 64), strconv.FormatFloat(p.Totals.MeanScore, 'f', 1, 64)}
			for _, r := range p.Rules {
				row := append(append([]string(nil), head...), csvSafe(textsafe.Visible(r.RuleID)), strconv.Itoa(r.Pass), strconv.Itoa(r.Fail),
					strconv.Itoa(r.Inherited), strconv.Itoa(r.Exempt), strconv.Itoa(r.NotApplicable), strconv.Itoa(r.Error),
					strconv.FormatFloat(r.PassRate, 'f', 4, 64))
				if err := cw.Write(row); err != nil {
					return err
				}
			}
			if len(p.Rules) == 0 {
				if err := cw.Write(append(head, "", "", "", "", "", "", "", "")); err != nil {
					return err
				}
			}
		}
		cw.Flush()
		return cw.Error()
	case "table":
		_, err := io.WriteString(w, trendTable(t))
		return err
	}
	return fmt.Errorf("unknown trend format %q (want one of %v)", format, TrendFormats)
}

// trendTable: one row per period, the organization's figures, then one column per rule
// with its pass rate.
func trendTable(t *history.Trend) string {
	var b strings.Builder
	if len(t.Points) == 0 {
		return "no runs in the store match\n"
	}
	var ids []string
	seen := map[string]bool{}
	for _, p := range t.Points {
		for _, r := range p.Rules {
			if !seen[r.RuleID] {
				seen[r.RuleID] = true
				ids = append(ids, r.RuleID)
			}
		}
	}
	pw := len("period")
	for _, p := range t.Points {
		pw = max(pw, len(p.Period))
	}
	fmt.Fprintf(&b, "%-*s  %5s  %9s  %5s", pw, "period", "repos", "compliant", "score")
	for _, id := range ids {
		fmt.Fprintf(&b, "  %s", textsafe.Visible(id))
	}
	b.WriteString("\n")
	for _, p := range t.Points {
		fmt.Fprintf(&b, "%-*s  %5d  %9s  %5.1f", pw, p.Period, p.Totals.Repositories, pct(p.Totals.CompliantShare), p.Totals.MeanScore)
		rate := map[string]float64{}
		for _, r := range p.Rules {
			rate[r.RuleID] = r.PassRate
		}
		for _, id := range ids {
			cell := "—"
			if v, ok := rate[id]; ok {
				cell = fmt.Sprintf("%.0f %%", 100*v)
			}
			fmt.Fprintf(&b, "  %*s", len(textsafe.Visible(id)), cell)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// trendChart is an inline SVG line chart (no script, no external asset) of values in
// [0, max] over the trend's points; nil values are gaps.
func trendChart(title string, values []float64, maxV float64, labels []string) template.HTML {
	const w, h, pad = 320.0, 80.0, 4.0
	n := len(values)
	if n == 0 {
		return ""
	}
	x := func(i int) float64 {
		if n == 1 {
			return w / 2
		}
		return pad + float64(i)*(w-2*pad)/float64(n-1)
	}
	y := func(v float64) float64 { return h - pad - (v/maxV)*(h-2*pad) }
	var pts []string
	for i, v := range values {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(v)))
	}
	var b strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&b, `<svg class="trend" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s"><title>%s</title>`,
		w, h, esc(title), esc(title))
	fmt.Fprintf(&b, `<line class="axis" x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f"></line>`, pad, y(0), w-pad, y(0))
	fmt.Fprintf(&b, `<polyline class="line" fill="none" points="%s"></polyline>`, strings.Join(pts, " "))
	for i, v := range values {
		fmt.Fprintf(&b, `<circle class="dot" cx="%.1f" cy="%.1f" r="2"><title>%s: %s</title></circle>`, x(i), y(v), esc(labels[i]), esc(strconv.FormatFloat(v, 'f', 1, 64)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // built from numbers and escaped labels only
}

// trendCharts are the HTML report's charts: compliant share and mean score over time,
// and one small chart per rule's pass rate.
type htmlTrend struct {
	Compliant, Score template.HTML
	Rules            []htmlRuleTrend
	From, To         string
	Points           int
}

type htmlRuleTrend struct {
	ID    string
	Chart template.HTML
	Now   string
}

func trendCharts(t *history.Trend) *htmlTrend {
	if t == nil || len(t.Points) < 2 {
		return nil
	}
	var share, score []float64
	var labels []string
	for _, p := range t.Points {
		share = append(share, 100*p.Totals.CompliantShare)
		score = append(score, p.Totals.MeanScore)
		labels = append(labels, p.Period)
	}
	out := &htmlTrend{
		Compliant: trendChart("Fully compliant repositories, % of scanned", share, 100, labels),
		Score:     trendChart("Mean score (0–100)", score, 100, labels),
		From:      t.Points[0].Period, To: t.Points[len(t.Points)-1].Period, Points: len(t.Points),
	}
	var ids []string
	seen := map[string]bool{}
	for _, p := range t.Points {
		for _, r := range p.Rules {
			if !seen[r.RuleID] {
				seen[r.RuleID] = true
				ids = append(ids, r.RuleID)
			}
		}
	}
	for _, id := range ids {
		var vals []float64
		var ls []string
		for _, p := range t.Points {
			for _, r := range p.Rules {
				if r.RuleID == id {
					vals = append(vals, 100*r.PassRate)
					ls = append(ls, p.Period)
				}
			}
		}
		out.Rules = append(out.Rules, htmlRuleTrend{ID: textsafe.Visible(id),
			Chart: trendChart(textsafe.Visible(id)+": pass rate, %", vals, 100, ls), Now: fmt.Sprintf("%.0f %%", vals[len(vals)-1])})
	}
	return out
}

// HistoryFormats are the formats WriteHistory accepts.
var HistoryFormats = []string{"table", "json"}

// WriteHistory writes one repository over time (repogov history): its status changes
// per rule with the run and commit, then its score per run.
func WriteHistory(w io.Writer, h *history.RepoHistory, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(h)
	case "table":
		var b strings.Builder
		v := textsafe.Visible
		fmt.Fprintf(&b, "%s\n\nstatus changes\n", v(h.Repo.FullName))
		if len(h.Changes) == 0 {
			b.WriteString("  none\n")
		}
		for _, c := range h.Changes {
			from, to := string(c.From), string(c.To)
			if from == "" {
				from = "(none)"
			}
			if to == "" {
				to = "(none)"
			}
			commit := c.Commit
			if len(commit) > 12 {
				commit = commit[:12]
			}
			fmt.Fprintf(&b, "  %-20s %s  %-12s  %s → %s", v(c.Run.Name), c.Run.Started.Format("2006-01-02"), commit, from, to)
			fmt.Fprintf(&b, "  %s", v(c.RuleID))
			if c.Message != "" {
				b.WriteString("  " + v(c.Message))
			}
			b.WriteString("\n")
		}
		b.WriteString("\nscore\n")
		for _, s := range h.Scores {
			switch {
			case s.Error != "":
				fmt.Fprintf(&b, "  %-20s %s  not read: %s\n", v(s.Run.Name), s.Run.Started.Format("2006-01-02"), v(s.Error))
			default:
				mark := ""
				if s.Compliant {
					mark = "  fully compliant"
				}
				fmt.Fprintf(&b, "  %-20s %s  %5.1f  %d failing%s\n", v(s.Run.Name), s.Run.Started.Format("2006-01-02"), s.Score, s.Failures, mark)
			}
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	return fmt.Errorf("unknown history format %q (want one of %v)", format, HistoryFormats)
}
