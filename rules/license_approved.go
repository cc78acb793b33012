package rules

import (
	"context"
	"fmt"
	"strings"

	"github.com/repogov/repogov/internal/spdx"
	"github.com/repogov/repogov/repo"
)

// LicenseApproved: every licence found is OSI-approved or allowed by the policy.
var LicenseApproved = Rule{
	ID:    "license-approved",
	Title: "Every licence is OSI-approved or allowed by the policy",
	Doc: "Code is open source when its licence is: the Open Source Initiative's approval is the common test, and " +
		"many organizations publish only under an approved licence or a short list of their own. A non-commercial " +
		"licence (CC-BY-NC-SA-4.0), a Commons Clause or a home-made licence keep others from reusing the code.\n\n" +
		"**How to fix.** Relicense under an OSI-approved licence (https://opensource.org/licenses, " +
		"https://choosealicense.com), or, when the organization accepts the licence, add its SPDX id to the policy's " +
		"`allow` list for this rule.\n\n" +
		"**What we match.** The licences `license-identified` finds (also those it finds in a README licence section). " +
		"Each must be OSI-approved according to the SPDX licence list (ids with `-only`/`-or-later` and the deprecated " +
		"bare GPL ids included) or be in `allow`; none may be in `deny` (which wins over both). Ids compare without " +
		"case and without the GNU `-only`/`-or-later` suffix. A modified licence is not the approved licence and fails. " +
		"Not applicable when no licence was identified (`license-file` and `license-identified` report that). " +
		"REUSE repositories often license data and documentation under CC0-1.0 or CC-BY-4.0, which are not " +
		"OSI-approved (the OSI reviews software licences): allow them in the policy when that is your practice; a " +
		"custom `LICENSES/LicenseRef-*` licence needs the same.",
	HelpURL:   DocsURL + "#license-approved",
	Severity:  Error,
	Default:   true,
	Tags:      []string{"legal", "standard-for-public-code", "spc:publish-with-an-open-license"},
	Precision: "high",
	Expected:  "LICENSE",
	Params: []Param{
		{Name: "allow", Type: "strings", Default: []string{}, Doc: "SPDX ids accepted in addition to the OSI-approved ones"},
		{Name: "deny", Type: "strings", Default: []string{}, Doc: "SPDX ids refused even when OSI-approved"},
	},
	Reads: LicenseIdentified.Reads,
	Check: checkLicenseApproved,
}

func inList(id string, list []string) bool {
	for _, x := range list {
		if spdx.Same(id, x) {
			return true
		}
	}
	return false
}

func checkLicenseApproved(ctx context.Context, s *repo.Snapshot, opts Options) Result {
	ev, err := gatherLicenseEvidence(ctx, s)
	if err != nil {
		return Result{Status: StatusError, Message: err.Error()}
	}
	if ev.TooLarge != nil {
		return Result{Status: StatusError, Message: fmt.Sprintf("%s is too large to read (%d bytes)", ev.TooLarge.Path, ev.TooLarge.Size),
			Findings: []Finding{{Path: ev.TooLarge.Path, Message: fmt.Sprintf("too large to read (%d bytes, limit %d)", ev.TooLarge.Size, ev.TooLarge.Limit)}}}
	}
	allow, deny := opts.Strings("allow"), opts.Strings("deny")
	type found struct {
		id, path string
		line     int
		modified bool
	}
	var all []found
	for _, f := range ev.Files {
		for _, m := range f.Ident.Licenses {
			all = append(all, found{m.SPDX(), f.Path, f.Line + m.Line - 1, m.Modified})
		}
	}
	if len(all) == 0 && hostConcrete(s.Meta.HostLicense) && len(ev.Files) > 0 {
		// license-identified falls back on the host's answer; judge the same licence.
		all = append(all, found{id: s.Meta.HostLicense, path: ev.Files[0].Path, line: 1})
	}
	if len(all) == 0 {
		return Result{Status: NotApplicable, Message: "no licence identified"}
	}
	var findings []Finding
	ok := []string{}
	for _, f := range all {
		var why string
		switch {
		case inList(f.id, deny):
			why = f.id + " is on the policy's deny list"
		case f.modified:
			why = "a modified " + f.id + " is not the approved licence; review its extra terms"
		case spdx.IsOSIApproved(f.id):
			ok = append(ok, f.id)
			continue
		case inList(f.id, allow):
			ok = append(ok, f.id+" (allowed by policy)")
			continue
		default:
			why = f.id + " is not OSI-approved and not on the policy's allow list"
		}
		findings = append(findings, Finding{Path: f.path, Line: f.line, Message: why, Key: f.id})
	}
	facts := map[string]any{"approved": ok}
	if len(findings) > 0 {
		return Result{Status: Fail, Message: findings[0].Message, Findings: findings, Facts: facts,
			Remediation: "Relicense under an OSI-approved licence (https://opensource.org/licenses), or add the SPDX id to this rule's allow list in the policy."}
	}
	return Result{Status: Pass, Message: "approved: " + strings.Join(ok, ", "), Facts: facts}
}
