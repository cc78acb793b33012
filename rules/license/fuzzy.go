package license

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/google/licensecheck"
)

// minFuzzyWords is the shortest unmatched stretch worth comparing with every licence:
// shorter ones are titles, copyright lines and separators.
const minFuzzyWords = 40

// minRefGrams keeps tiny patterns (one-line notices) out of "closest" answers: a short
// notice is found by chance in any long text.
const minRefGrams = 25

// index is the trigram index of licensecheck's built-in licence patterns, built once.
type index struct {
	words map[string]uint32  // word → id (1-based; 0 = not in any licence)
	grams map[uint64][]int32 // trigram → licences whose pattern contains it
	ids   []string           // licence ids
	size  []int              // distinct trigrams per licence
}

var (
	idxOnce sync.Once
	idx     *index
)

var (
	lreComment = regexp.MustCompile(`(?s)//\*\*.*?\*\*//`)
	// An LRE token: syntax that breaks a run of literal words, or a word.
	lreToken = regexp.MustCompile(`\(\(|\)\)(?:\?\?)?|\|\||__\d+__|[\p{L}\p{N}]+`)
)

func loadIndex() *index {
	idxOnce.Do(func() {
		x := &index{words: map[string]uint32{}, grams: map[uint64][]int32{}}
		for _, l := range licensecheck.BuiltinLicenses() {
			if l.LRE == "" {
				continue
			}
			n := int32(len(x.ids))
			x.ids = append(x.ids, l.ID)
			seen := map[uint64]bool{}
			x.addPattern(l.LRE, func(g uint64) {
				if !seen[g] {
					seen[g] = true
					x.grams[g] = append(x.grams[g], n)
				}
			})
			x.size = append(x.size, len(seen))
		}
		idx = x
	})
	return idx
}

// tail is the last two words of one way through a pattern (0 = none yet).
type tail [2]uint32

// addPattern calls emit for every word trigram that some text matching the LRE can hold.
// It follows the pattern's structure instead of reading it as text: each alternation
// branch continues from the words before the group and leads into the words after it,
// an optional group may be skipped, and a __N__ wildcard starts afresh.
func (x *index) addPattern(lre string, emit func(uint64)) {
	type group struct{ entry, exits []tail }
	tails := []tail{{}}
	var stack []group
	for _, tok := range lreToken.FindAllString(strings.ToLower(lreComment.ReplaceAllString(lre, " ")), -1) {
		switch {
		case tok == "((":
			stack = append(stack, group{entry: tails})
		case tok == "||":
			if len(stack) > 0 {
				g := &stack[len(stack)-1]
				g.exits = append(g.exits, tails...)
				tails = g.entry
			}
		case strings.HasPrefix(tok, "))"):
			if len(stack) > 0 {
				g := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				out := append(g.exits, tails...)
				if strings.HasSuffix(tok, "??") {
					out = append(out, g.entry...)
				}
				tails = dedupTails(out)
			}
		case strings.HasPrefix(tok, "__"):
			tails = []tail{{}}
		case isWordToken(tok):
			w := canon(tok)
			wid, ok := x.words[w]
			if !ok {
				wid = uint32(len(x.words) + 1)
				x.words[w] = wid
			}
			next := make([]tail, 0, len(tails))
			for _, t := range tails {
				if t[0] != 0 {
					emit(gram(t[0], t[1], wid))
				}
				next = append(next, tail{t[1], wid})
			}
			tails = dedupTails(next)
		}
	}
}

func dedupTails(ts []tail) []tail {
	if len(ts) < 2 {
		return ts
	}
	out := make([]tail, 0, len(ts))
	seen := make(map[tail]bool, len(ts))
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func isWordToken(tok string) bool {
	r, _ := utf8.DecodeRuneInString(tok)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// canon folds spellings that do not change meaning.
func canon(w string) string {
	switch w {
	case "licence":
		return "license"
	case "licences":
		return "licenses"
	}
	return w
}

func gram(a, b, c uint32) uint64 { return uint64(a)<<42 | uint64(b)<<21 | uint64(c) }

// common licences win ties: when two patterns explain an edited text equally well
// (JSON is MIT plus one line; ECL-2.0 is Apache-2.0 with edits) the common licence is
// the likelier original.
var common = setOf("MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "MPL-2.0",
	"GPL-2.0", "GPL-3.0", "LGPL-2.1", "LGPL-3.0", "AGPL-3.0", "Unlicense", "EPL-2.0", "0BSD",
	"CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "EUPL-1.2", "BSL-1.0", "Zlib")

const commonBonus = 8.0

// closest compares text with every built-in licence and returns the most similar one with
// two measures, in percent: how much of the text's wording (word trigrams) the licence's
// pattern holds, and how much of the pattern's wording the text holds. Patterns list
// every variant of a licence, so the second is low for any single real text and serves
// only to reject a fragment; the first is the similarity reported.
func closest(text []byte) (id string, similarity, found float64) {
	x := loadIndex()
	tgrams := map[uint64]bool{}
	var run [3]uint32
	n := 0
	forEachWord(text, func(w string) {
		run[0], run[1], run[2] = run[1], run[2], x.words[canon(strings.ToLower(w))]
		n++
		if n >= 3 {
			tgrams[gram(run[0], run[1], run[2])] = true
		}
	})
	if len(tgrams) == 0 {
		return "", 0, 0
	}
	hits := make([]int, len(x.ids))
	for g := range tgrams {
		if g>>42 == 0 || (g>>21)&(1<<21-1) == 0 || g&(1<<21-1) == 0 {
			continue // a word no licence uses
		}
		for _, l := range x.grams[g] {
			hits[l]++
		}
	}
	best, bestScore := -1, 0.0
	for l, h := range hits {
		if h == 0 || x.size[l] < minRefGrams {
			continue
		}
		score := 100 * float64(h) / float64(len(tgrams))
		if common[x.ids[l]] {
			score += commonBonus
		}
		if score > bestScore {
			best, bestScore = l, score
		}
	}
	if best < 0 {
		return "", 0, 0
	}
	return x.ids[best], 100 * float64(hits[best]) / float64(len(tgrams)), 100 * float64(hits[best]) / float64(x.size[best])
}

// wordSpans calls f with the byte span of each run of letters and digits in b
// (licensecheck's notion of a word: punctuation and markup are ignored).
func wordSpans(b []byte, f func(start, end int)) {
	start := -1
	for i := 0; i < len(b); {
		r, sz := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRune(b[i:])
		}
		isW := r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if isW && start < 0 {
			start = i
		} else if !isW && start >= 0 {
			f(start, i)
			start = -1
		}
		i += sz
	}
	if start >= 0 {
		f(start, len(b))
	}
}

// forEachWord calls f for each word of b.
func forEachWord(b []byte, f func(string)) {
	wordSpans(b, func(s, e int) { f(string(b[s:e])) })
}

// countWords counts the words of b without allocating them.
func countWords(b []byte) int {
	n := 0
	wordSpans(b, func(int, int) { n++ })
	return n
}

func setOf(ids ...string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}
