package license

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/licensecheck"
	"github.com/repogov/repogov/internal/spdx"
)

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// found is the part of a Match the table asserts exactly.
type found struct {
	ID       string
	Modified bool
}

func TestIdentify(t *testing.T) {
	tests := []struct {
		file        string
		want        []found
		minCoverage float64 // overall licensecheck coverage, percent
		closest     string  // when nothing is identified
		extra       string  // Like of the first added-terms passage, "-" for one without a name
		extraLine   int     // its line, when asserted
	}{
		// canonical texts
		{file: "mit.txt", want: []found{{"MIT", false}}, minCoverage: 95},
		{file: "apache-2.0.txt", want: []found{{"Apache-2.0", false}}, minCoverage: 99},
		{file: "bsd-2-clause.txt", want: []found{{"BSD-2-Clause", false}}, minCoverage: 95},
		{file: "bsd-3-clause.txt", want: []found{{"BSD-3-Clause", false}}, minCoverage: 95},
		{file: "gpl-3.0.txt", want: []found{{"GPL-3.0", false}}, minCoverage: 99},
		{file: "mpl-2.0.txt", want: []found{{"MPL-2.0", false}}, minCoverage: 99},
		{file: "isc.txt", want: []found{{"ISC", false}}, minCoverage: 99},
		{file: "unlicense.txt", want: []found{{"Unlicense", false}}, minCoverage: 99},
		{file: "cc-by-nc-sa-4.0.txt", want: []found{{"CC-BY-NC-SA-4.0", false}}, minCoverage: 99},
		{file: "eupl-1.2.txt", want: []found{{"EUPL-1.2", false}}, minCoverage: 99},
		{file: "reuse/LICENSES/CC0-1.0.txt", want: []found{{"CC0-1.0", false}}, minCoverage: 99},
		// formatting variants
		{file: "mit-markdown.md", want: []found{{"MIT", false}}, minCoverage: 95},
		{file: "apache-2.0-markdown.md", want: []found{{"Apache-2.0", false}}, minCoverage: 99},
		{file: "mit-bom.txt", want: []found{{"MIT", false}}, minCoverage: 95},
		{file: "mit-bom-crlf.txt", want: []found{{"MIT", false}}, minCoverage: 95},
		{file: "bsd-3-clause-crlf.txt", want: []found{{"BSD-3-Clause", false}}, minCoverage: 95},
		{file: "apache-2.0-crlf.txt", want: []found{{"Apache-2.0", false}}, minCoverage: 99},
		{file: "mit-altered-copyright.txt", want: []found{{"MIT", false}}, minCoverage: 95},
		{file: "bsd-3-clause-altered-copyright.txt", want: []found{{"BSD-3-Clause", false}}, minCoverage: 95},
		// a preamble is not a modification
		{file: "mit-preamble.txt", want: []found{{"MIT", false}}, minCoverage: 70},
		{file: "apache-2.0-preamble.txt", want: []found{{"Apache-2.0", false}}, minCoverage: 95},
		// several licences in one file
		{file: "dual-apache-mit.txt", want: []found{{"Apache-2.0", false}, {"MIT", false}}, minCoverage: 95},
		// added or changed terms
		{file: "bsd-3-clause-patent-grant.txt", want: []found{{"BSD-3-Clause", true}}, minCoverage: 60, extra: "-", extraLine: 31},
		{file: "apache-2.0-modified.txt", want: []found{{"Apache-2.0", true}}},
		{file: "apache-2.0-commons-clause.txt", want: []found{{"Apache-2.0", true}}, minCoverage: 85, extra: "CommonsClause"},
		{file: "mit-no-sell.txt", want: []found{{"MIT", true}}},
		// issue 12 #1: Creative Commons' trademark notice, in either wording, is part of
		// the official text, not an added term
		{file: "cc-by-4.0.txt", want: []found{{"CC-BY-4.0", false}}, minCoverage: 80},
		{file: "cc-by-sa-4.0.txt", want: []found{{"CC-BY-SA-4.0", false}}, minCoverage: 80},
		{file: "cc-by-4.0-notice-2016.txt", want: []found{{"CC-BY-4.0", false}}, minCoverage: 80},
		{file: "cc-by-sa-4.0-notice-2016.txt", want: []found{{"CC-BY-SA-4.0", false}}, minCoverage: 80},
		// issue 12 #2: the legal code as published (title, "not a law firm" preamble,
		// trademark notice): "NonCommercial" in its own title is not an added term
		{file: "cc-by-nc-sa-4.0-legalcode.txt", want: []found{{"CC-BY-NC-SA-4.0", false}}, minCoverage: 80},
		// issue 12 #7: a public-domain dedication by name and canonical URL
		{file: "cc0-1.0-us-federal.md", want: []found{{"CC0-1.0", false}}},
		// not a licence
		{file: "mit-rewritten.txt", closest: "MIT", extra: "-"},
		{file: "garbage.txt"},
		{file: "copyright-only.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			text := read(t, tt.file)
			got := Identify(text)
			var gotFound []found
			for _, m := range got.Licenses {
				gotFound = append(gotFound, found{m.ID, m.Modified})
				if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
					t.Errorf("%s: offsets [%d:%d] outside the text (%d bytes)", m.ID, m.Start, m.End, len(text))
				}
				if m.Line < 1 || m.Line > bytes.Count(text, []byte{'\n'})+1 {
					t.Errorf("%s: line %d outside the text", m.ID, m.Line)
				}
				if m.Modified == (m.Note == "") {
					t.Errorf("%s: Modified=%v but Note=%q", m.ID, m.Modified, m.Note)
				}
			}
			if diff := cmp.Diff(tt.want, gotFound); diff != "" {
				t.Errorf("licences (-want +got):\n%s", diff)
			}
			if got.Coverage < tt.minCoverage {
				t.Errorf("coverage = %.1f%%, want ≥ %.0f%%", got.Coverage, tt.minCoverage)
			}
			if got.Closest != tt.closest {
				t.Errorf("closest = %q (%.1f%%), want %q", got.Closest, got.ClosestPercent, tt.closest)
			}
			var extra string
			if len(got.Extra) > 0 {
				extra = got.Extra[0].Like
				if extra == "" {
					extra = "-"
				}
			}
			if tt.extraLine != 0 && (len(got.Extra) == 0 || got.Extra[0].Line != tt.extraLine) {
				t.Errorf("extra terms %+v, want them at line %d", got.Extra, tt.extraLine)
			}
			if extra != tt.extra {
				t.Errorf("extra terms = %q, want %q (%+v)", extra, tt.extra, got.Extra)
			}
		})
	}
}

