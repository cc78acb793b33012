//go:build unix

package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// isJSONReport reports whether b is a whole JSON report.
func isJSONReport(b []byte) bool {
	var doc struct {
		Repositories []json.RawMessage `json:"repositories"`
	}
	return json.Unmarshal(b, &doc) == nil && len(doc.Repositories) == 1
}

func fileKind(t *testing.T, p string) fs.FileMode {
	t.Helper()
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Type()
}

// Output paths: only regular files (or new paths) are replaced atomically; devices and
// FIFOs are written in place; symlinks are followed; every path is checked before the
// scan.
func TestOutputPaths(t *testing.T) {
	ctx := context.Background()
	type check func(t *testing.T, dir string, stdout string)
	tests := []struct {
		name    string
		root    bool                                                   // needs root (mknod)
		setup   func(t *testing.T, dir string) (string, func() []byte) // the -f json= path; what a reader got
		code    int
		errText string
		check   check
	}{
		{name: "new file", setup: func(t *testing.T, dir string) (string, func() []byte) {
			return filepath.Join(dir, "r.json"), nil
		}, code: ExitFindings, check: func(t *testing.T, dir, _ string) {
			b, _ := os.ReadFile(filepath.Join(dir, "r.json"))
			if !isJSONReport(b) {
				t.Errorf("r.json = %.100q", b)
			}
		}},
		{name: "existing file keeps its mode", setup: func(t *testing.T, dir string) (string, func() []byte) {
			p := filepath.Join(dir, "r.json")
			os.WriteFile(p, []byte("old"), 0o600)
			return p, nil
		}, code: ExitFindings, check: func(t *testing.T, dir, _ string) {
			fi, _ := os.Stat(filepath.Join(dir, "r.json"))
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("mode %v, want 0600", fi.Mode())
			}
		}},
		{name: "symlink to a file", setup: func(t *testing.T, dir string) (string, func() []byte) {
			os.WriteFile(filepath.Join(dir, "real.json"), []byte("old"), 0o644)
			os.Symlink("real.json", filepath.Join(dir, "link.json"))
			return filepath.Join(dir, "link.json"), nil
		}, code: ExitFindings, check: func(t *testing.T, dir, _ string) {
			if k := fileKind(t, filepath.Join(dir, "link.json")); k != fs.ModeSymlink {
				t.Errorf("the link became %v", k)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "real.json")); !isJSONReport(b) {
				t.Errorf("the link's target was not updated: %.100q", b)
			}
		}},
		{name: "dangling symlink", setup: func(t *testing.T, dir string) (string, func() []byte) {
			os.Symlink("new.json", filepath.Join(dir, "link.json"))
			return filepath.Join(dir, "link.json"), nil
		}, code: ExitFindings, check: func(t *testing.T, dir, _ string) {
			if k := fileKind(t, filepath.Join(dir, "link.json")); k != fs.ModeSymlink {
				t.Errorf("the link became %v", k)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "new.json")); !isJSONReport(b) {
				t.Errorf("the link's target was not created: %.100q", b)
			}
		}},
		{name: "FIFO with a reader", setup: func(t *testing.T, dir string) (string, func() []byte) {
			p := filepath.Join(dir, "fifo")
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				t.Fatal(err)
			}
			got := make(chan []byte, 1)
			go func() {
				f, err := os.Open(p)
				if err != nil {
					got <- nil
					return
				}
				defer f.Close()
				b, _ := io.ReadAll(f)
				got <- b
			}()
			return p, func() []byte { return <-got }
		}, code: ExitFindings, check: func(t *testing.T, dir, _ string) {
			if k := fileKind(t, filepath.Join(dir, "fifo")); k != fs.ModeNamedPipe {
				t.Errorf("the FIFO became %v", k)
			}
		}},
		{name: "character device", root: true, setup: func(t *testing.T, dir string) (string, func() []byte) {
			p := filepath.Join(dir, "null")
			if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, 1<<8|3); err != nil { // a null device, in the temp dir
				t.Fatal(err)
			}
			return p, nil
		}, code: ExitFindings, check: func(t *testing.T, dir, _ string) {
			if k := fileKind(t, filepath.Join(dir, "null")); k != fs.ModeDevice|fs.ModeCharDevice {
				t.Errorf("the device became %v", k)
			}
		}},
		{name: "symlink to a character device", root: true, setup: func(t *testing.T, dir string) (string, func() []byte) {
			p := filepath.Join(dir, "null")
			if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
				t.Fatal(err)
			}
			os.Symlink(p, filepath.Join(dir, "out"))
			return filepath.Join(dir, "out"), nil
		}, code: ExitFindings, check: func(t *testing.T, dir, _ string) {
			if k := fileKind(t, filepath.Join(dir, "out")); k != fs.ModeSymlink {
				t.Errorf("the link became %v", k)
			}
			if k := fileKind(t, filepath.Join(dir, "null")); k != fs.ModeDevice|fs.ModeCharDevice {
				t.Errorf("the device became %v", k)
			}
		}},
		{name: "this process's open file", setup: func(t *testing.T, dir string) (string, func() []byte) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			got := make(chan []byte, 1)
			go func() { b, _ := io.ReadAll(r); got <- b }()
			t.Cleanup(func() { r.Close() })
			return fmt.Sprintf("/dev/fd/%d", w.Fd()), func() []byte { w.Close(); return <-got }
		}, code: ExitFindings},
		{name: "directory", setup: func(t *testing.T, dir string) (string, func() []byte) {
			return dir, nil
		}, code: ExitError, errText: "is a directory"},
		{name: "missing parent", setup: func(t *testing.T, dir string) (string, func() []byte) {
			return filepath.Join(dir, "nope", "r.json"), nil
		}, code: ExitError, errText: "does not exist"},
		{name: "parent is a file", setup: func(t *testing.T, dir string) (string, func() []byte) {
			os.WriteFile(filepath.Join(dir, "f"), nil, 0o644)
			return filepath.Join(dir, "f", "r.json"), nil
		}, code: ExitError, errText: "not a directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.root && os.Geteuid() != 0 {
				t.Skip("mknod needs root")
			}
			dir := t.TempDir()
			out, read := tc.setup(t, dir)
			code, stdout, stderr := runCLI(ctx, "scan", minimal, "-f", "table", "-f", "json="+out)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			if tc.errText != "" {
				if !strings.Contains(stderr, tc.errText) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
					t.Errorf("stderr = %q, want one line with %q", stderr, tc.errText)
				}
				if stdout != "" {
					t.Errorf("the scan ran before the output path was checked: stdout %.80q", stdout)
				}
			}
			if read != nil {
				if b := read(); !isJSONReport(b) {
					t.Errorf("the reader got %.100q", b)
				}
			}
			if tc.check != nil {
				tc.check(t, dir, stdout)
			}
			leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
			if len(leftovers) > 0 {
				t.Errorf("temporary files left: %v", leftovers)
			}
		})
	}
}

