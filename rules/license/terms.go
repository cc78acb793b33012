package license

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"

	"github.com/repogov/repogov/internal/spdx"
)

// Telling a preamble from added terms.
//
// licensecheck tells us where the licence text is; everything else in the file is either
// harmless (a project name, "licensed under the following terms", a copyright or SPDX
// line, a separator, a pointer to third-party notices) or it changes the deal (a patent
// grant, a field-of-use or non-commercial restriction, a notice duty). Position alone does
// not decide it: preambles come first but so does a Commons Clause; trailing text is
// usually an appendix but can be a patent grant. Wording does: added terms are written
// as obligations, permissions and prohibitions, a preamble is descriptive. So after
// dropping the lines that are harmless by form and the sentences that only restate the
// licence, a passage counts as terms when its operative vocabulary weighs at least
// termsMinimum.
//
// Matching is on words (lower case, punctuation ignored, as licensecheck does), not
// regular expressions: this runs on every unmatched passage of every file, and Go's
// backtracking matcher made it the most expensive step of Identify.

const termsMinimum = 3

var harmlessLine = regexp.MustCompile(`(?i)^\W*(copyright\b|\(c\)|©|all rights reserved|spdx-license-identifier|spdx-filecopyrighttext|https?://\S+\W*$|<https?://\S+>\W*$)`)

// operative phrases by weight: prohibitions and grants are unambiguous (3), duties and
// commercial limits strong (2), the rest count only together (1). A group adds its
// weight once, whichever of its phrases occur. A trailing * matches any word ending.
var operative = []phraseGroup{
	{3, phrases("may not", "shall not", "must not", "will not", "prohibit*", "not permitted", "not be permitted",
		"non commercial", "noncommercial", "forbidden")},
	{3, phrases("hereby grant*", "grant you", "grants you", "grant to you", "grants to you", "patent license",
		"patent right*", "patent claim*", "royalty free")},
	{2, phrases("terminat*", "notwithstanding", "indemnif*", "in addition to", "additional terms",
		"additional conditions", "additional restriction*")},
	{2, phrases("you must", "you shall", "you agree*", "licensee must", "licensee shall", "licensee agree*",
		"written permission", "written consent", "written agreement", "sell", "fee", "fees")},
	{1, phrases("shall", "must", "condition", "conditions", "grant", "grants", "granted", "patent", "patents",
		"liable", "liability", "warranty", "warranties", "commercial", "restrict*")},
}

// exceptionPhrases recognise a licence exception: an additional permission such as the
// GPL linking or Classpath exception or the LLVM exception to Apache-2.0. It widens what
// the licence allows instead of adding conditions, so it is recorded, not counted as
// terms.
var exceptionPhrases = phrases("as a special exception", "linking exception", "classpath exception",
	"runtime exception", "llvm exception", "llvm exceptions", "gcc exception", "font exception",
	"autoconf exception", "bison exception", "exception to the apache", "exceptions to the apache",
	"exception to the gnu", "exception to the gpl", "exception to the lgpl", "additional permission",
	"additional permissions")

// Sentences that restate the licence or speak about contributions use operative words
// without adding terms for users: "This file may not be copied, modified, or distributed
// except according to those terms" (the Rust convention), "you may not use this file
// except in compliance with the License", inbound = outbound contribution clauses.
var (
	restatementPhrases = phrases("except according to", "except in compliance with", "except as provided",
		"except as permitted", "except as allowed", "except as set out")
	contributionWords = phrases("contribution", "contributions")
	contributionVerbs = phrases("submitted", "licensed", "contributed")
)

type phrase [][]byte // words; a word ending in '*' is a prefix

type phraseGroup struct {
	w  int
	ps []phrase
}

func phrases(ss ...string) []phrase {
	out := make([]phrase, len(ss))
	for i, s := range ss {
		for _, w := range strings.Fields(s) {
			out[i] = append(out[i], []byte(w))
		}
	}
	return out
}

// words splits b into lower-case words.
func words(b []byte) [][]byte {
	var out [][]byte
	forEachWord(b, func(w string) { out = append(out, []byte(strings.ToLower(w))) })
	return out
}

func (p phrase) at(ws [][]byte, i int) bool {
	if i+len(p) > len(ws) {
		return false
	}
	for j, w := range p {
		if n := len(w); n > 0 && w[n-1] == '*' {
			if !bytes.HasPrefix(ws[i+j], w[:n-1]) {
				return false
			}
		} else if !bytes.Equal(ws[i+j], w) {
			return false
		}
	}
	return true
}

func containsAny(ws [][]byte, ps []phrase) bool {
	for i := range ws {
		for _, p := range ps {
			if p.at(ws, i) {
				return true
			}
		}
	}
	return false
}

// isException reports whether an unmatched passage is a licence exception.
func isException(b []byte) bool { return containsAny(words(b), exceptionPhrases) }

// sentences splits text at a full stop followed by white space (not inside "2.0").
func sentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == '.' && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n' || text[i+1] == '\t') {
			out = append(out, text[start:i+1])
			start = i + 1
		}
	}
	return append(out, text[start:])
}

