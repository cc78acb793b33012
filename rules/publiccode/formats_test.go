package publiccode

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestBCP47(t *testing.T) {
	for _, tc := range []struct {
		tag string
		ok  bool
	}{
		{"en", true}, {"en-GB", true}, {"en-us", true}, {"EN-us", true}, {"zh-Hant-TW", true},
		{"sl-IT-nedis", true}, {"x-klingon", true}, {"i-klingon", true}, {"zh-min-nan", true},
		{"es-419", true}, {"zh-yue", true}, {"ar-aeb", true}, {"de-CH-1996", true}, {"en-a-bbb", true},
		{"en-x-private", true}, {"fil", true},
		{"en_GB", false}, {"eng", false}, {"ita", false}, {"english", false}, {"abcd", false},
		{"en-yue", false}, {"en-foobar", false}, {"en-999", false}, {"", false}, {"e", false},
		{"en-", false}, {"x-", false}, {"123", false},
	} {
		if got := checkBCP47(tc.tag) == ""; got != tc.ok {
			t.Errorf("checkBCP47(%q) valid = %v, want %v (%s)", tc.tag, got, tc.ok, checkBCP47(tc.tag))
		}
	}
}

func TestEmail(t *testing.T) {
	for _, tc := range []struct {
		s  string
		ok bool
	}{
		{"a.b+tag@sub.example.org", true}, {"àlvaro@example.it", true}, {"a@b.c", true}, {"x@città.it", true},
		{"a@b", false}, {"a@localhost", false}, {"Name <a@b.it>", false}, {"a@b.it ", false},
		{"a@[127.0.0.1]", false}, {"a@127.0.0.1", false}, {"@b.it", false}, {"a@", false}, {"a..b@c.it", false},
		{".a@c.it", false}, {"a@-b.it", false}, {"a@b..it", false}, {"a b@c.it", false},
	} {
		if got := validEmail(tc.s); got != tc.ok {
			t.Errorf("validEmail(%q) = %v, want %v", tc.s, got, tc.ok)
		}
	}
}

// TestOEmbedCases pins the verdicts observed on the reference (spec §10).
func TestOEmbedCases(t *testing.T) {
	for _, tc := range []struct {
		u  string
		ok bool
	}{
		{"https://www.youtube.com/watch?v=ID", true},
		{"https://m.youtube.com/watch?v=ID", true},
		{"https://youtu.be/ID", true},
		{"https://vimeo.com/123", true},
		{"https://player.vimeo.com/video/123", true},
		{"https://www.dailymotion.com/video/x7", true},
		{"https://youtube.com/watch?v=ID", false},
		{"http://www.youtube.com/watch?v=ID", false},
		{"https://example.org/v.mp4", false},
		{"https://vimeo.com.evil.example/123", false},
	} {
		v := &validator{}
		v.video(&field{path: "v"}, tc.u)
		if got := len(v.probs) == 0; got != tc.ok {
			t.Errorf("video %q accepted = %v, want %v (%v)", tc.u, got, tc.ok, v.probs)
		}
	}
}

func TestMatchScheme(t *testing.T) {
	for _, tc := range []struct {
		p, s string
		ok   bool
	}{
		{"https://*.youtube.com/watch*", "https://www.youtube.com/watch?v=1", true},
		{"https://*.youtube.com/watch*", "https://youtube.com/watch?v=1", false},
		{"a*b*c", "abc", true}, {"a*b*c", "aXbYc", true}, {"a*b*c", "aXbY", false},
		{"*", "", true}, {"", "", true}, {"", "x", false}, {"a", "ab", false},
		{"*a*a*a*a*a*b", strings.Repeat("a", 5000), false},
	} {
		if got := matchScheme(tc.p, tc.s); got != tc.ok {
			t.Errorf("matchScheme(%q, %.20q) = %v, want %v", tc.p, tc.s, got, tc.ok)
		}
	}
}

