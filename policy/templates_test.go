package policy

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestTemplates(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"base.yml": "extends: []\nrules: {readme: true, license-file: true}\ntemplates:\n  readme: {file: README.md, text: \"# {{ .Name }}\\n\"}\n  license-file: {file: LICENSE, url: 'https://example.com/MIT.txt'}\n",
		"top.yml":  "extends: [base.yml]\ntemplates:\n  readme: {file: README.md, source: tmpl/README.md, mode: replace, pull-request: true}\n  contributing: {mode: prepend, files: ['**/*.go'], text: '// SPDX', newlines-after: 1}\nrules: {contributing: true}\n",
	})
	p, err := Load(filepath.Join(dir, "top.yml"), testRules)
	if err != nil {
		t.Fatal(err)
	}
	want := []Template{
		{Rule: "readme", File: "README.md", Source: filepath.Join(dir, "tmpl/README.md"), SourceName: "tmpl/README.md", Mode: "replace", PullRequest: true},
		{Rule: "license-file", File: "LICENSE", URL: "https://example.com/MIT.txt", Mode: "create"},
		{Rule: "contributing", Mode: "prepend", Files: []string{"**/*.go"}, Text: "// SPDX", NewlinesAfter: 1},
	}
	if diff := cmp.Diff(want, p.Templates(), cmpopts.IgnoreFields(Template{}, "Origin")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := p.Templates()[0].Origin; !strings.HasSuffix(got, "top.yml:3:3") {
		t.Errorf("origin %q", got)
	}
	// Show keeps them and loads again; they change no result, so not the digest.
	again, err := Parse(filepath.Join(dir, "shown.yml"), p.Show(), testRules)
	if err != nil {
		t.Fatalf("%v\n%s", err, p.Show())
	}
	// (Show writes a source resolved, so that it reads the same file from anywhere.)
	if diff := cmp.Diff(p.Templates(), again.Templates(), cmpopts.IgnoreFields(Template{}, "Origin", "SourceName")); diff != "" {
		t.Errorf("through show (-want +got):\n%s", diff)
	}
	plain, _ := Load(filepath.Join(dir, "base.yml"), testRules)
	noTmpl, _ := Parse("x.yml", []byte("extends: []\nrules: {readme: true, license-file: true}\n"), testRules)
	if plain.Digest() != noTmpl.Digest() {
		t.Errorf("templates changed the digest")
	}

	for _, tt := range []struct{ src, want string }{
		{"templates: {nope: {file: x, text: y}}", `templates: unknown rule "nope"`},
		{"templates: {readme: {file: x}}", "want exactly one of text, source and url"},
		{"templates: {readme: {file: x, text: a, url: 'https://x'}}", "want exactly one of text, source and url"},
		{"templates: {readme: {text: a}}", "mode create needs file"},
		{"templates: {readme: {mode: remove, text: a}}", "mode remove takes files and no content"},
		{"templates: {readme: {file: x, url: 'http://x'}}", "want an https URL"},
		{"templates: {readme: {file: x, text: a, mode: move}}", "want one of create, replace"},
		{"templates: {readme: {file: x, text: a, colour: red}}", `unknown key "colour"`},
	} {
		_, err := Parse("p.yml", []byte("extends: []\nrules: {readme: true}\n"+tt.src+"\n"), testRules)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.src, err, tt.want)
		}
	}
}
