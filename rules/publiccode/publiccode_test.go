package publiccode

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/golden"
)

// testOpts are the options every fixture is validated with: the repository is
// testdata/repo, published as https://github.com/acme/alpha on branch main.
func testOpts() Options {
	return Options{
		FS:            os.DirFS("testdata/repo"),
		RepoURL:       "https://github.com/acme/alpha",
		DefaultBranch: "main",
		Now:           time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC),
	}
}

// expectation is one line of a .expected file: "LINE:COL SEVERITY KEY CODE", where an
// empty key is written "-". Lines starting with "#" are comments (the message).
type expectation struct {
	Line, Column int
	Severity     Severity
	Key, Code    string
}

func (e expectation) String() string {
	k := e.Key
	if k == "" {
		k = "-"
	}
	return fmt.Sprintf("%d:%d %s %s %s", e.Line, e.Column, e.Severity, k, e.Code)
}

func parseExpected(t *testing.T, path string) []expectation {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []expectation
	for i, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Fields(l)
		if len(f) < 4 {
			t.Fatalf("%s:%d: want \"LINE:COL SEVERITY KEY CODE\", got %q", path, i+1, l)
		}
		lc := strings.SplitN(f[0], ":", 2)
		if len(lc) != 2 {
			t.Fatalf("%s:%d: bad position %q", path, i+1, f[0])
		}
		line, err1 := strconv.Atoi(lc[0])
		col, err2 := strconv.Atoi(lc[1])
		if err1 != nil || err2 != nil {
			t.Fatalf("%s:%d: bad position %q", path, i+1, f[0])
		}
		// The key may hold spaces (a quoted segment); the code never does.
		k := strings.Join(f[2:len(f)-1], " ")
		if k == "-" {
			k = ""
		}
		out = append(out, expectation{line, col, Severity(f[1]), k, f[len(f)-1]})
	}
	return out
}

func toExpectations(ps []Problem) []expectation {
	var out []expectation
	for _, p := range ps {
		out = append(out, expectation{p.Line, p.Column, p.Severity, p.Key, p.Code})
	}
	return out
}

// TestFixtures runs every fixture: valid/ must yield no problem, warnings/ only warnings,
// invalid/ at least one error, each exactly as its .expected file says. A fixture without
// expectation, or an expectation without fixture, fails the test.
func TestFixtures(t *testing.T) {
	for _, dir := range []string{"valid", "warnings", "invalid"} {
		ymls, _ := filepath.Glob(filepath.Join("testdata", dir, "*.yml"))
		exps, _ := filepath.Glob(filepath.Join("testdata", dir, "*.expected"))
		if len(ymls) == 0 {
			t.Errorf("no fixtures in testdata/%s", dir)
		}
		for _, e := range exps {
			if _, err := os.Stat(strings.TrimSuffix(e, ".expected") + ".yml"); err != nil {
				t.Errorf("%s has no fixture", e)
			}
			if dir == "valid" {
				t.Errorf("%s: valid fixtures expect no problem and take no .expected file", e)
			}
		}
		for _, y := range ymls {
			t.Run(dir+"/"+filepath.Base(y), func(t *testing.T) {
				content, err := os.ReadFile(y)
				if err != nil {
					t.Fatal(err)
				}
				got := Validate(content, testOpts())
				expFile := strings.TrimSuffix(y, ".yml") + ".expected"
				if golden.Update() && dir != "valid" {
					var sb strings.Builder
					for _, p := range got {
						fmt.Fprintf(&sb, "%s\n#   %s\n", expectation{p.Line, p.Column, p.Severity, p.Key, p.Code}, p.Message)
					}
					if err := os.WriteFile(expFile, []byte(sb.String()), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				var want []expectation
				if dir != "valid" {
					if _, err := os.Stat(expFile); err != nil {
						t.Fatalf("fixture has no expectation file %s", expFile)
					}
					want = parseExpected(t, expFile)
				}
				if diff := cmp.Diff(want, toExpectations(got)); diff != "" {
					t.Errorf("problems (-want +got):\n%s\nfull output:\n%s", diff, dump(got))
				}
				errs := slices.ContainsFunc(got, func(p Problem) bool { return p.Severity == SeverityError })
				switch dir {
				case "warnings":
					if errs || len(got) == 0 {
						t.Errorf("a warnings/ fixture must yield warnings and no error")
					}
				case "invalid":
					if !errs {
						t.Errorf("an invalid/ fixture must yield at least one error")
					}
				}
				for _, p := range got {
					if p.Message == "" || strings.HasSuffix(p.Message, ".") {
						t.Errorf("message %q: must be non-empty without a trailing period", p.Message)
					}
				}
			})
		}
	}
}

func dump(ps []Problem) string {
	var sb strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&sb, "  %s [%s]\n", p, p.Code)
	}
	return sb.String()
}

// A YAML syntax error points at the offending line, not at the start of the enclosing
// block (where yaml.v3 reports parser errors).
func TestYAMLErrorLine(t *testing.T) {
	for _, tc := range []struct {
		in        string
		line, col int
	}{
		{"a:\n  b: 1\n  c: 2\n  d:\n    e: 1\n   f: 2\n  g: 3\n", 6, 4},
		{"a:\n  b: 1\n  c: 2\n c2: 3\n", 4, 2},
		{"x: 1\ny:\n  z: 1\n  - w\n", 4, 3},
		{"a: \"unterminated\nb: 1\n", 1, 1},
		{"a:\n\tb: 1\n", 2, 1},
		{"a: [1, 2\nb: 3\n", 1, 1},
		{"k: 1\nl: 2\nm:\n  n: \"open\n  o: 1\n", 4, 3},
	} {
		ps := Validate([]byte(tc.in), Options{})
		if len(ps) != 1 || ps[0].Code != "yaml" {
			t.Errorf("%q: %v, want one yaml error", tc.in, ps)
			continue
		}
		if ps[0].Line != tc.line || ps[0].Column != tc.col {
			t.Errorf("%q: error at %d:%d, want %d:%d (%s)", tc.in, ps[0].Line, ps[0].Column, tc.line, tc.col, ps[0].Message)
		}
	}
}
