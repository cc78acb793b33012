package codeowners

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// GitLab's CODEOWNERS syntax (https://docs.gitlab.com/user/project/codeowners/reference/)
// extends GitHub's:
//
//	[Section]              a section; rules before the first one form an unnamed section
//	^[Section]             an optional section (approval not required)
//	[Section][2]           a section needing 2 approvals
//	[Section] @a @g/sub    default owners for the section's lines that name none
//	docs/                  a line without owners takes the section's default owners
//	@group/sub/subsub      nested group owners; @@developer, @@maintainers, … role owners
//	!path                  an exclusion (17.11), scoped to its section
//
// Section names are case-insensitive and duplicates merge; each section is evaluated
// separately. Lines GitLab would reject are Problems, with GitLab's meaning.

var (
	// GitLab usernames and group paths: letters, digits, '_', '-', '.', not starting with
	// '-' or '.', nested with '/'.
	glPathSeg = `[A-Za-z0-9_][A-Za-z0-9_.-]*`
	glOwnerRe = regexp.MustCompile(`^@` + glPathSeg + `(?:/` + glPathSeg + `)*$`)
	glRoleRe  = regexp.MustCompile(`^@@(?i:developers?|maintainers?|owners?)$`)
	// [Name] or ^[Name], optional [N] approvals, then default owners.
	sectionRe = regexp.MustCompile(`^(\^?)\[([^\]]*)\](?:\[([^\]]*)\])?(.*)$`)
)

// ParseGitLab reads a GitLab CODEOWNERS file. It never fails: every line GitLab would
// not accept becomes a Problem, and the rest become Rules (with their Section).
func ParseGitLab(b []byte) ([]Rule, []Problem) {
	var rules []Rule
	var probs []Problem
	n := 0
	section := ""
	var defaults []string
	for raw := range bytes.Lines(b) {
		n++
		line := strings.TrimRight(string(raw), "\r\n")
		text := strings.TrimSpace(line)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		bad := func(col int, msg string) {
			probs = append(probs, Problem{Line: n, Column: col, Text: text, Message: msg})
		}
		if !utf8.ValidString(line) {
			bad(1, "line is not valid UTF-8")
			continue
		}
		col := len([]rune(line[:len(line)-len(strings.TrimLeft(line, " \t"))])) + 1
		if strings.HasPrefix(text, "[") || strings.HasPrefix(text, "^[") {
			m := sectionRe.FindStringSubmatch(text)
			if m == nil {
				bad(col, "section header without a closing ] (want [Section name])")
				continue
			}
			name := strings.TrimSpace(m[2])
			if name == "" {
				bad(col, "section header without a name (want [Section name])")
				continue
			}
			if m[3] != "" {
				if k, err := strconv.Atoi(m[3]); err != nil || k < 1 {
					bad(col, "approval count ["+m[3]+"] is not a positive number")
					continue
				}
			}
			section, defaults = name, nil
			ok := true
			for _, f := range split(m[4]) {
				if !validGitLabOwner(f.s) {
					bad(col+len([]rune(text))-len([]rune(m[4]))+f.col-1, "invalid default owner "+f.s+" of section ["+name+"] (want @user, @group/subgroup, @@role or an e-mail address)")
					ok = false
					break
				}
				defaults = append(defaults, f.s)
			}
			if !ok {
				section, defaults = name, nil
			}
			continue
		}
		fields := split(line)
		if len(fields) == 0 {
			continue
		}
		pat := fields[0]
		if strings.HasPrefix(pat.s, "@") {
			bad(pat.col, "owner without a pattern")
			continue
		}
		if strings.HasPrefix(pat.s, "!") {
			// An exclusion takes no owners.
			if len(fields) > 1 {
				bad(fields[1].col, "an exclusion (!"+strings.TrimPrefix(pat.s, "!")+") takes no owners")
				continue
			}
			rules = append(rules, Rule{Line: n, Pattern: pat.s, Section: section})
			continue
		}
		owners := defaults
		if len(fields) > 1 {
			owners = nil
			ok := true
			for _, o := range fields[1:] {
				if !validGitLabOwner(o.s) {
					bad(o.col, "invalid owner "+o.s+" (want @user, @group/subgroup, @@role or an e-mail address)")
					ok = false
					break
				}
				owners = append(owners, o.s)
			}
			if !ok {
				continue
			}
		}
		if len(owners) == 0 {
			where := "the unnamed section has no default owners"
			if section != "" {
				where = "section [" + section + "] has no default owners"
			}
			bad(pat.col, "pattern "+pat.s+" has no owner, and "+where)
			continue
		}
		rules = append(rules, Rule{Line: n, Pattern: pat.s, Owners: owners, Section: section})
	}
	return rules, probs
}

func validGitLabOwner(s string) bool {
	switch {
	case strings.HasPrefix(s, "@@"):
		return glRoleRe.MatchString(s)
	case strings.HasPrefix(s, "@"):
		return glOwnerRe.MatchString(s)
	}
	return emailRe.MatchString(s)
}
