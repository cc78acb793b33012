package repolinter

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/internal/golden"
	"github.com/repogov/repogov/internal/ynode"
	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/rules"
)

// tierBase is where the tiered fixture rulesets say they live; tests map it to
// testdata/tiers (the --resolve URL/=DIR form).
const tierBase = "https://raw.githubusercontent.com/example-gov/ospo-rulesets/main/"

func tierOpts(split bool) Options {
	return Options{Offline: true, Split: split, Resolve: []Mapping{{URL: tierBase, Path: "testdata/tiers"}}}
}

func TestLodashMerge(t *testing.T) {
	parse := func(s string) *yaml.Node {
		n, err := decodeAny([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	tests := []struct{ base, over, want string }{
		// a rule body is inherited; only the level changes
		{`{"r": {"level": "off", "rule": {"type": "t", "options": {"a": 1}}}}`, `{"r": {"level": "error"}}`,
			`{"r": {"level": "error", "rule": {"type": "t", "options": {"a": 1}}}}`},
		// options merge key by key
		{`{"o": {"a": 1, "b": 2}}`, `{"o": {"b": 3, "c": 4}}`, `{"o": {"a": 1, "b": 3, "c": 4}}`},
		// arrays merge index by index: a shorter list keeps the base's tail (lodash.merge)
		{`{"g": ["A", "B", "C"]}`, `{"g": ["x"]}`, `{"g": ["x", "B", "C"]}`},
		{`{"g": [{"a": 1}, {"b": 2}]}`, `{"g": [{"c": 3}]}`, `{"g": [{"a": 1, "c": 3}, {"b": 2}]}`},
		// scalars, null and kind changes replace
		{`{"a": {"x": 1}}`, `{"a": null}`, `{"a": null}`},
		{`{"a": 1}`, `{"a": {"x": 1}}`, `{"a": {"x": 1}}`},
	}
	for _, tt := range tests {
		got, _ := ynode.Encode(lodashMerge(parse(tt.base), parse(tt.over)))
		want, _ := ynode.Encode(parse(tt.want))
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("merge(%s, %s) (-want +got):\n%s", tt.base, tt.over, diff)
		}
	}
}

// The five-tier chain (tier0 defines every rule, mostly off; each later tier changes
// levels only, extending its base by URL or by relative path) converts without a rule
// "not converted", flattened or split, and both forms enable the same rules.
func TestTiers(t *testing.T) {
	ctx := context.Background()
	var enabled []int
	for i := 0; i < 5; i++ {
		loc := fmt.Sprintf("testdata/tiers/tier%d/repolinter.json", i)
		res, err := Import(ctx, loc, rules.All(), tierOpts(false))
		if err != nil {
			t.Fatalf("tier%d: %v", i, err)
		}
		for _, n := range res.Notes {
			if !n.Converted {
				t.Errorf("tier%d: %s", i, n)
			}
		}
		if len(res.Levels) != i+1 {
			t.Fatalf("tier%d: %d levels", i, len(res.Levels))
		}
		p, err := policy.Parse("flat.yml", res.Policy, rules.All())
		if err != nil {
			t.Fatal(err)
		}
		enabled = append(enabled, len(p.Configs()))

		split, err := Import(ctx, loc, rules.All(), tierOpts(true))
		if err != nil {
			t.Fatalf("tier%d split: %v", i, err)
		}
		dir := t.TempDir()
		for _, f := range split.Files {
			os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644)
			if i == 4 {
				golden.Check(t, filepath.Join("testdata/tiers/split", f.Name), f.Data)
			}
		}
		sp, err := policy.Load(filepath.Join(dir, split.Files[len(split.Files)-1].Name), rules.All())
		if err != nil {
			t.Fatalf("tier%d split: %v", i, err)
		}
		if diff := cmp.Diff(configView(p), configView(sp)); diff != "" {
			t.Errorf("tier%d: flattened and split differ (-flat +split):\n%s", i, diff)
		}
		if i == 4 {
			golden.Check(t, "testdata/tiers/tier4.flat.golden.yml", res.Policy)
			if want := []string{"tier0-repolinter.yml", "tier1-repolinter.yml", "tier2-repolinter.yml", "tier3-repolinter.yml", "tier4-repolinter.yml"}; !slices.Equal(want, fileNamesOf(split.Files)) {
				t.Errorf("split files %q", fileNamesOf(split.Files))
			}
		}
	}
	// Each tier turns more rules on; tier0 only its four.
	if enabled[0] != 4 || !slices.IsSorted(enabled) || enabled[4] <= enabled[3] {
		t.Errorf("rules enabled per tier: %v", enabled)
	}
}

func fileNamesOf(fs []File) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return out
}

func configView(p *policy.Policy) map[string]string {
	out := map[string]string{}
	for _, c := range p.Configs() {
		out[c.Rule.ID] = c.Severity.String()
	}
	return out
}

