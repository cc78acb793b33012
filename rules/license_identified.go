package rules

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/repogov/repogov/internal/govfile"
	"github.com/repogov/repogov/internal/spdx"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules/license"
)

// LicenseIdentified: the licence text is a known licence, unmodified.
var LicenseIdentified = Rule{
	ID:    "license-identified",
	Title: "The licence text is identified as SPDX licence(s)",
	Doc: "A licence helps only when people and tools can tell which one it is: an edited or home-made text needs a " +
		"lawyer to read it, compliance tools and package registries report it as unknown, and GitHub shows \"Other\" " +
		"(`NOASSERTION`).\n\n" +
		"**How to fix.** Use the standard text of the licence, unchanged except for the copyright line " +
		"(https://choosealicense.com, https://spdx.org/licenses/). Put additional permissions or terms, if you really need " +
		"them, in a separate file, and expect them to make the licence non-standard. For several licences use one file " +
		"each or the REUSE `LICENSES/` layout (https://reuse.software/spec/).\n\n" +
		"**What we match.** Every file `license-file` finds (root licence files and every file in `LICENSES/`) is scanned " +
		"with github.com/google/licensecheck, which ignores case, punctuation, markdown and HTML markup, CRLF line ends and " +
		"a byte-order mark; a copyright line, a title or a project preamble before the licence do not matter. " +
		"Text outside the matched licence that reads as terms (grants, prohibitions, obligations: a patent grant, a " +
		"Commons Clause) makes the licence *modified*, and so does a text that is close to a known licence but does not " +
		"match it (an edited clause); a modified licence fails. A text like no known licence fails and names the closest " +
		"one. Several licences (dual licensing, `LICENSE-APACHE` + `LICENSE-MIT`, `LICENSES/`) are all reported. " +
		"Files about bundled code (`THIRD-PARTY-LICENSE`, `LICENSE-dependencies.md`: third party, vendor, " +
		"dependencies in the name) are identified as facts but are not the repository's licence. " +
		"In `LICENSES/`, a file must hold the licence its name declares; `LicenseRef-*` files are custom licences, " +
		"taken by name. Licence exceptions (a GPL linking exception, the LLVM exception) are reported, not " +
		"counted as modifications. A licence named but not quoted (`SPDX-License-Identifier:`, \"licensed under " +
		"the MIT License\") is identified by reference; in a file that quotes a licence, other licence names are " +
		"mentions (third-party notes) and are not reported. " +
		"Without a licence file, the *License*/*Licence*/*Licensing* section of the root README is scanned (and " +
		"`license-file` still fails).\n\n" +
		"**GitHub's detection** (licensee: one licence per repository, ≥ 98 % similarity) is reported as a fact. Our answer " +
		"is preferred when it is an exact match, e.g. CC-BY-NC-SA-4.0, a `LICENSES/` layout or `LICENSE-APACHE` + " +
		"`LICENSE-MIT`, where GitHub says `NOASSERTION`. GitHub's answer is used, and the message says so, when we " +
		"recognise nothing, or only an edited copy of the licence GitHub names (a typo, a reflowed sentence: " +
		"GitHub accepts 98 % similarity); passages of added terms we found stay a modification whatever GitHub says.\n\n" +
		"**Decisions.** " +
		"*Official notices are not terms:* Creative Commons' legal code opens with a notice (\"not a law firm\", " +
		"considerations for licensors and the public) and ends with a trademark notice (\"Creative Commons is not a party to " +
		"its public licenses … does not form part of the public licenses\", in its 2016 and current wordings); both are " +
		"part of the published text and never make the licence modified. " +
		"*A title is not a term:* a line made only of the licence's own name (its SPDX name or id: " +
		"\"Attribution-NonCommercial-ShareAlike 4.0 International\") is skipped when looking for added terms, so " +
		"\"NonCommercial\" in the title of a CC-BY-NC(-SA/-ND) text does not count; the same words in a sentence of " +
		"its own still do. " +
		"*Copyright-only files:* a licence file holding only a copyright notice is reported as having no licence terms " +
		"(`license-file` fails on it). " +
		"*Companion texts:* a licence whose text incorporates another's is one licence with both texts: the GPL-3.0 " +
		"text beside the LGPL-3.0 (`COPYING` + `COPYING.LESSER`) is the LGPL's companion, reported under the " +
		"`companions` fact, not as a second licence; an LGPL-3.0 without the GPL text passes with a note and a " +
		"`missing-companion` fact. " +
		"*Patent side files:* a root `PATENTS` file that grants patent rights (typically with a termination clause) adds " +
		"terms to the licence: every licence quoted in the licence files becomes modified, with the finding on `PATENTS`; " +
		"a `PATENTS` file that grants nothing does not matter. " +
		"*One id per text, never a deprecated one:* the GNU texts say nothing about later versions, so a bare GPL, " +
		"LGPL, AGPL or GFDL text gets its `-or-later` id only when the licensor says so — a notice or " +
		"`SPDX-License-Identifier` in the licence file outside the licence text, or in the root README (`GPL-3.0-or-later`, " +
		"`GPLv3+`, \"version 3 … or (at your option) any later version\") — and its `-only` id otherwise: the text alone " +
		"grants that version. The sample notice in the GPL's own \"How to Apply These Terms\" appendix is part of the " +
		"text and says nothing about the work, so a GPL-3.0 text gets the same id with or without it. The `versions` " +
		"fact says where the decision came from. Deprecated SPDX ids (`GPL-2.0`, `LGPL-2.1`, `AGPL-3.0`) are never reported. " +
		"*References by name and canonical URL:* besides SPDX ids, licence notices and links to opensource.org, spdx.org " +
		"and choosealicense.com, a link to the licence's page on its steward's site (creativecommons.org, gnu.org, " +
		"apache.org, mozilla.org, joinup.ec.europa.eu / eupl.eu) and the Creative Commons names (\"CC0 1.0 Universal\", " +
		"\"Creative Commons Attribution-ShareAlike 4.0 International\") identify a licence by reference: the public-domain " +
		"dedication US federal repositories use (\"waived through the CC0 1.0 Universal public domain dedication\", linking " +
		"creativecommons.org/publicdomain/zero/1.0) is CC0-1.0.",
	HelpURL:   DocsURL + "#license-identified",
	Severity:  Warning,
	Default:   true,
	Tags:      []string{"legal", "standard-for-public-code", "spc:publish-with-an-open-license"},
	Precision: "high",
	Expected:  "LICENSE",
	// Licence files, the README (its licence section when there is no licence file; its
	// statement of "or later" versions for a GNU text), and a PATENTS grant beside them.
	Reads: append(slices.Clone(licenseReads), "README*", "PATENTS*"),
	Check: checkLicenseIdentified,
}

