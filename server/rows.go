package server

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
)

// The per-row parts of the busiest pages (the repository list's rows, a repository's
// results and its timeline) are written here in Go rather than as template actions:
// html/template calls an escaper through reflection for every action, which made these
// loops most of a page's CPU (docs/serve.md, "Where the time goes"). The output is byte
// for byte what the templates produced: every value goes through appendEsc or appendURL,
// which apply html/template's own escaping rules, and rows_test.go renders adversarial
// rows both ways and compares them.

// appendEsc appends s escaped as html/template escapes a string in HTML text or in a
// quoted attribute value (its htmlEscaper and attrEscaper): NUL becomes U+FFFD and
// " & ' + < > become entities. Every other byte, including invalid UTF-8, is kept, as
// html/template keeps it.
func appendEsc(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, r...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// appendURL appends s as html/template writes a value that is a whole quoted URL
// attribute (href="{{.}}"): a scheme other than http, https or mailto becomes
// "#ZgotmplZ" (urlFilter), bytes outside RFC 3986's unreserved and reserved sets are
// percent-encoded, valid escapes kept (urlNormalizer), and the result is attribute-escaped.
func appendURL(b []byte, s string) []byte {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		s = "#ZgotmplZ"
	}
	const hex = "0123456789abcdef"
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~',
			c == '!', c == '#', c == '$', c == '*', c == ',', c == '/', c == ':', c == ';', c == '=', c == '?', c == '@', c == '[', c == ']':
			continue
		case c == '&' || c == '+': // kept by the normalizer, then attribute-escaped
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			continue
		}
		b = append(b, s[last:i]...)
		switch c {
		case '&':
			b = append(b, "&amp;"...)
		case '+':
			b = append(b, "&#43;"...)
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
		last = i + 1
	}
	return append(b, s[last:]...)
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// repoRows writes the repository list's table rows (templates/repos.tmpl).
func repoRows(l links, rows []repoRow) template.HTML {
	b := make([]byte, 0, 512*len(rows))
	for i := range rows {
		r := &rows[i]
		b = append(b, `<tr data-search="`...)
		b = appendEsc(b, r.search)
		b = append(b, "\">\n<td><a href=\""...)
		b = appendURL(b, l.Repo(r.Key))
		b = append(b, `">`...)
		b = appendEsc(b, r.Meta.FullName)
		b = append(b, `</a>`...)
		if r.Meta.Archived {
			b = append(b, ` <span class="muted">(archived)</span>`...)
		}
		if d := r.Meta.Description; d != "" {
			b = append(b, `<br><span class="muted">`...)
			b = appendEsc(b, d)
			b = append(b, `</span>`...)
		}
		b = append(b, "</td>\n<td>"...)
		b = appendEsc(b, r.Team)
		b = append(b, "</td>\n<td>"...)
		b = appendEsc(b, r.Vis)
		b = append(b, "</td>\n<td class=\"num\">"...)
		if r.Score.Scored {
			b = appendEsc(b, strconv.FormatFloat(r.Score.Score, 'f', 1, 64))
		} else {
			b = append(b, `<span class="status s-error">unreadable</span>`...)
		}
		b = append(b, "</td>\n<td class=\"num\">"...)
		b = strconv.AppendInt(b, int64(r.Score.Failures), 10)
		b = append(b, "</td>\n<td>"...)
		if r.Score.Failures != 0 {
			b = append(b, `<span class="sev-`...)
			b = appendEsc(b, r.Worst.String())
			b = append(b, `">`...)
			b = appendEsc(b, r.Worst.String())
			b = append(b, `</span>`...)
		} else if r.Score.Compliant {
			b = append(b, `<span class="status s-pass">compliant</span>`...)
		}
		b = append(b, "</td>\n</tr>"...)
	}
	return template.HTML(b)
}

