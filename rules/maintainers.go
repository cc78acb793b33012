package rules

import (
	"context"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/internal/govfile"
	"github.com/repogov/repogov/repo"
)

var maintainersDoc = doc{name: "MAINTAINERS", expected: "MAINTAINERS.md", spec: fileSpec{
	names: []string{"MAINTAINERS", "OWNERS", "CODEOWNERS"}, extraExts: []string{".yaml", ".yml"}, dirs: githubDirs}}

// Maintainers: who maintains the project is written down, naming people.
var Maintainers = Rule{
	ID:    "maintainers",
	Title: "The maintainers are listed",
	Doc: "Users and contributors need to know who maintains the project, and an organization needs to know whom to ask about it. A MAINTAINERS, OWNERS or CODEOWNERS file answers that, when it names someone.\n\n" +
		"Add `MAINTAINERS.md` listing the maintainers and how to reach them (or an `OWNERS`/`OWNERS.yaml` file, or `CODEOWNERS`). " +
		"repogov looks in `.github/`, the root and `docs/`, for any case and any documentation extension (`CODEOWNERS.md` counts here, though not for review routing). " +
		"The organization's `.github` repository never supplies it: maintainers are per project.\n\n" +
		"The file passes only when it names at least one person or team: a `@handle` or `@org/team`, an e-mail address, a GitHub or GitLab profile link, or a name as a list item or table cell (two to four capitalised words such as `Jane Doe`, with particles such as `van` inside, or a word of a script without capitals). " +
		"Table headings, empty list items, HTML comments, role lists (`- Code Review`) and template handles (`@username`, `@OWNER/maintainers`) do not count. " +
		"A Kubernetes/CNCF `OWNERS` file is read as YAML: it names people when `approvers`, `reviewers` or `maintainers` (also under `filters`) lists someone; `emeritus_approvers` does not count. " +
		templateDoc + "\n\n" +
		"When there are several candidates the rule cites the first that names people, preferring `MAINTAINERS` over `OWNERS` over `CODEOWNERS`, then GitHub's folder order (`.github/`, root, `docs/`); the others are listed in the result's facts. " +
		"A human-readable `CODEOWNERS.md` is a fine maintainers list; it is never a replacement for `.github/CODEOWNERS`, whose syntax is different (see `codeowners`).",
	HelpURL:   DocsURL + "#maintainers",
	Severity:  Note,
	Default:   true,
	Tags:      []string{"community", "maintenance"},
	Precision: "high",
	Expected:  maintainersDoc.expected,
	Reads:     maintainersDoc.spec.reads(),
	Check:     checkMaintainers,
}

// maintainersRank orders candidates by the kind of file: a list written for people first.
func maintainersRank(p string) int {
	name := path.Base(p)
	e := maintainersDoc.spec.ext(name)
	return slices.Index([]string{"maintainers", "owners", "codeowners"}, govfile.Normalize(name[:len(name)-len(e)]))
}

