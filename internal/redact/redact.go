// Package redact keeps credentials out of everything repogov prints, logs or stores. A
// target may be a URL with a user name and password (https://user:token@host/x.git), and
// tokens are often given as the user name, which Go's url.Error does not mask: every
// place a target or a URL can surface — report fields, reports, logs, errors, progress,
// cache keys — goes through this package.
package redact

import (
	"context"
	"log/slog"
	"regexp"
)

// Mask replaces the whole userinfo (user and password) of a URL.
const Mask = "***"

// userinfo matches "scheme://userinfo@": the userinfo runs to the last "@" before the
// host's end (a password may contain "@").
var userinfo = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.\-]*://)[^/?#\s"'<>\\]*@`)

// URL returns u with the userinfo of its URL replaced by "***".
func URL(u string) string { return String(u) }

// String replaces the userinfo of every URL in s (a message, a log line) by "***".
func String(s string) string {
	if !containsAt(s) {
		return s
	}
	return userinfo.ReplaceAllString(s, "${1}"+Mask+"@")
}

func containsAt(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '@' {
			return true
		}
	}
	return false
}

// Error returns err with a redacted message; errors.Is and errors.As still see through it.
func Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if red := String(msg); red != msg {
		return &redacted{msg: red, err: err}
	}
	return err
}

type redacted struct {
	msg string
	err error
}

func (e *redacted) Error() string { return e.msg }
func (e *redacted) Unwrap() error { return e.err }

// Handler wraps a slog handler so that the message and every attribute value (strings,
// errors, anything printed) are redacted before they are written.
func Handler(h slog.Handler) slog.Handler { return handler{h} }

type handler struct{ h slog.Handler }

func (h handler) Enabled(ctx context.Context, l slog.Level) bool { return h.h.Enabled(ctx, l) }

func (h handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, String(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(attr(a))
		return true
	})
	return h.h.Handle(ctx, out)
}

func (h handler) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = attr(a)
	}
	return handler{h.h.WithAttrs(red)}
}

func (h handler) WithGroup(name string) slog.Handler { return handler{h.h.WithGroup(name)} }

func attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, String(v.String()))
	case slog.KindGroup:
		g := v.Group()
		red := make([]any, len(g))
		for i, x := range g {
			red[i] = attr(x)
		}
		return slog.Group(a.Key, red...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.Any(a.Key, Error(x))
		case []string:
			red := make([]string, len(x))
			for i, s := range x {
				red[i] = String(s)
			}
			return slog.Any(a.Key, red)
		default:
			// Anything else is printed by the handler; print it here, redacted.
			return slog.String(a.Key, String(v.String()))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