const rustReadme = `Licensed under either of

 * Apache License, Version 2.0, ([LICENSE-APACHE](LICENSE-APACHE) or http://www.apache.org/licenses/LICENSE-2.0)
 * MIT license ([LICENSE-MIT](LICENSE-MIT) or http://opensource.org/licenses/MIT)

at your option.

### Contribution

Unless you explicitly state otherwise, any contribution intentionally submitted
for inclusion in the work by you, as defined in the Apache-2.0 license, shall be
dual licensed as above, without any additional terms or conditions.
`

func TestIdentifyReferences(t *testing.T) {
	gpl := string(read(t, "gpl-3.0.txt"))
	notice := "This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.\n\nThis program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License for more details.\n\nYou should have received a copy of the GNU General Public License along with this program.  If not, see <https://www.gnu.org/licenses/>.\n"
	tests := []struct {
		text      string
		want      []string
		reference bool
	}{
		{"This project is licensed under the MIT License - see the LICENSE file for details.", []string{"MIT"}, true},
		{"Released under the [Apache-2.0](LICENSE) licence.", []string{"Apache-2.0"}, true},
		{"// SPDX-License-Identifier: Apache-2.0 OR MIT\n", []string{"Apache-2.0", "MIT"}, true},
		{"<!-- SPDX-License-Identifier: GPL-2.0-or-later -->\n", []string{"GPL-2.0-or-later"}, true},
		{"Licensed under the Apache License, Version 2.0.", []string{"Apache-2.0"}, true},
		{"licensed under the same terms as Perl itself", nil, false},
		{"## License\n\n[MIT](LICENSE) © Jane Doe\n", []string{"MIT"}, true},
		{"MIT © [Jane Doe](https://example.org)\n", []string{"MIT"}, true},
		{"[Apache-2.0 License](./LICENSE.txt)\n", []string{"Apache-2.0"}, true},
		{"GPL-3.0-or-later\n", []string{"GPL-3.0-or-later"}, true},
		{"Ruby\nPython\ncurl\n", nil, false},
		{"[![License](https://img.shields.io/badge/license-BSD-blue.svg)](https://opensource.org/licenses/BSD-3-Clause)", []string{"BSD-3-Clause"}, true},
		{"See https://spdx.org/licenses/MPL-2.0.html and https://choosealicense.com/licenses/mit/", []string{"MPL-2.0", "MIT"}, true},
		{"https://opensource.org/licenses/NotALicence", nil, false},
		{"This project is licensed under the MIT License. Commercial use is not permitted without written permission.", []string{"MIT"}, true},
		{rustReadme, []string{"Apache-2.0", "MIT"}, true},
		{"distributed under the BSD licence", nil, false}, // which BSD?
		{"SPDX-License-Identifier: not an (expression", nil, false},
		// issue 12 #7: canonical URLs of the licence stewards, and Creative Commons names
		{"waived through the [CC0 1.0 Universal public domain dedication](https://creativecommons.org/publicdomain/zero/1.0/).", []string{"CC0-1.0"}, true},
		{"Dedicated to the public domain: <http://creativecommons.org/publicdomain/zero/1.0/legalcode>", []string{"CC0-1.0"}, true},
		{"Documentation: https://creativecommons.org/licenses/by-nc-sa/4.0/deed.en", []string{"CC-BY-NC-SA-4.0"}, true},
		{"This work is licensed under a Creative Commons Attribution-ShareAlike 4.0 International License.", []string{"CC-BY-SA-4.0"}, true},
		{"See https://www.gnu.org/licenses/gpl-3.0.html", []string{"GPL-3.0"}, true},
		{"See https://www.gnu.org/licenses/old-licenses/lgpl-2.1.en.html", []string{"LGPL-2.1"}, true},
		{"See https://www.apache.org/licenses/LICENSE-2.0.txt", []string{"Apache-2.0"}, true},
		{"See https://www.mozilla.org/en-US/MPL/2.0/", []string{"MPL-2.0"}, true},
		{"See https://mozilla.org/MPL/2.0/.", []string{"MPL-2.0"}, true},
		{"See https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12", []string{"EUPL-1.2"}, true},
		{"See https://eupl.eu/1.2/en/", []string{"EUPL-1.2"}, true},
		{"See https://creativecommons.org/licenses/by/9.9/", nil, false}, // no such licence
		{"See https://www.gnu.org/licenses/", nil, false},
		// a licence file's licences are the texts it holds; other names are mentions
		{string(read(t, "bsd-3-clause.txt")) + "\n\nThird-party notices\n\nThis software bundles left-pad, licensed under the WTFPL.\n", []string{"BSD-3-Clause"}, false},
		// the notice says "or later", the bare text does not: one licence, the notice's id
		{"Copyright 2024 Jane Doe\n\n" + notice + "\n" + gpl, []string{"GPL-3.0-or-later"}, false},
	}
	for _, tt := range tests {
		id := Identify([]byte(tt.text))
		if diff := cmp.Diff(tt.want, id.IDs()); diff != "" {
			t.Errorf("Identify(%.40q) ids (-want +got):\n%s", tt.text, diff)
			continue
		}
		wantModified := strings.Contains(tt.text, "not permitted")
		for _, m := range id.Licenses {
			if m.Reference != tt.reference || m.Modified != wantModified {
				t.Errorf("Identify(%.40q): %s Reference=%v Modified=%v, want Reference=%v Modified=%v", tt.text, m.ID, m.Reference, m.Modified, tt.reference, wantModified)
			}
		}
	}
}

