// Package golden compares test output with golden files and rewrites them when the tests
// run with -update (`go test ./... -update`; review the diff before committing). Only
// tests import it: it registers the one -update flag of every test binary that uses it.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ from the current output (review the diff)")

// Update reports whether this run rewrites golden files, for tests that write their own
// expectation formats.
func Update() bool { return *update }

// Check compares got with the file at path. With -update it first writes got there,
// creating the directories.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from the output (run the test with -update to accept it; -file +output):\n%s", path, diff)
	}
}
