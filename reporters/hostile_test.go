package reporters

import (
	"encoding/csv"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/repogov/repogov/report"
)

// hostile is text a repository controls (a CODEOWNERS line, a YAML value, a directory
// name): terminal escapes, bidi overrides, markdown links and HTML, table breaks,
// spreadsheet formulas, mentions, entities.
const hostile = "* @o\x1b]0;TITLE\a\x1b[2J \u202eevil\u202c [click](http://evil.example) <img src=x onerror=alert(1)> | col break https://evil.example @everyone &#x202E; \x9b31m"

func hostileReport() *report.Report {
	return &report.Report{
		Started:    time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC),
		Rules:      []report.Rule{{ID: "codeowners", Title: "CODEOWNERS", Severity: report.Error, HelpURL: "https://example.com/rules#codeowners"}},
		Incomplete: true, Problems: []string{"listing " + hostile},
		Repos: []report.Repository{
			{Meta: report.Meta{Name: "x\x1b[31m", FullName: "acme/x\x1b[31m\u202e", URL: "https://github.com/acme/x) [y](http://evil.example"},
				Results: []report.Result{{RuleID: "codeowners", Status: report.Fail, Severity: report.Error,
					Message: "=HYPERLINK(\"http://evil.example\") " + hostile, Remediation: "fix `CODEOWNERS` now " + hostile,
					Findings: []report.Finding{{Path: ".github/CODEOWNERS", Line: 1, Message: hostile}, {Message: "+cmd|' /C calc'!A0"}}}}},
			{Meta: report.Meta{Name: "y", FullName: "-y\x1b]8;;http://evil\a"}, Error: "clone: " + hostile},
		},
	}
}

// controls finds the characters no human format may pass through from content.
var controls = regexp.MustCompile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")

func TestHostileContentIsInert(t *testing.T) {
	r := hostileReport()
	t.Run("table", func(t *testing.T) {
		out := string(render(t, "table", Options{}, r))
		if m := controls.FindAllString(out, -1); len(m) > 0 {
			t.Errorf("control characters reach the terminal: %q\n%s", m, out)
		}
		colored := string(render(t, "table", Options{Color: true, Width: 80}, r))
		if strings.Contains(colored, "\x1b]") || strings.Contains(colored, "\x1b[2J") || strings.Contains(colored, "\x1b[31m\u202e") {
			t.Errorf("a content escape sequence survives in colour:\n%q", colored)
		}
		if !strings.Contains(out, `\x1b]0;TITLE\x07\x1b[2J`) || !strings.Contains(out, "U+202E") {
			t.Errorf("the escapes are not shown visibly:\n%s", out)
		}
	})
	t.Run("markdown", func(t *testing.T) {
		out := string(render(t, "markdown", Options{}, r))
		if m := controls.FindAllString(out, -1); len(m) > 0 {
			t.Errorf("control characters in markdown: %q", m)
		}
		for _, bad := range []string{"](http://evil", "<img", " | col break", "https://evil", "@everyone", "&#x202E;", "[click]", ") [y]"} {
			if strings.Contains(out, bad) {
				t.Errorf("markdown would render %q:\n%s", bad, out)
			}
		}
		if !strings.Contains(out, "(https://github.com/acme/x%29%20%5By%5D%28http://evil.example)") {
			t.Errorf("the repository link is not percent-encoded:\n%s", out)
		}
	})
	t.Run("csv", func(t *testing.T) {
		out := render(t, "csv", Options{}, r)
		rows, err := csv.NewReader(strings.NewReader(string(out))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("cell %q would be a formula", cell)
				}
				if m := controls.FindAllString(cell, -1); len(m) > 0 {
					t.Errorf("control characters in cell %q", cell)
				}
			}
		}
	})
	t.Run("html", func(t *testing.T) {
		out := string(render(t, "html", Options{}, r))
		// The JSON data island is JSON (escaped by json.Marshal); the page is what people see.
		page := regexp.MustCompile(`(?s)<script type="application/json" id="report-data">.*?</script>`).ReplaceAllString(out, "")
		if m := controls.FindAllString(page, -1); len(m) > 0 {
			t.Errorf("control characters in the page: %q", m)
		}
		for _, bad := range []string{"<img", "href=\"http://evil", "&#x202E;"} {
			if strings.Contains(out, bad) {
				t.Errorf("the page carries %q", bad)
			}
		}
	})
}
