package reporters

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
)

// sarifLog is the part of a SARIF log the checks below read.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name, Version, SemanticVersion, InformationURI string
				Rules                                          []struct {
					ID               string
					Name             string
					ShortDescription struct{ Text string }
					FullDescription  struct{ Text string }
					Help             struct{ Text, Markdown string }
					HelpURI          string
					Properties       map[string]any
				}
			}
		}
		AutomationDetails  struct{ ID string }
		OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
		Results            []struct {
			RuleID    string
			RuleIndex int
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI, URIBaseID string } `json:"artifactLocation"`
					Region           struct{ StartLine, StartColumn int }
				}
			}
			PartialFingerprints map[string]string
			Properties          map[string]any
		}
		Invocations []struct {
			ExecutionSuccessful        bool
			ToolExecutionNotifications []struct {
				Level      string
				Descriptor struct{ ID string }
			}
		}
	}
}

var hex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)

// checkSARIF asserts what the SARIF Multitool does not check (spec §9.4) and the shape
// GitHub needs; nRules is the number of evaluated rules.
func checkSARIF(t *testing.T, out []byte, nRules int) sarifLog {
	t.Helper()
	var l sarifLog
	if err := json.Unmarshal(out, &l); err != nil {
		t.Fatal(err)
	}
	if l.Schema != sarifSchema || l.Version != "2.1.0" {
		t.Errorf("$schema %q version %q", l.Schema, l.Version)
	}
	if len(l.Runs) != 1 {
		t.Fatalf("%d runs, want exactly 1", len(l.Runs))
	}
	run := l.Runs[0]
	d := run.Tool.Driver
	if d.Name != "repogov" || !regexp.MustCompile(`^[0-9]`).MatchString(d.Version) || d.SemanticVersion != d.Version || d.InformationURI == "" {
		t.Errorf("driver: %q %q %q %q", d.Name, d.Version, d.SemanticVersion, d.InformationURI)
	}
	if len(d.Rules) != nRules {
		t.Errorf("%d rules in the driver, want every evaluated rule (%d)", len(d.Rules), nRules)
	}
	for _, r := range d.Rules {
		if r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" ||
			len(r.ShortDescription.Text) > 1024 || len(r.FullDescription.Text) > 1024 {
			t.Errorf("rule %s: incomplete descriptions", r.ID)
		}
		if strings.EqualFold(r.Name, r.ID) || r.Name == "" {
			t.Errorf("rule %s: name %q", r.ID, r.Name)
		}
		if !strings.HasPrefix(r.HelpURI, "https://") {
			t.Errorf("rule %s: helpUri %q", r.ID, r.HelpURI)
		}
		if tags, _ := r.Properties["tags"].([]any); len(tags) == 0 || len(tags) > 10 || tags[0] != "governance" {
			t.Errorf("rule %s: tags %v", r.ID, r.Properties["tags"])
		}
	}
	if !regexp.MustCompile(`^repogov/[^/]+/.+$`).MatchString(run.AutomationDetails.ID) {
		t.Errorf("automationDetails.id %q", run.AutomationDetails.ID)
	}
	if len(run.Invocations) != 1 {
		t.Errorf("%d invocations", len(run.Invocations))
	}
	fps := map[string]bool{}
	for _, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(d.Rules) || d.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s: ruleIndex %d inconsistent", res.RuleID, res.RuleIndex)
		}
		if res.Message.Text == "" || res.Level == "" {
			t.Errorf("result %s: no message or level", res.RuleID)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %s: %d locations", res.RuleID, len(res.Locations))
		}
		pl := res.Locations[0].PhysicalLocation
		uri := pl.ArtifactLocation.URI
		if uri == "" || strings.HasPrefix(uri, "/") || strings.Contains(uri, ":") || strings.Contains(uri, " ") || strings.Contains(uri, "..") {
			t.Errorf("result %s: uri %q is not a clean relative path", res.RuleID, uri)
		}
		if pl.Region.StartLine < 1 {
			t.Errorf("result %s: startLine %d", res.RuleID, pl.Region.StartLine)
		}
		if base := pl.ArtifactLocation.URIBaseID; base != srcRoot {
			b, ok := run.OriginalURIBaseIDs[base]
			if !ok || !strings.HasSuffix(b.URI, "/") {
				t.Errorf("result %s: uriBaseId %q has no base ending in /", res.RuleID, base)
			}
		}
		fp := res.PartialFingerprints[fingerprintKey]
		if !hex64.MatchString(fp) {
			t.Errorf("result %s: fingerprint %q", res.RuleID, fp)
		}
		if fps[fp] {
			t.Errorf("result %s: duplicate fingerprint %s", res.RuleID, fp)
		}
		fps[fp] = true
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(out)
	zw.Close()
	if gz.Len() > 10<<20 || len(run.Results) > 25000 || len(d.Rules) > 25000 {
		t.Errorf("over GitHub's limits: %d gzipped bytes, %d results", gz.Len(), len(run.Results))
	}
	return l
}

