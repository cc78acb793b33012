package rules

import (
	"context"

	"github.com/repogov/repogov/repo"
)

// LicenseIDs returns the SPDX ids of the repository's licence as license-identified
// finds them (licence files, else the README's licence section): the licence custom
// rules' `when: {license: …}` conditions test.
func LicenseIDs(ctx context.Context, s *repo.Snapshot) ([]string, error) {
	ev, err := licenseEvidenceOf(ctx, s) // shared with the licence rules
	if err != nil {
		return nil, err
	}
	return ev.IDs(), nil
}
