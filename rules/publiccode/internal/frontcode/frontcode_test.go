package frontcode

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRoundTrip(t *testing.T) {
	for _, in := range [][]string{
		{"C_H501", "C_A001", "PCM", "C_A001", "A690_BPE", "ISTSC_AGIC805003", "ISTSC_AGIC81000E"},
		{"x"},
		{"a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"},
	} {
		b, err := Encode(in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, s := range in {
			want[s] = true
		}
		if len(got) != len(want) {
			t.Errorf("Decode(Encode(%q)) = %q", in, got)
		}
		for _, s := range got {
			if !want[s] {
				t.Errorf("Decode(Encode(%q)) has %q", in, s)
			}
		}
	}
	if _, err := Encode([]string{"a\nb"}); err == nil {
		t.Error("a line break was accepted")
	}
	if _, err := Decode([]byte("not gzip")); err == nil {
		t.Error("garbage decoded")
	}
	b, _ := Encode([]string{"b", "a"})
	got, _ := Decode(b)
	if diff := cmp.Diff([]string{"a", "b"}, got); diff != "" {
		t.Errorf("not sorted (-want +got):\n%s", diff)
	}
}
