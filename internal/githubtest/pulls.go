package githubtest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// pullInfo is what makes an Issue a pull request. GitHub numbers issues and pull
// requests in one sequence and a pull request's conversation is issue comments, so the
// fake keeps a pull request as an Issue (number, title, body, state, comments) with this.
type pullInfo struct {
	id          int64
	head, base  string // branch names
	headSHA     string // the head when the pull request was opened, closed or merged
	merged      time.Time
	mergeCommit string
}

// IsPull reports whether the issue is a pull request.
func (i Issue) IsPull() bool { return i.pull != nil }

// PullRequest is a pull request as the fake keeps it.
type PullRequest struct {
	Number      int
	Title, Body string
	State       string // open, closed, merged
	Head, Base  string
	HeadSHA     string
	Comments    []string
}

// Pulls returns the pull requests of owner/name, oldest first.
func (s *Server) Pulls(owner, name string) []PullRequest {
	s.imu.Lock()
	defer s.imu.Unlock()
	st, g, _, _ := s.locate(owner, name)
	var out []PullRequest
	for _, is := range st.issues {
		if is.pull == nil {
			continue
		}
		p := PullRequest{Number: is.Number, Title: is.Title, Body: is.Body, State: is.State, Head: is.pull.head, Base: is.pull.base, HeadSHA: headSHA(g, is)}
		if !is.pull.merged.IsZero() {
			p.State = "merged"
		}
		for _, c := range is.Comments {
			p.Comments = append(p.Comments, c.Body)
		}
		out = append(out, p)
	}
	return out
}

// headSHA is the head of an open pull request's branch, else the head it had.
func headSHA(g *gitState, is *Issue) string {
	if sha, ok := g.refs[is.pull.head]; ok && is.State == "open" {
		return sha
	}
	return is.pull.headSHA
}

func (s *Server) pullLocked(st *issueState, number int) *Issue {
	for _, is := range st.issues {
		if is.Number == number && is.pull != nil {
			return is
		}
	}
	return nil
}

// MergePull merges pull request number as a person would: a merge commit of the base
// branch and the head (the head's tree) moves the base branch.
func (s *Server) MergePull(owner, name string, number int) {
	s.imu.Lock()
	defer s.imu.Unlock()
	st, g, _, _ := s.locate(owner, name)
	is := s.pullLocked(st, number)
	if is == nil || is.State != "open" {
		panic(fmt.Sprintf("githubtest: MergePull: no open pull request %d in %s/%s", number, owner, name))
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(len(g.commits)) * time.Second)
	head := headSHA(g, is)
	m := s.commitLocked(g, g.commits[head].Tree, []string{g.refs[is.pull.base], head}, fmt.Sprintf("Merge pull request #%d from %s/%s\n", number, owner, is.pull.head), "octocat", now)
	g.refs[is.pull.base] = m.SHA
	is.pull.headSHA, is.pull.merged, is.pull.mergeCommit = head, now, m.SHA
	is.State, is.Closed, is.Updated = "closed", now, now
}