func TestIdentifyException(t *testing.T) {
	exc := "\n\n--- LLVM Exceptions to the Apache 2.0 License ----\n\nAs an exception, if, as a result of your compiling your source code, portions\nof this Software are embedded into an Object form of such source code, you\nmay redistribute such embedded portions in such Object form without complying\nwith the conditions of Sections 4(a), 4(b) and 4(d) of the License.\n"
	id := Identify(append(read(t, "apache-2.0.txt"), exc...))
	if diff := cmp.Diff([]found{{"Apache-2.0", false}}, []found{{id.Licenses[0].ID, id.Licenses[0].Modified}}); diff != "" || len(id.Licenses) != 1 {
		t.Errorf("licences (-want +got):\n%s", diff)
	}
	if len(id.Exceptions) != 1 || len(id.Extra) != 0 {
		t.Errorf("exceptions %+v, extra %+v; want one exception and no extra terms", id.Exceptions, id.Extra)
	}
}

// Every canonical text in every formatting variant: the identification must not move.
func TestIdentifyVariants(t *testing.T) {
	canonical := map[string]string{
		"mit.txt": "MIT", "apache-2.0.txt": "Apache-2.0", "bsd-2-clause.txt": "BSD-2-Clause",
		"bsd-3-clause.txt": "BSD-3-Clause", "gpl-3.0.txt": "GPL-3.0", "mpl-2.0.txt": "MPL-2.0", "isc.txt": "ISC",
		"unlicense.txt": "Unlicense", "cc-by-nc-sa-4.0.txt": "CC-BY-NC-SA-4.0", "eupl-1.2.txt": "EUPL-1.2",
	}
	copyrightLine := regexp.MustCompile(`(?m)^Copyright \(c\) 2024,? Example Project Authors$`)
	variants := map[string]func(string) string{
		"crlf":     func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") },
		"bom":      func(s string) string { return "\ufeff" + s },
		"bom+crlf": func(s string) string { return "\ufeff" + strings.ReplaceAll(s, "\n", "\r\n") },
		"markdown": func(s string) string {
			// a heading, and the first line of every paragraph in bold
			paras := strings.Split(s, "\n\n")
			for i, p := range paras {
				if first, rest, ok := strings.Cut(strings.TrimLeft(p, " "), "\n"); ok && strings.TrimSpace(first) != "" {
					paras[i] = "**" + strings.TrimSpace(first) + "**\n" + rest
				}
			}
			return "# License\n\n" + strings.Join(paras, "\n\n")
		},
		"altered copyright": func(s string) string {
			const c = "Copyright © 1999–2024 Jane Q. Public, ACME GmbH & contributors <legal@acme.example>"
			if copyrightLine.MatchString(s) {
				return copyrightLine.ReplaceAllLiteralString(s, c)
			}
			return c + "\n\n" + s
		},
		"preamble": func(s string) string {
			return "Example Widget Toolkit\n======================\n\nThe Example Widget Toolkit is developed by the Example Foundation. Unless a file says otherwise,\nit is distributed under the license reproduced below.\n\n---\n\n" + s
		},
	}
	for file, want := range canonical {
		text := string(read(t, file))
		for name, variant := range variants {
			t.Run(file+"/"+name, func(t *testing.T) {
				got := Identify([]byte(variant(text)))
				var gotFound []found
				for _, m := range got.Licenses {
					gotFound = append(gotFound, found{m.ID, m.Modified})
				}
				if diff := cmp.Diff([]found{{want, false}}, gotFound); diff != "" {
					t.Errorf("licences (-want +got):\n%s\nextra: %+v", diff, got.Extra)
				}
			})
		}
	}
}

