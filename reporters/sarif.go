package reporters

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/report"
)

// SARIF writes SARIF 2.1.0 for GitHub code scanning, as docs/reports.md and the
// project's SARIF spec describe: one run, every evaluated rule with full metadata,
// a result per failure located at a real (found or expected) path, line 1 at least,
// and fingerprints that do not depend on lines or wording.
//
// Write produces the combined file (every repository; never to be uploaded);
// WriteRepo produces the file for one repository, to upload to that repository.
type SARIF struct{ Opts Options }

const (
	sarifSchema      = "https://json.schemastore.org/sarif-2.1.0.json"
	toolName         = "repogov"
	toolInfoURI      = "https://github.com/repogov/repogov"
	fingerprintKey   = "primaryLocationLineHash"
	fingerprintPfx   = "repogov-fp-1"
	srcRoot          = "%SRCROOT%"
	maxSARIFTags     = 10
	maxSARIFDescRune = 1024
)

// Write writes the combined file: all repositories in one run, each under its own
// uriBaseId REPO<n>.
func (s SARIF) Write(w io.Writer, r *report.Report) error {
	return s.stream(w, r, -1)
}

// WriteRepo writes the per-repository file for r.Repos[i].
func (s SARIF) WriteRepo(w io.Writer, r *report.Report, i int) error {
	if i < 0 || i >= len(r.Repos) {
		return fmt.Errorf("sarif: no repository %d", i)
	}
	return s.stream(w, r, i)
}

// sarifResultsAt is where the run's (required, here empty) results array is in the
// indented log: the results are streamed into it one at a time, so memory does not grow
// with the number of failures.
const sarifResultsAt = "\n      \"results\": []"

// stream writes the log for repository only (>= 0) or for all repositories (-1): the
// run without its results first, then each result as it is made. The bytes are those of
// writeSARIF(w, s.build(r, sarifRules(r, only), only, true)).
func (s SARIF) stream(w io.Writer, r *report.Report, only int) error {
	all := sarifRules(r, only)
	head, err := sarifBytes(s.build(r, all, only, false))
	if err != nil {
		return err
	}
	before, after, ok := bytes.Cut(head, []byte(sarifResultsAt))
	if !ok {
		return fmt.Errorf("sarif: no results array in the run")
	}
	if _, err := w.Write(before); err != nil {
		return err
	}
	n := 0
	err = s.eachResult(r, all, only, func(res *sarif.Result) error {
		b, err := sarifBytes(res)
		if err != nil {
			return err
		}
		sep := "\n      \"results\": [\n        "
		if n > 0 {
			sep = ",\n        "
		}
		n++
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		_, err = w.Write(bytes.ReplaceAll(b, []byte("\n"), []byte("\n        ")))
		return err
	})
	if err != nil {
		return err
	}
	end := sarifResultsAt
	if n > 0 {
		end = "\n      ]"
	}
	if _, err := io.WriteString(w, end); err != nil {
		return err
	}
	_, err = w.Write(after)
	return err
}

// sarifRules are the rules a log lists: the report's, and any rule a result names that
// the report does not list — from every repository for the combined file, from the one
// repository for its own file (a file per repository must not cost a pass over all).
func sarifRules(r *report.Report, only int) []report.Rule {
	if only < 0 {
		return r.AllRules()
	}
	one := *r
	one.Repos = r.Repos[only : only+1]
	return one.AllRules()
}

func writeSARIF(w io.Writer, log *sarif.Report) error {
	b, err := sarifBytes(log)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// sarifBytes is v as SARIF writes it: pruned, indented, and (for a whole log) ending in
// a newline.
func sarifBytes(v any) ([]byte, error) {
	_, whole := v.(*sarif.Report)
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	// go-sarif's generated structs write every array and many defaults (index -1, rank -1,
	// kind "fail", …); the Multitool flags them (SARIF2004), so they are pruned.
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	doc, _ = pruneSARIF("", doc)
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	if whole {
		b = append(b, '\n')
	}
	return b, nil
}

// sarifRequired are arrays SARIF or GitHub require even when empty.
var sarifRequired = map[string]bool{"runs": true, "results": true, "rules": true}

// sarifDefaults are properties whose value is the SARIF default.
var sarifDefaults = map[string]string{
	"index": "-1", "byteOffset": "-1", "charOffset": "-1", "rank": "-1", "id": "-1",
	"kind": `"fail"`, "language": `"en-US"`, "isComprehensive": "false", "enabled": "true",
	"contents": `["localizedData","nonLocalizedData"]`, "newlineSequences": `["\r\n","\n"]`,
}

// pruneSARIF drops empty arrays and objects and default values; keep is false when the
// value itself should be dropped from its parent.
func pruneSARIF(key string, v any) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if c, keep := pruneSARIF(k, c); keep {
				x[k] = c
			} else {
				delete(x, k)
			}
		}
		return x, len(x) > 0 || key == ""
	case []any:
		out := x[:0]
		for _, c := range x {
			if c, keep := pruneSARIF("", c); keep {
				out = append(out, c)
			}
		}
		if len(out) == 0 && !sarifRequired[key] {
			return nil, false
		}
		if def, ok := sarifDefaults[key]; ok {
			if b, _ := json.Marshal(out); string(b) == def {
				return nil, false
			}
		}
		return out, true
	default:
		if def, ok := sarifDefaults[key]; ok && key != "" {
			if b, _ := json.Marshal(x); string(b) == def {
				return nil, false
			}
		}
		return x, true
	}
}

