package remediate

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"

	gl "gitlab.com/gitlab-org/api/client-go"

	glsrc "github.com/repogov/repogov/scanner/gitlab"
)

// GitLab is the IssueHost of a GitLab instance (gitlab.com or self-managed), over
// client-go. A Repo is a project: Owner is its namespace's full path ("gov/health"),
// Name its path. Issue, note, label and creations are sent once (glsrc.Once): a server
// error after GitLab created the issue must not create a second; the next run finds it
// by its marker.
type GitLab struct {
	// Client is the authenticated client (glsrc.Source.REST), which carries the
	// source's rate-limit waits and retries.
	Client *gl.Client
}

// GitLab's names for what a credential lacks: the token's scope, or the member's role
// (docs/remediation.md, "GitLab").
const (
	glScope     = "api scope"
	glReporter  = "Reporter role"  // labels, editing and closing issues
	glDeveloper = "Developer role" // commits, branches, merge requests
)

func pid(r Repo) string { return r.Owner + "/" + r.Name }

// glClassify maps GitLab's answers to remediation's errors: 403 is a missing scope
// (insufficient_scope) or a role too low, named.
func glClassify(err error, role string) error {
	if err == nil {
		return nil
	}
	var er *gl.ErrorResponse
	if errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusForbidden {
		perm := role
		if bytes.Contains(er.Body, []byte("insufficient_scope")) {
			perm = glScope
		}
		return &PermissionError{Permission: perm, Err: errors.New(strings.TrimSpace(er.Message))}
	}
	return err
}

// issuesDisabled asks the project whether its issues are off. GitLab's issue list
// answers an empty page (not an error) for such a project, and its writes a bare 403.
func (g *GitLab) issuesDisabled(ctx context.Context, r Repo) (bool, error) {
	p, _, err := g.Client.Projects.GetProject(pid(r), nil, gl.WithContext(ctx))
	if err != nil {
		return false, err
	}
	return p.IssuesAccessLevel == gl.DisabledAccessControl, nil
}

// Issues lists the project's issues carrying label, opened and closed. When there are
// none it asks whether issues are turned off (one more request).
func (g *GitLab) Issues(ctx context.Context, r Repo, label string) ([]Issue, error) {
	opt := &gl.ListProjectIssuesOptions{State: gl.Ptr("all"), Labels: &gl.LabelOptions{label}, ListOptions: gl.ListOptions{PerPage: 100}}
	var out []Issue
	for {
		page, resp, err := g.Client.Issues.ListProjectIssues(pid(r), opt, gl.WithContext(ctx))
		if err != nil {
			return nil, glClassify(err, glReporter)
		}
		for _, is := range page {
			out = append(out, glIssue(is))
		}
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	if len(out) == 0 {
		off, err := g.issuesDisabled(ctx, r)
		if err != nil {
			return nil, glClassify(err, glReporter)
		}
		if off {
			return nil, ErrIssuesDisabled
		}
	}
	return out, nil
}

// glIssue converts GitLab's issue: iid is the number, "opened" is open.
func glIssue(is *gl.Issue) Issue {
	x := Issue{Number: int(is.IID), Title: is.Title, Body: is.Description, State: is.State, URL: is.WebURL, Labels: []string(is.Labels)}
	if x.State == "opened" {
		x.State = "open"
	}
	for _, a := range is.Assignees {
		x.Assignees = append(x.Assignees, a.Username)
	}
	return x
}

// Comments lists the bodies of the issue's notes, oldest first, leaving out GitLab's
// system notes ("closed", "changed the description").
func (g *GitLab) Comments(ctx context.Context, r Repo, number int) ([]string, error) {
	opt := &gl.ListIssueNotesOptions{OrderBy: gl.Ptr("created_at"), Sort: gl.Ptr("asc"), ListOptions: gl.ListOptions{PerPage: 100}}
	var out []string
	for {
		page, resp, err := g.Client.Notes.ListIssueNotes(pid(r), int64(number), opt, gl.WithContext(ctx))
		if err != nil {
			return nil, glClassify(err, glReporter)
		}
		for _, n := range page {
			if !n.System {
				out = append(out, n.Body)
			}
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

// EnsureLabel creates the project label when neither the project nor its groups have
// it (GitLab resolves group labels through the project's label endpoint).
func (g *GitLab) EnsureLabel(ctx context.Context, r Repo, label, color, description string) (bool, error) {
	_, _, err := g.Client.Labels.GetLabel(pid(r), label, gl.WithContext(ctx))
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, gl.ErrNotFound) {
		return false, glClassify(err, glReporter)
	}
	if !strings.HasPrefix(color, "#") {
		color = "#" + color // GitLab wants a CSS colour; GitHub's are bare hex
	}
	_, _, err = g.Client.Labels.CreateLabel(pid(r), &gl.CreateLabelOptions{Name: &label, Color: &color, Description: &description}, gl.WithContext(glsrc.Once(ctx)))
	if gl.HasStatusCode(err, http.StatusConflict) {
		return true, nil // created by a concurrent run, or an earlier answer was lost
	}
	return true, glClassify(err, glReporter)
}

// CreateIssue opens the issue. Assignees are usernames; GitLab wants ids, so each is
// looked up (one request) and an unknown one (a group, a typo) is left out.
func (g *GitLab) CreateIssue(ctx context.Context, r Repo, title, body string, labels, assignees []string) (Issue, error) {
	opt := &gl.CreateIssueOptions{Title: &title, Description: &body, Labels: (*gl.LabelOptions)(&labels)}
	var ids []int64
	for _, a := range assignees {
		us, _, err := g.Client.Users.ListUsers(&gl.ListUsersOptions{Username: gl.Ptr(a)}, gl.WithContext(ctx))
		if err != nil {
			return Issue{}, glClassify(err, glReporter)
		}
		if len(us) == 1 {
			ids = append(ids, us[0].ID)
		}
	}
	if len(ids) > 0 {
		opt.AssigneeIDs = &ids
	}
	is, _, err := g.Client.Issues.CreateIssue(pid(r), opt, gl.WithContext(glsrc.Once(ctx)))
	if err != nil {
		return Issue{}, glClassify(err, glReporter)
	}
	return glIssue(is), nil
}

// EditIssue edits title and description and closes or reopens through state_event.
func (g *GitLab) EditIssue(ctx context.Context, r Repo, number int, e IssueEdit) error {
	opt := &gl.UpdateIssueOptions{Title: e.Title, Description: e.Body}
	if e.State != nil {
		switch *e.State {
		case "closed":
			opt.StateEvent = gl.Ptr("close")
		case "open":
			opt.StateEvent = gl.Ptr("reopen")
		}
	}
	_, _, err := g.Client.Issues.UpdateIssue(pid(r), int64(number), opt, gl.WithContext(ctx))
	return glClassify(err, glReporter)
}

// Comment adds a note to the issue.
func (g *GitLab) Comment(ctx context.Context, r Repo, number int, body string) error {
	_, _, err := g.Client.Notes.CreateIssueNote(pid(r), int64(number), &gl.CreateIssueNoteOptions{Body: &body}, gl.WithContext(glsrc.Once(ctx)))
	return glClassify(err, glReporter)
}
