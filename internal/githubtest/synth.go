package githubtest

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Fixtures returns a store with the fixture organizations of testdata/orgs.
func Fixtures(tb testing.TB) *Store {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	s := NewStore()
	if err := s.LoadDir(filepath.Join(filepath.Dir(file), "testdata", "orgs")); err != nil {
		tb.Fatal(err)
	}
	return s
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

var licenceTexts = []string{
	"MIT License\n\nCopyright (c) 2026 Synth\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software" + strings.Repeat(" and associated documentation files", 20) + ".\n",
	"Apache License\nVersion 2.0, January 2004\n" + strings.Repeat("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION\n", 150),
	"BSD 3-Clause License\n\nCopyright (c) 2026, Synth\n" + strings.Repeat("Redistribution and use in source and binary forms, with or without modification.\n", 15),
}

// Synthetic adds an organization of n repositories with ~10 governance files each:
// licence, code of conduct, contributing, security, issue template and pull-request
// template texts are shared across repositories (as in real organizations); README,
// CODEOWNERS and publiccode.yml are per repository. It also adds the organization's
// public .github repository.
func Synthetic(s *Store, login string, n int) *Org {
	org := s.Org(login)
	coc := []byte("# Contributor Covenant Code of Conduct\n\n" + strings.Repeat("We pledge to make participation a harassment-free experience for everyone.\n", 60) + "Contact: conduct@synth.example\n")
	contributing := []byte("# Contributing\n\n" + strings.Repeat("Open an issue first, then a pull request with tests.\n", 20))
	security := []byte("# Security policy\n\nReport vulnerabilities to security@synth.example; we answer within 72 hours.\n")
	issue := []byte("---\nname: Bug report\nabout: Something is broken\n---\n\n**Describe the bug**\n")
	prt := []byte("## What\n\n## Why\n\n## Checklist\n- [ ] tests\n")
	gomod := []byte("module example.com/synth\n\ngo 1.26\n")
	s.AddRepo(org, ".github", RepoMeta{Description: "defaults"}, map[string]File{
		"CODE_OF_CONDUCT.md":          {Data: coc},
		".github/SECURITY.md":         {Data: security},
		"docs/CONTRIBUTING.md":        {Data: contributing},
		"profile/README.md":           {Data: []byte("# Synth\n")},
		".github/ISSUE_TEMPLATE/b.md": {Data: issue},
	})
	for i := range n {
		name := fmt.Sprintf("repo-%05d", i)
		meta := RepoMeta{Description: "Synthetic repository " + name, Topics: []string{"synthetic", fmt.Sprintf("team-%d", i%7)},
			License: []string{"MIT", "Apache-2.0", "BSD-3-Clause"}[i%3], Archived: i%50 == 49, Fork: i%40 == 39}
		files := map[string]File{
			"README.md":                        {Data: fmt.Appendf(nil, "# %s\n\n%s is a synthetic repository used to measure repogov. %s\n", name, name, strings.Repeat("It has a few paragraphs of text. ", 30))},
			"LICENSE":                          {Data: []byte(licenceTexts[i%3])},
			"CODE_OF_CONDUCT.md":               {Data: coc},
			"CONTRIBUTING.md":                  {Data: contributing},
			".github/SECURITY.md":              {Data: security},
			".github/CODEOWNERS":               {Data: fmt.Appendf(nil, "* @%s/team-%d\n/docs/ @%s/writers\n", login, i%7, login)},
			".github/ISSUE_TEMPLATE/bug.md":    {Data: issue},
			".github/pull_request_template.md": {Data: prt},
			"publiccode.yml":                   {Data: fmt.Appendf(nil, "publiccodeYmlVersion: \"0.4\"\nname: %s\nurl: https://example.com/%s\nplatforms: [web]\n", name, name)},
			"docs/index.md":                    {Data: fmt.Appendf(nil, "# %s docs\n", name)},
			"go.mod":                           {Data: gomod},
			"main.go":                          {Data: fmt.Appendf(nil, "package main // %s\n", name)},
			"internal/x/x.go":                  {Data: []byte("package x\n")},
		}
		s.AddRepo(org, name, meta, files)
	}
	return org
}
