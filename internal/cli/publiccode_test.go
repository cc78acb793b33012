package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPubliccodeValidate(t *testing.T) {
	valid, err := os.ReadFile("../../rules/publiccode/testdata/valid/minimal.yml")
	if err != nil {
		t.Fatal(err)
	}
	good := string(valid)
	warn := strings.Replace(good, `publiccodeYmlVersion: "0"`, `publiccodeYmlVersion: "0.2"`, 1)
	bad := strings.Replace(good, "developmentStatus: stable", "developmentStatus: Stable", 1)
	withLogo := strings.Replace(good, "name: Alpha\n", "name: Alpha\nlogo: logo.svg\n", 1)

	dir := t.TempDir()
	write := func(rel, content string) string {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	goodFile := write("good/publiccode.yml", good)
	warnFile := write("warn/publiccode.yml", warn)
	badFile := write("bad/publiccode.yml", bad)
	logoFile := write("logo/publiccode.yml", withLogo)
	write("logo/logo.svg", "<svg></svg>")
	noLogo := write("nologo/publiccode.yml", withLogo)
	// 21 MiB + 5 bytes, sparse: the message gives the real size, not the limit + 1.
	huge := write("huge/publiccode.yml", good)
	if err := os.Truncate(huge, 21<<20+5); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout []string // exact lines
	}{
		{name: "valid file", args: []string{goodFile}, code: 0},
		{name: "valid directory", args: []string{filepath.Dir(goodFile)}, code: 0},
		{name: "warnings only", args: []string{warnFile}, code: 0, stdout: []string{
			warnFile + `:1:1: warning: publiccodeYmlVersion: "0.2" is an older version of the standard; write "0" (the file is validated with the 0.7 rules)`}},
		{name: "error", args: []string{goodFile, badFile}, code: 1, stdout: []string{
			badFile + `:6:1: error: developmentStatus: must be one of: concept, development, beta, stable, obsolete (got "Stable")`}},
		{name: "stdin", args: []string{"-"}, stdin: bad, code: 1, stdout: []string{
			`<stdin>:6:1: error: developmentStatus: must be one of: concept, development, beta, stable, obsolete (got "Stable")`}},
		{name: "whole-file problem has no key", args: []string{"-"}, stdin: "\ufeff" + good, code: 1, stdout: []string{
			`<stdin>:1:1: error: file starts with a UTF-8 byte-order mark; remove it`}},
		{name: "empty input", args: []string{"-"}, stdin: "", code: 1, stdout: []string{
			`<stdin>:0:0: error: publiccodeYmlVersion: required key is missing (the file is empty)`}},
		{name: "over-size file: its real size", args: []string{huge}, code: 1, stdout: []string{
			huge + `:1:1: error: file is 22020101 bytes, larger than the 20 MiB catalogs read`}},
		{name: "over-size stdin: its real size", args: []string{"-"}, stdin: strings.Repeat("#", 20<<20+7), code: 1, stdout: []string{
			`<stdin>:1:1: error: file is 20971527 bytes, larger than the 20 MiB catalogs read`}},
		{name: "relative files are checked next to the file", args: []string{logoFile}, code: 0},
		{name: "missing logo", args: []string{noLogo}, code: 1, stdout: []string{
			noLogo + `:3:1: error: logo: "logo.svg" does not exist in the repository`}},
		{name: "base-dir for stdin", args: []string{"--base-dir", filepath.Dir(logoFile), "-"}, stdin: withLogo, code: 0},
		{name: "repo-url mismatch", args: []string{"--repo-url", "https://github.com/acme/beta", goodFile}, code: 1, stdout: []string{
			goodFile + `:3:1: error: url: "https://github.com/acme/alpha" is not this repository (https://github.com/acme/beta); catalogs refuse the file`}},
		{name: "fork", args: []string{"--fork", "--repo-url", "https://github.com/acme/beta", goodFile}, code: 0, stdout: []string{
			goodFile + `:3:1: warning: url: "https://github.com/acme/alpha" is not this repository (https://github.com/acme/beta): catalogs skip technical forks; a maintained variant sets url to itself and lists the upstream in isBasedOn`}},
		{name: "unreadable file", args: []string{filepath.Join(dir, "nope.yml"), badFile}, code: 2, stdout: []string{
			badFile + `:6:1: error: developmentStatus: must be one of: concept, development, beta, stable, obsolete (got "Stable")`}},
		{name: "directory without publiccode.yml", args: []string{t.TempDir()}, code: 2},
		{name: "bad format", args: []string{"--format", "xml", goodFile}, code: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"publiccode", "validate"}, tc.args...)
			code := run(context.Background(), args, strings.NewReader(tc.stdin), &stdout, &stderr, func(string) string { return "" })
			if code != tc.code {
				t.Errorf("exit code = %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			var got []string
			if s := strings.TrimRight(stdout.String(), "\n"); s != "" {
				got = strings.Split(s, "\n")
			}
			if diff := cmp.Diff(tc.stdout, got); diff != "" {
				t.Errorf("stdout (-want +got)\n%s", diff)
			}
		})
	}
}

func TestPubliccodeValidateJSON(t *testing.T) {
	valid, err := os.ReadFile("../../rules/publiccode/testdata/valid/minimal.yml")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(valid), "developmentStatus: stable", "developmentStatus: Stable", 1)
	for _, tc := range []struct {
		name, stdin string
		code        int
		want        []publiccodeResult
	}{
		{"valid: empty array", string(valid), 0, []publiccodeResult{}},
		{"error", bad, 1, []publiccodeResult{{File: "<stdin>", Line: 6, Column: 1, Severity: "error", Key: "developmentStatus", Code: "enum",
			Message: `must be one of: concept, development, beta, stable, obsolete (got "Stable")`}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"publiccode", "validate", "--format", "json", "-"}, strings.NewReader(tc.stdin), &stdout, &stderr, func(string) string { return "" })
			if code != tc.code {
				t.Errorf("exit code = %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			var got []publiccodeResult
			if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%s", err, stdout.String())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
			for _, k := range []string{`"file"`, `"line"`, `"column"`, `"severity"`, `"key"`, `"message"`} {
				if tc.code != 0 && !strings.Contains(stdout.String(), k) {
					t.Errorf("JSON lacks %s", k)
				}
			}
		})
	}
}
