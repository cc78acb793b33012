package license

import (
	"regexp"
	"strings"

	"github.com/github/go-spdx/v2/spdxexp"
	"github.com/repogov/repogov/internal/spdx"
)

// References: statements that name a licence without quoting it. licensecheck knows
// the notices licences prescribe (the Apache and GNU headers); these are the two other
// forms common in READMEs and REUSE-style files.
var (
	// SPDX-License-Identifier: MIT OR Apache-2.0 (also inside comment markers).
	spdxTag = regexp.MustCompile(`(?im)SPDX-License-Identifier:[ \t]*([^\r\n]*?)[ \t]*(?:\*/|-->)?[ \t]*$`)
	// "licensed under the MIT License", "released under the Apache-2.0 licence": the
	// captured word counts only when it is an SPDX id, so "the same terms" or "the BSD
	// licence" (which BSD?) name nothing.
	// A line that is only a licence id, perhaps linked to the licence file and followed
	// by a copyright ("[MIT](LICENSE) © Jane Doe", "Apache-2.0"): the usual README form.
	idLine = regexp.MustCompile(`(?im)^[ \t>*_-]*(?:\[([A-Za-z0-9][A-Za-z0-9.+-]*)(?: licen[cs]e)?\]\([^)\s]*\)|([A-Za-z0-9][A-Za-z0-9.+-]*))[ \t*_.]*(?:(?:©|\(c\)|copyright)[^\n]*)?$`)
	// Links to a licence's page on the sites that key pages by SPDX id.
	licenseURL = regexp.MustCompile(`(?i)https?://(?:www\.)?(?:opensource\.org/licenses?|spdx\.org/licenses|choosealicense\.com/licenses)/([A-Za-z0-9][A-Za-z0-9.+-]*?)(?:\.html|\.json|\.php)?(?:[/#?][^\s)>\]]*)?(?:[\s)>\]]|$)`)
	// Links to a licence's canonical page on its steward's site: the page names one
	// licence and version, so the link names it too ("dedicated under the [CC0 1.0
	// Universal](https://creativecommons.org/publicdomain/zero/1.0/) dedication").
	canonicalURL = regexp.MustCompile(`(?i)https?://(?:www\.)?(?:` +
		`creativecommons\.org/(?:publicdomain/(zero)/|licenses/(by(?:-nc)?(?:-sa|-nd)?)/)(\d\.\d)` +
		`|gnu\.org/licenses/(?:old-licenses/)?(a?gpl|lgpl|fdl)-(\d\.\d)` +
		`|apache\.org/licenses/(LICENSE)-(\d\.\d)` +
		`|mozilla\.org/(?:[a-z]{2}(?:-[A-Z]{2})?/)?(MPL)/(\d\.\d)` +
		`|(?:joinup\.ec\.europa\.eu/[^\s)>\]]*?(eupl)[^\s)>\]]*?[-_/v](1)[.\-_]?([012])|(eupl)\.eu/(1)\.([012]))(?:[^\d.]|$)` +
		`)`)
	// Licence names that are neither SPDX ids nor notices licensecheck knows: the
	// Creative Commons names as their deeds write them.
	ccName       = regexp.MustCompile(`(?i)\b(?:(CC0)[ -]?(1\.0)|creative\s+commons\s+(zero)\s+v?(1\.0)|creative\s+commons\s+(attribution(?:[- ]?non-?commercial)?(?:[- ]?share-?alike|[- ]?no-?deriv(?:ative)?s)?)\s+(\d\.\d))\b`)
	namedLicense = regexp.MustCompile(`(?i)\b(?:licen[cs]ed|released|distributed|available|published|provided)\s+under\s+(?:the\s+)?(?:terms\s+of\s+(?:the\s+)?)?\[?([A-Za-z0-9][A-Za-z0-9.+-]*[A-Za-z0-9+])`)
)