// ClosePull closes pull request number without merging, as a person would.
func (s *Server) ClosePull(owner, name string, number int) {
	s.imu.Lock()
	defer s.imu.Unlock()
	st, g, _, _ := s.locate(owner, name)
	is := s.pullLocked(st, number)
	if is == nil {
		panic(fmt.Sprintf("githubtest: ClosePull: no pull request %d in %s/%s", number, owner, name))
	}
	closePullLocked(g, is, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
}

func closePullLocked(g *gitState, is *Issue, now time.Time) {
	if is.State == "open" {
		is.pull.headSHA = headSHA(g, is)
		is.State, is.Closed = "closed", now
	}
	is.Updated = now
}

// pulls answers GET|POST pulls, GET|PATCH pulls/N.
func (c *gitCall) pulls() {
	m, p := c.r.Method, c.parts
	invalid := func(e map[string]string) {
		e["resource"] = "PullRequest"
		c.rec.writeJSON(422, map[string]any{"message": "Validation Failed", "errors": []map[string]string{e},
			"documentation_url": "https://docs.github.com/rest/pulls/pulls"})
	}
	switch {
	case m == http.MethodGet && len(p) == 4:
		q := c.r.URL.Query()
		state := q.Get("state")
		if state == "" {
			state = "open"
		}
		if state != "open" && state != "closed" && state != "all" {
			invalid(map[string]string{"field": "state", "code": "invalid"})
			return
		}
		var owner, branch string
		if h := q.Get("head"); h != "" {
			var ok bool
			if owner, branch, ok = strings.Cut(h, ":"); !ok {
				// GitHub ignores a head filter without its owner: a client bug here.
				c.s.opts.Errorf("githubtest: pulls head filter without owner: %q", h)
				owner, branch = "", ""
			}
		}
		if d := q.Get("direction"); d != "" && d != "desc" || q.Get("sort") != "" && q.Get("sort") != "created" {
			c.s.opts.Errorf("githubtest: pulls order not served: %s", c.r.URL.RawQuery)
		}
		var match []*Issue
		for i := len(c.st.issues) - 1; i >= 0; i-- { // created desc, GitHub's default
			is := c.st.issues[i]
			if is.pull == nil || state != "all" && is.State != state {
				continue
			}
			if branch != "" && (!strings.EqualFold(owner, c.org.Login) || is.pull.head != branch) {
				continue
			}
			if b := q.Get("base"); b != "" && is.pull.base != b {
				continue
			}
			match = append(match, is)
		}
		page, per := paging(c.r)
		start := min((page-1)*per, len(match))
		end := min(start+per, len(match))
		items := []map[string]any{}
		for _, is := range match[start:end] {
			items = append(items, c.pullJSON(is, false))
		}
		nextLink(c.rec, c.r, page, end < len(match))
		c.rec.writeJSON(200, items)
	case m == http.MethodGet && len(p) == 5:
		n, _ := strconv.Atoi(p[4])
		is := c.s.pullLocked(c.st, n)
		if is == nil {
			c.s.notFound(c.rec)
			return
		}
		c.rec.writeJSON(200, c.pullJSON(is, true))
	case m == http.MethodPost && len(p) == 4:
		var in struct {
			Title *string `json:"title"`
			Head  *string `json:"head"`
			Base  *string `json:"base"`
			Body  *string `json:"body"`
			Issue *int    `json:"issue"`
		}
		if !c.decode(&in) {
			return
		}
		if in.Head == nil || in.Base == nil || in.Title == nil && in.Issue == nil {
			invalid(map[string]string{"field": "title", "code": "missing_field"})
			return
		}
		head := *in.Head
		if o, b, ok := strings.Cut(head, ":"); ok {
			if !strings.EqualFold(o, c.org.Login) {
				invalid(map[string]string{"field": "head", "code": "invalid"}) // the fake has no forks
				return
			}
			head = b
		}
		if c.rp.Empty() {
			invalid(map[string]string{"field": "base", "code": "invalid"})
			return
		}
		hs, ok := c.g.refs[head]
		if !ok {
			invalid(map[string]string{"field": "head", "code": "invalid"})
			return
		}
		bs, ok := c.g.refs[*in.Base]
		if !ok {
			invalid(map[string]string{"field": "base", "code": "invalid"})
			return
		}
		for _, is := range c.st.issues {
			if is.pull != nil && is.State == "open" && is.pull.head == head && is.pull.base == *in.Base {
				invalid(map[string]string{"code": "custom", "message": "A pull request already exists for " + c.org.Login + ":" + head + "."})
				return
			}
		}
		if len(c.g.only(bs, hs)) == 0 {
			invalid(map[string]string{"code": "custom", "message": "No commits between " + *in.Base + " and " + head})
			return
		}
		is := &Issue{ID: int64(900000 + len(c.st.issues)), Number: len(c.st.issues) + 1, Title: *in.Title, State: "open", User: actor, Created: c.now, Updated: c.now,
			pull: &pullInfo{id: int64(800000 + len(c.st.issues)), head: head, base: *in.Base, headSHA: hs}}
		if in.Body != nil {
			is.Body = *in.Body
		}
		c.st.issues = append(c.st.issues, is)
		c.rec.writeJSON(201, c.pullJSON(is, true))
	case m == http.MethodPatch && len(p) == 5:
		n, _ := strconv.Atoi(p[4])
		is := c.s.pullLocked(c.st, n)
		if is == nil {
			c.s.notFound(c.rec)
			return
		}
		var in struct {
			Title *string `json:"title"`
			Body  *string `json:"body"`
			State *string `json:"state"`
			Base  *string `json:"base"`
		}
		if !c.decode(&in) {
			return
		}
		if in.State != nil {
			switch *in.State {
			case "closed":
				closePullLocked(c.g, is, c.now)
			case "open":
				if _, ok := c.g.refs[is.pull.head]; !ok || !is.pull.merged.IsZero() {
					invalid(map[string]string{"field": "state", "code": "invalid"})
					return
				}
				is.State, is.Closed = "open", time.Time{}
			default:
				invalid(map[string]string{"field": "state", "code": "invalid"})
				return
			}
		}
		if in.Base != nil {
			if _, ok := c.g.refs[*in.Base]; !ok {
				invalid(map[string]string{"field": "base", "code": "invalid"})
				return
			}
			is.pull.base = *in.Base
		}
		if in.Title != nil {
			is.Title = *in.Title
		}
		if in.Body != nil {
			is.Body = *in.Body
		}
		is.Updated = c.now
		c.rec.writeJSON(200, c.pullJSON(is, true))
	default:
		c.s.opts.Errorf("githubtest: unexpected pulls request %s %s", c.r.Method, c.r.URL)
		c.s.notFound(c.rec)
	}
}

// pullJSON is a pull request in GitHub's shape; full adds the fields only a single pull
// request carries (merged, mergeable, counts).
func (c *gitCall) pullJSON(is *Issue, full bool) map[string]any {
	n := strconv.Itoa(is.Number)
	repo := map[string]any{"id": c.rp.ID, "node_id": fmt.Sprintf("R_%d", c.rp.ID), "name": c.rp.Name, "full_name": c.org.Login + "/" + c.rp.Name,
		"owner": user(c.org.Login), "private": c.rp.Visibility != "public", "html_url": c.web, "url": c.base, "default_branch": c.rp.DefaultBranch}
	side := func(branch, sha string) map[string]any {
		return map[string]any{"label": c.org.Login + ":" + branch, "ref": branch, "sha": sha, "user": user(c.org.Login), "repo": repo}
	}
	var merged, mergeCommit any
	if !is.pull.merged.IsZero() {
		merged, mergeCommit = ts(is.pull.merged), is.pull.mergeCommit
	}
	out := map[string]any{
		"url": c.base + "/pulls/" + n, "id": is.pull.id, "node_id": fmt.Sprintf("PR_%d", is.pull.id), "html_url": c.web + "/pull/" + n,
		"diff_url": c.web + "/pull/" + n + ".diff", "patch_url": c.web + "/pull/" + n + ".patch", "issue_url": c.base + "/issues/" + n,
		"commits_url": c.base + "/pulls/" + n + "/commits", "review_comments_url": c.base + "/pulls/" + n + "/comments",
		"comments_url": c.base + "/issues/" + n + "/comments", "statuses_url": c.base + "/statuses/" + headSHA(c.g, is),
		"number": is.Number, "state": is.State, "locked": false, "title": is.Title, "user": user(is.User), "body": is.Body,
		"labels": []any{}, "milestone": nil, "active_lock_reason": nil, "created_at": ts(is.Created), "updated_at": ts(is.Updated),
		"closed_at": ts(is.Closed), "merged_at": merged, "merge_commit_sha": mergeCommit, "assignee": nil, "assignees": []any{},
		"requested_reviewers": []any{}, "requested_teams": []any{}, "draft": false, "author_association": "CONTRIBUTOR", "auto_merge": nil,
		"head": side(is.pull.head, headSHA(c.g, is)), "base": side(is.pull.base, c.g.refs[is.pull.base]),
	}
	if full {
		var mergedBy any
		if merged != nil {
			mergedBy = user("octocat")
		}
		commits := len(c.g.only(c.g.refs[is.pull.base], headSHA(c.g, is)))
		out["merged"], out["mergeable"], out["rebaseable"], out["mergeable_state"], out["merged_by"] = merged != nil, nil, nil, "unknown", mergedBy
		out["comments"], out["review_comments"], out["maintainer_can_modify"] = len(is.Comments), 0, false
		out["commits"], out["additions"], out["deletions"], out["changed_files"] = commits, 0, 0, 0
	}
	return out
}

// pullRefJSON is the pull_request member an issue that is a pull request carries.
func pullRefJSON(base string, is *Issue) map[string]any {
	n := strconv.Itoa(is.Number)
	web := strings.Replace(base, "/repos/", "/", 1)
	var merged any
	if !is.pull.merged.IsZero() {
		merged = ts(is.pull.merged)
	}
	return map[string]any{"url": base + "/pulls/" + n, "html_url": web + "/pull/" + n, "diff_url": web + "/pull/" + n + ".diff",
		"patch_url": web + "/pull/" + n + ".patch", "merged_at": merged}
}
