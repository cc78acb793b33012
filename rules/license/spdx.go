package license

import (
	"strings"
	"sync"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"
)

// SPDX facts come from github.com/github/go-spdx/v2 (v2.3.3), which generates its
// lists from spdx/license-list-data: active ids, deprecated ids, exceptions. It carries
// no OSI flag, so osiApproved below is our own copy of the list's "isOsiApproved"
// entries (deprecated ids included: GitHub and licensecheck still report "GPL-3.0" for a
// bare GPL text, and it is as approved as GPL-3.0-only).

var (
	spdxOnce   sync.Once
	active     map[string]string // lower-case id → canonical id
	deprecated map[string]string
)

func loadSPDX() {
	spdxOnce.Do(func() {
		active = map[string]string{}
		deprecated = map[string]string{}
		for _, id := range spdxlicenses.GetLicenses() {
			active[strings.ToLower(id)] = id
		}
		for _, id := range spdxlicenses.GetDeprecated() {
			deprecated[strings.ToLower(id)] = id
		}
	})
}

// Canonical returns id with the SPDX list's capitalisation ("mit" → "MIT"), and whether
// it is on the list at all (active or deprecated). A "LicenseRef-" id is returned as is.
func Canonical(id string) (string, bool) {
	loadSPDX()
	l := strings.ToLower(strings.TrimSpace(id))
	if c, ok := active[l]; ok {
		return c, true
	}
	if c, ok := deprecated[l]; ok {
		return c, true
	}
	return id, false
}

// IsSPDX reports whether id is on the SPDX licence list (active or deprecated).
func IsSPDX(id string) bool { _, ok := Canonical(id); return ok }

// IsDeprecated reports whether id is a deprecated SPDX id (e.g. "GPL-3.0", which the
// list replaced by GPL-3.0-only / GPL-3.0-or-later).
func IsDeprecated(id string) bool {
	loadSPDX()
	l := strings.ToLower(id)
	_, dep := deprecated[l]
	_, act := active[l]
	return dep && !act
}

// SPDXID returns id as a valid SPDX identifier: ids on the list in canonical case,
// licensecheck's own ids (CommonsClause, MIT-NoAd, BSD-3-Clause-NoTrademark) as
// LicenseRef-<id>.
func SPDXID(id string) string {
	if c, ok := Canonical(id); ok {
		return c
	}
	if strings.HasPrefix(id, "LicenseRef-") {
		return id
	}
	return "LicenseRef-" + id
}

// SameLicense reports whether two ids name the same licence text, ignoring case, a
// LicenseRef- prefix and the -only / -or-later / + suffixes of the GNU family (a
// LICENSE file holds the text; the suffix is a statement made elsewhere).
func SameLicense(a, b string) bool { return baseID(a) == baseID(b) }

func baseID(id string) string {
	id = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(id), "LicenseRef-"))
	for _, s := range []string{"-or-later", "-only", "+"} {
		id = strings.TrimSuffix(id, s)
	}
	return id
}

// IsOSIApproved reports whether the Open Source Initiative approved the licence id.
func IsOSIApproved(id string) bool {
	c, ok := Canonical(id)
	return ok && osiApproved[c]
}

// osiApproved mirrors the "isOsiApproved": true entries of the SPDX licence list
// (license-list-data 3.2x); see the package comment for why it is embedded.
var osiApproved = setOf(
	"0BSD", "AAL", "AFL-1.1", "AFL-1.2", "AFL-2.0", "AFL-2.1", "AFL-3.0",
	"AGPL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "APL-1.0",
	"APSL-1.0", "APSL-1.1", "APSL-1.2", "APSL-2.0", "Apache-1.1", "Apache-2.0",
	"Artistic-1.0", "Artistic-1.0-Perl", "Artistic-1.0-cl8", "Artistic-2.0",
	"BSD-1-Clause", "BSD-2-Clause", "BSD-2-Clause-Patent", "BSD-3-Clause", "BSD-3-Clause-LBNL",
	"BSL-1.0", "CAL-1.0", "CAL-1.0-Combined-Work-Exception", "CATOSL-1.1", "CDDL-1.0",
	"CECILL-2.1", "CERN-OHL-P-2.0", "CERN-OHL-S-2.0", "CERN-OHL-W-2.0", "CNRI-Python",
	"CPAL-1.0", "CPL-1.0", "CUA-OPL-1.0", "ECL-1.0", "ECL-2.0", "EFL-1.0", "EFL-2.0",
	"EPL-1.0", "EPL-2.0", "EUDatagrid", "EUPL-1.1", "EUPL-1.2", "Entessa", "Fair",
	"Frameworx-1.0", "GPL-2.0", "GPL-2.0+", "GPL-2.0-only", "GPL-2.0-or-later",
	"GPL-3.0", "GPL-3.0+", "GPL-3.0-only", "GPL-3.0-or-later", "GPL-3.0-with-GCC-exception",
	"HPND", "ICU", "IPA", "IPL-1.0", "ISC", "Intel",
	"LGPL-2.0", "LGPL-2.0+", "LGPL-2.0-only", "LGPL-2.0-or-later",
	"LGPL-2.1", "LGPL-2.1+", "LGPL-2.1-only", "LGPL-2.1-or-later",
	"LGPL-3.0", "LGPL-3.0+", "LGPL-3.0-only", "LGPL-3.0-or-later",
	"LPL-1.0", "LPL-1.02", "LPPL-1.3c", "LiLiQ-P-1.1", "LiLiQ-R-1.1", "LiLiQ-Rplus-1.1",
	"MIT", "MIT-0", "MIT-Modern-Variant", "MPL-1.0", "MPL-1.1", "MPL-2.0",
	"MPL-2.0-no-copyleft-exception", "MS-PL", "MS-RL", "MirOS", "Motosoto", "MulanPSL-2.0",
	"Multics", "NASA-1.3", "NCSA", "NGPL", "NPOSL-3.0", "NTP", "Naumen", "Nokia",
	"OCLC-2.0", "OFL-1.1", "OFL-1.1-RFN", "OFL-1.1-no-RFN", "OGTSL", "OLDAP-2.8",
	"OLFL-1.3", "OSET-PL-2.1", "OSL-1.0", "OSL-2.0", "OSL-2.1", "OSL-3.0",
	"PHP-3.0", "PHP-3.01", "PostgreSQL", "Python-2.0", "QPL-1.0",
	"RPL-1.1", "RPL-1.5", "RPSL-1.0", "RSCPL", "SISSL", "SPL-1.0", "SimPL-2.0", "Sleepycat",
	"UCL-1.0", "UPL-1.0", "Unicode-3.0", "Unicode-DFS-2016", "Unlicense", "VSL-1.0", "W3C",
	"Watcom-1.0", "Xnet", "ZPL-2.0", "ZPL-2.1", "Zlib", "eCos-2.0", "wxWindows",
)

func setOf(ids ...string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}
