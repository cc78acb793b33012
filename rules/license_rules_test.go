package rules

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/repogov/repogov/repo"
)

// licenseText returns a licence text from rules/license/testdata.
func licenseText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("license", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// outcome is the part of a Result the tables assert.
type outcome struct {
	Status   Status
	Findings []string // "path:line"
}

func outcomeOf(r Result) outcome {
	o := outcome{Status: r.Status}
	for _, f := range r.Findings {
		o.Findings = append(o.Findings, f.Path+":"+itoa(f.Line))
	}
	return o
}

func itoa(n int) string {
	s := ""
	if n == 0 {
		return "0"
	}
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

type licenseCase struct {
	name    string
	files   map[string]string
	meta    repo.Meta
	maxRead int64
	params  map[string]any
	want    outcome
	msg     string         // substring of Result.Message
	facts   map[string]any // facts that must be present with these values
}

func runLicenseCases(t *testing.T, rule Rule, tests []licenseCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := repo.FromMap(tt.meta, tt.files)
			s.MaxRead = tt.maxRead
			r := rule.Check(context.Background(), s, Options{Params: tt.params})
			if diff := cmp.Diff(tt.want, outcomeOf(r)); diff != "" {
				t.Errorf("outcome (-want +got):\n%s\nmessage: %s", diff, r.Message)
			}
			if !strings.Contains(r.Message, tt.msg) {
				t.Errorf("message %q does not contain %q", r.Message, tt.msg)
			}
			for k, v := range tt.facts {
				if diff := cmp.Diff(v, r.Facts[k]); diff != "" {
					t.Errorf("fact %s (-want +got):\n%s", k, diff)
				}
			}
			if r.Status == Fail && r.Remediation == "" {
				t.Error("a failure without remediation")
			}
		})
	}
}

