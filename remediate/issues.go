package remediate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/repogov/repogov/report"
)

// Action is what a plan does to one repository's tracking issue.
type Action string

const (
	Create    Action = "create"    // open a new tracking issue
	Update    Action = "update"    // edit the open issue's title and body (and comment on new failures)
	Close     Action = "close"     // comment "all checks pass" and close
	Reopen    Action = "reopen"    // reopen a closed issue whose repository regressed, with a comment
	Unchanged Action = "unchanged" // the issue already says what the report says: no write
	Skip      Action = "skip"      // not acted on (archived, issues disabled, not scanned …): Reason says why
	Failed    Action = "error"     // the host could not be read: Reason says why
)

// Outcome is what applying a step did.
type Outcome string

const (
	Planned  Outcome = "planned"  // dry run
	Done     Outcome = "done"     // every write of the step succeeded
	Deferred Outcome = "deferred" // --max-writes reached before (all of) the step
	Error    Outcome = "error"    // a write failed: Reason says why
)

// Step is the plan for one repository.
type Step struct {
	Repo         string   `json:"repository"`
	Action       Action   `json:"action"`
	Issue        int      `json:"issue,omitempty"` // the existing issue's number (or the new one's, once applied)
	Title        string   `json:"title,omitempty"`
	Failing      []string `json:"failing,omitempty"`      // rule ids, in report order
	NewlyFailing []string `json:"newlyFailing,omitempty"` // failing now, not listed in the issue before
	Comment      string   `json:"comment,omitempty"`      // the comment the step posts, if any
	Assignee     string   `json:"assignee,omitempty"`
	Reason       string   `json:"reason,omitempty"`
	Outcome      Outcome  `json:"outcome"`
	Writes       int      `json:"writes"` // writes made (after apply) or needed at most (dry run)

	repo Repo
	host IssueHost // the repository's host (nil for skipped steps)
	body string
}

// Plan is the deterministic plan for every repository of a report.
type Plan struct {
	Policy string `json:"policy"`
	Digest string `json:"digest,omitempty"`
	Steps  []Step `json:"steps"`
	// MissingPermissions names each permission a write lacked, once.
	MissingPermissions []string `json:"missingPermissions,omitempty"`
}

// Count returns how many steps have action a.
func (p *Plan) Count(a Action) int { return count(p.Steps, a) }

func (s Step) action() Action { return s.Action }

// count returns how many of steps have action a.
func count[S interface{ action() Action }](steps []S, a Action) int {
	n := 0
	for _, s := range steps {
		if s.action() == a {
			n++
		}
	}
	return n
}

// IssueOptions configures tracking issues.
type IssueOptions struct {
	FailOn    report.Severity // failures at or above it count (default error)
	Label     string          // default "repogov"
	Host      string          // only repositories on this host (report.Meta.Host), e.g. "github.com"
	PolicyURL string          // where the organization's policy is published (linked from every issue)
	Assign    bool            // assign new issues to CODEOWNERS' default owner when it is a user
	// OptOut lists repositories (owner/name, case-insensitive) that opted out where the
	// central policy allows it; they are skipped.
	OptOut    map[string]bool
	MaxWrites int // 0: no cap
	Pacer     *Pacer
	Log       *slog.Logger
}

