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

// Fix pull requests (docs/remediation.md, "Fix pull requests"): one request per
// repository, from PullBranch, adding in one commit the files the Producer makes for the
// repository's failing rules. The request body carries PullMarkerLine(PullDigest(files)),
// each commit repogov writes carries the same digest and ends with PullTrailer, so a re-run
// knows what it proposed, whether the branch is still only its own, and whether a commit
// whose answer was lost already landed.

// Actions only fix requests take (the others are the issue actions: Create, Update,
// Close, Unchanged, Skip, Failed).
const (
	CommentOnly Action = "comment"  // the files changed but the branch has commits by others: a comment, no push
	Merged      Action = "merged"   // the request was merged: nothing more
	Declined    Action = "declined" // the request was closed unmerged: recorded, never reopened
)

// PullStep is the plan for one repository's fix request.
type PullStep struct {
	Repo     string   `json:"repository"`
	Action   Action   `json:"action"`
	Pull     int      `json:"pull,omitempty"` // the request's number (GitLab: iid), once known
	URL      string   `json:"url,omitempty"`
	Files    []string `json:"files,omitempty"`  // the paths the request adds
	Digest   string   `json:"digest,omitempty"` // PullDigest of those files
	Commit   bool     `json:"commit,omitempty"` // the step pushes a commit (false when the branch already holds it)
	Comment  string   `json:"comment,omitempty"`
	Problems []string `json:"problems,omitempty"` // files not made (a template could not be read or filled)
	Reason   string   `json:"reason,omitempty"`
	Outcome  Outcome  `json:"outcome"`
	Writes   int      `json:"writes"` // writes made (after apply) or needed at most (dry run); a commit counts one

	repo          Repo
	host          PullHost
	files         []File
	base, baseSHA string
	title, body   string
}

// PullPlan is the deterministic plan of fix requests for every repository of a report.
type PullPlan struct {
	Policy string     `json:"policy"`
	Steps  []PullStep `json:"steps"`
	// MissingPermissions names each permission a write lacked, once.
	MissingPermissions []string `json:"missingPermissions,omitempty"`
}

// Count returns how many steps have action a.
func (p *PullPlan) Count(a Action) int { return count(p.Steps, a) }

func (s PullStep) action() Action { return s.Action }

// PullOptions configures fix requests.
type PullOptions struct {
	FailOn    report.Severity // files of rules failing at or above it are added (default note: every failing rule)
	PolicyURL string          // where the organization's policy is published (linked from every request)
	OptOut    map[string]bool // as IssueOptions.OptOut
	MaxWrites int             // 0: no cap; a commit counts as one write
	Pacer     *Pacer
	Log       *slog.Logger
}