// SARIFRepoPaths returns, for each repository of r, the relative slash path of its
// per-repository file ("owner/name.sarif"; local sources: "<directory name>.sarif"), or ""
// for a repository that gets none: one that could not be read (uploading an empty
// analysis for it would close its open alerts), and a hosted repository with no commits
// (code scanning takes an analysis only for a commit).
func SARIFRepoPaths(r *report.Report) []string {
	out := make([]string, len(r.Repos))
	used := map[string]bool{}
	for i, rr := range r.Repos {
		if rr.Error != "" || EmptyHosted(rr.Meta) {
			continue
		}
		// OWNER/NAME whenever it is known — for hosted repositories and for local clones
		// with a GitHub-style origin — so upload-sarif can route every file.
		p := safeName(rr.Meta.Name)
		if k := strings.Split(RepoKey(rr.Meta), "/"); len(k) >= 3 && k[0] != "local" {
			// OWNER/NAME; GitLab projects in subgroups keep their full path.
			for i := range k[1:] {
				k[i+1] = safeName(k[i+1])
			}
			p = strings.Join(k[1:], "/")
		}
		base := p
		for n := 2; used[strings.ToLower(p)]; n++ {
			p = base + "-" + strconv.Itoa(n)
		}
		used[strings.ToLower(p)] = true
		out[i] = p + ".sarif"
	}
	return out
}

// EmptyHosted reports whether m is a hosted repository without commits.
func EmptyHosted(m report.Meta) bool { return m.Hosted() && m.HeadOID == "" }

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func safeName(s string) string {
	s = unsafeName.ReplaceAllString(s, "_")
	if s == "" || s == "." || s == ".." {
		s = "_"
	}
	return s
}

// build makes the log for repository only (>= 0) or for all repositories (-1); without
// withResults, its run has no results (stream adds them).
func (s SARIF) build(r *report.Report, all []report.Rule, only int, withResults bool) *sarif.Report {
	log := sarif.NewReport()
	log.Schema = sarifSchema
	log.Properties = sarif.PropertyBag{}

	run := sarif.NewRunWithInformationURI(toolName, toolInfoURI)
	v := s.Opts.version()
	run.Tool.Driver.Version = &v
	run.Tool.Driver.SemanticVersion = &v
	run.ColumnKind = ptr("unicodeCodePoints")
	run.Properties = nil

	index := map[string]int{}
	for i, ru := range all {
		index[ru.ID] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule(ru, v))
	}

	category := "repogov/" + r.PolicyName()
	inv := sarif.NewInvocation()
	inv.WithExecutionSuccessful(true)
	if !r.Started.IsZero() {
		inv.WithStartTimeUtc(r.Started.UTC().Format(time.RFC3339))
	}
	if !r.Finished.IsZero() {
		inv.WithEndTimeUtc(r.Finished.UTC().Format(time.RFC3339))
	}

	repos := r.Repos
	first := 0
	if only >= 0 {
		repos = r.Repos[only : only+1]
		first = only
		run.AutomationDetails = sarif.NewRunAutomationDetails().WithID(category + "/" + r.ID())
	} else {
		run.AutomationDetails = sarif.NewRunAutomationDetails().WithID(category + "/org-" + orgOf(r) + "/" + r.ID())
		if r.Incomplete {
			inv.WithExecutionSuccessful(false)
			for _, p := range r.Problems {
				inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, notification("scan incomplete: "+p, "", -1))
			}
		}
	}

	for k, rr := range repos {
		base := srcRoot
		if only < 0 {
			base = "REPO" + strconv.Itoa(first+k+1)
			if run.OriginalUriBaseIds == nil {
				run.OriginalUriBaseIds = map[string]sarif.ArtifactLocation{}
			}
			al := sarif.NewArtifactLocation().WithURI(repoBaseURI(rr.Meta)).WithDescription(sarif.NewTextMessage(repoName(rr)))
			run.OriginalUriBaseIds[base] = *al
		}
		if vcp := provenance(rr.Meta, base, only < 0); vcp != nil {
			run.VersionControlProvenance = append(run.VersionControlProvenance, vcp)
		}
		if rr.Error != "" {
			inv.WithExecutionSuccessful(false)
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
				notification(repoName(rr)+": repository not scanned: "+rr.Error, "", -1))
			continue
		}
		key := RepoKey(rr.Meta)
		for _, res := range rr.Results {
			ru := all[index[res.RuleID]]
			switch res.Status {
			case report.StatusError:
				inv.WithExecutionSuccessful(false)
				msg := res.Message
				if msg == "" {
					msg = "the rule could not be evaluated"
				}
				inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
					notification(repoName(rr)+": "+res.RuleID+": "+msg, res.RuleID, index[res.RuleID]))
			case report.Fail:
				if !withResults {
					continue
				}
				for _, g := range groupFindings(res, ru) {
					run.AddResult(sarifResult(res, ru, index[res.RuleID], rr, key, base, g))
				}
			}
		}
	}
	run.Invocations = []*sarif.Invocation{inv}
	log.AddRun(run)
	return log
}