func (o *IssueOptions) defaults() {
	if o.FailOn == report.SeverityNone {
		o.FailOn = report.Error
	}
	if o.Label == "" {
		o.Label = "repogov"
	}
	if o.Pacer == nil {
		o.Pacer = &Pacer{}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

const (
	issueMarker   = "<!-- repogov:tracking-issue"
	commentMarker = "<!-- repogov:comment"
	labelColor    = "5319e7"
	labelDesc     = "Governance checks tracked by repogov"
)

// PlanIssues reads each repository's tracking issue from host (one request per
// repository, two when a comment is due) and decides what to do. It writes nothing.
func PlanIssues(ctx context.Context, host IssueHost, rep *report.Report, opts IssueOptions) (*Plan, error) {
	return planIssues(ctx, func(h string) IssueHost {
		if opts.Host != "" && !strings.EqualFold(h, opts.Host) {
			return nil
		}
		return host
	}, rep, opts)
}

// PlanIssuesOn plans like PlanIssues over several hosts: each repository goes to the
// IssueHost of its report.Meta.Host in hosts (keys lower-case); repositories on other
// hosts are skipped. ApplyIssues then acts through each step's host (its host argument
// may be nil).
func PlanIssuesOn(ctx context.Context, hosts map[string]IssueHost, rep *report.Report, opts IssueOptions) (*Plan, error) {
	return planIssues(ctx, func(h string) IssueHost { return hosts[strings.ToLower(h)] }, rep, opts)
}

func planIssues(ctx context.Context, hostFor func(string) IssueHost, rep *report.Report, opts IssueOptions) (*Plan, error) {
	opts.defaults()
	p := &Plan{Policy: rep.PolicyName(), Digest: rep.Policy.Digest}
	rules := ruleIndex(rep)
	for _, rr := range sortedRepos(rep) {
		if err := ctx.Err(); err != nil {
			return p, err
		}
		st := Step{Repo: rr.Meta.FullName, Outcome: Planned, repo: Repo{rr.Meta.Owner, rr.Meta.Name}}
		host := hostFor(rr.Meta.Host)
		if why := skipReason(rr, host != nil, opts.OptOut); why != "" {
			st.Action, st.Reason = Skip, why
		} else {
			st.host = host
			planOne(ctx, st.host, rep, rr, rules, &opts, &st)
		}
		p.Steps = append(p.Steps, st)
	}
	return p, nil
}

// ruleIndex is a report's rules by id.
func ruleIndex(rep *report.Report) map[string]report.Rule {
	rules := map[string]report.Rule{}
	for _, r := range rep.AllRules() {
		rules[r.ID] = r
	}
	return rules
}

// sortedRepos orders a report's repositories by name, case-insensitively: plans are
// deterministic.
func sortedRepos(rep *report.Report) []report.Repository {
	repos := slices.Clone(rep.Repos)
	slices.SortStableFunc(repos, func(a, b report.Repository) int {
		return strings.Compare(strings.ToLower(a.Meta.FullName), strings.ToLower(b.Meta.FullName))
	})
	return repos
}

// skipReason says why remediation leaves rr alone ("" when it does not): issues and
// fix requests skip the same repositories.
func skipReason(rr report.Repository, hasHost bool, optOut map[string]bool) string {
	switch {
	case !rr.Meta.Hosted():
		return "not a hosted repository"
	case !hasHost:
		return "hosted on " + rr.Meta.Host
	case rr.Meta.Archived:
		return "archived"
	case rr.Error != "":
		return "not scanned: " + rr.Error
	case optOut[strings.ToLower(rr.Meta.FullName)]:
		return "opted out"
	}
	return ""
}

// failing returns the results that count: failed at or above failOn (exempt results
// have status exempt, so exemptions are honoured).
func failing(rr report.Repository, failOn report.Severity) []report.Result {
	var out []report.Result
	for _, res := range rr.Results {
		if res.Failed() && res.Severity >= failOn {
			out = append(out, res)
		}
	}
	return out
}

func planOne(ctx context.Context, host IssueHost, rep *report.Report, rr report.Repository, rules map[string]report.Rule, opts *IssueOptions, st *Step) {
	fails := failing(rr, opts.FailOn)
	for _, f := range fails {
		st.Failing = append(st.Failing, f.RuleID)
	}
	issues, err := host.Issues(ctx, st.repo, opts.Label)
	if errors.Is(err, ErrIssuesDisabled) {
		st.Action, st.Reason = Skip, "issues disabled"
		return
	}
	if err != nil {
		st.Action, st.Reason = Failed, err.Error()
		return
	}
	cur := tracking(issues)
	if len(fails) == 0 {
		if cur == nil || cur.State != "open" {
			st.Action = Unchanged
			if cur != nil {
				st.Issue = cur.Number
			}
			return
		}
		st.Action, st.Issue, st.Title = Close, cur.Number, cur.Title
		st.Comment = "All governance checks pass now; repogov closes this issue. It reopens it if a check fails again.\n\n" + commentMarker + " all-pass -->"
		st.Writes = 2
		dedupeComment(ctx, host, st)
		return
	}
	st.Title = fmt.Sprintf("Governance: %d %s failing", len(fails), plural(len(fails), "check", "checks"))
	st.body = issueBody(rep, rr, fails, rules, opts.PolicyURL)
	if cur == nil {
		st.Action, st.Writes = Create, 2 // the label (when missing) and the issue
		if opts.Assign {
			st.Assignee = defaultOwner(rr)
		}
		return
	}
	st.Issue = cur.Number
	before := markedRules(cur.Body)
	for _, id := range st.Failing {
		if !slices.Contains(before, id) {
			st.NewlyFailing = append(st.NewlyFailing, id)
		}
	}
	switch {
	case cur.State != "open":
		st.Action, st.Writes = Reopen, 2
		st.Comment = "Failing again: " + codeList(st.Failing) + ". repogov reopens this issue.\n\n" + commentMarker + " reopened rules=" + strings.Join(st.Failing, ",") + " -->"
	case cur.Body == st.body && cur.Title == st.Title:
		st.Action, st.NewlyFailing = Unchanged, nil
		return
	default:
		st.Action, st.Writes = Update, 1
		if len(st.NewlyFailing) > 0 {
			st.Writes++
			st.Comment = "Newly failing: " + codeList(st.NewlyFailing) + ".\n\n" + commentMarker + " newly-failing rules=" + strings.Join(st.NewlyFailing, ",") + " -->"
		}
	}
	dedupeComment(ctx, host, st)
}

// dedupeComment drops a planned comment that the issue's last repogov comment already
// is: a run that died between commenting and editing must not comment twice.
func dedupeComment(ctx context.Context, host IssueHost, st *Step) {
	if st.Comment == "" {
		return
	}
	cs, err := host.Comments(ctx, st.repo, st.Issue)
	if err != nil {
		st.Action, st.Reason = Failed, err.Error()
		return
	}
	for i := len(cs) - 1; i >= 0; i-- {
		if m := marker(cs[i], commentMarker); m != "" {
			if m == marker(st.Comment, commentMarker) {
				st.Comment = ""
				st.Writes--
			}
			return
		}
	}
}

// marker returns the text of the first hidden marker of kind in body ("" if none).
func marker(body, kind string) string {
	i := strings.Index(body, kind)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "-->")
	if j < 0 {
		return ""
	}
	return strings.TrimSpace(body[i+len(kind) : i+j])
}

// tracking picks repogov's issue among the labelled ones, by marker (never by title):
// the open one with the lowest number, else the most recent closed one.
func tracking(issues []Issue) *Issue {
	var open, closed *Issue
	for i := range issues {
		is := &issues[i]
		if !strings.Contains(is.Body, issueMarker) {
			continue
		}
		if is.State == "open" {
			if open == nil || is.Number < open.Number {
				open = is
			}
		} else if closed == nil || is.Number > closed.Number {
			closed = is
		}
	}
	if open != nil {
		return open
	}
	return closed
}

// markedRules reads the failing rule ids recorded in an issue body's marker.
func markedRules(body string) []string {
	for _, f := range strings.Fields(marker(body, issueMarker)) {
		if v, ok := strings.CutPrefix(f, "rules="); ok && v != "" {
			return strings.Split(v, ",")
		}
	}
	return nil
}

// defaultOwner is CODEOWNERS' default owner ("*" rule) when it is a user, not a team
// or an e-mail address (issues are assigned to users only).
func defaultOwner(rr report.Repository) string {
	res, ok := rr.Result("codeowners")
	if !ok {
		return ""
	}
	var owners []string
	switch v := res.Facts["default-owners"].(type) {
	case []string:
		owners = v
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				owners = append(owners, s)
			}
		}
	}
	for _, o := range owners {
		if u, ok := strings.CutPrefix(o, "@"); ok && !strings.Contains(u, "/") && u != "" {
			return u
		}
	}
	return ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func codeList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = "`" + id + "`"
	}
	return strings.Join(q, ", ")
}

