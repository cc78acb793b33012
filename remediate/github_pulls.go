package remediate

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	gh "github.com/google/go-github/v60/github"

	ghsrc "github.com/repogov/repogov/scanner/github"
)

// GitHub as a PullHost: fix pull requests over the Git Data API. A commit is several
// requests — a tree on the parent's tree (text inline, a blob first for other bytes),
// the commit, the branch — each paced (Pace). The commit, the branch's creation, the pull request and its comments are
// sent once (ghsrc.Once): a lost answer is found by the next run through the branch and
// the pull request list; blobs and trees are content-addressed and a forced ref update
// sets an absolute value, so those may be retried. Writes need the contents and
// pull_requests write permissions (docs/remediation.md, "GitHub").

// The permissions named when GitHub's answer does not name one (a classic token).
const (
	ghContentsRead  = "contents: read"
	ghContentsWrite = "contents: write"
	ghPullsRead     = "pull_requests: read"
	ghPullsWrite    = "pull_requests: write"
)

// ghPullErr maps an answer to a pull request or git call: 403 is a missing permission
// (named); 409 on a git call is an empty repository. Unlike classify it never reads 410
// as issues turned off: that is an answer of the issue endpoints only.
func ghPullErr(err error, perm string) error {
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		switch er.Response.StatusCode {
		case http.StatusForbidden:
			return permissionError(er, perm)
		case http.StatusConflict:
			if strings.Contains(er.Message, "empty") {
				return ErrEmptyRepository
			}
		}
	}
	return err
}

func status(err error) int {
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return er.Response.StatusCode
	}
	return 0
}

// DefaultBranch reads the repository's default branch, then its head (two requests).
func (g *GitHub) DefaultBranch(ctx context.Context, r Repo) (string, string, error) {
	c, err := g.client(ctx, r)
	if err != nil {
		return "", "", err
	}
	repo, _, err := c.Repositories.Get(ctx, r.Owner, r.Name)
	if err != nil {
		return "", "", ghPullErr(err, ghContentsRead)
	}
	name := repo.GetDefaultBranch()
	if name == "" {
		return "", "", ErrEmptyRepository
	}
	sha, err := g.Branch(ctx, r, name)
	if err != nil {
		return "", "", err
	}
	if sha == "" {
		return "", "", fmt.Errorf("default branch %s not found", name)
	}
	return name, sha, nil
}

// Existing lists the root tree of sha and the tree of each directory holding one of
// paths (one request per directory, none per file; governance files share few
// directories: ".github", "docs"). Anything at a path — a file, a symbolic link, a
// directory, a submodule — counts as existing and is never overwritten, and so does a
// path under something that is not a directory (it cannot be created there).
func (g *GitHub) Existing(ctx context.Context, r Repo, sha string, paths []string) (map[string]bool, error) {
	c, err := g.client(ctx, r)
	if err != nil {
		return nil, err
	}
	// dirs holds each directory listed so far, by path ("" the root); nil when it does
	// not exist; blocked marks paths under something that is not a directory.
	dirs := map[string]map[string]*gh.TreeEntry{}
	blocked := map[string]bool{}
	var list func(dir string) (map[string]*gh.TreeEntry, error)
	list = func(dir string) (map[string]*gh.TreeEntry, error) {
		if m, ok := dirs[dir]; ok {
			return m, nil
		}
		tree := sha // a commit lists as its root tree
		if dir != "" {
			parent, err := list(parentDir(dir))
			if err != nil || parent == nil {
				blocked[dir] = blocked[parentDir(dir)]
				dirs[dir] = nil
				return nil, err
			}
			e := parent[path.Base(dir)]
			if e == nil || e.GetType() != "tree" {
				if e != nil || blocked[parentDir(dir)] {
					blocked[dir] = true
				}
				dirs[dir] = nil
				return nil, nil
			}
			tree = e.GetSHA()
		}
		t, _, err := c.Git.GetTree(ctx, r.Owner, r.Name, tree, false)
		if err != nil {
			return nil, ghPullErr(err, ghContentsRead)
		}
		if dir == "" {
			g.roots.Store(r.String()+"@"+sha, t.GetSHA())
		}
		if t.GetTruncated() {
			// A non-recursive listing is cut only past 100,000 entries; an answer
			// that may miss an entry cannot say a file is absent.
			return nil, fmt.Errorf("the listing of %q at %s is truncated", dir, sha)
		}
		m := map[string]*gh.TreeEntry{}
		for _, e := range t.Entries {
			m[e.GetPath()] = e
		}
		dirs[dir] = m
		return m, nil
	}
	sorted := slices.Clone(paths)
	slices.Sort(sorted)
	out := map[string]bool{}
	for _, p := range sorted {
		clean := strings.Trim(path.Clean(p), "/")
		d := parentDir(clean)
		m, err := list(d)
		if err != nil {
			return nil, err
		}
		out[p] = m != nil && m[path.Base(clean)] != nil || blocked[d]
	}
	return out, nil
}

