package gitlab

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/gitlabtest"
)

// An instance without GraphQL is read entirely through REST (client-go), with the same
// files, following offset pages of the group listing.
func TestRESTOnly(t *testing.T) {
	ctx := context.Background()
	srv0 := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: testToken})
	want, err := scanAll(ctx, newSource(t, srv0, Options{Token: testToken, Selection: all}, "gov", "alice", "gov/health/records"))
	if err != nil {
		t.Fatal(err)
	}
	srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: testToken, NoGraphQL: true})
	var logs strings.Builder
	got, err := scanAll(ctx, newSource(t, srv, Options{Token: testToken, Selection: all, Logger: slog.New(slog.NewTextHandler(&logs, nil))},
		"gov", "alice", "gov/health/records"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(names(want), names(got)); diff != "" {
		t.Fatalf("projects (-graphql +rest):\n%s", diff)
	}
	for _, n := range names(want) {
		if diff := cmp.Diff(want[n].Files, got[n].Files); diff != "" {
			t.Errorf("%s files (-graphql +rest):\n%s", n, diff)
		}
		if diff := cmp.Diff(want[n].Entries, got[n].Entries); diff != "" {
			t.Errorf("%s entries (-graphql +rest):\n%s", n, diff)
		}
		w, g := want[n].Meta, got[n].Meta
		g.HeadOID, w.HeadOID = "", "" // REST listing has no HEAD commit (no result cache)
		g.URL, w.URL = "", ""         // the fake's REST and GraphQL web URLs differ
		g.HostLicense = ""            // single projects get GitLab's licence detection
		w.HostLicense = ""
		if diff := cmp.Diff(w, g); diff != "" {
			t.Errorf("%s meta (-graphql +rest):\n%s", n, diff)
		}
	}
	if n := strings.Count(logs.String(), "no GraphQL API"); n != 1 {
		t.Errorf("the REST fallback was said %d times:\n%s", n, logs.String())
	}
	if st := srv.Stats(); st.GraphQL != 0 {
		t.Errorf("%d GraphQL queries answered", st.GraphQL)
	}
}

// REST pages: the group listing by offset (X-Next-Page), a root of more than 100
// entries by keyset (Link rel="next").
func TestRESTPagination(t *testing.T) {
	store := gitlabtest.NewStore()
	gitlabtest.Synthetic(store, "big", 230, 3)
	files := map[string]gitlabtest.File{}
	for i := range 250 {
		files[fmt.Sprintf("file-%03d.txt", i)] = gitlabtest.File{Data: []byte("x")}
	}
	files["LICENSE"] = gitlabtest.File{Data: []byte("MIT License\n")}
	store.AddRepo(store.Org("big"), "wide", gitlabtest.ProjectMeta{}, files)
	srv := gitlabtest.Start(t, store, gitlabtest.Options{Token: testToken, NoGraphQL: true})
	s := newSource(t, srv, Options{Token: testToken, Selection: all}, "big")
	refs, err := s.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 231 {
		t.Fatalf("listed %d projects, want 231", len(refs))
	}
	if st := srv.Stats(); st.REST != 3 {
		t.Errorf("listing took %d REST requests, want 3 pages of 100", st.REST)
	}
	var wide = refs[len(refs)-1]
	if wide.Meta.Name != "wide" {
		t.Fatalf("last listed %s, want wide (order by id)", wide.Meta.Name)
	}
	srv.ResetStats()
	snap, err := s.Open(context.Background(), wide)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(snap.Entries()); n != 251 {
		t.Errorf("%d entries, want 251", n)
	}
	if st := srv.Stats(); st.REST != 3 {
		t.Errorf("the root took %d REST requests, want 3 keyset pages", st.REST)
	}
	if b, err := snap.ReadFile(context.Background(), "LICENSE"); err != nil || string(b) != "MIT License\n" {
		t.Errorf("LICENSE = %q, %v", b, err)
	}
}

// A GraphQL listing whose root has more than 100 entries reads that project's trees
// through REST; the others stay batched.
func TestWideRootFallsBackToREST(t *testing.T) {
	store := gitlabtest.Fixtures()
	files := map[string]gitlabtest.File{"README.md": {Data: []byte("# wide\n")}}
	for i := range 120 {
		files[fmt.Sprintf("f%03d.txt", i)] = gitlabtest.File{Data: []byte("x")}
	}
	store.AddRepo(store.Org("gov"), "wide", gitlabtest.ProjectMeta{}, files)
	srv := gitlabtest.Start(t, store, gitlabtest.Options{Token: testToken})
	got, err := scanAll(context.Background(), newSource(t, srv, Options{Token: testToken}, "gov"))
	if err != nil {
		t.Fatal(err)
	}
	if w := got["gov/wide"]; len(w.Entries) != 121 || w.Files["README.md"] != "# wide\n" {
		t.Errorf("wide: %d entries, README %q", len(w.Entries), w.Files["README.md"])
	}
	if !strings.HasPrefix(got["gov/portal"].Files["LICENSE"], "MIT") {
		t.Errorf("portal: %v", got["gov/portal"].Files)
	}
}

// A self-managed instance under a relative URL root, and a job token as the only
// credential (public projects, with the warning).
func TestRelativeRootAndJobToken(t *testing.T) {
	srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: testToken, JobToken: "job-token", RelativeRoot: "/gitlab"})
	got, err := scanAll(context.Background(), newSource(t, srv, Options{Token: testToken}, "gov/health"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"gov/health/intranet", "gov/health/labs/lab", "gov/health/records"}, names(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var logs strings.Builder
	got, err = scanAll(context.Background(), newSource(t, srv, Options{JobToken: "job-token", Logger: slog.New(slog.NewTextHandler(&logs, nil))}, "gov/health"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"gov/health/labs/lab", "gov/health/records"}, names(got)); diff != "" {
		t.Errorf("job token (-want +got):\n%s", diff)
	}
	if !strings.Contains(logs.String(), "CI_JOB_TOKEN") || !strings.Contains(logs.String(), "read_api") {
		t.Errorf("no job-token warning: %s", logs.String())
	}
}

// GitLab's licence detection: always for a single project, for every project with
// HostLicense, as SPDX ids.
func TestHostLicense(t *testing.T) {
	srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: testToken})
	got, err := scanAll(context.Background(), newSource(t, srv, Options{Token: testToken}, "gov/portal", "gov/health"))
	if err != nil {
		t.Fatal(err)
	}
	if l := got["gov/portal"].Meta.HostLicense; l != "MIT" {
		t.Errorf("single project: host licence %q, want MIT", l)
	}
	if l := got["gov/health/records"].Meta.HostLicense; l != "" {
		t.Errorf("group member without --gitlab-license: host licence %q, want none asked", l)
	}
	got, err = scanAll(context.Background(), newSource(t, srv, Options{Token: testToken, HostLicense: true}, "gov/health"))
	if err != nil {
		t.Fatal(err)
	}
	if l := got["gov/health/records"].Meta.HostLicense; l != "NONE" {
		t.Errorf("with HostLicense: %q, want NONE (GitLab found no licence)", l)
	}
	for _, tc := range []struct{ key, want string }{{"mit", "MIT"}, {"apache-2.0", "Apache-2.0"}, {"eupl-1.2", "EUPL-1.2"}, {"other", "NOASSERTION"}, {"", ""}} {
		if got := spdxOf(tc.key); got != tc.want {
			t.Errorf("spdxOf(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
}