func TestSARIF(t *testing.T) {
	r := fixtureReport()
	s := SARIF{Opts: Options{Version: fixtureVersion}}
	var buf bytes.Buffer
	if err := s.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	combined := checkSARIF(t, buf.Bytes(), len(fixtureRules))
	if got, want := combined.Runs[0].AutomationDetails.ID, "repogov/default/org-multi/2026-11-21T09:30:00Z"; got != want {
		t.Errorf("combined automation id %q, want %q", got, want)
	}
	// beta: license, readme, 2 codeowners, 2 publiccode; delta: contributing; tools: readme.
	if n := len(combined.Runs[0].Results); n != 8 {
		t.Errorf("%d results in the combined file, want 8 (failures only)", n)
	}
	inv := combined.Runs[0].Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 2 {
		t.Errorf("invocation: successful=%v, %d notifications (want the rule error and the unreadable repository)",
			inv.ExecutionSuccessful, len(inv.ToolExecutionNotifications))
	}

	paths := SARIFRepoPaths(r)
	if want := []string{"acme/alpha.sarif", "acme/beta.sarif", "acme/delta.sarif", "", "tools.sarif"}; strings.Join(paths, ",") != strings.Join(want, ",") {
		t.Errorf("SARIFRepoPaths = %q, want %q", paths, want)
	}
	perRepo := map[string]bool{}
	categories := map[string]bool{}
	for i, p := range paths {
		if p == "" {
			continue
		}
		buf.Reset()
		if err := s.WriteRepo(&buf, r, i); err != nil {
			t.Fatal(err)
		}
		l := checkSARIF(t, buf.Bytes(), len(fixtureRules))
		run := l.Runs[0]
		if run.OriginalURIBaseIDs != nil {
			t.Errorf("%s: per-repository files must not define originalUriBaseIds", p)
		}
		for _, res := range run.Results {
			if res.Locations[0].PhysicalLocation.ArtifactLocation.URIBaseID != srcRoot {
				t.Errorf("%s: uriBaseId is not %%SRCROOT%%", p)
			}
			perRepo[res.PartialFingerprints[fingerprintKey]] = true
		}
		id := run.AutomationDetails.ID
		categories[id[:strings.LastIndex(id, "/")]] = true
		if i == 0 && len(run.Results) != 0 {
			t.Errorf("alpha passes every rule but has %d results", len(run.Results))
		}
	}
	if len(categories) != 1 || !categories["repogov/default"] {
		t.Errorf("per-repository categories %v, want only repogov/default", categories)
	}
	for _, res := range combined.Runs[0].Results {
		if !perRepo[res.PartialFingerprints[fingerprintKey]] {
			t.Errorf("combined result %s has a fingerprint no per-repository file has", res.RuleID)
		}
	}

	// The category is constant across runs; fingerprints ignore lines and messages.
	r2 := fixtureReport()
	r2.RunID = "2026-11-22T09:30:00Z"
	r2.Repos[1].Results[1].Findings[0].Line = 40
	r2.Repos[1].Results[1].Message = "reworded"
	r2.Repos[1].Results[5].Findings[0].Line = 99
	buf.Reset()
	if err := s.WriteRepo(&buf, r2, 1); err != nil {
		t.Fatal(err)
	}
	var b1 bytes.Buffer
	s.WriteRepo(&b1, r, 1)
	l1, l2 := checkSARIF(t, b1.Bytes(), 6), checkSARIF(t, buf.Bytes(), 6)
	for k := range l1.Runs[0].Results {
		f1 := l1.Runs[0].Results[k].PartialFingerprints[fingerprintKey]
		f2 := l2.Runs[0].Results[k].PartialFingerprints[fingerprintKey]
		if f1 != f2 {
			t.Errorf("result %d: fingerprint changed with a line or message", k)
		}
	}
	c1, c2 := l1.Runs[0].AutomationDetails.ID, l2.Runs[0].AutomationDetails.ID
	if c1 == c2 || c1[:strings.LastIndex(c1, "/")] != c2[:strings.LastIndex(c2, "/")] {
		t.Errorf("automation ids %q and %q: want the same category and different run ids", c1, c2)
	}
}

