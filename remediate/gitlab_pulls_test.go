package remediate

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/repogov/repogov/internal/gitlabtest"
)

// TestGitLabPullHost walks one project through every PullHost call against the fake
// GitLab: a branch made by one commit of two create actions, the comparison, a merge
// request found by source branch, notes, an edit, a forced move of the branch, a close.
func TestGitLabPullHost(t *testing.T) {
	e := newGLEnv(t, 1)
	ctx := context.Background()
	r := Repo{Owner: "gov/team-00", Name: "project-00000"}
	def, base, err := e.host.DefaultBranch(ctx, r)
	if err != nil || def != "main" || base == "" {
		t.Fatalf("default branch %q %q %v", def, base, err)
	}
	if sha, err := e.host.Branch(ctx, r, "repogov/fix"); sha != "" || err != nil {
		t.Fatalf("missing branch: %q %v", sha, err)
	}
	files := []File{{Path: "LICENSES/MIT.txt", Data: []byte("MIT\n")}, {Path: ".gitlab/repogov/OWNERS", Data: []byte("* @alice\n")}}
	ex, err := e.host.Existing(ctx, r, base, []string{"LICENSES/MIT.txt", ".gitlab/repogov/OWNERS"})
	if err != nil || ex["LICENSES/MIT.txt"] || ex[".gitlab/repogov/OWNERS"] {
		t.Fatalf("existing before: %v %v", ex, err)
	}
	e.srv.ResetStats()
	head, err := e.host.CommitFiles(ctx, r, "repogov/fix", base, "Add governance files", files)
	if err != nil || e.srv.Stats().Writes != 1 {
		t.Fatalf("commit: %v, %d writes (want one request)", err, e.srv.Stats().Writes)
	}
	if got := e.srv.CommitFiles(glProject, head); got["LICENSES/MIT.txt"] != "MIT\n" || got[".gitlab/repogov/OWNERS"] != "* @alice\n" || e.srv.CommitParent(glProject, head) != base {
		t.Fatalf("commit files %v parent %s", got, e.srv.CommitParent(glProject, head))
	}
	if sha, _ := e.host.Branch(ctx, r, "repogov/fix"); sha != head {
		t.Fatalf("branch at %s, want %s", sha, head)
	}
	ex, err = e.host.Existing(ctx, r, head, []string{"LICENSES/MIT.txt", ".gitlab/repogov/OWNERS", "SECURITY.txt"})
	if err != nil || !ex["LICENSES/MIT.txt"] || !ex[".gitlab/repogov/OWNERS"] || ex["SECURITY.txt"] {
		t.Fatalf("existing after: %v %v", ex, err)
	}
	ahead, err := e.host.Ahead(ctx, r, base, head)
	if err != nil || len(ahead) != 1 || ahead[0].SHA != head || ahead[0].Message != "Add governance files" {
		t.Fatalf("ahead %+v %v", ahead, err)
	}
	if ps, err := e.host.Pulls(ctx, r, "repogov/fix"); len(ps) != 0 || err != nil {
		t.Fatalf("pulls before: %v %v", ps, err)
	}
	pr, err := e.host.CreatePull(ctx, r, "repogov/fix", "main", "Add governance files", "body")
	if err != nil || pr.State != "open" || pr.Number != 1 || pr.HeadSHA != head {
		t.Fatalf("create: %+v %v", pr, err)
	}
	if err := e.host.CommentPull(ctx, r, 1, "someone else pushed"); err != nil {
		t.Fatal(err)
	}
	if err := e.host.EditPull(ctx, r, 1, "Add 2 governance files", "body 2"); err != nil {
		t.Fatal(err)
	}
	cs, err := e.host.PullComments(ctx, r, 1)
	if err != nil || !slices.Equal(cs, []string{"someone else pushed"}) {
		t.Fatalf("comments %q %v (system notes must be left out)", cs, err)
	}
	// A person pushes to the branch; the fix is made again on base and forced.
	other := e.srv.PushCommit(glProject, "repogov/fix", "mine", "bob", nil)
	if ahead, _ := e.host.Ahead(ctx, r, base, other); len(ahead) != 2 || ahead[1].Author != "bob" {
		t.Fatalf("ahead with a foreign commit: %+v", ahead)
	}
	again, err := e.host.CommitFiles(ctx, r, "repogov/fix", base, "Add governance files", files)
	if err != nil || e.srv.CommitParent(glProject, again) != base {
		t.Fatalf("forced commit: %v", err)
	}
	ps, err := e.host.Pulls(ctx, r, "repogov/fix")
	if err != nil || len(ps) != 1 || ps[0].HeadSHA != again || ps[0].Title != "Add 2 governance files" || ps[0].Body != "body 2" {
		t.Fatalf("pulls: %+v %v", ps, err)
	}
	if err := e.host.ClosePull(ctx, r, 1); err != nil {
		t.Fatal(err)
	}
	if ps, _ := e.host.Pulls(ctx, r, "repogov/fix"); len(ps) != 1 || ps[0].State != "closed" {
		t.Fatalf("after close: %+v", ps)
	}
	e.srv.SetMergeRequestState(glProject, 1, "merged")
	if ps, _ := e.host.Pulls(ctx, r, "repogov/fix"); ps[0].State != "merged" {
		t.Fatalf("merged: %+v", ps)
	}
}

// TestGitLabPullFaults: a merge request whose answer is lost is not sent again (one
// merge request); reads are retried through faults; a role too low is named.
func TestGitLabPullFaults(t *testing.T) {
	e := newGLEnv(t, 1)
	ctx := context.Background()
	r := Repo{Owner: "gov/team-00", Name: "project-00000"}
	_, base, err := e.host.DefaultBranch(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	e.srv.ResetStats()
	e.srv.InjectAt(1, gitlabtest.Fault502)
	if _, err := e.host.CommitFiles(ctx, r, "repogov/fix", base, "m", []File{{Path: "LICENSES/MIT.txt", Data: []byte("x")}}); err == nil {
		t.Fatal("a 502 on the commit was retried or ignored")
	}
	head, err := e.host.CommitFiles(ctx, r, "repogov/fix", base, "m", []File{{Path: "LICENSES/MIT.txt", Data: []byte("x")}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.ResetStats()
	e.srv.InjectAt(1, gitlabtest.FaultTruncated)
	if _, err := e.host.CreatePull(ctx, r, "repogov/fix", "main", "t", "b"); err == nil {
		t.Fatal("lost answer not reported")
	}
	if n := len(e.srv.MergeRequests(glProject)); n != 1 {
		t.Fatalf("%d merge requests after a lost answer, want 1", n)
	}
	e.srv.ResetStats()
	e.srv.InjectAt(1, gitlabtest.Fault502)
	if ps, err := e.host.Pulls(ctx, r, "repogov/fix"); err != nil || len(ps) != 1 || ps[0].HeadSHA != head {
		t.Fatalf("read through a 502: %+v %v", ps, err)
	}
	e.srv.DenyWrites(glProject)
	var pe *PermissionError
	if err := e.host.ClosePull(ctx, r, 1); !errors.As(err, &pe) || pe.Permission != glDeveloper {
		t.Fatalf("denied: %v", err)
	}
}
