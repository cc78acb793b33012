package selection

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/repogov/repogov/repo"
)

func TestMatch(t *testing.T) {
	alpha := repo.Meta{Name: "alpha", FullName: "acme/alpha", Visibility: "public", Topics: []string{"Go", "service"}}
	deep := repo.Meta{Name: "tool", FullName: "acme/platform/tool", Visibility: "internal"}
	tests := []struct {
		name string
		sel  Selection
		meta repo.Meta
		want bool
	}{
		{"empty selects", Selection{}, alpha, true},
		{"archived skipped", Selection{}, repo.Meta{Name: "a", Archived: true}, false},
		{"archived included", Selection{IncludeArchived: true}, repo.Meta{Name: "a", Archived: true}, true},
		{"fork skipped", Selection{}, repo.Meta{Name: "a", Fork: true}, false},
		{"visibility case-insensitive", Selection{Visibility: []string{"PUBLIC"}}, alpha, true},
		{"visibility other", Selection{Visibility: []string{"private"}}, alpha, false},
		{"include by name", Selection{Include: []string{"a*"}}, alpha, true},
		{"include by owner/name, any case", Selection{Include: []string{"ACME/*"}}, alpha, true},
		{"star stays in one segment", Selection{Include: []string{"acme/*"}}, deep, false},
		{"doublestar spans subgroups", Selection{Include: []string{"acme/**"}}, deep, true},
		{"braces", Selection{Include: []string{"{beta,alpha}"}}, alpha, true},
		{"exclude wins", Selection{Include: []string{"*"}, Exclude: []string{"alp*"}}, alpha, false},
		{"topic any of", Selection{Topics: []string{"library", "go"}}, alpha, true},
		{"topic missing", Selection{Topics: []string{"library"}}, alpha, false},
		{"exclude topic", Selection{ExcludeTopics: []string{"SERVICE"}}, alpha, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.sel.Match(tt.meta); got != tt.want {
				t.Errorf("Match = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestValidateGlob(t *testing.T) {
	for _, g := range []string{"a*", "acme/**", "{a,b}-*", "[a-c]x"} {
		if err := ValidateGlob(g); err != nil {
			t.Errorf("%q: %v", g, err)
		}
	}
	for _, g := range []string{"[a-", "{a,b", "a\\"} {
		if err := ValidateGlob(g); err == nil {
			t.Errorf("%q: accepted", g)
		}
	}
}

func TestMerge(t *testing.T) {
	file := Selection{IncludeArchived: true, Visibility: []string{"public"}, Include: []string{"a*"}, Topics: []string{"t"}}
	flags := Selection{IncludeArchived: false, IncludeForks: true, Include: []string{"b*"}, Exclude: []string{"x"}}
	set := map[string]bool{"include-archived": true, "include": true, "exclude": true}
	got := Merge(file, flags, func(f string) bool { return set[f] })
	want := Selection{Visibility: []string{"public"}, Include: []string{"b*"}, Exclude: []string{"x"}, Topics: []string{"t"}}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Each key alone: only that field comes from the flags.
	for _, k := range Keys {
		got := Merge(file, flags, func(f string) bool { return f == k })
		if diff := cmp.Diff(file, got); diff == "" && k != "topics" && k != "exclude-topics" && k != "visibility" {
			t.Errorf("flag %s set: nothing taken from the flags", k)
		}
	}
	if diff := cmp.Diff(flags, Merge(file, flags, func(string) bool { return true })); diff != "" {
		t.Errorf("every flag set (-flags +got):\n%s", diff)
	}
}
