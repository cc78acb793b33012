package rules

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/repogov/repogov/repo"
)

// Contact detection for codes of conduct and security policies: a heuristic, hence
// precision "high". A document without a way to reach someone fails; one that still holds
// the Contributor Covenant's placeholders fails even when it links elsewhere.

var (
	emailRe = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	// "conduct [at] acme [dot] org", "conduct (at) acme.org", "conduct {at} acme.org"
	obfuscatedRe = regexp.MustCompile(`(?i)[A-Za-z0-9._%+-]+\s*[\[({<]\s*at\s*[\])}>]\s*[A-Za-z0-9-]+(?:\s*(?:\.|[\[({<]\s*dot\s*[\])}>])\s*[A-Za-z0-9-]+)+`)
	urlRe        = regexp.MustCompile(`https?://[^\s<>()\[\]"'` + "`" + `]+`)
	advisoriesRe = regexp.MustCompile(`(?i)/security/advisories\b|private vulnerability reporting|privately report`)
)

// Links that appear in templates and policies without being a way to reach the project.
var notAChannel = []string{
	"contributor-covenant.org", "github.com/mozilla/", "mozilla.org", "creativecommons.org",
	"opensource.org", "img.shields.io", "docs.github.com", "help.github.com", "first.org",
	"cve.org", "cve.mitre.org", "nvd.nist.gov", "semver.org", "keepachangelog.com",
}

// exampleDomains are documentation domains (RFC 2606): an address there is a placeholder.
var exampleDomains = []string{"example.com", "example.org", "example.net"}

// notAMailbox: addresses that appear in documents without reaching a person (git
// remotes, GitHub's no-reply addresses).
var notAMailbox = []string{"git@", "noreply", "no-reply"}

// contact is the first way to report found in a document.
type contact struct {
	Line int
	Kind string // "email", "url", "advisories"
	Text string
}

// findContact scans b line by line. It returns the first contact and the first
// unfilled placeholder (unfilledTemplate; line 0 when none).
func findContact(b []byte, advisories bool) (c contact, ph contact) {
	if p := unfilledTemplate(b); p.Line != 0 {
		ph = contact{Line: p.Line, Kind: "placeholder", Text: p.Text}
	}
	n := 0
	for line := range bytes.Lines(b) {
		n++
		s := string(line)
		if c.Line != 0 {
			break
		}
		for _, m := range emailRe.FindAllString(s, -1) {
			if lm := strings.ToLower(m); !hasSuffixAny(lm, exampleDomains) && !containsAny(lm, notAMailbox) {
				c = contact{n, "email", m}
				break
			}
		}
		if c.Line == 0 {
			if m := obfuscatedRe.FindString(s); m != "" {
				c = contact{n, "email", m}
			}
		}
		if c.Line == 0 && advisories {
			if m := advisoriesRe.FindString(s); m != "" {
				c = contact{n, "advisories", m}
			}
		}
		if c.Line == 0 {
			for _, m := range urlRe.FindAllString(s, -1) {
				m = strings.TrimRight(m, ".,;:!?*_")
				if !containsAny(strings.ToLower(m), notAChannel) {
					c = contact{n, "url", m}
					break
				}
			}
		}
	}
	return c, ph
}

