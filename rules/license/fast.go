package license

//go:generate go test -run ^TestFastTable$ . -update

import (
	"bytes"
	"hash/fnv"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/google/licensecheck"
)

// The fast path. Building licensecheck's matcher for its ~420 licence patterns costs
// about a second and 100 MB, which a scan of one repository would pay even when its
// licence is a standard text, as almost all are. fast_gen.go (generated from the
// canonical texts in testdata/canonical, see TestFastTable) holds a fingerprint of each
// canonical body: its words, lower case, without blank, separator and copyright lines,
// with a project's name in the usual places reduced to one word (holes), and for a
// title-like first line or two with and without them; the GNU and Apache texts also
// without the appendix on how to apply them, which many projects leave out. A text with a known
// fingerprint is that licence with only its copyright notice and title changed, so a
// matcher built from that one licence's patterns (a few milliseconds) finds what the
// full matcher would: nothing in a copyright line or a title can match another licence.
// Any other text, or a fingerprint whose one-licence scan finds anything but that
// licence, goes to the full matcher, built on first use. TestFastPathSameAsFull checks
// the two agree on every text in testdata.

// fastEntry is one fingerprint's licence and the number of words it covers.
type fastEntry struct {
	ID    string
	Words int
}

// maxTitleLines and maxTitleWords bound the leading lines the fingerprint may skip as
// a title ("The MIT License (MIT)", "# BSD 3-Clause License").
const (
	maxTitleLines = 2
	maxTitleWords = 10
)

// fingerprints returns the fingerprints of text: skipping 0, 1, … title-like leading
// lines (title says whether a line may be skipped; nil skips none). It runs on every
// licence file, so it stays cheap: one pass over the words.
func fingerprints(text []byte, title func(line []byte) bool) []fastKey {
	var words []string
	var lineStart []int // index in words of each content line's first word
	var lineWords []int
	var lineText [][]byte
	for off := 0; off < len(text); {
		end := bytes.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		line := text[off:end]
		if copyrightLine.Match(bytes.TrimSpace(line)) {
			off = end + 1
			continue
		}
		n := len(words)
		var buf []byte
		wordSpans(line, func(s, e int) {
			buf = appendLower(buf[:0], line[s:e])
			if string(buf) == "https" { // as licensecheck reads it: old copies link http://
				buf = buf[:4]
			}
			words = append(words, string(buf))
		})
		if len(words) > n {
			lineStart = append(lineStart, n)
			lineWords = append(lineWords, len(words)-n)
			lineText = append(lineText, line)
		}
		off = end + 1
	}
	var out []fastKey
	for skip := 0; skip <= maxTitleLines && skip < len(lineStart); skip++ {
		if skip > 0 {
			if title == nil || lineWords[skip-1] > maxTitleWords || !title(lineText[skip-1]) {
				break
			}
		}
		h := fnv.New64a()
		n := 0
		for _, w := range fillHoles(words[lineStart[skip]:]) {
			h.Write([]byte(w))
			h.Write([]byte{' '})
			n++
		}
		out = append(out, fastKey{h.Sum64(), n})
	}
	return out
}

// holes are the places where a standard text varies without changing the licence: a
// project's name ("Neither the name of Example Corp. nor the names of its contributors",
// "THIS SOFTWARE IS PROVIDED BY Jane Doe “AS IS”") and the Free Software Foundation's
// postal address, which older copies of the GNU texts give as "59 Temple Place, Suite
// 330" or "675 Mass Ave". Up to max words between the two anchors count as one word, so
// the fingerprint is the licence's whatever they hold. The licence's own matcher then
// decides whether the text fits its pattern.
var holes = []struct {
	from, to []string
	max      int
}{
	{strings.Fields("neither the name of"), strings.Fields("nor the names of"), 8},
	{strings.Fields("this software is provided by"), strings.Fields("as is"), 8},
	{strings.Fields("in no event shall"), strings.Fields("be liable"), 8},
	{strings.Fields("june 1991"), strings.Fields("everyone is permitted"), 12},
	{strings.Fields("february 1999"), strings.Fields("everyone is permitted"), 12},
	{strings.Fields("foundation inc"), strings.Fields("everyone is permitted"), 12},
	{strings.Fields("foundation inc"), strings.Fields("also add information"), 12},
}

