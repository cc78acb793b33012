package rules

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Unfilled templates. Every rule that looks for a person or a way to reach one (the
// contact rules, maintainers) asks unfilledTemplate first: a document that still holds a
// template's placeholder is not finished, whatever else it says.

var placeholderRes = []*regexp.Regexp{
	regexp.MustCompile(`\{%.*?%\}`),                                      // Jinja, Liquid: {% if x %}
	regexp.MustCompile(`\{\{.*?\}\}`),                                    // Mustache, Go templates, cookiecutter: {{ cookiecutter.author }}
	regexp.MustCompile(`\$\{[^}\n]*\}`),                                  // shell-style ${MAINTAINER}
	regexp.MustCompile(`(?i)\[\s*(?:insert|your|add|enter)\b[^\]\n]*\]`), // [INSERT CONTACT METHOD], [your name]
	regexp.MustCompile(`(?i)<\s*(?:insert|your|add|enter)\b[^<>\n]*>`),   // <your email>
	// {Git usernames of the maintainers…}, {Name}: a brace holding words, not code.
	regexp.MustCompile(`\{\s*\p{L}[\p{L}\p{N} ._'’/…-]*\}`),
}

// templateDoc states the check in the docs of every rule that uses it.
const templateDoc = "A file that still holds a template's placeholder — `[INSERT …]`, `{{ … }}`, `{% … %}`, cookiecutter variables, `${…}`, `<your …>`, `{Words in braces…}` — fails with \"looks like an unfilled template (line N)\", even when it also names a contact: the template was not finished. " +
	"HTML comments (template instructions) are ignored. The same check serves `code-of-conduct-contact`, `security-policy-contact` and `maintainers`."

// placeholder is one unfilled placeholder: where, and its text.
type placeholder struct {
	Line int
	Text string
}

// unfilledTemplate returns the first placeholder of b outside HTML comments (template
// instructions live there), or Line 0.
func unfilledTemplate(b []byte) placeholder {
	for n, s := range visibleLines(b) {
		for _, re := range placeholderRes {
			for _, m := range re.FindAllString(s, -1) {
				if isPlaceholder(m) {
					return placeholder{n, m}
				}
			}
		}
	}
	return placeholder{}
}

// isPlaceholder filters the brace form: "{Name}" and "{Git usernames…}" are placeholders,
// "{js}" (a glob's alternatives) is not.
func isPlaceholder(m string) bool {
	if !strings.HasPrefix(m, "{") || strings.HasPrefix(m, "{{") || strings.HasPrefix(m, "{%") {
		return true
	}
	in := strings.TrimSpace(m[1 : len(m)-1])
	r := []rune(in)
	return strings.ContainsAny(in, " …") || strings.Contains(in, "...") || (len(r) > 0 && unicode.IsUpper(r[0]))
}

// visibleLines yields b's lines (1-based) with HTML comments blanked, so that a
// template's instructions ("<!-- replace {Name} -->") are neither placeholders nor people.
func visibleLines(b []byte) func(yield func(int, string) bool) {
	return func(yield func(int, string) bool) {
		n, inComment := 0, false
		for line := range bytes.Lines(b) {
			n++
			s := strings.TrimRight(string(line), "\r\n")
			var out strings.Builder
			for s != "" {
				if inComment {
					i := strings.Index(s, "-->")
					if i < 0 {
						s = ""
						break
					}
					s, inComment = s[i+3:], false
					continue
				}
				i := strings.Index(s, "<!--")
				if i < 0 {
					out.WriteString(s)
					break
				}
				out.WriteString(s[:i])
				s, inComment = s[i+4:], true
			}
			if !yield(n, out.String()) {
				return
			}
		}
	}
}

// templateMessage is the one wording of an unfilled template, for every rule.
func templateMessage(file string, line int, text string) string {
	return fmt.Sprintf("%s looks like an unfilled template (line %d): %s", file, line, text)
}
