package githubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Issue is an issue of a fixture repository, as the fake keeps it.
type Issue struct {
	ID          int64
	Number      int
	Title       string
	Body        string
	State       string // open, closed
	StateReason string // completed, not_planned, reopened, ""
	Labels      []string
	Assignees   []string
	User        string
	Comments    []Comment
	Created     time.Time
	Updated     time.Time
	Closed      time.Time
	pull        *pullInfo // set when the issue is a pull request (pulls.go)
}

// Comment is a comment on an issue.
type Comment struct {
	ID      int64
	Body    string
	User    string
	Created time.Time
}

// Label is a repository label.
type Label struct {
	ID          int64
	Name        string
	Color       string
	Description string
}

// issueState is the writable state of a repository: issues (and pull requests, which
// share their numbers), labels, comments and git.
type issueState struct {
	issues []*Issue
	labels []*Label
	git    *gitState       // git.go; nil until first used
	deny   map[string]bool // permissions the credential lacks here (Deny)
}

// Issues returns a copy of the issues of owner/name (nil when there are none).
func (s *Server) Issues(owner, name string) []Issue {
	s.imu.Lock()
	defer s.imu.Unlock()
	st := s.issueStates[strings.ToLower(owner+"/"+name)]
	if st == nil {
		return nil
	}
	out := make([]Issue, len(st.issues))
	for i, is := range st.issues {
		out[i] = *is
		out[i].Comments = slices.Clone(is.Comments)
		out[i].Labels = slices.Clone(is.Labels)
	}
	return out
}

// Labels returns the label names of owner/name.
func (s *Server) Labels(owner, name string) []string {
	s.imu.Lock()
	defer s.imu.Unlock()
	st := s.issueStates[strings.ToLower(owner+"/"+name)]
	var out []string
	if st != nil {
		for _, l := range st.labels {
			out = append(out, l.Name)
		}
	}
	return out
}

// EditIssue changes an issue as a person would on github.com (tests: close by hand,
// edit the body, remove the label); f runs under the fake's lock.
func (s *Server) EditIssue(owner, name string, number int, f func(*Issue)) {
	s.imu.Lock()
	defer s.imu.Unlock()
	st := s.issueStates[strings.ToLower(owner+"/"+name)]
	for _, is := range st.issues {
		if is.Number == number {
			f(is)
		}
	}
}

// DenyWrites makes every write to owner/name answer 403 "Resource not accessible by
// integration", as for a token or App without the write permission.
func (s *Server) DenyWrites(owner, name string) {
	s.imu.Lock()
	defer s.imu.Unlock()
	if s.denied == nil {
		s.denied = map[string]bool{}
	}
	s.denied[strings.ToLower(owner+"/"+name)] = true
}

func (s *Server) state(full string) *issueState {
	k := strings.ToLower(full)
	st := s.issueStates[k]
	if st == nil {
		st = &issueState{}
		s.issueStates[k] = st
	}
	return st
}

const actor = "repogov-bot"

