package rules

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules/publiccode"
)

// PubliccodeYmlValid: publiccode.yml, when present, is valid for the catalogs.
var PubliccodeYmlValid = Rule{
	ID:    "publiccode-yml-valid",
	Title: "publiccode.yml is valid",
	Doc: `A publiccode.yml file describes public-sector software for catalogs such as Developers Italia.
A file with errors is refused by the catalog, so the software silently does not appear there.

The rule applies only when ` + "`publiccode.yml`" + ` exists at the repository root. It validates the file
offline against the publiccode.yml standard (version 0.7 rules, whatever version the file declares)
and against the stricter behaviour of the reference validator the catalog runs: unknown keys, wrong
types, YAML 1.1 booleans (` + "`yes`/`no`" + `), missing mandatory keys (` + "`longDescription` and `features`" + ` in
every language), vocabularies (categories, scope, enumerations), lengths in characters, BCP 47
language tags, ISO 3166 country codes, SPDX licence expressions, dates, URLs, maintenance rules,
logo and screenshot files inside the repository, and that ` + "`url`" + ` is this repository.
Each problem points at its line and column; warnings (deprecated keys, older versions, style)
do not fail the rule.

**How to fix:** correct each reported key; run ` + "`repogov publiccode validate publiccode.yml`" + `
locally for the same report. Quote values that must stay text (` + "`softwareVersion: \"1.10\"`" + `),
use ` + "`>-`" + ` for folded descriptions so no trailing line break is counted, and keep logos
(` + "`.svg`" + `/` + "`.png`" + `) and screenshots (` + "`.png`" + `/` + "`.jpg`" + `) in the repository.

**What offline validation cannot promise:** the catalog also fetches every link. It requires
` + "`url`, `landingURL`, `roadmap`, `documentation` and `apiDocumentation`" + ` to answer, checks that ` + "`url`" + `
looks like a repository on its host (beyond github.com), and downloads logos and screenshots given
by absolute URL. A file this rule passes can still be refused for a dead link.

**Decisions.** repogov embeds IndicePA's complete iPA code list (23,735 codes) and the oEmbed
provider registry (680 URL schemes), snapshots of 2026-08-21 (provenance and refresh:
docs/publiccode-yml.md §17); an unknown iPA code in ` + "`organisation.uri`" + ` or ` + "`IT.riuso.codiceIPA`" + ` is an
error (decision D11), and a code created after the snapshot needs a refreshed repogov. A null or
empty ` + "`maintenance.contractors`" + ` counts as absent (spec §4), so it is no error for maintenance types
` + "`internal`, `community` and `none`" + `. YAML syntax errors are reported at the offending line (yaml.v3
names the start of the enclosing block; the message still gives it), and an over-size file
with its real size. Suggestions (` + "`use organisation.uri: \"urn:x-italian-pa:…\"`" + `, ` + "`did you mean`" + `)
only ever propose values the validator accepts.`,
	HelpURL:   DocsURL + "#publiccode-yml-valid",
	Severity:  Error,
	Default:   true,
	Tags:      []string{"public-sector", "standard-for-public-code", "spc:make-the-codebase-findable"},
	Precision: "very-high",
	Expected:  "publiccode.yml",
	// The logo and screenshots it names are read too, wherever they are: the snapshot
	// lists their directories on demand.
	Reads: []string{"publiccode.yml"},
	Check: checkPubliccodeYmlValid,
}

func checkPubliccodeYmlValid(ctx context.Context, s *repo.Snapshot, opts Options) Result {
	const name = "publiccode.yml"
	e, ok := s.Lookup(name)
	if !ok {
		return Result{Status: NotApplicable, Message: "no publiccode.yml in the root"}
	}
	if e.Kind == repo.Dir || e.Kind == repo.Submodule {
		return Result{Status: Fail, Message: "publiccode.yml is not a file",
			Findings: []Finding{{Path: name, Message: "publiccode.yml is a " + e.Kind.String() + ", not a file", Key: "|file"}}}
	}
	content, err := s.ReadFile(ctx, name)
	if err != nil {
		var tl *repo.TooLargeError
		if errors.As(err, &tl) {
			return tooLargeResult(tl)
		}
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, repo.ErrOutside) {
			return Result{Status: Fail, Message: "publiccode.yml cannot be read: " + err.Error(),
				Findings: []Finding{{Path: name, Message: err.Error(), Key: "|file"}}}
		}
		return Result{Status: StatusError, Message: fmt.Sprintf("read publiccode.yml: %v", err)}
	}
	fsys := &watchFS{fsys: s.FS(ctx)}
	problems := publiccode.Validate(content, publiccode.Options{
		FS:            fsys,
		RepoURL:       s.Meta.URL,
		Fork:          s.Meta.Fork,
		DefaultBranch: s.Meta.DefaultBranch,
		Now:           opts.Now,
	})
	if fsys.unknown != nil {
		// A logo or screenshot the source could not tell present or absent: no verdict.
		return Result{Status: StatusError, Message: "publiccode.yml names files this scan could not check: " + fsys.unknown.Error()}
	}
	errs, warns := 0, 0
	findings := make([]Finding, 0, len(problems))
	for _, p := range problems {
		if p.Severity == publiccode.SeverityError {
			errs++
		} else {
			warns++
		}
		msg := p.Message
		if p.Key != "" {
			msg = p.Key + ": " + msg
		}
		findings = append(findings, Finding{Path: name, Line: p.Line, Column: p.Column, Message: msg, Key: p.Key + "|" + p.Code})
	}
	if len(findings) == 0 {
		findings = nil
	}
	if errs > 0 {
		return Result{Status: Fail, Message: fmt.Sprintf("publiccode.yml has %s and %s", publiccodeCount(errs, "error"), publiccodeCount(warns, "warning")), Findings: findings,
			Remediation: "Fix each reported key; run `repogov publiccode validate publiccode.yml` for the same report locally."}
	}
	msg := "publiccode.yml is valid"
	if warns > 0 {
		msg += " (" + publiccodeCount(warns, "warning") + ")"
	}
	return Result{Status: Pass, Message: msg, Findings: findings}
}

// watchFS is the snapshot's fs.FS view for the validator, remembering the first path the
// snapshot could not answer for (repo.ErrNotListed), which the validator would take for
// a missing file.
type watchFS struct {
	fsys    fs.FS
	unknown error
}

func (w *watchFS) note(err error) error {
	if w.unknown == nil && errors.Is(err, repo.ErrNotListed) {
		w.unknown = err
	}
	return err
}

func (w *watchFS) Open(name string) (fs.File, error) {
	f, err := w.fsys.Open(name)
	return f, w.note(err)
}

func (w *watchFS) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(w.fsys, name)
	return b, w.note(err)
}

func (w *watchFS) ReadDir(name string) ([]fs.DirEntry, error) {
	es, err := fs.ReadDir(w.fsys, name)
	return es, w.note(err)
}

func (w *watchFS) ReadLink(name string) (string, error) {
	s, err := fs.ReadLink(w.fsys, name)
	return s, w.note(err)
}

func (w *watchFS) Lstat(name string) (fs.FileInfo, error) {
	fi, err := fs.Lstat(w.fsys, name)
	return fi, w.note(err)
}

func publiccodeCount(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