// fillHoles returns words with the span between each hole's anchors replaced by one
// placeholder word.
func fillHoles(words []string) []string {
	out := words
	copied := false
	for i := 0; i < len(out); i++ {
		for _, h := range holes {
			if !hasAt(out, i, h.from) {
				continue
			}
			start := i + len(h.from)
			for j := start; j <= start+h.max && j < len(out); j++ {
				if hasAt(out, j, h.to) {
					if !copied {
						out, copied = slices.Clone(out), true
					}
					out = slices.Replace(out, start, j, "\x00")
					break
				}
			}
		}
	}
	return out
}

func hasAt(ws []string, i int, seq []string) bool {
	if i+len(seq) > len(ws) {
		return false
	}
	for k, w := range seq {
		if ws[i+k] != w {
			return false
		}
	}
	return true
}

// fastKey is a fingerprint: the hash of the words and their number.
type fastKey struct {
	Hash  uint64
	Words int
}

func appendLower(dst, w []byte) []byte {
	for _, c := range w {
		if c >= utf8.RuneSelf {
			return append(dst, strings.ToLower(string(w))...)
		}
	}
	for _, c := range w {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// anyTitle accepts a line made of title words of any licence in the fast table; the
// licence found must then confirm it (isFastTitle).
func anyTitle(line []byte) bool { return true }

// isFastTitle reports whether line is a title of licence id: its own name words and
// generic title words only, at least one of the former.
func isFastTitle(line []byte, id string) bool {
	own := nameWords([]string{id})
	named := 0
	for _, w := range titleWordsOf(string(line)) {
		switch {
		case own[w]:
			named++
		case titleGeneric[w]:
		default:
			return false
		}
	}
	return named > 0
}

// fastID returns the licence whose canonical body text holds, if any.
func fastID(text []byte) (string, bool) {
	keys := fingerprints(text, anyTitle)
	for skip, k := range keys {
		e, ok := fastBodies[k.Hash]
		if !ok || e.Words != k.Words {
			continue
		}
		// The skipped lines must be this licence's title, not any short line.
		if skip > 0 && !titlesOf(text, skip, e.ID) {
			continue
		}
		return e.ID, true
	}
	return "", false
}

// titlesOf reports whether the first n content lines of text are titles of licence id.
func titlesOf(text []byte, n int, id string) bool {
	seen := 0
	for _, line := range bytes.Split(text, []byte{'\n'}) {
		if seen == n {
			break
		}
		if countWords(line) == 0 || copyrightLine.Match(bytes.TrimSpace(line)) {
			continue
		}
		if !isFastTitle(line, id) {
			return false
		}
		seen++
	}
	return seen == n
}

var (
	oneMu       sync.Mutex
	oneScanners = map[string]*oneScanner{}
)

type oneScanner struct {
	once sync.Once
	s    *licensecheck.Scanner
}

// scannerFor returns a licensecheck scanner that knows licence id's patterns and every
// licence URL, built once.
func scannerFor(id string) *licensecheck.Scanner {
	oneMu.Lock()
	o := oneScanners[id]
	if o == nil {
		o = &oneScanner{}
		oneScanners[id] = o
	}
	oneMu.Unlock()
	o.once.Do(func() {
		var ls []licensecheck.License
		for _, l := range licensecheck.BuiltinLicenses() {
			if l.ID == id || l.LRE == "" {
				ls = append(ls, l)
			}
		}
		s, err := licensecheck.NewScanner(ls)
		if err == nil {
			o.s = s
		}
	})
	return o.s
}

// fullOnce starts building licensecheck's full matcher at most once.
var fullOnce sync.Once

// Prepare starts building, in the background, whatever Identify will need for text that
// the fast path cannot answer (licensecheck's full matcher), so that the build overlaps
// the caller's other work (reading the other files). It returns at once.
func Prepare(text []byte) {
	if _, ok := fastID(text); ok {
		return
	}
	fullOnce.Do(func() { go licensecheck.Scan(nil) }) // the first Scan builds the matcher
}

// scan is licensecheck.Scan with the fast path in front.
func scan(text []byte) licensecheck.Coverage {
	if id, ok := fastID(text); ok {
		if s := scannerFor(id); s != nil {
			cov := s.Scan(text)
			if len(cov.Match) == 1 && cov.Match[0].ID == id && !cov.Match[0].IsURL {
				return cov
			}
		}
	}
	return licensecheck.Scan(text)
}
