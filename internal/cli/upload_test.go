package cli

import (
	"context"
	"strings"
	"testing"
)

func TestUploadSarifErrors(t *testing.T) {
	empty := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"upload-sarif"}, "--dir is required"},
		{[]string{"upload-sarif", "--dir", empty + "/nope"}, "not a directory"},
		{[]string{"upload-sarif", "--dir", empty}, "needs a token"},
		{[]string{"upload-sarif", "--dir", empty, "--app-id", "7"}, "no private key"},
	} {
		code, stdout, stderr := runCLI(context.Background(), tc.args...)
		if code != ExitError || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
}
