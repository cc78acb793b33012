package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
)

const sessionCookie = "repogov_session"

// ReadTokenFile reads the access token from path: its first line, trimmed. An empty token
// is an error, so that a mistyped file never means "no authentication".
func ReadTokenFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("auth token file: %w", err)
	}
	defer f.Close()
	b := make([]byte, 4096)
	n, _ := f.Read(b)
	line, _, _ := strings.Cut(string(b[:n]), "\n")
	tok := strings.TrimSpace(line)
	if tok == "" {
		return "", fmt.Errorf("auth token file %s: empty", path)
	}
	return tok, nil
}

// auth guards the handler with a token: an "Authorization: Bearer TOKEN" header, or the
// session cookie the login form sets. The cookie holds an HMAC of the token, never the token.
type auth struct {
	token   []byte
	session string
	// open reports whether a path is served without a token (login, static assets, health,
	// and badges when the operator made them public).
	open func(path string) bool
}

func newAuth(token string, publicBadges bool) *auth {
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte("repogov session v1"))
	return &auth{
		token:   []byte(token),
		session: hex.EncodeToString(m.Sum(nil)),
		open: func(p string) bool {
			return p == "/login" || p == "/healthz" || strings.HasPrefix(p, "/static/") ||
				(publicBadges && strings.HasPrefix(p, "/badge/"))
		},
	}
}

func (a *auth) ok(r *http.Request) bool {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, _ := strings.Cut(h, " ")
		return strings.EqualFold(scheme, "Bearer") && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), a.token) == 1
	}
	c, err := r.Cookie(sessionCookie)
	return err == nil && subtle.ConstantTimeCompare([]byte(c.Value), []byte(a.session)) == 1
}

func (a *auth) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.open(r.URL.Path) || a.ok(r) {
			next.ServeHTTP(w, r)
			return
		}
		if wantsHTML(r) {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="repogov"`)
		http.Error(w, "authentication required", http.StatusUnauthorized)
	})
}

// wantsHTML: pages redirect to the login form; the API, badges and metrics answer 401.
func wantsHTML(r *http.Request) bool {
	p := r.URL.Path
	if strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/badge/") || p == "/metrics" {
		return false
	}
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// safeNext keeps a post-login redirect on this site: a path, never "//host" or "/\host".
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}

// login serves the form (GET) and checks it (POST): a correct token sets an HttpOnly,
// SameSite=Strict cookie (Secure over TLS or behind a TLS-terminating proxy).
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.FormValue("next"))
	if s.auth == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	failed := false
	if r.Method == http.MethodPost {
		if o := r.Header.Get("Origin"); o != "" && !sameOrigin(o, r) {
			http.Error(w, "cross-origin login refused", http.StatusForbidden)
			return
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		if subtle.ConstantTimeCompare([]byte(strings.TrimSpace(r.PostForm.Get("token"))), s.auth.token) == 1 {
			http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: s.auth.session, Path: "/", HttpOnly: true,
				SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"})
			http.Redirect(w, r, next, http.StatusSeeOther)
			return
		}
		failed = true
	}
	status := 0
	if failed {
		status = http.StatusUnauthorized
	}
	s.render(w, r, "login", &page{Title: "Sign in", Public: true, Status: status, Snap: &snapshot{Empty: true}, Data: loginData{Next: next, Failed: failed}})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

type loginData struct {
	Next   string
	Failed bool
}

func sameOrigin(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}