// The match positions point into the caller's bytes, whatever normalisation did.
func TestIdentifyOffsets(t *testing.T) {
	for _, f := range []string{"mit.txt", "mit-bom.txt", "mit-bom-crlf.txt", "mit-preamble.txt"} {
		text := read(t, f)
		id := Identify(text)
		if len(id.Licenses) != 1 {
			t.Fatalf("%s: %d licences", f, len(id.Licenses))
		}
		m := id.Licenses[0]
		body := string(text[m.Start:m.End])
		if !strings.Contains(body, "Permission is hereby granted") || !strings.Contains(body, "DEALINGS IN THE") {
			t.Errorf("%s: text[%d:%d] is not the MIT body: %.60q…", f, m.Start, m.End, body)
		}
		wantLine := 3 // "Copyright (c) …" after the title and a blank line
		if f == "mit-preamble.txt" {
			wantLine = 13 // ten lines of preamble, the title, a blank line; licensecheck starts matches at "Copyright"
		}
		if m.Line != wantLine {
			t.Errorf("%s: line %d, want %d", f, m.Line, wantLine)
		}
	}
}

func TestIdentifyHTML(t *testing.T) {
	text := "<html><body><h1>MIT License</h1>\n<p>" + strings.ReplaceAll(string(read(t, "mit.txt")), "\n\n", "</p>\n<p>") + "</p></body></html>\n"
	id := Identify([]byte(text))
	if diff := cmp.Diff([]string{"MIT"}, id.IDs()); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	if id.Modified() {
		t.Errorf("HTML markup taken for added terms: %+v", id.Extra)
	}
}

