package reporters

import (
	"fmt"
	"io"
	"strings"

	"github.com/repogov/repogov/internal/textsafe"
	"github.com/repogov/repogov/report"
)

// Markdown is a summary for $GITHUB_STEP_SUMMARY and issue bodies: headline figures, a
// repositories × key rules table, then the failures with their remediation. It stays
// under GitHub's 1 MiB step-summary limit by cutting the failure list short.
type Markdown struct{ Opts Options }

const (
	mdMaxBytes    = 900 << 10 // below the 1 MiB step-summary limit
	mdMaxKeyRules = 8
)

var mdMark = map[report.Status]string{
	report.Pass:          "✅",
	report.Inherited:     "☑️",
	report.Fail:          "❌",
	report.Exempt:        "➖",
	report.NotApplicable: "·",
	report.StatusError:   "⚠️",
}

func (m Markdown) Write(w io.Writer, r *report.Report) error {
	var b strings.Builder
	sum := r.Summary()
	all := r.AllRules()

	fmt.Fprintf(&b, "## repogov: %d of %d repositories fully compliant\n\n", sum.FullyCompliant, sum.Scanned)
	fmt.Fprintf(&b, "Policy **%s** · mean score **%.1f** · %s", mdEscape(r.PolicyName()), sum.MeanScore, plural(sum.Failures, "failure", "failures"))
	if sum.Unreadable > 0 {
		fmt.Fprintf(&b, " · %s could not be read", plural(sum.Unreadable, "repository", "repositories"))
	}
	fmt.Fprintf(&b, " · repogov %s\n\n", mdEscape(m.Opts.version()))
	if r.Incomplete {
		b.WriteString("> [!WARNING]\n> The scan is incomplete:")
		for _, p := range r.Problems {
			b.WriteString(" " + mdEscape(p) + ".")
		}
		b.WriteString("\n\n")
	}

	if d := m.Opts.Since; d != nil {
		b.WriteString("### Since the last run (" + mdEscape(d.From.Name) + ")\n\n")
		diffMarkdown(&b, d, "####")
		b.WriteString("\n")
	}

	key := keyRules(all, sum)
	if len(r.Repos) > 0 {
		b.WriteString("| Repository | Score |")
		for _, ru := range key {
			b.WriteString(" " + mdEscape(ru.ID) + " |")
		}
		b.WriteString("\n| --- | ---: |")
		for range key {
			b.WriteString(" :---: |")
		}
		b.WriteString("\n")
		for i, rr := range r.Repos {
			s := sum.Repos[i]
			fmt.Fprintf(&b, "| %s |", mdRepoLink(rr))
			if !s.Scored {
				b.WriteString(" — |")
				for range key {
					b.WriteString(" " + mdMark[report.StatusError] + " |")
				}
				b.WriteString("\n")
				continue
			}
			fmt.Fprintf(&b, " %.0f |", s.Score)
			for _, ru := range key {
				mark := ""
				if res, ok := rr.Result(ru.ID); ok {
					mark = mdMark[res.Status]
				}
				b.WriteString(" " + mark + " |")
			}
			b.WriteString("\n")
		}
		b.WriteString("\n✅ pass · ☑️ inherited from the organization · ❌ fail · ➖ exempt · · not applicable · ⚠️ error")
		if len(key) < len(all) {
			fmt.Fprintf(&b, " · %s without failures not shown", plural(len(all)-len(key), "rule", "rules"))
		}
		b.WriteString("\n\n")
	}

	if sum.Failures == 0 && sum.Unreadable == 0 && sum.ByStatus[string(report.StatusError)] == 0 {
		b.WriteString("No failures.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("### Failures\n")
	cut := 0
	for _, rr := range r.Repos {
		var items []string
		if rr.Error != "" {
			items = append(items, "- ⚠️ not scanned: "+mdEscape(rr.Error))
		}
		for _, res := range rr.Results {
			if res.Status != report.Fail && res.Status != report.StatusError {
				continue
			}
			ru, _ := lookupRule(all, res.RuleID)
			var item strings.Builder
			fmt.Fprintf(&item, "- %s **%s** (%s): %s", mdMark[res.Status], mdRuleLink(ru), res.Severity, mdEscape(res.Message))
			for _, f := range res.Findings {
				item.WriteString("\n  - " + mdEscape(findingText(f)))
			}
			if res.Remediation != "" {
				item.WriteString("\n  - *Fix:* " + mdEscapeKeepCode(res.Remediation))
			}
			items = append(items, item.String())
		}
		if len(items) == 0 {
			continue
		}
		section := "\n#### " + mdRepoLink(rr) + "\n\n" + strings.Join(items, "\n") + "\n"
		if b.Len()+len(section) > mdMaxBytes {
			cut++
			continue
		}
		b.WriteString(section)
	}
	if cut > 0 {
		fmt.Fprintf(&b, "\n*%s with failures not listed here (size limit): see the full report.*\n", plural(cut, "more repository", "more repositories"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// keyRules are the rules shown as columns: every rule when there are few, else those
// that failed or errored somewhere (at most mdMaxKeyRules, in report order).
func keyRules(all []report.Rule, sum report.Summary) []report.Rule {
	if len(all) <= mdMaxKeyRules {
		return all
	}
	bad := map[string]bool{}
	for _, rs := range sum.Rules {
		if rs.Fail+rs.Error > 0 {
			bad[rs.RuleID] = true
		}
	}
	var out []report.Rule
	for _, ru := range all {
		if bad[ru.ID] && len(out) < mdMaxKeyRules {
			out = append(out, ru)
		}
	}
	return out
}

func mdRepoLink(rr report.Repository) string {
	name := mdEscape(repoName(rr))
	if u := mdURL(rr.Meta.URL); u != "" {
		return "[" + name + "](" + u + ")"
	}
	return name
}

func mdRuleLink(ru report.Rule) string {
	if u := mdURL(ru.HelpURL); u != "" {
		return "[" + mdEscape(ru.ID) + "](" + u + ")"
	}
	return mdEscape(ru.ID)
}

var mdEscaper = strings.NewReplacer(
	"\\", "\\\\", "|", "\\|", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]",
	"<", "&lt;", ">", "&gt;", "\n", " ", "\r", "", "#", "\\#", "~", "\\~", "!", "\\!", "&", "&amp;",
	// GitHub turns bare URLs, www. names and @user into links and mentions (a mention in an
	// issue body notifies that user): a zero-width space after the scheme's colon, the
	// "www" and the "@" keeps them text.
	"://", ":\u200b//", "www.", "www\u200b.", "@", "@\u200b",
)

// mdEscape makes text inert in a markdown table cell or list item: no formatting, link,
// mention, HTML or table break, and control characters shown, not kept.
func mdEscape(s string) string { return mdEscaper.Replace(textsafe.Visible(s)) }

// mdURL is a link target for markdown: http(s) only, with the characters that would end
// or break the link percent-encoded; "" when u is not a web URL.
func mdURL(u string) string {
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()[]<>\"`|\\", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// mdEscapeKeepCode is mdEscape for text that quotes code in backticks, as remediations
// do ("e.g. `* @OWNER/maintainers`"): the code spans stay code spans (markdown interprets
// nothing inside them), the text between them is escaped, and an unpaired backtick is
// escaped.
func mdEscapeKeepCode(s string) string {
	parts := strings.Split(s, "`")
	var b strings.Builder
	for i, p := range parts {
		switch {
		case i%2 == 0:
			b.WriteString(mdEscape(p))
		case i == len(parts)-1:
			// Unpaired: a literal backtick, not code.
			b.WriteString("\\`" + mdEscape(p))
		case strings.TrimSpace(p) == "":
			b.WriteString("\\`" + mdEscape(p) + "\\`")
		default:
			b.WriteString("`" + textsafe.Visible(strings.NewReplacer("\n", " ", "\r", "").Replace(p)) + "`")
		}
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