func parentDir(p string) string {
	if d := path.Dir(p); d != "." {
		return d
	}
	return ""
}

// Branch reads branch's head through the single-reference endpoint (git/ref/heads/X:
// an exact name; git/refs/heads/X would list every branch starting with X); "" when
// the branch does not exist.
func (g *GitHub) Branch(ctx context.Context, r Repo, branch string) (string, error) {
	c, err := g.client(ctx, r)
	if err != nil {
		return "", err
	}
	ref, _, err := c.Git.GetRef(ctx, r.Owner, r.Name, "heads/"+branch)
	if status(err) == http.StatusNotFound {
		return "", nil
	}
	if err != nil {
		return "", ghPullErr(err, ghContentsRead)
	}
	if ref.GetRef() != "refs/heads/"+branch || ref.GetObject().GetSHA() == "" {
		return "", fmt.Errorf("branch %s: GitHub answered reference %q", branch, ref.GetRef())
	}
	return ref.GetObject().GetSHA(), nil
}

// Ahead compares base to head: GitHub lists the commits oldest first, 250 at most
// before paging. Author is the GitHub login when GitHub knows the author, else the
// name in the commit.
func (g *GitHub) Ahead(ctx context.Context, r Repo, base, head string) ([]Commit, error) {
	c, err := g.client(ctx, r)
	if err != nil {
		return nil, err
	}
	opt := &gh.ListOptions{PerPage: 100}
	var out []Commit
	for {
		cmp, resp, err := c.Repositories.CompareCommits(ctx, r.Owner, r.Name, base, head, opt)
		if err != nil {
			return nil, ghPullErr(err, ghContentsRead)
		}
		for _, x := range cmp.Commits {
			author := x.GetAuthor().GetLogin()
			if author == "" {
				author = x.GetCommit().GetAuthor().GetName()
			}
			out = append(out, Commit{SHA: x.GetSHA(), Message: x.GetCommit().GetMessage(), Author: author})
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

// Pulls lists the pull requests from branch head of the repository itself (head=
// OWNER:BRANCH), every state, newest first. A merged pull request is closed with
// merged_at set.
func (g *GitHub) Pulls(ctx context.Context, r Repo, head string) ([]Pull, error) {
	c, err := g.client(ctx, r)
	if err != nil {
		return nil, err
	}
	opt := &gh.PullRequestListOptions{State: "all", Head: r.Owner + ":" + head, ListOptions: gh.ListOptions{PerPage: 100}}
	var out []Pull
	for {
		page, resp, err := c.PullRequests.List(ctx, r.Owner, r.Name, opt)
		if err != nil {
			return nil, ghPullErr(err, ghPullsRead)
		}
		for _, p := range page {
			out = append(out, ghPull(p))
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

func ghPull(p *gh.PullRequest) Pull {
	x := Pull{Number: p.GetNumber(), State: p.GetState(), Title: p.GetTitle(), Body: p.GetBody(), Head: p.GetHead().GetRef(),
		Base: p.GetBase().GetRef(), HeadSHA: p.GetHead().GetSHA(), URL: p.GetHTMLURL()}
	if p.MergedAt != nil {
		x.State = "merged"
	}
	return x
}

// PullComments lists the pull request's conversation, oldest first: on GitHub those are
// issue comments (review comments on lines are not part of it).
func (g *GitHub) PullComments(ctx context.Context, r Repo, number int) ([]string, error) {
	return g.comments(ctx, r, number, func(err error) error { return ghPullErr(err, ghPullsRead) })
}

// CommitFiles writes a tree of files on parent's tree, the commit, then points branch at
// it: created, or — when it exists, including when an earlier run's creation was
// answered too late — moved with force. Text goes inline in the tree request (GitHub
// writes the blob); other bytes go first as a base64 blob, so any bytes arrive as they
// are. Content-creating requests are GitHub's most limited (docs/remediation.md): a
// commit of text files costs three, not three plus one per file. Parent's tree is
// known from Existing, else read.
func (g *GitHub) CommitFiles(ctx context.Context, r Repo, branch, parent, message string, files []File) (string, error) {
	c, err := g.client(ctx, r)
	if err != nil {
		return "", err
	}
	base, _ := g.roots.Load(r.String() + "@" + parent)
	if base == nil {
		pc, _, err := c.Git.GetCommit(ctx, r.Owner, r.Name, parent)
		if err != nil {
			return "", ghPullErr(err, ghContentsRead)
		}
		base = pc.GetTree().GetSHA()
	}
	entries := make([]*gh.TreeEntry, 0, len(files))
	for _, f := range files {
		e := &gh.TreeEntry{Path: gh.String(f.Path), Mode: gh.String("100644"), Type: gh.String("blob")}
		if utf8.Valid(f.Data) && !bytes.ContainsRune(f.Data, 0) {
			e.Content = gh.String(string(f.Data))
			entries = append(entries, e)
			continue
		}
		if err := Pace(ctx); err != nil {
			return "", err
		}
		b, _, err := c.Git.CreateBlob(ctx, r.Owner, r.Name, &gh.Blob{Content: gh.String(base64.StdEncoding.EncodeToString(f.Data)), Encoding: gh.String("base64")})
		if err != nil {
			return "", fmt.Errorf("%s: %w", f.Path, ghPullErr(err, ghContentsWrite))
		}
		e.SHA = b.SHA
		entries = append(entries, e)
	}
	if err := Pace(ctx); err != nil {
		return "", err
	}
	tree, _, err := c.Git.CreateTree(ctx, r.Owner, r.Name, base.(string), entries)
	if err != nil {
		return "", ghPullErr(err, ghContentsWrite)
	}
	if err := Pace(ctx); err != nil {
		return "", err
	}
	commit, _, err := c.Git.CreateCommit(ghsrc.Once(ctx), r.Owner, r.Name, &gh.Commit{Message: &message, Tree: &gh.Tree{SHA: tree.SHA},
		Parents: []*gh.Commit{{SHA: &parent}}}, nil)
	if err != nil {
		return "", ghPullErr(err, ghContentsWrite)
	}
	ref := &gh.Reference{Ref: gh.String("refs/heads/" + branch), Object: &gh.GitObject{SHA: commit.SHA}}
	if err := Pace(ctx); err != nil {
		return "", err
	}
	_, _, err = c.Git.CreateRef(ghsrc.Once(ctx), r.Owner, r.Name, ref)
	if err != nil && status(err) == http.StatusUnprocessableEntity && strings.Contains(err.Error(), "Reference already exists") {
		if err := Pace(ctx); err != nil {
			return "", err
		}
		_, _, err = c.Git.UpdateRef(ctx, r.Owner, r.Name, ref, true)
	}
	if err != nil {
		return "", ghPullErr(err, ghContentsWrite)
	}
	return commit.GetSHA(), nil
}

// CreatePull opens the pull request from head (a branch of the repository itself). When
// GitHub answers that one is already open for head — an earlier answer was lost — that
// one is returned rather than an error.
func (g *GitHub) CreatePull(ctx context.Context, r Repo, head, base, title, body string) (Pull, error) {
	c, err := g.client(ctx, r)
	if err != nil {
		return Pull{}, err
	}
	if err := Pace(ctx); err != nil {
		return Pull{}, err
	}
	p, _, err := c.PullRequests.Create(ghsrc.Once(ctx), r.Owner, r.Name, &gh.NewPullRequest{Title: &title, Head: &head, Base: &base, Body: &body})
	if err == nil {
		return ghPull(p), nil
	}
	if status(err) == http.StatusUnprocessableEntity && strings.Contains(err.Error(), "A pull request already exists") {
		ps, lerr := g.Pulls(ctx, r, head)
		if lerr == nil {
			for _, x := range ps {
				if x.State == "open" && x.Base == base {
					return x, nil
				}
			}
		}
	}
	return Pull{}, ghPullErr(err, ghPullsWrite)
}

// EditPull sets the pull request's title and body.
func (g *GitHub) EditPull(ctx context.Context, r Repo, number int, title, body string) error {
	return g.editPull(ctx, r, number, &gh.PullRequest{Title: &title, Body: &body})
}

// ClosePull closes the pull request (the branch stays: a person may still want it).
func (g *GitHub) ClosePull(ctx context.Context, r Repo, number int) error {
	return g.editPull(ctx, r, number, &gh.PullRequest{State: gh.String("closed")})
}

func (g *GitHub) editPull(ctx context.Context, r Repo, number int, p *gh.PullRequest) error {
	c, err := g.client(ctx, r)
	if err != nil {
		return err
	}
	if err := Pace(ctx); err != nil {
		return err
	}
	_, _, err = c.PullRequests.Edit(ctx, r.Owner, r.Name, number, p)
	return ghPullErr(err, ghPullsWrite)
}

// CommentPull adds a comment to the pull request's conversation (an issue comment).
func (g *GitHub) CommentPull(ctx context.Context, r Repo, number int, body string) error {
	c, err := g.client(ctx, r)
	if err != nil {
		return err
	}
	if err := Pace(ctx); err != nil {
		return err
	}
	_, _, err = c.Issues.CreateComment(ghsrc.Once(ctx), r.Owner, r.Name, number, &gh.IssueComment{Body: &body})
	return ghPullErr(err, ghPullsWrite)
}

var _ PullHost = (*GitHub)(nil)
