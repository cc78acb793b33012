package gitlabtest

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go"
)

// The fake's git model for fix merge requests: a fixture project's default branch
// starts at its store commit (Repo.HeadOID, tree Repo.RootOID); commits made through the
// API (or PushCommit) add files on top of a parent. A path exists at a commit when a
// commit of its chain added it or the store tree has it.

// Commit is a commit the fake made (through the commits API or PushCommit).
type Commit struct {
	SHA     string
	Parent  string
	Message string
	Author  string
	Files   map[string][]byte // added by this commit
	Created time.Time
}

// MergeRequest is a project merge request as the fake keeps it (GitLab's states:
// opened, closed, merged).
type MergeRequest struct {
	ID, IID      int64
	Title        string
	Description  string
	State        string
	Source       string
	Target       string
	RemoveSource bool
	Notes        []Note
	Created      time.Time
	Updated      time.Time
}

// Comments returns the bodies of the merge request's user notes.
func (m MergeRequest) Comments() []string {
	var out []string
	for _, n := range m.Notes {
		if !n.System {
			out = append(out, n.Body)
		}
	}
	return out
}

// gitState is the git and merge request state of one project.
type gitState struct {
	branches map[string]string // name → head commit; the default branch is implied
	commits  map[string]*Commit
	mrs      []*MergeRequest
}

func (s *Server) gitLocked(pj proj) *gitState {
	g := s.git[pj.r.ID]
	if g == nil {
		g = &gitState{branches: map[string]string{}, commits: map[string]*Commit{}}
		if !pj.r.Empty() {
			g.branches[pj.r.DefaultBranch] = pj.r.HeadOID
		}
		s.git[pj.r.ID] = g
	}
	return g
}

// resolve turns a branch name or commit SHA into a commit SHA ("" when unknown).
func (g *gitState) resolve(pj proj, ref string) string {
	if sha, ok := g.branches[ref]; ok {
		return sha
	}
	if g.commits[ref] != nil || ref == pj.r.HeadOID && ref != "" {
		return ref
	}
	return ""
}

// chain returns the commits from sha back to the store commit, newest first.
func (g *gitState) chain(sha string) []*Commit {
	var out []*Commit
	for c := g.commits[sha]; c != nil; c = g.commits[c.Parent] {
		out = append(out, c)
	}
	return out
}

// ancestors is sha and every commit before it.
func (g *gitState) ancestors(pj proj, sha string) map[string]bool {
	m := map[string]bool{}
	for _, c := range g.chain(sha) {
		m[c.SHA] = true
	}
	if sha != "" {
		m[pj.r.HeadOID] = true
	}
	return m
}

// exists reports whether p is a file or directory at commit sha.
func (s *Server) existsLocked(g *gitState, pj proj, sha, p string) bool {
	for _, c := range g.chain(sha) {
		for f := range c.Files {
			if f == p || strings.HasPrefix(f, p+"/") {
				return true
			}
		}
	}
	return s.Store.Resolve(pj.r, p) != nil
}

// dirLocked lists directory dir at commit sha as GitLab's tree does (false: no such
// directory).
func (s *Server) dirLocked(g *gitState, pj proj, sha, dir string) ([]gitlab.TreeNode, bool) {
	seen := map[string]gitlab.TreeNode{}
	found := false
	if o := s.Store.Resolve(pj.r, dir); o != nil && o.Type == "tree" {
		found = true
		for _, e := range o.Entries {
			seen[e.Name] = gitlab.TreeNode{ID: e.OID, Name: e.Name, Type: e.Type, Path: path.Join(dir, e.Name), Mode: fmt.Sprintf("%06o", e.Mode)}
		}
	}
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	for _, c := range g.chain(sha) {
		for f, data := range c.Files {
			if !strings.HasPrefix(f, prefix) {
				continue
			}
			found = true
			rest := strings.TrimPrefix(f, prefix)
			name, _, deeper := strings.Cut(rest, "/")
			if deeper {
				seen[name] = gitlab.TreeNode{ID: gitHash("tree", []byte(path.Join(dir, name))), Name: name, Type: "tree", Path: path.Join(dir, name), Mode: "040000"}
			} else {
				seen[name] = gitlab.TreeNode{ID: gitHash("blob", data), Name: name, Type: "blob", Path: f, Mode: "100644"}
			}
		}
	}
	var out []gitlab.TreeNode
	for _, n := range seen {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i].Type == "tree") != (out[j].Type == "tree") {
			return out[i].Type == "tree" // GitLab lists trees first
		}
		return out[i].Name < out[j].Name
	})
	return out, found
}

