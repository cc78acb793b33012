package server

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/repogov/repogov/report"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

//go:embed assets/style.css assets/app.js
var assetFS embed.FS

// page is what every template receives.
type page struct {
	Title  string
	Nav    string // the active navigation item
	Data   any
	Nonce  string
	L      links
	Snap   *snapshot
	Auth   bool // a token protects the site: show "sign out"
	Export bool
	Public bool // served without authentication (the login form): shows nothing of the store
	Status int  // HTTP status; 0 means 200
}

// links builds relative URLs, so that the same pages work under any path prefix (a
// reverse proxy) and as static files. In an export, pages are NAME.html files at the
// same depth as the server's paths.
type links struct {
	base   string // "./" or "../" repeated to reach the root
	export bool
}

func newLinks(urlPath string, export bool) links {
	depth := strings.Count(urlPath, "/") - 1
	if depth <= 0 {
		return links{base: "./", export: export}
	}
	return links{base: strings.Repeat("../", depth), export: export}
}

func (l links) page(p string) string {
	if l.export {
		return l.base + p + ".html"
	}
	return l.base + p
}

func (l links) Home() string {
	if l.export {
		return l.base + "index.html"
	}
	return l.base
}
func (l links) Runs() string            { return l.page("runs") }
func (l links) Teams() string           { return l.page("teams") }
func (l links) Repo(key string) string  { return l.page("repo/" + encodeKey(key)) }
func (l links) Rule(id string) string   { return l.page("rule/" + encodeSeg(id)) }
func (l links) Static(f string) string  { return l.base + "static/" + f }
func (l links) Badge(key string) string { return l.base + "badge/" + encodeKey(key) + ".svg" }
func (l links) API(p string) string     { return l.base + "api/v1/" + p }
func (l links) ReposForm() string       { return l.page("repos") }
func (l links) Login() string           { return l.base + "login" }
func (l links) Logout() string          { return l.base + "logout" }
func (l links) Team(team string) string { return l.Repos(url.Values{"team": {team}}, 1) }
func (l links) RuleFailing(id string) string {
	return l.Repos(url.Values{"rule": {id}, "status": {"fail"}}, 1)
}

// Repos links to a page of the repository list. An export has no server to filter, so
// it links to the unfiltered pages (repos.html, repos-2.html, …).
func (l links) Repos(v url.Values, page int) string {
	if l.export {
		if page <= 1 {
			return l.base + "repos.html"
		}
		return l.base + "repos-" + strconv.Itoa(page) + ".html"
	}
	w := url.Values{}
	for k, vs := range v {
		w[k] = vs
	}
	if page > 1 {
		w.Set("page", strconv.Itoa(page))
	}
	if len(w) == 0 {
		return l.base + "repos"
	}
	return l.base + "repos?" + w.Encode()
}

// Diff links to the comparison of two runs (store run ids).
func (l links) Diff(from, to int64) string {
	if l.export {
		return l.base + fmt.Sprintf("diff-%d-%d.html", from, to)
	}
	return l.base + fmt.Sprintf("diff?from=%d&to=%d", from, to)
}

// encodeSeg is encodeKey for one path segment (a slash is escaped too).
func encodeSeg(s string) string { return strings.ReplaceAll(encodeKey(s), "/", "~2f") }

var funcs = template.FuncMap{
	"spark": sparkline,
	"chart": lineChart,
	"meter": meter,
	"pct": func(v float64) string {
		return strconv.FormatFloat(v*100, 'f', 1, 64) + " %"
	},
	"score": func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) },
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"iso":         func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"join":        strings.Join,
	"visibility":  visibility,
	"fileURL":     fileURL,
	"doc":         renderDoc,
	"statuses":    func() []report.Status { return report.Statuses },
	"statusNames": func() []string { return statusNames },
	"signed": func(v float64) string {
		return strconv.FormatFloat(v, 'f', 1, 64)
	},
	"add": func(a, b int) int { return a + b },
	// The rows of the busiest tables, written in Go (rows.go).
	"repoRows":     repoRows,
	"resultRows":   resultRows,
	"timelineRows": timelineRows,
	"options":      options,
	"short": func(s string) string {
		if len(s) > 12 {
			return s[:12]
		}
		return s
	},
}

// templates holds one template set per page: the layout plus the page's file.
var templates = func() map[string]*template.Template {
	layout := template.Must(template.New("layout.tmpl").Funcs(funcs).Funcs(pageFuncs).ParseFS(templateFS, "templates/layout.tmpl"))
	entries, err := templateFS.ReadDir("templates")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".tmpl")
		if name == "layout" {
			continue
		}
		out[name] = template.Must(template.Must(layout.Clone()).ParseFS(templateFS, "templates/"+e.Name()))
	}
	return out
}()

