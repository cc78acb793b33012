package githubtest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The fake's writable git: each repository starts with its fixture commit (Repo.HeadOID,
// tree Repo.RootOID) on its default branch; the Git Data API (blobs, trees with
// base_tree, commits, refs) and PushCommit add objects on top, kept per repository so
// the shared fixture store is never written. Trees are real tree objects with git's ids,
// so a tree read through the API after a write shows exactly what a commit holds.

// Commit is a commit of a repository's git state.
type Commit struct {
	SHA     string
	Tree    string
	Parents []string
	Message string
	Author  string // the GitHub login that made it
	Date    time.Time
}

// gitState is the writable git of one repository (under Server.imu).
type gitState struct {
	refs    map[string]string // branch name → commit
	commits map[string]*Commit
	objects map[string]*Object // blobs and trees made through the API
}

// gitLocked returns the git state of rp, starting it from the fixture commit.
func (s *Server) gitLocked(st *issueState, org *Org, rp *Repo) *gitState {
	if st.git != nil {
		return st.git
	}
	g := &gitState{refs: map[string]string{}, commits: map[string]*Commit{}, objects: map[string]*Object{}}
	if !rp.Empty() {
		g.refs[rp.DefaultBranch] = rp.HeadOID
		g.commits[rp.HeadOID] = &Commit{SHA: rp.HeadOID, Tree: rp.RootOID, Parents: []string{}, Message: "Initial commit\n", Author: org.Login, Date: rp.PushedAt}
	}
	st.git = g
	return g
}

// object returns the blob or tree oid as rp holds it (nil when it does not).
func (s *Server) objectLocked(g *gitState, rp *Repo, oid string) *Object {
	if o := g.objects[oid]; o != nil {
		return o
	}
	if rp.Has(oid) {
		return s.Store.Objects[oid]
	}
	return nil
}

// resolve turns a branch name or a commit SHA into a commit ("" when neither).
func (g *gitState) resolve(ref string) string {
	if sha, ok := g.refs[ref]; ok {
		return sha
	}
	if g.commits[ref] != nil {
		return ref
	}
	return ""
}

// ancestors returns sha and every commit reachable from it.
func (g *gitState) ancestors(sha string) map[string]bool {
	seen := map[string]bool{}
	stack := []string{sha}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		c := g.commits[x]
		if c == nil || seen[x] {
			continue
		}
		seen[x] = true
		stack = append(stack, c.Parents...)
	}
	return seen
}

// only lists the commits reachable from head and not from base, parents before
// children (GitHub's compare lists them oldest first).
func (g *gitState) only(base, head string) []*Commit {
	exclude := g.ancestors(base)
	var out []*Commit
	done := map[string]bool{}
	var visit func(string)
	visit = func(sha string) {
		c := g.commits[sha]
		if c == nil || done[sha] || exclude[sha] {
			return
		}
		done[sha] = true
		for _, p := range c.Parents {
			visit(p)
		}
		out = append(out, c)
	}
	visit(head)
	return out
}

// filesLocked lists the blobs (and links) under tree oid by path.
func (s *Server) filesLocked(g *gitState, rp *Repo, oid, dir string, out map[string]string) {
	o := s.objectLocked(g, rp, oid)
	if o == nil {
		return
	}
	for _, e := range o.Entries {
		p := path.Join(dir, e.Name)
		switch e.Type {
		case "tree":
			s.filesLocked(g, rp, e.OID, p, out)
		case "blob":
			if b := s.objectLocked(g, rp, e.OID); b != nil {
				out[p] = string(b.Data)
			}
		}
	}
}

func (s *Server) blobLocked(g *gitState, data []byte) *Object {
	oid := gitHash("blob", data)
	if o := g.objects[oid]; o != nil {
		return o
	}
	o := &Object{OID: oid, Type: "blob", Data: data}
	g.objects[oid] = o
	return o
}

// treeChange is one entry of a create-tree request: nil sha and content delete the path.
type treeChange struct {
	mode, typ string
	sha       string
	delete    bool
}