// inline makes repository-derived text safe on one Markdown line: no newlines, no HTML
// comment delimiters (the marker stays the only one), no raw HTML.
func inline(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := strings.NewReplacer("<", "&lt;", ">", "&gt;", "[", "\\[", "]", "\\]")
	return r.Replace(s)
}

// issueBody renders the tracking issue: a checklist of failing rules (message, fix, rule
// documentation, policy) and the hidden marker with the policy digest and the failing
// rule ids. Equal inputs give equal bytes, so an unchanged report edits nothing.
func issueBody(rep *report.Report, rr report.Repository, fails []report.Result, rules map[string]report.Rule, policyURL string) string {
	var b strings.Builder
	ids := make([]string, len(fails))
	for i, f := range fails {
		ids[i] = f.RuleID
	}
	fmt.Fprintf(&b, "%s policy=%s rules=%s -->\n", issueMarker, orNone(rep.Policy.Digest), strings.Join(ids, ","))
	pol := "`" + inline(rep.PolicyName()) + "`"
	if policyURL != "" {
		pol = "[" + inline(rep.PolicyName()) + "](" + policyURL + ")"
	}
	fmt.Fprintf(&b, "repogov checked this repository against the governance policy %s: %d %s failing.\n\n", pol, len(fails), plural(len(fails), "check is", "checks are"))
	for _, f := range fails {
		ru := rules[f.RuleID]
		title := ru.Title
		if title == "" {
			title = f.RuleID
		}
		fmt.Fprintf(&b, "- [ ] **%s** (`%s`, %s): %s\n", inline(title), f.RuleID, f.Severity, inline(f.Message))
		if f.Remediation != "" {
			fmt.Fprintf(&b, "  - Fix: %s\n", inline(f.Remediation))
		}
		if ru.HelpURL != "" {
			fmt.Fprintf(&b, "  - Rule: %s\n", ru.HelpURL)
		}
	}
	b.WriteString("\nThis issue is maintained by repogov: it is updated when the findings change, and closed when every check passes. Exemptions are granted in the organization's policy.\n")
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// ApplyIssues performs a plan: writes serialised and paced, at most opts.MaxWrites of
// them. A failed step does not stop the others; a missing permission is recorded once by
// name. The steps' Outcome, Writes and Issue are updated. Each step acts through the host
// it was planned with (host when a caller hands in a plan of its own).
func ApplyIssues(ctx context.Context, defaultHost IssueHost, p *Plan, opts IssueOptions) error {
	opts.defaults()
	budget := opts.MaxWrites
	perms := permissions{list: &p.MissingPermissions, log: opts.Log}
	fail := func(st *Step, err error) { st.Outcome, st.Reason = Error, perms.reason(err) }
	write := func(st *Step, f func() error) bool {
		if opts.MaxWrites > 0 && budget <= 0 {
			st.Outcome = Deferred
			return false
		}
		if err := opts.Pacer.Wait(ctx); err != nil {
			st.Outcome, st.Reason = Error, err.Error()
			return false
		}
		budget--
		if err := f(); err != nil {
			fail(st, err)
			return false
		}
		st.Writes++
		return true
	}
	for i := range p.Steps {
		st := &p.Steps[i]
		if err := ctx.Err(); err != nil {
			return err
		}
		planned := st.Writes
		st.Writes = 0
		host := st.host
		if host == nil {
			host = defaultHost
		}
		switch st.Action {
		case Create, Update, Close, Reopen:
		default:
			st.Outcome = Done
			continue
		}
		if planned == 0 {
			st.Outcome = Done
			continue
		}
		ok := true
		switch st.Action {
		case Create:
			var wrote bool
			// EnsureLabel reads first and writes only when the label is missing, so it
			// counts against the budget only then.
			if opts.MaxWrites > 0 && budget <= 0 {
				st.Outcome = Deferred
				continue
			}
			if err := opts.Pacer.Wait(ctx); err != nil {
				return err
			}
			wrote, err := host.EnsureLabel(ctx, st.repo, opts.Label, labelColor, labelDesc)
			if wrote {
				budget--
				st.Writes++
			}
			if err != nil {
				fail(st, err)
				continue
			}
			var assignees []string
			if st.Assignee != "" {
				assignees = []string{st.Assignee}
			}
			ok = write(st, func() error {
				is, err := host.CreateIssue(ctx, st.repo, st.Title, st.body, []string{opts.Label}, assignees)
				st.Issue = is.Number
				return err
			})
		case Update, Close, Reopen:
			// The comment goes first: if the run dies before the edit, the next run plans
			// the same edit and finds the comment already posted.
			if st.Comment != "" {
				ok = write(st, func() error { return host.Comment(ctx, st.repo, st.Issue, st.Comment) })
			}
			if ok {
				var e IssueEdit
				switch st.Action {
				case Update:
					e = IssueEdit{Title: &st.Title, Body: &st.body}
				case Reopen:
					e = IssueEdit{Title: &st.Title, Body: &st.body, State: ptr("open")}
				case Close:
					e = IssueEdit{State: ptr("closed")}
				}
				ok = write(st, func() error { return host.EditIssue(ctx, st.repo, st.Issue, e) })
			}
		}
		if ok {
			st.Outcome = Done
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// permissions records each permission a write lacked, once, by name.
type permissions struct {
	seen map[string]bool
	list *[]string
	log  *slog.Logger
}

// reason is the step's reason for err; a missing permission is recorded and logged the
// first time.
func (ps *permissions) reason(err error) string {
	var pe *PermissionError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	if !ps.seen[pe.Permission] {
		if ps.seen == nil {
			ps.seen = map[string]bool{}
		}
		ps.seen[pe.Permission] = true
		*ps.list = append(*ps.list, pe.Permission)
		ps.log.Error("missing permission; repositories that need it are skipped", "permission", pe.Permission)
	}
	return "missing permission " + pe.Permission
}
