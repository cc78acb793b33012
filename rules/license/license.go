// Package license identifies licence texts as SPDX ids and answers SPDX questions about
// them (OSI approval, deprecation). It stands alone: it knows nothing of snapshots or
// rules, only of bytes.
//
// Identification is github.com/google/licensecheck (v0.3.1) plus three things it lacks:
//
//   - normalisation that keeps byte offsets (a byte-order mark and HTML tags become
//     spaces, so every offset still points into the caller's text);
//   - a judgement on the text licensecheck did not match: a project preamble or a
//     copyright line is harmless, added terms (a patent grant, a "Commons Clause", a
//     field-of-use restriction) make the licence "modified";
//   - a fuzzy comparison (word trigrams against every built-in licence pattern) that
//     names the closest licence when nothing matched exactly, and recognises a standard
//     licence whose body was edited (licensecheck's patterns then fail outright).
package license

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"

	"github.com/google/licensecheck"
	"github.com/repogov/repogov/internal/spdx"
)

// Match is one licence found in a text.
type Match struct {
	ID         string  // licensecheck id: an SPDX id, or one of licensecheck's own (see SPDX)
	Start, End int     // byte offsets into the text given to Identify
	Line       int     // 1-based line of the first non-blank byte of the match
	Coverage   float64 // percent of the text's words inside this match
	Similarity float64 // exact match: 100; an edited text: percent of its word trigrams found in the licence
	Modified   bool    // the text adds to or changes the licence's terms
	Note       string  // why Modified, in one phrase
	Reference  bool    // named (URL, notice, SPDX tag, "licensed under MIT"), not quoted
}

// SPDX returns the id as a valid SPDX identifier: licensecheck's own ids (CommonsClause,
// MIT-NoAd, …) become LicenseRef-<id>.
func (m Match) SPDX() string { return SPDXID(m.ID) }

// Identification is what Identify found in a text.
type Identification struct {
	Licenses []Match // in text order, one per licence (repeated mentions merged)
	Coverage float64 // percent of the text's words covered by exactly matched licences
	// Closest is the licence most like the text when nothing was identified ("" if none
	// reaches ClosestMinimum); ClosestPercent is the percent of the text's word trigrams
	// that occur in that licence.
	Closest        string
	ClosestPercent float64
	// Extra lists the unmatched passages judged to be additional licence terms.
	Extra []Passage
	// Exceptions lists passages granting additional permissions (a GPL linking
	// exception, the LLVM exception): recorded, but they do not modify the licence.
	Exceptions []Passage
}

// Passage is a stretch of text outside every match.
type Passage struct {
	Start, End int
	Line       int
	Words      int
	Like       string // the known clause it resembles (e.g. "CommonsClause"), if any
}

// Identified reports whether at least one licence was found (modified ones included).
func (id Identification) Identified() bool { return len(id.Licenses) > 0 }

// IDs returns the distinct licence ids in text order.
func (id Identification) IDs() []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range id.Licenses {
		if !seen[m.ID] {
			seen[m.ID] = true
			out = append(out, m.ID)
		}
	}
	return out
}

// Modified reports whether any licence found was modified.
func (id Identification) Modified() bool {
	for _, m := range id.Licenses {
		if m.Modified {
			return true
		}
	}
	return false
}

// Thresholds of the fuzzy comparison, in percent of an unmatched passage's word
// trigrams that occur in a licence's pattern.
const (
	// ModifiedMinimum: an unmatched passage this much made of one licence's wording is
	// that licence, edited. On the testdata: MIT with one clause changed 84, Apache-2.0
	// with a clause inserted 97, canonical texts 87–100; an MIT-based home-made licence
	// 35, unrelated prose under 5.
	ModifiedMinimum = 80.0
	// FoundMinimum: the passage must also hold this much of the pattern's own trigrams,
	// so that a paragraph borrowed from a licence is not taken for the licence. Patterns
	// list every variant of a licence, so even a complete text scores only 28 (BSD) to
	// 100 on the testdata.
	FoundMinimum = 25.0
	// ClauseMinimum: a passage this much like a known addendum (Commons Clause, patent
	// clause) is named after it; addenda are reworded between versions.
	ClauseMinimum = 50.0
	// ClosestMinimum: below this, naming a "closest" licence would only mislead.
	ClosestMinimum = 20.0
)

