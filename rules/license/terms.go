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
// dropping the lines that are harmless by form, a passage counts as terms when its
// operative vocabulary weighs at least termsMinimum.

const termsMinimum = 3

var (
	harmlessLine = regexp.MustCompile(`(?i)^\W*(copyright\b|\(c\)|©|all rights reserved|spdx-license-identifier|spdx-filecopyrighttext|https?://\S+\W*$|<https?://\S+>\W*$)`)
	// Operative phrases, weighted: prohibitions and grants are unambiguous (3), duties and
	// commercial limits strong (2), the rest only count together (1).
	operative = []struct {
		re *regexp.Regexp
		w  int
	}{
		{regexp.MustCompile(`\b(may|shall|must|will) not\b|\bprohibit|\bnot (be )?permitted\b|\bnon-?commercial\b|\bforbidden\b`), 3},
		{regexp.MustCompile(`\bhereby grants?\b|\bgrants? (to )?you\b|\bpatent (license|licence|rights?|claims?)\b|\broyalty[- ]free\b`), 3},
		{regexp.MustCompile(`\bterminat(e|es|ed|ion)\b|\bnotwithstanding\b|\bindemnif|\bin addition to\b|\badditional (terms|conditions|restrictions?)\b`), 2},
		{regexp.MustCompile(`\b(you|licensee) (must|shall|agrees?)\b|\bwritten (permission|consent|agreement)\b|\bsell\b|\bfees?\b`), 2},
		{regexp.MustCompile(`\bshall\b|\bmust\b|\bconditions?\b|\bgrant(s|ed)?\b|\bpatents?\b|\bliab(le|ility)\b|\bwarrant(y|ies)\b|\bcommercial\b|\brestrict`), 1},
	}
)

// restatement matches such sentences: "This file may not be copied, modified, or
// distributed except according to those terms." (the Rust convention), "you may not use
// this file except in compliance with the License", and inbound = outbound contribution
// clauses ("any contribution intentionally submitted for inclusion … shall be dual
// licensed as above, without any additional terms or conditions").
var restatement = regexp.MustCompile(strings.NewReplacer("S", `(?:[^.]|\.\S)*`).Replace(
	`S\bexcept (according to|in compliance with|as (provided|permitted|allowed|set out) (by|in|under))\bS(\.|$)|S\bcontributions?\bS\b(submitted|licensed|contributed)\bS(\.|$)`))

// exceptionText recognises a licence exception: an additional permission such as the
// GPL linking or Classpath exception or the LLVM exception to Apache-2.0. It widens what
// the licence allows instead of adding conditions, so it is recorded, not counted as
// terms.
var exceptionText = regexp.MustCompile(`(?i)\bas a special exception\b|\b(linking|classpath|runtime|llvm|gcc|font|autoconf|bison) exception\b|\bexceptions? to the (apache|gnu|gpl|lgpl)|\badditional permissions?\b`)

// isException reports whether an unmatched passage is a licence exception.
func isException(b []byte) bool { return exceptionText.Match(b) }

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
	text := strings.ToLower(strings.Join(kept, " "))
	// Sentences that only restate the licence or speak about contributions are not
	// terms for users, though they use the same words.
	text = restatement.ReplaceAllString(text, " ")
	if countWords([]byte(text)) < 6 {
		return false
	}
	score := 0
	for _, o := range operative {
		if o.re.MatchString(text) {
			score += o.w
		}
	}
	return score >= termsMinimum
}