func TestTables(t *testing.T) {
	if n := len(categories); n != 106 {
		t.Errorf("categories: %d values, want 106", n)
	}
	if n := len(scopes); n != 24 {
		t.Errorf("scopes: %d values, want 24", n)
	}
	if n := len(countries); n != 250 {
		t.Errorf("countries: %d codes, want 249 + XK", n)
	}
	if len(loadOEmbed()) < 20 {
		t.Errorf("oEmbed table has %d schemes", len(loadOEmbed()))
	}
	if n := len(loadIPA()); n != 23735 {
		t.Errorf("iPA list has %d codes, want IndicePA's 23,735 (snapshot %s)", n, ipaSnapshot)
	}
	if !knownIPA("pcm") || !knownIPA("PCM") {
		t.Errorf("iPA lookup is not case-insensitive")
	}
	if knownIPA("no_such_code") {
		t.Errorf("iPA lookup accepts anything")
	}
}

func TestURN(t *testing.T) {
	for _, tc := range []struct {
		s  string
		ok bool
	}{
		{"urn:isbn:0451450523", true}, {"URN:lex:eu:regulation:2016;679", true}, {"urn:x-italian-pa:pcm", true},
		{"urn:a:%41", true}, {"urn:urn:x", false}, {"urn:-a:x", false}, {"urn:a:%4", false}, {"urn:a:", false},
		{"urn:a:b c", false}, {"urn:" + strings.Repeat("a", 33) + ":x", false},
	} {
		v := &validator{}
		v.uri(&field{path: "u"}, tc.s, false)
		if got := len(v.probs) == 0; got != tc.ok {
			t.Errorf("uri %q accepted = %v, want %v (%v)", tc.s, got, tc.ok, v.probs)
		}
	}
}