// clauses are licensecheck ids that are not licences but additions to one: found next to
// a licence, they make it modified (a Commons Clause turns Apache-2.0 into a
// non-commercial licence; the Google patent clause adds a grant to BSD).
var clauses = map[string]bool{
	"CommonsClause":      true,
	"GooglePatentClause": true,
	"GooglePatentsFile":  true,
}

var htmlTag = regexp.MustCompile(`(?s)<[a-zA-Z/!][^<>]{0,200}>`)

// normalize returns a copy of text in which markup that would break licensecheck's word
// matching is blanked out byte for byte, so offsets stay valid.
func normalize(text []byte) []byte {
	t := bytes.Clone(text)
	// A UTF-8 byte-order mark glues itself to the first word.
	if bytes.HasPrefix(t, []byte("\xef\xbb\xbf")) {
		copy(t, "   ")
	}
	// HTML (LICENSE.html, or tags inside markdown): tag names are words to licensecheck.
	if bytes.Contains(t, []byte("</")) || bytes.Contains(t, []byte("<br")) || bytes.Contains(t, []byte("<p>")) {
		for _, loc := range htmlTag.FindAllIndex(t, -1) {
			// keep newlines so line numbers survive
			for i := loc[0]; i < loc[1]; i++ {
				if t[i] != '\n' {
					t[i] = ' '
				}
			}
		}
	}
	return t
}

// Identify finds the licences in text. It never fails: an empty or unrecognised text
// gives an empty Identification (with Closest set when something resembles a licence).
func Identify(text []byte) Identification {
	t := normalize(text)
	cov := scan(t)
	total := countWords(t)
	var id Identification
	id.Coverage = cov.Percent

	// Merge the matches of one licence (a preamble naming "Apache License, Version 2.0"
	// before the Apache text is two matches of Apache-2.0) and set clauses aside.
	var ms []Match
	var clauseSeen []licensecheck.Match
	for _, m := range cov.Match {
		if clauses[m.ID] {
			clauseSeen = append(clauseSeen, m)
			continue
		}
		ms = append(ms, Match{ID: m.ID, Start: m.Start, End: m.End, Similarity: 100, Reference: m.IsURL || isShortReference(t[m.Start:m.End])})
	}

	// The regions no match covers: preambles, separators, added terms, edited licences.
	covered := make([][2]int, 0, len(cov.Match))
	for _, m := range cov.Match {
		covered = append(covered, [2]int{m.Start, m.End})
	}
	// References by name in the unmatched text are licences too, and not added terms.
	for _, g := range gaps(t, covered) {
		for _, r := range references(t, g[0], g[1]) {
			ms = append(ms, r)
			covered = append(covered, [2]int{r.Start, r.End})
		}
	}
	// The licences' own names, so that their titles are not read as added terms.
	var found []string
	for _, m := range ms {
		found = append(found, m.ID)
	}
	own := nameWords(found)
	for _, g := range gaps(t, covered) {
		seg := blankNotices(t[g[0]:g[1]])
		p := Passage{Start: g[0], End: g[1], Line: lineAt(t, firstNonSpace(t, g[0], g[1])), Words: countWords(seg)}
		if p.Words == 0 {
			continue // an official notice, nothing else
		}
		if p.Words >= minFuzzyWords {
			// A long unmatched stretch may be a licence licensecheck could not match
			// because someone edited it: compare its wording with every licence.
			best, pct, found := closest(seg)
			switch {
			case pct >= ModifiedMinimum && found >= FoundMinimum && !clauses[best]:
				ms = append(ms, Match{ID: best, Start: g[0], End: g[1], Similarity: round1(pct), Modified: true,
					Note: fmt.Sprintf("the text differs from the standard wording (%.0f%% alike)", pct)})
				continue
			case pct >= ClauseMinimum && clauses[best]:
				p.Like = best
				id.Extra = append(id.Extra, p)
				continue
			}
			if pct > id.ClosestPercent {
				id.Closest, id.ClosestPercent = best, round1(pct)
			}
		}
		// Only now, as an edited licence may well mention "additional permissions".
		if isException(seg) {
			id.Exceptions = append(id.Exceptions, p)
			continue
		}
		if isTerms(seg, own) {
			id.Extra = append(id.Extra, p)
		}
	}
	for _, c := range clauseSeen {
		id.Extra = append(id.Extra, Passage{Start: c.Start, End: c.End, Line: lineAt(t, firstNonSpace(t, c.Start, c.End)), Words: countWords(t[c.Start:c.End]), Like: c.ID})
	}
	sort.Slice(id.Extra, func(i, j int) bool { return id.Extra[i].Start < id.Extra[j].Start })

	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
	id.Licenses = dropMentions(mergeSame(ms))

	// A full licence text accompanied by a mere reference to it is one licence; a reference
	// alone (a README saying "see LICENSE-MIT" or an Apache notice) still identifies it.
	for i := range id.Licenses {
		m := &id.Licenses[i]
		m.Line = lineAt(t, firstNonSpace(t, m.Start, m.End))
		if total > 0 {
			m.Coverage = round1(100 * float64(countWords(t[m.Start:m.End])) / float64(total))
		}
	}

	// Added terms modify every licence of the text that is not a mere reference: with one
	// licence that is unambiguous; with several (dual licensing) we cannot tell which one
	// the terms amend, so all are flagged, which errs on the side of a human look.
	if len(id.Extra) > 0 {
		note := "the text has additional terms"
		if e := id.Extra[0]; e.Like != "" {
			note += " (" + e.Like + ")"
		}
		note += fmt.Sprintf(" at line %d", id.Extra[0].Line)
		// A reference is amended only when nothing but references was found ("licensed
		// under MIT; commercial use is not permitted"); next to a full text, the text is.
		onlyRefs := true
		for _, m := range id.Licenses {
			onlyRefs = onlyRefs && m.Reference
		}
		for i := range id.Licenses {
			if m := &id.Licenses[i]; (onlyRefs || !m.Reference) && !m.Modified {
				m.Modified, m.Note = true, note
			}
		}
	}
	if len(id.Licenses) > 0 {
		id.Closest, id.ClosestPercent = "", 0
	} else if id.ClosestPercent < ClosestMinimum {
		id.Closest, id.ClosestPercent = "", 0
	}
	id.Coverage = round1(id.Coverage)
	return id
}

