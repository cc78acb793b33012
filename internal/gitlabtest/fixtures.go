package gitlabtest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repogov/repogov/internal/githubtest"
)

// File and ProjectMeta are the fixture inputs (githubtest's shapes).
type (
	File        = githubtest.File
	ProjectMeta = githubtest.RepoMeta
)

// NewStore returns an empty store.
func NewStore() *Store { return githubtest.NewStore() }

// Group returns the group (or subgroup) at fullPath, creating it.
func Group(s *Store, fullPath string) *githubtest.Org { return s.Org(fullPath) }

// User returns the user namespace username, creating it.
func User(s *Store, username string) *githubtest.Org {
	o := s.Org(username)
	o.User = true
	return o
}

// Start serves store for the duration of the test, reporting invalid requests to tb.
func Start(tb testing.TB, store *Store, opts Options) *Server {
	tb.Helper()
	if opts.Errorf == nil {
		opts.Errorf = tb.Errorf
	}
	s := New(store, opts)
	tb.Cleanup(s.Close)
	return s
}

var (
	mit = "MIT License\n\nCopyright (c) 2026 City of Example\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the \"Software\"), to deal\nin the Software without restriction.\n"
	// A GitLab CODEOWNERS with sections, optional sections, default owners per section,
	// nested group owners and role owners.
	gitlabCodeowners = "# Owners\n* @gov/maintainers\n\n[Documentation] @gov/docs\ndocs/\n*.md @gov/health/writers\n\n^[Security][2] @gov/security\nSECURITY.md\n\n[Roles]\n/ci/ @@maintainer\n"
)

// Fixtures returns the fixture instance:
//
//	gov                 group: portal (complete, GitLab layout), old (archived), forked (a fork),
//	                    empty (no commits), secret (private), binary (a binary LICENSE.bin)
//	gov/health          subgroup: records (CODEOWNERS in the root and docs/), intranet (internal)
//	gov/health/labs     sub-subgroup: lab
//	alice               user: dotfiles
func Fixtures() *Store {
	s := NewStore()
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	gov := Group(s, "gov")
	s.AddRepo(gov, "portal", ProjectMeta{Description: "Citizen portal", Topics: []string{"portal", "public-service"}, PushedAt: at, License: "MIT"},
		map[string]File{
			"README.md":                      {Data: []byte("# Portal\n\nThe citizen portal of the City of Example. It lets residents file requests online and follow them.\n")},
			"LICENSE":                        {Data: []byte(mit)},
			"CONTRIBUTING.md":                {Data: []byte("# Contributing\n\nOpen an issue, then a merge request.\n")},
			"CODE_OF_CONDUCT.md":             {Data: []byte("# Code of conduct\n\nBe kind. Report problems to conduct@example.org.\n")},
			".gitlab/CODEOWNERS":             {Data: []byte(gitlabCodeowners)},
			".gitlab/issue_templates/Bug.md": {Data: []byte("## Summary\n\n## Steps to reproduce\n")},
			".gitlab/merge_request_templates/Default.md": {Data: []byte("## What does this MR do?\n")},
			"docs/SECURITY.md":                           {Data: []byte("# Security\n\nReport vulnerabilities to security@example.org.\n")},
			"publiccode.yml":                             {Data: []byte("publiccodeYmlVersion: \"0.4\"\nname: Portal\nurl: https://gitlab.example/gov/portal\n")},
			"src/main.go":                                {Data: []byte("package main\n")},
			"COPYING":                                    {Data: []byte("LICENSE"), Mode: githubtest.ModeSymlink},
		})
	s.AddRepo(gov, "old", ProjectMeta{Archived: true, PushedAt: at}, map[string]File{"README.md": {Data: []byte("# Old\n")}})
	s.AddRepo(gov, "forked", ProjectMeta{Fork: true, PushedAt: at}, map[string]File{"README.md": {Data: []byte("# Fork\n")}})
	s.AddRepo(gov, "empty", ProjectMeta{PushedAt: at}, nil)
	s.AddRepo(gov, "secret", ProjectMeta{Visibility: "private", PushedAt: at}, map[string]File{"README.md": {Data: []byte("# Secret\n")}})
	s.AddRepo(gov, "binary", ProjectMeta{PushedAt: at}, map[string]File{
		"README.md":   {Data: []byte("# Binary\n")},
		"LICENSE.bin": {Data: []byte("\x00\x01binary licence")},
	})
	health := Group(s, "gov/health")
	s.AddRepo(health, "records", ProjectMeta{Description: "Health records", Topics: []string{"health"}, PushedAt: at}, map[string]File{
		"README.md":       {Data: []byte("# Records\n")},
		"CODEOWNERS":      {Data: []byte("* @gov/health/team\n")},
		"docs/CODEOWNERS": {Data: []byte("* @someone-else\n")},
	})
	s.AddRepo(health, "intranet", ProjectMeta{Visibility: "internal", PushedAt: at}, map[string]File{"README.md": {Data: []byte("# Intranet\n")}})
	labs := Group(s, "gov/health/labs")
	s.AddRepo(labs, "lab", ProjectMeta{PushedAt: at}, map[string]File{"README.md": {Data: []byte("# Lab\n")}, "docs/CONTRIBUTING.md": {Data: []byte("# How to help\n")}})
	alice := User(s, "alice")
	s.AddRepo(alice, "dotfiles", ProjectMeta{PushedAt: at}, map[string]File{"README.md": {Data: []byte("# dotfiles\n")}})
	return s
}

