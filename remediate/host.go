// Package remediate turns a report into changes a team can review: one tracking issue
// per non-compliant repository (docs/remediation.md). It plans from a *report.Report and
// the host's current state, and acts through a Host only when asked to apply; the plan
// is deterministic and a re-run over unchanged findings writes nothing.
package remediate

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Repo names a hosted repository.
type Repo struct {
	Owner, Name string
}

func (r Repo) String() string { return r.Owner + "/" + r.Name }

// Issue is what remediation needs of a host's issue.
type Issue struct {
	Number    int
	Title     string
	Body      string
	State     string // open, closed
	Labels    []string
	Assignees []string
	URL       string
}

// IssueEdit changes an issue; nil fields are left alone.
type IssueEdit struct {
	Title, Body, State *string
}

// IssueHost is the host API tracking issues need. Implementations return
// ErrIssuesDisabled when the repository has issues turned off and a *PermissionError
// when the credential may not do what was asked.
type IssueHost interface {
	// Issues lists the repository's issues (open and closed) carrying label.
	Issues(ctx context.Context, r Repo, label string) ([]Issue, error)
	// Comments lists the bodies of an issue's comments, oldest first.
	Comments(ctx context.Context, r Repo, number int) ([]string, error)
	// EnsureLabel creates label when the repository does not have it; it reports
	// whether it wrote.
	EnsureLabel(ctx context.Context, r Repo, label, color, description string) (bool, error)
	CreateIssue(ctx context.Context, r Repo, title, body string, labels, assignees []string) (Issue, error)
	EditIssue(ctx context.Context, r Repo, number int, e IssueEdit) error
	Comment(ctx context.Context, r Repo, number int, body string) error
}

// ErrIssuesDisabled: the repository has issues turned off (GitHub answers 410).
var ErrIssuesDisabled = errors.New("issues are disabled")

// ErrEmptyRepository: the repository has no commit, so there is no branch to start from
// (GitHub answers 409 "Git Repository is empty.", GitLab a project without a default branch).
var ErrEmptyRepository = errors.New("the repository is empty (no commit to start a branch from)")

// PermissionError is a write the credential may not make.
type PermissionError struct {
	Permission string // as GitHub names it: "issues: write", "contents: write", "pull_requests: write"
	Err        error
}

func (e *PermissionError) Error() string {
	return fmt.Sprintf("missing permission %s: %v", e.Permission, e.Err)
}
func (e *PermissionError) Unwrap() error { return e.Err }

// Pacer spaces writes: GitHub asks integrations to serialise content-creating requests
// and leave at least a second between them (secondary rate limits).
type Pacer struct {
	Gap   time.Duration                                    // default 1 s
	Now   func() time.Time                                 // default time.Now
	Sleep func(ctx context.Context, d time.Duration) error // default: a timer honouring ctx
	last  time.Time
}

// Wait blocks until the next write may go.
func (p *Pacer) Wait(ctx context.Context) error {
	gap := p.Gap
	if gap == 0 {
		gap = time.Second
	}
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	sleep := p.Sleep
	if sleep == nil {
		sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	if !p.last.IsZero() {
		if d := p.last.Add(gap).Sub(now()); d > 0 {
			if err := sleep(ctx, d); err != nil {
				return err
			}
		}
	}
	p.last = now()
	return nil
}

// Pull is a change request: a GitHub pull request or a GitLab merge request.
type Pull struct {
	Number      int    // GitHub number, GitLab iid
	State       string // "open", "closed" (not merged), "merged"
	Title, Body string
	Head, Base  string // branch names
	HeadSHA     string
	URL         string
}

// Commit is a commit on the remediation branch that is not on the base branch.
type Commit struct{ SHA, Message, Author string }

// PullHost is the host API fix pull requests need (GitHub pull requests, GitLab merge
// requests). Like IssueHost, implementations return a *PermissionError when the
// credential may not do what was asked, naming the permission ("contents: write",
// "pull_requests: write"). Implementations call Pace(ctx) before every write request they
// send (a method may send several: GitHub's CommitFiles writes blobs, a tree, a commit
// and a ref); the caller does not pace them itself.
type PullHost interface {
	// DefaultBranch returns the repository's default branch and its head commit.
	DefaultBranch(ctx context.Context, r Repo) (name, sha string, err error)
	// Existing reports which of paths exist in the tree of commit sha.
	Existing(ctx context.Context, r Repo, sha string, paths []string) (map[string]bool, error)
	// Branch returns the head commit of branch, "" when it does not exist.
	Branch(ctx context.Context, r Repo, branch string) (string, error)
	// Ahead lists the commits of head not on base, oldest first.
	Ahead(ctx context.Context, r Repo, base, head string) ([]Commit, error)
	// Pulls lists the change requests from branch head, every state, newest first.
	Pulls(ctx context.Context, r Repo, head string) ([]Pull, error)
	// PullComments lists the bodies of a change request's comments, oldest first
	// (so a comment is never posted twice for the same files).
	PullComments(ctx context.Context, r Repo, number int) ([]string, error)
	// CommitFiles writes files as one commit on parent and points branch at it
	// (creating the branch, or moving it even when that is not a fast-forward).
	// It returns the new commit's SHA.
	CommitFiles(ctx context.Context, r Repo, branch, parent, message string, files []File) (string, error)
	CreatePull(ctx context.Context, r Repo, head, base, title, body string) (Pull, error)
	EditPull(ctx context.Context, r Repo, number int, title, body string) error
	ClosePull(ctx context.Context, r Repo, number int) error
	CommentPull(ctx context.Context, r Repo, number int, body string) error
}

type pacerKey struct{}

// WithPacer returns ctx carrying p, for Pace.
func WithPacer(ctx context.Context, p *Pacer) context.Context {
	return context.WithValue(ctx, pacerKey{}, p)
}

// Pace waits on the Pacer ctx carries (WithPacer); without one it returns at once. Host
// implementations call it before each write request, so every request that writes is a
// second from the previous one even inside a method that sends several.
func Pace(ctx context.Context) error {
	if p, ok := ctx.Value(pacerKey{}).(*Pacer); ok && p != nil {
		return p.Wait(ctx)
	}
	return ctx.Err()
}
