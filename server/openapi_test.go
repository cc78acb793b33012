package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// openAPI loads docs/openapi.yaml as JSON values and a compiler that resolves its schemas
// (OpenAPI 3.1 schemas are JSON Schema 2020-12).
func openAPI(t *testing.T) (map[string]any, *jsonschema.Compiler) {
	t.Helper()
	b, err := os.ReadFile("../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var y any
	if err := yaml.Unmarshal(b, &y); err != nil {
		t.Fatalf("docs/openapi.yaml: %v", err)
	}
	j, err := json.Marshal(y)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource("https://repogov.invalid/openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	return doc.(map[string]any), c
}

// TestOpenAPI checks every API response against the schema docs/openapi.yaml gives for
// its path and status, and that the document and the router list the same paths.
func TestOpenAPI(t *testing.T) {
	doc, c := openAPI(t)
	s, h := testServer(t, Options{})
	sn := s.snap.Load()
	key := encodeKey(sn.Repos[3].Key)
	tests := []struct {
		path, target string
		status       int
	}{
		{"/api/v1/runs", "/api/v1/runs", 200},
		{"/api/v1/repositories", "/api/v1/repositories", 200},
		{"/api/v1/repositories", "/api/v1/repositories?rule=readme&status=pass&sort=failures&order=desc&per_page=200", 200},
		{"/api/v1/repositories", "/api/v1/repositories?q=nothing-matches", 200},
		{"/api/v1/results/{key}", "/api/v1/results/" + key, 200},
		{"/api/v1/results/{key}", "/api/v1/results/github.com/acme/none", 404},
		{"/api/v1/history/{key}", "/api/v1/history/" + key, 200},
		{"/api/v1/history/{key}", "/api/v1/history/github.com/acme/none", 404},
		{"/api/v1/rules", "/api/v1/rules", 200},
		{"/api/v1/diff", "/api/v1/diff?from=1&to=4", 200},
		{"/api/v1/diff", "/api/v1/diff?from=4&to=1", 200},
		{"/api/v1/diff", "/api/v1/diff?from=1", 400},
		{"/api/v1/diff", "/api/v1/diff?from=1&to=77", 404},
		{"/api/v1/trend", "/api/v1/trend", 200},
		{"/api/v1/teams", "/api/v1/teams", 200},
	}
	paths := doc["paths"].(map[string]any)
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := get(t, h, tt.target)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			op, ok := paths[tt.path].(map[string]any)["get"].(map[string]any)
			if !ok {
				t.Fatalf("docs/openapi.yaml has no GET %s", tt.path)
			}
			resp := op["responses"].(map[string]any)[itoa(int64(tt.status))].(map[string]any)
			ptr := "#/paths/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(tt.path) + "/get/responses/" + itoa(int64(tt.status))
			if ref, ok := resp["$ref"].(string); ok {
				ptr = ref
			}
			sch, err := c.Compile("https://repogov.invalid/openapi.json" + ptr + "/content/application~1json/schema")
			if err != nil {
				t.Fatalf("compiling the schema of %s %d: %v", tt.path, tt.status, err)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(rec.Body.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(v); err != nil {
				t.Errorf("response does not match docs/openapi.yaml: %v", err)
			}
		})
	}
	// The router's API paths and the document's are the same set.
	var routed []string
	src, _ := os.ReadFile("server.go")
	for _, m := range regexp.MustCompile(`"GET (/api/v1/[^" ]+)"`).FindAllSubmatch(src, -1) {
		routed = append(routed, strings.Replace(string(m[1]), "{key...}", "{key}", 1))
	}
	var documented []string
	for p := range paths {
		documented = append(documented, p)
	}
	slices.Sort(routed)
	slices.Sort(documented)
	if !slices.Equal(routed, documented) {
		t.Errorf("routed API paths %v, documented %v", routed, documented)
	}
	_ = http.StatusOK
}