func TestIdentifyEmpty(t *testing.T) {
	for _, in := range []string{"", "   \n\n", "\xef\xbb\xbf"} {
		if got := Identify([]byte(in)); got.Identified() || got.Closest != "" {
			t.Errorf("Identify(%q) = %+v, want nothing", in, got)
		}
	}
}

func TestIsTerms(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"MIT License\n\nCopyright (c) 2024 Jane Doe\nAll rights reserved.\n", false},
		{"This project is dual-licensed under the Apache License, Version 2.0 or the MIT license, at your option. Both texts follow.", false},
		{"Unless otherwise noted in the file header, every file in this repository is distributed under the license reproduced below. Third-party code keeps its own license, see THIRD_PARTY.md.", false},
		{"SPDX-License-Identifier: MIT\nhttps://opensource.org/licenses/MIT\n", false},
		{"You may not use this software for military purposes.", true},
		// the Rust README convention restates the licences and the contribution rule
		{"or the MIT license <LICENSE-MIT or http://opensource.org/licenses/MIT>, at your option. This file may not be copied, modified, or distributed except according to those terms.", false},
		{"Unless you explicitly state otherwise, any contribution intentionally submitted for inclusion in the work by you, as defined in the Apache-2.0 license, shall be dual licensed as above, without any additional terms or conditions.", false},
		{"You may not use this file except in compliance with the License. Use in nuclear facilities is prohibited.", true},
		{"Each contributor hereby grants to you a perpetual, worldwide, royalty-free patent license to make and use the software.", true},
		{"The software may be used for non-commercial purposes only.", true},
		{"Any use in production requires the written permission of the authors, and you must pay the yearly fee.", true},
	}
	for _, tt := range tests {
		if got := isTerms([]byte(tt.text), nil); got != tt.want {
			t.Errorf("isTerms(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestReadmeSection(t *testing.T) {
	tests := []struct {
		name, doc string
		want      string // substring the section must hold; "" = no section
		notWant   string // substring it must not hold
	}{
		{"atx", "# X\n\nintro\n\n## License\n\nMIT, see below.\n\n## Contributing\n\nPRs welcome.\n", "MIT, see below.", "PRs welcome"},
		{"atx nested", "# X\n## Licence\ntext\n### Third-party\nmore\n## Next\nother\n", "more", "other"},
		{"atx closing hashes", "## License ##\nbody\n", "body", ""},
		{"emoji and bold", "## 📝 **License**\nbody\n# Other\nx\n", "body", "x"},
		{"setext", "Title\n=====\n\nLicensing\n---------\n\nApache-2.0 text\n\nAuthors\n-------\nJane\n", "Apache-2.0 text", "Jane"},
		{"rst overline", "=====\nTitle\n=====\n\nLicense\n~~~~~~~\nbody\n\nOther\n~~~~~\nnope\n", "body", "nope"},
		{"code fence", "# X\n```\n# License\nnot a heading\n```\n## Usage\n", "", ""},
		{"licensed word in heading text", "## Licensed works\nx\n", "", ""},
		{"none", "# X\nno licence here\n", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(ReadmeSection([]byte(tt.doc)))
			if tt.want == "" {
				if got != "" {
					t.Errorf("section = %q, want none", got)
				}
				return
			}
			if !strings.Contains(got, tt.want) || (tt.notWant != "" && strings.Contains(got, tt.notWant)) {
				t.Errorf("section = %q, want it to hold %q and not %q", got, tt.want, tt.notWant)
			}
		})
	}
}

func TestReadmeSectionIdentify(t *testing.T) {
	for file, want := range map[string]string{"readme-license-section.md": "MIT", "readme-license-setext.rst": "Apache-2.0"} {
		sec := ReadmeSection(read(t, file))
		if sec == nil {
			t.Fatalf("%s: no licence section", file)
		}
		id := Identify(sec)
		if diff := cmp.Diff([]string{want}, id.IDs()); diff != "" || id.Modified() {
			t.Errorf("%s: ids (-want +got):\n%s modified=%v", file, diff, id.Modified())
		}
	}
}

func TestSPDXID(t *testing.T) {
	for id, want := range map[string]string{
		"mit": "MIT", "GPL-3.0": "GPL-3.0-only", "GPL-2.0+": "GPL-2.0-or-later", "AGPL-3.0": "AGPL-3.0-only",
		"Net-SNMP": "LicenseRef-Net-SNMP", "CommonsClause": "LicenseRef-CommonsClause",
		"MIT-NoAd": "LicenseRef-MIT-NoAd", "LicenseRef-Foo": "LicenseRef-Foo",
	} {
		if got := SPDXID(id); got != want {
			t.Errorf("SPDXID(%q) = %q, want %q", id, got, want)
		}
	}
}

// issue 12 #6: no id licensecheck reports becomes a deprecated SPDX id.
func TestSPDXIDNeverDeprecated(t *testing.T) {
	for _, l := range licensecheck.BuiltinLicenses() {
		if id := SPDXID(l.ID); spdx.IsDeprecated(id) {
			t.Errorf("SPDXID(%q) = %q, a deprecated id", l.ID, id)
		}
	}
}

// issue 12 #6: "or later" is the licensor's statement, not the text's.
func TestVersionStatement(t *testing.T) {
	notice := "you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version."
	tests := []struct {
		text, id, want string
	}{
		{"SPDX-License-Identifier: GPL-3.0-or-later", "GPL-3.0", "-or-later"},
		{"Licensed under the GPLv3+.", "GPL-3.0", "-or-later"},
		{"Licence: GPL v3 or later", "GPL-3.0", "-or-later"},
		{"## License\n\nThis program is free software: " + notice, "GPL-3.0", "-or-later"},
		{"SPDX-License-Identifier: GPL-3.0-only", "GPL-3.0", "-only"},
		{"Distributed under the GNU General Public License, version 2 only.", "GPL-2.0", "-only"},
		{"Licensed under the GPL-3.0.", "GPL-3.0", ""},
		{"SPDX-License-Identifier: LGPL-3.0-or-later", "GPL-3.0", ""}, // another licence
		{"SPDX-License-Identifier: LGPL-3.0-or-later", "LGPL-3.0", "-or-later"},
		{"GPL-2.0-or-later", "GPL-3.0", ""}, // another version
		{"AGPL-3.0-or-later", "AGPL-3.0", "-or-later"},
		{"MIT", "MIT", ""},
	}
	for _, tt := range tests {
		if got := VersionStatement([]byte(tt.text), tt.id); got != tt.want {
			t.Errorf("VersionStatement(%.50q, %s) = %q, want %q", tt.text, tt.id, got, tt.want)
		}
	}
}

// issue 12 #5: a PATENTS file that grants (and can take back) patent rights adds terms.
func TestPatentGrant(t *testing.T) {
	tests := []struct {
		text              string
		grant, terminates bool
	}{
		{string(read(t, "patents-grant.txt")), true, true},
		{"Example Corp. hereby grants you a royalty-free patent license to make, use and sell the Software.", true, false},
		{"This project has no patents.", false, false},
		{"PATENTS\n\nSee the list of patents we hold at https://example.org/patents.\n", false, false},
	}
	for _, tt := range tests {
		g, term := PatentGrant([]byte(tt.text))
		if g != tt.grant || term != tt.terminates {
			t.Errorf("PatentGrant(%.50q) = %v, %v; want %v, %v", tt.text, g, term, tt.grant, tt.terminates)
		}
	}
}

// issue 12 #2: a licence's own title is not an added term; added terms next to it still are.
func TestOwnTitle(t *testing.T) {
	own := nameWords([]string{"CC-BY-NC-SA-4.0"})
	tests := []struct {
		text string
		want bool
	}{
		{"Attribution-NonCommercial-ShareAlike 4.0 International\n\nUsing Creative Commons Public Licenses: a standard set of terms and conditions that creators may use to share original works.", false},
		{"Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International Public License", false},
		{"Attribution-NonCommercial-ShareAlike 4.0 International\n\nCommercial use is not permitted without the written consent of the authors.", true},
	}
	for _, tt := range tests {
		if got := isTerms([]byte(tt.text), own); got != tt.want {
			t.Errorf("isTerms(%.50q) = %v, want %v", tt.text, got, tt.want)
		}
	}
	// the title of another licence is not this licence's title
	if isTitleOf("Attribution-NonCommercial-ShareAlike 4.0 International", nameWords([]string{"MIT"})) {
		t.Error("a CC title taken for MIT's")
	}
}

// issue 12 #3: a file with a copyright notice and nothing else grants nothing.
func TestOnlyCopyright(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{string(read(t, "copyright-only.txt")), true},
		{"Copyright (c) 2024 Example Corp.\nAll rights reserved.\n", true},
		{"LICENSE\n=======\n\n© 2024 Example Corp. All rights reserved.\n", true},
		{"All Rights Reserved\n", true},
		{"SPDX-FileCopyrightText: 2024 Jane Doe\n", true},
		{"Copyright 2024 Jane Doe\nSPDX-License-Identifier: MIT\n", false},
		{"Copyright 2024 Jane Doe\n\nYou may use this software for any purpose.\n", false},
		{string(read(t, "mit.txt")), false},
		{"", false},
		{"LICENSE\n", false},
	}
	for _, tt := range tests {
		if got := OnlyCopyright([]byte(tt.text)); got != tt.want {
			t.Errorf("OnlyCopyright(%.50q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// Identify and ReadmeSection read untrusted text: they must not panic, and what they
// return must point into the input.
func FuzzIdentify(f *testing.F) {
	for _, n := range []string{"mit.txt", "bsd-3-clause-patent-grant.txt", "readme-license-section.md", "mit-bom-crlf.txt"} {
		f.Add(read(f, n))
	}
	f.Add([]byte("<p>SPDX-License-Identifier: MIT</p>\n## License\n---\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		id := Identify(text)
		for _, m := range id.Licenses {
			if m.Start < 0 || m.End > len(text) || m.Start > m.End || m.Line < 1 {
				t.Fatalf("match %+v outside %d bytes", m, len(text))
			}
		}
		for _, e := range id.Extra {
			if e.Start < 0 || e.End > len(text) || e.Start > e.End {
				t.Fatalf("passage %+v outside %d bytes", e, len(text))
			}
		}
		if s, e, ok := ReadmeSectionAt(text); ok && (s < 0 || e > len(text) || s > e) {
			t.Fatalf("section [%d:%d] outside %d bytes", s, e, len(text))
		}
	})
}

func BenchmarkIdentify(b *testing.B) {
	for _, f := range []string{"mit.txt", "apache-2.0.txt", "mit-preamble.txt", "apache-2.0-modified.txt"} {
		text := read(b, f)
		Identify(text) // build licensecheck's and our indexes outside the timing
		b.Run(f, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				Identify(text)
			}
		})
	}
}
