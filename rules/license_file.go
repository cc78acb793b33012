package rules

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules/license"
)

// LicenseFile: the repository ships a licence file in its root.
var LicenseFile = Rule{
	ID:    "license-file",
	Title: "A licence file is in the repository root",
	Doc: "Without a licence nobody may use, copy or change the code: copyright law reserves every right to the authors. " +
		"A licence file in the root is where people, package managers and GitHub look for the terms; " +
		"GitHub never takes a licence from the organization's `.github` repository, so every repository needs its own.\n\n" +
		"**How to fix.** Add the full text of the licence as `LICENSE` (or `LICENSE.md`, `COPYING`) in the repository root. " +
		"https://choosealicense.com helps to choose one; for several licences use one file per licence " +
		"(`LICENSE-APACHE`, `LICENSE-MIT`) or the REUSE layout, a `LICENSES/` directory with one `<SPDX-id>.txt` per licence " +
		"(https://reuse.software/spec/).\n\n" +
		"**What we match.** Root entries only, any case: `LICENSE`, `LICENCE`, `COPYING`, `UNLICENSE`, alone or followed by " +
		"`-`, `_` or `.` and more (`LICENSE.md`, `LICENSE-MIT`, `COPYING.LESSER`), or preceded by a name and `-`/`_` " +
		"(`MIT-LICENSE`); names with a source or configuration extension (`license.go`, `license-checker.json`) do not count. " +
		"A `LICENSES/` directory counts when it holds at least one regular file. A symbolic link counts when it resolves to a " +
		"regular file inside the repository. `COPYRIGHT`, `PATENTS`, `NOTICE` or `AUTHORS` alone are not a licence. " +
		"A licence file only in `docs/` or `.github/` fails: GitHub, package registries and licence scanners look in the root. " +
		"An empty file or a binary one (a NUL byte in the first 8 KiB) fails; a file over the read limit passes on its size. " +
		"A file with nothing but a copyright notice (\"Copyright 2024 Example Corp.\", \"All rights reserved.\", an " +
		"`SPDX-FileCopyrightText` line, a heading such as `LICENSE`) fails too: it grants nobody any right, whatever its " +
		"name, and without this check such a repository would pass every error-level licence rule " +
		"(`license-identified` also reports it as having no licence terms). An `SPDX-License-Identifier` line is a licence " +
		"reference and does count.",
	HelpURL:   DocsURL + "#license-file",
	Severity:  Error,
	Default:   true,
	Tags:      []string{"legal", "standard-for-public-code", "spc:publish-with-an-open-license"},
	Precision: "very-high",
	Expected:  "LICENSE",
	Reads:     licenseReads,
	Check:     checkLicenseFile,
}

// licenseReads are the places scanLicenses looks: licence-like names in the root (and, to
// say they do not count, in docs/ and .github/), and LICENSES/. Symbolic links are
// followed wherever they lead inside the repository.
var licenseReads = []string{"*LICEN[CS]E*", "*COPYING*", "LICENSES/*", "{docs,.github}/*LICEN[CS]E*", "{docs,.github}/*COPYING*"}

const licenseRemedy = "Add the licence text as LICENSE in the repository root (see https://choosealicense.com), or a LICENSES/ directory in the REUSE layout."

var (
	licenseName = regexp.MustCompile(`(?i)^((un)?licen[cs]e|copying)([-_.].*)?$|^.+[-_](licen[cs]e|copying)(\.[^.]+)?$`)
	// Not-a-licence names that peers accept; we only mention them.
	licenseLookalike = regexp.MustCompile(`(?i)^(copyright|patents|notice|authors)([-_.].*)?$`)
)

// codeExt are extensions that make a licence-like name a program or configuration file
// (license.go, license-checker.json, license_test.py).
var codeExt = map[string]bool{
	"go": true, "js": true, "mjs": true, "cjs": true, "jsx": true, "ts": true, "tsx": true, "py": true, "pyc": true,
	"rb": true, "java": true, "kt": true, "scala": true, "c": true, "h": true, "cc": true, "cpp": true, "hpp": true,
	"cs": true, "rs": true, "php": true, "pl": true, "pm": true, "swift": true, "dart": true, "lua": true, "r": true,
	"ex": true, "exs": true, "erl": true, "hs": true, "ml": true, "clj": true, "sh": true, "bash": true, "zsh": true,
	"ps1": true, "bat": true, "cmd": true, "json": true, "yml": true, "yaml": true, "toml": true, "xml": true,
	"ini": true, "cfg": true, "conf": true, "lock": true, "sum": true, "mod": true, "gradle": true, "css": true,
	"scss": true, "sql": true, "proto": true, "tf": true, "nix": true, "vue": true, "svelte": true, "tmpl": true,
	"png": true, "jpg": true, "jpeg": true, "gif": true, "svg": true, "ico": true, "pdf": true,
}

// isLicenseName reports whether a root file name is a licence file name.
func isLicenseName(name string) bool {
	if !licenseName.MatchString(name) {
		return false
	}
	if i := strings.LastIndexByte(name, '.'); i > 0 && codeExt[strings.ToLower(name[i+1:])] {
		return false
	}
	return true
}

// licenseScan is what the three licence rules know about a repository's licence files.
type licenseScan struct {
	Files     []string  // licence files: root matches, then LICENSES/ files; symlinks by their own path
	Bad       []Finding // matches that cannot count: directories, links leaving the repository
	Elsewhere []string  // licence-named files in docs/ or .github/ (invisible to GitHub)
	Lookalike []string  // COPYRIGHT, PATENTS, NOTICE, AUTHORS in the root
}

