// Package textsafe makes text repogov did not write — repository content, names, error
// messages that quote either — inert on a terminal and in a document: control
// characters (C0, DEL, C1) and bidirectional overrides are shown as visible escapes
// instead of acting (setting a terminal title, clearing the screen, reordering text).
package textsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Visible returns s with every control character written as \xNN (\n, \t and \r as
// such), bidi controls as U+NNNN, and invalid UTF-8 bytes as \xNN.
func Visible(s string) string { return visible(s, false) }

// VisibleLines is Visible keeping line feeds and tabs (for multi-line cells).
func VisibleLines(s string) string { return visible(s, true) }

func visible(s string, keepLines bool) string {
	if clean(s, keepLines) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepLines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f:
			fmt.Fprintf(&b, `\u%04x`, r)
		case bidi(r):
			fmt.Fprintf(&b, "U+%04X", r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// bidi reports the characters that change the display order of text (Trojan Source,
// CVE-2021-42574): embeddings, overrides, isolates and marks.
func bidi(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}

func clean(s string, keepLines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return !strings.ContainsFunc(s[i:], func(r rune) bool {
				return r == utf8.RuneError || r < 0x20 && !(keepLines && (r == '\n' || r == '\t')) || r >= 0x7f && r <= 0x9f || bidi(r)
			})
		}
		if c < 0x20 && !(keepLines && (c == '\n' || c == '\t')) || c == 0x7f {
			return false
		}
	}
	return true
}
