package textsafe

import "testing"

func TestVisible(t *testing.T) {
	for _, tc := range []struct{ in, want, lines string }{
		{"plain text, ünïcode ✓", "plain text, ünïcode ✓", "plain text, ünïcode ✓"},
		{"* @o\x1b]0;TITLE\a\x1b[2J", `* @o\x1b]0;TITLE\x07\x1b[2J`, `* @o\x1b]0;TITLE\x07\x1b[2J`},
		{"a\nb\tc\rd", `a\nb\tc\rd`, "a\nb\tc\\rd"},
		{"del\x7f c1\u009b", `del\x7f c1\u009b`, `del\x7f c1\u009b`},
		{"abc\u202edcba", "abcU+202Edcba", "abcU+202Edcba"},
		{"\u2066iso\u2069 \u200f", "U+2066isoU+2069 U+200F", "U+2066isoU+2069 U+200F"},
		{"bad \xff byte", `bad \xff byte`, `bad \xff byte`},
		{"é\x1b", `é\x1b`, `é\x1b`},
	} {
		if got := Visible(tc.in); got != tc.want {
			t.Errorf("Visible(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := VisibleLines(tc.in); got != tc.lines {
			t.Errorf("VisibleLines(%q) = %q, want %q", tc.in, got, tc.lines)
		}
	}
}

func FuzzVisible(f *testing.F) {
	f.Add("\x1b[2J\u202e\xff")
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range Visible(s) {
			if r < 0x20 || r >= 0x7f && r <= 0x9f || bidi(r) || r == 0xfffd && !containsReplacement(s) {
				t.Fatalf("Visible(%q) keeps %U", s, r)
			}
		}
	})
}

func containsReplacement(s string) bool {
	for _, r := range s {
		if r == 0xfffd {
			return true
		}
	}
	return false
}
