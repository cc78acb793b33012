package license

import (
	"strings"

	"github.com/repogov/repogov/internal/spdx"
)

// SPDX facts (which ids exist, deprecation, OSI approval) live in internal/spdx; this
// file only maps licensecheck's own ids onto SPDX.

// SPDXID returns id as a valid, current SPDX identifier: ids on the list in canonical
// case, a deprecated GNU id as its "-only" form (GPL-3.0 → GPL-3.0-only: the text alone
// grants that version; see the license-identified rule for how "or later" is found),
// and licensecheck's own ids (CommonsClause, MIT-NoAd, BSD-3-Clause-NoTrademark) and the
// deprecated ids with no single replacement (Net-SNMP) as LicenseRef-<id>.
func SPDXID(id string) string {
	if c, ok := spdx.Current(id); ok && !spdx.IsDeprecated(c) {
		return c
	}
	if strings.HasPrefix(id, "LicenseRef-") {
		return id
	}
	return "LicenseRef-" + id
}
