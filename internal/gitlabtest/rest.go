package gitlabtest

import (
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go"

	"github.com/repogov/repogov/internal/githubtest"
)

func (s *Server) serveREST(rec *recorder, r *http.Request, p string, body []byte, pr principal) {
	seg := segments(p)
	if len(seg) == 1 && seg[0] == "users" && r.Method == http.MethodGet && !pr.job {
		s.users(rec, r)
		return
	}
	if len(seg) >= 3 && seg[0] == "projects" && writable(seg) && !pr.job {
		pj, ok := s.project(seg[1], pr)
		if !ok {
			rec.writeJSON(404, map[string]string{"message": "404 Project Not Found"})
			return
		}
		s.serveWrites(rec, r, seg, body, pj, pr)
		return
	}
	if r.Method != http.MethodGet {
		s.opts.Errorf("gitlabtest: unexpected %s %s", r.Method, r.URL)
		rec.writeJSON(405, map[string]string{"message": "405 Method Not Allowed"})
		return
	}
	q := r.URL.Query()
	notFound := func(what string) { rec.writeJSON(404, map[string]string{"message": "404 " + what + " Not Found"}) }
	// Job tokens reach only an allow-listed set of endpoints (the raw file among ours).
	if pr.job && !(len(seg) >= 6 && seg[0] == "projects" && seg[2] == "repository" && seg[3] == "files" && seg[len(seg)-1] == "raw") {
		rec.writeJSON(401, map[string]string{"message": "401 Unauthorized"})
		return
	}
	switch {
	case len(seg) == 2 && seg[0] == "groups":
		ns := s.namespace(seg[1])
		if ns == nil || ns.User {
			notFound("Group")
			return
		}
		rec.writeJSON(200, map[string]any{"id": groupID(ns), "full_path": ns.Login, "path": path.Base(ns.Login), "name": path.Base(ns.Login),
			"web_url": s.webURL(r) + "groups/" + ns.Login, "visibility": "public"})
	case len(seg) == 3 && seg[0] == "groups" && seg[2] == "projects":
		ns := s.namespace(seg[1])
		if ns == nil || ns.User {
			notFound("Group")
			return
		}
		if q.Get("with_shared") != "false" {
			s.opts.Errorf("gitlabtest: group projects without with_shared=false: %s", r.URL)
		}
		if q.Get("simple") == "true" {
			s.opts.Errorf("gitlabtest: simple=true drops archived and visibility: %s", r.URL)
		}
		s.offsetPage(rec, r, s.projects(ns, q.Get("include_subgroups") == "true", pr))
	case len(seg) == 3 && seg[0] == "users" && seg[2] == "projects":
		ns := s.namespace(seg[1])
		if ns == nil || !ns.User {
			notFound("User")
			return
		}
		s.offsetPage(rec, r, s.projects(ns, false, pr))
	case len(seg) >= 2 && seg[0] == "projects":
		pj, ok := s.project(seg[1], pr)
		if !ok {
			notFound("Project")
			return
		}
		switch {
		case len(seg) == 2:
			rec.writeJSON(200, s.projectJSON(r, pj, q.Get("license") == "true"))
		case len(seg) == 4 && seg[2] == "repository" && seg[3] == "tree":
			s.tree(rec, r, pj)
		case len(seg) == 6 && seg[2] == "repository" && seg[3] == "blobs" && seg[5] == "raw":
			o := s.Store.Objects[seg[4]]
			if o == nil || o.Type != "blob" || !pj.r.Has(o.OID) {
				notFound("Blob")
				return
			}
			rec.code = 200
			rec.header.Set("Content-Type", "text/plain; charset=utf-8")
			rec.buf.Write(o.Data)
		case len(seg) == 6 && seg[2] == "repository" && seg[3] == "files" && seg[5] == "raw":
			o := s.Store.Resolve(pj.r, seg[4])
			if o == nil || o.Type != "blob" {
				notFound("File")
				return
			}
			rec.code = 200
			rec.header.Set("X-Gitlab-Blob-Id", o.OID)
			rec.header.Set("X-Gitlab-Size", strconv.Itoa(len(o.Data)))
			rec.header.Set("Content-Type", "text/plain; charset=utf-8")
			rec.buf.Write(o.Data)
		default:
			s.opts.Errorf("gitlabtest: unexpected REST request %s", r.URL)
			notFound("")
		}
	default:
		s.opts.Errorf("gitlabtest: unexpected REST request %s", r.URL)
		rec.writeJSON(404, map[string]string{"error": "404 Not Found"})
	}
}