func TestLicenseFile(t *testing.T) {
	mit := licenseText(t, "mit.txt")
	pass := func(p string) licenseCase {
		return licenseCase{name: p, files: map[string]string{p: mit, "README.md": "# x"}, want: outcome{Status: Pass},
			facts: map[string]any{"paths": []string{p}}}
	}
	tests := []licenseCase{
		pass("LICENSE"), pass("LICENSE.md"), pass("LICENSE.txt"), pass("LICENSE.rst"), pass("license"),
		pass("License.md"), pass("LICENCE"), pass("licence.markdown"), pass("COPYING"), pass("COPYING.LESSER"),
		pass("copying.txt"), pass("UNLICENSE"), pass("LICENSE-MIT"), pass("LICENSE_APACHE"), pass("MIT-LICENSE"),
		pass("mit-license.txt"), pass("LICENSE.html"),
		// issue 12 #3: a copyright notice is not a licence
		{name: "copyright only", files: map[string]string{"LICENSE": licenseText(t, "copyright-only.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:1"}}, msg: "only a copyright notice, no licence terms"},
		{name: "all rights reserved", files: map[string]string{"COPYING.md": "# License\n\nCopyright (c) 2024 Example Corp.\nAll rights reserved.\n"},
			want: outcome{Status: Fail, Findings: []string{"COPYING.md:1"}}, msg: "no licence terms"},
		{name: "copyright only beside a licence", files: map[string]string{"LICENSE": "Copyright 2024 Example Corp.\n", "LICENSE-MIT": mit},
			want: outcome{Status: Pass}, facts: map[string]any{"paths": []string{"LICENSE-MIT"}}},
		{name: "SPDX tag is a licence reference", files: map[string]string{"LICENSE": "Copyright 2024 Example Corp.\nSPDX-License-Identifier: MIT\n"},
			want: outcome{Status: Pass}},
		{name: "REUSE LICENSES dir", files: map[string]string{"LICENSES/MIT.txt": mit, "LICENSES/Apache-2.0.txt": licenseText(t, "apache-2.0.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"paths": []string{"LICENSES/Apache-2.0.txt", "LICENSES/MIT.txt"}}},
		{name: "absent", files: map[string]string{"README.md": "# x"},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:0"}}, msg: "no licence file"},
		{name: "source and config files are not licences", files: map[string]string{"license.go": "package x", "license-checker.json": "{}", "LICENSES.go": "package x", "src/LICENSE": mit},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:0"}}},
		{name: "COPYRIGHT, PATENTS, NOTICE are not licences", files: map[string]string{"COPYRIGHT": "Copyright 2024 X", "PATENTS": "grant", "NOTICE": "x"},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:0"}}, msg: "is not a licence"},
		{name: "only in docs", files: map[string]string{"docs/LICENSE.md": mit},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:0", "docs/LICENSE.md:1"}}, msg: "GitHub does not look at"},
		{name: "only in .github", files: map[string]string{".github/LICENSE": mit},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:0", ".github/LICENSE:1"}}},
		{name: "empty", files: map[string]string{"LICENSE": ""},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:1"}}, msg: "exists but is empty"},
		{name: "whitespace only", files: map[string]string{"LICENSE.md": " \n\t\n"},
			want: outcome{Status: Fail, Findings: []string{"LICENSE.md:1"}}, msg: "exists but is empty"},
		{name: "one empty, one good", files: map[string]string{"LICENSE": "", "LICENSE-MIT": mit},
			want: outcome{Status: Pass}, facts: map[string]any{"paths": []string{"LICENSE-MIT"}}},
		{name: "binary", files: map[string]string{"LICENSE": "PK\x03\x04\x00\x00binary"},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:1"}}, msg: "not a text file"},
		{name: "directory with the file's name", files: map[string]string{"LICENSE/MIT.txt": mit},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:0", "LICENSE:0"}}},
		{name: "empty LICENSES dir", files: map[string]string{"LICENSES/": ""},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:0"}}},
		{name: "over the read cap still present", files: map[string]string{"LICENSE": mit}, maxRead: 100,
			want: outcome{Status: Pass}},
		{name: "symlink inside the repository", files: map[string]string{"LICENSE": "symlink:docs/LICENSE.txt", "docs/LICENSE.txt": mit},
			want: outcome{Status: Pass}, facts: map[string]any{"paths": []string{"LICENSE"}}},
		{name: "symlink leaving the repository", files: map[string]string{"LICENSE": "symlink:../../etc/licence"},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:0", "LICENSE:0"}}},
		{name: "symlink to a directory", files: map[string]string{"LICENSE": "symlink:legal", "legal/MIT.txt": mit},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:0", "LICENSE:0"}}},
	}
	runLicenseCases(t, LicenseFile, tests)
}

func TestLicenseIdentified(t *testing.T) {
	tx := func(name string) string { return licenseText(t, name) }
	tests := []licenseCase{
		{name: "MIT", files: map[string]string{"LICENSE": tx("mit.txt")},
			want: outcome{Status: Pass}, msg: "identified MIT", facts: map[string]any{"spdx": []string{"MIT"}, "coverage": map[string]float64{"LICENSE": 98.8}}},
		{name: "markdown, BOM and CRLF", files: map[string]string{"LICENSE.md": tx("mit-markdown.md"), "LICENSE-BSD": tx("bsd-3-clause-crlf.txt"), "COPYING": tx("mit-bom-crlf.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"MIT", "BSD-3-Clause"}}},
		{name: "two files", files: map[string]string{"LICENSE-APACHE": tx("apache-2.0.txt"), "LICENSE-MIT": tx("mit.txt")},
			want: outcome{Status: Pass}, msg: "in 2 files", facts: map[string]any{"spdx": []string{"Apache-2.0", "MIT"}}},
		{name: "one file with two", files: map[string]string{"LICENSE": tx("dual-apache-mit.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"Apache-2.0", "MIT"}}},
		{name: "REUSE", files: map[string]string{
			"LICENSES/MIT.txt": tx("reuse/LICENSES/MIT.txt"), "LICENSES/Apache-2.0.txt": tx("reuse/LICENSES/Apache-2.0.txt"), "LICENSES/CC0-1.0.txt": tx("reuse/LICENSES/CC0-1.0.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"Apache-2.0", "CC0-1.0", "MIT"}}},
		{name: "REUSE custom licence", files: map[string]string{"LICENSES/MIT.txt": tx("mit.txt"), "LICENSES/LicenseRef-Acme-EULA.txt": tx("garbage.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"LicenseRef-Acme-EULA", "MIT"}}},
		{name: "REUSE file named for another licence", files: map[string]string{"LICENSES/Apache-2.0.txt": tx("mit.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSES/Apache-2.0.txt:1"}}, msg: "named Apache-2.0 but holds MIT"},
		{name: "third-party notices are facts, not the licence", files: map[string]string{"LICENSE": tx("mit.txt"), "THIRD-PARTY-LICENSES.md": "# Bundled\n\nleft-pad: WTFPL\n", "LICENSE-dependencies.txt": tx("apache-2.0.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"MIT"}, "third-party": map[string][]string{"LICENSE-dependencies.txt": {"Apache-2.0"}}}},
		{name: "only a third-party file", files: map[string]string{"THIRD_PARTY_LICENSE": tx("apache-2.0.txt")},
			want: outcome{Status: NotApplicable}},
		{name: "GPL with a linking exception", files: map[string]string{"COPYING": tx("gpl-3.0.txt") + "\n\nLinking exception\n\nAs a special exception, the copyright holders give you permission to link this library with independent modules to produce an executable, regardless of the license terms of these independent modules.\n"},
			want: outcome{Status: Pass}, msg: "with an exception", facts: map[string]any{"spdx": []string{"GPL-3.0-only"}, "exceptions": []string{"COPYING:677"}}},
		{name: "preamble", files: map[string]string{"LICENSE": tx("mit-preamble.txt")},
			want: outcome{Status: Pass}},
		{name: "BSD plus patent grant", files: map[string]string{"LICENSE": tx("bsd-3-clause-patent-grant.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:31"}}, msg: "modified", facts: map[string]any{"spdx": []string{}, "modified": []string{"BSD-3-Clause"}}},
		{name: "Apache with modifications", files: map[string]string{"LICENSE": tx("apache-2.0-modified.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:2"}}, msg: "modified Apache-2.0: the text differs from the standard wording"},
		{name: "Apache with Commons Clause", files: map[string]string{"LICENSE": tx("apache-2.0-commons-clause.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:1"}}, msg: "CommonsClause"},
		{name: "closest match", files: map[string]string{"LICENSE": tx("mit-rewritten.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:1"}}, msg: "closest: MIT"},
		{name: "garbage", files: map[string]string{"LICENSE": tx("garbage.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:1"}}, msg: "resembles no known licence"},
		{name: "README section only", files: map[string]string{"README.md": tx("readme-license-section.md")},
			want: outcome{Status: Pass}, msg: "from the licence section of README.md", facts: map[string]any{"spdx": []string{"MIT"}, "source": "README.md"}},
		{name: "README section naming the licence", files: map[string]string{"README.md": "# x\n\n## License\n\nThis project is licensed under the Apache-2.0 licence.\n"},
			want: outcome{Status: Pass}, msg: "by reference only", facts: map[string]any{"spdx": []string{"Apache-2.0"}}},
		{name: "SPDX tag in a licence file", files: map[string]string{"LICENSE": "SPDX-License-Identifier: MPL-2.0\n"},
			want: outcome{Status: Pass}, msg: "by reference only", facts: map[string]any{"spdx": []string{"MPL-2.0"}}},
		{name: "README without a licence section", files: map[string]string{"README.md": "# x\n\nhello\n"},
			want: outcome{Status: NotApplicable}},
		{name: "absent", files: map[string]string{"main.go": "package main"},
			want: outcome{Status: NotApplicable}},
		{name: "wrong case", files: map[string]string{"license.TXT": tx("isc.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"ISC"}}},
		{name: "empty", files: map[string]string{"LICENSE": "\n"},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:1"}}, msg: "exists but is empty"},
		{name: "binary", files: map[string]string{"LICENSE": "\x00\x01\x02"},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:1"}}, msg: "not a text file"},
		{name: "directory with the file's name", files: map[string]string{"LICENSE/MIT.txt": tx("mit.txt")},
			want: outcome{Status: NotApplicable}},
		{name: "over the read cap", files: map[string]string{"LICENSE": tx("apache-2.0.txt")}, maxRead: 4096,
			want: outcome{Status: StatusError, Findings: []string{"LICENSE:0"}}, msg: "too large to read (11358 bytes, limit 4096)"},
		{name: "GitHub says NOASSERTION, we know better", meta: repo.Meta{HostLicense: "NOASSERTION"}, files: map[string]string{"LICENSE": tx("cc-by-nc-sa-4.0.txt")},
			want: outcome{Status: Pass}, msg: "GitHub reports NOASSERTION", facts: map[string]any{"spdx": []string{"CC-BY-NC-SA-4.0"}, "host": "NOASSERTION"}},
		{name: "an edited text GitHub accepts", meta: repo.Meta{HostLicense: "MIT"}, files: map[string]string{"LICENSE": tx("mit-no-sell.txt")},
			want: outcome{Status: Pass}, msg: "GitHub identifies it as MIT", facts: map[string]any{"spdx": []string{"MIT"}}},
		{name: "added terms stay a modification whatever GitHub says", meta: repo.Meta{HostLicense: "BSD-3-Clause"}, files: map[string]string{"LICENSE": tx("bsd-3-clause-patent-grant.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:31"}}, msg: "modified BSD-3-Clause"},
		{name: "GitHub agrees nothing is identified", meta: repo.Meta{HostLicense: "NONE"}, files: map[string]string{"LICENSE": tx("copyright-only.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:1"}}, msg: "(GitHub reports NONE)"},
		// issue 12 #1, #2: Creative Commons texts as published
		{name: "CC-BY-4.0 with the 2016 trademark notice", files: map[string]string{"LICENSE": tx("cc-by-4.0-notice-2016.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"CC-BY-4.0"}}},
		{name: "CC-BY-SA-4.0 with the 2016 trademark notice", files: map[string]string{"LICENSE.md": tx("cc-by-sa-4.0-notice-2016.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"CC-BY-SA-4.0"}}},
		{name: "CC-BY-4.0 with the current trademark notice", files: map[string]string{"LICENSE": tx("cc-by-4.0.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"CC-BY-4.0"}}},
		{name: "CC-BY-NC-SA-4.0 legal code with its title", files: map[string]string{"LICENSE": tx("cc-by-nc-sa-4.0-legalcode.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"CC-BY-NC-SA-4.0"}}},
		// issue 12 #3
		{name: "copyright only", files: map[string]string{"LICENSE": tx("copyright-only.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:1"}}, msg: "only a copyright notice, no licence terms"},
		// issue 12 #4: the GPL-3.0 text beside the LGPL-3.0 is part of it
		{name: "LGPL-3.0 with its GPL-3.0 companion", files: map[string]string{"COPYING.LESSER": tx("lgpl-3.0.txt"), "COPYING": tx("gpl-3.0.txt")},
			want: outcome{Status: Pass}, msg: "COPYING holds the GPL-3.0-only, whose text LGPL-3.0-only incorporates",
			facts: map[string]any{"spdx": []string{"LGPL-3.0-only"}, "companions": map[string]string{"COPYING": "GPL-3.0-only, whose text LGPL-3.0-only incorporates"}}},
		{name: "LGPL-3.0 or later, by the README", files: map[string]string{"COPYING.LESSER": tx("lgpl-3.0.txt"), "COPYING": tx("gpl-3.0.txt"),
			"README.md": "# x\n\n## License\n\nSPDX-License-Identifier: LGPL-3.0-or-later\n"},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"LGPL-3.0-or-later"}}},
		{name: "LGPL-3.0 without the GPL-3.0 text", files: map[string]string{"COPYING.LESSER": tx("lgpl-3.0.txt")},
			want: outcome{Status: Pass}, msg: "LGPL-3.0-only incorporates the GPL-3.0, whose text should be in the repository too",
			facts: map[string]any{"spdx": []string{"LGPL-3.0-only"}, "missing-companion": "GPL-3.0"}},
		{name: "GPL-3.0 and MIT are two licences", files: map[string]string{"LICENSE-MIT": tx("mit.txt"), "COPYING": tx("gpl-3.0.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"GPL-3.0-only", "MIT"}}},
		// issue 12 #5: a patent grant beside the licence adds terms
		{name: "BSD-3-Clause with a PATENTS grant", files: map[string]string{"LICENSE": tx("bsd-3-clause.txt"), "PATENTS": tx("patents-grant.txt")},
			want: outcome{Status: Fail, Findings: []string{"PATENTS:1"}}, msg: "modified BSD-3-Clause: PATENTS adds patent terms (a patent grant that terminates on conditions)",
			facts: map[string]any{"spdx": []string{}, "modified": []string{"BSD-3-Clause"}}},
		{name: "PATENTS that grants nothing", files: map[string]string{"LICENSE": tx("bsd-3-clause.txt"), "PATENTS.md": "# Patents\n\nThis project holds no patents.\n"},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"BSD-3-Clause"}}},
		// issue 12 #6: one text, one id; "or later" only when the licensor says so
		{name: "GPL-3.0 without its appendix", files: map[string]string{"COPYING": tx("gpl-3.0-no-appendix.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"GPL-3.0-only"}}},
		{name: "GPL-3.0 with its appendix", files: map[string]string{"COPYING": tx("gpl-3.0.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"GPL-3.0-only"}}},
		{name: "GPL-3.0 or later, by the README", files: map[string]string{"COPYING": tx("gpl-3.0.txt"), "README.md": "# x\n\nLicensed under the GPLv3+.\n"},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"GPL-3.0-or-later"}, "versions": map[string]string{"GPL-3.0-or-later": "README.md"}}},
		{name: "GPL-3.0 or later, by a notice in the file", files: map[string]string{"COPYING": "This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.\n\n" + tx("gpl-3.0.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"GPL-3.0-or-later"}}},
		// issue 12 #7: a US federal CC0 waiver
		{name: "CC0 waiver by name and URL", files: map[string]string{"LICENSE.md": tx("cc0-1.0-us-federal.md")},
			want: outcome{Status: Pass}, msg: "CC0-1.0 by reference only", facts: map[string]any{"spdx": []string{"CC0-1.0"}}},
		{name: "GitHub agrees", meta: repo.Meta{HostLicense: "GPL-3.0"}, files: map[string]string{"COPYING": tx("gpl-3.0.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"spdx": []string{"GPL-3.0-only"}}},
		// issue 12 #6: GitHub's deprecated id is not reported either
		{name: "GitHub knows what we do not, by a deprecated id", meta: repo.Meta{HostLicense: "GPL-2.0"}, files: map[string]string{"LICENSE": tx("garbage.txt")},
			want: outcome{Status: Pass, Findings: []string{"LICENSE:1"}}, msg: "GPL-2.0-only by GitHub", facts: map[string]any{"spdx": []string{"GPL-2.0-only"}}},
		{name: "GitHub knows what we do not", meta: repo.Meta{HostLicense: "MIT"}, files: map[string]string{"LICENSE": tx("garbage.txt")},
			want: outcome{Status: Pass, Findings: []string{"LICENSE:1"}}, msg: "by GitHub", facts: map[string]any{"spdx": []string{"MIT"}}},
	}
	runLicenseCases(t, LicenseIdentified, tests)
}

func TestLicenseApproved(t *testing.T) {
	tx := func(name string) string { return licenseText(t, name) }
	tests := []licenseCase{
		{name: "MIT", files: map[string]string{"LICENSE": tx("mit.txt")}, want: outcome{Status: Pass}},
		{name: "GPL text", files: map[string]string{"COPYING": tx("gpl-3.0.txt")}, want: outcome{Status: Pass}},
		{name: "dual", files: map[string]string{"LICENSE-APACHE": tx("apache-2.0.txt"), "LICENSE-MIT": tx("mit.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"approved": []string{"Apache-2.0", "MIT"}}},
		{name: "non-commercial", files: map[string]string{"LICENSE": tx("cc-by-nc-sa-4.0.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:1"}}, msg: "not OSI-approved"},
		{name: "non-commercial allowed by policy", files: map[string]string{"LICENSE": tx("cc-by-nc-sa-4.0.txt")},
			params: map[string]any{"allow": []any{"cc-by-nc-sa-4.0"}}, want: outcome{Status: Pass}, msg: "allowed by policy"},
		{name: "CC0 is not OSI-approved but allowed by default", files: map[string]string{"LICENSES/CC0-1.0.txt": tx("reuse/LICENSES/CC0-1.0.txt"), "LICENSES/MIT.txt": tx("mit.txt")},
			want: outcome{Status: Pass}, msg: "CC0-1.0 (allowed by policy)"},
		{name: "CC0 is not OSI-approved", files: map[string]string{"LICENSES/CC0-1.0.txt": tx("reuse/LICENSES/CC0-1.0.txt"), "LICENSES/MIT.txt": tx("mit.txt")},
			params: map[string]any{"allow": []string{}}, want: outcome{Status: Fail, Findings: []string{"LICENSES/CC0-1.0.txt:1"}}},
		{name: "REUSE custom licence needs the allow list", files: map[string]string{"LICENSES/LicenseRef-Acme-EULA.txt": tx("garbage.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSES/LicenseRef-Acme-EULA.txt:1"}}},
		{name: "REUSE custom licence allowed", files: map[string]string{"LICENSES/LicenseRef-Acme-EULA.txt": tx("garbage.txt")},
			params: map[string]any{"allow": []string{"LicenseRef-Acme-EULA"}}, want: outcome{Status: Pass}},
		{name: "denied", files: map[string]string{"COPYING": tx("gpl-3.0.txt")}, params: map[string]any{"deny": []string{"GPL-3.0-or-later"}},
			want: outcome{Status: Fail, Findings: []string{"COPYING:1"}}, msg: "deny list"},
		{name: "deny wins over allow", files: map[string]string{"LICENSE": tx("mit.txt")}, params: map[string]any{"deny": []string{"MIT"}, "allow": []string{"MIT"}},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:3"}}},
		{name: "modified", files: map[string]string{"LICENSE": tx("bsd-3-clause-patent-grant.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:3"}}, msg: "modified BSD-3-Clause"},
		{name: "README section", files: map[string]string{"README.md": tx("readme-license-section.md")},
			want: outcome{Status: Pass}},
		// issue 12 #8: a licence we cannot identify cannot be approved (a not-applicable
		// result would score it above a recognised licence that is not approved)
		// issue 12 #4, #5
		{name: "LGPL-3.0 with its GPL-3.0 companion", files: map[string]string{"COPYING.LESSER": tx("lgpl-3.0.txt"), "COPYING": tx("gpl-3.0.txt")},
			want: outcome{Status: Pass}, facts: map[string]any{"approved": []string{"LGPL-3.0-only"}}},
		{name: "BSD-3-Clause with a PATENTS grant", files: map[string]string{"LICENSE": tx("bsd-3-clause.txt"), "PATENTS": tx("patents-grant.txt")},
			want: outcome{Status: Fail, Findings: []string{"PATENTS:1"}}, msg: "a modified BSD-3-Clause is not the approved licence"},
		// issue 12 #8: CC0-1.0 is allowed unless a policy says otherwise
		{name: "CC0 waiver, allowed by default", files: map[string]string{"LICENSE.md": tx("cc0-1.0-us-federal.md")},
			want: outcome{Status: Pass}, msg: "CC0-1.0 (allowed by policy)"},
		{name: "CC0 waiver, denied", files: map[string]string{"LICENSE.md": tx("cc0-1.0-us-federal.md")}, params: map[string]any{"deny": []string{"CC0-1.0"}},
			want: outcome{Status: Fail, Findings: []string{"LICENSE.md:5"}}, msg: "CC0-1.0 is on the policy's deny list"},
		{name: "CC0 waiver, an allow list without it", files: map[string]string{"LICENSE.md": tx("cc0-1.0-us-federal.md")}, params: map[string]any{"allow": []string{"MIT"}},
			want: outcome{Status: Fail, Findings: []string{"LICENSE.md:5"}}, msg: "CC0-1.0 is not OSI-approved"},
		{name: "nothing identified", files: map[string]string{"LICENSE": tx("garbage.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:1"}}, msg: "cannot identify"},
		{name: "copyright only", files: map[string]string{"LICENSE": tx("copyright-only.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSE:1"}}, msg: "cannot identify"},
		{name: "one of two files unidentified", files: map[string]string{"LICENSE-MIT": tx("mit.txt"), "LICENSE-OTHER": tx("garbage.txt")},
			want: outcome{Status: Fail, Findings: []string{"LICENSE-OTHER:1"}}},
		{name: "no licence", files: map[string]string{"README.md": "# x"}, want: outcome{Status: NotApplicable}},
		{name: "empty", files: map[string]string{"LICENSE": ""}, want: outcome{Status: NotApplicable}},
		{name: "binary", files: map[string]string{"LICENSE": "\x00MIT"}, want: outcome{Status: NotApplicable}},
		{name: "directory with the file's name", files: map[string]string{"LICENSE/MIT.txt": tx("mit.txt")}, want: outcome{Status: NotApplicable}},
		{name: "wrong case", files: map[string]string{"Licence.Md": tx("bsd-2-clause.txt")}, want: outcome{Status: Pass}, msg: "BSD-2-Clause"},
		{name: "in LICENSES/", files: map[string]string{"LICENSES/MPL-2.0.txt": tx("mpl-2.0.txt")}, want: outcome{Status: Pass}, msg: "MPL-2.0"},
		{name: "over the read cap", files: map[string]string{"LICENSE": tx("mit.txt")}, maxRead: 64,
			want: outcome{Status: StatusError, Findings: []string{"LICENSE:0"}}, msg: "too large to read"},
	}
	runLicenseCases(t, LicenseApproved, tests)
}

func TestIsLicenseName(t *testing.T) {
	yes := []string{"LICENSE", "license.md", "LICENCE.txt", "COPYING", "COPYING.LESSER", "UNLICENSE", "LICENSE-MIT", "LICENSE_APACHE", "MIT-LICENSE", "gpl_copying", "LICENSE.html"}
	no := []string{"LICENSES", "license.go", "license-checker.json", "license_test.py", "COPYRIGHT", "PATENTS", "NOTICE", "AUTHORS", "licensed.md", "sublicense", "README.md"}
	for _, n := range yes {
		if !isLicenseName(n) {
			t.Errorf("isLicenseName(%q) = false", n)
		}
	}
	for _, n := range no {
		if isLicenseName(n) {
			t.Errorf("isLicenseName(%q) = true", n)
		}
	}
}

func TestLicenseRulesMetadata(t *testing.T) {
	for _, r := range []Rule{LicenseFile, LicenseIdentified, LicenseApproved} {
		if r.ID == "" || r.Title == "" || r.Check == nil || r.Expected != "LICENSE" || r.Inherits {
			t.Errorf("%s: incomplete metadata %+v", r.ID, r)
		}
		if r.HelpURL != DocsURL+"#"+r.ID {
			t.Errorf("%s: HelpURL %q", r.ID, r.HelpURL)
		}
		for _, want := range []string{"**How to fix.**", "**What we match.**"} {
			if !strings.Contains(r.Doc, want) {
				t.Errorf("%s: Doc lacks %q", r.ID, want)
			}
		}
		if !slices.Contains(r.Tags, "legal") || !slices.Contains(r.Tags, "standard-for-public-code") {
			t.Errorf("%s: tags %v", r.ID, r.Tags)
		}
		if _, ok := Lookup(All(), r.ID); !ok {
			t.Errorf("%s is not in All()", r.ID)
		}
	}
}

// LicenseIDs (custom rules' `when: {license: …}`) answers with license-identified's
// ids: SPDX, current, without companion texts.
func TestLicenseIDs(t *testing.T) {
	tx := func(name string) string { return licenseText(t, name) }
	tests := []struct {
		files map[string]string
		want  []string
	}{
		{map[string]string{"COPYING.LESSER": tx("lgpl-3.0.txt"), "COPYING": tx("gpl-3.0.txt")}, []string{"LGPL-3.0-only"}},
		{map[string]string{"COPYING": tx("gpl-3.0.txt"), "README.md": "GPLv3+\n"}, []string{"GPL-3.0-or-later"}},
		{map[string]string{"LICENSE": tx("apache-2.0-commons-clause.txt")}, []string{"Apache-2.0"}},
		{map[string]string{"README.md": "# x\n"}, nil},
	}
	for _, tt := range tests {
		got, err := LicenseIDs(context.Background(), repo.FromMap(repo.Meta{}, tt.files))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%v: ids (-want +got):\n%s", slices.Sorted(maps.Keys(tt.files)), diff)
		}
	}
}
