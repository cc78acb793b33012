package remediate

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/repogov/repogov/internal/gitlabtest"
	"github.com/repogov/repogov/report"
)

// pullFake is what the fix-request tests need of a fake forge, so one walk runs against
// the fake GitHub and the fake GitLab alike.
type pullFake interface {
	host() PullHost
	report(fails func(name string) []string) *report.Report // every repository of the fake
	repos() []Repo                                          // the non-archived ones, in plan order
	stats() (requests, writes int64)
	reset()                                        // zero the counters, clear faults
	pushForeign(r Repo)                            // someone else pushes to PullBranch
	setPullState(r Repo, number int, state string) // "merged" or "closed", as a person would
	pulls(r Repo) (states []string, comments int)  // every request from PullBranch, newest first
	branchFiles(r Repo) map[string]string          // files the branch's repogov commits add
	deny(r Repo)                                   // writes answer 403
	loseAnswer(write string)                       // the next "commit" or "pull" creation is applied, its answer lost
	missingPermission() string                     // the permission a denied write names
}

type glPullFake struct{ e *glEnv }

func (f glPullFake) host() PullHost { return f.e.host }
func (f glPullFake) report(fails func(string) []string) *report.Report {
	return f.e.report(fails)
}
func (f glPullFake) repos() []Repo {
	var out []Repo
	for _, rr := range sortedRepos(f.e.report(func(string) []string { return nil })) {
		if !rr.Meta.Archived {
			out = append(out, Repo{rr.Meta.Owner, rr.Meta.Name})
		}
	}
	return out
}
func (f glPullFake) stats() (int64, int64) {
	s := f.e.srv.Stats()
	return s.Requests, s.Writes
}
func (f glPullFake) reset() { f.e.srv.ResetStats(); f.e.srv.ClearFaults() }
func (f glPullFake) pushForeign(r Repo) {
	f.e.srv.PushCommit(r.String(), PullBranch, "tweak", "bob", nil)
}
func (f glPullFake) deny(r Repo)             { f.e.srv.DenyWrites(r.String()) }
func (glPullFake) missingPermission() string { return glDeveloper }
func (f glPullFake) setPullState(r Repo, n int, state string) {
	f.e.srv.SetMergeRequestState(r.String(), int64(n), state)
}
func (f glPullFake) pulls(r Repo) ([]string, int) {
	var states []string
	comments := 0
	mrs := f.e.srv.MergeRequests(r.String())
	for i := len(mrs) - 1; i >= 0; i-- {
		if mrs[i].Source == PullBranch {
			states = append(states, mrs[i].State)
			comments += len(mrs[i].Comments())
		}
	}
	return states, comments
}
func (f glPullFake) branchFiles(r Repo) map[string]string {
	return f.e.srv.CommitFiles(r.String(), f.e.srv.Branch(r.String(), PullBranch))
}
func (f glPullFake) loseAnswer(write string) {
	p := map[string]string{"commit": "/repository/commits", "pull": "/merge_requests"}[write]
	f.e.srv.InjectPath(p, gitlabtest.FaultTruncated, 1)
}

// pullFakes are the forges the walks run on, each with n repositories.
func pullFakes(t *testing.T, n int) map[string]func() pullFake {
	return map[string]func() pullFake{
		"gitlab": func() pullFake { return glPullFake{newGLEnv(t, n)} },
		"github": func() pullFake { return newGHPullFake(t, n) },
	}
}

const pullPolicy = `remediation:
  contacts: {security: security@acme.example}
templates:
  security-policy: {file: docs/SECURITY.md, text: "# Security of {{ .Repo }}\n\nMail {{ .SecurityContact }}.%s\n"}
  codeowners: {file: docs/CODEOWNERS, text: "* @{{ .Org }}/maintainers\n"}
`

// pullRun plans (and applies) fix requests with a policy whose security template ends
// with version, and returns the plan's steps for the fake's repositories by name.
type pullRun struct {
	t    *testing.T
	f    pullFake
	clk  *clock
	lose string // loseAnswer(lose) between planning and applying, once
}