// AddDir adds the repository whose files are in dir (a fixture directory such as
// testdata/repos/complete) to group as project name.
func AddDir(s *Store, group *githubtest.Org, name, dir string, meta ProjectMeta) error {
	files := map[string]File{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.Type()&fs.ModeSymlink != 0 {
			t, err := os.Readlink(p)
			if err != nil {
				return err
			}
			files[rel] = File{Data: []byte(t), Mode: githubtest.ModeSymlink}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		mode := githubtest.ModeFile
		if info, err := d.Info(); err == nil && info.Mode()&0o111 != 0 {
			mode = githubtest.ModeExec
		}
		files[rel] = File{Data: b, Mode: mode}
		return nil
	})
	if err != nil {
		return err
	}
	s.AddRepo(group, name, meta, files)
	return nil
}

var syntheticLicences = []string{
	"MIT License\n\nCopyright (c) 2026 Synth\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software" + strings.Repeat(" and associated documentation files", 20) + ".\n",
	"Apache License\nVersion 2.0, January 2004\n" + strings.Repeat("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION\n", 150),
	"European Union Public Licence V. 1.2\n\n" + strings.Repeat("This European Union Public Licence (the EUPL) applies to the Work.\n", 40),
}

// Synthetic adds a group root with n projects spread over subgroups (root/team-00 …),
// each with ~10 governance files in GitLab's layout: licence, code of conduct,
// contributing and template texts shared across projects (as in real groups); README,
// CODEOWNERS and publiccode.yml per project. Every 50th project is archived, every 40th
// a fork.
func Synthetic(s *Store, root string, n, subgroups int) {
	coc := []byte("# Code of Conduct\n\n" + strings.Repeat("We pledge to make participation a harassment-free experience for everyone.\n", 60) + "Contact: conduct@synth.example\n")
	contributing := []byte("# Contributing\n\n" + strings.Repeat("Open an issue first, then a merge request with tests.\n", 20))
	security := []byte("# Security policy\n\nReport vulnerabilities to security@synth.example; we answer within 72 hours.\n")
	issue := []byte("## Summary\n\n## Steps to reproduce\n\n/label ~bug\n")
	mr := []byte("## What does this MR do?\n\n## Checklist\n- [ ] tests\n")
	Group(s, root)
	groups := make([]*githubtest.Org, subgroups)
	for i := range groups {
		groups[i] = Group(s, fmt.Sprintf("%s/team-%02d", root, i))
	}
	for i := range n {
		g := groups[i%subgroups]
		name := fmt.Sprintf("project-%05d", i)
		meta := ProjectMeta{Description: "Synthetic project " + name, Topics: []string{"synthetic", fmt.Sprintf("team-%d", i%7)},
			Archived: i%50 == 49, Fork: i%40 == 39, PushedAt: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}
		s.AddRepo(g, name, meta, map[string]File{
			"README.md":                      {Data: fmt.Appendf(nil, "# %s\n\n%s is a synthetic project used to measure repogov. %s\n", name, name, strings.Repeat("It has a few paragraphs of text. ", 30))},
			"LICENSE":                        {Data: []byte(syntheticLicences[i%3])},
			"CODE_OF_CONDUCT.md":             {Data: coc},
			"CONTRIBUTING.md":                {Data: contributing},
			"SECURITY.md":                    {Data: security},
			".gitlab/CODEOWNERS":             {Data: fmt.Appendf(nil, "[Maintainers] @%s/maintainers\n*\n\n[Docs]\n/docs/ @%s/writers\n", g.Login, root)},
			".gitlab/issue_templates/Bug.md": {Data: issue},
			".gitlab/merge_request_templates/Default.md": {Data: mr},
			"publiccode.yml": {Data: fmt.Appendf(nil, "publiccodeYmlVersion: \"0.4\"\nname: %s\nurl: https://gitlab.example/%s/%s\nplatforms: [web]\n", name, g.Login, name)},
			"docs/index.md":  {Data: fmt.Appendf(nil, "# %s docs\n", name)},
			"go.mod":         {Data: []byte("module example.com/synth\n\ngo 1.26\n")},
			"main.go":        {Data: fmt.Appendf(nil, "package main // %s\n", name)},
		})
	}
}
