package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// Bounds on what a request may ask for.
const (
	maxURLBytes     = 2048             // request target, query included
	maxFormBytes    = 4 << 10          // the login form
	requestTimeout  = 10 * time.Second // per request: store reads and rendering
	maxPageSize     = 200              // rows per page (repositories, diff entries)
	defaultPageSize = 50
)

type ctxKey int

const nonceKey ctxKey = 0

// nonce returns the request's Content-Security-Policy nonce ("" outside a request).
func nonce(ctx context.Context) string {
	n, _ := ctx.Value(nonceKey).(string)
	return n
}

// secure sets the security headers of every response and gives the request a fresh CSP
// nonce: scripts and styles load only from this origin, and inline ones only with the nonce.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [16]byte
		_, _ = rand.Read(b[:])
		n := base64.RawStdEncoding.EncodeToString(b[:])
		h := w.Header()
		h.Set("Content-Security-Policy", fmt.Sprintf("default-src 'none'; script-src 'self' 'nonce-%s'; style-src 'self' 'nonce-%s'; "+
			"img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'", n, n))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin") // "no-referrer" would make form posts send "Origin: null"
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if len(r.URL.RequestURI()) > maxURLBytes {
			http.Error(w, "request URI too long", http.StatusRequestURITooLong)
			return
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead:
		case http.MethodPost:
			if r.URL.Path != "/login" && r.URL.Path != "/logout" {
				w.Header().Set("Allow", "GET, HEAD")
				http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		default:
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, nonceKey, n)))
	})
}

// recordingWriter remembers the status and size of a response for the access log.
type recordingWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *recordingWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// accessLog writes one structured line per request to the logger (stderr), and turns a
// panic into a 500 rather than a dropped connection. The query is logged (it holds
// filters, never credentials: the token travels in a header or a cookie).
func accessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rw := &recordingWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if rw.status == 0 {
					http.Error(rw, "internal error", http.StatusInternalServerError)
				}
			}
			if rw.status == 0 {
				rw.status = http.StatusOK
			}
			log.Info("request", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery,
				"status", rw.status, "bytes", rw.bytes, "duration_ms", float64(time.Since(start).Microseconds())/1000,
				"remote", r.RemoteAddr)
		}()
		next.ServeHTTP(rw, r)
	})
}
