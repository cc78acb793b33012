package rules

import (
	"context"
	"strings"

	"github.com/repogov/repogov/internal/spdx"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules/license"
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
		"A licence file whose text nobody identified fails (a home-made licence, a copyright notice alone): there is nothing " +
		"to approve, and an unknown licence must not score better than a known one that is not approved. Not applicable " +
		"when there is no licence file (`license-file` reports that). A companion text (the GPL-3.0 beside the LGPL-3.0) " +
		"is judged with the licence that incorporates it; a licence modified by a `PATENTS` grant fails with the finding " +
		"on `PATENTS`. " +
		"CC0-1.0 is not OSI-approved (Creative Commons withdrew it from the OSI's review) but is what the US Federal Source Code Policy " +
		"prescribes for federal code: the default `allow` list is `[CC0-1.0]`, so no preset fails it; a policy forbids " +
		"it with `deny: [CC0-1.0]` (or an `allow` list without it). " +
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
		{Name: "allow", Type: "strings", Default: defaultAllow, Doc: "SPDX ids accepted in addition to the OSI-approved ones (docs/policy.md says why CC0-1.0 is the default)"},
		{Name: "deny", Type: "strings", Default: []string{}, Doc: "SPDX ids refused even when OSI-approved"},
	},
	Reads: LicenseIdentified.Reads,
	Check: checkLicenseApproved,
}

// defaultAllow is the allow list when a policy gives none: CC0-1.0, which US federal
// repositories use (see the rule's doc and docs/policy.md).
var defaultAllow = []string{"CC0-1.0"}

func inList(id string, list []string) bool {
	for _, x := range list {
		if spdx.Same(id, x) {
			return true
		}
	}
	return false
}

func checkLicenseApproved(ctx context.Context, s *repo.Snapshot, opts Options) Result {
	ev, err := licenseEvidenceOf(ctx, s)
	if err != nil {
		return Result{Status: StatusError, Message: err.Error()}
	}
	if ev.TooLarge != nil {
		return tooLargeResult(ev.TooLarge)
	}
	allow, deny := opts.Strings("allow"), opts.Strings("deny")
	if _, set := opts.Params["allow"]; !set {
		allow = defaultAllow
	}
	type found struct {
		id, path string
		line     int
		modified bool
	}
	var all []found
	var unknown []Finding // licence texts nobody identified: nothing to approve
	for _, f := range ev.Files {
		if f.CompanionOf != "" {
			continue // the GPL-3.0 text the LGPL-3.0 incorporates: judged with it
		}
		if f.Problem == "" && len(f.Ident.Licenses) == 0 {
			unknown = append(unknown, Finding{Path: f.Path, Line: f.Line, Key: "unidentified",
				Message: f.Path + " holds a licence text we cannot identify, so it cannot be approved"})
		}
		for _, m := range f.Ident.Licenses {
			at, line := f.Path, f.Line+m.Line-1
			if m.Modified && f.TermsAt != "" && len(f.Ident.Extra) == 0 {
				at, line = f.TermsAt, 1
			}
			all = append(all, found{m.SPDX(), at, line, m.Modified})
		}
	}
	if len(all) == 0 && hostConcrete(s.Meta.HostLicense) && len(ev.Files) > 0 {
		// license-identified falls back on the host's answer; judge the same licence.
		all = append(all, found{id: license.SPDXID(s.Meta.HostLicense), path: ev.Files[0].Path, line: 1})
		unknown = nil
	}
	if len(all) == 0 && len(unknown) == 0 {
		return Result{Status: NotApplicable, Message: "no licence identified"}
	}
	findings := unknown
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