// references finds licence references in t[start:end]; offsets are into t.
func references(t []byte, start, end int) []Match {
	var out []Match
	seg := t[start:end]
	for _, m := range spdxTag.FindAllSubmatchIndex(seg, -1) {
		ids, err := spdxexp.ExtractLicenses(string(seg[m[2]:m[3]]))
		if err != nil {
			continue // a malformed expression names nothing we can trust
		}
		for _, id := range ids {
			id = strings.TrimSuffix(id, "+")
			if c, ok := spdx.Canonical(id); ok {
				id = c
			}
			out = append(out, Match{ID: id, Start: start + m[0], End: start + m[1], Similarity: 100, Reference: true})
		}
	}
	for _, m := range idLine.FindAllSubmatchIndex(seg, -1) {
		var id string
		var ok bool
		switch {
		case m[2] >= 0: // linked: the link makes it a statement
			id, ok = spdx.Canonical(string(seg[m[2]:m[3]]))
		case m[4] >= 0: // bare: only ids that cannot be an ordinary word (Ruby, curl, JSON, Vim are ids too)
			id, ok = spdx.Canonical(string(seg[m[4]:m[5]]))
			ok = ok && (common[id] || strings.ContainsAny(id, "0123456789"))
		}
		if ok {
			out = append(out, Match{ID: id, Start: start + m[0], End: start + m[1], Similarity: 100, Reference: true})
		}
	}
	for _, m := range licenseURL.FindAllSubmatchIndex(seg, -1) {
		if id, ok := spdx.Canonical(string(seg[m[2]:m[3]])); ok {
			out = append(out, Match{ID: id, Start: start + m[0], End: start + m[3], Similarity: 100, Reference: true})
		}
	}
	for _, m := range canonicalURL.FindAllSubmatchIndex(seg, -1) {
		if id, ok := spdx.Canonical(urlLicense(seg, m)); ok {
			out = append(out, Match{ID: id, Start: start + m[0], End: start + m[1], Similarity: 100, Reference: true})
		}
	}
	for _, m := range ccName.FindAllSubmatchIndex(seg, -1) {
		if id, ok := spdx.Canonical(ccNameLicense(seg, m)); ok {
			out = append(out, Match{ID: id, Start: start + m[0], End: start + m[1], Similarity: 100, Reference: true})
		}
	}
	for _, m := range namedLicense.FindAllSubmatchIndex(seg, -1) {
		id, ok := spdx.Canonical(string(seg[m[2]:m[3]]))
		if !ok {
			continue
		}
		out = append(out, Match{ID: id, Start: start + m[0], End: start + m[1], Similarity: 100, Reference: true})
	}
	return out
}

// urlLicense turns a canonicalURL match into a licence id (checked by the caller).
func urlLicense(seg []byte, m []int) string {
	g := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return strings.ToLower(string(seg[m[2*i]:m[2*i+1]]))
	}
	switch {
	case g(1) != "": // creativecommons.org/publicdomain/zero/1.0
		return "CC0-" + g(3)
	case g(2) != "": // creativecommons.org/licenses/by-sa/4.0
		return "CC-" + strings.ToUpper(g(2)) + "-" + g(3)
	case g(4) != "": // gnu.org/licenses/gpl-3.0.html: the bare (deprecated) id, resolved later
		k := map[string]string{"gpl": "GPL", "agpl": "AGPL", "lgpl": "LGPL", "fdl": "GFDL"}[g(4)]
		return k + "-" + g(5)
	case g(6) != "":
		return "Apache-" + g(7)
	case g(8) != "":
		return "MPL-" + g(9)
	case g(10) != "":
		return "EUPL-" + g(11) + "." + g(12)
	case g(13) != "":
		return "EUPL-" + g(14) + "." + g(15)
	}
	return ""
}

// ccNameLicense turns a ccName match into a licence id (checked by the caller).
func ccNameLicense(seg []byte, m []int) string {
	g := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return strings.ToLower(string(seg[m[2*i]:m[2*i+1]]))
	}
	switch {
	case g(1) != "":
		return "CC0-" + g(2)
	case g(3) != "":
		return "CC0-" + g(4)
	}
	name := strings.NewReplacer("-", "", " ", "", "\t", "", "\n", "").Replace(g(5))
	id := "CC-BY"
	if strings.Contains(name, "noncommercial") {
		id += "-NC"
	}
	switch {
	case strings.Contains(name, "sharealike"):
		id += "-SA"
	case strings.Contains(name, "noderiv"):
		id += "-ND"
	}
	return id + "-" + g(6)
}
