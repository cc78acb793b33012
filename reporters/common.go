package reporters

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/repogov/repogov/report"
)

// lookupRule finds the rule with id in rs.
func lookupRule(rs []report.Rule, id string) (report.Rule, bool) {
	for _, r := range rs {
		if r.ID == id {
			return r, true
		}
	}
	return report.Rule{}, false
}

// repoName is how a repository is shown to people.
func repoName(rr report.Repository) string {
	if rr.Meta.FullName != "" {
		return rr.Meta.FullName
	}
	return rr.Meta.Name
}

var (
	mdLink     = regexp.MustCompile(`!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)`)
	mdEmph     = regexp.MustCompile("(\\*\\*|__|\\*|`)")
	mdHeading  = regexp.MustCompile(`(?m)^#{1,6}\s+`)
	mdBullet   = regexp.MustCompile(`(?m)^(\s*)[*+]\s+`)
	mdQuote    = regexp.MustCompile(`(?m)^>\s?`)
	blankLines = regexp.MustCompile(`\n\s*\n`)
)

// plainText strips the markdown a rule's Doc uses: emphasis, code spans, headings,
// quotes; links become "text (url)".
func plainText(md string) string {
	s := strings.ReplaceAll(md, "\r\n", "\n")
	s = mdLink.ReplaceAllStringFunc(s, func(m string) string {
		sm := mdLink.FindStringSubmatch(m)
		if sm[1] == "" || sm[1] == sm[2] {
			return sm[2]
		}
		return sm[1] + " (" + sm[2] + ")"
	})
	s = mdHeading.ReplaceAllString(s, "")
	s = mdBullet.ReplaceAllString(s, "$1- ")
	s = mdEmph.ReplaceAllString(s, "")
	s = mdQuote.ReplaceAllString(s, "")
	return strings.TrimSpace(s)
}

// firstParagraph returns the first paragraph of md as one line of plain text.
func firstParagraph(md string) string {
	s := strings.TrimSpace(strings.ReplaceAll(md, "\r\n", "\n"))
	if loc := blankLines.FindStringIndex(s); loc != nil {
		s = s[:loc[0]]
	}
	return strings.Join(strings.Fields(plainText(s)), " ")
}

// truncate cuts s to at most n runes, ending with "…" when cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// statusOrder lists the statuses in display order.
var statusOrder = []report.Status{report.Pass, report.Inherited, report.Fail, report.Exempt, report.NotApplicable, report.StatusError}

// findingText renders a finding as "path:line:col: message".
func findingText(f report.Finding) string {
	var b strings.Builder
	if f.Path != "" {
		b.WriteString(f.Path)
		if f.Line > 0 {
			b.WriteString(":" + strconv.Itoa(f.Line))
			if f.Column > 0 {
				b.WriteString(":" + strconv.Itoa(f.Column))
			}
		}
		if f.Message != "" {
			b.WriteString(": ")
		}
	}
	b.WriteString(f.Message)
	return b.String()
}