func (pr *pullRun) run(version string, fails func(string) []string, apply bool, mod func(*PullOptions)) (*PullPlan, int64, int64) {
	pr.t.Helper()
	pol := loadPolicy(pr.t, fmt.Sprintf(pullPolicy, version), nil)
	rep := pr.f.report(fails)
	o := PullOptions{Pacer: pr.clk.pacer()}
	if mod != nil {
		mod(&o)
	}
	ctx := context.Background()
	hosts := map[string]PullHost{strings.ToLower(rep.Repos[0].Meta.Host): pr.f.host()}
	prod := NewFiles(pol, nil, now)
	p, err := PlanPulls(ctx, hosts, rep, prod, o)
	if err != nil {
		pr.t.Fatal(err)
	}
	_, w := pr.f.stats()
	if w != 0 {
		pr.t.Fatalf("planning wrote %d times", w)
	}
	if pr.lose != "" {
		pr.f.loseAnswer(pr.lose)
		pr.lose = ""
	}
	if apply {
		if err := ApplyPulls(ctx, rep, p, o); err != nil {
			pr.t.Fatal(err)
		}
	}
	req, w := pr.f.stats()
	pr.f.reset()
	return p, req, w
}

func stepOf(p *PullPlan, r Repo) PullStep {
	for _, s := range p.Steps {
		if s.Repo == r.String() {
			return s
		}
	}
	return PullStep{}
}

// TestPullLifecycle walks one repository through every transition of a fix request:
// create, unchanged (no write), update when the templates change, a lost commit answer
// finished without a second commit, close when the files are no longer missing, create
// again from the branch repogov left, comment (once) when someone else pushed to the
// branch, declined when a person closes it — and a second repository to merged.
func TestPullLifecycle(t *testing.T) {
	for name, mk := range pullFakes(t, 4) {
		t.Run(name, func(t *testing.T) {
			f := mk()
			pr := &pullRun{t: t, f: f, clk: &clock{now: now}}
			rs := f.repos()
			r, r2 := rs[0], rs[1]
			only := func(names ...string) func(string) []string {
				return func(n string) []string {
					if n == r.Name || n == r2.Name {
						return names
					}
					return nil
				}
			}
			failing := only("security-policy", "codeowners")
			check := func(p *PullPlan, r Repo, a Action, commit bool, writes int) PullStep {
				t.Helper()
				st := stepOf(p, r)
				if st.Action != a || st.Commit != commit || st.Writes != writes {
					t.Fatalf("%s: %s commit=%v writes=%d (%s), want %s commit=%v writes=%d", r, st.Action, st.Commit, st.Writes, st.Reason, a, commit, writes)
				}
				return st
			}

			p, _, w := pr.run("", failing, true, nil)
			st := check(p, r, Create, true, 2)
			if !slices.Equal(st.Files, []string{"docs/CODEOWNERS", "docs/SECURITY.md"}) || st.Outcome != Done || st.Pull == 0 || w < 2 {
				t.Fatalf("create: %+v, %d write requests", st, w)
			}
			if got := f.branchFiles(r); got["docs/SECURITY.md"] != "# Security of "+r.Name+"\n\nMail security@acme.example.\n" || got["docs/CODEOWNERS"] != "* @"+r.Owner+"/maintainers\n" {
				t.Fatalf("branch files %q", got)
			}
			if states, _ := f.pulls(r); !slices.Equal(states, []string{open(f)}) {
				t.Fatalf("requests %v", states)
			}

			p, _, w = pr.run("", failing, true, nil)
			check(p, r, Unchanged, false, 0)
			if w != 0 {
				t.Fatalf("unchanged run wrote %d times", w)
			}

			p, _, _ = pr.run(" v2", failing, true, nil)
			check(p, r, Update, true, 2)
			if got := f.branchFiles(r)["docs/SECURITY.md"]; !strings.HasSuffix(got, "v2\n") {
				t.Fatalf("branch not updated: %q", got)
			}

			// The commit lands but its answer is lost: the next run edits the request
			// without committing again.
			pr.lose = "commit"
			p, _, _ = pr.run(" v3", failing, true, nil)
			if st := stepOf(p, r); st.Outcome != Error {
				t.Fatalf("lost commit answer: %+v", st)
			}
			p, _, _ = pr.run(" v3", failing, true, nil)
			check(p, r, Update, false, 1)
			p, _, w = pr.run(" v3", failing, true, nil)
			if check(p, r, Unchanged, false, 0); w != 0 {
				t.Fatalf("%d writes after the lost answer was made good", w)
			}

			// Fixed by hand: the request is closed with a comment, once.
			p, _, _ = pr.run(" v3", only(), true, nil)
			check(p, r, Close, false, 2)
			p, _, w = pr.run(" v3", only(), true, nil)
			if check(p, r, Unchanged, false, 0); w != 0 {
				t.Fatalf("%d writes after close", w)
			}
			// Missing again: a new request from the branch repogov left (its commit reused),
			// the lost answer of the creation found by the next run.
			pr.lose = "pull"
			pr.run(" v3", failing, true, nil)
			p, _, _ = pr.run(" v3", failing, true, nil)
			check(p, r, Unchanged, false, 0)
			if states, _ := f.pulls(r); !slices.Equal(states, []string{open(f), "closed"}) {
				t.Fatalf("requests after re-creation %v (a lost answer must not open two)", states)
			}

			// Someone else pushes to the branch: a template change is a comment, once.
			f.pushForeign(r)
			p, _, _ = pr.run(" v4", failing, true, nil)
			check(p, r, CommentOnly, false, 1)
			p, _, w = pr.run(" v4", failing, true, nil)
			if check(p, r, CommentOnly, false, 0); w != 0 {
				t.Fatalf("comment repeated: %d writes", w)
			}
			if _, n := f.pulls(r); n != 2 {
				t.Fatalf("%d comments, want the close comment and one update comment", n)
			}

			// A person closes it: declined, never reopened.
			st = stepOf(p, r)
			f.setPullState(r, st.Pull, "closed")
			p, _, w = pr.run(" v4", failing, true, nil)
			if check(p, r, Declined, false, 0); w != 0 {
				t.Fatalf("declined request written to: %d", w)
			}

			// The second repository's request is merged: nothing more.
			st = stepOf(p, r2)
			f.setPullState(r2, st.Pull, "merged")
			p, _, _ = pr.run(" v4", failing, true, nil)
			check(p, r2, Merged, false, 0)
		})
	}
}

