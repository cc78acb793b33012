package rules

import (
	"context"
	"fmt"
	"strings"

	"github.com/repogov/repogov/repo"
)

// Readme: a README exists and says more than a title.
var Readme = Rule{
	ID:       "readme",
	Title:    "A README explains the project",
	Doc:      "A README is the first thing users and contributors read: what the project is, how to use it, how to get help.\n\nAdd `README.md` to the root with more than a title.",
	HelpURL:  DocsURL + "#readme",
	Severity: Error,
	Tags:     []string{"community", "standard-for-public-code"},
	Expected: "README.md",
	Params:   []Param{{Name: "min-size", Type: "int", Default: 64, Doc: "minimum size in bytes"}},
	Check: func(ctx context.Context, s *repo.Snapshot, opts Options) Result {
		for _, e := range s.ReadDir("") {
			if e.Kind != repo.File || !strings.HasPrefix(strings.ToLower(e.Name()), "readme") {
				continue
			}
			b, err := s.ReadFile(ctx, e.Path)
			if err != nil {
				return Result{Status: StatusError, Message: err.Error()}
			}
			if min := opts.Int("min-size", 64); len(strings.TrimSpace(string(b))) < min {
				return Result{Status: Fail, Message: fmt.Sprintf("%s is shorter than %d bytes", e.Path, min),
					Findings: []Finding{{Path: e.Path, Line: 1, Message: "README is too short"}}}
			}
			return Result{Status: Pass, Message: "found " + e.Path}
		}
		return Result{Status: Fail, Message: "no README in the root", Findings: []Finding{{Path: "README.md", Message: "README is missing"}}}
	},
}
