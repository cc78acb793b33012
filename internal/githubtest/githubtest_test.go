package githubtest

import (
	"encoding/json"
	"net/http"
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

// TestGitTrees: trees made through the API (base_tree, nested paths, inline content, a
// deletion) get git's ids and git's entry order (a directory sorts as "name/"); the ids
// are those `git write-tree` gives for the same files.
func TestGitTrees(t *testing.T) {
	store := NewStore()
	store.AddRepo(store.Org("acme"), "t", RepoMeta{}, map[string]File{"README.md": {Data: []byte("z\n")}})
	srv := Start(t, store, Options{Token: "tok"})
	call := func(method, path, body string) map[string]any {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+"/repos/acme/t/"+path, strings.NewReader(body))
		req.Header.Set("Authorization", "token tok")
		req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode >= 300 {
			t.Fatalf("%s %s: %d %v %v", method, path, resp.StatusCode, out, err)
		}
		return out
	}
	root := call("GET", "git/trees/main", "")["sha"].(string)
	made := call("POST", "git/trees", `{"base_tree":"`+root+`","tree":[{"path":"a.txt","mode":"100644","type":"blob","content":"x\n"},{"path":"a/b","mode":"100644","type":"blob","content":"y\n"}]}`)
	if made["sha"] != "e0cd4511aac302aa48dfb0e466a87006d13ef33e" {
		t.Fatalf("tree id %v", made["sha"])
	}
	var names []string
	for _, e := range call("GET", "git/trees/e0cd4511aac302aa48dfb0e466a87006d13ef33e", "")["tree"].([]any) {
		names = append(names, e.(map[string]any)["path"].(string))
	}
	if strings.Join(names, " ") != "README.md a.txt a" {
		t.Fatalf("entry order %q, want git's", names)
	}
	gone := call("POST", "git/trees", `{"base_tree":"e0cd4511aac302aa48dfb0e466a87006d13ef33e","tree":[{"path":"a.txt","mode":"100644","type":"blob","sha":null}]}`)
	if gone["sha"] != "901ef6550465b14af263a87c809483f69c2a3829" {
		t.Fatalf("tree id after a deletion %v", gone["sha"])
	}
}
