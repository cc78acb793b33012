package policy

import (
	"encoding/json"
	"os"
	"slices"
	"sort"
	"testing"
)

// The published schema parses and names exactly the keys the decoder accepts.
func TestSchema(t *testing.T) {
	b, err := os.ReadFile("../docs/policy.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Schema     string `json:"$schema"`
		Properties map[string]struct {
			Properties map[string]any `json:"properties"`
			Items      struct {
				Properties map[string]any `json:"properties"`
			} `json:"items"`
		} `json:"properties"`
		Defs map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	if s.Schema != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema %q", s.Schema)
	}
	check := func(what string, got map[string]any, want []string) {
		t.Helper()
		var keys []string
		for k := range got {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		w := slices.Clone(want)
		sort.Strings(w)
		if !slices.Equal(keys, w) {
			t.Errorf("%s: schema has %q, decoder accepts %q", what, keys, w)
		}
	}
	top := map[string]any{}
	for k := range s.Properties {
		top[k] = nil
	}
	check("top level", top, TopLevelKeys)
	check("selection", s.Properties["selection"].Properties, SelectionKeys)
	check("repository-exemptions", s.Properties["repository-exemptions"].Properties, repoExemptionKeys)
	check("custom rule", s.Defs["custom"].Properties, customKeys)
	check("exemption", s.Properties["exemptions"].Items.Properties, exemptionKeys)
}