func (o *PullOptions) defaults() {
	if o.FailOn == report.SeverityNone {
		o.FailOn = report.Note
	}
	if o.Pacer == nil {
		o.Pacer = &Pacer{}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

// pullClosed marks the comment repogov closes a request with.
const pullClosed = "pull-close"

// filesTrailer is the commit-message line that carries the digest of the files a commit adds.
const filesTrailer = "Repogov-Files: "

// PlanPulls decides, for each repository of rep, what its fix request needs. Each
// repository goes to the PullHost of its report.Meta.Host in hosts (keys lower-case).
// Files come from prod (the templates, licence and covenant the policy gives). It reads
// the host (one request for a repository whose request is unchanged) and writes nothing.
func PlanPulls(ctx context.Context, hosts map[string]PullHost, rep *report.Report, prod *Producer, opts PullOptions) (*PullPlan, error) {
	opts.defaults()
	p := &PullPlan{Policy: rep.PolicyName()}
	pl := &pullPlanner{rep: rep, rules: ruleIndex(rep), prod: prod, opts: &opts}
	for _, rr := range sortedRepos(rep) {
		if err := ctx.Err(); err != nil {
			return p, err
		}
		host := hosts[strings.ToLower(rr.Meta.Host)]
		st := PullStep{Repo: rr.Meta.FullName, Outcome: Planned, repo: Repo{rr.Meta.Owner, rr.Meta.Name}}
		if why := skipReason(rr, host != nil, opts.OptOut); why != "" {
			st.Action, st.Reason = Skip, why
		} else {
			st.host = host
			pl.plan(ctx, rr, &st)
		}
		p.Steps = append(p.Steps, st)
	}
	return p, nil
}

// pullPlanner is what planning each repository's step shares.
type pullPlanner struct {
	rep   *report.Report
	rules map[string]report.Rule // by id
	prod  *Producer
	opts  *PullOptions
}

func (pl *pullPlanner) plan(ctx context.Context, rr report.Repository, st *PullStep) {
	files, problems := pl.prod.Files(ctx, rr)
	for _, e := range problems {
		st.Problems = append(st.Problems, e.Error())
	}
	files = slices.DeleteFunc(files, func(f File) bool {
		res, _ := rr.Result(f.Rule)
		return res.Severity < pl.opts.FailOn
	})
	st.setFiles(files)
	pulls, err := st.host.Pulls(ctx, st.repo, PullBranch)
	if err != nil {
		st.Action, st.Reason = Failed, err.Error()
		return
	}
	var cur *Pull // the open request, else the newest
	if i := slices.IndexFunc(pulls, func(p Pull) bool { return p.State == "open" }); i >= 0 {
		cur = &pulls[i]
	} else if len(pulls) > 0 {
		cur = &pulls[0]
	}
	if cur != nil {
		st.Pull, st.URL = cur.Number, cur.URL
	}
	switch {
	case cur != nil && cur.State == "open":
		switch {
		case len(files) == 0:
			st.close(ctx, "The files this pull request adds are no longer missing")
		case MarkedDigest(cur.Body) == st.Digest:
			st.Action = Unchanged
		default:
			st.propose(ctx, pl, Update)
		}
	case cur != nil && cur.State == "closed" && len(files) > 0:
		// Closed by repogov itself (the files had been added meanwhile) is not declined:
		// missing again, they are proposed again.
		cs, err := st.host.PullComments(ctx, st.repo, cur.Number)
		if err != nil {
			st.Action, st.Reason = Failed, err.Error()
			return
		}
		if !slices.ContainsFunc(cs, func(c string) bool { return marker(c, commentMarker) == pullClosed }) {
			st.Action, st.Reason = Declined, "closed unmerged; repogov does not propose it again"
			return
		}
		st.Pull, st.URL = 0, ""
		st.propose(ctx, pl, Create)
	case cur != nil && cur.State == "merged" && (len(files) == 0 || MarkedDigest(cur.Body) == st.Digest):
		st.Action = Merged
	case len(files) == 0:
		st.Action, st.Pull, st.URL = Unchanged, 0, ""
		if len(problems) > 0 {
			st.Action, st.Reason = Failed, "no file could be made"
		}
	default:
		st.Pull, st.URL = 0, ""
		st.propose(ctx, pl, Create)
	}
}

func (st *PullStep) setFiles(files []File) {
	st.files, st.Files, st.Digest = files, nil, ""
	for _, f := range files {
		st.Files = append(st.Files, f.Path)
	}
	if len(files) > 0 {
		st.Digest = PullDigest(files)
	}
}

// propose plans a create or an update: the files are checked against the default
// branch's head as it is now (the scan may be older; an existing file is never
// replaced), and the branch against its commits (only repogov's may be rewritten).
func (st *PullStep) propose(ctx context.Context, pl *pullPlanner, a Action) {
	fail := func(err error) { st.Action, st.Reason = Failed, err.Error() }
	base, baseSHA, err := st.host.DefaultBranch(ctx, st.repo)
	if errors.Is(err, ErrEmptyRepository) {
		st.Action, st.Reason = Skip, "empty repository"
		return
	}
	if err != nil {
		fail(err)
		return
	}
	st.base, st.baseSHA = base, baseSHA
	paths := st.Files
	exist, err := st.host.Existing(ctx, st.repo, baseSHA, paths)
	if err != nil {
		fail(err)
		return
	}
	if slices.ContainsFunc(paths, func(p string) bool { return exist[p] }) {
		st.setFiles(slices.DeleteFunc(slices.Clone(st.files), func(f File) bool { return exist[f.Path] }))
	}
	if len(st.files) == 0 {
		if a == Update {
			st.close(ctx, "The files this pull request adds now exist on "+base)
			return
		}
		st.Action, st.Reason = Unchanged, "the files exist on "+base+" since the scan"
		return
	}
	st.Action, st.Commit = a, true
	head, err := st.host.Branch(ctx, st.repo, PullBranch)
	if err != nil {
		fail(err)
		return
	}
	if head != "" {
		ahead, err := st.host.Ahead(ctx, st.repo, baseSHA, head)
		if err != nil {
			fail(err)
			return
		}
		if slices.ContainsFunc(ahead, func(c Commit) bool { return !OwnCommit(c.Message) }) {
			if a == Create {
				st.Action, st.Reason = Skip, "branch "+PullBranch+" has commits by others"
				return
			}
			st.Action, st.Commit = CommentOnly, false
			st.Comment = "The governance files repogov proposes changed (" + codeList(st.Files) + "), but `" + PullBranch +
				"` has commits by others, so repogov leaves the branch alone. Update it by hand, or close this pull request.\n\n" +
				commentMarker + " pull-update files=" + st.Digest + " -->"
			st.Writes = 1
			st.dedupeComment(ctx)
			return
		}
		// A run that died after pushing the commit and before opening (or editing) the
		// request left the commit: reuse it.
		st.Commit = len(ahead) == 0 || !strings.Contains(ahead[len(ahead)-1].Message, "\n"+filesTrailer+st.Digest+"\n")
	}
	st.title, st.body = pullTitle(len(st.files)), pullBody(pl.rep, pl.rules, st.files, pl.opts.PolicyURL, st.Digest)
	st.Writes = 1
	if st.Commit {
		st.Writes++
	}
}

// close plans closing the open request with a comment (once: a comment with the same
// marker already posted is not posted again).
func (st *PullStep) close(ctx context.Context, why string) {
	st.Action, st.Writes = Close, 2
	st.Comment = why + "; repogov closes this pull request.\n\n" + commentMarker + " " + pullClosed + " -->"
	st.dedupeComment(ctx)
}

func (st *PullStep) dedupeComment(ctx context.Context) {
	cs, err := st.host.PullComments(ctx, st.repo, st.Pull)
	if err != nil {
		st.Action, st.Reason = Failed, err.Error()
		return
	}
	m := marker(st.Comment, commentMarker)
	if slices.ContainsFunc(cs, func(c string) bool { return marker(c, commentMarker) == m }) {
		st.Comment = ""
		st.Writes--
	}
}

func pullTitle(n int) string {
	return fmt.Sprintf("Add %d governance %s", n, plural(n, "file", "files"))
}

// pullBody explains each file (the rule it satisfies, the finding) and carries the
// marker. Equal inputs give equal bytes.
func pullBody(rep *report.Report, rules map[string]report.Rule, files []File, policyURL, digest string) string {
	var b strings.Builder
	b.WriteString(PullMarkerLine(digest) + "\n")
	pol := "`" + inline(rep.PolicyName()) + "`"
	if policyURL != "" {
		pol = "[" + inline(rep.PolicyName()) + "](" + policyURL + ")"
	}
	fmt.Fprintf(&b, "repogov checked this repository against the governance policy %s and proposes the %s it lacks:\n\n", pol, plural(len(files), "file", "files"))
	for _, f := range files {
		ru := rules[f.Rule]
		title := ru.Title
		if title == "" {
			title = f.Rule
		}
		fmt.Fprintf(&b, "- `%s` for **%s** (`%s`)", inline(f.Path), inline(title), f.Rule)
		if ru.HelpURL != "" {
			fmt.Fprintf(&b, ": %s", ru.HelpURL)
		}
		b.WriteString("\n")
	}
	b.WriteString("\nThe texts come from the organization's templates; please read them before merging. " +
		"Close this pull request to decline it: repogov does not open it again. " +
		"While the branch holds only repogov's commits, repogov updates it when the templates change.\n")
	return b.String()
}

func commitMessage(rep *report.Report, files []File, digest string) string {
	var paths, rules []string
	for _, f := range files {
		paths = append(paths, f.Path)
		if !slices.Contains(rules, f.Rule) {
			rules = append(rules, f.Rule)
		}
	}
	return fmt.Sprintf("Add governance files\n\nAdds %s for the failing checks %s of the governance policy %s.\n\n%s%s\n%s\n",
		strings.Join(paths, ", "), strings.Join(rules, ", "), strings.Join(strings.Fields(rep.PolicyName()), " "), filesTrailer, digest, PullTrailer)
}

// ApplyPulls performs a plan: writes serialised and paced (each request a host sends),
// at most opts.MaxWrites of them. A failed step does not stop the others; a missing
// permission is recorded once by name. A commit goes before the request that shows it,
// a comment before the close, so a run that dies in between is finished by the next.
func ApplyPulls(ctx context.Context, rep *report.Report, p *PullPlan, opts PullOptions) error {
	opts.defaults()
	ctx = WithPacer(ctx, opts.Pacer)
	budget := opts.MaxWrites
	perms := permissions{list: &p.MissingPermissions, log: opts.Log}
	for i := range p.Steps {
		st := &p.Steps[i]
		if err := ctx.Err(); err != nil {
			return err
		}
		planned := st.Writes
		st.Writes = 0
		var ops []func() error
		switch st.Action {
		case Create, Update:
			if st.Commit {
				ops = append(ops, func() error {
					_, err := st.host.CommitFiles(ctx, st.repo, PullBranch, st.baseSHA, commitMessage(rep, st.files, st.Digest), st.files)
					return err
				})
			}
			if st.Action == Create {
				ops = append(ops, func() error {
					pr, err := st.host.CreatePull(ctx, st.repo, PullBranch, st.base, st.title, st.body)
					st.Pull, st.URL = pr.Number, pr.URL
					return err
				})
			} else {
				ops = append(ops, func() error { return st.host.EditPull(ctx, st.repo, st.Pull, st.title, st.body) })
			}
		case CommentOnly, Close:
			if st.Comment != "" {
				ops = append(ops, func() error { return st.host.CommentPull(ctx, st.repo, st.Pull, st.Comment) })
			}
			if st.Action == Close {
				ops = append(ops, func() error { return st.host.ClosePull(ctx, st.repo, st.Pull) })
			}
		}
		st.Outcome = Done
		if planned == 0 {
			continue
		}
		for _, op := range ops {
			if opts.MaxWrites > 0 && budget <= 0 {
				st.Outcome = Deferred
				break
			}
			budget--
			if err := op(); err != nil {
				st.Outcome, st.Reason = Error, perms.reason(err)
				break
			}
			st.Writes++
		}
	}
	return nil
}
