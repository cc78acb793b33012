package rules

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/repo"
)

func TestPubliccodeYmlValid(t *testing.T) {
	valid, err := os.ReadFile("publiccode/testdata/valid/minimal.yml")
	if err != nil {
		t.Fatal(err)
	}
	good := string(valid)
	meta := repo.Meta{Host: "github.com", Owner: "acme", Name: "alpha", FullName: "acme/alpha", URL: "https://github.com/acme/alpha", DefaultBranch: "main"}
	withLogo := strings.Replace(good, "name: Alpha\n", "name: Alpha\nlogo: img/logo.svg\n", 1)
	for _, tc := range []struct {
		name     string
		meta     repo.Meta
		files    map[string]string
		maxRead  int64
		status   Status
		findings []Finding
	}{
		{name: "absent", meta: meta, files: map[string]string{"README.md": "x"}, status: NotApplicable},
		{name: "other name is not read", meta: meta, files: map[string]string{"publiccode.yaml": "x", ".github/publiccode.yml": "x"}, status: NotApplicable},
		{name: "valid", meta: meta, files: map[string]string{"publiccode.yml": good}, status: Pass},
		{name: "valid with logo in the snapshot", meta: meta, files: map[string]string{"publiccode.yml": withLogo, "img/logo.svg": "<svg></svg>"}, status: Pass},
		{name: "logo missing from the snapshot", meta: meta, files: map[string]string{"publiccode.yml": withLogo}, status: Fail,
			findings: []Finding{{Path: "publiccode.yml", Line: 3, Column: 1, Message: `logo: "img/logo.svg" does not exist in the repository`, Key: "logo|file"}}},
		{name: "symlinked logo: warning only", meta: meta, files: map[string]string{"publiccode.yml": withLogo, "img/logo.svg": "symlink:real.svg", "img/real.svg": "<svg></svg>"}, status: Pass,
			findings: []Finding{{Path: "publiccode.yml", Line: 3, Column: 1, Message: `logo: "img/logo.svg" is a symbolic link; a hosted raw URL may serve the link text instead of the file`, Key: "logo|file"}}},
		{name: "warnings only pass", meta: meta, files: map[string]string{"publiccode.yml": strings.Replace(good, `publiccodeYmlVersion: "0"`, `publiccodeYmlVersion: "0.2"`, 1)}, status: Pass,
			findings: []Finding{{Path: "publiccode.yml", Line: 1, Column: 1, Message: `publiccodeYmlVersion: "0.2" is an older version of the standard; write "0" (the file is validated with the 0.7 rules)`, Key: "publiccodeYmlVersion|version"}}},
		{name: "error fails with position", meta: meta, files: map[string]string{"publiccode.yml": strings.Replace(good, "developmentStatus: stable", "developmentStatus: Stable", 1)}, status: Fail,
			findings: []Finding{{Path: "publiccode.yml", Line: 6, Column: 1, Message: `developmentStatus: must be one of: concept, development, beta, stable, obsolete (got "Stable")`, Key: "developmentStatus|enum"}}},
		{name: "url of another repository", meta: repo.Meta{URL: "https://github.com/acme/beta"}, files: map[string]string{"publiccode.yml": good}, status: Fail,
			findings: []Finding{{Path: "publiccode.yml", Line: 3, Column: 1, Message: `url: "https://github.com/acme/alpha" is not this repository (https://github.com/acme/beta); catalogs refuse the file`, Key: "url|repo-mismatch"}}},
		{name: "fork: mismatch is a warning", meta: repo.Meta{URL: "https://github.com/acme/beta", Fork: true}, files: map[string]string{"publiccode.yml": good}, status: Pass,
			findings: []Finding{{Path: "publiccode.yml", Line: 3, Column: 1, Message: `url: "https://github.com/acme/alpha" is not this repository (https://github.com/acme/beta): catalogs skip technical forks; a maintained variant sets url to itself and lists the upstream in isBasedOn`, Key: "url|repo-mismatch"}}},
		{name: "local directory: no url check", meta: repo.Meta{Name: "x", FullName: "./x"}, files: map[string]string{"publiccode.yml": strings.Replace(good, "acme/alpha", "o/r", 1)}, status: Pass},
		{name: "empty file", meta: meta, files: map[string]string{"publiccode.yml": ""}, status: Fail,
			findings: []Finding{{Path: "publiccode.yml", Message: "publiccodeYmlVersion: required key is missing (the file is empty)", Key: "publiccodeYmlVersion|required"}}},
		{name: "over the read cap", meta: meta, files: map[string]string{"publiccode.yml": good}, maxRead: 10, status: StatusError,
			findings: []Finding{{Path: "publiccode.yml", Message: fmt.Sprintf("too large to read (%d bytes, limit 10)", len(good))}}},
		{name: "a directory", meta: meta, files: map[string]string{"publiccode.yml/": ""}, status: Fail,
			findings: []Finding{{Path: "publiccode.yml", Message: "publiccode.yml is a dir, not a file", Key: "|file"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := repo.FromMap(tc.meta, tc.files)
			s.MaxRead = tc.maxRead
			r := PubliccodeYmlValid.Check(context.Background(), s, Options{Now: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
			if r.Status != tc.status {
				t.Errorf("status = %s, want %s (%s)", r.Status, tc.status, r.Message)
			}
			if diff := cmp.Diff(tc.findings, r.Findings); diff != "" {
				t.Errorf("findings (-want +got)\n%s", diff)
			}
		})
	}
}

func TestPubliccodeYmlValidMetadata(t *testing.T) {
	r, ok := Lookup(All(), "publiccode-yml-valid")
	if !ok {
		t.Fatal("publiccode-yml-valid is not in All()")
	}
	if r.HelpURL != DocsURL+"#publiccode-yml-valid" || r.Severity != Error || r.Precision != "very-high" || r.Expected != "publiccode.yml" || r.Doc == "" || r.Check == nil {
		t.Errorf("bad metadata: %+v", r)
	}
	if !strings.Contains(strings.Join(r.Tags, ","), "standard-for-public-code") {
		t.Errorf("tags %v lack standard-for-public-code", r.Tags)
	}
}