func checkMaintainers(ctx context.Context, s *repo.Snapshot, _ Options) Result {
	hits, notes := search(ctx, s, maintainersDoc.spec)
	if len(hits) == 0 {
		return maintainersDoc.missing(located{Snap: s, Notes: notes})
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return maintainersRank(a.Path) - maintainersRank(b.Path) })

	// The first candidate that names someone passes; otherwise the first failure by
	// preference is the one reported.
	var failure *Result
	var readErr error
	setFailure := func(r Result) {
		if failure == nil {
			failure = &r
		}
	}
	for i, h := range hits {
		others := make([]string, 0, len(hits)-1)
		for j, o := range hits {
			if j != i {
				others = append(others, o.Path)
			}
		}
		facts := map[string]any{"path": h.Path}
		if len(others) > 0 {
			facts["others"] = others
		}
		b, st, err := inspect(ctx, s, h)
		switch {
		case err != nil:
			if readErr == nil {
				readErr = readError(h.Path, err)
			}
			continue
		case st == stateTooLarge:
			if readErr == nil {
				readErr = errors.New(tooLarge(s, h).Message)
			}
			continue
		case st != stateText:
			setFailure(Result{Status: Fail, Message: fmt.Sprintf("%s exists but is %s", h.Path, st),
				Findings:    []Finding{{Path: h.Path, Message: fmt.Sprintf("MAINTAINERS is %s", st)}},
				Remediation: "List the maintainers in " + h.Path + " (a @handle, an e-mail address or a name per line).", Facts: facts})
			continue
		}
		if ph := unfilledTemplate(b); ph.Line != 0 {
			msg := templateMessage(h.Path, ph.Line, ph.Text)
			setFailure(Result{Status: Fail, Message: msg, Findings: []Finding{{Path: h.Path, Line: ph.Line, Message: msg}},
				Remediation: fmt.Sprintf("Replace %s in %s with the maintainers' names, @handles or e-mail addresses.", ph.Text, h.Path), Facts: facts})
			continue
		}
		who := namesSomeone(path.Base(h.Path), b)
		if who.Line == 0 {
			msg := fmt.Sprintf("%s names no maintainer (no @handle, e-mail address or name in a list)", h.Path)
			if who.Text != "" {
				msg = fmt.Sprintf("%s names no maintainer (%s)", h.Path, who.Text)
			}
			setFailure(Result{Status: Fail, Message: msg, Findings: []Finding{{Path: h.Path, Message: msg}},
				Remediation: "List the maintainers in " + h.Path + " (a @handle, an e-mail address or a name per line).", Facts: facts})
			continue
		}
		facts["maintainer"], facts["line"] = who.Text, who.Line
		msg := fmt.Sprintf("%s:%d names a maintainer (%s)", h.Path, who.Line, who.Kind)
		if len(others) > 0 {
			msg += " (also " + strings.Join(others, ", ") + ")"
		}
		if !h.Canonical {
			dir, _, _ := strings.Cut(h.Path, "/")
			notes = append(notes, Finding{Path: h.Path, Message: fmt.Sprintf("GitHub looks only in .github/ and docs/ (exact spelling), not in %s/", dir)})
		}
		return Result{Status: Pass, Message: msg, Findings: notes, Facts: facts}
	}
	if failure != nil {
		failure.Findings = append(failure.Findings, notes...)
		return *failure
	}
	return Result{Status: StatusError, Message: readErr.Error()}
}

var (
	// @user or @org/team, not the domain part of an address.
	handleRe = regexp.MustCompile(`(?:^|[^\w.@/-])@([A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?)\b`)
	// A profile (one path segment) on GitHub or GitLab.
	profileRe  = regexp.MustCompile(`https?://(?:www\.)?(?:github|gitlab)\.com/([A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38})/?(?:[)\s>"'\]]|$)`)
	listItemRe = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s+(.*)$`)
	tableRowRe = regexp.MustCompile(`^\s*\|(.*)\|\s*$`)
	tableSepRe = regexp.MustCompile(`^\s*\|?[\s:|-]*-[\s:|-]*\|?\s*$`)
	mdMarkup   = regexp.MustCompile("\\[([^\\]]*)\\]\\([^)]*\\)|[*_`~]")
)

// genericHandles are the handles templates and examples use.
var genericHandles = map[string]bool{
	"username": true, "user": true, "handle": true, "owner": true, "owners": true, "octocat": true,
	"example": true, "me": true, "github-username": true, "your-username": true, "your-github-username": true,
	"maintainer": true, "maintainers": true, "name": true, "someone": true, "org": true, "team": true,
}