// scanLicenses lists the licence files of s. It reads only symlink targets.
func scanLicenses(ctx context.Context, s *repo.Snapshot) (licenseScan, error) {
	var ls licenseScan
	regular := func(e repo.Entry) (bool, error) {
		switch e.Kind {
		case repo.File:
			return true, nil
		case repo.Symlink:
			t, err := s.Resolve(ctx, e.Path)
			switch {
			case errors.Is(err, repo.ErrOutside):
				ls.Bad = append(ls.Bad, Finding{Path: e.Path, Message: "symbolic link points outside the repository; it does not count as a licence file"})
				return false, nil
			case err != nil && ctx.Err() != nil:
				return false, err
			case err != nil:
				ls.Bad = append(ls.Bad, Finding{Path: e.Path, Message: "symbolic link does not resolve: " + err.Error()})
				return false, nil
			}
			if t.Kind != repo.File {
				ls.Bad = append(ls.Bad, Finding{Path: e.Path, Message: "symbolic link does not point to a regular file"})
				return false, nil
			}
			return true, nil
		}
		return false, nil
	}
	var licensesDir []string
	for _, e := range s.ReadDir("") {
		name := e.Name()
		if strings.EqualFold(name, "LICENSES") && e.Kind == repo.Dir {
			for _, f := range s.ReadDir(e.Path) {
				ok, err := regular(f)
				if err != nil {
					return ls, err
				}
				if ok {
					licensesDir = append(licensesDir, f.Path)
				}
			}
			continue
		}
		if isLicenseName(name) {
			switch e.Kind {
			case repo.Dir:
				ls.Bad = append(ls.Bad, Finding{Path: e.Path, Message: "is a directory, not a licence file"})
				continue
			case repo.Submodule:
				ls.Bad = append(ls.Bad, Finding{Path: e.Path, Message: "is a submodule, not a licence file"})
				continue
			}
			ok, err := regular(e)
			if err != nil {
				return ls, err
			}
			if ok {
				ls.Files = append(ls.Files, e.Path)
			}
			continue
		}
		if e.Kind == repo.File && licenseLookalike.MatchString(name) {
			ls.Lookalike = append(ls.Lookalike, e.Path)
		}
	}
	ls.Files = append(ls.Files, licensesDir...)
	for _, d := range s.ReadDir("") {
		if d.Kind != repo.Dir || !(strings.EqualFold(d.Name(), "docs") || strings.EqualFold(d.Name(), ".github")) {
			continue
		}
		for _, e := range s.ReadDir(d.Path) {
			if e.Kind == repo.File && isLicenseName(e.Name()) {
				ls.Elsewhere = append(ls.Elsewhere, e.Path)
			}
		}
	}
	sort.Strings(ls.Elsewhere)
	return ls, nil
}

// textProblem says why content cannot be a licence text: "" when it can.
func textProblem(b []byte) string {
	if len(bytes.TrimSpace(b)) == 0 {
		return "exists but is empty"
	}
	if bytes.IndexByte(b[:min(len(b), 8<<10)], 0) >= 0 {
		return "is not a text file"
	}
	return ""
}

func checkLicenseFile(ctx context.Context, s *repo.Snapshot, _ Options) Result {
	ls, err := scanLicenses(ctx, s)
	if err != nil {
		return Result{Status: StatusError, Message: fmt.Sprintf("listing licence files: %v", err)}
	}
	if len(ls.Files) == 0 {
		r := Result{Status: Fail, Message: "no licence file in the repository root", Remediation: licenseRemedy,
			Findings: append([]Finding{{Path: "LICENSE", Message: "licence file is missing"}}, ls.Bad...)}
		for _, p := range ls.Elsewhere {
			r.Findings = append(r.Findings, Finding{Path: p, Line: 1, Message: "licence file outside the root: GitHub and licence scanners only look in the root; move it to " + path.Base(p)})
		}
		switch {
		case len(ls.Elsewhere) > 0:
			r.Message = fmt.Sprintf("no licence file in the repository root (found %s, which GitHub does not look at)", strings.Join(ls.Elsewhere, ", "))
		case len(ls.Lookalike) > 0:
			r.Message = fmt.Sprintf("no licence file in the repository root (%s is not a licence)", strings.Join(ls.Lookalike, ", "))
		}
		return r
	}
	good := []string{}
	var problems []Finding
	for _, p := range ls.Files {
		b, err := s.ReadFile(ctx, p)
		var tl *repo.TooLargeError
		switch {
		case errors.As(err, &tl):
			good = append(good, p) // presence is what this rule checks; the size comes from the tree
			continue
		case err != nil:
			return Result{Status: StatusError, Message: readError(p, err).Error()}
		}
		if why := textProblem(b); why != "" {
			problems = append(problems, Finding{Path: p, Line: 1, Message: p + " " + why})
			continue
		}
		if license.OnlyCopyright(b) {
			problems = append(problems, Finding{Path: p, Line: 1, Key: "copyright-only",
				Message: p + " holds only a copyright notice, no licence terms: it grants nobody any right"})
			continue
		}
		good = append(good, p)
	}
	facts := map[string]any{"paths": good}
	if len(good) == 0 {
		return Result{Status: Fail, Message: problems[0].Message, Findings: append(problems, ls.Bad...), Facts: facts,
			Remediation: "Put the full licence text in " + problems[0].Path + "."}
	}
	msg := "found " + good[0]
	if len(good) > 1 {
		msg += fmt.Sprintf(" and %d more", len(good)-1)
	}
	return Result{Status: Pass, Message: msg, Facts: facts}
}