// writeTreeLocked applies changes (paths relative to the tree) on top of base ("" for
// none) and returns the new tree's id, or a message GitHub would answer with 422.
func (s *Server) writeTreeLocked(g *gitState, rp *Repo, base string, changes map[string]treeChange) (string, string) {
	var entries []TreeEntry
	if base != "" {
		o := s.objectLocked(g, rp, base)
		if o == nil || o.Type != "tree" {
			return "", "Invalid tree info"
		}
		entries = slices.Clone(o.Entries)
	}
	nested := map[string]map[string]treeChange{}
	for p, c := range changes {
		name, rest, deeper := strings.Cut(p, "/")
		if name == "" || name == "." || name == ".." || name == ".git" {
			return "", "tree.path contains a malformed path component"
		}
		if deeper {
			if nested[name] == nil {
				nested[name] = map[string]treeChange{}
			}
			nested[name][rest] = c
			continue
		}
		entries = slices.DeleteFunc(entries, func(e TreeEntry) bool { return e.Name == name })
		if c.delete {
			continue
		}
		mode, err := strconv.ParseInt(c.mode, 8, 32)
		want := map[string]string{"100644": "blob", "100755": "blob", "120000": "blob", "040000": "tree", "160000": "commit"}[c.mode]
		if err != nil || want == "" || c.typ != want {
			return "", "Invalid tree info"
		}
		e := TreeEntry{Name: name, Mode: int(mode), Type: c.typ, OID: c.sha}
		if c.typ != "commit" {
			o := s.objectLocked(g, rp, c.sha)
			if o == nil || o.Type != c.typ {
				return "", "Invalid tree info"
			}
			e.Size = int64(len(o.Data))
		}
		entries = append(entries, e)
	}
	for name, sub := range nested {
		subBase := ""
		i := slices.IndexFunc(entries, func(e TreeEntry) bool { return e.Name == name })
		if i >= 0 {
			if entries[i].Type != "tree" {
				return "", "GitRPC::BadObjectState"
			}
			subBase = entries[i].OID
			entries = slices.Delete(entries, i, i+1)
		}
		oid, msg := s.writeTreeLocked(g, rp, subBase, sub)
		if msg != "" {
			return "", msg
		}
		if o := s.objectLocked(g, rp, oid); o != nil && len(o.Entries) > 0 { // git keeps no empty directory
			entries = append(entries, TreeEntry{Name: name, Mode: ModeTree, Type: "tree", OID: oid})
		}
	}
	oid := treeOID(entries)
	if s.objectLocked(g, rp, oid) == nil {
		g.objects[oid] = &Object{OID: oid, Type: "tree", Entries: entries}
	}
	return oid, ""
}

// commitLocked records a commit; its id covers its date, so the same change made twice
// is two commits, as on GitHub.
func (s *Server) commitLocked(g *gitState, tree string, parents []string, message, author string, now time.Time) *Commit {
	c := &Commit{Tree: tree, Parents: parents, Message: message, Author: author, Date: now}
	var b strings.Builder
	fmt.Fprintf(&b, "tree %s\n", tree)
	for _, p := range parents {
		fmt.Fprintf(&b, "parent %s\n", p)
	}
	fmt.Fprintf(&b, "author %s <%s@users.noreply.github.com> %d +0000\n\n%s", author, author, now.Unix(), message)
	c.SHA = gitHash("commit", []byte(b.String()))
	g.commits[c.SHA] = c
	return c
}

// locate finds owner/name for the exported helpers (they panic on a name the fixtures
// do not have: a test bug).
func (s *Server) locate(owner, name string) (*issueState, *gitState, *Org, *Repo) {
	org, rp := s.findRepo(owner, name, principal{})
	if rp == nil {
		panic("githubtest: no repository " + owner + "/" + name)
	}
	st := s.state(org.Login + "/" + rp.Name)
	return st, s.gitLocked(st, org, rp), org, rp
}

// Branch returns the head commit of branch in owner/name ("" when there is none).
func (s *Server) Branch(owner, name, branch string) string {
	s.imu.Lock()
	defer s.imu.Unlock()
	_, g, _, _ := s.locate(owner, name)
	return g.refs[branch]
}

// GitCommit returns commit sha of owner/name.
func (s *Server) GitCommit(owner, name, sha string) (Commit, bool) {
	s.imu.Lock()
	defer s.imu.Unlock()
	_, g, _, _ := s.locate(owner, name)
	c := g.commits[sha]
	if c == nil {
		return Commit{}, false
	}
	out := *c
	out.Parents = slices.Clone(c.Parents)
	return out, true
}

// FilesAt returns every file of commit sha (path → content; links give their target).
func (s *Server) FilesAt(owner, name, sha string) map[string]string {
	s.imu.Lock()
	defer s.imu.Unlock()
	_, g, _, rp := s.locate(owner, name)
	c := g.commits[sha]
	if c == nil {
		return nil
	}
	out := map[string]string{}
	s.filesLocked(g, rp, c.Tree, "", out)
	return out
}