func minimal(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/valid/minimal.yml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRepoURLOptions(t *testing.T) {
	other := bytes.Replace(minimal(t), []byte("acme/alpha"), []byte("upstream/alpha"), 1)
	for _, tc := range []struct {
		name string
		in   []byte
		opts Options
		want []Problem
	}{
		{"no repository: no check", other, Options{}, nil},
		{"same repository, scheme and case ignored", minimal(t), Options{RepoURL: "HTTP://GITHUB.COM/Acme/Alpha.git/"}, nil},
		{"mismatch", other, Options{RepoURL: "https://github.com/acme/alpha"}, []Problem{{Key: "url", Severity: SeverityError, Code: "repo-mismatch", Line: 3, Column: 1,
			Message: `"https://github.com/upstream/alpha" is not this repository (https://github.com/acme/alpha); catalogs refuse the file`}}},
		{"fork: warning", other, Options{RepoURL: "https://github.com/acme/alpha", Fork: true}, []Problem{{Key: "url", Severity: SeverityWarning, Code: "repo-mismatch", Line: 3, Column: 1,
			Message: `"https://github.com/upstream/alpha" is not this repository (https://github.com/acme/alpha): catalogs skip technical forks; a maintained variant sets url to itself and lists the upstream in isBasedOn`}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, Validate(tc.in, tc.opts)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestFSAndClock(t *testing.T) {
	in := bytes.Replace(minimal(t), []byte("name: Alpha\n"), []byte("name: Alpha\nlogo: logo.svg\n"), 1)
	in = bytes.Replace(in, []byte("  type: none\n"), []byte("  type: contract\n  contractors:\n    - name: X\n      until: \"2025-06-30\"\n"), 1)
	fsys := fstest.MapFS{"logo.svg": {Data: []byte("<svg></svg>")}}
	keys := func(ps []Problem) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Key+"|"+p.Code)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		opts Options
		want []string
	}{
		{"nil FS skips existence; contract ended", Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, []string{"maintenance.contractors[0].until|style"}},
		{"contract running", Options{FS: fsys, Now: time.Date(2025, 6, 30, 10, 0, 0, 0, time.UTC)}, nil},
		{"missing logo", Options{FS: fstest.MapFS{}, Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}, []string{"logo|file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, keys(Validate(in, tc.opts))); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestProblemFormat(t *testing.T) {
	p := Problem{Key: "description.en.shortDescription", Severity: SeverityError, Code: "length", Message: "is 163 characters long, at most 150 are allowed", Line: 12, Column: 5}
	if got, want := p.String(), "12:5: error: description.en.shortDescription: is 163 characters long, at most 150 are allowed"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	b, _ := json.Marshal(p)
	if got, want := string(b), `{"key":"description.en.shortDescription","severity":"error","code":"length","message":"is 163 characters long, at most 150 are allowed","line":12,"column":5}`; got != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
	if got := (Problem{Severity: SeverityError, Message: "m", Line: 1, Column: 1}).String(); got != "1:1: error: m" {
		t.Errorf("whole-file String() = %q", got)
	}
}

func TestSortAndDedupe(t *testing.T) {
	in := []Problem{
		{Key: "b", Code: "x", Message: "m", Line: 2, Column: 1},
		{Key: "a", Code: "x", Message: "m", Line: 2, Column: 1},
		{Key: "z", Code: "x", Message: "m", Line: 1, Column: 9},
		{Key: "a", Code: "x", Message: "m", Line: 5, Column: 1}, // duplicate of key a: dropped
	}
	want := []Problem{in[2], in[1], in[0]}
	if diff := cmp.Diff(want, finish(in)); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestKeySegments(t *testing.T) {
	for in, want := range map[string]string{"en": "description.en", "en-GB": "description.en-GB", "en .x": `description["en .x"]`, "": `description[""]`, "a[0]": `description["a[0]"]`} {
		if got := join("description", in); got != want {
			t.Errorf("join(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSameRepoPath(t *testing.T) {
	gh := &validator{opts: Options{RepoURL: "https://github.com/acme/alpha", DefaultBranch: "main"}}
	gl := &validator{opts: Options{RepoURL: "https://gitlab.com/group/sub/alpha", DefaultBranch: "develop"}}
	for _, tc := range []struct {
		v    *validator
		u    string
		want string
		ok   bool
	}{
		{gh, "https://raw.githubusercontent.com/acme/alpha/main/img/logo.png", "img/logo.png", true},
		{gh, "https://raw.githubusercontent.com/Acme/Alpha/refs/heads/main/img/logo.png", "img/logo.png", true},
		{gh, "https://github.com/acme/alpha/blob/main/docs/a%20b.png", "docs/a b.png", true},
		{gh, "https://github.com/acme/alpha/raw/main/x.png", "x.png", true},
		{gh, "https://github.com/acme/alpha/blob/dev/x.png", "", false},
		{gh, "https://github.com/acme/other/blob/main/x.png", "", false},
		{gh, "https://github.com/acme/alpha/blob/main/../../x.png", "", false},
		{gl, "https://gitlab.com/group/sub/alpha/-/raw/develop/logo.svg", "logo.svg", true},
		{gl, "https://gitlab.com/group/sub/alpha/-/blob/develop/a/b.png", "a/b.png", true},
		{gl, "https://gitlab.com/group/sub/alphabet/-/raw/develop/logo.svg", "", false},
		{&validator{opts: Options{RepoURL: "https://github.com/acme/alpha"}}, "https://github.com/acme/alpha/blob/main/x.png", "", false},
	} {
		u, err := url.Parse(tc.u)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := tc.v.sameRepoPath(u)
		if got != tc.want || ok != tc.ok {
			t.Errorf("sameRepoPath(%s) = %q, %v; want %q, %v", tc.u, got, ok, tc.want, tc.ok)
		}
	}
}

// TestIPACompleteness: with the sample list unknown codes are warnings; once the
// embedded file declares "complete: true" they are errors, as in the reference.
// D11: the embedded iPA list is IndicePA's complete one; an unknown code is an error.
func TestIPAUnknownIsError(t *testing.T) {
	for _, tc := range []struct {
		code string
		want []Severity
	}{
		{"zz_unknown", []Severity{SeverityError}},
		{"c_h501", nil},   // Roma Capitale, lower case
		{"A690_BPE", nil}, // a mixed-case code of the list, upper case
		{"istsc_agic805003", nil},
	} {
		in := bytes.Replace(minimal(t), []byte("name: Alpha\n"), []byte("name: Alpha\norganisation:\n  uri: urn:x-italian-pa:"+tc.code+"\n"), 1)
		var got []Severity
		for _, p := range Validate(in, Options{}) {
			got = append(got, p.Severity)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got)\n%s", tc.code, diff)
		}
	}
}

// Every provider scheme of the embedded oEmbed registry accepts a URL of its own form
// (before the full registry was embedded, 661 of 680 were rejected).
func TestOEmbedRegistry(t *testing.T) {
	schemes := loadOEmbed()
	if len(schemes) != 680 {
		t.Fatalf("%d oEmbed schemes embedded, want the registry's 680", len(schemes))
	}
	rejected := 0
	for _, sch := range schemes {
		if !strings.HasPrefix(sch, "http://") && !strings.HasPrefix(sch, "https://") || strings.Contains(sch, " ") {
			continue // "spotify:*" and one malformed registry entry: no HTTP(S) URL can match
		}
		u := strings.ReplaceAll(sch, "*", "x1")
		v := &validator{}
		v.video(&field{path: "description.en.videos[0]"}, u)
		if len(v.probs) != 0 {
			rejected++
			if rejected <= 5 {
				t.Errorf("%s rejected: %v", u, v.probs)
			}
		}
	}
	if rejected > 0 {
		t.Errorf("%d of %d provider schemes rejected", rejected, len(schemes))
	}
	for _, u := range []string{"https://on.soundcloud.com/abc", "https://www.youtube.com/watch?v=x", "https://vimeo.com/1"} {
		v := &validator{}
		if v.video(&field{path: "v"}, u); len(v.probs) != 0 {
			t.Errorf("%s rejected: %v", u, v.probs)
		}
	}
}

var (
	suggestedIPA   = regexp.MustCompile(`urn:x-italian-pa:([^"\s]*)`)
	suggestedAlias = regexp.MustCompile(`alias:([a-z0-9]+)`)
)

// A suggestion never proposes a value the validator would reject: an invalid codiceIPA
// is not turned into organisation.uri: "urn:x-italian-pa:<the same invalid code>".
func TestSuggestionsAreValid(t *testing.T) {
	it, err := os.ReadFile("testdata/warnings/it-section.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"pcm", "zz_unknown", "c_zz99", "bad code!", "PCM"} {
		in := bytes.Replace(it, []byte("codiceIPA: pcm"), []byte("codiceIPA: \""+code+"\""), 1)
		in = append(in, []byte("  piattaforme:\n    spid: true\n  conforme:\n    gdpr: true\n")...)
		suggested := 0
		for _, p := range Validate(in, testOpts()) {
			for _, m := range suggestedIPA.FindAllStringSubmatch(p.Message, -1) {
				suggested++
				if !knownIPA(m[1]) {
					t.Errorf("codiceIPA %q: %s suggests an unknown iPA code: %s", code, p.Key, p.Message)
				}
			}
			for _, m := range suggestedAlias.FindAllStringSubmatch(p.Message, -1) {
				if _, ok := supportAliases[m[1]]; !ok {
					t.Errorf("%s suggests an unknown alias: %s", p.Key, p.Message)
				}
			}
		}
		if known := strings.EqualFold(code, "pcm"); known != (suggested > 0) {
			t.Errorf("codiceIPA %q: %d organisation.uri suggestions", code, suggested)
		}
	}
}
