package rules

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/repo"
)

func TestPathSet(t *testing.T) {
	ps := NewPathSet("{.github/,,docs/}CODE*OF*CONDUCT*", "LICENSES/**", ".github/ISSUE_TEMPLATE/*", "publiccode.y{,a}ml")
	match := []struct {
		path string
		want bool
	}{
		{"CODE_OF_CONDUCT.md", true},
		{"code-of-conduct.rst", true},
		{".github/CodeOfConduct", true},
		{"Docs/code_of_conduct.md", true}, // any case, directories included
		{"src/CODE_OF_CONDUCT.md", false},
		{"LICENSES/MIT.txt", true},
		{"LICENSES/vendor/x/BSD.txt", true},
		{".github/ISSUE_TEMPLATE/bug.yml", true},
		{".github/ISSUE_TEMPLATE/deep/bug.yml", false},
		{"publiccode.yaml", true},
		{"publiccode.yml", true},
		{"main.go", false},
	}
	for _, tt := range match {
		if got := ps.Match(tt.path); got != tt.want {
			t.Errorf("Match(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
	lists := []struct {
		dir  string
		want bool
	}{
		{"", true},
		{".github", true},
		{".GitHub", true},
		{"docs", true},
		{"DOCS", true},
		{".github/ISSUE_TEMPLATE", true},
		{".github/issue_template", true},
		{".github/ISSUE_TEMPLATE/deep", false},
		{"LICENSES", true},
		{"LICENSES/vendor/x", true},
		{"src", false},
		{"docs/sub", false},
	}
	for _, tt := range lists {
		if got := ps.Lists(tt.dir); got != tt.want {
			t.Errorf("Lists(%q) = %v, want %v", tt.dir, got, tt.want)
		}
	}
	if diff := cmp.Diff([]string{".github", ".github/ISSUE_TEMPLATE", "LICENSES", "docs"}, ps.Dirs()); diff != "" {
		t.Errorf("Dirs() (-want +got):\n%s", diff)
	}
}

func TestExpandBraces(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"README*", []string{"README*"}},
		{"{a,b}/x", []string{"a/x", "b/x"}},
		{"{,docs/}changelog{,.d}/**", []string{"changelog/**", "changelog.d/**", "docs/changelog/**", "docs/changelog.d/**"}},
		{"{a,{b,c}}", []string{"a", "b", "c"}},
		{"{a,b", []string{"{a,b"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, expandBraces(tt.in)); diff != "" {
			t.Errorf("expandBraces(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// Every rule that reads the repository declares it, in valid globs; only the rules on
// host metadata read nothing.
func TestRulesDeclareReads(t *testing.T) {
	hostOnly := map[string]bool{"repository-description": true, "repository-topics": true, "inactive": true}
	for _, r := range All() {
		if len(r.Reads) == 0 != hostOnly[r.ID] {
			t.Errorf("%s: Reads = %q", r.ID, r.Reads)
		}
		for _, g := range r.Reads {
			if !doublestar.ValidatePattern(g) {
				t.Errorf("%s: invalid glob %q", r.ID, g)
			}
		}
	}
}

// listerLoader is a hosted source in miniature: it reads files through load and lists a
// directory on demand from the full index.
type listerLoader struct {
	repo.Loader
	full *repo.Snapshot
}

func (l listerLoader) ListDir(_ context.Context, dir repo.Entry) ([]repo.Entry, error) {
	return l.full.ReadDir(dir.Path), nil
}

// prune is the snapshot a hosted source builds for a rule reading reads: the root and the
// directories reads lists, the rest on demand.
func prune(t *testing.T, root string, meta repo.Meta, reads PathSet) *repo.Snapshot {
	es, load := loadTree(t, root)
	full := repo.New(meta, es, load)
	var kept []repo.Entry
	var listed []string
	for _, e := range full.Entries() {
		dir := path.Dir(e.Path)
		if dir == "." {
			dir = ""
		}
		if reads.Lists(dir) {
			kept = append(kept, e)
			if e.Kind == repo.Dir && reads.Lists(e.Path) {
				listed = append(listed, e.Path)
			}
		}
	}
	return repo.NewPartial(meta, kept, listed, listerLoader{load, full})
}

// Reads is complete: on every fixture, each rule gives the same result on the snapshot a
// hosted source lists from the rule's own Reads as on the whole tree. A rule that looked
// into a directory it does not declare would see it empty, and this test would fail.
func TestReadsComplete(t *testing.T) {
	dirs, err := os.ReadDir(reposDir)
	if err != nil {
		t.Fatal(err)
	}
	orgRoot := filepath.Join(reposDir, "dotgithub")
	orgMeta := repo.Meta{Owner: "acme", Name: ".github", FullName: "acme/.github", Visibility: "public"}
	org := loadDir(t, orgRoot, orgMeta)
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "dotgithub" {
			continue
		}
		root := filepath.Join(reposDir, d.Name())
		meta := fixtureMeta[d.Name()]
		meta.Owner, meta.Name, meta.FullName = "acme", d.Name(), "acme/"+d.Name()
		full := loadDir(t, root, meta)
		full.OrgDefaults = org
		for _, r := range All() {
			reads := NewPathSet(r.Reads...)
			part := prune(t, root, meta, reads)
			part.OrgDefaults = prune(t, orgRoot, orgMeta, reads)
			want := r.Check(t.Context(), full, Options{Now: goldenNow})
			got := r.Check(t.Context(), part, Options{Now: goldenNow})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s on %s: the result differs when only its Reads are listed (-whole tree +listed from Reads):\n%s", r.ID, d.Name(), diff)
			}
		}
	}
}

// A snapshot that cannot list the logo's folder makes publiccode-yml-valid report an
// error, not "does not exist" (the false failure GitHub scans used to give).
func TestNotListedIsNoFalseFail(t *testing.T) {
	root := filepath.Join(reposDir, "nested")
	meta := repo.Meta{Owner: "acme", Name: "nested", FullName: "acme/nested"}
	es, load := loadTree(t, root)
	var rootOnly []repo.Entry
	for _, e := range es {
		if path.Dir(e.Path) == "." {
			rootOnly = append(rootOnly, e)
		}
	}
	s := repo.NewPartial(meta, rootOnly, nil, load) // a loader that cannot list
	got := PubliccodeYmlValid.Check(t.Context(), s, Options{Now: goldenNow})
	if got.Status != StatusError || !strings.Contains(got.Message, "img") {
		t.Errorf("got %s %q, want an error about img/", got.Status, got.Message)
	}
}