// eachResult makes the results of build(r, all, only, true), in the same order, one at a time.
func (s SARIF) eachResult(r *report.Report, all []report.Rule, only int, emit func(*sarif.Result) error) error {
	index := map[string]int{}
	for i, ru := range all {
		index[ru.ID] = i
	}
	repos, first := r.Repos, 0
	if only >= 0 {
		repos, first = r.Repos[only:only+1], only
	}
	for k, rr := range repos {
		if rr.Error != "" {
			continue
		}
		base := srcRoot
		if only < 0 {
			base = "REPO" + strconv.Itoa(first+k+1)
		}
		key := RepoKey(rr.Meta)
		for _, res := range rr.Results {
			if res.Status != report.Fail {
				continue
			}
			ru := all[index[res.RuleID]]
			for _, g := range groupFindings(res, ru) {
				if err := emit(sarifResult(res, ru, index[res.RuleID], rr, key, base, g)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// RepoKey identifies a repository in fingerprints: lower-case "host/owner/name"; for a
// local source, from its origin remote URL when known, else "local/<directory name>".
func RepoKey(m repo.Meta) string {
	if m.Hosted() {
		return strings.ToLower(m.Host + "/" + m.FullName)
	}
	if k := keyFromURL(m.URL); k != "" {
		return k
	}
	return "local/" + m.Name
}

var scpLike = regexp.MustCompile(`^[\w.-]+@([\w.-]+):(.+)$`)

func keyFromURL(raw string) string {
	if raw == "" {
		return ""
	}
	var host, p string
	if m := scpLike.FindStringSubmatch(raw); m != nil {
		host, p = m[1], m[2]
	} else if u, err := url.Parse(raw); err == nil && u.Host != "" {
		host, p = u.Hostname(), u.Path
	} else {
		return ""
	}
	p = strings.TrimSuffix(strings.Trim(p, "/"), ".git")
	if p == "" {
		return ""
	}
	return strings.ToLower(host + "/" + p)
}

// Fingerprint is primaryLocationLineHash: SHA-256 over the scheme prefix, rule id,
// repository key, the unescaped path and a discriminator, NUL-separated. It never
// includes lines, messages, times or the tool version.
func Fingerprint(ruleID, repoKey, path, discriminator string) string {
	h := sha256.New()
	for i, part := range []string{fingerprintPfx, ruleID, repoKey, path, discriminator} {
		if i > 0 {
			h.Write([]byte{0})
		}
		h.Write([]byte(part))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// findingGroup is the findings of one result that share a location key: they become one
// SARIF result (so fingerprints are unique within a repository).
type findingGroup struct {
	path, key string
	line, col int
	messages  []string
}

func groupFindings(res report.Result, ru report.Rule) []findingGroup {
	expected := ru.Expected
	if expected == "" {
		expected = "README.md"
	}
	var gs []findingGroup
	at := map[[2]string]int{}
	for _, f := range res.Findings {
		p := cleanRepoPath(f.Path)
		if p == "" || isOrgPath(f.Path) {
			// A problem in an inherited org file ("acme/.github:CODE_OF_CONDUCT.md") is
			// located at the canonical path in this repository; the message names the file.
			p = expected
		}
		k := [2]string{p, f.Key}
		i, ok := at[k]
		if !ok {
			i = len(gs)
			at[k] = i
			gs = append(gs, findingGroup{path: p, key: f.Key, line: f.Line, col: f.Column})
		}
		if f.Message != "" && !slices.Contains(gs[i].messages, f.Message) {
			gs[i].messages = append(gs[i].messages, f.Message)
		}
	}
	if len(gs) == 0 {
		gs = append(gs, findingGroup{path: expected})
	}
	return gs
}

// isOrgPath reports whether p names a file of the organization's .github repository.
func isOrgPath(p string) bool {
	before, _, ok := strings.Cut(p, ":")
	return ok && (before == ".github" || strings.HasSuffix(before, "/.github"))
}

// cleanRepoPath makes a finding path relative, slash-separated and without "..".
func cleanRepoPath(p string) string {
	if p == "" {
		return ""
	}
	p = path.Clean("/" + strings.ReplaceAll(p, "\\", "/"))
	return strings.TrimPrefix(p, "/")
}

// escapePath percent-encodes a relative path as an RFC 3986 reference.
func escapePath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

func sarifResult(res report.Result, ru report.Rule, ruleIndex int, rr report.Repository, key, base string, g findingGroup) *sarif.Result {
	text := resultText(res, g)
	line := max(g.line, 1)
	region := sarif.NewRegion().WithStartLine(line)
	if g.col > 0 {
		region.WithStartColumn(g.col)
	}
	loc := sarif.NewLocation().WithPhysicalLocation(sarif.NewPhysicalLocation().
		WithArtifactLocation(sarif.NewArtifactLocation().WithURI(escapePath(g.path)).WithURIBaseID(base)).
		WithRegion(region))
	out := sarif.NewRuleResult(ru.ID).
		WithRuleIndex(ruleIndex).
		WithLevel(sarifLevel(res.Severity)).
		WithMessage(sarif.NewTextMessage(text)).
		WithLocations([]*sarif.Location{loc}).
		WithPartialFingerprints(map[string]string{fingerprintKey: Fingerprint(ru.ID, key, g.path, g.key)})
	props := sarif.NewPropertyBag()
	for k, v := range res.Facts {
		props.Add(k, v)
	}
	props.Add("repository", repoName(rr))
	props.Add("status", string(res.Status))
	out.Properties = props
	return out
}

// resultText is plain text: what is wrong, then what to do.
func resultText(res report.Result, g findingGroup) string {
	var parts []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(parts, s) {
			parts = append(parts, s)
		}
	}
	if g.key == "" || len(g.messages) == 0 {
		add(res.Message)
	}
	for _, m := range g.messages {
		add(m)
	}
	add(res.Remediation)
	for i, p := range parts {
		if g.key == "" { // keyed messages start with a key ("url: …"), kept as is
			p = capitalize(p)
			parts[i] = p
		}
		if !strings.HasSuffix(p, ".") && !strings.HasSuffix(p, "!") && !strings.HasSuffix(p, "?") {
			parts[i] = p + "."
		}
	}
	if len(parts) == 0 {
		return "The rule " + res.RuleID + " failed."
	}
	return strings.Join(parts, " ")
}

func capitalize(s string) string {
	r := []rune(s)
	if len(r) > 0 && unicode.IsLower(r[0]) {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

func sarifLevel(s report.Severity) string {
	switch s {
	case report.Error:
		return "error"
	case report.Note:
		return "note"
	}
	return "warning"
}

var releaseVersion = regexp.MustCompile(`^\d+\.\d+\.\d+$`)

func sarifRule(ru report.Rule, version string) *sarif.ReportingDescriptor {
	title := strings.TrimSpace(ru.Title)
	if title == "" {
		title = ru.ID
	}
	doc := strings.TrimSpace(ru.Doc)
	full := firstParagraph(doc)
	helpText := plainText(doc)
	if full == "" {
		full = title
	}
	if helpText == "" {
		helpText = title
	}
	helpURI := ru.HelpURL
	if helpURI == "" {
		helpURI = report.DocsURL + "#" + ru.ID
	}
	if releaseVersion.MatchString(version) {
		helpURI = strings.Replace(helpURI, "/blob/main/", "/blob/v"+version+"/", 1)
	}
	d := sarif.NewRule(ru.ID)
	d.Name = ptr(ruleName(ru.ID))
	d.ShortDescription = sarif.NewMultiformatMessageString().WithText(truncate(title, maxSARIFDescRune))
	d.FullDescription = sarif.NewMultiformatMessageString().WithText(truncate(full, maxSARIFDescRune))
	help := sarif.NewMultiformatMessageString().WithText(helpText)
	if doc != "" {
		help.WithMarkdown(doc)
	}
	d.Help = help
	d.HelpURI = &helpURI
	d.DefaultConfiguration = sarif.NewReportingConfiguration().WithLevel(sarifLevel(ru.Severity))

	tags := []string{"governance"}
	for _, t := range ru.Tags {
		if !slices.Contains(tags, t) && len(tags) < maxSARIFTags {
			tags = append(tags, t)
		}
	}
	precision := ru.Precision
	if precision == "" {
		precision = "very-high"
	}
	props := sarif.NewPropertyBag().WithTags(tags)
	props.Add("precision", precision)
	props.Add("problem.severity", problemSeverity(ru.Severity))
	if slices.Contains(ru.Tags, "security") {
		switch ru.Severity {
		case report.Error:
			props.Add("security-severity", "5.0")
		case report.Warning:
			props.Add("security-severity", "3.0")
		}
	}
	d.Properties = props
	return d
}

func problemSeverity(s report.Severity) string {
	switch s {
	case report.Error:
		return "error"
	case report.Note:
		return "recommendation"
	}
	return "warning"
}

// ruleName is PascalCase(id) + "Check": never equal to the id, ignoring case.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ' ' }) {
		b.WriteString(capitalize(part))
	}
	b.WriteString("Check")
	return b.String()
}

func notification(text, ruleID string, ruleIndex int) *sarif.Notification {
	n := sarif.NewNotification().WithLevel("error").WithMessage(sarif.NewTextMessage(text))
	if ruleID != "" {
		n.WithDescriptor(sarif.NewReportingDescriptorReference().WithID(ruleID).WithIndex(ruleIndex))
	}
	return n
}

// repoBaseURI is the combined file's base for a repository: its tree at the scanned
// commit on the host, or its directory as a file: URI. It always ends with "/".
func repoBaseURI(m repo.Meta) string {
	if m.Hosted() {
		web := m.URL
		if web == "" {
			web = "https://" + m.Host + "/" + m.FullName
		}
		ref := m.HeadOID
		if ref == "" {
			ref = m.DefaultBranch
		}
		if ref == "" {
			ref = "HEAD"
		}
		return strings.TrimSuffix(web, "/") + "/blob/" + url.PathEscape(ref) + "/"
	}
	p := m.Path
	if p == "" {
		p = "/" + m.Name
	}
	p = strings.ReplaceAll(p, "\\", "/")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive paths: file:///C:/…
	}
	return (&url.URL{Scheme: "file", Path: strings.TrimSuffix(p, "/") + "/"}).String()
}

// provenance records what was scanned. A local repository without a remote has none in
// its own file; in the combined file it gets its directory, so that every REPO<n> base is
// mapped (SARIF2007).
func provenance(m repo.Meta, base string, combined bool) *sarif.VersionControlDetails {
	uri := m.URL
	if uri == "" && m.Hosted() {
		uri = "https://" + m.Host + "/" + m.FullName
	}
	if uri == "" && combined {
		uri = repoBaseURI(m)
	}
	if u, err := url.Parse(uri); uri == "" || err != nil || !u.IsAbs() {
		return nil
	}
	vcd := sarif.NewVersionControlDetails().WithRepositoryURI(uri).
		WithMappedTo(sarif.NewArtifactLocation().WithURIBaseID(base))
	if m.HeadOID != "" {
		vcd.WithRevisionID(m.HeadOID)
	}
	if m.DefaultBranch != "" {
		vcd.WithBranch(m.DefaultBranch)
	}
	if m.Forge != "" {
		// upload-sarif reads it: only GitHub repositories have code scanning to upload to.
		props := sarif.NewPropertyBag()
		props.Add("forge", m.Forge)
		vcd.WithProperties(props)
	}
	return vcd
}

// orgOf names the scanned account for the combined file's automation id: the owner shared
// by every repository, else "multi" ("local" when nothing is hosted).
func orgOf(r *report.Report) string {
	owner := ""
	for _, rr := range r.Repos {
		o := strings.ToLower(rr.Meta.Owner)
		if !rr.Meta.Hosted() || o == "" {
			o = "local"
		}
		if owner != "" && owner != o {
			return "multi"
		}
		owner = o
	}
	if owner == "" {
		return "local"
	}
	return owner
}

func ptr[T any](v T) *T { return &v }