// licenseFileResult is the identification of one file (or README section).
type licenseFileResult struct {
	Path    string
	Line    int // first line of the text that was scanned (README section), 1 otherwise
	Ident   license.Identification
	Problem string // empty, binary: the text could not be scanned
	ReuseID string // for LICENSES/<id>.<ext>: the id the file name declares
	// CompanionOf is set when the file holds the text another licence of the repository
	// requires beside its own (the GPL-3.0 next to the LGPL-3.0): it is that licence's.
	CompanionOf string
	// TermsAt is the side file whose added terms modify this file's licences (PATENTS).
	TermsAt string
}

// licenseEvidence is the identification of a whole repository.
type licenseEvidence struct {
	Files      []licenseFileResult
	FromReadme bool
	TooLarge   *repo.TooLargeError
	// ThirdParty are licence-named files about bundled code (THIRD-PARTY-LICENSE,
	// LICENSE-dependencies.md): identified as facts, never the repository's licence.
	ThirdParty []licenseFileResult
	// Versions says where the "-only"/"-or-later" of each bare GNU licence text came
	// from ("README.md"), or that none was stated (the -only default).
	Versions map[string]string
}

// thirdPartyName recognises licence files that list other people's licences.
var thirdPartyName = regexp.MustCompile(`(?i)(third|3rd)[-_. ]?part(y|ies)|dependenc|vendor|bundled`)

// patentsName recognises a patent grant beside the licence (PATENTS, PATENTS.md).
var patentsName = regexp.MustCompile(`(?i)^patents?(\.(md|markdown|txt|rst))?$`)

