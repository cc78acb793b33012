package remediate

import (
	"context"
	"encoding/base64"
	"errors"
	"path"
	"slices"

	gl "gitlab.com/gitlab-org/api/client-go"

	glsrc "github.com/repogov/repogov/scanner/gitlab"
)

// GitLab as a PullHost: fix merge requests. A commit is one request (the commits API
// takes several create actions, a start_sha and force), a merge request is found by its
// source branch. Commits, merge requests and notes are sent once (glsrc.Once) and every
// write is paced (Pace); a lost answer is found by the next run through the branch and
// the merge request list. Writes need the api scope and the Developer role
// (docs/remediation.md, "GitLab").

// DefaultBranch reads the project's default branch, then its head (two requests).
func (g *GitLab) DefaultBranch(ctx context.Context, r Repo) (string, string, error) {
	p, _, err := g.Client.Projects.GetProject(pid(r), nil, gl.WithContext(ctx))
	if err != nil {
		return "", "", glClassify(err, glReporter)
	}
	if p.DefaultBranch == "" || p.EmptyRepo {
		return "", "", ErrEmptyRepository
	}
	sha, err := g.Branch(ctx, r, p.DefaultBranch)
	if err != nil {
		return "", "", err
	}
	if sha == "" {
		return "", "", errors.New("default branch " + p.DefaultBranch + " not found")
	}
	return p.DefaultBranch, sha, nil
}

// Existing lists each directory that holds one of paths at sha (one tree request per
// directory and page) rather than asking for each file: GitLab limits file API reads
// per file path across projects (/work/shared/specs/gitlab-api.md §3.5), and
// governance files share few directories.
func (g *GitLab) Existing(ctx context.Context, r Repo, sha string, paths []string) (map[string]bool, error) {
	dirs := map[string][]string{}
	for _, p := range paths {
		d := path.Dir(p)
		if d == "." {
			d = ""
		}
		dirs[d] = append(dirs[d], path.Base(p))
	}
	keys := make([]string, 0, len(dirs))
	for d := range dirs {
		keys = append(keys, d)
	}
	slices.Sort(keys)
	out := map[string]bool{}
	for _, d := range keys {
		opt := &gl.ListTreeOptions{Ref: gl.Ptr(sha), ListOptions: gl.ListOptions{PerPage: 100}}
		if d != "" {
			opt.Path = gl.Ptr(d)
		}
		names := map[string]bool{}
		for {
			nodes, resp, err := g.Client.Repositories.ListTree(pid(r), opt, gl.WithContext(ctx))
			if errors.Is(err, gl.ErrNotFound) {
				break // no such directory: none of its files exist
			}
			if err != nil {
				return nil, glClassify(err, glReporter)
			}
			for _, n := range nodes {
				names[n.Name] = true
			}
			if resp.NextPage == 0 {
				break
			}
			opt.Page = resp.NextPage
		}
		for _, b := range dirs[d] {
			out[path.Join(d, b)] = names[b]
		}
	}
	return out, nil
}

// Branch reads branch's head commit; "" when the branch does not exist.
func (g *GitLab) Branch(ctx context.Context, r Repo, branch string) (string, error) {
	b, _, err := g.Client.Branches.GetBranch(pid(r), branch, gl.WithContext(ctx))
	if errors.Is(err, gl.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", glClassify(err, glReporter)
	}
	if b.Commit == nil {
		return "", errors.New("branch " + branch + " has no commit")
	}
	return b.Commit.ID, nil
}

// Ahead compares base to head (GitLab lists the commits oldest first).
func (g *GitLab) Ahead(ctx context.Context, r Repo, base, head string) ([]Commit, error) {
	c, _, err := g.Client.Repositories.Compare(pid(r), &gl.CompareOptions{From: &base, To: &head}, gl.WithContext(ctx))
	if err != nil {
		return nil, glClassify(err, glReporter)
	}
	out := make([]Commit, 0, len(c.Commits))
	for _, x := range c.Commits {
		out = append(out, Commit{SHA: x.ID, Message: x.Message, Author: x.AuthorName})
	}
	return out, nil
}

