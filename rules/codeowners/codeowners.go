// Package codeowners parses CODEOWNERS files — GitHub's syntax (Parse) and GitLab's,
// with sections and default owners (ParseGitLab) — and reports the lines the host would
// reject, with their positions.
// Syntax: https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners
package codeowners

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"
)

// MaxSize is GitHub's limit: a CODEOWNERS file of this size or more is ignored.
const MaxSize = 3 << 20

// Rule is one valid line: a pattern and its owners.
type Rule struct {
	Line    int
	Pattern string
	Owners  []string
	Section string // GitLab: the [Section] the line is in ("" before the first)
}

// Problem is one line GitHub would reject. Line and Column are 1-based; Column counts
// code points.
type Problem struct {
	Line    int
	Column  int
	Text    string // the line, trimmed, for fingerprints
	Message string
}

var (
	// GitHub user names: alphanumerics and single inner hyphens, at most 39.
	userRe = regexp.MustCompile(`^@[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}$`)
	// @org/team-slug: team slugs are lower-case in URLs but GitHub matches any case.
	teamRe  = regexp.MustCompile(`^@[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}/[A-Za-z0-9][A-Za-z0-9._-]*$`)
	emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// Parse reads a CODEOWNERS file. It never fails: every line it cannot accept becomes a
// Problem, and the rest become Rules.
func Parse(b []byte) ([]Rule, []Problem) {
	var rules []Rule
	var probs []Problem
	n := 0
	for raw := range bytes.Lines(b) {
		n++
		line := strings.TrimRight(string(raw), "\r\n")
		fields := split(line)
		if len(fields) == 0 {
			continue // blank or comment
		}
		text := strings.TrimSpace(line)
		bad := func(f field, msg string) {
			probs = append(probs, Problem{Line: n, Column: f.col, Text: text, Message: msg})
		}
		if !utf8.ValidString(line) {
			bad(fields[0], "line is not valid UTF-8")
			continue
		}
		pat := fields[0]
		switch {
		case strings.HasPrefix(pat.s, "!"):
			bad(pat, "negated patterns (!) are not supported by CODEOWNERS")
			continue
		case strings.ContainsAny(pat.s, "[]"):
			bad(pat, "character ranges ([ ]) are not supported by CODEOWNERS")
			continue
		case strings.HasPrefix(pat.s, "@") && len(fields) == 1:
			bad(pat, "owner without a pattern")
			continue
		}
		if len(fields) == 1 {
			bad(pat, "pattern "+pat.s+" has no owner")
			continue
		}
		ok := true
		var owners []string
		for _, o := range fields[1:] {
			if !validOwner(o.s) {
				bad(o, "invalid owner "+o.s+" (want @user, @org/team or an e-mail address)")
				ok = false
				break
			}
			owners = append(owners, o.s)
		}
		if ok {
			rules = append(rules, Rule{Line: n, Pattern: pat.s, Owners: owners})
		}
	}
	return rules, probs
}

func validOwner(s string) bool {
	if strings.HasPrefix(s, "@") {
		return userRe.MatchString(s) || teamRe.MatchString(s)
	}
	return emailRe.MatchString(s)
}

type field struct {
	s   string
	col int // 1-based, in code points
}

// split cuts a line into white-space separated fields up to an unescaped '#', which
// starts a comment; `\#` and `\ ` are kept in the pattern literally.
func split(line string) []field {
	var out []field
	var cur strings.Builder
	start, col := 0, 0
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, field{cur.String(), start})
			cur.Reset()
		}
	}
	rs := []rune(line)
	for i := 0; i < len(rs); i++ {
		col = i + 1
		r := rs[i]
		switch {
		case r == '\\' && i+1 < len(rs) && (rs[i+1] == '#' || rs[i+1] == ' '):
			if cur.Len() == 0 {
				start = col
			}
			cur.WriteRune(rs[i+1])
			i++
		case r == '#':
			flush()
			return out
		case r == ' ' || r == '\t':
			flush()
		default:
			if cur.Len() == 0 {
				start = col
			}
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}
