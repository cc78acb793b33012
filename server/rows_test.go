package server

import (
	"bytes"
	"html/template"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
)

// The loops rows.go replaced, as they were in the templates: rows.go must write exactly
// what html/template wrote from them, for any content.
const (
	refRepoRows = `{{range .Rows}}<tr data-search="{{.Search}}">
<td><a href="{{$.L.Repo .Key}}">{{.Meta.FullName}}</a>{{if .Meta.Archived}} <span class="muted">(archived)</span>{{end}}{{with .Meta.Description}}<br><span class="muted">{{.}}</span>{{end}}</td>
<td>{{.Team}}</td>
<td>{{.Vis}}</td>
<td class="num">{{if .Score.Scored}}{{score .Score.Score}}{{else}}<span class="status s-error">unreadable</span>{{end}}</td>
<td class="num">{{.Score.Failures}}</td>
<td>{{if .Score.Failures}}<span class="sev-{{.Worst}}">{{.Worst}}</span>{{else if .Score.Compliant}}<span class="status s-pass">compliant</span>{{end}}</td>
</tr>{{end}}`
	refResultRows = `{{$l := .L}}{{$m := .Meta}}{{range .Results}}<tr id="rule-{{.RuleID}}">
<td><a href="{{$l.Rule .RuleID}}">{{.RuleID}}</a></td>
<td><span class="status s-{{.Status}}">{{.Status}}</span></td>
<td class="sev-{{.Severity}}">{{.Severity}}</td>
<td>{{.Message}}
{{range .Findings}}<div class="finding">{{with fileURL $m .Path .Line}}<a href="{{.}}" rel="noreferrer">{{end}}{{.Path}}{{if .Line}}:{{.Line}}{{if .Column}}:{{.Column}}{{end}}{{end}}{{if fileURL $m .Path .Line}}</a>{{end}} — {{.Message}}</div>{{end}}
{{with .Remediation}}<div class="hint"><strong>Fix:</strong> {{.}}</div>{{end}}
{{if eq (print .Status) "exempt"}}<div class="muted">Exempt: {{.Reason}}{{if not .ExemptUntil.IsZero}} (until {{date .ExemptUntil}}){{end}}</div>{{end}}
</td></tr>{{end}}`
	refTimelineRows = `{{$l := .L}}{{range .Changes}}<tr><td>{{date .Run.Started}} <span class="muted">{{.Run.Name}}</span></td><td>{{with .Commit}}<code>{{short .}}</code>{{end}}</td><td><a href="{{$l.Rule .RuleID}}">{{.RuleID}}</a></td>
<td>{{if .From}}<span class="status s-{{.From}}">{{.From}}</span> → {{else}}first seen {{end}}<span class="status s-{{.To}}">{{.To}}</span></td><td>{{.Message}}</td></tr>{{end}}`
)

const refOptions = `{{range .V}}<option value="{{.}}"{{if eq . $.Sel}} selected{{end}}>{{.}}</option>{{end}}`

// nasty are strings that exercise every escaping rule: HTML specials, '+', NUL, invalid
// UTF-8, URL schemes, percent escapes (valid, invalid, at the end), non-ASCII.
var nasty = []string{
	"", "plain", `<b>bold</b> & "q" 'a' +1`, "nul\x00byte", "bad\xffutf8\xc3", "javascript:alert(1)",
	"JAVASCRIPT:x", "mailto:a@b", "https://h/p?a=1&b=2+3#f", "50%25 %zz %4", "%41%", "a b\tc\nd",
	"ü€😀", "../../etc/passwd", "a/b:c", "`~!@#$^*()[]{}|\\;,?=", "\u2028\u2029", "x\r\ny", "#frag",
}