// serveIssues answers the issues, labels and issue comments endpoints of a repository
// with GitHub's shapes (GET …/issues, POST …/issues, PATCH …/issues/N, GET|POST
// …/issues/N/comments, GET …/labels/NAME, POST …/labels).
func (s *Server) serveIssues(rec *recorder, r *http.Request, body []byte, org *Org, rp *Repo, parts []string, pr principal) {
	full := org.Login + "/" + rp.Name
	if r.Method != "GET" {
		if pr.anonymous {
			rec.writeJSON(401, map[string]string{"message": "Requires authentication", "documentation_url": "https://docs.github.com/rest"})
			return
		}
		s.writes.Add(1)
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	st := s.state(full)
	// A pull request's number on the issue endpoints (its conversation, its title and
	// state) works with issues turned off, and either permission allows the write.
	onPull := len(parts) >= 5 && parts[3] == "issues" && slices.ContainsFunc(st.issues, func(is *Issue) bool { return is.pull != nil && strconv.Itoa(is.Number) == parts[4] })
	if r.Method != "GET" && s.denied[strings.ToLower(full)] {
		perm := "issues=write"
		if onPull {
			perm = "issues=write; pull_requests=write"
		}
		rec.header.Set("X-Accepted-GitHub-Permissions", perm)
		rec.writeJSON(403, map[string]string{"message": "Resource not accessible by integration", "documentation_url": "https://docs.github.com/rest/issues/issues#create-an-issue"})
		return
	}
	if parts[3] == "issues" && rp.IssuesDisabled && !onPull {
		rec.writeJSON(410, map[string]string{"message": "Issues are disabled for this repo", "documentation_url": "https://docs.github.com/v3/issues/"})
		return
	}
	if r.Method != "GET" && rp.Archived {
		rec.writeJSON(403, map[string]string{"message": "Repository was archived so is read-only.", "documentation_url": "https://docs.github.com/rest"})
		return
	}
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(s.writes.Load()) * time.Second)
	base := s.apiURL(r) + "repos/" + full
	var in struct {
		Title       *string   `json:"title"`
		Body        *string   `json:"body"`
		State       *string   `json:"state"`
		StateReason *string   `json:"state_reason"`
		Labels      *[]string `json:"labels"`
		Assignees   *[]string `json:"assignees"`
		Name        *string   `json:"name"`
		Color       *string   `json:"color"`
		Description *string   `json:"description"`
	}
	if r.Method != "GET" {
		if err := json.Unmarshal(body, &in); err != nil {
			rec.writeJSON(400, map[string]string{"message": "Problems parsing JSON"})
			return
		}
	}
	find := func(n string) *Issue {
		num, _ := strconv.Atoi(n)
		for _, is := range st.issues {
			if is.Number == num {
				return is
			}
		}
		return nil
	}
	invalid := func(field, code string) {
		rec.writeJSON(422, map[string]any{"message": "Validation Failed", "errors": []map[string]string{{"resource": "Issue", "field": field, "code": code}},
			"documentation_url": "https://docs.github.com/rest"})
	}
	switch {
	case r.Method == "GET" && len(parts) == 4 && parts[3] == "issues":
		q := r.URL.Query()
		state := q.Get("state")
		if state == "" {
			state = "open"
		}
		var want []string
		if l := q.Get("labels"); l != "" {
			want = strings.Split(l, ",")
		}
		var match []*Issue
		for i := len(st.issues) - 1; i >= 0; i-- { // newest first, as GitHub sorts by default
			is := st.issues[i]
			if state != "all" && is.State != state {
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
		page, per := paging(r)
		start := min((page-1)*per, len(match))
		end := min(start+per, len(match))
		items := []map[string]any{}
		for _, is := range match[start:end] {
			items = append(items, s.issueJSON(base, st, is))
		}
		nextLink(rec, r, page, end < len(match))
		rec.writeJSON(200, items)
	case r.Method == "POST" && len(parts) == 4 && parts[3] == "issues":
		if in.Title == nil || strings.TrimSpace(*in.Title) == "" {
			invalid("title", "missing_field")
			return
		}
		is := &Issue{ID: int64(900000 + len(st.issues)), Number: len(st.issues) + 1, Title: *in.Title, State: "open", User: actor, Created: now, Updated: now}
		if in.Body != nil {
			is.Body = *in.Body
		}
		if in.Assignees != nil {
			is.Assignees = slices.Clone(*in.Assignees)
		}
		if in.Labels != nil {
			for _, l := range *in.Labels {
				s.labelLocked(st, l, "ededed", "")
				is.Labels = append(is.Labels, l)
			}
		}
		st.issues = append(st.issues, is)
		rec.writeJSON(201, s.issueJSON(base, st, is))
	case r.Method == "PATCH" && len(parts) == 5 && parts[3] == "issues":
		is := find(parts[4])
		if is == nil {
			s.notFound(rec)
			return
		}
		if in.Title != nil {
			is.Title = *in.Title
		}
		if in.Body != nil {
			is.Body = *in.Body
		}
		if in.State != nil {
			switch *in.State {
			case "open":
				if is.State == "closed" {
					is.StateReason = "reopened"
				}
				is.State, is.Closed = "open", time.Time{}
			case "closed":
				if is.State == "open" {
					is.Closed = now
				}
				is.State, is.StateReason = "closed", "completed"
				if in.StateReason != nil {
					is.StateReason = *in.StateReason
				}
			default:
				invalid("state", "invalid")
				return
			}
		}
		if in.Labels != nil {
			is.Labels = slices.Clone(*in.Labels)
		}
		if in.Assignees != nil {
			is.Assignees = slices.Clone(*in.Assignees)
		}
		is.Updated = now
		rec.writeJSON(200, s.issueJSON(base, st, is))
	case len(parts) == 6 && parts[3] == "issues" && parts[5] == "comments":
		is := find(parts[4])
		if is == nil {
			s.notFound(rec)
			return
		}
		if r.Method == "GET" {
			page, per := paging(r)
			start := min((page-1)*per, len(is.Comments))
			end := min(start+per, len(is.Comments))
			items := []map[string]any{}
			for _, c := range is.Comments[start:end] {
				items = append(items, commentJSON(base, is, c))
			}
			nextLink(rec, r, page, end < len(is.Comments))
			rec.writeJSON(200, items)
			return
		}
		if r.Method != "POST" || in.Body == nil || *in.Body == "" {
			invalid("body", "missing_field")
			return
		}
		c := Comment{ID: int64(700000 + len(is.Comments)), Body: *in.Body, User: actor, Created: now}
		is.Comments = append(is.Comments, c)
		is.Updated = now
		rec.writeJSON(201, commentJSON(base, is, c))
	case r.Method == "GET" && len(parts) == 5 && parts[3] == "labels":
		for _, l := range st.labels {
			if strings.EqualFold(l.Name, parts[4]) {
				rec.writeJSON(200, labelJSON(base, l))
				return
			}
		}
		s.notFound(rec)
	case r.Method == "POST" && len(parts) == 4 && parts[3] == "labels":
		if in.Name == nil || *in.Name == "" {
			invalid("name", "missing_field")
			return
		}
		for _, l := range st.labels {
			if strings.EqualFold(l.Name, *in.Name) {
				rec.writeJSON(422, map[string]any{"message": "Validation Failed", "errors": []map[string]string{{"resource": "Label", "code": "already_exists", "field": "name"}}})
				return
			}
		}
		color, desc := "ededed", ""
		if in.Color != nil {
			color = *in.Color
		}
		if in.Description != nil {
			desc = *in.Description
		}
		rec.writeJSON(201, labelJSON(base, s.labelLocked(st, *in.Name, color, desc)))
	default:
		s.opts.Errorf("githubtest: unexpected issues request %s %s", r.Method, r.URL)
		s.notFound(rec)
	}
}

// labelLocked returns the label name, creating it (as issue creation does on GitHub).
func (s *Server) labelLocked(st *issueState, name, color, desc string) *Label {
	for _, l := range st.labels {
		if strings.EqualFold(l.Name, name) {
			return l
		}
	}
	l := &Label{ID: int64(500000 + len(st.labels)), Name: name, Color: color, Description: desc}
	st.labels = append(st.labels, l)
	return l
}

func paging(r *http.Request) (page, per int) {
	q := r.URL.Query()
	per, _ = strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = 30
	}
	per = min(per, 100)
	page, _ = strconv.Atoi(q.Get("page"))
	return max(page, 1), per
}

func user(login string) map[string]any {
	return map[string]any{"login": login, "id": len(login) + 1000, "type": "User", "html_url": "https://github.com/" + login}
}

func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func labelJSON(base string, l *Label) map[string]any {
	return map[string]any{"id": l.ID, "node_id": fmt.Sprintf("LA_%d", l.ID), "url": base + "/labels/" + l.Name, "name": l.Name,
		"color": l.Color, "description": l.Description, "default": false}
}

func (s *Server) issueJSON(base string, st *issueState, is *Issue) map[string]any {
	labels := []map[string]any{}
	for _, n := range is.Labels {
		labels = append(labels, labelJSON(base, s.labelLocked(st, n, "ededed", "")))
	}
	assignees := []map[string]any{}
	var assignee any
	for i, a := range is.Assignees {
		assignees = append(assignees, user(a))
		if i == 0 {
			assignee = user(a)
		}
	}
	var reason any
	if is.StateReason != "" {
		reason = is.StateReason
	}
	web := strings.Replace(base, "/repos/", "/", 1)
	out := map[string]any{
		"id": is.ID, "node_id": fmt.Sprintf("I_%d", is.ID), "number": is.Number, "title": is.Title, "body": is.Body,
		"state": is.State, "state_reason": reason, "locked": false, "labels": labels, "assignee": assignee, "assignees": assignees,
		"user": user(is.User), "comments": len(is.Comments), "url": base + "/issues/" + strconv.Itoa(is.Number),
		"html_url": web + "/issues/" + strconv.Itoa(is.Number), "comments_url": base + "/issues/" + strconv.Itoa(is.Number) + "/comments",
		"created_at": ts(is.Created), "updated_at": ts(is.Updated), "closed_at": ts(is.Closed), "author_association": "NONE",
	}
	if is.pull != nil {
		out["pull_request"] = pullRefJSON(base, is)
	}
	return out
}

func commentJSON(base string, is *Issue, c Comment) map[string]any {
	return map[string]any{"id": c.ID, "node_id": fmt.Sprintf("IC_%d", c.ID), "body": c.Body, "user": user(c.User),
		"url": base + "/issues/comments/" + strconv.FormatInt(c.ID, 10), "issue_url": base + "/issues/" + strconv.Itoa(is.Number),
		"created_at": ts(c.Created), "updated_at": ts(c.Created), "author_association": "NONE"}
}