// mergeSame joins matches of the same licence into one spanning them all; a modified or
// full-text match wins over a reference.
func mergeSame(ms []Match) []Match {
	var out []Match
	pos := map[string]int{}
	for _, m := range ms {
		// A bare GNU text (GPL-3.0) and its notice (GPL-3.0-or-later) are one licence,
		// and the notice says which: keep the suffixed id.
		key := spdx.Base(m.ID)
		i, ok := pos[key]
		if !ok {
			pos[key] = len(out)
			out = append(out, m)
			continue
		}
		o := &out[i]
		if len(m.ID) > len(o.ID) {
			o.ID = m.ID
		}
		o.Start, o.End = min(o.Start, m.Start), max(o.End, m.End)
		o.Reference = o.Reference && m.Reference
		if m.Modified {
			o.Modified, o.Note = true, m.Note
			o.Similarity = m.Similarity
		}
	}
	return out
}

// dropMentions removes the licences a text only names when it quotes at least one: a
// licence file's licences are the texts it holds, and a name next to them is a mention
// ("bundles left-pad, licensed under the WTFPL", "the documentation is under
// CC-BY-4.0"). A text that quotes nothing keeps its references: they are all it says.
func dropMentions(ms []Match) []Match {
	quoted := false
	for _, m := range ms {
		quoted = quoted || !m.Reference
	}
	if !quoted {
		return ms
	}
	out := ms[:0]
	for _, m := range ms {
		if !m.Reference {
			out = append(out, m)
		}
	}
	return out
}

// gaps returns the stretches of t outside the covered ranges that hold at least one word.
func gaps(t []byte, covered [][2]int) [][2]int {
	sort.Slice(covered, func(i, j int) bool { return covered[i][0] < covered[j][0] })
	var out [][2]int
	at := 0
	add := func(a, b int) {
		if b > a && countWords(t[a:b]) > 0 {
			out = append(out, [2]int{a, b})
		}
	}
	for _, c := range covered {
		add(at, c[0])
		at = max(at, c[1])
	}
	add(at, len(t))
	return out
}

// isShortReference tells a notice that names a licence ("Licensed under the Apache
// License, Version 2.0") from the licence text itself.
func isShortReference(b []byte) bool { return countWords(b) < 40 }

func firstNonSpace(t []byte, start, end int) int {
	for i := start; i < end; i++ {
		switch t[i] {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return i
	}
	return start
}

// lineAt returns the 1-based line of byte offset off.
func lineAt(t []byte, off int) int { return bytes.Count(t[:min(off, len(t))], []byte{'\n'}) + 1 }

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }
