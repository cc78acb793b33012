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
