package rules

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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
		"GitHub accepts 98 % similarity); passages of added terms we found stay a modification whatever GitHub says. Bare GPL-family texts are reported as licensecheck names them " +
		"(`GPL-3.0`, as GitHub does): the text alone does not say \"only\" or \"or later\".",
	HelpURL:   DocsURL + "#license-identified",
	Severity:  Warning,
	Default:   true,
	Tags:      []string{"legal", "standard-for-public-code", "spc:publish-with-an-open-license"},
	Precision: "high",
	Expected:  "LICENSE",
	// Licence files, and the README's licence section when there is none.
	Reads: append(slices.Clone(licenseReads), "README*"),
	Check: checkLicenseIdentified,
}

// licenseFileResult is the identification of one file (or README section).
type licenseFileResult struct {
	Path    string
	Line    int // first line of the text that was scanned (README section), 1 otherwise
	Ident   license.Identification
	Problem string // empty, binary: the text could not be scanned
	ReuseID string // for LICENSES/<id>.<ext>: the id the file name declares
}

// licenseEvidence is the identification of a whole repository.
type licenseEvidence struct {
	Files      []licenseFileResult
	FromReadme bool
	TooLarge   *repo.TooLargeError
	// ThirdParty are licence-named files about bundled code (THIRD-PARTY-LICENSE,
	// LICENSE-dependencies.md): identified as facts, never the repository's licence.
	ThirdParty []licenseFileResult
}

// thirdPartyName recognises licence files that list other people's licences.
var thirdPartyName = regexp.MustCompile(`(?i)(third|3rd)[-_. ]?part(y|ies)|dependenc|vendor|bundled`)

// IDs returns the distinct licence ids over all files, in file order.
func (ev licenseEvidence) IDs() []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range ev.Files {
		for _, id := range f.Ident.IDs() {
			if !seen[id] {
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
		for _, m := range f.Ident.Licenses {
			if !m.Reference {
				return false
			}
			n++
		}
	}
	return n > 0
}

// gatherLicenseEvidence reads and identifies every licence file, or the README's licence
// section when there is none.
func gatherLicenseEvidence(ctx context.Context, s *repo.Snapshot) (licenseEvidence, error) {
	var ev licenseEvidence
	ls, err := scanLicenses(ctx, s)
	if err != nil {
		return ev, err
	}
	for _, p := range ls.Files {
		b, err := s.ReadFile(ctx, p)
		var tl *repo.TooLargeError
		if errors.As(err, &tl) {
			ev.TooLarge = tl
			continue
		}
		if err != nil {
			return ev, fmt.Errorf("reading %s: %w", p, err)
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
	if len(ev.Files) > 0 || ev.TooLarge != nil {
		return ev, nil
	}
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
	return ev, nil
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
	ev, err := gatherLicenseEvidence(ctx, s)
	if err != nil {
		return Result{Status: StatusError, Message: err.Error()}
	}
	host := s.Meta.HostLicense
	facts := map[string]any{}
	if host != "" {
		facts["host"] = host
	}
	if ev.TooLarge != nil {
		return Result{Status: StatusError, Facts: facts,
			Message:  fmt.Sprintf("%s is too large to read (%d bytes)", ev.TooLarge.Path, ev.TooLarge.Size),
			Findings: []Finding{{Path: ev.TooLarge.Path, Message: fmt.Sprintf("too large to read (%d bytes, limit %d)", ev.TooLarge.Size, ev.TooLarge.Limit)}}}
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
	for _, f := range ev.Files {
		if f.Problem != "" {
			findings = append(findings, Finding{Path: f.Path, Line: 1, Message: f.Path + " " + f.Problem})
			continue
		}
		id := f.Ident
		coverage[f.Path] = id.Coverage
		for _, e := range id.Exceptions {
			exceptions = append(exceptions, fmt.Sprintf("%s:%d", f.Path, f.Line+e.Line-1))
		}
		if !id.Identified() {
			msg := "licence text not recognised"
			if id.Closest != "" {
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
				line := f.Line + m.Line - 1
				if len(id.Extra) > 0 {
					line = f.Line + id.Extra[0].Line - 1
				}
				findings = append(findings, Finding{Path: f.Path, Line: line, Key: "modified|" + sid,
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

	// The host as a second opinion: used only when we recognise nothing at all.
	if len(found) == 0 && len(modified) == 0 && hostConcrete(host) {
		facts["spdx"] = []string{host}
		return Result{Status: Pass, Facts: facts, Findings: findings,
			Message: fmt.Sprintf("identified as %s by GitHub; our matcher did not recognise the text", host)}
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
	for _, f := range ev.Files {
		for _, m := range f.Ident.Licenses {
			if !m.Modified && m.Note != "" {
				msg += "; " + f.Path + ": " + m.Note
			}
		}
	}
	return Result{Status: Pass, Message: msg + disagreement, Facts: facts}
}