// Pulls lists the merge requests from branch head, every state, newest first.
func (g *GitLab) Pulls(ctx context.Context, r Repo, head string) ([]Pull, error) {
	opt := &gl.ListProjectMergeRequestsOptions{State: gl.Ptr("all"), SourceBranch: &head, OrderBy: gl.Ptr("created_at"), Sort: gl.Ptr("desc"),
		ListOptions: gl.ListOptions{PerPage: 100}}
	var out []Pull
	for {
		page, resp, err := g.Client.MergeRequests.ListProjectMergeRequests(pid(r), opt, gl.WithContext(ctx))
		if err != nil {
			return nil, glClassify(err, glReporter)
		}
		for _, m := range page {
			out = append(out, glPull(m))
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

// glPull converts a merge request: "opened" is open; "locked" (a merge in progress)
// counts as open too.
func glPull(m *gl.BasicMergeRequest) Pull {
	p := Pull{Number: int(m.IID), State: m.State, Title: m.Title, Body: m.Description, Head: m.SourceBranch, Base: m.TargetBranch, HeadSHA: m.SHA, URL: m.WebURL}
	if p.State == "opened" || p.State == "locked" {
		p.State = "open"
	}
	return p
}

// PullComments lists the merge request's user notes, oldest first (system notes left
// out, as for issues).
func (g *GitLab) PullComments(ctx context.Context, r Repo, number int) ([]string, error) {
	opt := &gl.ListMergeRequestNotesOptions{OrderBy: gl.Ptr("created_at"), Sort: gl.Ptr("asc"), ListOptions: gl.ListOptions{PerPage: 100}}
	var out []string
	for {
		page, resp, err := g.Client.Notes.ListMergeRequestNotes(pid(r), int64(number), opt, gl.WithContext(ctx))
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

// CommitFiles makes one commit with a create action per file on parent (start_sha) and
// points branch at it; force moves an existing branch even when that is not a
// fast-forward. Contents go base64 so any bytes arrive as they are.
func (g *GitLab) CommitFiles(ctx context.Context, r Repo, branch, parent, message string, files []File) (string, error) {
	opt := &gl.CreateCommitOptions{Branch: &branch, StartSHA: &parent, CommitMessage: &message, Force: gl.Ptr(true)}
	for _, f := range files {
		opt.Actions = append(opt.Actions, &gl.CommitActionOptions{Action: gl.Ptr(gl.FileCreate), FilePath: gl.Ptr(f.Path),
			Content: gl.Ptr(base64.StdEncoding.EncodeToString(f.Data)), Encoding: gl.Ptr("base64")})
	}
	if err := Pace(ctx); err != nil {
		return "", err
	}
	c, _, err := g.Client.Commits.CreateCommit(pid(r), opt, gl.WithContext(glsrc.Once(ctx)))
	if err != nil {
		return "", glClassify(err, glDeveloper)
	}
	return c.ID, nil
}

// CreatePull opens the merge request; the source branch is removed when it is merged.
func (g *GitLab) CreatePull(ctx context.Context, r Repo, head, base, title, body string) (Pull, error) {
	if err := Pace(ctx); err != nil {
		return Pull{}, err
	}
	m, _, err := g.Client.MergeRequests.CreateMergeRequest(pid(r), &gl.CreateMergeRequestOptions{SourceBranch: &head, TargetBranch: &base,
		Title: &title, Description: &body, RemoveSourceBranch: gl.Ptr(true)}, gl.WithContext(glsrc.Once(ctx)))
	if err != nil {
		return Pull{}, glClassify(err, glDeveloper)
	}
	return glPull(&m.BasicMergeRequest), nil
}

// EditPull sets the merge request's title and description.
func (g *GitLab) EditPull(ctx context.Context, r Repo, number int, title, body string) error {
	if err := Pace(ctx); err != nil {
		return err
	}
	_, _, err := g.Client.MergeRequests.UpdateMergeRequest(pid(r), int64(number), &gl.UpdateMergeRequestOptions{Title: &title, Description: &body}, gl.WithContext(ctx))
	return glClassify(err, glDeveloper)
}

// ClosePull closes the merge request (state_event=close).
func (g *GitLab) ClosePull(ctx context.Context, r Repo, number int) error {
	if err := Pace(ctx); err != nil {
		return err
	}
	_, _, err := g.Client.MergeRequests.UpdateMergeRequest(pid(r), int64(number), &gl.UpdateMergeRequestOptions{StateEvent: gl.Ptr("close")}, gl.WithContext(ctx))
	return glClassify(err, glDeveloper)
}

// CommentPull adds a note to the merge request.
func (g *GitLab) CommentPull(ctx context.Context, r Repo, number int, body string) error {
	if err := Pace(ctx); err != nil {
		return err
	}
	_, _, err := g.Client.Notes.CreateMergeRequestNote(pid(r), int64(number), &gl.CreateMergeRequestNoteOptions{Body: &body}, gl.WithContext(glsrc.Once(ctx)))
	return glClassify(err, glDeveloper)
}

var _ PullHost = (*GitLab)(nil)
