package reporters

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/repogov/repogov/internal/golden"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
)

var goldenExt = map[string]string{
	"table": "txt", "json": "json", "csv": "csv", "sarif": "sarif", "markdown": "md", "html": "html", "summary": "summary.txt",
	"codequality": "codequality.json",
}

// goldenFile compares got with testdata/name, or rewrites it with -update.
func goldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", filepath.FromSlash(name)), got)
}

func render(t *testing.T, format string, o Options, r *report.Report) []byte {
	t.Helper()
	rep, err := New(format, o)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.Write(&buf, r); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	if got, want := Formats(), []string{"codequality", "csv", "html", "json", "markdown", "sarif", "summary", "table"}; !cmp.Equal(got, want) {
		t.Fatalf("Formats() = %v, want %v (add a golden extension for a new format)", got, want)
	}
	for _, f := range Formats() {
		t.Run(f, func(t *testing.T) {
			goldenFile(t, "golden."+goldenExt[f], render(t, f, Options{Version: fixtureVersion}, fixtureReport()))
		})
	}
	t.Run("table-color-narrow", func(t *testing.T) {
		goldenFile(t, "golden-color-60.txt", render(t, "table", Options{Version: fixtureVersion, Color: true, Width: 60}, fixtureReport()))
	})
	t.Run("sarif-per-repo", func(t *testing.T) {
		r := fixtureReport()
		for i, p := range SARIFRepoPaths(r) {
			if p == "" {
				continue
			}
			var buf bytes.Buffer
			if err := (SARIF{Opts: Options{Version: fixtureVersion}}).WriteRepo(&buf, r, i); err != nil {
				t.Fatal(err)
			}
			goldenFile(t, "sarif/"+p, buf.Bytes())
		}
	})
}

// TestEveryFormat runs every format over a real scan with the built-in rules and over
// edge cases: an empty report, an incomplete one.
func TestEveryFormat(t *testing.T) {
	snap := repo.New(repo.Meta{Name: "x", FullName: "./x"}, []repo.Entry{{Path: "main.go", Kind: repo.File, Size: 1}},
		repo.LoaderFunc(func(context.Context, repo.Entry) (io.ReadCloser, error) { return nil, os.ErrNotExist }))
	cfg := rules.Defaults(rules.All())
	real := &report.Report{Started: time.Unix(0, 0), Finished: time.Unix(1, 0), Rules: ruleInfos(rules.All()),
		Repos: []report.Repository{{Meta: snap.Meta, Results: scanner.Evaluate(context.Background(), snap, scanner.Options{Rules: cfg})}}}
	empty := &report.Report{}
	incomplete := fixtureReport()
	incomplete.Incomplete = true
	incomplete.Problems = []string{"listing acme: 502 Bad Gateway"}
	for name, r := range map[string]*report.Report{"builtin": real, "empty": empty, "incomplete": incomplete} {
		for _, f := range Formats() {
			t.Run(name+"/"+f, func(t *testing.T) {
				out := render(t, f, Options{}, r)
				if len(out) == 0 {
					t.Fatal("empty output")
				}
				switch f {
				case "json", "sarif":
					var v map[string]any
					if err := json.Unmarshal(out, &v); err != nil {
						t.Fatalf("not JSON: %v", err)
					}
					if f == "json" {
						validateJSONSchema(t, out)
					} else {
						checkSARIF(t, out, len(r.AllRules()))
					}
				case "csv":
					if _, err := csv.NewReader(bytes.NewReader(out)).ReadAll(); err != nil {
						t.Fatalf("not CSV: %v", err)
					}
				}
				if f == "summary" && bytes.Contains(out, []byte("complete=true")) == (name == "incomplete") {
					t.Errorf("summary says complete=%v for the %s report", !bytes.Contains(out, []byte("complete=false")), name)
				}
				if name == "builtin" && f != "csv" && f != "summary" && !bytes.Contains(out, []byte("readme")) {
					t.Errorf("the built-in rule readme is missing from the %s output", f)
				}
			})
		}
	}
	if _, err := New("xml", Options{}); err == nil {
		t.Error("New(xml) succeeded")
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	sch, err := c.Compile(filepath.Join("..", "docs", "report.schema.json"))
	if err != nil {
		t.Fatalf("compiling docs/report.schema.json: %v", err)
	}
	return sch
}

func validateJSONSchema(t *testing.T, out []byte) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := compileSchema(t).Validate(doc); err != nil {
		t.Errorf("the JSON report does not match docs/report.schema.json: %v", err)
	}
}