func TestRowsMatchTemplates(t *testing.T) {
	ref := func(text string) *template.Template {
		return template.Must(template.New("ref").Funcs(funcs).Parse(text))
	}
	exec := func(t *testing.T, tm *template.Template, data any) string {
		var b bytes.Buffer
		if err := tm.Execute(&b, data); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	when := time.Date(2026, 11, 30, 23, 59, 0, 0, time.FixedZone("x", -5*3600))
	for _, l := range []links{{base: "./"}, {base: "../../../"}, {base: "../", export: true}} {
		var rows []repoRow
		var results []report.Result
		var changes []history.StatusChange
		for i, s := range nasty {
			o := nasty[(i+7)%len(nasty)]
			rows = append(rows, repoRow{Key: "h/" + s + "/" + o, Meta: report.Meta{FullName: s, Description: o, Archived: i%3 == 0},
				Team: o, Vis: s, Score: report.RepoScore{Scored: i%4 != 1, Score: float64(i) * 7.35, Failures: i % 3, Compliant: i%5 == 0},
				Worst: report.Severity(i % 5), search: s + " " + o})
			results = append(results, report.Result{RuleID: s, Status: []report.Status{report.Pass, report.Exempt, report.Fail, report.Status(o)}[i%4],
				Severity: report.Severity(i % 5), Message: o, Remediation: s, Reason: o,
				ExemptUntil: []time.Time{{}, when}[i%2],
				Findings:    []report.Finding{{Path: s, Line: i % 3, Column: i % 2, Message: o}, {Path: o, Line: 7, Message: s}, {Message: s}}})
			changes = append(changes, history.StatusChange{Run: history.RunRef{Name: o, Started: []time.Time{{}, when}[i%2]},
				Commit: strings.Repeat(s, 3), RuleID: s, From: report.Status([]string{"", s}[i%2]), To: report.Status(o), Message: s})
		}
		rows = append(rows, repoRow{Meta: report.Meta{FullName: "x"}, Score: report.RepoScore{Scored: true, Score: math.Inf(1)}})
		for _, m := range []report.Meta{
			{URL: "https://github.com/acme/a", Host: "github.com", HeadOID: "abc"},
			{URL: "https://gitlab.example/g/a", Host: "gitlab.example", DefaultBranch: "ma in"},
			{URL: "http://h/<x>&", Host: "h"},
			{},
		} {
			if got, want := string(resultRows(l, m, results)), exec(t, ref(refResultRows), map[string]any{"L": l, "Meta": m, "Results": results}); got != want {
				t.Errorf("resultRows(%+v, %+v):\n got %q\nwant %q", l, m, got, want)
			}
		}
		if got, want := string(repoRows(l, rows)), exec(t, ref(refRepoRows), map[string]any{"L": l, "Rows": rows}); got != want {
			t.Errorf("repoRows(%+v):\n got %q\nwant %q", l, got, want)
		}
		for _, sel := range []string{"", "plain", nasty[2]} {
			if got, want := string(options(nasty, sel)), exec(t, ref(refOptions), map[string]any{"V": nasty, "Sel": sel}); got != want {
				t.Errorf("options(%q):\n got %q\nwant %q", sel, got, want)
			}
		}
		if got, want := string(timelineRows(l, changes)), exec(t, ref(refTimelineRows), map[string]any{"L": l, "Changes": changes}); got != want {
			t.Errorf("timelineRows(%+v):\n got %q\nwant %q", l, got, want)
		}
	}
}

// FuzzEscape checks appendEsc and appendURL against html/template on any string.
func FuzzEscape(f *testing.F) {
	for _, s := range nasty {
		f.Add(s)
	}
	tm := template.Must(template.New("x").Parse(`{{.}}|<a title="{{.}}" href="{{.}}">`))
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		if err := tm.Execute(&want, s); err != nil {
			t.Skip()
		}
		got := string(appendEsc(nil, s)) + `|<a title="` + string(appendEsc(nil, s)) + `" href="` + string(appendURL(nil, s)) + `">`
		if got != want.String() {
			t.Errorf("%q:\n got %q\nwant %q", s, got, want.String())
		}
	})
}
