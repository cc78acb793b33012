package gittest

import (
	"fmt"
	"path/filepath"
	"strings"
)

// RepoFiles returns a plausible repository of about n files: community files at the
// root and in .github/, documentation, and source files spread over packages.
func RepoFiles(name string, n int) Files {
	fs := Files{
		"README.md":           fmt.Sprintf("# %s\n\n%s is a generated repository used by repogov's benchmarks. It has enough text to pass a README length check.\n", name, name),
		"LICENSE":             "MIT License\n\nCopyright (c) 2024 Acme\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software.\n",
		"CONTRIBUTING.md":     "# Contributing\n\nOpen a pull request.\n",
		"CODE_OF_CONDUCT.md":  "# Code of conduct\n\nBe kind.\n",
		".github/SECURITY.md": "# Security\n\nMail security@example.com.\n",
		".github/CODEOWNERS":  "* @acme/maintainers\n",
		".gitignore":          "/bin/\n",
		"go.mod":              "module example.com/" + name + "\n\ngo 1.22\n",
	}
	body := strings.Repeat("// filler line of source code to give the file a realistic size.\n", 12)
	for i := 0; len(fs) < n; i++ {
		p := fmt.Sprintf("pkg/p%02d/file%03d.go", i%20, i)
		if i%10 == 9 {
			p = fmt.Sprintf("docs/section%02d/page%03d.md", i%7, i)
		}
		fs[p] = fmt.Sprintf("package p%02d\n\n// %s %d\n%s", i%20, name, i, body)
	}
	return fs
}

// Mirrors creates n bare, packed repositories of about files files each under dir,
// named repo-0000.git…, like a folder of mirrors.
func Mirrors(dir string, n, files int) error { return Repos(dir, n, files, true) }

// Repos creates n bare repositories of about files files each under dir, their objects
// packed (like mirrors) or loose (like fresh commits).
func Repos(dir string, n, files int, packed bool) error {
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("repo-%04d", i)
		if _, err := Create(filepath.Join(dir, name+".git"), RepoFiles(name, files), Options{Bare: true, Packed: packed, Origin: "https://github.com/acme/" + name + ".git"}); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}