// IDs returns the distinct SPDX ids of the repository's licences (modified ones
// included, companion texts not), in file order.
func (ev licenseEvidence) IDs() []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range ev.Files {
		if f.CompanionOf != "" {
			continue // the GPL-3.0 text that comes with the LGPL-3.0
		}
		for _, m := range f.Ident.Licenses {
			if id := m.SPDX(); !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

// referencesOnly reports whether every licence found is only named, not quoted.
func (ev licenseEvidence) referencesOnly() bool {
	n := 0
	for _, f := range ev.Files {
		if f.CompanionOf != "" {
			continue
		}
		for _, m := range f.Ident.Licenses {
			if !m.Reference {
				return false
			}
			n++
		}
	}
	return n > 0
}

// evidenceResult is what licenseEvidenceOf memoises per snapshot.
type evidenceResult struct {
	ev  licenseEvidence
	err error
}

// licenseEvidenceOf returns the licence evidence of s, computed once per snapshot and
// shared by the licence rules (identification is the expensive part of a scan).
func licenseEvidenceOf(ctx context.Context, s *repo.Snapshot) (licenseEvidence, error) {
	r := s.Memo("rules.licenseEvidence", func() any {
		ev, err := gatherLicenseEvidence(ctx, s)
		return evidenceResult{ev, err}
	}).(evidenceResult)
	return r.ev, r.err
}

// gatherLicenseEvidence reads and identifies every licence file, or the README's licence
// section when there is none.
func gatherLicenseEvidence(ctx context.Context, s *repo.Snapshot) (licenseEvidence, error) {
	var ev licenseEvidence
	ls, err := scanLicenses(ctx, s)
	if err != nil {
		return ev, err
	}
	// Read every licence file before identifying any: a text the fast path does not know
	// starts the full matcher's construction (a second or so) while the others are read.
	texts := make([][]byte, len(ls.Files))
	for i, p := range ls.Files {
		b, err := s.ReadFile(ctx, p)
		var tl *repo.TooLargeError
		if errors.As(err, &tl) {
			ev.TooLarge = tl
			continue
		}
		if err != nil {
			return ev, readError(p, err)
		}
		texts[i] = b
		if textProblem(b) == "" {
			license.Prepare(b)
		}
	}
	for i, p := range ls.Files {
		b := texts[i]
		if b == nil {
			continue // too large
		}
		fr := licenseFileResult{Path: p, Line: 1}
		if fr.Problem = textProblem(b); fr.Problem == "" {
			fr.Ident = license.Identify(b)
		}
		// REUSE names each file in LICENSES/ after its SPDX id; a LicenseRef-<name> file
		// holds a custom licence, which no matcher can identify but the name declares.
		if dir, name := path.Split(p); strings.EqualFold(dir, "LICENSES/") {
			fr.ReuseID = strings.TrimSuffix(name, path.Ext(name))
			if strings.HasPrefix(fr.ReuseID, "LicenseRef-") && fr.Problem == "" && !fr.Ident.Identified() {
				fr.Ident.Licenses = []license.Match{{ID: fr.ReuseID, Line: 1, Reference: true}}
			}
		}
		if thirdPartyName.MatchString(path.Base(p)) && !strings.EqualFold(path.Dir(p), "LICENSES") {
			ev.ThirdParty = append(ev.ThirdParty, fr)
			continue
		}
		deferToHost(&fr, s.Meta.HostLicense)
		ev.Files = append(ev.Files, fr)
	}
	if len(ev.Files) == 0 && ev.TooLarge == nil {
		for _, e := range s.ReadDir("") {
			if e.Kind != repo.File || govfile.Stem(e.Name()) != "readme" {
				continue
			}
			b, err := s.ReadFile(ctx, e.Path)
			if err != nil {
				continue // the readme rule reports unreadable READMEs
			}
			start, end, ok := license.ReadmeSectionAt(b)
			if !ok || textProblem(b[start:end]) != "" {
				continue
			}
			ev.FromReadme = true
			ev.Files = append(ev.Files, licenseFileResult{Path: e.Path, Line: bytes.Count(b[:start], []byte{'\n'}) + 1, Ident: license.Identify(b[start:end])})
			break
		}
	}
	markCompanions(&ev)
	if err := resolveVersions(ctx, s, &ev); err != nil {
		return ev, err
	}
	if err := applySideTerms(ctx, s, &ev); err != nil {
		return ev, err
	}
	return ev, nil
}

// markCompanions marks the files that hold the text another licence of the repository
// requires beside its own (COPYING with the GPL-3.0 next to COPYING.LESSER with the
// LGPL-3.0): the repository is under the LGPL-3.0 alone, and the GPL text is part of it.
func markCompanions(ev *licenseEvidence) {
	for _, f := range ev.Files {
		for _, m := range f.Ident.Licenses {
			need := spdx.Companion(m.ID)
			if need == "" || m.Reference {
				continue
			}
			for i := range ev.Files {
				c := &ev.Files[i]
				ls := c.Ident.Licenses
				if c.Path != f.Path && len(ls) == 1 && !ls[0].Reference && !ls[0].Modified && spdx.Base(ls[0].ID) == need {
					c.CompanionOf = m.ID
				}
			}
		}
	}
}

// resolveVersions gives each bare GNU licence text ("GPL-3.0", which the SPDX list
// deprecated) its "-only" or "-or-later" form. The text cannot say which: the licensor's
// notice does, so the licence file itself (a notice before the text, an SPDX tag) and
// the root README are searched; without a statement the text grants that version only.
func resolveVersions(ctx context.Context, s *repo.Snapshot, ev *licenseEvidence) error {
	var readme []byte
	var readmePath string
	loaded := false
	for i := range ev.Files {
		f := &ev.Files[i]
		for j := range f.Ident.Licenses {
			m := &f.Ident.Licenses[j]
			c, ok := spdx.Current(m.ID)
			if !ok || c == m.ID || !spdx.IsDeprecated(m.ID) {
				continue
			}
			if strings.HasSuffix(m.ID, "+") { // "GPL-3.0+" says it
				m.ID = c
				continue
			}
			if !loaded {
				loaded = true
				for _, e := range s.ReadDir("") {
					if e.Kind == repo.File && govfile.Stem(e.Name()) == "readme" {
						b, err := s.ReadFile(ctx, e.Path)
						if err != nil && ctx.Err() != nil {
							return ctx.Err()
						}
						readme, readmePath = b, e.Path
						break
					}
				}
			}
			if ev.Versions == nil {
				ev.Versions = map[string]string{}
			}
			base := strings.TrimSuffix(m.ID, "+")
			// A notice outside the licence text, never inside it: the GPL's own "How to
			// Apply These Terms" appendix shows a sample "or (at your option) any later
			// version" notice, which says nothing about this work.
			var text []byte
			if b, err := s.ReadFile(ctx, f.Path); err == nil && !ev.FromReadme && m.End <= len(b) {
				text = slices.Concat(b[:m.Start], []byte("\n"), b[m.End:])
			}
			switch {
			case license.VersionStatement(text, base) != "":
				m.ID = base + license.VersionStatement(text, base)
				ev.Versions[m.ID] = f.Path
			case license.VersionStatement(readme, base) != "":
				m.ID = base + license.VersionStatement(readme, base)
				ev.Versions[m.ID] = readmePath
			default:
				m.ID = c
				ev.Versions[m.ID] = "no statement of later versions: the text alone grants " + base + " only"
			}
		}
	}
	return nil
}

// applySideTerms reads the root PATENTS file, if any: a patent grant (which can
// terminate) is an addition to the licence, so the licences quoted in the licence files
// become modified, with the side file as the place to look.
func applySideTerms(ctx context.Context, s *repo.Snapshot, ev *licenseEvidence) error {
	for _, e := range s.ReadDir("") {
		if e.Kind != repo.File || !patentsName.MatchString(e.Name()) {
			continue
		}
		b, err := s.ReadFile(ctx, e.Path)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			continue
		}
		grant, terminates := license.PatentGrant(b)
		if !grant {
			continue
		}
		note := e.Path + " adds patent terms (a patent grant"
		if terminates {
			note += " that terminates on conditions"
		}
		note += ")"
		for i := range ev.Files {
			f := &ev.Files[i]
			if f.CompanionOf != "" {
				continue
			}
			for j := range f.Ident.Licenses {
				if m := &f.Ident.Licenses[j]; !m.Modified && !m.Reference {
					m.Modified, m.Note = true, note
					f.TermsAt = e.Path
				}
			}
		}
	}
	return nil
}

// deferToHost settles the one disagreement where the host's answer is the better one: our
// fuzzy comparison found an edited copy of licence X (no exact match), and the host,
// whose matcher accepts ≥ 98 % similarity, says X. The difference is then a typo or a
// reflowed sentence, not new terms. Added terms we found stay a modification whatever
// the host says: there we have the passage to show.
func deferToHost(fr *licenseFileResult, host string) {
	if !hostConcrete(host) {
		return
	}
	for i := range fr.Ident.Licenses {
		m := &fr.Ident.Licenses[i]
		if m.Modified && m.Similarity < 100 && spdx.Same(m.ID, host) {
			m.Modified = false
			m.Note = fmt.Sprintf("GitHub identifies it as %s; the wording differs slightly from the standard text (%.0f%% alike)", host, m.Similarity)
		}
	}
}

// hostConcrete reports whether the host named a licence (not NOASSERTION, NONE, other).
func hostConcrete(h string) bool {
	switch strings.ToUpper(h) {
	case "", "NOASSERTION", "NONE", "OTHER":
		return false
	}
	return true
}

func checkLicenseIdentified(ctx context.Context, s *repo.Snapshot, _ Options) Result {
	ev, err := licenseEvidenceOf(ctx, s)
	if err != nil {
		return Result{Status: StatusError, Message: err.Error()}
	}
	host := s.Meta.HostLicense
	facts := map[string]any{}
	if host != "" {
		facts["host"] = host
	}
	if ev.TooLarge != nil {
		r := tooLargeResult(ev.TooLarge)
		r.Facts = facts
		return r
	}
	if len(ev.Files) == 0 {
		return Result{Status: NotApplicable, Message: "no licence file and no licence section in the README", Facts: facts}
	}

	var findings []Finding
	found, modified := []string{}, []string{}
	var exceptions []string // "path:line" of licence exceptions (additional permissions)
	seen := map[string]bool{}
	files := map[string][]string{}
	coverage := map[string]float64{}
	companions := map[string]string{}
	for _, f := range ev.Files {
		if f.Problem != "" {
			findings = append(findings, Finding{Path: f.Path, Line: 1, Message: f.Path + " " + f.Problem})
			continue
		}
		if f.CompanionOf != "" {
			companions[f.Path] = fmt.Sprintf("%s, whose text %s incorporates", f.Ident.Licenses[0].SPDX(), license.SPDXID(f.CompanionOf))
			continue
		}
		id := f.Ident
		coverage[f.Path] = id.Coverage
		for _, e := range id.Exceptions {
			exceptions = append(exceptions, fmt.Sprintf("%s:%d", f.Path, f.Line+e.Line-1))
		}
		if !id.Identified() {
			msg := "licence text not recognised"
			if b, err := s.ReadFile(ctx, f.Path); err == nil && !ev.FromReadme && license.OnlyCopyright(b) {
				msg = "holds only a copyright notice, no licence terms"
			} else if id.Closest != "" {
				msg += fmt.Sprintf("; closest: %s (%.0f%% of the text matches its wording)", id.Closest, id.ClosestPercent)
			} else {
				msg += "; it resembles no known licence"
			}
			findings = append(findings, Finding{Path: f.Path, Line: f.Line, Message: msg, Key: "unidentified"})
			continue
		}
		if f.ReuseID != "" && spdx.IsLicense(f.ReuseID) && !spdx.Same(f.ReuseID, id.Licenses[0].ID) {
			findings = append(findings, Finding{Path: f.Path, Line: f.Line, Key: "reuse-name",
				Message: fmt.Sprintf("named %s but holds %s: REUSE tools trust the file name", f.ReuseID, id.Licenses[0].SPDX())})
		}
		for _, m := range id.Licenses {
			sid := m.SPDX()
			files[f.Path] = append(files[f.Path], sid)
			if m.Modified {
				modified = append(modified, sid)
				at, line := f.Path, f.Line+m.Line-1
				switch {
				case f.TermsAt != "" && len(id.Extra) == 0:
					at, line = f.TermsAt, 1
				case len(id.Extra) > 0:
					line = f.Line + id.Extra[0].Line - 1
				}
				findings = append(findings, Finding{Path: at, Line: line, Key: "modified|" + sid,
					Message: fmt.Sprintf("modified %s: %s", sid, m.Note)})
				continue
			}
			if !seen[sid] {
				seen[sid] = true
				found = append(found, sid)
			}
		}
	}
	facts["spdx"] = found
	facts["coverage"] = coverage
	facts["files"] = files
	if len(modified) > 0 {
		facts["modified"] = modified
	}
	if ev.FromReadme {
		facts["source"] = ev.Files[0].Path
	}
	if len(ev.ThirdParty) > 0 {
		tp := map[string][]string{}
		for _, f := range ev.ThirdParty {
			tp[f.Path] = []string{}
			for _, m := range f.Ident.Licenses {
				tp[f.Path] = append(tp[f.Path], m.SPDX())
			}
		}
		facts["third-party"] = tp
	}
	if len(exceptions) > 0 {
		facts["exceptions"] = exceptions
	}
	if len(companions) > 0 {
		facts["companions"] = companions
	}
	if len(ev.Versions) > 0 {
		facts["versions"] = ev.Versions
	}

	// The host as a second opinion: used only when we recognise nothing at all.
	if len(found) == 0 && len(modified) == 0 && hostConcrete(host) {
		// GitHub reports the deprecated bare GNU ids ("GPL-3.0"): the same -only reading
		// as for a text of our own.
		id := license.SPDXID(host)
		facts["spdx"] = []string{id}
		return Result{Status: Pass, Facts: facts, Findings: findings,
			Message: fmt.Sprintf("identified as %s by GitHub; our matcher did not recognise the text", id)}
	}

	var disagreement string
	if host != "" {
		agree := false
		for _, id := range append(append([]string{}, found...), modified...) {
			if spdx.Same(id, host) {
				agree = true
			}
		}
		if !agree {
			disagreement = fmt.Sprintf(" (GitHub reports %s)", host)
		}
	}

	if len(findings) > 0 {
		r := Result{Status: Fail, Findings: findings, Facts: facts,
			Remediation: "Use the unmodified standard text of the licence (https://spdx.org/licenses/), one licence per file; keep other notices in separate files."}
		r.Message = findings[0].Path + ": " + findings[0].Message + disagreement
		return r
	}
	msg := "identified " + strings.Join(found, ", ")
	if len(exceptions) > 0 {
		msg += " with an exception (additional permission) at " + strings.Join(exceptions, ", ")
	}
	if ev.referencesOnly() {
		msg += " by reference only (the licence text is not included)"
	}
	if ev.FromReadme {
		msg += " from the licence section of " + ev.Files[0].Path + " (there is no licence file)"
	} else if len(ev.Files) > 1 {
		msg += fmt.Sprintf(" in %d files", len(ev.Files))
	}
	for _, p := range slices.Sorted(maps.Keys(companions)) {
		msg += "; " + p + " holds the " + companions[p]
	}
	// A licence that incorporates another's text without that text beside it: a note,
	// not a failure (the licence is identified; the repository should add the text).
	for _, id := range found {
		need := spdx.Companion(id)
		if need == "" {
			continue
		}
		have := false
		for _, f := range ev.Files {
			have = have || f.CompanionOf != "" && spdx.Base(f.Ident.Licenses[0].ID) == need
		}
		if !have {
			facts["missing-companion"] = strings.ToUpper(need)
			msg += fmt.Sprintf("; %s incorporates the %s, whose text should be in the repository too (COPYING)", id, strings.ToUpper(need))
		}
	}
	for _, f := range ev.Files {
		for _, m := range f.Ident.Licenses {
			if !m.Modified && m.Note != "" {
				msg += "; " + f.Path + ": " + m.Note
			}
		}
	}
	return Result{Status: Pass, Message: msg + disagreement, Facts: facts}
}