// PushCommit adds a commit by author that writes files (path → content) on top of
// branch — created from the default branch when missing — as a person pushing would; it
// returns the commit's SHA.
func (s *Server) PushCommit(owner, name, branch, message, author string, files map[string]string) string {
	s.imu.Lock()
	defer s.imu.Unlock()
	_, g, _, rp := s.locate(owner, name)
	parent, ok := g.refs[branch]
	if !ok {
		parent = g.refs[rp.DefaultBranch]
	}
	changes := map[string]treeChange{}
	for p, data := range files {
		changes[p] = treeChange{mode: "100644", typ: "blob", sha: s.blobLocked(g, []byte(data)).OID}
	}
	tree, msg := s.writeTreeLocked(g, rp, g.commits[parent].Tree, changes)
	if msg != "" {
		panic("githubtest: PushCommit: " + msg)
	}
	c := s.commitLocked(g, tree, []string{parent}, message, author, time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC).Add(time.Duration(len(g.commits))*time.Second))
	g.refs[branch] = c.SHA
	return c.SHA
}

// Deny makes requests of owner/name that need perm (as GitHub names it in
// X-Accepted-GitHub-Permissions: "contents=read", "contents=write",
// "pull_requests=read", "pull_requests=write") answer 403 with that header, as for a
// fine-grained token or App without it. DenyWrites denies every write.
func (s *Server) Deny(owner, name, perm string) {
	s.imu.Lock()
	defer s.imu.Unlock()
	st, _, _, _ := s.locate(owner, name)
	if st.deny == nil {
		st.deny = map[string]bool{}
	}
	st.deny[perm] = true
}

// serveGit answers the Git Data API (refs, commits, trees, blobs), compare and pulls of
// a repository.
func (s *Server) serveGit(rec *recorder, r *http.Request, body []byte, org *Org, rp *Repo, parts []string, pr principal) {
	full := org.Login + "/" + rp.Name
	write := r.Method != http.MethodGet
	if write {
		if pr.anonymous {
			rec.writeJSON(401, map[string]string{"message": "Requires authentication", "documentation_url": "https://docs.github.com/rest"})
			return
		}
		s.writes.Add(1)
		s.gitClock.Add(1)
	}
	perm := "contents"
	if parts[3] == "pulls" {
		perm = "pull_requests"
	}
	if write {
		perm += "=write"
	} else {
		perm += "=read"
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	st := s.state(full)
	if st.deny[perm] || write && s.denied[strings.ToLower(full)] {
		rec.header.Set("X-Accepted-GitHub-Permissions", perm)
		rec.writeJSON(403, map[string]string{"message": "Resource not accessible by integration", "documentation_url": "https://docs.github.com/rest"})
		return
	}
	if write && rp.Archived {
		rec.writeJSON(403, map[string]string{"message": "Repository was archived so is read-only.", "documentation_url": "https://docs.github.com/rest"})
		return
	}
	g := s.gitLocked(st, org, rp)
	c := gitCall{s: s, rec: rec, r: r, body: body, org: org, rp: rp, st: st, g: g, parts: parts,
		base: s.apiURL(r) + "repos/" + full, web: "https://github.com/" + full,
		now: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(s.gitClock.Load()) * time.Second)}
	if parts[3] == "pulls" {
		c.pulls()
		return
	}
	if rp.Empty() {
		rec.writeJSON(409, map[string]string{"message": "Git Repository is empty.", "documentation_url": "https://docs.github.com/rest"})
		return
	}
	if parts[3] == "compare" {
		c.compare()
		return
	}
	c.git()
}

// gitCall is one request to serveGit (under Server.imu).
type gitCall struct {
	s         *Server
	rec       *recorder
	r         *http.Request
	body      []byte
	org       *Org
	rp        *Repo
	st        *issueState
	g         *gitState
	parts     []string
	base, web string // API and web URLs of the repository
	now       time.Time
}

func (c *gitCall) fail(code int, msg string) {
	c.rec.writeJSON(code, map[string]string{"message": msg, "documentation_url": "https://docs.github.com/rest"})
}

func (c *gitCall) decode(v any) bool {
	if err := json.Unmarshal(c.body, v); err != nil {
		c.fail(400, "Problems parsing JSON")
		return false
	}
	return true
}