// notNames are words of headings and role lists that are capitalised like names.
var notNames = map[string]bool{
	"maintainer": true, "maintainers": true, "owner": true, "owners": true, "code": true, "review": true,
	"reviewer": true, "reviewers": true, "release": true, "releases": true, "management": true, "team": true,
	"project": true, "lead": true, "leads": true, "security": true, "documentation": true, "docs": true,
	"contact": true, "role": true, "roles": true, "responsibilities": true, "name": true, "github": true,
	"email": true, "e-mail": true, "area": true, "areas": true, "emeritus": true, "current": true, "former": true,
	"core": true, "the": true, "and": true, "of": true, "for": true, "to": true, "how": true, "who": true,
	"issue": true, "issues": true, "pull": true, "request": true, "requests": true, "triage": true, "support": true,
	"committer": true, "committers": true, "approver": true, "approvers": true, "contributors": true, "tbd": true, "todo": true,
	// areas of responsibility, which role lists are made of
	"bug": true, "bugs": true, "reports": true, "feature": true, "features": true, "continuous": true, "integration": true,
	"notes": true, "community": true, "infrastructure": true, "testing": true, "tests": true, "build": true, "builds": true,
	"design": true, "api": true, "website": true, "backend": true, "frontend": true, "packaging": true, "translations": true,
	"maintenance": true, "governance": true, "meetings": true, "onboarding": true, "mentoring": true, "roadmap": true,
	"planning": true, "operations": true, "communications": true, "marketing": true, "events": true, "legal": true,
	"compliance": true, "architecture": true, "performance": true, "quality": true, "assurance": true, "steering": true,
	"committee": true, "board": true, "members": true, "member": true, "chair": true, "working": true, "group": true,
}

// someone is the first person or team a file names.
type someone struct {
	Line int
	Kind string // "handle", "email", "profile", "name", "OWNERS approvers"…
	Text string // who; with Line 0, why nobody (for OWNERS files)
}

// namesSomeone finds the first person or team named in b, a maintainers-type file.
func namesSomeone(name string, b []byte) someone {
	e := maintainersDoc.spec.ext(name)
	if govfile.Normalize(name[:len(name)-len(e)]) == "owners" && (e == "" || e == ".yaml" || e == ".yml") {
		if who, ok := ownersYAML(b); ok {
			return who
		}
	}
	var lines []string
	for _, s := range visibleLines(b) {
		lines = append(lines, s)
	}
	header := map[int]bool{} // table heading rows: the row above a |---| separator
	for i, s := range lines {
		if i > 0 && tableSepRe.MatchString(s) && strings.Contains(s, "-") && tableRowRe.MatchString(lines[i-1]) {
			header[i-1], header[i] = true, true
		}
	}
	for i, s := range lines {
		n := i + 1
		t := strings.TrimSpace(s)
		if t == "" || header[i] || strings.HasPrefix(t, "#") {
			continue // blank, table heading, markdown heading or CODEOWNERS comment
		}
		for _, m := range emailRe.FindAllString(s, -1) {
			if lm := strings.ToLower(m); !hasSuffixAny(lm, exampleDomains) && !containsAny(lm, notAMailbox) {
				return someone{n, "e-mail address", m}
			}
		}
		for _, m := range handleRe.FindAllStringSubmatch(s, -1) {
			// "@OWNER/maintainers", "@org/team": a template's team, not a team.
			h := strings.ToLower(m[1])
			org, _, _ := strings.Cut(h, "/")
			if !genericHandles[h] && !genericHandles[org] {
				return someone{n, "handle", "@" + m[1]}
			}
		}
		for _, m := range profileRe.FindAllStringSubmatch(s, -1) {
			if !genericHandles[strings.ToLower(m[1])] && !slices.Contains([]string{"orgs", "settings", "about", "features"}, strings.ToLower(m[1])) {
				return someone{n, "profile", m[0]}
			}
		}
		var cells []string
		if m := tableRowRe.FindStringSubmatch(s); m != nil {
			cells = strings.Split(m[1], "|")
		} else if m := listItemRe.FindStringSubmatch(s); m != nil {
			cells = []string{m[1]}
		}
		for _, c := range cells {
			if nm := personName(c); nm != "" {
				return someone{n, "name", nm}
			}
		}
	}
	return someone{}
}

