package gitlab

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/gitlabtest"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/scanner/internal/forge"
	"github.com/repogov/repogov/scanner/selection"
)

const testToken = "glpat-testTOKENvalue0123456789"

// fastRetry keeps the unit tests quick.
var fastRetry = forge.Retry{Attempts: 5, Base: time.Millisecond, Max: 5 * time.Millisecond, Secondary: 5 * time.Millisecond, Timeout: time.Second}

func newSource(t testing.TB, srv *gitlabtest.Server, opts Options, targets ...string) *Source {
	t.Helper()
	if opts.BaseURL == "" {
		opts.BaseURL = srv.BaseURL()
	}
	if opts.Retry == (forge.Retry{}) {
		opts.Retry = fastRetry
	}
	var ts []Target
	for _, x := range targets {
		tg, err := ParseTarget(x)
		if err != nil {
			t.Fatal(err)
		}
		ts = append(ts, tg)
	}
	s, err := New(opts, ts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// digest is everything a rule could see of one project.
type digest struct {
	Meta     repo.Meta
	Entries  []string
	Files    map[string]string
	Defaults bool
}

func digestOf(ctx context.Context, snap *repo.Snapshot) digest {
	d := digest{Meta: snap.Meta, Files: map[string]string{}, Defaults: snap.OrgDefaults != nil}
	for _, e := range snap.Entries() {
		d.Entries = append(d.Entries, fmt.Sprintf("%s %s", e.Path, e.Kind))
		if e.Kind == repo.File || e.Kind == repo.Symlink {
			b, err := snap.ReadFile(ctx, e.Path)
			if err != nil {
				d.Files[e.Path] = "error: " + err.Error()
				continue
			}
			d.Files[e.Path] = string(b)
		}
	}
	return d
}

// scanAll lists and opens every project (through Prepare, as the engine does).
func scanAll(ctx context.Context, s *Source) (map[string]digest, error) {
	refs, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	s.Prepare(ctx, refs)
	out := map[string]digest{}
	for _, r := range refs {
		snap, err := s.Open(ctx, r)
		if err != nil {
			return out, fmt.Errorf("%s: %w", r.Meta.FullName, err)
		}
		out[r.Meta.FullName] = digestOf(ctx, snap)
	}
	return out, nil
}

func names(m map[string]digest) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var all = selection.Selection{IncludeArchived: true, IncludeForks: true}

func TestListAndOpen(t *testing.T) {
	srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: testToken})
	ctx := context.Background()
	got, err := scanAll(ctx, newSource(t, srv, Options{Token: testToken}, "gov"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"gov/binary", "gov/empty", "gov/health/intranet", "gov/health/labs/lab", "gov/health/records", "gov/portal", "gov/secret"}
	if diff := cmp.Diff(want, names(got)); diff != "" {
		t.Errorf("projects (-want +got):\n%s", diff)
	}
	portal := got["gov/portal"]
	wantMeta := repo.Meta{Host: "127.0.0.1", Forge: "gitlab", Owner: "gov", Name: "portal", FullName: "gov/portal", URL: "https://gitlab.example/gov/portal",
		ID: portal.Meta.ID, DefaultBranch: "main", HeadOID: portal.Meta.HeadOID, Visibility: "public", Description: "Citizen portal",
		Topics: []string{"portal", "public-service"}, PushedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	if diff := cmp.Diff(wantMeta, portal.Meta); diff != "" {
		t.Errorf("portal meta (-want +got):\n%s", diff)
	}
	if len(portal.Meta.HeadOID) != 40 || portal.Meta.ID == 0 {
		t.Errorf("portal: no HEAD or id: %+v", portal.Meta)
	}
	tests := []struct {
		project, path, want string
	}{
		{"gov/portal", "LICENSE", "MIT License"},
		{"gov/portal", "COPYING", "MIT License"}, // symlink, followed
		{"gov/portal", ".gitlab/CODEOWNERS", "# Owners"},
		{"gov/portal", ".gitlab/issue_templates/Bug.md", "## Summary"},
		{"gov/portal", ".gitlab/merge_request_templates/Default.md", "## What does"},
		{"gov/portal", "docs/SECURITY.md", "# Security"},
		{"gov/portal", "publiccode.yml", "publiccodeYmlVersion"},
		{"gov/portal", "src/main.go", ""}, // src/ is not listed
		{"gov/binary", "LICENSE.bin", "\x00\x01binary"},
		{"gov/health/records", "docs/CODEOWNERS", "* @someone-else"},
		{"gov/health/labs/lab", "docs/CONTRIBUTING.md", "# How to help"},
	}
	for _, tc := range tests {
		content, ok := got[tc.project].Files[tc.path]
		if tc.want == "" {
			if ok {
				t.Errorf("%s: %s unexpectedly indexed", tc.project, tc.path)
			}
			continue
		}
		if !strings.HasPrefix(content, tc.want) {
			t.Errorf("%s: %s = %q, want prefix %q", tc.project, tc.path, content, tc.want)
		}
	}
	if e := got["gov/empty"]; len(e.Entries) != 0 {
		t.Errorf("empty project has entries %v", e.Entries)
	}
	st := srv.Stats()
	t.Logf("fixtures: %d requests (%d GraphQL, %d REST), complexity %d", st.Requests, st.GraphQL, st.REST, st.Complexity)
}

func TestTargets(t *testing.T) {
	srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: testToken})
	ctx := context.Background()
	tests := []struct {
		targets []string
		want    []string
	}{
		{[]string{"gov/health"}, []string{"gov/health/intranet", "gov/health/labs/lab", "gov/health/records"}},
		{[]string{"gov/health/records"}, []string{"gov/health/records"}},
		{[]string{"gov/old"}, []string{"gov/old"}}, // named: selection does not apply
		{[]string{"alice"}, []string{"alice/dotfiles"}},
		{[]string{"alice/dotfiles", "alice"}, []string{"alice/dotfiles"}},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.targets, ","), func(t *testing.T) {
			got, err := scanAll(ctx, newSource(t, srv, Options{Token: testToken}, tc.targets...))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, names(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSelection(t *testing.T) {
	srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: testToken})
	tests := []struct {
		name string
		sel  selection.Selection
		want []string
	}{
		{"default skips archived and forks", selection.Selection{}, []string{"portal", "empty", "secret", "binary", "records", "intranet", "lab"}},
		{"all", all, []string{"portal", "old", "forked", "empty", "secret", "binary", "records", "intranet", "lab"}},
		{"visibility", selection.Selection{Visibility: []string{"private", "internal"}}, []string{"secret", "intranet"}},
		{"globs on the full path", selection.Selection{Include: []string{"gov/health/*"}, Exclude: []string{"intranet"}}, []string{"records"}},
		{"topics", selection.Selection{Topics: []string{"health", "portal"}, ExcludeTopics: []string{"public-service"}}, []string{"records"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			refs, err := newSource(t, srv, Options{Token: testToken, Selection: tc.sel}, "gov").List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range refs {
				got = append(got, r.Meta.Name)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestAnonymous(t *testing.T) {
	srv := gitlabtest.Start(t, gitlabtest.Fixtures(), gitlabtest.Options{Token: testToken})
	var logs strings.Builder
	s := newSource(t, srv, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))}, "gov")
	got, err := scanAll(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"gov/binary", "gov/empty", "gov/health/labs/lab", "gov/health/records", "gov/portal"}, names(got)); diff != "" {
		t.Errorf("public only (-want +got):\n%s", diff)
	}
	if !strings.Contains(logs.String(), "anonymous") {
		t.Errorf("no anonymous warning: %s", logs.String())
	}
}
