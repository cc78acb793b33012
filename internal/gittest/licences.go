package gittest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// licenceMix is the licence layout of the licence benchmark's repositories, in the rough
// proportions of public repositories: mostly MIT and Apache-2.0, then BSD and the GNU
// family, a few others; some dual-licensed, some with a markdown or CRLF licence file.
var licenceMix = []struct {
	files map[string]string // file name → canonical text id
	style string            // "", "crlf", "md", "mit-title"
}{
	{map[string]string{"LICENSE": "MIT"}, ""},
	{map[string]string{"LICENSE": "Apache-2.0"}, ""},
	{map[string]string{"LICENSE": "MIT"}, "mit-title"},
	{map[string]string{"LICENSE.md": "MIT"}, "md"},
	{map[string]string{"LICENSE": "Apache-2.0"}, ""},
	{map[string]string{"LICENSE": "BSD-3-Clause"}, ""},
	{map[string]string{"LICENSE": "MIT"}, "crlf"},
	{map[string]string{"COPYING": "GPL-3.0"}, ""},
	{map[string]string{"LICENSE-APACHE": "Apache-2.0", "LICENSE-MIT": "MIT"}, ""},
	{map[string]string{"LICENSE.txt": "Apache-2.0"}, ""},
	{map[string]string{"LICENSE": "BSD-2-Clause"}, ""},
	{map[string]string{"LICENSE": "MIT"}, ""},
	{map[string]string{"LICENSE": "GPL-2.0"}, ""},
	{map[string]string{"LICENSE": "MPL-2.0"}, ""},
	{map[string]string{"LICENSE": "AGPL-3.0"}, ""},
	{map[string]string{"COPYING.LESSER": "LGPL-3.0", "COPYING": "GPL-3.0"}, ""},
	{map[string]string{"LICENSE": "ISC"}, ""},
	{map[string]string{"LICENSE.md": "Apache-2.0"}, "md"},
	{map[string]string{"UNLICENSE": "Unlicense"}, ""},
	{map[string]string{"LICENSE": "CC0-1.0"}, ""},
	{map[string]string{"LICENCE": "EUPL-1.2"}, ""},
	{map[string]string{"LICENSE": "0BSD"}, ""},
}

// LicenceRepos returns the files of n repositories with typical licence files, the
// texts taken from texts (SPDX id → canonical text with choosealicense's [year] and
// [fullname] placeholders, as in rules/license/testdata/canonical).
func LicenceRepos(n int, texts map[string]string) ([]Files, error) {
	var out []Files
	for i := 0; i < n; i++ {
		mix := licenceMix[i%len(licenceMix)]
		name := fmt.Sprintf("lic-%02d", i)
		fs := RepoFiles(name, 20)
		delete(fs, "LICENSE")
		for file, id := range mix.files {
			t, ok := texts[id]
			if !ok {
				return nil, fmt.Errorf("no canonical text for %s", id)
			}
			t = strings.NewReplacer("[year]", fmt.Sprint(2015+i%10), "[fullname]", fmt.Sprintf("The %s Authors", name)).Replace(t)
			switch mix.style {
			case "crlf":
				t = strings.ReplaceAll(t, "\n", "\r\n")
			case "md":
				first, rest, _ := strings.Cut(t, "\n")
				t = "# " + first + "\n" + rest
			case "mit-title":
				t = "The MIT License (MIT)\n" + strings.TrimPrefix(t, "MIT License")
			}
			fs[file] = t
		}
		out = append(out, fs)
	}
	return out, nil
}

// LicenceTrees writes n git working trees made by LicenceRepos under dir (lic-00, …),
// reading the canonical texts from textDir.
func LicenceTrees(dir string, n int, textDir string) error {
	entries, err := os.ReadDir(textDir)
	if err != nil {
		return err
	}
	texts := map[string]string{}
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), ".txt"); ok {
			b, err := os.ReadFile(filepath.Join(textDir, e.Name()))
			if err != nil {
				return err
			}
			texts[id] = string(b)
		}
	}
	repos, err := LicenceRepos(n, texts)
	if err != nil {
		return err
	}
	for i, fs := range repos {
		if _, err := Create(filepath.Join(dir, fmt.Sprintf("lic-%02d", i)), fs, Options{Packed: true}); err != nil {
			return err
		}
	}
	return nil
}