// BenchmarkImportTiers prints how long converting the five-tier chain takes.
func BenchmarkImportTiers(b *testing.B) {
	for _, split := range []bool{false, true} {
		b.Run(fmt.Sprintf("split=%v", split), func(b *testing.B) {
			for b.Loop() {
				if _, err := Import(context.Background(), "testdata/tiers/tier4/repolinter.json", rules.All(), tierOpts(split)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func writeRulesets(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, s := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const leaf = `{"version": 2, "rules": {"readme": {"level": "off", "rule": {"type": "file-existence", "options": {"globsAny": ["README*"]}}}}}`

func TestExtendsLocal(t *testing.T) {
	dir := writeRulesets(t, map[string]string{
		"base/base.json": leaf,
		"top/top.yaml":   "version: 2\nextends: ../base/base.json\nrules:\n  readme: {level: warning}\n",
		"cycle/a.json":   `{"version": 2, "extends": "b.json", "rules": {}}`,
		"cycle/b.json":   `{"version": 2, "extends": "./a.json", "rules": {}}`,
		"url.json":       `{"version": 2, "extends": "https://example.org/x.json", "rules": {}}`,
		"plain.json":     `{"version": 2, "extends": "http://example.org/x.json", "rules": {}}`,
	})
	ctx := context.Background()
	res, err := Import(ctx, filepath.Join(dir, "top/top.yaml"), rules.All(), Options{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.Policy), "severity: warning") || strings.Contains(string(res.Policy), "readme: off") {
		t.Errorf("the top's level did not win:\n%s", res.Policy)
	}
	for _, tt := range []struct {
		name string
		opts Options
		want string
	}{
		{"cycle/a.json", Options{Offline: true}, "extends: cycle: "},
		{"url.json", Options{Offline: true}, "not mapped by --resolve, and downloads are off"},
		{"plain.json", Options{}, "only https URLs are fetched"},
		{"missing.json", Options{}, "no such file"},
	} {
		_, err := Import(ctx, filepath.Join(dir, tt.name), rules.All(), tt.opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	// --resolve: an exact URL, and a prefix mapped to a directory it may not leave.
	exact := Options{Offline: true, Resolve: []Mapping{{URL: "https://example.org/x.json", Path: filepath.Join(dir, "base/base.json")}}}
	if _, err := Import(ctx, filepath.Join(dir, "url.json"), rules.All(), exact); err != nil {
		t.Errorf("exact mapping: %v", err)
	}
	esc := writeRulesets(t, map[string]string{"e.json": `{"version": 2, "extends": "https://example.org/m/%2e%2e/secret.json", "rules": {}}`})
	_, err = Import(ctx, filepath.Join(esc, "e.json"), rules.All(), Options{Offline: true, Resolve: []Mapping{{URL: "https://example.org/m/", Path: dir}}})
	if err == nil {
		t.Errorf("a mapped URL left its directory")
	}
	if _, err := ParseMapping("nope"); err == nil {
		t.Errorf("ParseMapping accepted a value without =")
	}
	if m, err := ParseMapping("https://x.org/a/=rules/"); err != nil || m.URL != "https://x.org/a/" || m.Path != "rules/" {
		t.Errorf("ParseMapping: %+v %v", m, err)
	}
}

// Downloads: https only, the token only to GitHub hosts (and not across a redirect to
// another host), a size cap and a timeout.
func TestExtendsHTTPS(t *testing.T) {
	var mu sync.Mutex
	auth := map[string]string{}
	other := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth["other"+r.URL.Path] = r.Header.Get("Authorization")
		mu.Unlock()
		fmt.Fprint(w, leaf)
	}))
	defer other.Close()

	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth[r.URL.Path] = r.Header.Get("Authorization")
		mu.Unlock()
		switch r.URL.Path {
		case "/tier1.json":
			fmt.Fprint(w, `{"version": 2, "extends": "sub/../tier0.json", "rules": {"readme": {"level": "error"}}}`)
		case "/tier0.json":
			fmt.Fprint(w, leaf)
		case "/moved.json":
			// example.com: another host name (the test certificate covers it), dialled on loopback
			http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "example.com", 1)+"/elsewhere.json", http.StatusFound)
		case "/big.json":
			fmt.Fprint(w, `{"version": 2, "rules": {}, "pad": "`+strings.Repeat("x", 5000)+`"}`)
		case "/slow.json":
			<-r.Context().Done()
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	client := srv.Client()
	tr := client.Transport.(*http.Transport)
	tr.TLSClientConfig.RootCAs.AddCert(other.Certificate())
	dial := (&net.Dialer{}).DialContext
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		return dial(ctx, network, strings.Replace(addr, "example.com", "127.0.0.1", 1))
	}
	opts := Options{Client: client, Token: "s3cret", GitHubHosts: []string{"127.0.0.1"}, MaxSize: 4096, Timeout: 2 * time.Second}
	ctx := context.Background()

	res, err := Import(ctx, srv.URL+"/tier1.json", rules.All(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Levels) != 2 || !strings.Contains(string(res.Policy), "severity: error") {
		t.Errorf("levels %+v\n%s", res.Levels, res.Policy)
	}
	if _, err := Import(ctx, srv.URL+"/moved.json", rules.All(), opts); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if auth["/tier1.json"] != "Bearer s3cret" || auth["/tier0.json"] != "Bearer s3cret" || auth["/moved.json"] != "Bearer s3cret" {
		t.Errorf("token not sent to the GitHub host: %q", auth)
	}
	if a := auth["other/elsewhere.json"]; a != "" {
		t.Errorf("token followed a redirect to another host: %q", a)
	}
	mu.Unlock()
	noGitHub := opts
	noGitHub.GitHubHosts = nil
	Import(ctx, srv.URL+"/tier0.json", rules.All(), noGitHub)
	mu.Lock()
	if a := auth["/tier0.json"]; a != "" {
		t.Errorf("token sent to a host that is not GitHub: %q", a)
	}
	mu.Unlock()

	for _, tt := range []struct{ path, want string }{
		{"/big.json", "larger than 4096 bytes"},
		{"/nope.json", "404"},
	} {
		_, err := Import(ctx, srv.URL+tt.path, rules.All(), opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: %v, want %q", tt.path, err, tt.want)
		}
	}
	short := opts
	short.Timeout = 50 * time.Millisecond
	if _, err := Import(ctx, srv.URL+"/slow.json", rules.All(), short); err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("slow: %v", err)
	}
}
