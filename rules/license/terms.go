package license

import (
	"bytes"
	"regexp"
	"strings"
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

// isTerms reports whether an unmatched passage reads as licence terms.
func isTerms(b []byte) bool {
	var kept []string
	for _, line := range bytes.Split(b, []byte{'\n'}) {
		s := strings.TrimSpace(string(line))
		if s == "" || harmlessLine.MatchString(s) {
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
