package license

import (
	"bytes"
	"regexp"
	"strings"
)

var (
	atxHeading = regexp.MustCompile(`^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$`)
	underline  = regexp.MustCompile(`^ {0,3}([=\-~^"'` + "`" + `#*+])[=\-~^"'` + "`" + `#*+]*[ \t]*$`)
	// A licence heading, allowing numbering, emoji, bold markup and "& copyright".
	licenseTitle = regexp.MustCompile(`(?i)^[^\p{L}]*(licen[cs](e|es|ing)|copying|copyright (and|&) licen[cs]e|licen[cs]e (and|&) copyright)[^\p{L}]*$`)
)

// ReadmeSection returns the body of the README's licence section (a heading "License",
// "Licence", "Licensing", "Copying", "License and copyright", in markdown ATX or setext
// form or as a reStructuredText title) up to the next heading of the same or a higher
// level; nil when there is none.
func ReadmeSection(readme []byte) []byte {
	start, end, ok := ReadmeSectionAt(readme)
	if !ok {
		return nil
	}
	return readme[start:end]
}

type heading struct {
	level      int
	title      string
	start, end int // byte range of the heading line(s)
}

// ReadmeSectionAt is ReadmeSection returning byte offsets into readme.
func ReadmeSectionAt(readme []byte) (start, end int, ok bool) {
	hs := headings(readme)
	for i, h := range hs {
		if !licenseTitle.MatchString(h.title) {
			continue
		}
		end := len(readme)
		for _, n := range hs[i+1:] {
			if n.level <= h.level {
				end = n.start
				break
			}
		}
		return h.end, end, true
	}
	return 0, 0, false
}

// headings lists the headings of a markdown or reStructuredText document, skipping
// fenced code blocks. Levels: ATX by the number of #; an underline of '=' is 1 and of
// '-' is 2 (setext); other rst underline characters get levels in order of appearance.
func headings(doc []byte) []heading {
	type line struct {
		s          string
		start, end int // end includes the newline
	}
	var lines []line
	for off := 0; off < len(doc); {
		n := bytes.IndexByte(doc[off:], '\n')
		e := len(doc)
		if n >= 0 {
			e = off + n + 1
		}
		lines = append(lines, line{strings.TrimRight(string(doc[off:e]), "\r\n"), off, e})
		off = e
	}
	rstLevel := map[byte]int{'=': 1, '-': 2}
	var out []heading
	fence := ""
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l.s)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if m := atxHeading.FindStringSubmatch(l.s); m != nil {
			out = append(out, heading{level: len(m[1]), title: strings.TrimSpace(m[2]), start: l.start, end: l.end})
			continue
		}
		// Setext / rst: a text line followed by an underline at least as long (markdown
		// accepts shorter ones; rst requires the length, we accept both).
		if t != "" && i+1 < len(lines) && !underline.MatchString(l.s) {
			u := lines[i+1]
			if m := underline.FindStringSubmatch(u.s); m != nil && len(strings.TrimSpace(u.s)) >= 3 {
				c := m[1][0]
				lv, ok := rstLevel[c]
				if !ok {
					lv = len(rstLevel) + 1
					rstLevel[c] = lv
				}
				start := l.start
				// rst overline: the same underline above the title.
				if i > 0 && strings.TrimSpace(lines[i-1].s) == strings.TrimSpace(u.s) {
					start = lines[i-1].start
				}
				out = append(out, heading{level: lv, title: t, start: start, end: u.end})
				i++
			}
		}
	}
	return out
}
