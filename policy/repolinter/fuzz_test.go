package repolinter

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/repogov/repogov/rules"
)

// FuzzImportRepolinter: arbitrary rulesets never panic, and whatever converts loads.
func FuzzImportRepolinter(f *testing.F) {
	for _, name := range []string{"default.json", "ospo.yaml", "unsupported.json", "v1.json"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ImportData(context.Background(), "fuzz.json", data, rules.All(), Options{Offline: true})
		if err != nil {
			if strings.Contains(err.Error(), "converted policy does not load") {
				t.Fatal(err)
			}
			return
		}
		if len(res.Policy) == 0 {
			t.Fatal("empty policy")
		}
	})
}