// render executes a page into a buffer first, so that a template error becomes a 500
// rather than half a page. The buffers are pooled: a page is tens of kilobytes, and
// growing a fresh buffer for each was a good part of a page's allocations.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, p *page) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			bufPool.Put(buf)
		}
	}()
	buf.Reset()
	if s.executeInto(buf, w, r, name, p, nonce(r.Context())) {
		s.send(w, p.Status, buf.Bytes())
	}
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer keeps the rare very large page (a long diff) from pinning its buffer.
const maxPooledBuffer = 1 << 20

// execute renders a page into a new buffer (pages kept beyond the request).
func (s *Server) execute(w http.ResponseWriter, r *http.Request, name string, p *page, nonce string) ([]byte, bool) {
	var buf bytes.Buffer
	if !s.executeInto(&buf, w, r, name, p, nonce) {
		return nil, false
	}
	return buf.Bytes(), true
}

func (s *Server) executeInto(buf *bytes.Buffer, w http.ResponseWriter, r *http.Request, name string, p *page, nonce string) bool {
	p.Nonce = nonce
	p.L = newLinks(r.URL.Path, s.export)
	p.Auth = s.auth != nil
	p.Export = s.export
	if p.Snap == nil {
		p.Snap = s.snap.Load()
	}
	if err := templates[name].ExecuteTemplate(buf, "layout.tmpl", p); err != nil {
		s.log.Error("rendering", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return false
	}
	return true
}

// noncePlaceholder stands for the nonce in pages rendered once per run; random per process
// so that no repository content can contain it.
var noncePlaceholder = func() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "N" + hex.EncodeToString(b[:])
}()

// renderCached serves a page that depends only on the loaded run (overview, rules, runs,
// teams): rendered once per run and path, kept split around the nonce placeholder, then
// written with each response's nonce in between (no copy of the page per response).
func (s *Server) renderCached(w http.ResponseWriter, r *http.Request, sn *snapshot, name string, build func() *page) {
	key := name + " " + r.URL.Path
	if v, ok := sn.pages.Load(key); ok {
		s.sendParts(w, v.([][]byte), nonce(r.Context()))
		return
	}
	p := build()
	b, ok := s.execute(w, r, name, p, noncePlaceholder)
	if !ok {
		return
	}
	if p.Status == 0 {
		sn.pages.Store(key, bytes.Split(b, []byte(noncePlaceholder)))
	}
	s.send(w, p.Status, bytes.Replace(b, []byte(noncePlaceholder), []byte(nonce(r.Context())), -1))
}

// sendParts writes a cached page: its parts joined by the nonce.
func (s *Server) sendParts(w http.ResponseWriter, parts [][]byte, nonce string) {
	s.send(w, 0, nil)
	for i, part := range parts {
		if i > 0 {
			io.WriteString(w, nonce)
		}
		w.Write(part)
	}
}

func (s *Server) send(w http.ResponseWriter, status int, b []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	if status != 0 {
		w.WriteHeader(status)
	}
	w.Write(b)
}

// fileURL links to a file (and line) on the repository's host, at the scanned commit when
// known: GitHub and GitLab URL shapes. Local repositories get no link ("").
func fileURL(m report.Meta, file string, line int) string {
	if file == "" || !(strings.HasPrefix(m.URL, "https://") || strings.HasPrefix(m.URL, "http://")) {
		return ""
	}
	ref := m.HeadOID
	if ref == "" {
		ref = m.DefaultBranch
	}
	if ref == "" {
		ref = "HEAD"
	}
	escaped := (&url.URL{Path: path.Clean("/" + file)}).EscapedPath()
	u := strings.TrimSuffix(m.URL, "/")
	if strings.Contains(strings.ToLower(m.Host), "gitlab") {
		u += "/-/blob/" + url.PathEscape(ref) + escaped
	} else {
		u += "/blob/" + url.PathEscape(ref) + escaped
	}
	if line > 0 {
		u += "#L" + strconv.Itoa(line)
	}
	return u
}

// renderDoc shows a rule's markdown doc as paragraphs, with `code` spans; everything else
// is escaped text (a rule's doc is trusted, but the rendering stays minimal).
func renderDoc(md string) template.HTML {
	var b strings.Builder
	for _, para := range strings.Split(strings.TrimSpace(md), "\n\n") {
		b.WriteString("<p>")
		parts := strings.Split(para, "`")
		for i, part := range parts {
			if i%2 == 1 && i < len(parts)-1 {
				b.WriteString("<code>" + template.HTMLEscapeString(part) + "</code>")
			} else {
				if i%2 == 1 {
					b.WriteString("`")
				}
				b.WriteString(template.HTMLEscapeString(part))
			}
		}
		b.WriteString("</p>")
	}
	return template.HTML(b.String())
}
