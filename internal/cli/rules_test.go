package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/repogov/repogov/rules"
)

func TestRulesCommand(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want []string // substrings of stdout (or stderr when code != 0)
	}{
		{name: "list", args: []string{"rules"}, want: func() []string {
			var ids []string
			for _, r := range rules.All() {
				ids = append(ids, r.ID+" ")
			}
			return ids
		}()},
		{name: "explain", args: []string{"rules", "readme"}, want: []string{"readme — ", "option:    min-size (int, default 64)", "expects:   README.md", rules.DocsURL + "#readme"}},
		{name: "explain inherited", args: []string{"rules", "contributing"}, want: []string{"inherits:  yes"}},
		{name: "unknown", args: []string{"rules", "nope"}, code: ExitError, want: []string{`unknown rule "nope"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(t.Context(), tt.args, strings.NewReader(""), &out, &errb, func(string) string { return "" })
			if code != tt.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tt.code, errb.String())
			}
			got := out.String()
			if tt.code != 0 {
				got = errb.String()
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
		})
	}
}