// nameParticles may appear in lower case inside a name: "Ludwig van Beethoven".
var nameParticles = map[string]bool{"van": true, "von": true, "der": true, "den": true, "de": true, "da": true,
	"del": true, "della": true, "di": true, "du": true, "dos": true, "das": true, "le": true, "la": true, "y": true,
	"bin": true, "binti": true, "al": true, "ter": true, "ten": true, "zu": true}

// personName returns the name a list item or table cell starts with ("Jane Doe" of
// "**Jane Doe** (ACME) - releases"), or "". A name is two to four capitalised words
// (lower-case particles such as "van" inside), or one word of a script without letter
// case ("张伟").
func personName(s string) string {
	s = strings.TrimSpace(mdMarkup.ReplaceAllString(s, "$1"))
	for _, sep := range []string{" - ", " – ", " — ", " (", ",", ":", " <", " [", " /"} {
		if i := strings.Index(s, sep); i >= 0 {
			s = s[:i]
		}
	}
	words := strings.Fields(s)
	if len(words) == 1 && caseless(words[0]) {
		return words[0]
	}
	if len(words) < 2 || len(words) > 4 {
		return ""
	}
	for i, w := range words {
		r := []rune(w)
		particle := i > 0 && i < len(words)-1 && nameParticles[w]
		if !particle && !unicode.IsUpper(r[0]) && !caseless(w) || notNames[strings.ToLower(strings.Trim(w, "."))] {
			return ""
		}
		for _, c := range r {
			if !unicode.IsLetter(c) && !strings.ContainsRune(".'’-", c) {
				return ""
			}
		}
	}
	return strings.Join(words, " ")
}

// ownersYAML reads a Kubernetes-style OWNERS file. ok is false when b is not one (not a
// YAML mapping with approvers, reviewers, maintainers or filters), so that other OWNERS
// formats (one address per line) are read as text.
func ownersYAML(b []byte) (someone, bool) {
	var doc yaml.Node
	if yaml.Unmarshal(b, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return someone{}, false
	}
	keys := []string{"approvers", "reviewers", "maintainers"}
	var found, recognised bool
	var who someone
	var visit func(m *yaml.Node)
	visit = func(m *yaml.Node) {
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i].Value, m.Content[i+1]
			switch {
			case k == "filters" && v.Kind == yaml.MappingNode:
				recognised = true
				for j := 1; j < len(v.Content); j += 2 {
					if v.Content[j].Kind == yaml.MappingNode {
						visit(v.Content[j])
					}
				}
			case slices.Contains(keys, k):
				recognised = true
				if v.Kind != yaml.SequenceNode || found {
					continue
				}
				for _, it := range v.Content {
					if x := strings.TrimSpace(it.Value); it.Kind == yaml.ScalarNode && x != "" && !genericHandles[strings.ToLower(strings.TrimPrefix(x, "@"))] {
						who, found = someone{it.Line, "OWNERS " + k, x}, true
						break
					}
				}
			case k == "emeritus_approvers" || k == "options" || k == "labels":
				recognised = true
			}
		}
	}
	visit(doc.Content[0])
	if !recognised {
		return someone{}, false
	}
	if !found {
		return someone{Text: "its approvers, reviewers and maintainers lists are empty"}, true
	}
	return who, true
}

// caseless reports whether w is at least two letters of scripts without case (Han,
// Hiragana, Arabic, …), where no capital marks a name.
func caseless(w string) bool {
	n := 0
	for _, c := range w {
		if !unicode.IsLetter(c) || unicode.IsUpper(c) || unicode.IsLower(c) || unicode.IsTitle(c) {
			return false
		}
		n++
	}
	return n >= 2
}