func gitHash(kind string, data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "%s %d\x00", kind, len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// commitLocked records a commit of files on parent.
func (s *Server) commitLocked(g *gitState, parent, message, author string, files map[string][]byte, now time.Time) *Commit {
	s.nextID++
	c := &Commit{Parent: parent, Message: message, Author: author, Files: files, Created: now}
	c.SHA = gitHash("commit", fmt.Appendf(nil, "%s\n%s\n%d", parent, message, s.nextID))
	g.commits[c.SHA] = c
	return c
}

// Branch returns the head commit of branch in the project at fullPath ("" when none).
func (s *Server) Branch(fullPath, branch string) string {
	pj, ok := s.findProject(fullPath)
	if !ok {
		return ""
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	return s.gitLocked(pj).branches[branch]
}

// PushCommit adds a commit of files on top of branch (created from the default branch
// when missing), as a person pushing would; it returns the commit's SHA.
func (s *Server) PushCommit(fullPath, branch, message, author string, files map[string]string) string {
	pj, ok := s.findProject(fullPath)
	if !ok {
		panic("gitlabtest: PushCommit: no project " + fullPath)
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	g := s.gitLocked(pj)
	parent, ok := g.branches[branch]
	if !ok {
		parent = g.branches[pj.r.DefaultBranch]
	}
	fs := map[string][]byte{}
	for k, v := range files {
		fs[k] = []byte(v)
	}
	c := s.commitLocked(g, parent, message, author, fs, time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC))
	g.branches[branch] = c.SHA
	return c.SHA
}

// CommitFiles returns the files commit sha added, by path.
func (s *Server) CommitFiles(fullPath, sha string) map[string]string {
	pj, ok := s.findProject(fullPath)
	if !ok {
		return nil
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	c := s.gitLocked(pj).commits[sha]
	if c == nil {
		return nil
	}
	out := map[string]string{}
	for k, v := range c.Files {
		out[k] = string(v)
	}
	return out
}

// CommitParent returns the parent of commit sha.
func (s *Server) CommitParent(fullPath, sha string) string {
	pj, ok := s.findProject(fullPath)
	if !ok {
		return ""
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	if c := s.gitLocked(pj).commits[sha]; c != nil {
		return c.Parent
	}
	return ""
}

// MergeRequests returns a copy of the project's merge requests, by iid.
func (s *Server) MergeRequests(fullPath string) []MergeRequest {
	pj, ok := s.findProject(fullPath)
	if !ok {
		return nil
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	var out []MergeRequest
	for _, m := range s.gitLocked(pj).mrs {
		c := *m
		c.Notes = slices.Clone(m.Notes)
		out = append(out, c)
	}
	return out
}

// SetMergeRequestState merges or closes a merge request as a person would ("merged":
// the target branch moves to the source's head and, when asked, the source branch is
// deleted).
func (s *Server) SetMergeRequestState(fullPath string, iid int64, state string) {
	pj, ok := s.findProject(fullPath)
	if !ok {
		panic("gitlabtest: SetMergeRequestState: no project " + fullPath)
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	g := s.gitLocked(pj)
	for _, m := range g.mrs {
		if m.IID != iid {
			continue
		}
		m.State = state
		if state == "merged" {
			g.branches[m.Target] = g.branches[m.Source]
			if m.RemoveSource {
				delete(g.branches, m.Source)
			}
		}
	}
}

// serveGit answers the branch, compare, commit and merge request endpoints (under
// s.imu, writes already checked for scope and role by serveWrites).
func (s *Server) serveGit(rec *recorder, r *http.Request, seg []string, pj proj, now time.Time, decode func(any) bool) {
	msg := func(code int, m string) { rec.writeJSON(code, map[string]string{"message": m}) }
	g := s.gitLocked(pj)
	q := r.URL.Query()
	if seg[2] == "merge_requests" {
		s.serveMRs(rec, r, seg, pj, g, now, decode)
		return
	}
	switch {
	case r.Method == http.MethodGet && len(seg) == 5 && seg[3] == "branches":
		sha, ok := g.branches[seg[4]]
		if !ok {
			msg(404, "404 Branch Not Found")
			return
		}
		rec.writeJSON(200, &gitlab.Branch{Name: seg[4], Commit: s.commitJSON(r, pj, g, sha), Default: seg[4] == pj.r.DefaultBranch,
			CanPush: true, DevelopersCanPush: false, WebURL: s.webURL(r) + pj.fullPath() + "/-/tree/" + seg[4]})
	case r.Method == http.MethodGet && len(seg) == 4 && seg[3] == "compare":
		from, to := g.resolve(pj, q.Get("from")), g.resolve(pj, q.Get("to"))
		if from == "" || to == "" {
			msg(404, "404 Ref Not Found")
			return
		}
		base := g.ancestors(pj, from)
		var ahead []*Commit
		for _, c := range g.chain(to) {
			if base[c.SHA] {
				break
			}
			ahead = append(ahead, c)
		}
		slices.Reverse(ahead) // GitLab lists a comparison's commits oldest first
		out := &gitlab.Compare{Commits: []*gitlab.Commit{}, Diffs: []*gitlab.Diff{}, CompareSameRef: from == to,
			WebURL: s.webURL(r) + pj.fullPath() + "/-/compare/" + from + "..." + to}
		for _, c := range ahead {
			out.Commits = append(out.Commits, s.commitJSON(r, pj, g, c.SHA))
		}
		if len(out.Commits) > 0 {
			out.Commit = out.Commits[len(out.Commits)-1]
		}
		rec.writeJSON(200, out)
	case r.Method == http.MethodPost && len(seg) == 4 && seg[3] == "commits":
		var in gitlab.CreateCommitOptions
		if !decode(&in) {
			return
		}
		if in.Branch == nil || in.CommitMessage == nil || len(in.Actions) == 0 {
			msg(400, "400 Bad request - branch, commit_message, actions are missing")
			return
		}
		parent, exists := g.branches[*in.Branch]
		switch {
		case in.StartSHA != nil:
			if g.commits[*in.StartSHA] == nil && *in.StartSHA != pj.r.HeadOID {
				msg(400, "Invalid start_sha")
				return
			}
			if exists && (in.Force == nil || !*in.Force) {
				msg(400, "A branch called '"+*in.Branch+"' already exists. Switch to that branch in order to make changes")
				return
			}
			parent = *in.StartSHA
		case in.StartBranch != nil:
			if _, ok := g.branches[*in.StartBranch]; !ok {
				msg(400, "Invalid start_branch")
				return
			}
			parent = g.branches[*in.StartBranch]
		case !exists:
			msg(400, "You can only create or edit files when you are on a branch")
			return
		}
		files := map[string][]byte{}
		for _, a := range in.Actions {
			if a.Action == nil || *a.Action != gitlab.FileCreate || a.FilePath == nil {
				msg(400, "400 Bad request - actions[action] does not have a valid value")
				return
			}
			p := strings.Trim(*a.FilePath, "/")
			if s.existsLocked(g, pj, parent, p) || files[p] != nil {
				msg(400, "A file with this name already exists")
				return
			}
			var data []byte
			if a.Content != nil {
				data = []byte(*a.Content)
			}
			if a.Encoding != nil && *a.Encoding == "base64" {
				d, err := base64.StdEncoding.DecodeString(string(data))
				if err != nil {
					msg(400, "400 Bad request - content is not valid base64")
					return
				}
				data = d
			}
			files[p] = data
		}
		c := s.commitLocked(g, parent, *in.CommitMessage, actor, files, now)
		g.branches[*in.Branch] = c.SHA
		rec.writeJSON(201, s.commitJSON(r, pj, g, c.SHA))
	default:
		s.opts.Errorf("gitlabtest: unexpected repository request %s %s", r.Method, r.URL)
		msg(404, "404 Not Found")
	}
}

func (s *Server) commitJSON(r *http.Request, pj proj, g *gitState, sha string) *gitlab.Commit {
	c := g.commits[sha]
	if c == nil { // the store commit
		t := pj.r.PushedAt
		return &gitlab.Commit{ID: sha, ShortID: sha[:min(8, len(sha))], Title: "Initial commit", Message: "Initial commit\n", AuthorName: pj.ns.Login,
			AuthoredDate: &t, CommittedDate: &t, CreatedAt: &t, ParentIDs: []string{}, ProjectID: pj.r.ID, WebURL: s.webURL(r) + pj.fullPath() + "/-/commit/" + sha}
	}
	t := c.Created
	title, _, _ := strings.Cut(c.Message, "\n")
	return &gitlab.Commit{ID: c.SHA, ShortID: c.SHA[:8], Title: title, Message: c.Message, AuthorName: c.Author, AuthorEmail: c.Author + "@example.org",
		CommitterName: c.Author, AuthoredDate: &t, CommittedDate: &t, CreatedAt: &t, ParentIDs: []string{c.Parent}, ProjectID: pj.r.ID,
		WebURL: s.webURL(r) + pj.fullPath() + "/-/commit/" + c.SHA}
}

func (s *Server) serveMRs(rec *recorder, r *http.Request, seg []string, pj proj, g *gitState, now time.Time, decode func(any) bool) {
	msg := func(code int, m string) { rec.writeJSON(code, map[string]string{"message": m}) }
	find := func(x string) *MergeRequest {
		n, _ := strconv.ParseInt(x, 10, 64)
		for _, m := range g.mrs {
			if m.IID == n {
				return m
			}
		}
		return nil
	}
	switch {
	case r.Method == http.MethodGet && len(seg) == 3:
		q := r.URL.Query()
		state := q.Get("state")
		if state != "" && state != "all" && state != "opened" && state != "closed" && state != "merged" && state != "locked" {
			msg(400, "400 Bad request - state does not have a valid value")
			return
		}
		var match []*MergeRequest
		for i := len(g.mrs) - 1; i >= 0; i-- { // created_at desc, GitLab's default
			m := g.mrs[i]
			if state != "" && state != "all" && m.State != state {
				continue
			}
			if sb := q.Get("source_branch"); sb != "" && m.Source != sb {
				continue
			}
			match = append(match, m)
		}
		start, end := pageHeaders(rec, r, len(match))
		items := []*gitlab.BasicMergeRequest{}
		for _, m := range match[start:end] {
			items = append(items, &s.mrJSON(r, pj, g, m).BasicMergeRequest)
		}
		rec.writeJSON(200, items)
	case r.Method == http.MethodPost && len(seg) == 3:
		var in gitlab.CreateMergeRequestOptions
		if !decode(&in) {
			return
		}
		if in.Title == nil || in.SourceBranch == nil || in.TargetBranch == nil {
			msg(400, "400 Bad request - title, source_branch, target_branch are missing")
			return
		}
		if _, ok := g.branches[*in.SourceBranch]; !ok {
			rec.writeJSON(422, map[string][]string{"message": {"Source branch \"" + *in.SourceBranch + "\" does not exist"}})
			return
		}
		for _, m := range g.mrs {
			if m.State == "opened" && m.Source == *in.SourceBranch && m.Target == *in.TargetBranch {
				rec.writeJSON(409, map[string][]string{"message": {fmt.Sprintf("Another open merge request already exists for this source branch: !%d", m.IID)}})
				return
			}
		}
		s.nextID++
		m := &MergeRequest{ID: s.nextID, IID: int64(len(g.mrs) + 1), Title: *in.Title, State: "opened", Source: *in.SourceBranch, Target: *in.TargetBranch, Created: now, Updated: now}
		if in.Description != nil {
			m.Description = *in.Description
		}
		if in.RemoveSourceBranch != nil {
			m.RemoveSource = *in.RemoveSourceBranch
		}
		g.mrs = append(g.mrs, m)
		rec.writeJSON(201, s.mrJSON(r, pj, g, m))
	case r.Method == http.MethodPut && len(seg) == 4:
		m := find(seg[3])
		if m == nil {
			msg(404, "404 Merge Request Not Found")
			return
		}
		var in gitlab.UpdateMergeRequestOptions
		if !decode(&in) {
			return
		}
		if in.Title != nil && *in.Title != m.Title {
			m.Notes = append(m.Notes, s.systemNote(now, "changed title from **"+m.Title+"** to **"+*in.Title+"**"))
			m.Title = *in.Title
		}
		if in.Description != nil && *in.Description != m.Description {
			m.Notes = append(m.Notes, s.systemNote(now, "changed the description"))
			m.Description = *in.Description
		}
		if in.StateEvent != nil {
			switch *in.StateEvent {
			case "close":
				if m.State == "opened" {
					m.State = "closed"
					m.Notes = append(m.Notes, s.systemNote(now, "closed"))
				}
			case "reopen":
				if m.State == "closed" {
					m.State = "opened"
					m.Notes = append(m.Notes, s.systemNote(now, "reopened"))
				}
			default:
				msg(400, "400 Bad request - state_event does not have a valid value")
				return
			}
		}
		m.Updated = now
		rec.writeJSON(200, s.mrJSON(r, pj, g, m))
	case len(seg) == 5 && seg[4] == "notes":
		m := find(seg[3])
		if m == nil {
			msg(404, "404 Merge Request Not Found")
			return
		}
		s.serveNotes(rec, r, pj, &m.Notes, &m.Updated, m.IID, "MergeRequest", now, decode)
	default:
		s.opts.Errorf("gitlabtest: unexpected merge request request %s %s", r.Method, r.URL)
		msg(404, "404 Not Found")
	}
}

func (s *Server) mrJSON(r *http.Request, pj proj, g *gitState, m *MergeRequest) *gitlab.MergeRequest {
	created, updated := m.Created, m.Updated
	out := &gitlab.MergeRequest{BasicMergeRequest: gitlab.BasicMergeRequest{ID: m.ID, IID: m.IID, ProjectID: pj.r.ID, SourceProjectID: pj.r.ID, TargetProjectID: pj.r.ID,
		Title: m.Title, Description: m.Description, State: m.State, SourceBranch: m.Source, TargetBranch: m.Target, SHA: g.branches[m.Source],
		Author: &gitlab.BasicUser{Username: actor, Name: actor, State: "active"}, CreatedAt: &created, UpdatedAt: &updated,
		ForceRemoveSourceBranch: m.RemoveSource, Labels: gitlab.Labels{}, DetailedMergeStatus: "mergeable",
		WebURL:     fmt.Sprintf("%s%s/-/merge_requests/%d", s.webURL(r), pj.fullPath(), m.IID),
		References: &gitlab.IssueReferences{Short: fmt.Sprintf("!%d", m.IID), Full: fmt.Sprintf("%s!%d", pj.fullPath(), m.IID)}}}
	for _, n := range m.Notes {
		if !n.System {
			out.UserNotesCount++
		}
	}
	return out
}

// layeredTree lists dir at ref when ref names a commit made through the API (or a branch
// pointing at one): layered reports that, ok whether dir exists there.
func (s *Server) layeredTree(pj proj, ref, dir string) (nodes []gitlab.TreeNode, layered, ok bool) {
	s.imu.Lock()
	defer s.imu.Unlock()
	g := s.git[pj.r.ID]
	if g == nil {
		return nil, false, false
	}
	sha := g.resolve(pj, ref)
	if ref == "" || ref == "HEAD" {
		sha = g.branches[pj.r.DefaultBranch]
	}
	if g.commits[sha] == nil {
		return nil, false, false
	}
	nodes, ok = s.dirLocked(g, pj, sha, dir)
	return nodes, true, ok
}