// open is the state name of an open request in the fake's own terms.
func open(f pullFake) string {
	if _, ok := f.(glPullFake); ok {
		return "opened"
	}
	return "open"
}

// TestPullSafety: files present on the default branch since the scan are never
// replaced; a branch with others' commits is not taken over; a missing permission is
// named once; opted-out and archived repositories are skipped; --max-writes defers and
// the next run continues without a second commit; every write request is paced.
func TestPullSafety(t *testing.T) {
	for name, mk := range pullFakes(t, 60) {
		t.Run(name, func(t *testing.T) {
			f := mk()
			clk := &clock{now: now}
			pr := &pullRun{t: t, f: f, clk: clk}
			rs := f.repos()
			all := func(string) []string { return []string{"security-policy", "codeowners"} }

			// docs/SECURITY.md appears on the default branch after the scan; the foreign
			// branch exists before repogov's.
			f.pushForeign(rs[1])
			f.deny(rs[2])
			f.deny(rs[3])
			optOut := func(o *PullOptions) { o.OptOut = map[string]bool{strings.ToLower(rs[4].String()): true} }
			p, _, _ := pr.run("", all, false, optOut)
			if st := stepOf(p, rs[1]); st.Action != Skip || !strings.Contains(st.Reason, "commits by others") {
				t.Fatalf("foreign branch: %+v", st)
			}
			if st := stepOf(p, rs[4]); st.Action != Skip || st.Reason != "opted out" {
				t.Fatalf("opt-out: %+v", st)
			}
			if n, want := p.Count(Skip), 2+len(p.Steps)-len(rs); n != want { // rs[1], rs[4] and the archived ones
				t.Fatalf("%d skipped, want %d", n, want)
			}
			clk.slept = 0
			p, _, w := pr.run("", all, true, func(o *PullOptions) { optOut(o); o.MaxWrites = 7 })
			done, deferred := 0, 0
			for _, st := range p.Steps {
				switch st.Outcome {
				case Done:
					if st.Action == Create {
						done++
					}
				case Deferred:
					deferred++
				}
			}
			if st := stepOf(p, rs[2]); st.Outcome != Error || st.Reason != "missing permission "+f.missingPermission() {
				t.Fatalf("denied: %+v", st)
			}
			if !slices.Equal(p.MissingPermissions, []string{f.missingPermission()}) {
				t.Fatalf("missing permissions %q, want one", p.MissingPermissions)
			}
			// rs[0] 2 writes, rs[2] and rs[3] 1 failed each, rs[5] 2, rs[6] commit then deferred.
			if done != 2 || deferred == 0 {
				t.Fatalf("max-writes: %d created, %d deferred", done, deferred)
			}
			if want := time.Duration(w-1) * time.Second; clk.slept != want {
				t.Fatalf("slept %v for %d write requests, want %v (every write a second apart)", clk.slept, w, want)
			}
			p, _, _ = pr.run("", all, false, optOut)
			if st := stepOf(p, rs[6]); st.Action != Create || st.Commit {
				t.Fatalf("deferred repository: %+v, want a request on the commit already pushed", st)
			}
		})
	}
}

