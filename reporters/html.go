package reporters

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/repogov/repogov/internal/textsafe"
	"github.com/repogov/repogov/report"
)

// HTML is one self-contained page (inline CSS and JS, no network assets): headline
// figures, a bar per rule, a sortable and filterable repository × rule matrix, and a
// drill-down per repository with findings and remediation. The JSON report is embedded
// in a <script type="application/json" id="report-data"> for reuse.
type HTML struct{ Opts Options }

//go:embed html.tmpl
var htmlSource string

// The page is written as it is made: the template runs up to the JSON data island and
// after it; the island itself is streamed between them (html/template cannot end a
// template inside a script element), and the repositories come from an iterator.
const htmlDataIsland = `<script type="application/json" id="report-data">{{.Data}}</script>`

var htmlHead, htmlTail = func() (*template.Template, *template.Template) {
	head, tail, ok := strings.Cut(htmlSource, htmlDataIsland)
	if !ok {
		panic("html.tmpl lacks " + htmlDataIsland)
	}
	return template.Must(template.New("head").Parse(head)), template.Must(template.New("tail").Parse(tail))
}()

type htmlPage struct {
	Title, Version, Policy, RunID, Started string
	Duration                               string
	Incomplete                             bool
	Problems                               []string
	Scanned, Unreadable, Compliant         int
	CompliantPct, MeanScore                string
	Failures                               int
	Rules                                  []htmlRule
	Repos                                  iter.Seq[htmlRepo] // made one at a time, as the template ranges
	RepoCount                              int
	Statuses                               []htmlStatus
	Trend                                  *htmlTrend // from a history store; nil without one
}

type htmlStatus struct{ Value, Label, Mark string }

type htmlRule struct {
	ID, Title, HelpURL, Severity string
	Counts                       []htmlCount
	Bars                         []htmlBar
	PassRate                     string
	Label                        string
}

type htmlCount struct {
	Status string
	N      int
}

type htmlBar struct {
	Status string
	X, W   string
	N      int
}

type htmlRepo struct {
	Anchor, Name, URL, Error  string
	Score                     string
	SortScore                 string
	Compliant                 bool
	Statuses                  string // space-separated statuses present, for the filter
	Cells                     []htmlCell
	Failures, Others          []htmlResult
	FailureCount, ErrorsCount int
}

type htmlCell struct {
	Rule, Status, Mark, Label, Sort string
}

type htmlResult struct {
	Rule, HelpURL, Status, Mark, Severity, Message, Remediation, Reason string
	Findings                                                            []string
}

var htmlMark = map[report.Status]string{
	report.Pass: "✓", report.Inherited: "↑", report.Fail: "✗", report.Exempt: "–", report.NotApplicable: "·", report.StatusError: "!",
}

var htmlLabel = map[report.Status]string{
	report.Pass: "pass", report.Inherited: "inherited", report.Fail: "fail", report.Exempt: "exempt",
	report.NotApplicable: "not applicable", report.StatusError: "error",
}

// sort rank of a status in a rule column: problems first when sorted ascending.
var htmlRank = map[report.Status]string{
	report.StatusError: "0", report.Fail: "1", report.Exempt: "2", report.Inherited: "3", report.Pass: "4", report.NotApplicable: "5",
}

func (h HTML) Write(w io.Writer, r *report.Report) error {
	sum := r.Summary()
	all := r.AllRules()
	p := htmlPage{
		Title:        "repogov report — " + r.PolicyName(),
		Version:      h.Opts.version(),
		Policy:       r.PolicyName(),
		RunID:        r.ID(),
		Incomplete:   r.Incomplete,
		Problems:     visibleAll(r.Problems),
		Scanned:      sum.Scanned,
		Unreadable:   sum.Unreadable,
		Compliant:    sum.FullyCompliant,
		CompliantPct: fmt.Sprintf("%.0f%%", 100*sum.CompliantShare),
		MeanScore:    fmt.Sprintf("%.1f", sum.MeanScore),
		Failures:     sum.Failures,
	}
	if !r.Started.IsZero() {
		p.Started = r.Started.UTC().Format(time.RFC3339)
	}
	p.Trend = trendCharts(h.Opts.Trend)
	p.Duration = fmt.Sprintf("%.1f s", sum.Duration)
	for _, st := range statusOrder {
		p.Statuses = append(p.Statuses, htmlStatus{Value: string(st), Label: htmlLabel[st], Mark: htmlMark[st]})
	}
	for _, rs := range sum.Rules {
		ru, _ := lookupRule(all, rs.RuleID)
		hr := htmlRule{ID: ru.ID, Title: ru.Title, HelpURL: ru.HelpURL, Severity: policySeverity(r, ru),
			PassRate: "–"}
		if rs.Pass+rs.Inherited+rs.Fail+rs.Error > 0 {
			// A rule that applied nowhere has no pass rate; the table shows "–" too.
			hr.PassRate = fmt.Sprintf("%.0f%%", 100*rs.PassRate)
		}
		counts := map[report.Status]int{report.Pass: rs.Pass, report.Inherited: rs.Inherited, report.Fail: rs.Fail,
			report.Exempt: rs.Exempt, report.NotApplicable: rs.NotApplicable, report.StatusError: rs.Error}
		total := 0
		for _, st := range statusOrder {
			total += counts[st]
		}
		x := 0.0
		var label []string
		for _, st := range statusOrder {
			n := counts[st]
			hr.Counts = append(hr.Counts, htmlCount{Status: string(st), N: n})
			if n == 0 {
				continue
			}
			label = append(label, fmt.Sprintf("%s %d", htmlLabel[st], n))
			wd := 100 * float64(n) / float64(total)
			hr.Bars = append(hr.Bars, htmlBar{Status: string(st), X: fmt.Sprintf("%.2f", x), W: fmt.Sprintf("%.2f", wd), N: n})
			x += wd
		}
		if len(label) == 0 {
			label = []string{"no results"}
		}
		hr.Label = ru.ID + ": " + strings.Join(label, ", ")
		p.Rules = append(p.Rules, hr)
	}
	p.RepoCount = len(r.Repos)
	p.Repos = func(yield func(htmlRepo) bool) {
		for i, rr := range r.Repos {
			if !yield(htmlRepoOf(all, sum, i, rr)) {
				return
			}
		}
	}
	if err := htmlHead.Execute(w, p); err != nil {
		return err
	}
	// The embedded data is the JSON report. json.Marshal escapes <, > and & (and U+2028,
	// U+2029), so no message can close the script element.
	if _, err := io.WriteString(w, `<script type="application/json" id="report-data">`); err != nil {
		return err
	}
	if err := JSON(h).stream(w, r, ""); err != nil {
		return err
	}
	if _, err := io.WriteString(w, `</script>`); err != nil {
		return err
	}
	return htmlTail.Execute(w, p)
}

