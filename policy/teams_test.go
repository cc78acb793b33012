package policy

import (
	"os"
	"path/filepath"
	"testing"
)

func TestTeams(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.yml")
	top := filepath.Join(dir, "top.yml")
	os.WriteFile(base, []byte("version: 1\nteams:\n  - {team: '@acme/old', topics: [x]}\n"), 0o644)
	os.WriteFile(top, []byte("version: 1\nextends: [base.yml]\nteams:\n  - team: '@acme/web'\n    topics: [frontend]\n    prefixes: [web-]\n  - {team: '@acme/data', prefixes: [DATA]}\n"), 0o644)
	p, err := Load(top, testRules)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		topics []string
		want   string
	}{
		{"web-shop", nil, "@acme/web"},
		{"shop", []string{"go", "frontend"}, "@acme/web"},
		{"data-lake", nil, "@acme/data"},
		{"Data-Lake", nil, "@acme/data"},
		{"tool", []string{"x"}, ""}, // top.yml replaces base.yml's list
		{"web", nil, ""},
	}
	for _, tt := range tests {
		if got := p.TeamOf(tt.name, tt.topics); got != tt.want {
			t.Errorf("TeamOf(%q, %v) = %q, want %q", tt.name, tt.topics, got, tt.want)
		}
	}
	b, err := Load(base, testRules)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.TeamOf("tool", []string{"x"}); got != "@acme/old" {
		t.Errorf("base: %q", got)
	}
}
