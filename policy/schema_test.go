package policy

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/scanner/selection"
)

// docs/policy.schema.json is generated from policy/schema.go: editing either alone fails
// here (`go test ./policy -update` regenerates the file).
func TestSchemaFile(t *testing.T) {
	golden(t, "../docs/policy.schema.json", Schema())
	if !slices.Equal(selectionProps.keys(), selection.Keys) {
		t.Errorf("selection keys %q, the sources' flags %q", selectionProps.keys(), selection.Keys)
	}
}

func compilePolicySchema(t *testing.T, schema []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource("policy.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("policy.schema.json")
	if err != nil {
		t.Fatalf("compiling the schema: %v", err)
	}
	return sch
}

// schemaAccepts validates a YAML policy against the schema (as an editor would).
func schemaAccepts(t *testing.T, sch *jsonschema.Schema, src string) error {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(doc)
}

// The schema and the decoder agree on what a policy file may say: every file below is
// accepted by both or rejected by both.
func TestSchemaAgreesWithDecoder(t *testing.T) {
	sch := compilePolicySchema(t, Schema())
	tests := []struct {
		name, src string
		ok        bool
	}{
		{"starter", string(Starter()), true},
		{"empty", "extends: []\n", true},
		{"rules forms", "extends: []\nrules: {readme: true, license-file: off, contributing: warning, inactive: {severity: note, options: {days: 30}}}\n", true},
		{"selection", "extends: []\nselection: {include-archived: true, visibility: [public], include: ['acme/*']}\n", true},
		{"custom contains", "extends: []\ncustom-rules:\n  - {id: a, type: file-contains, files: [README*], pattern: x, if-missing: pass}\n", true},
		{"custom size", "extends: []\ncustom-rules:\n  - {id: a, type: max-file-size, files: ['**'], max-size: 10MB}\n", true},
		{"exemption", "extends: []\nrules: {readme: true}\nexemptions:\n  - {repositories: [x], rules: [readme], reason: why, expires: '2027-01-01'}\n", true},
		{"unknown top-level key", "extends: []\nrulez: {}\n", false},
		{"unknown selection key", "extends: []\nselection: {archived: true}\n", false},
		{"bad visibility", "extends: []\nselection: {visibility: [secret]}\n", false},
		{"unknown rule key", "extends: []\nrules: {readme: {level: error}}\n", false},
		{"bad severity", "extends: []\nrules: {readme: fatal}\n", false},
		{"unknown custom key", "extends: []\ncustom-rules:\n  - {id: a, type: file-exists, files: [x], glob: y}\n", false},
		{"custom type unknown", "extends: []\ncustom-rules:\n  - {id: a, type: file-magic, files: [x]}\n", false},
		{"custom missing files", "extends: []\ncustom-rules:\n  - {id: a, type: file-exists}\n", false},
		{"custom needs pattern", "extends: []\ncustom-rules:\n  - {id: a, type: file-contains, files: [x]}\n", false},
		{"custom key of another type", "extends: []\ncustom-rules:\n  - {id: a, type: file-exists, files: [x], max-size: 3}\n", false},
		{"custom bad id", "extends: []\ncustom-rules:\n  - {id: A_b, type: file-exists, files: [x]}\n", false},
		{"exemption without reason", "extends: []\nrules: {readme: true}\nexemptions:\n  - {repositories: [x], rules: [readme]}\n", false},
		{"repository-exemptions key", "extends: []\nrepository-exemptions: {allowed: true}\n", false},
		{"version 2", "version: 2\nextends: []\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, decErr := Parse("p.yml", []byte(tt.src), testRules)
			schErr := schemaAccepts(t, sch, tt.src)
			if (decErr == nil) != tt.ok || (schErr == nil) != tt.ok {
				t.Errorf("want ok=%v; decoder: %v; schema: %v", tt.ok, decErr, schErr)
			}
		})
	}
}

// A change to the definitions reaches both the decoder and the schema, in both
// directions: a key added is accepted by both, a key removed is refused by both.
func TestSchemaChangeBothWays(t *testing.T) {
	saved := slices.Clone(selectionProps)
	t.Cleanup(func() { selectionProps = saved })
	src := "extends: []\nselection: {owners: [acme]}\n"

	selectionProps = append(slices.Clone(saved), field{"owners", strs("Owners.")})
	if _, err := Parse("p.yml", []byte(src), testRules); err != nil {
		t.Errorf("added key: decoder refuses it: %v", err)
	}
	if err := schemaAccepts(t, compilePolicySchema(t, Schema()), src); err != nil {
		t.Errorf("added key: schema refuses it: %v", err)
	}

	selectionProps = slices.DeleteFunc(slices.Clone(saved), func(f field) bool { return f.key == "topics" })
	removed := "extends: []\nselection: {topics: [oss]}\n"
	if _, err := Parse("p.yml", []byte(removed), testRules); err == nil || !strings.Contains(err.Error(), `unknown key "topics"`) {
		t.Errorf("removed key: decoder: %v", err)
	}
	if err := schemaAccepts(t, compilePolicySchema(t, Schema()), removed); err == nil {
		t.Errorf("removed key: schema still accepts it")
	}
}