func hasSuffixAny(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// contactRule completes r with a check that of's file names a contact.
func contactRule(r Rule, of doc, advisories bool, what, channel string) Rule {
	r.HelpURL = DocsURL + "#" + r.ID
	r.Expected = of.expected
	r.Inherits = of.inherits
	r.Precision = "high"
	r.Reads = of.spec.reads()
	r.Check = func(ctx context.Context, s *repo.Snapshot, _ Options) Result {
		return checkContact(ctx, s, of, advisories, what, channel)
	}
	return r
}

// checkContact: what is the short name of the contact ("contact for reports"), channel
// the longer description used in remediations.
func checkContact(ctx context.Context, s *repo.Snapshot, of doc, advisories bool, what, channel string) Result {
	l := locate(ctx, s, of.spec, of.inherits)
	if l.Hit == nil {
		// Not a pass: a missing document is the presence rule's failure, not a contact.
		return Result{Status: NotApplicable, Message: fmt.Sprintf("no %s file", of.name)}
	}
	b, st, err := inspect(ctx, l.Snap, *l.Hit)
	switch {
	case err != nil:
		return Result{Status: StatusError, Message: readError(l.Name(), err).Error()}
	case st == stateTooLarge:
		return tooLarge(l.Snap, *l.Hit)
	}
	// Findings point into this repository: at the file, or where it should be when the
	// organization supplies it (docs/reports.md, sarif).
	at, fix := l.Hit.Path, "Add "+channel+" to "+l.Hit.Path+"."
	if l.Inherited() {
		at = of.expected
		fix = "Add " + channel + " to " + l.Name() + " (the organization's default), or add this repository's own " + of.expected + "."
	}
	facts := map[string]any{"path": l.Name()}
	fail := func(line int, msg string) Result {
		if l.Inherited() {
			line = 0 // the finding is at a path this repository does not have
		}
		return Result{Status: Fail, Message: msg, Findings: []Finding{{Path: at, Line: line, Message: msg}},
			Remediation: fix, Facts: facts}
	}
	if st != stateText {
		return fail(1, fmt.Sprintf("%s is %s: it names no contact", l.Name(), st))
	}
	c, ph := findContact(b, advisories)
	switch {
	case ph.Line != 0:
		fix = fmt.Sprintf("Replace %s in %s with %s.", ph.Text, l.Name(), channel)
		return fail(ph.Line, templateMessage(l.Name(), ph.Line, ph.Text))
	case c.Line == 0:
		return fail(1, fmt.Sprintf("%s names no %s", l.Name(), what))
	}
	facts["contact"], facts["line"] = c.Text, c.Line
	msg := fmt.Sprintf("%s:%d names a contact (%s)", l.Name(), c.Line, c.Kind)
	if l.Inherited() {
		return Result{Status: Inherited, Message: msg, Facts: facts}
	}
	return Result{Status: Pass, Message: msg, Facts: facts}
}

// CodeOfConductContact: the code of conduct says how to report.
var CodeOfConductContact = contactRule(Rule{
	ID:    "code-of-conduct-contact",
	Title: "The code of conduct says how to report a violation",
	Doc: "A code of conduct is enforceable only if people know whom to tell. Without a contact, incidents go unreported or end up in public issues.\n\n" +
		"Name an address (also written `conduct [at] example [dot] org`) or a link to a reporting form in the code of conduct; fill in the Contributor Covenant's `[INSERT CONTACT METHOD]` placeholder. " +
		"The rule reads the file the `code-of-conduct` rule found, the organization's default when it is inherited. " +
		"It is not applicable when there is no code of conduct (that is `code-of-conduct`'s failure). " +
		"Links to the Contributor Covenant itself and similar references do not count as a contact; nor do addresses at `example.com`. " +
		templateDoc,
	Severity: Warning,
	Default:  true,
	Tags:     []string{"community", "standard-for-public-code", "spc:welcome-contributors"},
}, codeOfConductDoc, false, "contact for reports", "a contact for reports (an e-mail address or a link to a reporting form)")

// SecurityPolicyContact: the security policy names a private channel.
var SecurityPolicyContact = contactRule(Rule{
	ID:    "security-policy-contact",
	Title: "The security policy names a private reporting channel",
	Doc: "A security policy without a private channel pushes reporters to public issues, disclosing the vulnerability before a fix. The Standard for Public Code requires instructions for reporting security issues privately.\n\n" +
		"Name a security contact address, a reporting form, or GitHub's private vulnerability reporting (`https://github.com/OWNER/REPO/security/advisories/new`, enable it in the repository's settings). " +
		"The rule reads the file the `security-policy` rule found, the organization's default when it is inherited; it is not applicable when there is no security policy. " +
		"General links (GitHub documentation, CVE, CVSS) do not count. " + templateDoc,
	Severity: Warning,
	Default:  true,
	Tags:     []string{"security", "standard-for-public-code", "spc:make-contributing-easy"},
}, securityDoc, true, "private reporting channel", "a private reporting channel (an e-mail address, a reporting form, or the repository's security advisories page)")
