package remediate

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"

	gh "github.com/google/go-github/v60/github"

	ghsrc "github.com/repogov/repogov/scanner/github"
)

// GitHub is the IssueHost of GitHub and GitHub Enterprise Server, over go-github. Issue
// and comment creations are sent once (ghsrc.Once): a server error after GitHub created
// the issue must not create a second; the next run finds it by its marker.
type GitHub struct {
	// Client returns the authenticated client for an owner (for a GitHub App, that
	// owner's installation).
	Client func(ctx context.Context, owner string) (*gh.Client, error)

	roots sync.Map // "owner/name@commit" → the commit's root tree, as Existing listed it
}

func (g *GitHub) client(ctx context.Context, r Repo) (*gh.Client, error) {
	return g.Client(ctx, r.Owner)
}

// classify maps GitHub's answers to remediation's errors: 410 on issues means they are
// turned off; 403 (not a rate limit, which the transport waits out) is a missing
// permission, named.
func classify(err error, perm string) error {
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		switch er.Response.StatusCode {
		case http.StatusGone:
			return ErrIssuesDisabled
		case http.StatusForbidden:
			return permissionError(er, perm)
		}
	}
	return err
}

// permissionError names what a 403 says is missing: GitHub names what a fine-grained
// token or App lacks (X-Accepted-GitHub-Permissions, e.g. "issues=write"); for a
// classic token it does not, and perm is what the call needs.
func permissionError(er *gh.ErrorResponse, perm string) *PermissionError {
	if h := er.Response.Header.Get("X-Accepted-GitHub-Permissions"); h != "" {
		perm = strings.ReplaceAll(strings.ReplaceAll(h, "=", ": "), ";", ",")
	}
	return &PermissionError{Permission: perm, Err: errors.New(er.Message)}
}

func (g *GitHub) Issues(ctx context.Context, r Repo, label string) ([]Issue, error) {
	c, err := g.client(ctx, r)
	if err != nil {
		return nil, err
	}
	opt := &gh.IssueListByRepoOptions{State: "all", Labels: []string{label}, ListOptions: gh.ListOptions{PerPage: 100}}
	var out []Issue
	for {
		page, resp, err := c.Issues.ListByRepo(ctx, r.Owner, r.Name, opt)
		if err != nil {
			return nil, classify(err, "issues: read")
		}
		for _, is := range page {
			if is.IsPullRequest() {
				continue
			}
			x := Issue{Number: is.GetNumber(), Title: is.GetTitle(), Body: is.GetBody(), State: is.GetState(), URL: is.GetHTMLURL()}
			for _, l := range is.Labels {
				x.Labels = append(x.Labels, l.GetName())
			}
			for _, a := range is.Assignees {
				x.Assignees = append(x.Assignees, a.GetLogin())
			}
			out = append(out, x)
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

func (g *GitHub) Comments(ctx context.Context, r Repo, number int) ([]string, error) {
	return g.comments(ctx, r, number, func(err error) error { return classify(err, "issues: read") })
}

// comments lists the bodies of an issue's or a pull request's comments (a pull
// request's conversation is its issue's), oldest first; errors go through classify.
func (g *GitHub) comments(ctx context.Context, r Repo, number int, classify func(error) error) ([]string, error) {
	c, err := g.client(ctx, r)
	if err != nil {
		return nil, err
	}
	opt := &gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: 100}}
	var out []string
	for {
		page, resp, err := c.Issues.ListComments(ctx, r.Owner, r.Name, number, opt)
		if err != nil {
			return nil, classify(err)
		}
		for _, cm := range page {
			out = append(out, cm.GetBody())
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

func (g *GitHub) EnsureLabel(ctx context.Context, r Repo, label, color, description string) (bool, error) {
	c, err := g.client(ctx, r)
	if err != nil {
		return false, err
	}
	_, resp, err := c.Issues.GetLabel(ctx, r.Owner, r.Name, label)
	if err == nil {
		return false, nil
	}
	if resp == nil || resp.StatusCode != http.StatusNotFound {
		return false, classify(err, "issues: read")
	}
	_, _, err = c.Issues.CreateLabel(ctx, r.Owner, r.Name, &gh.Label{Name: &label, Color: &color, Description: &description})
	if err != nil {
		return true, classify(err, "issues: write")
	}
	return true, nil
}

func (g *GitHub) CreateIssue(ctx context.Context, r Repo, title, body string, labels, assignees []string) (Issue, error) {
	c, err := g.client(ctx, r)
	if err != nil {
		return Issue{}, err
	}
	req := &gh.IssueRequest{Title: &title, Body: &body, Labels: &labels}
	if len(assignees) > 0 {
		req.Assignees = &assignees
	}
	is, _, err := c.Issues.Create(ghsrc.Once(ctx), r.Owner, r.Name, req)
	if err != nil {
		return Issue{}, classify(err, "issues: write")
	}
	return Issue{Number: is.GetNumber(), Title: is.GetTitle(), Body: is.GetBody(), State: is.GetState(), URL: is.GetHTMLURL()}, nil
}

func (g *GitHub) EditIssue(ctx context.Context, r Repo, number int, e IssueEdit) error {
	c, err := g.client(ctx, r)
	if err != nil {
		return err
	}
	req := &gh.IssueRequest{Title: e.Title, Body: e.Body, State: e.State}
	if e.State != nil && *e.State == "closed" {
		req.StateReason = ptr("completed")
	}
	_, _, err = c.Issues.Edit(ctx, r.Owner, r.Name, number, req)
	return classify(err, "issues: write")
}

func (g *GitHub) Comment(ctx context.Context, r Repo, number int, body string) error {
	c, err := g.client(ctx, r)
	if err != nil {
		return err
	}
	_, _, err = c.Issues.CreateComment(ghsrc.Once(ctx), r.Owner, r.Name, number, &gh.IssueComment{Body: &body})
	return classify(err, "issues: write")
}
