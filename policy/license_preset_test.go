package policy

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
)

// Issue 12 #8: under the recommended preset a CC0-1.0 waiver is not an error (the US
// Federal Source Code Policy prescribes it), a policy can still forbid it, and an
// unidentified licence never scores above an identified one.
func TestRecommendedLicences(t *testing.T) {
	text := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "rules", "license", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	recommended, err := Default(rules.All())
	if err != nil {
		t.Fatal(err)
	}
	noCC0, err := Parse("no-cc0.yml", []byte("version: 1\nextends: repogov:recommended\nrules:\n  license-approved:\n    options:\n      deny: [CC0-1.0]\n"), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	repoWith := func(licence string) map[string]string {
		return map[string]string{"README.md": "# x\n\nA project.\n", "LICENSE.md": licence}
	}
	cc0, unknown := repoWith(text("cc0-1.0-us-federal.md")), repoWith(text("garbage.txt"))
	eval := func(p *Policy, files map[string]string) ([]rules.Result, float64) {
		res := scanner.Evaluate(context.Background(), snap("x", files), scanner.Options{Rules: p.Configs(), Exempt: p.Exempt, Now: now})
		return res, (&report.Report{}).Score(report.Repository{Results: res}).Score
	}
	status := func(res []rules.Result, id string) rules.Status {
		for _, r := range res {
			if r.RuleID == id {
				return r.Status
			}
		}
		t.Fatalf("no %s result", id)
		return ""
	}

	res, _ := eval(recommended, cc0)
	if got := status(res, "license-approved"); got != rules.Pass {
		t.Errorf("recommended, CC0-1.0: license-approved = %s, want pass", got)
	}
	res, _ = eval(noCC0, cc0)
	if got := status(res, "license-approved"); got != rules.Fail {
		t.Errorf("deny CC0-1.0: license-approved = %s, want fail", got)
	}
	for _, p := range []*Policy{recommended, noCC0} {
		_, known := eval(p, cc0)
		_, unknownScore := eval(p, unknown)
		if unknownScore >= known {
			t.Errorf("%s: an unidentified licence scores %.1f, CC0-1.0 %.1f; want it lower", p.Name(), unknownScore, known)
		}
	}
}