// TestPullExistingSinceScan: the report says a file is missing, the default branch has
// it now: nothing is proposed.
func TestPullExistingSinceScan(t *testing.T) {
	for name, mk := range pullFakes(t, 1) {
		t.Run(name, func(t *testing.T) {
			f := mk()
			pol := loadPolicy(t, "templates:\n  license-file: {file: LICENSE, text: \"mine\\n\"}\n", nil)
			rep := f.report(func(string) []string { return []string{"license-file"} })
			hosts := map[string]PullHost{strings.ToLower(rep.Repos[0].Meta.Host): f.host()}
			p, err := PlanPulls(context.Background(), hosts, rep, NewFiles(pol, nil, now), PullOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if st := p.Steps[0]; st.Action != Unchanged || !strings.Contains(st.Reason, "exist on") {
				t.Fatalf("%+v", st)
			}
		})
	}
}

// TestPullThousand: 1,000 repositories, run twice; the second run reads one request
// list per repository and writes nothing.
func TestPullThousand(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 repositories")
	}
	for name, mk := range pullFakes(t, 1000) {
		t.Run(name, func(t *testing.T) {
			f := mk()
			pr := &pullRun{t: t, f: f, clk: &clock{now: now}}
			all := func(string) []string { return []string{"security-policy", "codeowners"} }
			p, req1, w1 := pr.run("", all, true, nil)
			n := p.Count(Create)
			if n != len(f.repos()) {
				t.Fatalf("%d created of %d", n, len(f.repos()))
			}
			p, req2, w2 := pr.run("", all, true, nil)
			if w2 != 0 || p.Count(Unchanged) != n || req2 != int64(n) {
				t.Fatalf("second run: %d writes, %d unchanged, %d requests (want 0, %d, %d)", w2, p.Count(Unchanged), req2, n, n)
			}
			t.Logf("%s: %d repositories; first run %d requests (%d writes), second run %d requests (0 writes)", name, n, req1, w1, req2)
		})
	}
}

// TestPullInterrupted stops a run after the first write of every transition (create,
// update, close, create again: each takes two) and checks that the next run finishes the work,
// a third writes nothing, and the end state is the uninterrupted one: the same requests
// in the same states, the same comments, the same files on the branch.
func TestPullInterrupted(t *testing.T) {
	type stage struct {
		version string
		fails   []string
	}
	stages := []stage{{"", []string{"security-policy"}}, {" v2", []string{"security-policy", "codeowners"}}, {" v2", nil}, {" v3", []string{"codeowners"}}}
	type end struct {
		states   []string
		comments int
		files    map[string]string
	}
	walk := func(t *testing.T, mk func() pullFake, stop int) end {
		f := mk()
		pr := &pullRun{t: t, f: f, clk: &clock{now: now}}
		r := f.repos()[0]
		for i, s := range stages {
			fails := func(n string) []string {
				if n == r.Name {
					return s.fails
				}
				return nil
			}
			if i == stop {
				p, _, _ := pr.run(s.version, fails, true, func(o *PullOptions) { o.MaxWrites = 1 })
				if st := stepOf(p, r); st.Writes != 1 || st.Outcome != Deferred {
					t.Fatalf("stage %d: not stopped after one write: %+v", i, st)
				}
			}
			pr.run(s.version, fails, true, nil)
			if p, _, w := pr.run(s.version, fails, true, nil); w != 0 {
				t.Fatalf("stage %d: a third run wrote %d times: %+v", i, w, stepOf(p, r))
			}
		}
		var e end
		e.states, e.comments = f.pulls(r)
		e.files = f.branchFiles(r)
		return e
	}
	for name, mk := range pullFakes(t, 1) {
		t.Run(name, func(t *testing.T) {
			want := walk(t, mk, -1)
			if len(want.states) != 2 {
				t.Fatalf("reference walk: requests %v", want.states)
			}
			for stop := range stages {
				t.Run(fmt.Sprintf("stage%d", stop), func(t *testing.T) {
					got := walk(t, mk, stop)
					if !slices.Equal(got.states, want.states) || got.comments != want.comments || fmt.Sprint(got.files) != fmt.Sprint(want.files) {
						t.Errorf("end state %+v, want %+v", got, want)
					}
				})
			}
		})
	}
}
