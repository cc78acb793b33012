package gitlabtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go"
)

// Issue is a project issue as the fake keeps it (GitLab's states: opened, closed).
type Issue struct {
	ID          int64
	IID         int64
	Title       string
	Description string
	State       string
	Labels      []string
	Assignees   []string // usernames
	Author      string
	Notes       []Note // oldest first, system notes included
	Created     time.Time
	Updated     time.Time
	Closed      time.Time
}

// Comments returns the bodies of the issue's user notes (system notes left out).
func (is Issue) Comments() []string {
	var out []string
	for _, n := range is.Notes {
		if !n.System {
			out = append(out, n.Body)
		}
	}
	return out
}

// Note is a note on an issue or merge request; System notes are the ones GitLab adds
// itself ("closed", "changed the description").
type Note struct {
	ID      int64
	Body    string
	System  bool
	Author  string
	Created time.Time
}

// Label is a project label.
type Label struct {
	ID          int64
	Name        string
	Color       string
	Description string
}

// issueState is the writable state of one project.
type issueState struct {
	issues []*Issue
	labels []*Label
}

const actor = "repogov-bot"

func (s *Server) stateLocked(pj proj) *issueState {
	st := s.issues[pj.r.ID]
	if st == nil {
		st = &issueState{}
		s.issues[pj.r.ID] = st
	}
	return st
}

func (s *Server) findProject(fullPath string) (proj, bool) {
	return s.project(fullPath, principal{})
}