func (c *gitCall) git() {
	m, p := c.r.Method, c.parts
	switch {
	case m == http.MethodGet && len(p) >= 6 && p[4] == "ref" && p[5] == "heads":
		// The single-reference endpoint: an exact name or 404 (the list endpoint
		// git/refs/heads/X would answer every ref starting with X, as an array).
		branch := strings.Join(p[6:], "/")
		sha, ok := c.g.refs[branch]
		if !ok {
			c.s.notFound(c.rec)
			return
		}
		c.rec.writeJSON(200, c.refJSON(branch, sha))
	case m == http.MethodPost && len(p) == 5 && p[4] == "refs":
		var in struct {
			Ref *string `json:"ref"`
			SHA *string `json:"sha"`
		}
		if !c.decode(&in) {
			return
		}
		if in.Ref == nil || in.SHA == nil {
			c.fail(422, "Invalid request.\n\n\"ref\", \"sha\" weren't supplied.")
			return
		}
		branch, ok := strings.CutPrefix(*in.Ref, "refs/heads/")
		if !ok || branch == "" {
			c.fail(422, "Reference name must start with 'refs/' and have at least two slashes.") // the fake keeps branches only
			return
		}
		if c.g.commits[*in.SHA] == nil {
			c.fail(422, "Object does not exist")
			return
		}
		if _, exists := c.g.refs[branch]; exists {
			c.fail(422, "Reference already exists")
			return
		}
		c.g.refs[branch] = *in.SHA
		c.rec.writeJSON(201, c.refJSON(branch, *in.SHA))
	case m == http.MethodPatch && len(p) >= 7 && p[4] == "refs" && p[5] == "heads":
		branch := strings.Join(p[6:], "/")
		var in struct {
			SHA   *string `json:"sha"`
			Force bool    `json:"force"`
		}
		if !c.decode(&in) {
			return
		}
		old, exists := c.g.refs[branch]
		switch {
		case in.SHA == nil:
			c.fail(422, "Invalid request.\n\n\"sha\" wasn't supplied.")
		case !exists:
			c.fail(422, "Reference does not exist")
		case c.g.commits[*in.SHA] == nil:
			c.fail(422, "Object does not exist")
		case !in.Force && !c.g.ancestors(*in.SHA)[old]:
			c.fail(422, "Update is not a fast forward")
		default:
			c.g.refs[branch] = *in.SHA
			c.rec.writeJSON(200, c.refJSON(branch, *in.SHA))
		}
	case m == http.MethodGet && len(p) == 6 && p[4] == "commits":
		cm := c.g.commits[p[5]]
		if cm == nil {
			c.s.notFound(c.rec)
			return
		}
		c.rec.writeJSON(200, c.gitCommitJSON(cm))
	case m == http.MethodPost && len(p) == 5 && p[4] == "commits":
		var in struct {
			Message *string  `json:"message"`
			Tree    *string  `json:"tree"`
			Parents []string `json:"parents"`
			Author  *struct {
				Name string `json:"name"`
			} `json:"author"`
		}
		if !c.decode(&in) {
			return
		}
		if in.Message == nil || in.Tree == nil {
			c.fail(422, "Invalid request.\n\n\"message\", \"tree\" weren't supplied.")
			return
		}
		if o := c.s.objectLocked(c.g, c.rp, *in.Tree); o == nil || o.Type != "tree" {
			c.fail(422, "Tree SHA does not exist")
			return
		}
		for _, x := range in.Parents {
			if c.g.commits[x] == nil {
				c.fail(422, "Parent SHA does not exist or is not a commit object")
				return
			}
		}
		author := actor // without an author, GitHub uses the authenticated identity
		if in.Author != nil && in.Author.Name != "" {
			author = in.Author.Name
		}
		cm := c.s.commitLocked(c.g, *in.Tree, slices.Clone(in.Parents), *in.Message, author, c.now)
		if cm.Parents == nil {
			cm.Parents = []string{}
		}
		c.rec.writeJSON(201, c.gitCommitJSON(cm))
	case m == http.MethodPost && len(p) == 5 && p[4] == "blobs":
		var in struct {
			Content  *string `json:"content"`
			Encoding string  `json:"encoding"`
		}
		if !c.decode(&in) {
			return
		}
		if in.Content == nil {
			c.fail(422, "Invalid request.\n\n\"content\" wasn't supplied.")
			return
		}
		data := []byte(*in.Content)
		switch in.Encoding {
		case "", "utf-8":
		case "base64":
			d, err := base64.StdEncoding.DecodeString(*in.Content)
			if err != nil {
				c.fail(422, "Invalid request.\n\nInvalid base64 content.")
				return
			}
			data = d
		default:
			c.fail(422, "Invalid request.\n\nEncoding must be utf-8 or base64.")
			return
		}
		o := c.s.blobLocked(c.g, data)
		c.rec.writeJSON(201, map[string]any{"sha": o.OID, "url": c.base + "/git/blobs/" + o.OID})
	case m == http.MethodPost && len(p) == 5 && p[4] == "trees":
		var in struct {
			BaseTree string `json:"base_tree"`
			Tree     []struct {
				Path    string  `json:"path"`
				Mode    string  `json:"mode"`
				Type    string  `json:"type"`
				SHA     *string `json:"sha"`
				Content *string `json:"content"`
			} `json:"tree"`
		}
		if !c.decode(&in) {
			return
		}
		changes := map[string]treeChange{}
		for _, e := range in.Tree {
			ch := treeChange{mode: e.Mode, typ: e.Type}
			switch {
			case e.Content != nil:
				ch.sha = c.s.blobLocked(c.g, []byte(*e.Content)).OID
			case e.SHA != nil:
				ch.sha = *e.SHA
			default:
				ch.delete = true
			}
			changes[strings.Trim(e.Path, "/")] = ch
		}
		oid, msg := c.s.writeTreeLocked(c.g, c.rp, in.BaseTree, changes)
		if msg != "" {
			c.fail(422, msg)
			return
		}
		c.rec.writeJSON(201, c.treeJSON(c.s.objectLocked(c.g, c.rp, oid)))
	case m == http.MethodGet && len(p) == 6 && p[4] == "trees":
		if c.r.URL.Query().Has("recursive") {
			c.s.opts.Errorf("githubtest: recursive tree request %s", c.r.URL)
		}
		// A tree-ish: a branch, HEAD, a commit (its tree) or a tree.
		sha := p[5]
		if sha == "HEAD" {
			sha = c.rp.DefaultBranch
		}
		if cm := c.g.commits[c.g.resolve(sha)]; cm != nil {
			sha = cm.Tree
		}
		o := c.s.objectLocked(c.g, c.rp, sha)
		if o == nil || o.Type != "tree" {
			c.s.notFound(c.rec)
			return
		}
		c.rec.writeJSON(200, c.treeJSON(o))
	case m == http.MethodGet && len(p) == 6 && p[4] == "blobs":
		o := c.s.objectLocked(c.g, c.rp, p[5])
		if o == nil || o.Type != "blob" {
			c.s.notFound(c.rec)
			return
		}
		if strings.Contains(c.r.Header.Get("Accept"), "raw") {
			c.rec.code = 200
			c.rec.header.Set("Content-Type", "application/vnd.github.raw")
			c.rec.buf.Write(o.Data)
			return
		}
		c.rec.writeJSON(200, map[string]any{"sha": o.OID, "node_id": "B_" + o.OID[:12], "size": len(o.Data), "url": c.base + "/git/blobs/" + o.OID,
			"encoding": "base64", "content": base64.StdEncoding.EncodeToString(o.Data)})
	default:
		c.s.opts.Errorf("githubtest: unexpected git request %s %s", c.r.Method, c.r.URL)
		c.s.notFound(c.rec)
	}
}