func groupID(ns *githubtest.Org) int64 {
	var h int64 = 7
	for _, c := range strings.ToLower(ns.Login) {
		h = h*31 + int64(c)
	}
	if h < 0 {
		h = -h
	}
	return h%1_000_000 + 1
}

// offsetPage writes one page of projects with GitLab's offset pagination headers.
func (s *Server) offsetPage(rec *recorder, r *http.Request, all []proj) {
	q := r.URL.Query()
	if q.Get("order_by") != "id" || q.Get("sort") != "asc" {
		s.opts.Errorf("gitlabtest: project listing not ordered by id asc (unstable paging): %s", r.URL)
	}
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = 20
	}
	per = min(per, 100)
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	start := min((page-1)*per, len(all))
	end := min(start+per, len(all))
	items := []*gitlab.Project{}
	for _, pj := range all[start:end] {
		items = append(items, s.projectJSON(r, pj, false))
	}
	h := rec.header
	h.Set("X-Page", strconv.Itoa(page))
	h.Set("X-Per-Page", strconv.Itoa(per))
	if page > 1 {
		h.Set("X-Prev-Page", strconv.Itoa(page-1))
	} else {
		h.Set("X-Prev-Page", "")
	}
	link := func(pg int, rel string) string {
		u := *r.URL
		u.Scheme, u.Host = "http", r.Host
		qq := u.Query()
		qq.Set("page", strconv.Itoa(pg))
		u.RawQuery = qq.Encode()
		return fmt.Sprintf(`<%s>; rel="%s"`, u.String(), rel)
	}
	links := []string{link(1, "first")}
	if end < len(all) {
		h.Set("X-Next-Page", strconv.Itoa(page+1))
		links = append(links, link(page+1, "next"))
	} else {
		h.Set("X-Next-Page", "")
	}
	// Above 10,000 records GitLab omits the totals and rel="last".
	if len(all) <= 10000 {
		pages := max((len(all)+per-1)/per, 1)
		h.Set("X-Total", strconv.Itoa(len(all)))
		h.Set("X-Total-Pages", strconv.Itoa(pages))
		links = append(links, link(pages, "last"))
	}
	h.Set("Link", strings.Join(links, ", "))
	rec.writeJSON(200, items)
}

// projectJSON is a project as GET /projects/:id returns it.
func (s *Server) projectJSON(r *http.Request, pj proj, license bool) *gitlab.Project {
	rp := pj.r
	kind := "group"
	if pj.ns.User {
		kind = "user"
	}
	act := rp.PushedAt.UTC()
	p := &gitlab.Project{
		ID: rp.ID, Description: rp.Description, DefaultBranch: rp.DefaultBranch, Visibility: gitlab.VisibilityValue(rp.Visibility),
		WebURL: s.webURL(r) + pj.fullPath(), Topics: append([]string{}, rp.Topics...), Name: rp.Name, Path: rp.Name,
		NameWithNamespace: strings.ReplaceAll(pj.fullPath(), "/", " / "), PathWithNamespace: pj.fullPath(),
		Archived: rp.Archived, EmptyRepo: rp.Empty(), LastActivityAt: &act,
		IssuesAccessLevel: gitlab.EnabledAccessControl,
		Namespace:         &gitlab.ProjectNamespace{ID: groupID(pj.ns), Name: path.Base(pj.ns.Login), Path: path.Base(pj.ns.Login), Kind: kind, FullPath: pj.ns.Login},
		HTTPURLToRepo:     s.webURL(r) + pj.fullPath() + ".git",
	}
	if p.Topics == nil {
		p.Topics = []string{}
	}
	//lint:ignore SA1019 GitLab still sends "issues_enabled"; the fake speaks its shape.
	p.IssuesEnabled = !rp.IssuesDisabled
	if rp.IssuesDisabled {
		p.IssuesAccessLevel = gitlab.DisabledAccessControl
	}
	if rp.Fork {
		p.ForkedFromProject = &gitlab.ForkParent{ID: rp.ID + 100000, Name: rp.Name, Path: rp.Name, PathWithNamespace: "upstream/" + rp.Name}
	}
	if license && rp.License != "" {
		key := strings.ToLower(rp.License)
		if rp.License == "NOASSERTION" {
			key = "other"
		}
		p.License = &gitlab.ProjectLicense{Key: key, Name: rp.License, Nickname: rp.License}
		p.LicenseURL = p.WebURL + "/-/blob/" + rp.DefaultBranch + "/LICENSE"
	}
	return p
}

