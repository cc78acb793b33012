package license

import (
	"strings"

	"github.com/repogov/repogov/internal/spdx"
)

// SPDX facts (which ids exist, deprecation, OSI approval) live in internal/spdx; this
// file only maps licensecheck's own ids onto SPDX.

// SPDXID returns id as a valid SPDX identifier: ids on the list in canonical case,
// licensecheck's own ids (CommonsClause, MIT-NoAd, BSD-3-Clause-NoTrademark) as
// LicenseRef-<id>.
func SPDXID(id string) string {
	if c, ok := spdx.Canonical(id); ok {
		return c
	}
	if strings.HasPrefix(id, "LicenseRef-") {
		return id
	}
	return "LicenseRef-" + id
}
