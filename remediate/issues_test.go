package remediate

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/githubtest"
	"github.com/repogov/repogov/report"
	ghsrc "github.com/repogov/repogov/scanner/github"
)

const token = "ghp_remediateTESTtoken0123456789"

var testRules = []report.Rule{
	{ID: "license-file", Title: "Repository has a licence", HelpURL: report.DocsURL + "#license-file", Severity: report.Error},
	{ID: "security-policy", Title: "Repository has a security policy", HelpURL: report.DocsURL + "#security-policy", Severity: report.Error},
	{ID: "code-of-conduct", Title: "Repository has a code of conduct", HelpURL: report.DocsURL + "#code-of-conduct", Severity: report.Warning},
	{ID: "codeowners", Title: "Repository has CODEOWNERS", HelpURL: report.DocsURL + "#codeowners", Severity: report.Error},
}

// reportOf builds a report over org's repositories where fails(name) lists the failing
// rule ids of each (every other rule passes).
func reportOf(org *githubtest.Org, fails func(name string) []string) *report.Report {
	rep := &report.Report{Policy: report.Policy{Name: "acme", Digest: "sha256:0123"}, Rules: testRules}
	for _, r := range org.Repos {
		if r.Name == ".github" {
			continue
		}
		rr := report.Repository{Meta: report.Meta{Host: "github.com", Owner: org.Login, Name: r.Name, FullName: org.Login + "/" + r.Name, Archived: r.Archived}}
		f := fails(r.Name)
		for _, ru := range testRules {
			res := report.Result{RuleID: ru.ID, Status: report.Pass, Severity: ru.Severity}
			if slices.Contains(f, ru.ID) {
				res.Status, res.Message, res.Remediation = report.Fail, ru.ID+" is missing", "Add the file."
			}
			if ru.ID == "codeowners" {
				res.Facts = map[string]any{"default-owners": []any{"@" + org.Login + "/team", "@alice"}}
			}
			rr.Results = append(rr.Results, res)
		}
		rep.Repos = append(rep.Repos, rr)
	}
	return rep
}

// clock is the injected clock of the pacer: sleeping advances it, nothing really waits.
type clock struct {
	now   time.Time
	slept time.Duration
}

func (c *clock) pacer() *Pacer {
	return &Pacer{Now: func() time.Time { return c.now }, Sleep: func(_ context.Context, d time.Duration) error {
		c.now = c.now.Add(d)
		c.slept += d
		return nil
	}}
}

type env struct {
	t    *testing.T
	srv  *githubtest.Server
	host IssueHost
	org  *githubtest.Org
	clk  *clock
}

