package repolinter

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repogov/repogov/internal/golden"
	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/rules"
)

// TestImportRepolinter converts every ruleset under testdata/repolinter and compares the
// policy (its head comment lists what was not converted, and why) with the golden file.
func TestImport(t *testing.T) {
	files, _ := filepath.Glob("testdata/*")
	n := 0
	for _, f := range files {
		ext := filepath.Ext(f)
		if ext != ".json" && ext != ".yaml" || strings.HasPrefix(filepath.Base(f), "v1") {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			res, err := ImportData(context.Background(), f, data, rules.All(), Options{Offline: true})
			if err != nil {
				t.Fatal(err)
			}
			var notes strings.Builder
			for _, n := range res.Notes {
				notes.WriteString(n.String() + "\n")
			}
			golden.Check(t, strings.TrimSuffix(f, ext)+".golden.yml", res.Policy)
			golden.Check(t, strings.TrimSuffix(f, ext)+".notes.golden", []byte(notes.String()))
			// The result is a policy that loads.
			if _, err := policy.Parse("converted.yml", res.Policy, rules.All()); err != nil {
				t.Fatalf("converted policy: %v", err)
			}
		})
	}
	if n < 3 {
		t.Fatalf("only %d rulesets", n)
	}
}

func TestImportRepolinterErrors(t *testing.T) {
	v1, _ := os.ReadFile("testdata/v1.json")
	tests := []struct {
		name, data, want string
	}{
		{"v1", string(v1), "not a repolinter v2 ruleset"},
		{"not an object", "[1]", "not a repolinter ruleset"},
		{"bad JSON", `{"version": 2,`, "invalid JSON"},
		{"trailing JSON", `{"version": 2, "rules": {}} {}`, "data after the top-level object"},
		{"bad YAML", "version: [", "yaml:"},
		{"empty", "", "empty ruleset"},
		{"rules not an object", `{"version": 2, "rules": []}`, `"rules" must be an object`},
		{"deep", strings.Repeat(`{"a":`, 200) + "1" + strings.Repeat("}", 200), "nested too deeply"},
	}
	for _, tt := range tests {
		_, err := ImportData(context.Background(), "r.json", []byte(tt.data), rules.All(), Options{Offline: true})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	// Without a license-identified rule the licensee rule is listed, not converted.
	res, err := ImportData(context.Background(), "r.json", []byte(`{"version": 2, "rules": {"l": {"rule": {"type": "license-detectable-by-licensee"}}}}`), rules.All()[:1], Options{Offline: true})
	if err != nil || len(res.Notes) != 1 || !strings.Contains(res.Notes[0].String(), "rule l: not converted: this build has no license-identified rule") {
		t.Errorf("%v %+v", err, res)
	}
}

// where conditions become when conditions through the ruleset's axiom names, numeric
// contributor-count ones included (repolinter 0.12's code evaluates them, though its
// schema does not declare the axiom).
func TestImportWhere(t *testing.T) {
	src := `{"version": 2, "axioms": {"linguist": "lang", "contributor-count": "people", "licensee": "lic"},
	  "rules": {
	    "a": {"level": "error", "where": ["lang=go", "people>2", "people<=10"], "rule": {"type": "file-existence", "options": {"globsAny": ["x"]}}},
	    "b": {"level": "error", "where": ["lic=MIT", "lic=ISC"], "rule": {"type": "file-existence", "options": {"globsAny": ["x"]}}},
	    "c": {"level": "error", "where": ["stars>5"], "rule": {"type": "file-existence", "options": {"globsAny": ["x"]}}},
	    "d": {"level": "error", "where": ["language=go"], "rule": {"type": "file-existence", "options": {"globsAny": ["x"]}}}
	  }}`
	res, err := ImportData(context.Background(), "w.json", []byte(src), rules.All(), Options{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	pol := string(res.Policy)
	for _, want := range []string{"language: [go]\n      contributors: ['>2', <=10]", "license: [MIT]"} {
		if !strings.Contains(pol, want) {
			t.Errorf("policy lacks %q:\n%s", want, pol)
		}
	}
	var notes []string
	for _, n := range res.Notes {
		notes = append(notes, n.String())
	}
	want := []string{
		`rule b: converted in part: where "lic=ISC" dropped: repogov ORs the values of one condition, repolinter ANDs them`,
		`rule c: not converted: where "stars>5": the ruleset declares no contributor-count axiom named "stars"`,
		`rule d: not converted: where "language=go": the ruleset declares no axiom named "language" (repogov evaluates linguist, licensee, packagers, contributor-count)`,
	}
	if strings.Join(notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
}
