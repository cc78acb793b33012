package rules

import (
	"bytes"
	"context"
	"fmt"

	"github.com/repogov/repogov/repo"
)

var readmeDoc = doc{name: "README", spec: fileSpec{names: []string{"README"}, dirs: githubDirs}, expected: "README.md"}

// Readme: a README exists and says more than a title.
var Readme = Rule{
	ID:    "readme",
	Title: "A README explains the project",
	Doc: "A README is the first thing users and contributors read: what the project is for, how to install and use it, how to get help and how to contribute. The Standard for Public Code asks that the codebase document its objectives.\n\n" +
		"Add `README.md` with more than a title: a description, usage, and links to the contribution guidelines and the licence. " +
		"repogov looks in `.github/`, the root and `docs/` (the order in which GitHub picks the README it displays), for any case and any documentation extension. " +
		"The organization's `.github` repository never supplies a README (its `profile/README.md` is the organization's profile page). " +
		"The README fails when it is empty, binary, only one line (a title), or shorter than `min-size` bytes once trimmed.",
	HelpURL:   DocsURL + "#readme",
	Severity:  Error,
	Default:   true,
	Tags:      []string{"documentation", "standard-for-public-code", "spc:document-codebase-objectives"},
	Precision: "very-high",
	Expected:  "README.md",
	Reads:     readmeDoc.spec.reads(),
	Params:    []Param{{Name: "min-size", Type: "int", Default: 64, Doc: "minimum size in bytes, surrounding white space excluded"}},
	Check:     checkReadme,
}

func checkReadme(ctx context.Context, s *repo.Snapshot, opts Options) Result {
	l := locate(ctx, s, readmeDoc.spec, false)
	res := readmeDoc.result(ctx, l)
	if res.Status != Pass {
		return res
	}
	b, st, err := inspect(ctx, l.Snap, *l.Hit)
	if err != nil || st == stateTooLarge {
		return res // a README over the read cap is certainly more than a title
	}
	b = bytes.TrimSpace(b)
	lines := 0
	for l := range bytes.Lines(b) {
		if len(bytes.TrimSpace(l)) > 0 {
			lines++
		}
	}
	min := opts.Int("min-size", 64)
	var why string
	switch {
	case lines <= 1 && (bytes.HasPrefix(b, []byte("#")) || bytes.HasPrefix(b, []byte("=")) || len(b) < min):
		why = "has only a title"
	case len(b) < min:
		why = fmt.Sprintf("is %d bytes long, under the minimum of %d", len(b), min)
	default:
		return res
	}
	return Result{Status: Fail, Message: fmt.Sprintf("%s %s", l.Hit.Path, why),
		Findings:    append([]Finding{{Path: l.Hit.Path, Line: 1, Message: "README " + why}}, l.Notes...),
		Remediation: "Describe what the project does, how to use it, and where to get help and contribute.",
		Facts:       res.Facts}
}