func newEnv(t *testing.T, n int) *env {
	t.Helper()
	store := githubtest.NewStore()
	org := githubtest.Synthetic(store, "acme", n)
	srv := githubtest.Start(t, store, githubtest.Options{Token: token, RetryAfter: -1})
	src, err := ghsrc.New(ghsrc.Options{APIURL: srv.URL + "/", Token: token, Retry: ghsrc.Retry{Base: time.Millisecond, Max: time.Millisecond, Secondary: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, srv: srv, host: &GitHub{Client: src.REST}, org: org, clk: &clock{now: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}}
}

func (e *env) opts() IssueOptions {
	return IssueOptions{Host: "github.com", Assign: true, Pacer: e.clk.pacer(), PolicyURL: "https://github.com/acme/.github/blob/main/.repogov.yml"}
}

// run plans and applies rep, returning the plan and the requests it cost.
func (e *env) run(rep *report.Report, apply bool, mod func(*IssueOptions)) (*Plan, githubtest.Stats) {
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

func actions(p *Plan) map[string]string {
	m := map[string]string{}
	for _, s := range p.Steps {
		if s.Action != Unchanged {
			m[s.Repo] = string(s.Action)
			if s.Reason != "" {
				m[s.Repo] += ": " + s.Reason
			}
		}
	}
	return m
}

func only(name string, ids ...string) func(string) []string {
	return func(n string) []string {
		if n == name {
			return ids
		}
		return nil
	}
}

// TestLifecycle walks one repository through every transition against the fake GitHub.
func TestLifecycle(t *testing.T) {
	e := newEnv(t, 3)
	const r = "acme/repo-00001"
	issue := func() githubtest.Issue {
		t.Helper()
		is := e.srv.Issues("acme", "repo-00001")
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
		check    func(githubtest.Issue)
	}{
		{"create", []string{"license-file"}, map[string]string{r: "create"}, "open", 0, 2, func(is githubtest.Issue) {
			if is.Title != "Governance: 1 check failing" || !slices.Equal(is.Labels, []string{"repogov"}) || !slices.Equal(is.Assignees, []string{"alice"}) {
				t.Errorf("created %q labels %v assignees %v", is.Title, is.Labels, is.Assignees)
			}
			for _, want := range []string{issueMarker + " policy=sha256:0123 rules=license-file -->", "- [ ] **Repository has a licence** (`license-file`, error): license-file is missing", "  - Fix: Add the file.", report.DocsURL + "#license-file", "(https://github.com/acme/.github/blob/main/.repogov.yml)"} {
				if !strings.Contains(is.Body, want) {
					t.Errorf("body lacks %q:\n%s", want, is.Body)
				}
			}
			if got := e.srv.Labels("acme", "repo-00001"); !slices.Equal(got, []string{"repogov"}) {
				t.Errorf("labels %v", got)
			}
		}},
		{"unchanged", []string{"license-file"}, map[string]string{}, "open", 0, 0, nil},
		{"new failure", []string{"license-file", "security-policy"}, map[string]string{r: "update"}, "open", 1, 2, func(is githubtest.Issue) {
			if is.Title != "Governance: 2 checks failing" || !strings.HasPrefix(is.Comments[0].Body, "Newly failing: `security-policy`.") {
				t.Errorf("title %q comment %q", is.Title, is.Comments[0].Body)
			}
		}},
		{"one fixed", []string{"security-policy"}, map[string]string{r: "update"}, "open", 1, 1, nil},
		{"below fail-on only", []string{"security-policy", "code-of-conduct"}, map[string]string{}, "open", 1, 0, nil},
		{"all fixed", nil, map[string]string{r: "close"}, "closed", 2, 2, func(is githubtest.Issue) {
			if !strings.HasPrefix(is.Comments[1].Body, "All governance checks pass now") {
				t.Errorf("comment %q", is.Comments[1].Body)
			}
		}},
		{"still fixed", nil, map[string]string{}, "closed", 2, 0, nil},
		{"regressed", []string{"codeowners"}, map[string]string{r: "reopen"}, "open", 3, 2, func(is githubtest.Issue) {
			if !strings.HasPrefix(is.Comments[2].Body, "Failing again: `codeowners`.") || !strings.Contains(is.Body, "rules=codeowners") {
				t.Errorf("comment %q body %q", is.Comments[2].Body, is.Body)
			}
		}},
		{"stable", []string{"codeowners"}, map[string]string{}, "open", 3, 0, nil},
	}
	for _, s := range steps {
		p, st := e.run(reportOf(e.org, only("repo-00001", s.fails...)), true, nil)
		if d := cmp.Diff(s.want, actions(p)); d != "" {
			t.Errorf("%s: actions (-want +got):\n%s", s.name, d)
		}
		is := issue()
		if is.State != s.state || len(is.Comments) != s.comments || st.Writes != s.writes {
			t.Errorf("%s: state %s comments %d writes %d, want %s %d %d", s.name, is.State, len(is.Comments), st.Writes, s.state, s.comments, s.writes)
		}
		if s.check != nil {
			s.check(is)
		}
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	e := newEnv(t, 5)
	p, st := e.run(reportOf(e.org, func(string) []string { return []string{"license-file"} }), false, nil)
	if st.Writes != 0 || p.Count(Create) != 5 {
		t.Fatalf("dry run: %d writes, %d creates", st.Writes, p.Count(Create))
	}
	for _, s := range p.Steps {
		if s.Outcome != Planned {
			t.Errorf("%s: outcome %s", s.Repo, s.Outcome)
		}
	}
}

func TestSkips(t *testing.T) {
	e := newEnv(t, 50)                                      // repo-00049 is archived
	e.srv.Store.Orgs["acme"].Repos[2].IssuesDisabled = true // repo-00001 (.github sorts first)
	e.srv.DenyWrites("acme", "repo-00002")
	e.srv.DenyWrites("acme", "repo-00003")
	rep := reportOf(e.org, func(n string) []string {
		if slices.Contains([]string{"repo-00001", "repo-00002", "repo-00003", "repo-00004", "repo-00049"}, n) {
			return []string{"license-file"}
		}
		return nil
	})
	rep.Repos = append(rep.Repos, report.Repository{Meta: report.Meta{Name: "local", FullName: "./local"}},
		report.Repository{Meta: report.Meta{Host: "github.com", Owner: "acme", Name: "broken", FullName: "acme/broken"}, Error: "HTTP 502"})
	p, _ := e.run(rep, true, func(o *IssueOptions) { o.OptOut = map[string]bool{"acme/repo-00005": true} })
	want := map[string]string{
		"acme/repo-00001": "skip: issues disabled", "acme/repo-00002": "create: missing permission issues: write",
		"acme/repo-00003": "create: missing permission issues: write", "acme/repo-00004": "create",
		"acme/repo-00049": "skip: archived", "./local": "skip: not a hosted repository", "acme/broken": "skip: not scanned: HTTP 502",
		"acme/repo-00005": "skip: opted out",
	}
	if d := cmp.Diff(want, actions(p)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if !slices.Equal(p.MissingPermissions, []string{"issues: write"}) {
		t.Errorf("missing permissions %v, want it once", p.MissingPermissions)
	}
	if len(e.srv.Issues("acme", "repo-00004")) != 1 {
		t.Errorf("a denied repository stopped the others")
	}
}

func TestMaxWritesAndPacing(t *testing.T) {
	e := newEnv(t, 10)
	rep := reportOf(e.org, func(string) []string { return []string{"license-file"} })
	p, st := e.run(rep, true, func(o *IssueOptions) { o.MaxWrites = 7 })
	if st.Writes != 7 {
		t.Errorf("%d writes, want 7", st.Writes)
	}
	deferred := 0
	for _, s := range p.Steps {
		if s.Outcome == Deferred {
			deferred++
		}
	}
	if deferred != 7 { // 3 repositories done (2 writes each), the 4th created its label, 6 untouched
		t.Errorf("%d deferred, want 7", deferred)
	}
	// Writes are at least a second apart: 7 writes, 6 gaps (reads in between cost no clock).
	if e.clk.slept < 6*time.Second {
		t.Errorf("slept %v for 7 writes", e.clk.slept)
	}
	// The next run finishes the job without a duplicate.
	e.run(rep, true, nil)
	for _, r := range e.org.Repos[1:] {
		if n := len(e.srv.Issues("acme", r.Name)); n != 1 {
			t.Errorf("%s: %d issues", r.Name, n)
		}
	}
}

// faultHost performs the first n writes and then "dies": every later write fails
// without reaching the host, as when the process is killed.
type faultHost struct {
	IssueHost
	n int
}

var errKilled = errors.New("killed")

func (f *faultHost) write() bool { f.n--; return f.n >= 0 }

func (f *faultHost) EnsureLabel(ctx context.Context, r Repo, l, c, d string) (bool, error) {
	if f.n <= 0 {
		return false, errKilled
	}
	w, err := f.IssueHost.EnsureLabel(ctx, r, l, c, d)
	if w {
		f.n--
	}
	return w, err
}
func (f *faultHost) CreateIssue(ctx context.Context, r Repo, t, b string, l, a []string) (Issue, error) {
	if !f.write() {
		return Issue{}, errKilled
	}
	is, err := f.IssueHost.CreateIssue(ctx, r, t, b, l, a)
	if err == nil {
		err = errKilled // created, but the run died before it could record anything
	}
	return is, err
}
func (f *faultHost) EditIssue(ctx context.Context, r Repo, n int, e IssueEdit) error {
	if !f.write() {
		return errKilled
	}
	return f.IssueHost.EditIssue(ctx, r, n, e)
}
func (f *faultHost) Comment(ctx context.Context, r Repo, n int, b string) error {
	if !f.write() {
		return errKilled
	}
	return f.IssueHost.Comment(ctx, r, n, b)
}

// TestFaults kills a run after every possible number of writes at every transition; the
// next run converges to the state of an uninterrupted run: one issue, no duplicate
// comment.
func TestFaults(t *testing.T) {
	stages := [][]string{{"license-file"}, {"license-file", "security-policy"}, nil, {"codeowners"}}
	final := func(e *env) githubtest.Issue { return e.srv.Issues("acme", "repo-00000")[0] }
	// The uninterrupted run.
	ref := newEnv(t, 1)
	for _, f := range stages {
		ref.run(reportOf(ref.org, only("repo-00000", f...)), true, nil)
	}
	want := final(ref)
	for stage := range stages {
		for k := 0; k < 3; k++ {
			t.Run(fmt.Sprintf("stage%d-after%d", stage, k), func(t *testing.T) {
				e := newEnv(t, 1)
				for i, f := range stages {
					rep := reportOf(e.org, only("repo-00000", f...))
					if i == stage {
						o := e.opts()
						p, err := PlanIssues(context.Background(), e.host, rep, o)
						if err != nil {
							t.Fatal(err)
						}
						ApplyIssues(context.Background(), &faultHost{e.host, k}, p, o)
					}
					e.run(rep, true, nil)
					if p, st := e.run(rep, true, nil); st.Writes != 0 {
						t.Fatalf("stage %d: a third run wrote %d times: %v", i, st.Writes, actions(p))
					}
				}
				is := e.srv.Issues("acme", "repo-00000")
				if len(is) != 1 {
					t.Fatalf("%d issues", len(is))
				}
				got := is[0]
				if got.Body != want.Body || got.State != want.State || len(got.Comments) != len(want.Comments) {
					t.Errorf("state %s, %d comments; want %s, %d", got.State, len(got.Comments), want.State, len(want.Comments))
				}
			})
		}
	}
}

// TestHTTPFaults: a server error or a secondary rate limit on a write is retried by the
// transport and the run completes.
func TestHTTPFaults(t *testing.T) {
	e := newEnv(t, 2)
	e.srv.InjectPath("/issues", githubtest.Fault502, 1)
	e.srv.InjectPath("/labels", githubtest.FaultSecondary403, 1)
	rep := reportOf(e.org, func(string) []string { return []string{"license-file"} })
	p, _ := e.run(rep, true, nil)
	if d := cmp.Diff(map[string]string{"acme/repo-00000": "create", "acme/repo-00001": "create"}, actions(p)); d != "" {
		t.Fatal(d)
	}
	for _, s := range p.Steps {
		if s.Action == Create && s.Outcome != Done {
			t.Errorf("%s: %s %s", s.Repo, s.Outcome, s.Reason)
		}
	}
}

// TestThousandRepositories: run twice over 1,000 repositories; the second run only reads.
func TestThousandRepositories(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 repositories")
	}
	e := newEnv(t, 1000)
	rep := reportOf(e.org, func(n string) []string {
		var i int
		fmt.Sscanf(n, "repo-%d", &i)
		switch i % 4 {
		case 0:
			return []string{"license-file"}
		case 1:
			return []string{"security-policy", "codeowners"}
		}
		return nil
	})
	active := 0 // not archived: one issue listing each
	failingRepos := 0
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
	t.Logf("1,000 repositories, %d active, %d failing: first run %d requests (%d writes); second run %d requests (%d writes)",
		active, failingRepos, st1.REST, st1.Writes, st2.REST, st2.Writes)
	if p1.Count(Create) != failingRepos || p2.Count(Create)+p2.Count(Update) != 0 {
		t.Errorf("first run %d creates, second %d creates/updates", p1.Count(Create), p2.Count(Create)+p2.Count(Update))
	}
	// First run: list + label read + label create + issue create per failing repository,
	// a list for the others. Second run: one list per active repository, nothing else.
	if st1.Writes != int64(2*failingRepos) || st1.REST != int64(active+3*failingRepos) {
		t.Errorf("first run: %d requests, %d writes", st1.REST, st1.Writes)
	}
	if st2.Writes != 0 || st2.REST != int64(active) {
		t.Errorf("second run: %d requests, %d writes; want %d reads only", st2.REST, st2.Writes, active)
	}
}

// TestLostAnswer: GitHub creates the issue but its answer is lost (502). The create is
// not retried (that would open a second issue); the step fails, and the next run finds
// the issue by its marker and writes nothing.
func TestLostAnswer(t *testing.T) {
	e := newEnv(t, 1)
	rep := reportOf(e.org, only("repo-00000", "license-file"))
	o := e.opts()
	e.srv.ResetStats()
	// Requests: 1 list issues (plan), 2 get label, 3 create label, 4 create issue.
	e.srv.InjectAt(4, githubtest.FaultAfter502)
	p, err := PlanIssues(context.Background(), e.host, rep, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := ApplyIssues(context.Background(), e.host, p, o); err != nil {
		t.Fatal(err)
	}
	if st := p.Steps[0]; st.Action != Create || st.Outcome != Error || !strings.Contains(st.Reason, "not retried") {
		t.Errorf("step %+v", st)
	}
	if n := len(e.srv.Issues("acme", "repo-00000")); n != 1 {
		t.Fatalf("%d issues after a lost answer, want 1", n)
	}
	p2, st := e.run(rep, true, nil)
	if st.Writes != 0 || p2.Steps[0].Action != Unchanged || len(e.srv.Issues("acme", "repo-00000")) != 1 {
		t.Errorf("next run: %v, %d writes", actions(p2), st.Writes)
	}
}