func TestJSONGoldenMatchesSchema(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	validateJSONSchema(t, b)

	// The schema must reject what it documents as invalid (it can fail).
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	v["schemaVersion"] = "2"
	repos := v["repositories"].([]any)
	repos[0].(map[string]any)["results"].([]any)[0].(map[string]any)["status"] = "maybe"
	bad, _ := json.Marshal(v)
	doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if err := compileSchema(t).Validate(doc); err == nil {
		t.Error("a report with an unknown status and schemaVersion validated")
	}
}

func TestJSONContent(t *testing.T) {
	var doc jsonReport
	if err := json.Unmarshal(render(t, "json", Options{Version: fixtureVersion}, fixtureReport()), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Tool.Version != fixtureVersion || doc.Policy.Digest == "" || len(doc.Targets) != 2 || doc.RunID == "" {
		t.Errorf("run metadata: %+v %+v %v %q", doc.Tool, doc.Policy, doc.Targets, doc.RunID)
	}
	n := 0
	for _, r := range doc.Repositories {
		n += len(r.Results)
	}
	if n != 24 {
		t.Errorf("%d results, want 24 (every result, passes included)", n)
	}
	if doc.Repositories[3].Score != nil {
		t.Errorf("the unreadable repository has a score: %v", *doc.Repositories[3].Score)
	}
	if doc.Summary.FullyCompliant != 1 || doc.Summary.Scanned != 4 || doc.Summary.Unreadable != 1 {
		t.Errorf("summary: %+v", doc.Summary)
	}
}

func TestCSV(t *testing.T) {
	rows, err := csv.NewReader(bytes.NewReader(render(t, "csv", Options{}, fixtureReport()))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+5*len(fixtureRules) {
		t.Errorf("%d rows, want a header and one per repository × rule (%d)", len(rows), 1+5*len(fixtureRules))
	}
	for _, row := range rows {
		if len(row) != len(csvHeader) {
			t.Fatalf("row %v has %d cells", row, len(row))
		}
	}
	if got := csvSafe("=HYPERLINK(1)"); got != "'=HYPERLINK(1)" {
		t.Errorf("csvSafe = %q", got)
	}
}

func TestTable(t *testing.T) {
	plain := string(render(t, "table", Options{}, fixtureReport()))
	if strings.Contains(plain, "\x1b[") {
		t.Error("colour without Options.Color")
	}
	for _, want := range []string{"repositories scanned  4", "fully compliant       1 (25%)", "✗ license-file", "not scanned"} {
		if !strings.Contains(plain, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	colored := render(t, "table", Options{Color: true, Width: 40}, fixtureReport())
	if !bytes.Contains(colored, []byte("\x1b[31m")) {
		t.Error("no colour with Options.Color")
	}
	for _, line := range strings.Split(strings.TrimRight(string(colored), "\n"), "\n") {
		if w := visibleWidth(line); w > 40 {
			t.Errorf("line wider than 40 columns (%d): %q", w, line)
		}
	}
	if got := fitWidth("\x1b[1mabcdef\x1b[0m", 4); got != "\x1b[1mabc…\x1b[0m" {
		t.Errorf("fitWidth = %q", got)
	}
	if got := fitWidth("日本語テキスト", 5); visibleWidth(got) > 5 {
		t.Errorf("fitWidth(wide) = %q (%d columns)", got, visibleWidth(got))
	}
}

func TestMarkdown(t *testing.T) {
	md := string(render(t, "markdown", Options{}, fixtureReport()))
	for _, want := range []string{"## repogov: 1 of 4 repositories fully compliant", "### Failures", "*Fix:* Add LICENSE", "| [acme/alpha](https://github.com/acme/alpha) | 100 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(md, "</script>") {
		t.Error("raw HTML from a message reached the markdown")
	}
}

func TestHTMLEscapesData(t *testing.T) {
	out := string(render(t, "html", Options{}, fixtureReport()))
	if n := strings.Count(out, "</script>"); n != 2 {
		t.Errorf("%d </script> in the page, want 2: a message closed a script element", n)
	}
	if strings.Contains(out, "<b>x</b>") {
		t.Error("a message's markup reached the page unescaped")
	}
	for _, bad := range []string{"<link", " src=", "url(", "@import", "<iframe", "<img"} {
		if strings.Contains(out, bad) {
			t.Errorf("the page loads an external asset: %q", bad)
		}
	}
	m := regexp.MustCompile(`(?s)<script type="application/json" id="report-data">(.*?)</script>`).FindStringSubmatch(out)
	if m == nil {
		t.Fatal("no embedded data")
	}
	var doc jsonReport
	if err := json.Unmarshal([]byte(m[1]), &doc); err != nil {
		t.Fatalf("embedded data is not JSON: %v", err)
	}
	msg := doc.Repositories[1].Results[5].Findings[1].Message
	if !strings.Contains(msg, "</script><b>x</b>") {
		t.Errorf("embedded message lost its text: %q", msg)
	}
}

func TestPlainText(t *testing.T) {
	for _, tc := range []struct{ in, full, plain string }{
		{"Add `LICENSE` **now**.\n\nSee [SPDX](https://spdx.org).", "Add LICENSE now.", "Add LICENSE now.\n\nSee SPDX (https://spdx.org)."},
		{"## Why\n\n* one\n* two", "Why", "Why\n\n- one\n- two"},
		{"", "", ""},
	} {
		if got := firstParagraph(tc.in); got != tc.full {
			t.Errorf("firstParagraph(%q) = %q, want %q", tc.in, got, tc.full)
		}
		if got := plainText(tc.in); got != tc.plain {
			t.Errorf("plainText(%q) = %q, want %q", tc.in, got, tc.plain)
		}
	}
	if got := ruleName("code-of-conduct-contact"); got != "CodeOfConductContactCheck" {
		t.Errorf("ruleName = %q", got)
	}
}

func ruleInfos(rs []rules.Rule) []report.Rule {
	out := make([]report.Rule, len(rs))
	for i, r := range rs {
		out[i] = r.Info()
	}
	return out
}

// The HTML rules table shows the severity the policy gave (read from the results, the
// rule list carries defaults) and "–" for a rule that applied nowhere, as the table does.
func TestHTMLRuleSeverityAndPassRate(t *testing.T) {
	r := fixtureReport()
	for i := range r.Repos {
		for j := range r.Repos[i].Results {
			switch res := &r.Repos[i].Results[j]; res.RuleID {
			case "codeowners":
				res.Severity = rules.Error // the policy raised it from note
			case "publiccode-yml":
				*res = rules.Result{RuleID: res.RuleID, Status: rules.NotApplicable, Severity: rules.Note, Message: "n/a"}
			}
		}
	}
	out := string(render(t, "html", Options{}, r))
	row := regexp.MustCompile(`(?s)<th scope="row"><a href="[^"]*">([a-z-]+)</a><br><small>[^<]*</small></th>\s*<td>([^<]*)</td>\s*<td><svg.*?</svg></td>\s*<td>([^<]*)</td>`)
	got := map[string][2]string{}
	for _, m := range row.FindAllStringSubmatch(out, -1) {
		got[m[1]] = [2]string{m[2], m[3]}
	}
	want := map[string][2]string{
		"license-file":    {"error", "75%"},
		"readme":          {"error", "50%"},
		"contributing":    {"error, warning", "75%"}, // delta's policy raised it
		"security-policy": {"warning", "67%"},
		"codeowners":      {"error", "67%"},
		"publiccode-yml":  {"note", "–"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rules table (-want +got):\n%s", diff)
	}
}

// A fix that quotes code keeps its code spans (so GitHub renders them as code) and still
// escapes the text around them.
func TestMarkdownFixKeepsCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Add .github/CODEOWNERS, e.g. `* @OWNER/maintainers`.", "Add .github/CODEOWNERS, e.g. `* @OWNER/maintainers`."},
		{"Set `license: MIT` in *publiccode.yml*.", "Set `license: MIT` in \\*publiccode.yml\\*."},
		{"Rename `a_b` to <b>c</b>", "Rename `a_b` to &lt;b&gt;c&lt;/b&gt;"},
		{"one ` unpaired", "one \\` unpaired"},
		{"``", "\\`\\`"},
	} {
		if got := mdEscapeKeepCode(tc.in); got != tc.want {
			t.Errorf("mdEscapeKeepCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	r := fixtureReport()
	r.Repos[1].Results[0].Remediation = "Add `LICENSE` with the text of an OSI-approved licence."
	md := string(render(t, "markdown", Options{}, r))
	if !strings.Contains(md, "*Fix:* Add `LICENSE` with") {
		t.Errorf("the fix line lost its code span:\n%s", md)
	}
}

// TestCodeQuality checks GitLab's required shape (specs/gitlab-api.md §9.1): an array,
// no BOM, every required field, valid severities, unique fingerprints equal to the
// SARIF ones, and only failures.
func TestCodeQuality(t *testing.T) {
	r := fixtureReport()
	out := render(t, "codequality", Options{}, r)
	if bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) || out[0] != '[' {
		t.Fatalf("not a bare JSON array: %.20q", out)
	}
	var issues []map[string]any
	if err := json.Unmarshal(out, &issues); err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, rr := range r.Repos {
		for _, res := range rr.Results {
			if res.Failed() {
				failed++
			}
		}
	}
	if len(issues) < failed {
		t.Errorf("%d issues for %d failed results", len(issues), failed)
	}
	sarifFPs := map[string]bool{}
	for _, m := range regexp.MustCompile(`"primaryLocationLineHash": "([0-9a-f]+)"`).FindAllSubmatch(render(t, "sarif", Options{}, r), -1) {
		sarifFPs[string(m[1])] = true
	}
	seen := map[string]bool{}
	for _, is := range issues {
		for _, k := range []string{"description", "check_name", "fingerprint", "severity"} {
			if s, _ := is[k].(string); s == "" {
				t.Errorf("issue without %s: %v", k, is)
			}
		}
		switch is["severity"] {
		case "info", "minor", "major", "critical", "blocker":
		default:
			t.Errorf("severity %v", is["severity"])
		}
		loc, _ := is["location"].(map[string]any)
		lines, _ := loc["lines"].(map[string]any)
		if p, _ := loc["path"].(string); p == "" || strings.HasPrefix(p, "/") {
			t.Errorf("location.path %q", loc["path"])
		}
		if b, _ := lines["begin"].(float64); b < 1 {
			t.Errorf("location.lines.begin %v", lines["begin"])
		}
		fp := is["fingerprint"].(string)
		if seen[fp] {
			t.Errorf("duplicate fingerprint %s", fp)
		}
		seen[fp] = true
		if !sarifFPs[fp] {
			t.Errorf("fingerprint %s is not the SARIF one", fp)
		}
	}
	if got := render(t, "codequality", Options{}, &report.Report{}); string(got) != "[]\n" {
		t.Errorf("empty report = %q, want []", got)
	}
	tests := []struct {
		s    report.Severity
		want string
	}{{report.Error, "major"}, {report.Warning, "minor"}, {report.Note, "info"}}
	for _, tc := range tests {
		if got := CodeQualitySeverity(tc.s); got != tc.want {
			t.Errorf("%v → %s, want %s", tc.s, got, tc.want)
		}
	}
}
