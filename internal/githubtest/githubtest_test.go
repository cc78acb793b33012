package githubtest

import (
	"strings"
	"testing"
)

func TestQueries(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		valid  bool
		points int
	}{
		{"listing", `query($owner: String!, $after: String) { rateLimit { cost } repositoryOwner(login: $owner) {
			repositories(first: 100, after: $after, ownerAffiliations: [OWNER]) { nodes { name repositoryTopics(first: 20) { nodes { topic { name } } }
			object(expression: "HEAD:") { ... on Tree { entries { name oid } } } } } } }`, true, 1},
		{"nested connections", `{ repositoryOwner(login: "a") { repositories(first: 100) { nodes { issues(first: 50) { nodes { labels(first: 60) { nodes { name } } } } } } } }`, true, 51},
		{"unknown field", `{ repositoryOwner(login: "a") { nonsense } }`, false, 0},
		{"missing argument", `{ repository(name: "x") { name } }`, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := ValidateQuery(tc.query)
			if (err == nil) != tc.valid {
				t.Fatalf("valid = %v, want %v (%v)", err == nil, tc.valid, err)
			}
			if doc != nil {
				if got := queryCost(doc.Operations[0].SelectionSet, nil); got != tc.points {
					t.Errorf("cost %d, want %d", got, tc.points)
				}
			}
		})
	}
}

func TestFixtures(t *testing.T) {
	s := Fixtures(t)
	acme := s.Orgs["acme"]
	if acme == nil || len(acme.Repos) != 8 || s.Orgs["solo"] == nil || !s.Orgs["solo"].User {
		t.Fatalf("fixtures not loaded: %+v", s.Orgs)
	}
	var alpha *Repo
	for _, r := range acme.Repos {
		if r.Name == "alpha" {
			alpha = r
		}
	}
	if o := s.Resolve(alpha, "LICENSE"); o == nil || !strings.HasPrefix(string(o.Data), "MIT License") {
		t.Errorf("alpha LICENSE not resolved")
	}
	// Blobs are shared by id: alpha's and beta's LICENSE are one object.
	beta := acme.Repos[2]
	if s.Resolve(beta, "LICENSE") != s.Resolve(alpha, "LICENSE") {
		t.Errorf("identical blobs not shared")
	}
}