// isTerms reports whether an unmatched passage reads as licence terms. own holds the
// words of the names of the licences found in the text: a line made of them is the
// licence's own title ("Attribution-NonCommercial-ShareAlike 4.0 International"), whose
// "NonCommercial" restates the licence instead of adding to it.
func isTerms(b []byte, own map[string]bool) bool {
	var kept []string
	for _, line := range bytes.Split(b, []byte{'\n'}) {
		s := strings.TrimSpace(string(line))
		if s == "" || harmlessLine.MatchString(s) || isTitleOf(s, own) {
			continue
		}
		kept = append(kept, s)
	}
	var ws [][]byte
	for _, sen := range sentences(strings.Join(kept, " ")) {
		sw := words([]byte(sen))
		if containsAny(sw, restatementPhrases) || (containsAny(sw, contributionWords) && containsAny(sw, contributionVerbs)) {
			continue
		}
		ws = append(ws, sw...)
	}
	if len(ws) < 6 {
		return false
	}
	score := 0
	for _, g := range operative {
		if containsAny(ws, g.ps) {
			score += g.w
		}
	}
	return score >= termsMinimum
}

// officialNotices are passages a licence steward publishes with the licence text that
// are not terms of the licence. Creative Commons' legal code (the plain-text files on
// creativecommons.org) opens with a notice that Creative Commons "is not a law firm" and
// "considerations" for licensors and the public, and ends with a trademark notice in one
// of two wordings (up to 2016: "will be considered \u201cLicensor.\u201d"; later ones add
// that the licence text is dedicated under CC0); both say of themselves that they do not
// form part of the public licences. Their words ("written consent", "notwithstanding")
// would otherwise read as added terms.
var officialNotices = []*regexp.Regexp{
	regexp.MustCompile(`(?is)creative\s+commons\s+corporation\W{0,4}(?:\(\W?creative\s+commons\W?\)\W*)?is\s+not\s+a\s+law\s+firm\b.*?considerations_for_licensees\W*`),
	regexp.MustCompile(`(?is)creative\s+commons\s+is\s+not\s+a\s+party\s+to\s+its\s+public\s+licen[cs]es\b.*?does\s+not\s+form\s+part\s+of\s+the\s+public\s+licen[cs]es\W*`),
	regexp.MustCompile(`(?i)creative\s+commons\s+may\s+be\s+contacted\s+at\s+creativecommons\.org\W*`),
}

// blankNotices returns seg, or a copy of it with the official notices blanked (newlines
// kept, so line numbers stay right).
func blankNotices(seg []byte) []byte {
	if !bytes.Contains(bytes.ToLower(seg), []byte("creative")) {
		return seg
	}
	out := seg
	for _, re := range officialNotices {
		for _, loc := range re.FindAllIndex(out, -1) {
			if &out[0] == &seg[0] {
				out = bytes.Clone(seg)
			}
			for i := loc[0]; i < loc[1]; i++ {
				if out[i] != '\n' {
					out[i] = ' '
				}
			}
		}
	}
	return out
}

// titleGeneric are words any licence title may hold besides the licence's name.
var titleGeneric = setOf("the", "license", "licence", "licenses", "public", "version", "v", "legal", "code",
	"legalcode", "international", "deed", "full", "text", "of", "terms")

// nameWords returns the words of the names of the licences ids, for isTitleOf: the SPDX
// list's name ("Creative Commons Attribution Non Commercial Share Alike 4.0
// International") and the id's own parts ("CC", "BY", "NC", "SA", "4", "0").
func nameWords(ids []string) map[string]bool {
	own := map[string]bool{}
	for _, id := range ids {
		for _, w := range titleWordsOf(spdx.Name(id) + " " + id) {
			if !titleGeneric[w] {
				own[w] = true
			}
		}
	}
	return own
}

// titleWordsOf splits s into lower-case words, also at inner capitals ("NonCommercial"
// is "non commercial", "ShareAlike" "share alike").
func titleWordsOf(s string) []string {
	var out []string
	forEachWord([]byte(s), func(w string) {
		start := 0
		for i := 1; i < len(w); i++ {
			if unicode.IsUpper(rune(w[i])) && unicode.IsLower(rune(w[i-1])) {
				out = append(out, strings.ToLower(w[start:i]))
				start = i
			}
		}
		out = append(out, strings.ToLower(w[start:]))
	})
	return out
}

// isTitleOf reports whether line is a title made of the licence's own name: short, only
// name words and generic title words, and at least two name words.
func isTitleOf(line string, own map[string]bool) bool {
	if len(own) == 0 {
		return false
	}
	ws := titleWordsOf(line)
	if len(ws) == 0 || len(ws) > 16 {
		return false
	}
	named := 0
	for _, w := range ws {
		switch {
		case own[w]:
			named++
		case titleGeneric[w]:
		default:
			return false
		}
	}
	return named >= 2
}

// copyrightLine is a copyright notice line ("Copyright (c) 2024 Example Corp.", "All
// rights reserved.", an SPDX copyright tag).
var copyrightLine = regexp.MustCompile(`(?i)^\W*(copyright\b|\(c\)|©|all rights reserved|spdx-filecopyrighttext)`)

// fileTitle are the words a licence file may use as its own heading.
var fileTitle = setOf("license", "licence", "licensing", "copying", "copyright", "notice", "legal")

// OnlyCopyright reports whether text holds copyright notices ("Copyright 2024 Example
// Corp. All rights reserved.") and nothing else but headings such as "LICENSE" and
// separators: a file like that grants nothing, however it is named.
func OnlyCopyright(text []byte) bool {
	notice := false
	for _, line := range bytes.Split(text, []byte{'\n'}) {
		s := strings.TrimSpace(string(line))
		if copyrightLine.MatchString(s) {
			notice = true
			continue
		}
		heading := true
		forEachWord([]byte(s), func(w string) { heading = heading && fileTitle[strings.ToLower(w)] })
		if !heading {
			return false
		}
	}
	return notice
}
