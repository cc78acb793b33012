package local

import (
	"context"
	"crypto/rand"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repogov/repogov/internal/gittest"
	"github.com/repogov/repogov/scanner"
)

// A server that accepts and never answers costs --clone-timeout, as an error result of
// that repository; the scan goes on with the others.
func TestCloneTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		var held []net.Conn // accepted, never answered
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	good := filepath.Join(t.TempDir(), "good")
	if _, err := gittest.Create(good, gittest.Files{"README.md": "# good\n"}, gittest.Options{}); err != nil {
		t.Fatal(err)
	}
	opts := Options{CloneTimeout: 200 * time.Millisecond}
	rep := scanner.Scan(context.Background(), []scanner.Source{New("http://"+ln.Addr().String()+"/acme/x.git", opts), New(good, opts)}, scanner.Options{})
	if len(rep.Repos) != 2 || rep.Incomplete {
		t.Fatalf("repos %+v, incomplete %v", rep.Repos, rep.Incomplete)
	}
	var hung, ok int
	for _, rr := range rep.Repos {
		switch {
		case strings.Contains(rr.Error, "--clone-timeout"):
			hung++
		case rr.Error == "":
			ok++
		default:
			t.Errorf("%s: %s", rr.Meta.FullName, rr.Error)
		}
	}
	if hung != 1 || ok != 1 {
		t.Errorf("timed out %d, scanned %d; want 1 and 1", hung, ok)
	}
}

// A clone past --max-clone-size fails with a clear message: whether the packfile itself
// is large, or small and inflating to much more.
func TestMaxCloneSize(t *testing.T) {
	noise := make([]byte, 2<<20)
	rand.Read(noise)
	for _, tc := range []struct {
		name string
		data string
	}{
		{"large packfile", string(noise)},
		{"inflates past the cap", strings.Repeat("0", 8<<20)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bare := filepath.Join(t.TempDir(), "big.git")
			if _, err := gittest.Create(bare, gittest.Files{"README.md": "# big\n", "blob.bin": tc.data}, gittest.Options{Bare: true, Packed: true}); err != nil {
				t.Fatal(err)
			}
			_, err := openOne(t, "file://"+bare, Options{MaxCloneSize: 1 << 20})
			if err == nil || !strings.Contains(err.Error(), "--max-clone-size") {
				t.Errorf("err = %v, want the size cap", err)
			}
			if _, err := openOne(t, "file://"+bare, Options{MaxCloneSize: 64 << 20}); err != nil {
				t.Errorf("within the cap: %v", err)
			}
		})
	}
}