// resultRows writes a repository's results table rows (templates/repo.tmpl).
func resultRows(l links, m report.Meta, results []report.Result) template.HTML {
	b := make([]byte, 0, 600*len(results))
	for i := range results {
		res := &results[i]
		b = append(b, `<tr id="rule-`...)
		b = appendEsc(b, res.RuleID)
		b = append(b, "\">\n<td><a href=\""...)
		b = appendURL(b, l.Rule(res.RuleID))
		b = append(b, `">`...)
		b = appendEsc(b, res.RuleID)
		b = append(b, "</a></td>\n<td><span class=\"status s-"...)
		b = appendEsc(b, string(res.Status))
		b = append(b, `">`...)
		b = appendEsc(b, string(res.Status))
		b = append(b, "</span></td>\n<td class=\"sev-"...)
		b = appendEsc(b, res.Severity.String())
		b = append(b, `">`...)
		b = appendEsc(b, res.Severity.String())
		b = append(b, "</td>\n<td>"...)
		b = appendEsc(b, res.Message)
		b = append(b, '\n')
		for j := range res.Findings {
			f := &res.Findings[j]
			b = append(b, `<div class="finding">`...)
			u := fileURL(m, f.Path, f.Line)
			if u != "" {
				b = append(b, `<a href="`...)
				b = appendURL(b, u)
				b = append(b, `" rel="noreferrer">`...)
			}
			b = appendEsc(b, f.Path)
			if f.Line != 0 {
				b = append(b, ':')
				b = strconv.AppendInt(b, int64(f.Line), 10)
				if f.Column != 0 {
					b = append(b, ':')
					b = strconv.AppendInt(b, int64(f.Column), 10)
				}
			}
			if u != "" {
				b = append(b, `</a>`...)
			}
			b = append(b, " — "...)
			b = appendEsc(b, f.Message)
			b = append(b, `</div>`...)
		}
		b = append(b, '\n')
		if res.Remediation != "" {
			b = append(b, `<div class="hint"><strong>Fix:</strong> `...)
			b = appendEsc(b, res.Remediation)
			b = append(b, `</div>`...)
		}
		b = append(b, '\n')
		if res.Status == report.Exempt {
			b = append(b, `<div class="muted">Exempt: `...)
			b = appendEsc(b, res.Reason)
			if !res.ExemptUntil.IsZero() {
				b = append(b, ` (until `...)
				b = appendEsc(b, res.ExemptUntil.UTC().Format("2006-01-02"))
				b = append(b, ')')
			}
			b = append(b, `</div>`...)
		}
		b = append(b, "\n</td></tr>"...)
	}
	return template.HTML(b)
}

// timelineRows writes a repository's timeline table rows, newest first as given
// (templates/repo.tmpl).
func timelineRows(l links, changes []history.StatusChange) template.HTML {
	b := make([]byte, 0, 400*len(changes))
	for i := range changes {
		c := &changes[i]
		b = append(b, `<tr><td>`...)
		if c.Run.Started.IsZero() {
			b = append(b, "—"...)
		} else {
			b = appendEsc(b, c.Run.Started.UTC().Format("2006-01-02"))
		}
		b = append(b, ` <span class="muted">`...)
		b = appendEsc(b, c.Run.Name)
		b = append(b, `</span></td><td>`...)
		if c.Commit != "" {
			b = append(b, `<code>`...)
			b = appendEsc(b, c.Commit[:min(12, len(c.Commit))])
			b = append(b, `</code>`...)
		}
		b = append(b, `</td><td><a href="`...)
		b = appendURL(b, l.Rule(c.RuleID))
		b = append(b, `">`...)
		b = appendEsc(b, c.RuleID)
		b = append(b, "</a></td>\n<td>"...)
		if c.From != "" {
			b = append(b, `<span class="status s-`...)
			b = appendEsc(b, string(c.From))
			b = append(b, `">`...)
			b = appendEsc(b, string(c.From))
			b = append(b, `</span> → `...)
		} else {
			b = append(b, `first seen `...)
		}
		b = append(b, `<span class="status s-`...)
		b = appendEsc(b, string(c.To))
		b = append(b, `">`...)
		b = appendEsc(b, string(c.To))
		b = append(b, `</span></td><td>`...)
		b = appendEsc(b, c.Message)
		b = append(b, `</td></tr>`...)
	}
	return template.HTML(b)
}

// statusNames are report.Statuses as strings, for the status filter.
var statusNames = func() []string {
	out := make([]string, len(report.Statuses))
	for i, st := range report.Statuses {
		out[i] = string(st)
	}
	return out
}()

// options writes a select's options, one per value, marking the one equal to selected
// (templates/repos.tmpl).
func options(values []string, selected string) template.HTML {
	b := make([]byte, 0, 48*len(values))
	for _, v := range values {
		b = append(b, `<option value="`...)
		b = appendEsc(b, v)
		b = append(b, '"')
		if v == selected {
			b = append(b, ` selected`...)
		}
		b = append(b, '>')
		b = appendEsc(b, v)
		b = append(b, `</option>`...)
	}
	return template.HTML(b)
}