// compare answers GET compare/BASE...HEAD (branch names or commit SHAs).
func (c *gitCall) compare() {
	spec := strings.Join(c.parts[4:], "/")
	b, h, ok := strings.Cut(spec, "...")
	base, head := c.g.resolve(b), c.g.resolve(h)
	if !ok || base == "" || head == "" {
		c.s.notFound(c.rec)
		return
	}
	ahead := c.g.only(base, head)
	behind := c.g.only(head, base)
	status := "identical"
	switch {
	case len(ahead) > 0 && len(behind) > 0:
		status = "diverged"
	case len(ahead) > 0:
		status = "ahead"
	case len(behind) > 0:
		status = "behind"
	}
	mergeBase := base
	if hs := c.g.ancestors(head); !hs[base] {
		// The newest commit of base's history that head also has.
		for _, x := range c.g.only("", base) {
			if hs[x.SHA] {
				mergeBase = x.SHA
			}
		}
	}
	page, per := paging(c.r)
	start := min((page-1)*per, len(ahead))
	end := min(start+per, len(ahead))
	commits := []map[string]any{}
	for _, x := range ahead[start:end] {
		commits = append(commits, c.repoCommitJSON(x))
	}
	nextLink(c.rec, c.r, page, end < len(ahead))
	c.rec.writeJSON(200, map[string]any{
		"url": c.base + "/compare/" + spec, "html_url": c.web + "/compare/" + spec, "permalink_url": c.web + "/compare/" + spec,
		"base_commit": c.repoCommitJSON(c.g.commits[base]), "merge_base_commit": c.repoCommitJSON(c.g.commits[mergeBase]),
		"status": status, "ahead_by": len(ahead), "behind_by": len(behind), "total_commits": len(ahead),
		"commits": commits, "files": []any{},
	})
}