func TestSARIFDetails(t *testing.T) {
	r := fixtureReport()
	var buf bytes.Buffer
	(SARIF{Opts: Options{Version: fixtureVersion}}).WriteRepo(&buf, r, 2) // delta
	l := checkSARIF(t, buf.Bytes(), 6)
	res := l.Runs[0].Results[0]
	if got := res.Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "docs/How%20to%20contribute%20%C3%A9.md" {
		t.Errorf("uri %q is not percent-encoded", got)
	}
	if want := Fingerprint("contributing", "github.com/acme/delta", "docs/How to contribute é.md", ""); res.PartialFingerprints[fingerprintKey] != want {
		t.Errorf("fingerprint is not computed over the unescaped path")
	}
	// security tags give security-severity, others none.
	for _, ru := range l.Runs[0].Tool.Driver.Rules {
		_, has := ru.Properties["security-severity"]
		if has != (ru.ID == "security-policy") {
			t.Errorf("rule %s: security-severity present=%v", ru.ID, has)
		}
		if ru.ID == "security-policy" && ru.Properties["security-severity"] != "3.0" {
			t.Errorf("security-severity %v for a warning", ru.Properties["security-severity"])
		}
	}
	if ru := l.Runs[0].Tool.Driver.Rules[0]; !strings.Contains(ru.HelpURI, "/blob/v1.4.0/docs/rules.md#license-file") {
		t.Errorf("helpUri %q not pinned to the release", ru.HelpURI)
	}
	// Spec §6: the fingerprint input, byte for byte.
	// (printf 'repogov-fp-1\0contributing\0github.com/acme/alpha\0CONTRIBUTING.md\0' | sha256sum)
	if got, want := Fingerprint("contributing", "github.com/acme/alpha", "CONTRIBUTING.md", ""), "2cb31032239cfcae6b5444929228acb8ae85b702878ba2f5f65c7a22abd2d04d"; got != want {
		t.Errorf("Fingerprint = %s, want %s", got, want)
	}
}

func TestOrgFileFindingUsesExpectedPath(t *testing.T) {
	res := rules.Result{RuleID: "contributing", Status: rules.Fail, Message: "no contact",
		Findings: []rules.Finding{{Path: "acme/.github:CONTRIBUTING.md", Line: 3, Message: "no contact in acme/.github:CONTRIBUTING.md"}}}
	gs := groupFindings(res, fixtureRules[2])
	if len(gs) != 1 || gs[0].path != "CONTRIBUTING.md" {
		t.Errorf("groups %+v, want the expected path CONTRIBUTING.md", gs)
	}
	if !strings.Contains(resultText(res, gs[0]), "acme/.github:CONTRIBUTING.md") {
		t.Errorf("message %q does not name the org file", resultText(res, gs[0]))
	}
	if got := groupFindings(rules.Result{Findings: []rules.Finding{{Path: "../../etc/passwd"}}}, fixtureRules[0]); got[0].path != "etc/passwd" {
		t.Errorf("path %q escapes the repository", got[0].path)
	}
}

func TestRepoKey(t *testing.T) {
	for _, tc := range []struct {
		m    repo.Meta
		want string
	}{
		{repo.Meta{Host: "github.com", FullName: "Acme/Alpha"}, "github.com/acme/alpha"},
		{repo.Meta{Name: "tools", FullName: "./tools"}, "local/tools"},
		{repo.Meta{Name: "x", URL: "https://GitHub.com/Acme/X.git"}, "github.com/acme/x"},
		{repo.Meta{Name: "x", URL: "git@github.com:acme/x.git"}, "github.com/acme/x"},
	} {
		if got := RepoKey(tc.m); got != tc.want {
			t.Errorf("RepoKey(%+v) = %q, want %q", tc.m, got, tc.want)
		}
	}
}

// Per-repository files are routed by OWNER/NAME whenever it is known, so upload-sarif
// can post a local clone's file to its GitHub repository.
func TestSARIFRepoPaths(t *testing.T) {
	r := &report.Report{Repos: []report.Repository{
		{Meta: repo.Meta{Host: "github.com", Owner: "acme", Name: "alpha", FullName: "acme/alpha", HeadOID: "0123456789abcdef0123456789abcdef01234567"}},
		{Meta: repo.Meta{Host: "github.com", Owner: "acme", Name: "empty", FullName: "acme/empty"}}, // no commits: no analysis to upload
		{Meta: repo.Meta{Name: "beta", FullName: ".", URL: "https://github.com/Acme/Beta"}},
		{Meta: repo.Meta{Name: "gamma", FullName: "./gamma", URL: "git@github.com:acme/gamma.git"}},
		{Meta: repo.Meta{Name: "tools", FullName: "./tools"}},
		{Meta: repo.Meta{Name: "tools", FullName: "./other/tools"}},
		{Meta: repo.Meta{Name: "broken", FullName: "./broken"}, Error: "no commits"},
	}}
	want := []string{"acme/alpha.sarif", "", "acme/beta.sarif", "acme/gamma.sarif", "tools.sarif", "tools-2.sarif", ""}
	if diff := cmp.Diff(want, SARIFRepoPaths(r)); diff != "" {
		t.Errorf("SARIFRepoPaths (-want +got):\n%s", diff)
	}
}
