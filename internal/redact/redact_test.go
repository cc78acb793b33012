package redact

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://user:secret@host/x.git", "https://***@host/x.git"},
		{"https://ghp_TOKEN@github.com/acme/x", "https://***@github.com/acme/x"},
		{"ssh://git@host:2222/acme/x.git", "ssh://***@host:2222/acme/x.git"},
		{"HTTP://u:p@ss@host/x", "HTTP://***@host/x"},
		{"file://u:p@/srv/x.git", "file://***@/srv/x.git"},
		{`clone https://a:b@h/x.git: Get "https://a:***@h/x.git/info/refs": dial tcp`, `clone https://***@h/x.git: Get "https://***@h/x.git/info/refs": dial tcp`},
		{"https://host/x.git", "https://host/x.git"},
		{"mail me at a@b.c", "mail me at a@b.c"},
		{"git@github.com:acme/x.git", "git@github.com:acme/x.git"},
		{"https://host/a@b", "https://host/a@b"},
		{"https://***@host/x", "https://***@host/x"},
	} {
		if got := String(tc.in); got != tc.want {
			t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestError(t *testing.T) {
	// Go's url.Error masks the password but not a token given as the user name.
	u, _ := url.Parse("https://ghp_TOKEN@host/x.git")
	err := fmt.Errorf("clone: %w", &url.Error{Op: "Get", URL: u.String(), Err: fs.ErrNotExist})
	red := Error(err)
	if strings.Contains(red.Error(), "ghp_TOKEN") {
		t.Errorf("not redacted: %v", red)
	}
	if !errors.Is(red, fs.ErrNotExist) {
		t.Errorf("the chain is lost")
	}
	var ue *url.Error
	if !errors.As(red, &ue) {
		t.Errorf("errors.As lost")
	}
	if Error(nil) != nil {
		t.Errorf("Error(nil) != nil")
	}
}

func TestHandler(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(Handler(slog.NewTextHandler(&buf, nil))).With("target", "https://u1:s1@h/x")
	log.Warn("cloning https://u2:s2@h/x", "err", errors.New("Get https://u3:s3@h/x: refused"),
		"targets", []string{"https://u4:s4@h/x"}, slog.Group("g", "url", "https://u5:s5@h/x"), "any", struct{ U string }{"https://u6:s6@h/x"})
	for _, secret := range []string{"u1", "s1", "u2", "s2", "u3", "s3", "u4", "s4", "u5", "s5", "u6", "s6"} {
		if strings.Contains(buf.String(), secret+":") || strings.Contains(buf.String(), ":"+secret) {
			t.Errorf("%s leaked: %s", secret, buf.String())
		}
	}
	if strings.Count(buf.String(), "***@h") != 6 {
		t.Errorf("log line: %s", buf.String())
	}
}
