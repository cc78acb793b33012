package remediate

import "testing"

func TestPullDigest(t *testing.T) {
	a := File{Rule: "license", Path: "LICENSE", Data: []byte("MIT")}
	b := File{Rule: "readme", Path: "README.md", Data: []byte("# x")}
	d := PullDigest([]File{a, b})
	if got := PullDigest([]File{b, a}); got != d {
		t.Errorf("order changed the digest: %s != %s", got, d)
	}
	changed := b
	changed.Data = []byte("# y")
	if PullDigest([]File{a, changed}) == d {
		t.Error("a content change kept the digest")
	}
	moved := b
	moved.Path = "docs/README.md"
	if PullDigest([]File{a, moved}) == d {
		t.Error("a path change kept the digest")
	}
	if PullDigest([]File{a}) == d {
		t.Error("a removed file kept the digest")
	}
}

func TestMarkedDigest(t *testing.T) {
	d := PullDigest([]File{{Path: "LICENSE", Data: []byte("MIT")}})
	for _, tc := range []struct{ body, want string }{
		{"Adds files.\n\n" + PullMarkerLine(d) + "\n", d},
		{PullMarkerLine(d), d},
		{"no marker", ""},
		{"<!-- repogov:pull files=sha256:ab", ""},
		{"<!-- repogov:issue policy=x rules=y -->", ""},
	} {
		if got := MarkedDigest(tc.body); got != tc.want {
			t.Errorf("MarkedDigest(%q) = %q, want %q", tc.body, got, tc.want)
		}
	}
}

func TestOwnCommit(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		want bool
	}{
		{"Add governance files\n\n" + PullTrailer + "\n", true},
		{"Add governance files\n\n" + PullTrailer, true},
		{"fix typo", false},
		{PullTrailer + "\n\nthen edited by hand", false},
	} {
		if got := OwnCommit(tc.msg); got != tc.want {
			t.Errorf("OwnCommit(%q) = %v, want %v", tc.msg, got, tc.want)
		}
	}
}
