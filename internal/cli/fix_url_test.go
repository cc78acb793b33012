package cli

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repogov fix fetches url: templates (a maintainer's machine is online): a fetch that
// fails is one problem naming the policy position and the URL without its query, exit 2,
// and nothing is written. The server is a loopback port that refuses connections.
func TestFixFetchesURLTemplates(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	dir := t.TempDir()
	pol := filepath.Join(t.TempDir(), "p.yml")
	os.WriteFile(pol, []byte("rules: {license-file: true}\ntemplates:\n  license-file:\n    file: LICENSE\n    url: https://"+addr+"/LICENSE?sig=s3cr3t\n"), 0o644)
	code, out, stderr := runCLI(context.Background(), "fix", "--config", pol, dir)
	want := pol + ":3:3: template license-file: url https://" + addr + "/LICENSE?…: "
	if code != 2 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "LICENSE not written") || strings.Contains(stderr+out, "s3cr3t") {
		t.Fatalf("exit %d, want 2 and %q:\n%s\n%s", code, want, out, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "LICENSE")); err == nil {
		t.Error("LICENSE written")
	}
}
