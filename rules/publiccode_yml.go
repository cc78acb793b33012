package rules

import (
	"context"
	"strings"

	"github.com/repogov/repogov/repo"
)

// Catalogs (publiccode-crawler) read exactly publiccode.yml at the root; anything else
// is invisible to them, so near misses fail with a hint instead of passing.
var publiccodeDoc = doc{name: "publiccode.yml", expected: "publiccode.yml",
	spec: fileSpec{dirs: []string{""}, match: func(name string) bool { return name == "publiccode.yml" }}}

var publiccodeLookalike = fileSpec{dirs: []string{"", ".github", "docs"}, match: func(name string) bool {
	n := strings.ToLower(name) // the exact root name is found before this is consulted
	return n == "publiccode.yml" || n == "publiccode.yaml"
}}

// PubliccodeYml: the repository describes itself for public-software catalogs.
var PubliccodeYml = Rule{
	ID:    "publiccode-yml",
	Title: "publiccode.yml describes the software for catalogs",
	Doc: "publiccode.yml is the metadata standard public administrations use to publish and find reusable software (Developers Italia and other national catalogs crawl it). It states what the software does, its maturity, its maintenance and its legal context.\n\n" +
		"Add `publiccode.yml` at the root of the default branch; editor: https://publiccode-editor.developers.italia.it/, standard: https://yml.publiccode.tools/. " +
		"Only that exact name and place count: `publiccode.yaml`, other casings and other folders fail with a hint, because catalogs do not find them. " +
		"The default severity is `note`; a policy for public-sector code can raise it. `publiccode-yml-valid` checks the content.",
	HelpURL:   DocsURL + "#publiccode-yml",
	Severity:  Note,
	Tags:      []string{"public-sector", "standard-for-public-code", "spc:make-the-codebase-findable"},
	Precision: "very-high",
	Expected:  "publiccode.yml",
	Reads:     []string{"publiccode.y{,a}ml", "{.github,docs}/publiccode.y{,a}ml"},
	Check:     checkPubliccodeYml,
}

func checkPubliccodeYml(ctx context.Context, s *repo.Snapshot, _ Options) Result {
	l := locate(ctx, s, publiccodeDoc.spec, false)
	if l.Hit == nil {
		if alike, _ := search(ctx, s, publiccodeLookalike); len(alike) > 0 {
			l.Notes = append(l.Notes, Finding{Path: alike[0].Path, Line: 1,
				Message: "catalogs read only publiccode.yml at the root; rename " + alike[0].Path + " to publiccode.yml"})
		}
	}
	return publiccodeDoc.result(ctx, l)
}
