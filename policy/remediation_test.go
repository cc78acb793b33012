package policy

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRemediation(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"base.yml": "extends: []\nremediation:\n  license: {id: mit, holder: ACME Corp}\n  contacts: {security: sec@acme.example, conduct: old@acme.example}\n  allow-opt-out: true\n",
		"top.yml":  "extends: [base.yml]\nremediation:\n  contacts: {conduct: conduct@acme.example}\n  templates-repository: acme/governance\n",
	})
	p, err := Load(filepath.Join(dir, "top.yml"), testRules)
	if err != nil {
		t.Fatal(err)
	}
	got := p.Remediation()
	want := Remediation{
		License:             &License{ID: "MIT", Holder: "ACME Corp", File: "LICENSE", Origin: filepath.Join(dir, "base.yml") + ":3:3"},
		Contacts:            map[string]string{"security": "sec@acme.example", "conduct": "conduct@acme.example"},
		TemplatesRepository: "acme/governance",
		AllowOptOut:         true,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	again, err := Parse(filepath.Join(dir, "shown.yml"), p.Show(), testRules)
	if err != nil {
		t.Fatalf("%v\n%s", err, p.Show())
	}
	got2 := again.Remediation()
	got2.License.Origin = want.License.Origin
	if d := cmp.Diff(want, got2); d != "" {
		t.Errorf("through show (-want +got):\n%s", d)
	}
	// Only allow-opt-out changes a result, so only it is in the digest.
	a, _ := Parse("a.yml", []byte("extends: []\nremediation: {contacts: {security: x@y.example}}\n"), testRules)
	b, _ := Parse("b.yml", []byte("extends: []\n"), testRules)
	c, _ := Parse("c.yml", []byte("extends: []\nremediation: {allow-opt-out: true}\n"), testRules)
	if a.Digest() != b.Digest() || b.Digest() == c.Digest() {
		t.Errorf("digests: contacts %s, none %s, opt-out %s", a.Digest(), b.Digest(), c.Digest())
	}

	for _, tt := range []struct{ src, want string }{
		{"remediation: {license: {id: Apache-2.0, holder: ACME}, colour: red}", `p.yml:3:56: remediation: unknown key "colour"`},
		{"remediation: {license: {id: Nope-1.0, holder: x}}", `p.yml:3:29: remediation.license.id: "Nope-1.0" is not an SPDX licence id`},
		{"remediation: {license: {id: Beerware}}", "p.yml:3:29: remediation.license.id: no embedded text for Beerware"},
		{"remediation: {license: {id: MIT}}", "p.yml:3:24: remediation.license: MIT needs holder (its text has [fullname])"},
		{"remediation: {license: {id: OFL-1.1, holder: ACME}}", "remediation.license: OFL-1.1 needs email (its text has [email])"},
		{"remediation: {license: {holder: ACME}}", "remediation.license: want id"},
		{"remediation: {license: {id: MIT, holder: ACME, file: ../LICENSE}}", "remediation.license.file: want a path inside the repository"},
		{"remediation: {license: {id: MIT, holder: \"A\\nB\"}}", "remediation.license.holder: want a non-empty single line"},
		{"remediation: {contacts: {legal: x}}", `remediation.contacts: unknown key "legal" (known: conduct, security, support)`},
		{"remediation: {contacts: {security: 7}}", "remediation.contacts.security: want a string"},
		{"remediation: {templates-repository: a/b/c}", "remediation.templates-repository: want NAME or OWNER/NAME"},
		{"remediation: {allow-opt-out: yes please}", "remediation.allow-opt-out: want true or false"},
	} {
		_, err := Parse("p.yml", []byte("extends: []\nrules: {readme: true}\n"+tt.src+"\n"), testRules)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.src, err, tt.want)
		}
	}
}
