package license

import (
	"bytes"
	"regexp"
	"strings"
)

// VersionStatement looks in text (a README, a licence file) for the licensor's statement
// of which versions of the GNU licence id ("GPL-3.0", "LGPL-2.1", "AGPL-3.0") apply:
// "-or-later" for "GPL-3.0-or-later", "GPLv3+", "GPL v3 or later", "either version 3 of
// the License, or (at your option) any later version"; "-only" for "GPL-3.0-only",
// "GPLv3 only"; "" when text says neither. The licence text itself cannot say it: GNU
// licences leave the choice to the notice the licensor puts on the work.
func VersionStatement(text []byte, id string) string {
	fam, ver, ok := strings.Cut(strings.ToUpper(spdxBase(id)), "-")
	if !ok {
		return ""
	}
	major, _, _ := strings.Cut(ver, ".")
	var name string
	switch fam {
	case "GPL":
		name = `(?:(?:^|[^A-Za-z])GPL|(?:GNU\s+)?(?:^|[^A-Za-z])General\s+Public\s+Licen[cs]e)`
	case "LGPL":
		name = `(?:LGPL|(?:GNU\s+)?Lesser\s+General\s+Public\s+Licen[cs]e)`
	case "AGPL":
		name = `(?:AGPL|(?:GNU\s+)?Affero\s+General\s+Public\s+Licen[cs]e)`
	default:
		return ""
	}
	v := `[-\s,]*(?:v|version\s*)?` + major + `(?:\.\d)?`
	laterRe := regexp.MustCompile(`(?i)` + name + v + `(?:\+|-or-later\b|,?\s+or\s+(?:\(at\s+your\s+option\)\s+)?(?:any\s+)?later\b)` +
		`|(?i)either\s+version\s+` + major + `(?:\.\d)?\s+of\s+the\s+licen[cs]e,?\s+or\s+\(at\s+your\s+option\)\s+any\s+later\s+version`)
	onlyRe := regexp.MustCompile(`(?i)` + name + v + `(?:-only\b|\s+only\b)`)
	l, o := laterRe.FindIndex(text), onlyRe.FindIndex(text)
	switch {
	case l != nil && (o == nil || l[0] < o[0]):
		return "-or-later"
	case o != nil:
		return "-only"
	}
	return ""
}

// spdxBase is an id without the GNU version suffixes, in its own case.
func spdxBase(id string) string {
	for _, s := range []string{"-or-later", "-only", "+"} {
		id = strings.TrimSuffix(id, s)
	}
	return id
}

// PatentGrant reports whether text (a PATENTS file beside the licence) grants patent
// rights, and whether the grant can terminate: such a file adds terms to the licence.
func PatentGrant(text []byte) (grant, terminates bool) {
	low := bytes.ToLower(text)
	if !bytes.Contains(low, []byte("patent")) || !isTerms(text, nil) {
		return false, false
	}
	return true, bytes.Contains(low, []byte("terminat"))
}
