package remediate

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/gitlabtest"
	"github.com/repogov/repogov/report"
	glsrc "github.com/repogov/repogov/scanner/gitlab"
)

const glToken = "glpat-remediateTESTtoken0123"

// glEnv is a fake GitLab with n synthetic projects in gov/team-00 … gov/team-03 and the
// user alice (CODEOWNERS' default owner in glReport).
type glEnv struct {
	t    *testing.T
	srv  *gitlabtest.Server
	host *GitLab
	clk  *clock
}

func newGLEnv(t *testing.T, n int, scopes ...string) *glEnv {
	t.Helper()
	store := gitlabtest.NewStore()
	gitlabtest.Synthetic(store, "gov", n, 4)
	gitlabtest.User(store, "alice")
	if scopes == nil {
		scopes = []string{"api"}
	}
	srv := gitlabtest.Start(t, store, gitlabtest.Options{Token: glToken, Scopes: scopes, RetryAfter: -1})
	src, err := glsrc.New(glsrc.Options{BaseURL: srv.BaseURL(), Token: glToken,
		Retry: glsrc.Retry{Attempts: 4, Base: time.Millisecond, Max: time.Millisecond, Secondary: time.Millisecond, Timeout: 10 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	return &glEnv{t: t, srv: srv, host: &GitLab{Client: src.REST()}, clk: &clock{now: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}}
}

// glReport builds a report over every project of the fake where fails(path) lists the
// failing rule ids of each (the others pass), as a GitLab scan stores it.
func (e *glEnv) report(fails func(name string) []string) *report.Report {
	rep := &report.Report{Policy: report.Policy{Name: "acme", Digest: "sha256:0123"}, Rules: testRules}
	for _, o := range e.srv.Store.Orgs {
		if o.User {
			continue
		}
		for _, r := range o.Repos {
			rr := report.Repository{Meta: report.Meta{Host: "127.0.0.1", Forge: "gitlab", Owner: o.Login, Name: r.Name, FullName: o.Login + "/" + r.Name, Archived: r.Archived}}
			f := fails(r.Name)
			for _, ru := range testRules {
				res := report.Result{RuleID: ru.ID, Status: report.Pass, Severity: ru.Severity}
				if slices.Contains(f, ru.ID) {
					res.Status, res.Message, res.Remediation = report.Fail, ru.ID+" is missing", "Add the file."
				}
				if ru.ID == "codeowners" {
					res.Facts = map[string]any{"default-owners": []any{"@" + o.Login + "/maintainers", "@alice"}}
				}
				rr.Results = append(rr.Results, res)
			}
			rep.Repos = append(rep.Repos, rr)
		}
	}
	return rep
}

func (e *glEnv) opts() IssueOptions {
	return IssueOptions{Host: "127.0.0.1", Assign: true, Pacer: e.clk.pacer()}
}

func (e *glEnv) run(rep *report.Report, apply bool, mod func(*IssueOptions)) (*Plan, gitlabtest.Stats) {
	e.t.Helper()
	e.srv.ResetStats()
	o := e.opts()
	if mod != nil {
		mod(&o)
	}
	ctx := context.Background()
	p, err := PlanIssues(ctx, e.host, rep, o)
	if err != nil {
		e.t.Fatal(err)
	}
	if apply {
		if err := ApplyIssues(ctx, e.host, p, o); err != nil {
			e.t.Fatal(err)
		}
	}
	return p, e.srv.Stats()
}

const glProject = "gov/team-00/project-00000"

// TestGitLabLifecycle walks one project through every transition against the fake
// GitLab: create (label created, assignee resolved to a user id), unchanged, update with
// a note, update without, close (note, then state_event=close), reopen.
func TestGitLabLifecycle(t *testing.T) {
	e := newGLEnv(t, 3)
	issue := func() gitlabtest.Issue {
		t.Helper()
		is := e.srv.Issues(glProject)
		if len(is) != 1 {
			t.Fatalf("%d issues, want exactly 1: %+v", len(is), is)
		}
		return is[0]
	}
	steps := []struct {
		name     string
		fails    []string
		want     map[string]string
		state    string
		comments int
		writes   int64
		check    func(gitlabtest.Issue)
	}{
		{"create", []string{"license-file"}, map[string]string{glProject: "create"}, "opened", 0, 2, func(is gitlabtest.Issue) {
			if is.Title != "Governance: 1 check failing" || !slices.Equal(is.Labels, []string{"repogov"}) || !slices.Equal(is.Assignees, []string{"alice"}) {
				t.Errorf("created %q labels %v assignees %v", is.Title, is.Labels, is.Assignees)
			}
			if !strings.Contains(is.Description, issueMarker+" policy=sha256:0123 rules=license-file -->") {
				t.Errorf("description lacks the marker:\n%s", is.Description)
			}
			if got := e.srv.Labels(glProject); !slices.Equal(got, []string{"repogov"}) {
				t.Errorf("labels %v", got)
			}
		}},
		{"unchanged", []string{"license-file"}, map[string]string{}, "opened", 0, 0, nil},
		{"new failure", []string{"license-file", "security-policy"}, map[string]string{glProject: "update"}, "opened", 1, 2, func(is gitlabtest.Issue) {
			if is.Title != "Governance: 2 checks failing" || !strings.HasPrefix(is.Comments()[0], "Newly failing: `security-policy`.") {
				t.Errorf("title %q notes %q", is.Title, is.Comments())
			}
		}},
		{"one fixed", []string{"security-policy"}, map[string]string{glProject: "update"}, "opened", 1, 1, nil},
		{"below fail-on only", []string{"security-policy", "code-of-conduct"}, map[string]string{}, "opened", 1, 0, nil},
		{"all fixed", nil, map[string]string{glProject: "close"}, "closed", 2, 2, func(is gitlabtest.Issue) {
			if !strings.HasPrefix(is.Comments()[1], "All governance checks pass now") {
				t.Errorf("note %q", is.Comments()[1])
			}
		}},
		{"still fixed", nil, map[string]string{}, "closed", 2, 0, nil},
		{"regressed", []string{"codeowners"}, map[string]string{glProject: "reopen"}, "opened", 3, 2, func(is gitlabtest.Issue) {
			if !strings.HasPrefix(is.Comments()[2], "Failing again: `codeowners`.") || !strings.Contains(is.Description, "rules=codeowners") {
				t.Errorf("note %q description %q", is.Comments()[2], is.Description)
			}
		}},
		{"stable", []string{"codeowners"}, map[string]string{}, "opened", 3, 0, nil},
	}
	for _, s := range steps {
		p, st := e.run(e.report(only("project-00000", s.fails...)), true, nil)
		if d := cmp.Diff(s.want, actions(p)); d != "" {
			t.Errorf("%s: actions (-want +got):\n%s", s.name, d)
		}
		is := issue()
		if is.State != s.state || len(is.Comments()) != s.comments || st.Writes != s.writes {
			t.Errorf("%s: state %s notes %d writes %d, want %s %d %d", s.name, is.State, len(is.Comments()), st.Writes, s.state, s.comments, s.writes)
		}
		if s.check != nil {
			s.check(is)
		}
	}
	// GitLab's system notes ("closed", "changed the description") are not comments: the
	// planner never mistakes them for its own.
	if n := len(issue().Notes); n <= 3 {
		t.Errorf("%d notes in all; the fake adds system notes", n)
	}
}

// TestGitLabSkips: issues disabled, archived, a role too low (403) and a token without
// the api scope are each reported by name; one project never stops the others.
func TestGitLabSkips(t *testing.T) {
	e := newGLEnv(t, 60) // project-00049 is archived
	for _, o := range e.srv.Store.Orgs {
		for _, r := range o.Repos {
			if r.Name == "project-00001" {
				r.IssuesDisabled = true
			}
		}
	}
	e.srv.DenyWrites("gov/team-02/project-00002")
	e.srv.DenyWrites("gov/team-03/project-00003")
	failing := []string{"project-00001", "project-00002", "project-00003", "project-00004", "project-00049"}
	rep := e.report(func(n string) []string {
		if slices.Contains(failing, n) {
			return []string{"license-file"}
		}
		return nil
	})
	rep.Repos = append(rep.Repos, report.Repository{Meta: report.Meta{Host: "github.com", Forge: "github", Owner: "acme", Name: "x", FullName: "acme/x"}})
	p, _ := e.run(rep, true, nil)
	want := map[string]string{
		"gov/team-01/project-00001": "skip: issues disabled", "gov/team-02/project-00002": "create: missing permission Reporter role",
		"gov/team-03/project-00003": "create: missing permission Reporter role", "gov/team-00/project-00004": "create",
		"gov/team-01/project-00049": "skip: archived", "acme/x": "skip: hosted on github.com",
	}
	if d := cmp.Diff(want, actions(p)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if !slices.Equal(p.MissingPermissions, []string{"Reporter role"}) {
		t.Errorf("missing permissions %v, want the role once", p.MissingPermissions)
	}
	if len(e.srv.Issues("gov/team-00/project-00004")) != 1 {
		t.Errorf("a denied project stopped the others")
	}

	// A token with read_api only: the plan reads, every write is refused for the scope.
	ro := newGLEnv(t, 2, "read_api")
	p, _ = ro.run(ro.report(func(string) []string { return []string{"license-file"} }), true, nil)
	if d := cmp.Diff(map[string]string{"gov/team-00/project-00000": "create: missing permission api scope",
		"gov/team-01/project-00001": "create: missing permission api scope"}, actions(p)); d != "" || !slices.Equal(p.MissingPermissions, []string{"api scope"}) {
		t.Errorf("read_api token: %v %v", d, p.MissingPermissions)
	}
}

// glSteps are the transitions TestGitLabFaults interrupts: create, update with a note,
// close, reopen.
var glSteps = [][]string{{"license-file"}, {"license-file", "security-policy"}, nil, {"codeowners"}}

// TestGitLabFaults: every request of every transition in turn fails with each kind of
// fault (a lost answer after GitLab wrote, a reset, a 5xx, an endpoint 429); the next
// run converges to the state of an uninterrupted run — one issue,
// the same notes — and the run after it writes nothing.
func TestGitLabFaults(t *testing.T) {
	ref := newGLEnv(t, 1)
	var perStage []int64
	for _, f := range glSteps {
		_, st := ref.run(ref.report(only("project-00000", f...)), true, nil)
		perStage = append(perStage, st.Requests)
	}
	want := ref.srv.Issues(glProject)[0]
	faults := []gitlabtest.Fault{gitlabtest.FaultTruncated, gitlabtest.FaultReset, gitlabtest.Fault502, gitlabtest.Fault429App}
	for stage := range glSteps {
		for k := int64(1); k <= perStage[stage]; k++ {
			for _, fault := range faults {
				t.Run(fmt.Sprintf("stage%d-request%d-%s", stage, k, fault), func(t *testing.T) {
					e := newGLEnv(t, 1)
					for i, f := range glSteps {
						rep := e.report(only("project-00000", f...))
						if i == stage {
							e.srv.ResetStats()
							e.srv.InjectAt(k, fault)
							o := e.opts()
							if p, err := PlanIssues(context.Background(), e.host, rep, o); err == nil {
								ApplyIssues(context.Background(), e.host, p, o)
							}
							e.srv.ClearFaults()
						}
						e.run(rep, true, nil)
						if p, st := e.run(rep, true, nil); st.Writes != 0 {
							t.Fatalf("stage %d: a third run wrote %d times: %v", i, st.Writes, actions(p))
						}
					}
					is := e.srv.Issues(glProject)
					if len(is) != 1 {
						t.Fatalf("%d issues", len(is))
					}
					if got := is[0]; got.Description != want.Description || got.State != want.State || !slices.Equal(got.Comments(), want.Comments()) {
						t.Errorf("state %s, notes %q; want %s, %q", got.State, got.Comments(), want.State, want.Comments())
					}
				})
			}
		}
	}
}

// TestGitLabLostAnswer: GitLab creates the issue but the answer is cut short. The create
// is not retried (that would open a second issue); the next run finds it by marker.
func TestGitLabLostAnswer(t *testing.T) {
	e := newGLEnv(t, 1)
	rep := e.report(only("project-00000", "license-file"))
	// Plan: 1 list issues, 2 project (issues on?). Apply: 1 get label, 2 create label,
	// 3 user lookup, 4 create issue.
	p, st := e.run(rep, false, nil)
	if st.Requests != 2 || p.Steps[0].Action != Create {
		t.Fatalf("plan: %d requests, %v", st.Requests, actions(p))
	}
	e.srv.ResetStats()
	e.srv.InjectAt(4, gitlabtest.FaultTruncated) // requests renumbered from 1: 4 is the create
	o := e.opts()
	if err := ApplyIssues(context.Background(), e.host, p, o); err != nil {
		t.Fatal(err)
	}
	e.srv.ClearFaults()
	if s := p.Steps[0]; s.Outcome != Error || !strings.Contains(s.Reason, "not retried") {
		t.Errorf("step %+v", s)
	}
	if n := len(e.srv.Issues(glProject)); n != 1 {
		t.Fatalf("%d issues after a lost answer, want 1", n)
	}
	p2, st2 := e.run(rep, true, nil)
	if st2.Writes != 0 || p2.Steps[0].Action != Unchanged {
		t.Errorf("next run: %v, %d writes", actions(p2), st2.Writes)
	}
}

// TestGitLabManyProjects: run twice over 1,000 projects; the second run only reads.
func TestGitLabManyProjects(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 projects")
	}
	e := newGLEnv(t, 1000)
	rep := e.report(func(n string) []string {
		var i int
		fmt.Sscanf(n, "project-%d", &i)
		switch i % 4 {
		case 0:
			return []string{"license-file"}
		case 1:
			return []string{"security-policy", "codeowners"}
		}
		return nil
	})
	active, failingRepos := 0, 0
	for _, rr := range rep.Repos {
		if !rr.Meta.Archived {
			active++
			if len(failing(rr, report.Error)) > 0 {
				failingRepos++
			}
		}
	}
	p1, st1 := e.run(rep, true, nil)
	p2, st2 := e.run(rep, true, nil)
	t.Logf("1,000 projects, %d active, %d failing: first run %d requests (%d writes); second run %d requests (%d writes)",
		active, failingRepos, st1.REST, st1.Writes, st2.REST, st2.Writes)
	if p1.Count(Create) != failingRepos || p2.Count(Create)+p2.Count(Update) != 0 {
		t.Errorf("first run %d creates, second %d creates/updates", p1.Count(Create), p2.Count(Create)+p2.Count(Update))
	}
	// First run: per active project, the issue list and (none found) the project; per
	// failing one also the label read, label create, the user lookup (@alice) and the
	// issue. Second run: a list per active project, and the project for those
	// without an issue.
	passing := active - failingRepos
	if st1.Writes != int64(2*failingRepos) || st1.REST != int64(2*active+4*failingRepos) {
		t.Errorf("first run: %d requests, %d writes", st1.REST, st1.Writes)
	}
	if st2.Writes != 0 || st2.REST != int64(active+passing) {
		t.Errorf("second run: %d requests, %d writes; want %d reads only", st2.REST, st2.Writes, active+passing)
	}
}
