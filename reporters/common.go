package reporters

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
)

// reportRules returns the report's rules, adding a bare rule for any result whose
// rule is not listed (so every reporter can name it).
func reportRules(r *scanner.Report) []rules.Rule {
	out := append([]rules.Rule(nil), r.Rules...)
	seen := map[string]bool{}
	for _, ru := range out {
		seen[ru.ID] = true
	}
	for _, rr := range r.Repos {
		for _, res := range rr.Results {
			if !seen[res.RuleID] {
				seen[res.RuleID] = true
				out = append(out, rules.Rule{ID: res.RuleID, Title: res.RuleID, Severity: res.Severity})
			}
		}
	}
	return out
}

// resultFor returns rr's result for rule id.
func resultFor(rr scanner.RepoReport, id string) (rules.Result, bool) {
	for _, res := range rr.Results {
		if res.RuleID == id {
			return res, true
		}
	}
	return rules.Result{}, false
}

// repoName is how a repository is shown to people.
func repoName(rr scanner.RepoReport) string {
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
var statusOrder = []rules.Status{rules.Pass, rules.Inherited, rules.Fail, rules.Exempt, rules.NotApplicable, rules.StatusError}

// findingText renders a finding as "path:line:col: message".
func findingText(f rules.Finding) string {
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