// Issues returns a copy of the issues of the project at fullPath, by iid.
func (s *Server) Issues(fullPath string) []Issue {
	pj, ok := s.findProject(fullPath)
	if !ok {
		return nil
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	st := s.issues[pj.r.ID]
	if st == nil {
		return nil
	}
	out := make([]Issue, len(st.issues))
	for i, is := range st.issues {
		out[i] = *is
		out[i].Notes = slices.Clone(is.Notes)
		out[i].Labels = slices.Clone(is.Labels)
		out[i].Assignees = slices.Clone(is.Assignees)
	}
	return out
}

// Labels returns the label names of the project at fullPath.
func (s *Server) Labels(fullPath string) []string {
	pj, ok := s.findProject(fullPath)
	if !ok {
		return nil
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	var out []string
	if st := s.issues[pj.r.ID]; st != nil {
		for _, l := range st.labels {
			out = append(out, l.Name)
		}
	}
	return out
}

// EditIssue changes an issue as a person would in GitLab's UI (tests); f runs under the
// fake's lock.
func (s *Server) EditIssue(fullPath string, iid int64, f func(*Issue)) {
	pj, ok := s.findProject(fullPath)
	if !ok {
		return
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	for _, is := range s.stateLocked(pj).issues {
		if is.IID == iid {
			f(is)
		}
	}
}

// DenyWrites makes every write to the project at fullPath answer 403 Forbidden, as for
// a member whose role is too low (a Guest closing issues, a Reporter pushing).
func (s *Server) DenyWrites(fullPath string) {
	pj, ok := s.findProject(fullPath)
	if !ok {
		panic("gitlabtest: DenyWrites: no project " + fullPath)
	}
	s.imu.Lock()
	s.denied[pj.r.ID] = true
	s.imu.Unlock()
}

// writable reports whether seg (after /projects/:id) is an endpoint the fake writes.
func writable(seg []string) bool {
	switch seg[2] {
	case "issues", "labels", "merge_requests":
		return true
	case "repository":
		return len(seg) >= 4 && (seg[3] == "branches" || seg[3] == "compare" || seg[3] == "commits")
	}
	return false
}

func (s *Server) hasScope(want string) bool {
	return slices.Contains(s.opts.Scopes, want)
}

// users answers GET /users?username=NAME: the user namespaces of the store.
func (s *Server) users(rec *recorder, r *http.Request) {
	name := r.URL.Query().Get("username")
	out := []*gitlab.User{}
	for _, o := range s.Store.Orgs {
		if o.User && name != "" && strings.EqualFold(o.Login, name) {
			out = append(out, &gitlab.User{ID: groupID(o), Username: o.Login, Name: o.Login, State: "active", WebURL: s.webURL(r) + o.Login})
		}
	}
	rec.writeJSON(200, out)
}

// userID is the id GitLab gives a username (0 when there is no such user).
func (s *Server) userID(name string) int64 {
	if o := s.Store.Orgs[strings.ToLower(name)]; o != nil && o.User {
		return groupID(o)
	}
	return 0
}

func (s *Server) username(id int64) string {
	for _, o := range s.Store.Orgs {
		if o.User && groupID(o) == id {
			return o.Login
		}
	}
	return ""
}

// serveWrites answers the issue, label, note, commit, branch, compare and merge request
// endpoints of a project, reads and writes, in GitLab's shapes. Request bodies are
// decoded into client-go's option structs, so a field client-go would not send is an
// error.
func (s *Server) serveWrites(rec *recorder, r *http.Request, seg []string, body []byte, pj proj, pr principal) {
	msg := func(code int, m string) { rec.writeJSON(code, map[string]string{"message": m}) }
	write := r.Method != http.MethodGet
	if write {
		s.writes.Add(1)
		switch {
		case pr.anonymous:
			msg(401, "401 Unauthorized")
			return
		case s.opts.Scopes != nil && !s.hasScope("api"):
			rec.writeJSON(403, map[string]string{"error": "insufficient_scope",
				"error_description": "The request requires higher privileges than provided by the access token.", "scope": "api"})
			return
		case pj.r.Archived:
			msg(403, "403 Forbidden")
			return
		}
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	if write && s.denied[pj.r.ID] {
		msg(403, "403 Forbidden")
		return
	}
	decode := func(v any) bool {
		if err := json.Unmarshal(body, v); err != nil {
			s.opts.Errorf("gitlabtest: %s %s: body %q: %v", r.Method, r.URL, body, err)
			msg(400, "400 Bad request - body is not JSON")
			return false
		}
		return true
	}
	st := s.stateLocked(pj)
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(s.writes.Load()) * time.Second)
	switch seg[2] {
	case "issues":
		if pj.r.IssuesDisabled {
			if write {
				msg(403, "403 Forbidden")
			} else if len(seg) == 3 {
				// The finder shows nothing of a project whose issues are off.
				rec.writeJSON(200, []*gitlab.Issue{})
			} else {
				msg(404, "404 Not Found")
			}
			return
		}
		s.serveIssues(rec, r, seg, pj, st, now, decode)
	case "labels":
		s.serveLabels(rec, r, seg, st, decode)
	case "merge_requests", "repository":
		s.serveGit(rec, r, seg, pj, now, decode)
	}
}

func (s *Server) serveIssues(rec *recorder, r *http.Request, seg []string, pj proj, st *issueState, now time.Time, decode func(any) bool) {
	msg := func(code int, m string) { rec.writeJSON(code, map[string]string{"message": m}) }
	find := func(x string) *Issue {
		n, _ := strconv.ParseInt(x, 10, 64)
		for _, is := range st.issues {
			if is.IID == n {
				return is
			}
		}
		return nil
	}
	switch {
	case r.Method == http.MethodGet && len(seg) == 3:
		q := r.URL.Query()
		state := q.Get("state")
		if state != "" && state != "all" && state != "opened" && state != "closed" {
			msg(400, "400 Bad request - state does not have a valid value")
			return
		}
		var want []string
		if l := q.Get("labels"); l != "" {
			want = strings.Split(l, ",")
		}
		var match []*Issue
		for i := len(st.issues) - 1; i >= 0; i-- { // created_at desc, GitLab's default
			is := st.issues[i]
			if state != "" && state != "all" && is.State != state {
				continue
			}
			ok := true
			for _, l := range want {
				if !slices.ContainsFunc(is.Labels, func(x string) bool { return strings.EqualFold(x, l) }) {
					ok = false
				}
			}
			if ok {
				match = append(match, is)
			}
		}
		start, end := pageHeaders(rec, r, len(match))
		items := []*gitlab.Issue{}
		for _, is := range match[start:end] {
			items = append(items, s.issueJSON(r, pj, is))
		}
		rec.writeJSON(200, items)
	case r.Method == http.MethodPost && len(seg) == 3:
		var in gitlab.CreateIssueOptions
		if !decode(&in) {
			return
		}
		if in.Title == nil || strings.TrimSpace(*in.Title) == "" {
			msg(400, "400 Bad request - title is missing")
			return
		}
		s.nextID++
		is := &Issue{ID: s.nextID, IID: int64(len(st.issues) + 1), Title: *in.Title, State: "opened", Author: actor, Created: now, Updated: now}
		if in.Description != nil {
			is.Description = *in.Description
		}
		if in.AssigneeIDs != nil {
			for _, id := range *in.AssigneeIDs {
				if u := s.username(id); u != "" {
					is.Assignees = append(is.Assignees, u)
				}
			}
		}
		if in.Labels != nil {
			for _, l := range *in.Labels {
				if l = strings.TrimSpace(l); l != "" {
					// GitLab creates unknown labels given to a new issue.
					is.Labels = append(is.Labels, s.labelLocked(st, l, "#6699cc", "").Name)
				}
			}
		}
		st.issues = append(st.issues, is)
		rec.writeJSON(201, s.issueJSON(r, pj, is))
	case r.Method == http.MethodPut && len(seg) == 4:
		is := find(seg[3])
		if is == nil {
			msg(404, "404 Issue Not Found")
			return
		}
		var in gitlab.UpdateIssueOptions
		if !decode(&in) {
			return
		}
		if in.Title != nil && *in.Title != is.Title {
			is.Notes = append(is.Notes, s.systemNote(now, "changed title from **"+is.Title+"** to **"+*in.Title+"**"))
			is.Title = *in.Title
		}
		if in.Description != nil && *in.Description != is.Description {
			is.Notes = append(is.Notes, s.systemNote(now, "changed the description"))
			is.Description = *in.Description
		}
		if in.StateEvent != nil {
			switch *in.StateEvent {
			case "close":
				if is.State == "opened" {
					is.State, is.Closed = "closed", now
					is.Notes = append(is.Notes, s.systemNote(now, "closed"))
				}
			case "reopen":
				if is.State == "closed" {
					is.State, is.Closed = "opened", time.Time{}
					is.Notes = append(is.Notes, s.systemNote(now, "reopened"))
				}
			default:
				msg(400, "400 Bad request - state_event does not have a valid value")
				return
			}
		}
		if in.Labels != nil {
			is.Labels = slices.Clone(*in.Labels)
		}
		is.Updated = now
		rec.writeJSON(200, s.issueJSON(r, pj, is))
	case len(seg) == 5 && seg[4] == "notes":
		is := find(seg[3])
		if is == nil {
			msg(404, "404 Issue Not Found")
			return
		}
		s.serveNotes(rec, r, pj, &is.Notes, &is.Updated, is.IID, "Issue", now, decode)
	default:
		s.opts.Errorf("gitlabtest: unexpected issues request %s %s", r.Method, r.URL)
		msg(404, "404 Not Found")
	}
}

// notes answers GET …/notes: sort (default desc) and order_by (created_at, updated_at).
// serveNotes lists (GET) or adds (POST) the notes of an issue or a merge request (kind
// "Issue", "MergeRequest").
func (s *Server) serveNotes(rec *recorder, r *http.Request, pj proj, notes *[]Note, updated *time.Time, iid int64, kind string, now time.Time, decode func(any) bool) {
	if r.Method == http.MethodGet {
		s.notes(rec, r, pj, *notes, iid, kind)
		return
	}
	var in gitlab.CreateIssueNoteOptions // the merge request form has the same body
	if r.Method != http.MethodPost || !decode(&in) {
		return
	}
	if in.Body == nil || *in.Body == "" {
		rec.writeJSON(400, map[string]string{"message": "400 Bad request - body is missing"})
		return
	}
	s.nextID++
	n := Note{ID: s.nextID, Body: *in.Body, Author: actor, Created: now}
	*notes = append(*notes, n)
	*updated = now
	rec.writeJSON(201, noteJSON(pj, n, iid, kind))
}

func (s *Server) notes(rec *recorder, r *http.Request, pj proj, ns []Note, iid int64, kind string) {
	q := r.URL.Query()
	all := slices.Clone(ns)
	if q.Get("sort") != "asc" {
		slices.Reverse(all)
	}
	start, end := pageHeaders(rec, r, len(all))
	items := []*gitlab.Note{}
	for _, n := range all[start:end] {
		items = append(items, noteJSON(pj, n, iid, kind))
	}
	rec.writeJSON(200, items)
}

func (s *Server) systemNote(now time.Time, body string) Note {
	s.nextID++
	return Note{ID: s.nextID, Body: body, System: true, Author: actor, Created: now}
}

func noteJSON(pj proj, n Note, iid int64, kind string) *gitlab.Note {
	t := n.Created
	return &gitlab.Note{ID: n.ID, Body: n.Body, System: n.System, Author: gitlab.NoteAuthor{Username: n.Author, Name: n.Author, State: "active"},
		CreatedAt: &t, UpdatedAt: &t, NoteableIID: iid, NoteableType: kind, ProjectID: pj.r.ID}
}

func (s *Server) serveLabels(rec *recorder, r *http.Request, seg []string, st *issueState, decode func(any) bool) {
	msg := func(code int, m string) { rec.writeJSON(code, map[string]string{"message": m}) }
	switch {
	case r.Method == http.MethodGet && len(seg) == 4:
		for _, l := range st.labels {
			if strings.EqualFold(l.Name, seg[3]) || strconv.FormatInt(l.ID, 10) == seg[3] {
				rec.writeJSON(200, labelJSON(l))
				return
			}
		}
		msg(404, "404 Label Not Found")
	case r.Method == http.MethodPost && len(seg) == 3:
		var in gitlab.CreateLabelOptions
		if !decode(&in) {
			return
		}
		if in.Name == nil || *in.Name == "" || in.Color == nil {
			msg(400, "400 Bad request - name, color are missing")
			return
		}
		if !strings.HasPrefix(*in.Color, "#") {
			rec.writeJSON(400, map[string]any{"message": map[string][]string{"color": {"must be a valid color code"}}})
			return
		}
		for _, l := range st.labels {
			if strings.EqualFold(l.Name, *in.Name) {
				msg(409, "Label already exists")
				return
			}
		}
		desc := ""
		if in.Description != nil {
			desc = *in.Description
		}
		rec.writeJSON(201, labelJSON(s.labelLocked(st, *in.Name, *in.Color, desc)))
	default:
		s.opts.Errorf("gitlabtest: unexpected labels request %s %s", r.Method, r.URL)
		msg(404, "404 Not Found")
	}
}

func (s *Server) labelLocked(st *issueState, name, color, desc string) *Label {
	for _, l := range st.labels {
		if strings.EqualFold(l.Name, name) {
			return l
		}
	}
	s.nextID++
	l := &Label{ID: s.nextID, Name: name, Color: color, Description: desc}
	st.labels = append(st.labels, l)
	return l
}

func labelJSON(l *Label) *gitlab.Label {
	return &gitlab.Label{ID: l.ID, Name: l.Name, Color: l.Color, TextColor: "#FFFFFF", Description: l.Description, IsProjectLabel: true}
}

func (s *Server) issueJSON(r *http.Request, pj proj, is *Issue) *gitlab.Issue {
	created, updated := is.Created, is.Updated
	out := &gitlab.Issue{ID: is.ID, IID: is.IID, ProjectID: pj.r.ID, Title: is.Title, Description: is.Description, State: is.State,
		Labels: gitlab.Labels(slices.Clone(is.Labels)), Author: &gitlab.IssueAuthor{Username: is.Author, Name: is.Author, State: "active"},
		CreatedAt: &created, UpdatedAt: &updated, WebURL: fmt.Sprintf("%s%s/-/issues/%d", s.webURL(r), pj.fullPath(), is.IID),
		References: &gitlab.IssueReferences{Short: fmt.Sprintf("#%d", is.IID), Full: fmt.Sprintf("%s#%d", pj.fullPath(), is.IID)},
		IssueType:  gitlab.Ptr("issue"), Assignees: []*gitlab.IssueAssignee{}}
	if out.Labels == nil {
		out.Labels = gitlab.Labels{}
	}
	for _, n := range is.Notes {
		if !n.System {
			out.UserNotesCount++
		}
	}
	for _, a := range is.Assignees {
		out.Assignees = append(out.Assignees, &gitlab.IssueAssignee{ID: s.userID(a), Username: a, Name: a, State: "active"})
	}
	if len(out.Assignees) > 0 {
		//lint:ignore SA1019 GitLab still sends the single "assignee"; the fake speaks its shape.
		out.Assignee = out.Assignees[0]
	}
	if !is.Closed.IsZero() {
		c := is.Closed
		out.ClosedAt = &c
		out.ClosedBy = &gitlab.IssueCloser{Username: actor, Name: actor}
	}
	return out
}

// pageHeaders applies GitLab's offset pagination (per_page ≤ 100, default 20) to n
// items and sets its headers; it returns the page's bounds.
func pageHeaders(rec *recorder, r *http.Request, n int) (start, end int) {
	q := r.URL.Query()
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = 20
	}
	per = min(per, 100)
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	start = min((page-1)*per, n)
	end = min(start+per, n)
	h := rec.header
	h.Set("X-Page", strconv.Itoa(page))
	h.Set("X-Per-Page", strconv.Itoa(per))
	h.Set("X-Total", strconv.Itoa(n))
	h.Set("X-Total-Pages", strconv.Itoa(max((n+per-1)/per, 1)))
	if end < n {
		h.Set("X-Next-Page", strconv.Itoa(page+1))
	} else {
		h.Set("X-Next-Page", "")
	}
	return start, end
}
