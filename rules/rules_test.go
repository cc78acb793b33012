package rules

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/repogov/repogov/internal/golden"
)

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// The Standard for Public Code criteria (https://standard.publiccode.net/criteria/).
var spcCriteria = []string{
	"code-in-the-open", "bundle-policy-and-source-code", "make-the-codebase-reusable-and-portable",
	"welcome-contributors", "make-contributing-easy", "maintain-version-control",
	"require-review-of-contributions", "document-codebase-objectives", "document-the-code",
	"use-plain-english", "use-open-standards", "use-continuous-integration",
	"publish-with-an-open-license", "make-the-codebase-findable", "use-a-coherent-style",
	"document-codebase-maturity",
}

func TestMetadata(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All() {
		t.Run(r.ID, func(t *testing.T) {
			if !kebab.MatchString(r.ID) {
				t.Errorf("ID %q is not kebab-case", r.ID)
			}
			if seen[r.ID] {
				t.Errorf("ID %q is not unique", r.ID)
			}
			seen[r.ID] = true
			if r.Title == "" || strings.ContainsAny(r.Title, "\n|") || strings.HasSuffix(r.Title, ".") {
				t.Errorf("Title %q: want one line, no '|', no final period", r.Title)
			}
			if paras := strings.Split(strings.TrimSpace(r.Doc), "\n\n"); len(paras) < 2 {
				t.Errorf("Doc has %d paragraph(s); want why it matters, then how to fix it", len(paras))
			}
			if want := DocsURL + "#" + r.ID; r.HelpURL != want {
				t.Errorf("HelpURL = %q, want %q", r.HelpURL, want)
			}
			if r.Severity < Note || r.Severity > Error {
				t.Errorf("Severity = %v", r.Severity)
			}
			if r.Check == nil {
				t.Error("Check is nil")
			}
			if len(r.Tags) == 0 {
				t.Error("no Tags")
			}
			spc := slices.Contains(r.Tags, "standard-for-public-code")
			criteria := 0
			for _, tag := range r.Tags {
				if !kebab.MatchString(strings.TrimPrefix(tag, spcPrefix)) {
					t.Errorf("tag %q is not kebab-case", tag)
				}
				if c, ok := strings.CutPrefix(tag, spcPrefix); ok {
					criteria++
					if !slices.Contains(spcCriteria, c) {
						t.Errorf("tag %q names no Standard for Public Code criterion", tag)
					}
				}
			}
			if spc != (criteria > 0) {
				t.Errorf("tags %v: standard-for-public-code and an spc: criterion go together", r.Tags)
			}
			if r.Expected == "" || strings.HasPrefix(r.Expected, "/") {
				t.Errorf("Expected = %q, want a relative path", r.Expected)
			}
			if r.Precision != "very-high" && r.Precision != "high" {
				t.Errorf("Precision = %q", r.Precision)
			}
			for _, p := range r.Params {
				if !kebab.MatchString(p.Name) || p.Doc == "" || !slices.Contains([]string{"int", "bool", "string", "strings"}, p.Type) {
					t.Errorf("param %+v", p)
				}
			}
		})
	}
}

func TestDocsUpToDate(t *testing.T) {
	const file = "../docs/rules.md"
	golden.Check(t, file, []byte(Markdown(All())))
}

// Anchors: GitHub turns "## code-of-conduct" into #code-of-conduct, which HelpURL uses.
func TestDocsAnchors(t *testing.T) {
	md := Markdown(All())
	for _, r := range All() {
		if !strings.Contains(md, "\n## "+r.ID+"\n") {
			t.Errorf("no heading for %s", r.ID)
		}
	}
}