// nextLink sets a Link header to the next page when there is one.
func nextLink(rec *recorder, r *http.Request, page int, more bool) {
	if !more {
		return
	}
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	q := u.Query()
	q.Set("page", strconv.Itoa(page+1))
	u.RawQuery = q.Encode()
	rec.header.Set("Link", fmt.Sprintf(`<%s>; rel="next"`, u.String()))
}

func (c *gitCall) refJSON(branch, sha string) map[string]any {
	return map[string]any{"ref": "refs/heads/" + branch, "node_id": "REF_" + gitHash("ref", []byte(branch))[:16], "url": c.base + "/git/refs/heads/" + branch,
		"object": map[string]any{"type": "commit", "sha": sha, "url": c.base + "/git/commits/" + sha}}
}

func (c *gitCall) treeJSON(o *Object) map[string]any {
	es := []map[string]any{}
	for _, e := range o.Entries {
		m := map[string]any{"path": e.Name, "mode": fmt.Sprintf("%06o", e.Mode), "type": e.Type, "sha": e.OID, "url": c.base + "/git/" + e.Type + "s/" + e.OID}
		if e.Type == "blob" {
			m["size"] = e.Size
		}
		es = append(es, m)
	}
	return map[string]any{"sha": o.OID, "url": c.base + "/git/trees/" + o.OID, "tree": es, "truncated": false}
}

func person(login string, t time.Time) map[string]any {
	return map[string]any{"name": login, "email": login + "@users.noreply.github.com", "date": t.UTC().Format(time.RFC3339)}
}

func (c *gitCall) parentsJSON(cm *Commit) []map[string]any {
	out := []map[string]any{}
	for _, p := range cm.Parents {
		out = append(out, map[string]any{"sha": p, "url": c.base + "/git/commits/" + p, "html_url": c.web + "/commit/" + p})
	}
	return out
}

// gitCommitJSON is a commit as the Git Data API gives it.
func (c *gitCall) gitCommitJSON(cm *Commit) map[string]any {
	return map[string]any{"sha": cm.SHA, "node_id": "C_" + cm.SHA[:16], "url": c.base + "/git/commits/" + cm.SHA, "html_url": c.web + "/commit/" + cm.SHA,
		"author": person(cm.Author, cm.Date), "committer": person(cm.Author, cm.Date), "message": cm.Message,
		"tree":         map[string]any{"sha": cm.Tree, "url": c.base + "/git/trees/" + cm.Tree},
		"parents":      c.parentsJSON(cm),
		"verification": map[string]any{"verified": false, "reason": "unsigned", "signature": nil, "payload": nil}}
}

// repoCommitJSON is a commit as the repository commits and compare endpoints give it.
func (c *gitCall) repoCommitJSON(cm *Commit) map[string]any {
	return map[string]any{"sha": cm.SHA, "node_id": "C_" + cm.SHA[:16], "url": c.base + "/commits/" + cm.SHA, "html_url": c.web + "/commit/" + cm.SHA,
		"comments_url": c.base + "/commits/" + cm.SHA + "/comments",
		"commit": map[string]any{"url": c.base + "/git/commits/" + cm.SHA, "author": person(cm.Author, cm.Date), "committer": person(cm.Author, cm.Date),
			"message": cm.Message, "tree": map[string]any{"sha": cm.Tree, "url": c.base + "/git/trees/" + cm.Tree}, "comment_count": 0,
			"verification": map[string]any{"verified": false, "reason": "unsigned", "signature": nil, "payload": nil}},
		"author": user(cm.Author), "committer": user(cm.Author), "parents": c.parentsJSON(cm)}
}