// An unwritable parent is refused before the scan. Root writes anywhere, so as root the
// check runs in a copy of this test binary as nobody.
func TestUnwritableParent(t *testing.T) {
	dir := os.Getenv("REPOGOV_TEST_RO_DIR")
	if dir == "" {
		dir = t.TempDir()
		for _, d := range []string{filepath.Dir(dir), dir} { // nobody must reach it
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		if os.Geteuid() == 0 {
			asNobody(t, dir, "TestUnwritableParent")
			return
		}
	}
	code, stdout, stderr := runCLI(context.Background(), "scan", minimal, "-f", "table", "-f", "json="+filepath.Join(dir, "ro", "r.json"))
	if code != ExitError || !strings.Contains(stderr, "cannot create files") || stdout != "" {
		t.Errorf("exit %d, stdout %.80q, stderr %q; want exit 2 before the scan", code, stdout, stderr)
	}
}

// asNobody runs test in a world-readable copy of this test binary as user nobody.
func asNobody(t *testing.T, dir, test string) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "test.bin")
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run", "^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), "REPOGOV_TEST_RO_DIR="+dir, "HOME="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "PASS") {
		t.Errorf("as nobody: %v\n%s", err, out)
	}
}

// /dev/null is planned as written in place (never replaced); the real node is only looked at.
func TestDevNullIsWrittenInPlace(t *testing.T) {
	s, err := planOutput("/dev/null")
	if err != nil {
		t.Fatal(err)
	}
	if s.kind != sinkInPlace || s.target != "/dev/null" {
		t.Errorf("plan = %+v, want in place", s)
	}
	if k := fileKind(t, "/dev/null"); k != fs.ModeDevice|fs.ModeCharDevice {
		t.Errorf("/dev/null is %v", k)
	}
	for _, p := range []string{"/dev/stdout", "/dev/stderr"} {
		if s, err := planOutput(p); err != nil || s.kind != sinkInPlace {
			t.Errorf("%s: plan %+v, %v; want in place", p, s, err)
		}
	}
}

// "-" is stdout for -f FMT=- and for -o -.
func TestDashIsStdout(t *testing.T) {
	for _, args := range [][]string{{"-f", "json=-"}, {"-f", "json", "-o", "-"}} {
		code, stdout, stderr := runCLI(context.Background(), append([]string{"scan", minimal}, args...)...)
		if code != ExitFindings || !isJSONReport([]byte(stdout)) {
			t.Errorf("%v: exit %d, stdout %.100q, stderr %s", args, code, stdout, stderr)
		}
		if _, err := os.Stat("-"); err == nil {
			os.Remove("-")
			t.Errorf("%v wrote a file named -", args)
		}
	}
}
