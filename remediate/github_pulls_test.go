package remediate

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/repogov/repogov/internal/githubtest"
	"github.com/repogov/repogov/report"
	ghsrc "github.com/repogov/repogov/scanner/github"
)

// ghPullEnv is a fake GitHub with acme/bare (a README and a source file), acme/odd
// (a symbolic link, a file where a directory could be, nested directories), acme/empty
// (no commit), acme/archived, acme/noissues (issues turned off) and acme/deny-* (one per
// permission test).
type ghPullEnv struct {
	srv  *githubtest.Server
	host *GitHub
}

func newGHPullEnv(t *testing.T) *ghPullEnv {
	t.Helper()
	store := githubtest.NewStore()
	org := store.Org("acme")
	src := map[string]githubtest.File{"README.md": {Data: []byte("# bare\n")}, "src/main.go": {Data: []byte("package main\n")}}
	store.AddRepo(org, "bare", githubtest.RepoMeta{}, src)
	store.AddRepo(org, "odd", githubtest.RepoMeta{}, map[string]githubtest.File{
		"SECURITY.md":                      {Data: []byte("docs/SECURITY.md"), Mode: githubtest.ModeSymlink},
		"docs":                             {Data: []byte("not a directory\n")},
		".github/ISSUE_TEMPLATE/bug.md":    {Data: []byte("bug\n")},
		".github/workflows/ci.yml":         {Data: []byte("on: push\n")},
		".github/pull_request_template.md": {Data: []byte("## What\n")},
	})
	store.AddRepo(org, "empty", githubtest.RepoMeta{}, nil)
	store.AddRepo(org, "archived", githubtest.RepoMeta{Archived: true}, src)
	store.AddRepo(org, "noissues", githubtest.RepoMeta{IssuesDisabled: true}, src)
	for _, n := range []string{"deny-1", "deny-2", "deny-3", "deny-4", "deny-5"} {
		store.AddRepo(org, n, githubtest.RepoMeta{}, src)
	}
	srv := githubtest.Start(t, store, githubtest.Options{Token: token, RetryAfter: -1})
	s, err := ghsrc.New(ghsrc.Options{APIURL: srv.URL + "/", Token: token, Retry: ghsrc.Retry{Base: time.Millisecond, Max: time.Millisecond, Secondary: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return &ghPullEnv{srv: srv, host: &GitHub{Client: s.REST}}
}

// paced runs f with a Pacer on a frozen clock, so every wait but the first sleeps; it
// fails unless every write request f sent came right after a wait (the i-th sleep sees
// i writes done) and returns the writes.
func (e *ghPullEnv) paced(t *testing.T, f func(ctx context.Context) error) int64 {
	t.Helper()
	e.srv.ResetStats()
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	var seen []int64
	p := &Pacer{Now: func() time.Time { return now }, Sleep: func(_ context.Context, d time.Duration) error {
		now = now.Add(d)
		seen = append(seen, e.srv.Stats().Writes)
		return nil
	}}
	if err := f(WithPacer(context.Background(), p)); err != nil {
		t.Fatal(err)
	}
	w := e.srv.Stats().Writes
	if int64(len(seen)) != w-1 {
		t.Fatalf("%d writes, %d waits between them (want one wait before each)", w, len(seen))
	}
	for i, n := range seen {
		if n != int64(i+1) {
			t.Fatalf("wait %d came after %d writes: two writes without a wait between them (%v)", i+1, n, seen)
		}
	}
	return w
}

// TestGitHubPullHost walks one repository through every PullHost call against the fake
// GitHub: a branch made through the Git Data API (blobs, a tree on the parent's tree, a
// commit, a ref), the comparison, a pull request found by head, comments, an edit, a
// forced move of the branch after someone else pushed, a close, a second pull request
// that is merged. Every write is paced.
func TestGitHubPullHost(t *testing.T) {
	e := newGHPullEnv(t)
	ctx := context.Background()
	r := Repo{Owner: "acme", Name: "bare"}
	def, base, err := e.host.DefaultBranch(ctx, r)
	if err != nil || def != "main" || base == "" || base != e.srv.Branch("acme", "bare", "main") {
		t.Fatalf("default branch %q %q %v", def, base, err)
	}
	if sha, err := e.host.Branch(ctx, r, PullBranch); sha != "" || err != nil {
		t.Fatalf("missing branch: %q %v", sha, err)
	}
	// A branch whose name starts like the one asked for is not it.
	e.srv.PushCommit("acme", "bare", PullBranch+"-old", "x", "bob", map[string]string{"x": "x"})
	if sha, err := e.host.Branch(ctx, r, "repogov/governance"); sha != "" || err != nil {
		t.Fatalf("prefix of a branch: %q %v", sha, err)
	}
	paths := []string{"LICENSE", ".github/CODEOWNERS", ".github/ISSUE_TEMPLATE/bug.md", "README.md", "src/main.go"}
	e.srv.ResetStats()
	ex, err := e.host.Existing(ctx, r, base, paths)
	if err != nil || !ex["README.md"] || !ex["src/main.go"] || ex["LICENSE"] || ex[".github/CODEOWNERS"] || ex[".github/ISSUE_TEMPLATE/bug.md"] || len(ex) != len(paths) {
		t.Fatalf("existing before: %v %v", ex, err)
	}
	if n := e.srv.Stats().REST; n != 2 { // the root and src; .github is not there
		t.Fatalf("existing cost %d requests, want 2 (one per directory)", n)
	}
	files := []File{{Path: "LICENSE", Data: []byte("MIT\n")}, {Path: ".github/CODEOWNERS", Data: []byte("* @alice\n")},
		{Path: ".github/ISSUE_TEMPLATE/bug.md", Data: []byte{0xff, 0x00, 'b'}}}
	msg := "Add governance files\n\n" + PullTrailer
	var head string
	w := e.paced(t, func(ctx context.Context) (err error) {
		head, err = e.host.CommitFiles(ctx, r, PullBranch, base, msg, files)
		return err
	})
	if w != 4 {
		t.Fatalf("commit: %d writes, want a blob for the binary file, a tree with the texts inline, a commit and a ref", w)
	}
	if n := e.srv.Stats().REST; n != w {
		t.Fatalf("commit: %d requests for %d writes: the parent's tree, listed by Existing, was read again", n, w)
	}
	got := e.srv.FilesAt("acme", "bare", head)
	want := map[string]string{"README.md": "# bare\n", "src/main.go": "package main\n", "LICENSE": "MIT\n", ".github/CODEOWNERS": "* @alice\n", ".github/ISSUE_TEMPLATE/bug.md": "\xff\x00b"}
	if len(got) != len(want) {
		t.Fatalf("files at the commit: %q", got)
	}
	for p, d := range want {
		if got[p] != d {
			t.Fatalf("%s at the commit: %q, want %q", p, got[p], d)
		}
	}
	if c, ok := e.srv.GitCommit("acme", "bare", head); !ok || !slices.Equal(c.Parents, []string{base}) || c.Message != msg {
		t.Fatalf("commit %+v", c)
	}
	if sha, _ := e.host.Branch(ctx, r, PullBranch); sha != head {
		t.Fatalf("branch at %s, want %s", sha, head)
	}
	ex, err = e.host.Existing(ctx, r, head, []string{"LICENSE", ".github/CODEOWNERS", ".github/ISSUE_TEMPLATE/bug.md", "SECURITY.md", ".github/SECURITY.md"})
	if err != nil || !ex["LICENSE"] || !ex[".github/CODEOWNERS"] || !ex[".github/ISSUE_TEMPLATE/bug.md"] || ex["SECURITY.md"] || ex[".github/SECURITY.md"] {
		t.Fatalf("existing after: %v %v", ex, err)
	}
	ahead, err := e.host.Ahead(ctx, r, base, head)
	if err != nil || len(ahead) != 1 || ahead[0].SHA != head || ahead[0].Message != msg || ahead[0].Author != "repogov-bot" || !OwnCommit(ahead[0].Message) {
		t.Fatalf("ahead %+v %v", ahead, err)
	}
	if ps, err := e.host.Pulls(ctx, r, PullBranch); len(ps) != 0 || err != nil {
		t.Fatalf("pulls before: %v %v", ps, err)
	}
	// Issues and pull requests share numbers on GitHub.
	if _, err := e.host.CreateIssue(ctx, r, "an issue", "", nil, nil); err != nil {
		t.Fatal(err)
	}
	var pr Pull
	if w := e.paced(t, func(ctx context.Context) (err error) {
		pr, err = e.host.CreatePull(ctx, r, PullBranch, "main", "Add governance files", "body")
		return err
	}); w != 1 {
		t.Fatalf("create: %d writes", w)
	}
	if pr.State != "open" || pr.Number != 2 || pr.HeadSHA != head || pr.Head != PullBranch || pr.Base != "main" || pr.URL == "" {
		t.Fatalf("create: %+v", pr)
	}
	for _, f := range []func(ctx context.Context) error{
		func(ctx context.Context) error { return e.host.CommentPull(ctx, r, 2, "someone else pushed") },
		func(ctx context.Context) error { return e.host.EditPull(ctx, r, 2, "Add 2 governance files", "body 2") },
	} {
		if w := e.paced(t, f); w != 1 {
			t.Fatalf("%d writes, want 1", w)
		}
	}
	cs, err := e.host.PullComments(ctx, r, 2)
	if err != nil || !slices.Equal(cs, []string{"someone else pushed"}) {
		t.Fatalf("comments %q %v", cs, err)
	}
	if is, err := e.host.Issues(ctx, r, "x"); err != nil || len(is) != 0 {
		t.Fatalf("a pull request listed as an issue: %+v %v", is, err)
	}
	// A person pushes to the branch; the fix is made again on base and forced.
	other := e.srv.PushCommit("acme", "bare", PullBranch, "mine", "bob", map[string]string{"NOTES": "mine\n"})
	if ahead, _ := e.host.Ahead(ctx, r, base, other); len(ahead) != 2 || ahead[0].SHA != head || ahead[1].Author != "bob" || OwnCommit(ahead[1].Message) {
		t.Fatalf("ahead with a foreign commit: %+v", ahead)
	}
	var again string
	w = e.paced(t, func(ctx context.Context) (err error) {
		again, err = e.host.CommitFiles(ctx, r, PullBranch, base, msg, files[:1])
		return err
	})
	if c, _ := e.srv.GitCommit("acme", "bare", again); w != 4 || !slices.Equal(c.Parents, []string{base}) || e.srv.Branch("acme", "bare", PullBranch) != again {
		t.Fatalf("forced commit: %d writes (want tree, commit, refused creation, update), parents %v", w, c.Parents)
	}
	if _, ok := e.srv.FilesAt("acme", "bare", again)["NOTES"]; ok {
		t.Fatal("the forced commit kept the foreign file")
	}
	ps, err := e.host.Pulls(ctx, r, PullBranch)
	if err != nil || len(ps) != 1 || ps[0].HeadSHA != again || ps[0].Title != "Add 2 governance files" || ps[0].Body != "body 2" || ps[0].State != "open" {
		t.Fatalf("pulls: %+v %v", ps, err)
	}
	if w := e.paced(t, func(ctx context.Context) error { return e.host.ClosePull(ctx, r, 2) }); w != 1 {
		t.Fatalf("close: %d writes", w)
	}
	if ps, _ := e.host.Pulls(ctx, r, PullBranch); len(ps) != 1 || ps[0].State != "closed" {
		t.Fatalf("after close: %+v", ps)
	}
	pr3, err := e.host.CreatePull(ctx, r, PullBranch, "main", "Again", "b")
	if err != nil || pr3.Number != 3 {
		t.Fatalf("second pull request: %+v %v", pr3, err)
	}
	e.srv.MergePull("acme", "bare", 3)
	ps, err = e.host.Pulls(ctx, r, PullBranch)
	if err != nil || len(ps) != 2 || ps[0].Number != 3 || ps[0].State != "merged" || ps[1].Number != 2 || ps[1].State != "closed" {
		t.Fatalf("newest first, merged and closed: %+v %v", ps, err)
	}
	// Only the repository's own branch counts: another head is not listed.
	if ps, _ := e.host.Pulls(ctx, r, PullBranch+"-old"); len(ps) != 0 {
		t.Fatalf("pulls of another head: %+v", ps)
	}
}

// TestGitHubPullExisting: anything at a path exists — a symbolic link, a directory —
// and so does a path under a file, which could not be created; directories are listed
// once each.
func TestGitHubPullExisting(t *testing.T) {
	e := newGHPullEnv(t)
	ctx := context.Background()
	r := Repo{Owner: "acme", Name: "odd"}
	_, base, err := e.host.DefaultBranch(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"SECURITY.md":                      true, // a symbolic link
		".github":                          true, // a directory
		".github/ISSUE_TEMPLATE":           true,
		".github/ISSUE_TEMPLATE/bug.md":    true,
		".github/ISSUE_TEMPLATE/other.md":  false,
		".github/pull_request_template.md": true,
		".github/CODEOWNERS":               false,
		"docs/CONTRIBUTING.md":             true, // docs is a file
		"docs/deep/x.md":                   true,
		"LICENSE":                          false,
		"LICENSES/MIT.txt":                 false,
		"a/b/c.md":                         false,
	}
	paths := make([]string, 0, len(want))
	for p := range want {
		paths = append(paths, p)
	}
	e.srv.ResetStats()
	got, err := e.host.Existing(ctx, r, base, paths)
	if err != nil {
		t.Fatal(err)
	}
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s: exists = %v, want %v", p, got[p], w)
		}
	}
	if n := e.srv.Stats().REST; n != 3 { // root, .github, .github/ISSUE_TEMPLATE
		t.Errorf("%d tree requests, want 3", n)
	}
}

// TestGitHubPullFaults: a lost answer to the commit, the branch's creation, the pull
// request or a comment leaves no duplicate when the next run tries again; a transient
// failure of a blob is retried; reads go through faults.
func TestGitHubPullFaults(t *testing.T) {
	e := newGHPullEnv(t)
	ctx := context.Background()
	r := Repo{Owner: "acme", Name: "bare"}
	_, base, err := e.host.DefaultBranch(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	files := []File{{Path: "LICENSE", Data: []byte("x")}}
	// Requests of CommitFiles with one text file (Existing not called: the parent's
	// tree is read): 1 read the parent, 2 tree, 3 commit, 4 ref (5 update).
	e.srv.ResetStats()
	e.srv.InjectAt(3, githubtest.FaultAfter502)
	if _, err := e.host.CommitFiles(ctx, r, PullBranch, base, "m", files); err == nil {
		t.Fatal("a lost answer to the commit was retried or ignored")
	}
	if e.srv.Branch("acme", "bare", PullBranch) != "" {
		t.Fatal("branch made without an answer")
	}
	head, err := e.host.CommitFiles(ctx, r, PullBranch, base, "m", files)
	if err != nil {
		t.Fatal(err)
	}
	if ahead, _ := e.host.Ahead(ctx, r, base, PullBranch); len(ahead) != 1 || ahead[0].SHA != head {
		t.Fatalf("after a lost commit: %+v", ahead)
	}

	e.srv.ResetStats()
	e.srv.InjectAt(4, githubtest.FaultAfter502)
	if _, err := e.host.CommitFiles(ctx, r, "repogov/two", base, "m", files); err == nil {
		t.Fatal("a lost answer to the branch's creation was retried or ignored")
	} else {
		t.Log(err)
	}
	lost := e.srv.Branch("acme", "bare", "repogov/two")
	if lost == "" {
		t.Fatal("the fault did not apply the creation")
	}
	e.srv.ResetStats()
	two, err := e.host.CommitFiles(ctx, r, "repogov/two", base, "m", files)
	if err != nil || two == lost || e.srv.Branch("acme", "bare", "repogov/two") != two || e.srv.Stats().Writes != 4 {
		t.Fatalf("after a lost branch creation: %v, %d writes", err, e.srv.Stats().Writes)
	}
	if ahead, _ := e.host.Ahead(ctx, r, base, "repogov/two"); len(ahead) != 1 {
		t.Fatalf("after a lost branch creation: %+v", ahead)
	}

	// A blob and a tree may be sent twice (their ids are their contents).
	e.srv.ResetStats()
	e.srv.InjectAt(2, githubtest.Fault502)
	e.srv.InjectAt(4, githubtest.Fault502)
	three, err := e.host.CommitFiles(ctx, r, "repogov/three", base, "m", []File{{Path: "logo.png", Data: []byte{0x89, 'P', 'N', 'G', 0}}})
	if err != nil || e.srv.FilesAt("acme", "bare", three)["logo.png"] != "\x89PNG\x00" {
		t.Fatalf("a 502 on a blob or a tree was not retried: %v", err)
	}

	e.srv.ResetStats()
	e.srv.InjectAt(1, githubtest.FaultTruncated)
	if _, err := e.host.CreatePull(ctx, r, PullBranch, "main", "t", "b"); err == nil {
		t.Fatal("lost answer not reported")
	}
	if n := len(e.srv.Pulls("acme", "bare")); n != 1 {
		t.Fatalf("%d pull requests after a lost answer, want 1", n)
	}
	pr, err := e.host.CreatePull(ctx, r, PullBranch, "main", "t", "b")
	if err != nil || pr.Number != 1 || len(e.srv.Pulls("acme", "bare")) != 1 {
		t.Fatalf("creating again: %+v %v, %d pull requests", pr, err, len(e.srv.Pulls("acme", "bare")))
	}

	e.srv.ResetStats()
	e.srv.InjectAt(1, githubtest.FaultAfter502)
	if err := e.host.CommentPull(ctx, r, 1, "hello"); err == nil {
		t.Fatal("lost comment not reported")
	}
	if cs := e.srv.Pulls("acme", "bare")[0].Comments; len(cs) != 1 {
		t.Fatalf("comments %q after a lost answer, want one", cs)
	}

	e.srv.ResetStats()
	e.srv.InjectAt(1, githubtest.Fault502)
	if ps, err := e.host.Pulls(ctx, r, PullBranch); err != nil || len(ps) != 1 || ps[0].HeadSHA != head {
		t.Fatalf("read through a 502: %+v %v", ps, err)
	}
}

// TestGitHubPullErrors: a missing permission is named as GitHub names it, or by what
// the call needs when GitHub does not say (archived: a classic answer); an empty
// repository is said so; issues turned off do not stop a pull request's conversation.
func TestGitHubPullErrors(t *testing.T) {
	e := newGHPullEnv(t)
	ctx := context.Background()
	mk := func(name string) (Repo, string) {
		r := Repo{Owner: "acme", Name: name}
		_, base, err := e.host.DefaultBranch(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		return r, base
	}
	files := []File{{Path: "LICENSE", Data: []byte("x")}}
	r5, base5 := mk("deny-5")
	if _, err := e.host.CommitFiles(ctx, r5, PullBranch, base5, "m", files); err != nil {
		t.Fatal(err)
	}
	if _, err := e.host.CreatePull(ctx, r5, PullBranch, "main", "t", "b"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, repo, deny string // deny: a permission, "writes" (DenyWrites), "" none
		call             func(r Repo, base string) error
		want             string
	}{
		{"commit", "deny-1", "contents=write", func(r Repo, base string) error {
			_, err := e.host.CommitFiles(ctx, r, PullBranch, base, "m", files)
			return err
		}, "contents: write"},
		{"branch", "deny-2", "contents=read", func(r Repo, _ string) error { _, err := e.host.Branch(ctx, r, PullBranch); return err }, "contents: read"},
		{"pulls", "deny-3", "pull_requests=read", func(r Repo, _ string) error { _, err := e.host.Pulls(ctx, r, PullBranch); return err }, "pull_requests: read"},
		{"create", "deny-4", "pull_requests=write", func(r Repo, base string) error {
			if _, err := e.host.CommitFiles(ctx, r, PullBranch, base, "m", files); err != nil {
				return err
			}
			_, err := e.host.CreatePull(ctx, r, PullBranch, "main", "t", "b")
			return err
		}, "pull_requests: write"},
		{"close", "deny-5", "pull_requests=write", func(r Repo, _ string) error { return e.host.ClosePull(ctx, r, 1) }, "pull_requests: write"},
		{"edit", "deny-5", "", func(r Repo, _ string) error { return e.host.EditPull(ctx, r, 1, "t", "b") }, "pull_requests: write"},
		{"comment", "deny-5", "writes", func(r Repo, _ string) error { return e.host.CommentPull(ctx, r, 1, "c") }, "issues: write, pull_requests: write"},
		{"archived commit", "archived", "", func(r Repo, base string) error {
			_, err := e.host.CommitFiles(ctx, r, PullBranch, base, "m", files)
			return err
		}, "contents: write"},
		{"archived close", "archived", "", func(r Repo, _ string) error { return e.host.ClosePull(ctx, r, 1) }, "pull_requests: write"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, base := mk(tc.repo)
			switch tc.deny {
			case "":
			case "writes":
				e.srv.DenyWrites("acme", tc.repo)
			default:
				e.srv.Deny("acme", tc.repo, tc.deny)
			}
			var pe *PermissionError
			if err := tc.call(r, base); !errors.As(err, &pe) || pe.Permission != tc.want {
				t.Fatalf("got %v, want missing permission %s", err, tc.want)
			}
		})
	}

	empty := Repo{Owner: "acme", Name: "empty"}
	if _, _, err := e.host.DefaultBranch(ctx, empty); !errors.Is(err, ErrEmptyRepository) {
		t.Fatalf("empty repository: %v", err)
	}
	if _, err := e.host.Branch(ctx, empty, PullBranch); !errors.Is(err, ErrEmptyRepository) {
		t.Fatalf("branch of an empty repository: %v", err)
	}

	// With issues turned off (GitHub answers 410 on issues), a pull request's
	// conversation still works and is never taken for "issues are disabled".
	r, base := mk("noissues")
	if _, err := e.host.CommitFiles(ctx, r, PullBranch, base, "m", files); err != nil {
		t.Fatal(err)
	}
	pr, err := e.host.CreatePull(ctx, r, PullBranch, "main", "t", "b")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.host.CommentPull(ctx, r, pr.Number, "c"); err != nil {
		t.Fatal(err)
	}
	if cs, err := e.host.PullComments(ctx, r, pr.Number); err != nil || !slices.Equal(cs, []string{"c"}) {
		t.Fatalf("comments with issues off: %q %v", cs, err)
	}
	if _, err := e.host.Issues(ctx, r, "x"); !errors.Is(err, ErrIssuesDisabled) {
		t.Fatalf("issues off: %v", err)
	}
}

// ghPullFake runs the fix-request walks (pullplan_test.go) against the fake GitHub: n
// synthetic repositories of acme (reportOf; every 50th archived).
type ghPullFake struct{ e *env }

// newGHPullFake lifts the fake's primary budget (5,000 requests an hour, as a token
// has): a first run over 1,000 repositories needs about twice that, which on GitHub is
// a wait for the reset, not a failure (the transport waits), and not what these tests
// count.
func newGHPullFake(t *testing.T, n int) ghPullFake {
	e := newEnv(t, n)
	e.srv.SetBudget(1 << 30)
	return ghPullFake{e}
}

func (f ghPullFake) host() PullHost { return f.e.host.(*GitHub) }
func (f ghPullFake) report(fails func(string) []string) *report.Report {
	return reportOf(f.e.org, fails)
}
func (f ghPullFake) repos() []Repo {
	var out []Repo
	for _, rr := range sortedRepos(f.report(func(string) []string { return nil })) {
		if !rr.Meta.Archived {
			out = append(out, Repo{rr.Meta.Owner, rr.Meta.Name})
		}
	}
	return out
}
func (f ghPullFake) stats() (int64, int64) {
	s := f.e.srv.Stats()
	return s.Requests, s.Writes
}
func (f ghPullFake) reset() { f.e.srv.ResetStats(); f.e.srv.ClearFaults() }
func (f ghPullFake) pushForeign(r Repo) {
	f.e.srv.PushCommit(r.Owner, r.Name, PullBranch, "tweak", "bob", nil)
}
func (f ghPullFake) deny(r Repo)             { f.e.srv.DenyWrites(r.Owner, r.Name) }
func (ghPullFake) missingPermission() string { return ghContentsWrite }
func (f ghPullFake) setPullState(r Repo, n int, state string) {
	if state == "merged" {
		f.e.srv.MergePull(r.Owner, r.Name, n)
		return
	}
	f.e.srv.ClosePull(r.Owner, r.Name, n)
}
func (f ghPullFake) pulls(r Repo) ([]string, int) {
	var states []string
	comments := 0
	ps := f.e.srv.Pulls(r.Owner, r.Name)
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].Head == PullBranch {
			states = append(states, ps[i].State)
			comments += len(ps[i].Comments)
		}
	}
	return states, comments
}

// branchFiles: the files of the branch's head that the default branch does not have
// (with that content).
func (f ghPullFake) branchFiles(r Repo) map[string]string {
	base := f.e.srv.FilesAt(r.Owner, r.Name, f.e.srv.Branch(r.Owner, r.Name, "main"))
	out := map[string]string{}
	for p, d := range f.e.srv.FilesAt(r.Owner, r.Name, f.e.srv.Branch(r.Owner, r.Name, PullBranch)) {
		if b, ok := base[p]; !ok || b != d {
			out[p] = d
		}
	}
	return out
}

// loseAnswer: on GitHub a commit reaches the branch with the ref write (created, or
// moved after GitHub refused the creation), so that is the answer lost.
// The forced update of an existing branch is retried (it is idempotent), so every
// answer of the run is lost.
func (f ghPullFake) loseAnswer(write string) {
	switch write {
	case "commit":
		f.e.srv.LoseAnswer("/git/refs", 100)
	case "pull":
		f.e.srv.LoseAnswer("/pulls", 1)
	}
}