// htmlRepoOf is what the page shows of r.Repos[i].
func htmlRepoOf(all []report.Rule, sum report.Summary, i int, rr report.Repository) htmlRepo {
	s := sum.Repos[i]
	hr := htmlRepo{Anchor: fmt.Sprintf("repo-%d", i+1), Name: textsafe.Visible(repoName(rr)), URL: rr.Meta.URL, Error: textsafe.Visible(rr.Error),
		Compliant: s.Compliant, FailureCount: s.Failures, ErrorsCount: s.Errors, Score: "—", SortScore: "-1"}
	if s.Scored {
		hr.Score = fmt.Sprintf("%.0f", s.Score)
		hr.SortScore = fmt.Sprintf("%.1f", s.Score)
	}
	present := map[string]bool{}
	if rr.Error != "" {
		present[string(report.StatusError)] = true
	}
	for _, ru := range all {
		res, ok := rr.Result(ru.ID)
		if rr.Error != "" {
			res, ok = report.Result{Status: report.StatusError, Message: "not scanned"}, true
		}
		if !ok {
			hr.Cells = append(hr.Cells, htmlCell{Rule: ru.ID, Label: "no result", Sort: "9"})
			continue
		}
		present[string(res.Status)] = true
		hr.Cells = append(hr.Cells, htmlCell{Rule: ru.ID, Status: string(res.Status), Mark: htmlMark[res.Status],
			Label: ru.ID + ": " + htmlLabel[res.Status], Sort: htmlRank[res.Status]})
	}
	for _, res := range rr.Results {
		ru, _ := lookupRule(all, res.RuleID)
		x := htmlResult{Rule: res.RuleID, HelpURL: ru.HelpURL, Status: string(res.Status), Mark: htmlMark[res.Status],
			Severity: res.Severity.String(), Message: textsafe.Visible(res.Message), Remediation: textsafe.Visible(res.Remediation),
			Reason: textsafe.Visible(res.Reason)}
		for _, f := range res.Findings {
			x.Findings = append(x.Findings, textsafe.Visible(findingText(f)))
		}
		if res.Status == report.Fail || res.Status == report.StatusError {
			hr.Failures = append(hr.Failures, x)
		} else {
			hr.Others = append(hr.Others, x)
		}
	}
	var st []string
	for _, s := range statusOrder {
		if present[string(s)] {
			st = append(st, string(s))
		}
	}
	if s.Compliant {
		st = append(st, "compliant")
	}
	hr.Statuses = strings.Join(st, " ")
	return hr
}

// visibleAll is textsafe.Visible over a list.
func visibleAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = textsafe.Visible(s)
	}
	return out
}

// policySeverity is the severity the scan's policy gave ru, read from its results (the
// rule list carries the default): "warning", or "warning, error" when the policy set it
// per repository. Without results it is the default.
func policySeverity(r *report.Report, ru report.Rule) string {
	seen := map[report.Severity]bool{}
	for _, rr := range r.Repos {
		if res, ok := rr.Result(ru.ID); ok {
			seen[res.Severity] = true
		}
	}
	if len(seen) == 0 {
		return ru.Severity.String()
	}
	var out []string
	for _, sev := range []report.Severity{report.Error, report.Warning, report.Note, report.SeverityNone} {
		if seen[sev] {
			out = append(out, sev.String())
		}
	}
	return strings.Join(out, ", ")
}
