package policy

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
)

func customPolicy(t *testing.T, yaml string) *Policy {
	t.Helper()
	p, err := Parse("c.yml", []byte("extends: []\ncustom-rules:\n"+yaml), testRules)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type resView struct {
	Status   rules.Status
	Message  string
	Findings []rules.Finding
}

func TestCustomRules(t *testing.T) {
	repoFiles := map[string]string{
		"README.md":            "# x\nCopyright 2026 ACME\n",
		"LICENSE":              "MIT\n",
		".env":                 "SECRET=1\n",
		"app/.env.example":     "SECRET=\n",
		"bin/tool.EXE":         "MZ\x00\x00",
		"docs/":                "",
		"docs/guide.md":        "see http://corp.internal/x\nand again corp.internal\n",
		"docs/img.png":         "\x89PNG\x00",
		"big.bin":              strings.Repeat("x", 2000),
		"link-to-license":      "symlink:LICENSE",
		"link-outside":         "symlink:../etc/passwd",
		".github/":             "",
		".github/CODEOWNERS":   "* @a\n",
		"vendor/lib/README.md": "vendored",
	}
	s := snap("acme/alpha", repoFiles)
	tests := []struct {
		name string
		rule string
		want resView
	}{
		{"exists pass", "{id: r, type: file-exists, files: ['README*']}",
			resView{rules.Pass, "found README.md", nil}},
		{"exists nocase", "{id: r, type: file-exists, files: ['readme.MD'], nocase: true}",
			resView{rules.Pass, "found README.md", nil}},
		{"exists case-sensitive", "{id: r, type: file-exists, files: ['readme.md']}",
			resView{rules.Fail, "no file matches readme.md", []rules.Finding{{Path: "readme.md", Message: "expected a file matching readme.md"}}}},
		{"exists symlink to a file", "{id: r, type: file-exists, files: ['link-*']}",
			resView{rules.Pass, "found link-to-license", nil}},
		{"exists directory", "{id: r, type: file-exists, files: [docs], kind: directory}",
			resView{rules.Pass, "found docs", nil}},
		{"exists directory is not a file", "{id: r, type: file-exists, files: [docs]}",
			resView{rules.Fail, "no file matches docs", []rules.Finding{{Path: "docs", Message: "expected a file matching docs"}}}},
		{"exists any", "{id: r, type: file-exists, files: ['{docs,LICENSE}'], kind: any}",
			resView{rules.Pass, "found LICENSE, docs", nil}},
		{"absent fails", "{id: r, type: file-absent, files: ['**/.env', '**/.env.*'], exclude: ['**/*.example']}",
			resView{rules.Fail, "1 file must not be present: .env", []rules.Finding{{Path: ".env", Message: "must not be present (matches **/.env, **/.env.*)"}}}},
		{"absent nocase", "{id: r, type: file-absent, files: ['**/*.exe'], nocase: true}",
			resView{rules.Fail, "1 file must not be present: bin/tool.EXE", []rules.Finding{{Path: "bin/tool.EXE", Message: "must not be present (matches **/*.exe)"}}}},
		{"absent passes", "{id: r, type: file-absent, files: ['**/*.exe']}",
			resView{rules.Pass, "nothing matches **/*.exe", nil}},
		{"contains pass", "{id: r, type: file-contains, files: [README.md], pattern: 'Copyright \\d{4}'}",
			resView{rules.Pass, `/Copyright \d{4}/ found in README.md:2`, nil}},
		{"contains fail", "{id: r, type: file-contains, files: ['**/README.md', LICENSE], pattern: Copyright}",
			resView{rules.Fail, "2 of 3 matching files lack /Copyright/: LICENSE, vendor/lib/README.md", []rules.Finding{
				{Path: "LICENSE", Message: "does not contain /Copyright/"}, {Path: "vendor/lib/README.md", Message: "does not contain /Copyright/"}}}},
		{"contains missing fails", "{id: r, type: file-contains, files: [NOTICE], pattern: x}",
			resView{rules.Fail, "no file matches NOTICE", []rules.Finding{{Path: "NOTICE", Message: "expected a file matching NOTICE"}}}},
		{"contains missing n/a", "{id: r, type: file-contains, files: [NOTICE], pattern: x, if-missing: not-applicable}",
			resView{rules.NotApplicable, "no file matches NOTICE", nil}},
		{"contains missing pass", "{id: r, type: file-contains, files: [NOTICE], pattern: x, if-missing: pass}",
			resView{rules.Pass, "no file matches NOTICE", nil}},
		{"contains only binaries", "{id: r, type: file-contains, files: ['**/*.png'], pattern: x}",
			resView{rules.NotApplicable, "every matching file is binary", nil}},
		{"not-contains fail with lines", "{id: r, type: file-not-contains, files: ['**/*.md'], pattern: 'corp\\.internal'}",
			resView{rules.Fail, "/corp\\.internal/ found in 1 file", []rules.Finding{
				{Path: "docs/guide.md", Line: 1, Column: 12, Message: `contains /corp\.internal/: "corp.internal"`},
				{Path: "docs/guide.md", Line: 2, Column: 11, Message: `contains /corp\.internal/: "corp.internal"`}}}},
		{"not-contains pass", "{id: r, type: file-not-contains, files: ['**/*.md'], pattern: '(?i)password'}",
			resView{rules.Pass, "/(?i)password/ not found in 3 matching files", nil}},
		{"not-contains skips binaries", "{id: r, type: file-not-contains, files: ['**/*'], pattern: PNG}",
			resView{rules.Pass, "/PNG/ not found in 11 matching files", nil}},
		{"not-contains missing", "{id: r, type: file-not-contains, files: [NOTICE], pattern: x}",
			resView{rules.Pass, "no file matches NOTICE", nil}},
		{"max size fail", "{id: r, type: max-file-size, files: ['**'], max-size: 1KB}",
			resView{rules.Fail, "1 file over 1000 bytes", []rules.Finding{{Path: "big.bin", Message: "2000 bytes, over the limit of 1000"}}}},
		{"max size pass", "{id: r, type: max-file-size, files: ['**'], exclude: ['*.bin'], max-size: 1000}",
			resView{rules.Pass, "10 matching files, none over 1000 bytes", nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := customPolicy(t, "  - "+tt.rule+"\n")
			c := p.Configs()[0]
			res := c.Rule.Check(context.Background(), s, c.Options)
			got := resView{res.Status, res.Message, res.Findings}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCustomContentErrors(t *testing.T) {
	s := snap("acme/a", map[string]string{"a.md": strings.Repeat("x", 100), "b.md": "secret"})
	s.MaxRead = 50
	p := customPolicy(t, "  - {id: r, type: file-not-contains, files: ['*.md'], pattern: zzz}\n  - {id: q, type: file-not-contains, files: ['*.md'], pattern: secret}\n")
	cs := p.Configs()
	res := cs[0].Rule.Check(context.Background(), s, cs[0].Options)
	if res.Status != rules.StatusError || !strings.Contains(res.Message, "a.md (too large to read: 100 bytes)") {
		t.Errorf("too large: %+v", res)
	}
	// A failure found elsewhere is still a failure.
	res = cs[1].Rule.Check(context.Background(), s, cs[1].Options)
	if res.Status != rules.Fail || res.Facts["unread"] == nil {
		t.Errorf("fail with unread: %+v", res)
	}
}

func TestCustomPartial(t *testing.T) {
	s := snap("acme/a", map[string]string{"README.md": "x", "docs/": "", "docs/a.md": "x"})
	s.Partial = true
	tests := []struct {
		rule string
		want rules.Status
	}{
		{"{id: r, type: file-exists, files: ['README*']}", rules.Pass},
		{"{id: r, type: file-exists, files: ['NOTICE']}", rules.Fail}, // root is always listed
		{"{id: r, type: file-exists, files: ['docs/NOTICE']}", rules.Fail},
		{"{id: r, type: file-exists, files: ['src/NOTICE']}", rules.StatusError}, // src/ not listed
		{"{id: r, type: file-exists, files: ['**/NOTICE']}", rules.StatusError},
		{"{id: r, type: file-exists, files: ['**/*.md']}", rules.Pass}, // found is found
		{"{id: r, type: file-absent, files: ['**/*.exe']}", rules.StatusError},
		{"{id: r, type: file-absent, files: ['**/*.md']}", rules.Fail},
		{"{id: r, type: file-absent, files: ['*.exe', 'DOCS/*.exe'], nocase: true}", rules.Pass},
		{"{id: r, type: max-file-size, files: ['**'], max-size: 10}", rules.StatusError},
		{"{id: r, type: file-not-contains, files: ['**/*.md'], pattern: y}", rules.StatusError},
		{"{id: r, type: file-not-contains, files: ['**/*.md'], pattern: x}", rules.Fail},
		{"{id: r, type: file-contains, files: ['**/NOTICE'], pattern: x}", rules.StatusError},
	}
	for _, tt := range tests {
		p := customPolicy(t, "  - "+tt.rule+"\n")
		c := p.Configs()[0]
		res := c.Rule.Check(context.Background(), s, c.Options)
		if res.Status != tt.want {
			t.Errorf("%s: %s (%s), want %s", tt.rule, res.Status, res.Message, tt.want)
		}
		if res.Status == rules.StatusError && !strings.Contains(res.Message, "whole file tree") {
			t.Errorf("%s: message %q", tt.rule, res.Message)
		}
	}
	_ = repo.DefaultMaxRead
}

func TestOptionalPreset(t *testing.T) {
	p, err := Parse("p.yml", []byte("extends: repogov:optional\n"), testRules)
	if err != nil {
		t.Fatal(err)
	}
	s := snap("acme/a", map[string]string{"docs/Users.md": "x", "LICENSES/MIT.txt": "x", "NOTICE.txt": "x", "ROADMAP.go": "x", ".reuse/dep5": "x"})
	got := map[string]rules.Status{}
	for _, c := range p.Configs() {
		got[c.Rule.ID] = c.Rule.Check(context.Background(), s, c.Options).Status
	}
	want := map[string]rules.Status{"adopters": rules.Pass, "roadmap": rules.Fail, "notice": rules.Pass,
		"reuse-licenses": rules.Pass, "reuse-annotations": rules.Pass, "code-json": rules.Fail}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