// tree serves GET /projects/:id/repository/tree with legacy (offset) and keyset paging.
func (s *Server) tree(rec *recorder, r *http.Request, pj proj) {
	q := r.URL.Query()
	rp := pj.r
	if rp.Empty() {
		rec.writeJSON(404, map[string]string{"message": "404 Tree Not Found"})
		return
	}
	dir := strings.Trim(q.Get("path"), "/")
	var all []gitlab.TreeNode
	if nodes, layered, ok := s.layeredTree(pj, q.Get("ref"), dir); layered {
		// A commit made through the API (merge.go): its files over the store's tree.
		if q.Get("recursive") == "true" {
			s.opts.Errorf("gitlabtest: recursive tree of an API commit: %s", r.URL)
		}
		if !ok {
			rec.writeJSON(404, map[string]string{"message": "404 Tree Not Found"})
			return
		}
		all = nodes
	} else {
		if ref := q.Get("ref"); ref != "" && ref != rp.DefaultBranch && ref != rp.HeadOID && ref != "HEAD" {
			rec.writeJSON(404, map[string]string{"message": "404 Tree Not Found"})
			return
		}
		o := s.Store.Resolve(rp, dir)
		if o == nil || o.Type != "tree" {
			rec.writeJSON(404, map[string]string{"message": "404 Tree Not Found"})
			return
		}
		var walk func(o *githubtest.Object, dir string)
		walk = func(o *githubtest.Object, dir string) {
			for _, e := range o.Entries {
				p := path.Join(dir, e.Name)
				all = append(all, gitlab.TreeNode{ID: e.OID, Name: e.Name, Type: e.Type, Path: p, Mode: fmt.Sprintf("%06o", e.Mode)})
				if e.Type == "tree" && q.Get("recursive") == "true" {
					walk(s.Store.Objects[e.OID], p)
				}
			}
		}
		walk(o, dir)
	}
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = 20
	}
	per = min(per, 100)
	start := 0
	keyset := q.Get("pagination") == "keyset"
	if keyset {
		if tok := q.Get("page_token"); tok != "" {
			start = len(all)
			for i, n := range all {
				if n.ID == tok || n.Path == tok {
					start = i + 1
					break
				}
			}
		}
	} else {
		page, _ := strconv.Atoi(q.Get("page"))
		start = min((max(page, 1)-1)*per, len(all))
		rec.header.Set("X-Page", strconv.Itoa(max(page, 1)))
		rec.header.Set("X-Per-Page", strconv.Itoa(per))
		if start+per < len(all) {
			rec.header.Set("X-Next-Page", strconv.Itoa(max(page, 1)+1))
		} else {
			rec.header.Set("X-Next-Page", "")
		}
		rec.header.Set("X-Total", strconv.Itoa(len(all)))
	}
	end := min(start+per, len(all))
	page := all[start:end]
	// Keyset: a next link only when the page is full; the token is the last entry's.
	if keyset && len(page) == per && end < len(all) {
		u := *r.URL
		u.Scheme, u.Host = "http", r.Host
		qq := u.Query()
		qq.Set("page_token", page[len(page)-1].Path)
		u.RawQuery = qq.Encode()
		rec.header.Set("Link", fmt.Sprintf(`<%s>; rel="next"`, (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery}).String()))
	}
	if page == nil {
		page = []gitlab.TreeNode{}
	}
	rec.writeJSON(200, page)
}

var _ = time.Now
