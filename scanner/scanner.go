// Package scanner is the engine: it takes repositories from sources, evaluates the
// configured rules on each snapshot with bounded concurrency, and gathers a report.Report.
// It knows no single rule and no single host.
package scanner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/repogov/repogov/internal/redact"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
)

// Ref names one repository a source can open.
type Ref struct {
	Meta repo.Meta // at least Name and FullName; hosted sources fill all they listed
	Data any       // source-private
}

// Source lists repositories and collects their snapshots.
type Source interface {
	// List enumerates the repositories to scan. It may return refs and an error together
	// when enumeration stopped part-way: the refs are scanned and the report is incomplete.
	List(ctx context.Context) ([]Ref, error)
	// Open collects one repository. Its error becomes that repository's error result.
	Open(ctx context.Context, ref Ref) (*repo.Snapshot, error)
}

// ErrIncomplete marks a source error that stops the scan from being complete (an API
// budget ran out): the repository gets no result and the report is marked incomplete
// with the error as its problem, instead of an error result per remaining repository.
var ErrIncomplete = errors.New("scan incomplete")

// Preparer is implemented by sources that batch work across repositories (the GitHub
// source fetches file contents for many repositories per request). The engine calls
// Prepare with the refs it is about to open, in the order it will open them.
type Preparer interface {
	Prepare(ctx context.Context, refs []Ref)
}

// Cache keeps results across runs. The engine consults it only for repositories whose
// source reported a HEAD commit id in List, so an unchanged repository is never opened.
// Keys include the HEAD id, the policy digest and the repogov version.
type Cache interface {
	Get(key string) ([]rules.Result, bool)
	Put(key string, results []rules.Result)
}

// Progress is told as repositories start and finish. Implementations must be safe for
// concurrent use.
type Progress interface {
	Start(total int)
	Begin(name string)
	Done(name string)
}

// Options configures a scan.
type Options struct {
	Rules       []rules.Config
	Concurrency int       // repositories evaluated at once (default 8)
	Now         time.Time // the scan's clock (default time.Now())
	// Exempt returns the exemption for (repository, rule), if any. It may look at the
	// snapshot (a repository's own exemption file).
	Exempt   func(ctx context.Context, s *repo.Snapshot, ruleID string) (rules.Exemption, bool)
	Progress Progress
	Logger   *slog.Logger
	// Cache, when set, reuses results of unchanged repositories; CacheSalt (the policy
	// digest and the repogov version) is part of every key.
	Cache     Cache
	CacheSalt string
	// MaxFindings caps the findings of one rule on one repository (default
	// DefaultMaxFindings; < 0: no cap). Past it one finding says how many more there
	// were, and the result's facts hold the count: a hostile or broken file must not turn
	// one repository into megabytes of report.
	MaxFindings int
}

// DefaultMaxFindings is the default Options.MaxFindings.
const DefaultMaxFindings = 100

// Scan evaluates every repository of every source. It never fails as a whole: problems
// become per-repository errors or mark the report incomplete. When ctx is cancelled it
// returns promptly with what was done, marked incomplete.
func Scan(ctx context.Context, sources []Source, opts Options) *report.Report {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	rep := &report.Report{Started: opts.Now.UTC(), Rules: ruleInfos(opts.Rules)}

	type job struct {
		src Source
		ref Ref
	}
	var jobs []job
	for _, src := range sources {
		refs, err := src.List(ctx)
		if err != nil {
			rep.AddProblem(redact.Error(err)) // a listing error may quote a URL
		}
		for _, r := range refs {
			jobs = append(jobs, job{src, r})
		}
	}
	if opts.Progress != nil {
		opts.Progress.Start(len(jobs))
	}

	results := make([]*report.Repository, len(jobs))
	var stopMu sync.Mutex
	var stopped []error
	// Answer what the cache can, and tell batching sources what remains, in order.
	toOpen := map[Source][]Ref{}
	for i, j := range jobs {
		if k := cacheKey(j.ref, opts); k != "" {
			if res, ok := opts.Cache.Get(k); ok {
				results[i] = &report.Repository{Meta: j.ref.Meta, Results: res, Cached: true}
				continue
			}
		}
		toOpen[j.src] = append(toOpen[j.src], j.ref)
	}
	for _, src := range sources {
		if p, ok := src.(Preparer); ok && len(toOpen[src]) > 0 {
			p.Prepare(ctx, toOpen[src])
		}
	}

	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(opts.Concurrency)
	for i, j := range jobs {
		if gctx.Err() != nil {
			break
		}
		if results[i] != nil {
			if opts.Progress != nil {
				opts.Progress.Begin(j.ref.Meta.FullName)
				opts.Progress.Done(j.ref.Meta.FullName)
			}
			continue
		}
		g.Go(func() error {
			if gctx.Err() != nil {
				return nil
			}
			name := j.ref.Meta.FullName
			if opts.Progress != nil {
				opts.Progress.Begin(name)
				defer opts.Progress.Done(name)
			}
			rr, err := scanOne(gctx, j.src, j.ref, opts)
			if gctx.Err() != nil {
				return nil // cancelled part-way: its results cannot be trusted
			}
			if errors.Is(err, ErrIncomplete) {
				stopMu.Lock()
				stopped = append(stopped, err)
				stopMu.Unlock()
				return nil // not scanned: the report says why
			}
			results[i] = rr
			return nil
		})
	}
	_ = g.Wait()

	seen := map[string]bool{}
	for _, err := range stopped {
		if !seen[err.Error()] {
			seen[err.Error()] = true
			rep.AddProblem(redact.Error(err))
		}
	}
	if len(stopped) > 0 {
		rep.AddProblem(fmt.Errorf("%d repositories were not scanned", len(stopped)))
	}
	for _, rr := range results {
		if rr != nil {
			rep.Repos = append(rep.Repos, *rr)
		}
	}
	if ctx.Err() != nil {
		rep.Incomplete = true
		rep.AddProblem(fmt.Errorf("scan interrupted: %d of %d repositories done", len(rep.Repos), len(jobs)))
	}
	sort.SliceStable(rep.Repos, func(a, b int) bool { return rep.Repos[a].Meta.Key() < rep.Repos[b].Meta.Key() })
	rep.Finished = time.Now().UTC()
	return rep
}

func scanOne(ctx context.Context, src Source, ref Ref, opts Options) (*report.Repository, error) {
	rr := &report.Repository{Meta: ref.Meta}
	snap, err := src.Open(ctx, ref)
	if err != nil {
		err = redact.Error(err) // a source's error may quote a URL with credentials
		rr.Error = err.Error()
		// A cancelled one is not a result, and not news; an incomplete one is a problem
		// of the report, said once there.
		if ctx.Err() == nil && !errors.Is(err, ErrIncomplete) {
			opts.Logger.Warn("repository not scanned", "repo", ref.Meta.FullName, "err", err)
		}
		return rr, err
	}
	defer snap.Close()
	rr.Meta = snap.Meta
	rr.Results = Evaluate(ctx, snap, opts)
	if k := cacheKey(Ref{Meta: snap.Meta}, opts); k != "" && ctx.Err() == nil && !hasErrors(rr.Results) {
		opts.Cache.Put(k, rr.Results)
	}
	return rr, nil
}

func cacheKey(ref Ref, opts Options) string {
	if opts.Cache == nil || ref.Meta.HeadOID == "" {
		return ""
	}
	return ref.Meta.Key() + "@" + ref.Meta.HeadOID + "#" + opts.CacheSalt
}

func hasErrors(rs []rules.Result) bool {
	for _, r := range rs {
		if r.Status == rules.StatusError {
			return true
		}
	}
	return false
}

// Evaluate runs the configured rules on one snapshot, applying exemptions, severities
// and the inherited policy. A rule that panics yields an error result.
func Evaluate(ctx context.Context, snap *repo.Snapshot, opts Options) []rules.Result {
	out := make([]rules.Result, 0, len(opts.Rules))
	for _, c := range opts.Rules {
		o := c.Options
		if o.Now.IsZero() {
			o.Now = opts.Now
		}
		var ex rules.Exemption
		exempt := false
		if opts.Exempt != nil {
			ex, exempt = opts.Exempt(ctx, snap, c.Rule.ID)
		}
		if exempt && (ex.Expires.IsZero() || o.Now.Before(ex.Expires)) {
			out = append(out, rules.Result{RuleID: c.Rule.ID, Status: rules.Exempt, Severity: c.Severity,
				Message: "exempt: " + ex.Reason, Reason: ex.Reason, ExemptUntil: ex.Expires})
			continue
		}
		res := check(ctx, c.Rule, snap, o, opts.Logger)
		res.RuleID = c.Rule.ID
		res.Severity = c.Severity
		if res.Status == rules.Inherited && c.InheritedFails {
			res.Status = rules.Fail
			res.Message += " (the policy requires the repository's own file)"
		}
		capFindings(&res, opts.MaxFindings)
		if exempt { // expired: evaluated as usual, and said
			res.Findings = append(res.Findings, rules.Finding{
				Message: fmt.Sprintf("exemption expired on %s (%s)", ex.Expires.Format(time.DateOnly), ex.Reason)})
		}
		out = append(out, res)
	}
	return out
}

// capFindings keeps the first max findings of res and adds one that counts the rest; the
// count is also in res.Facts["findingsOmitted"].
func capFindings(res *rules.Result, max int) {
	if max == 0 {
		max = DefaultMaxFindings
	}
	if max < 0 || len(res.Findings) <= max {
		return
	}
	n := len(res.Findings) - max
	kept := append(res.Findings[:max:max], rules.Finding{Message: fmt.Sprintf("…and %d more findings (%d in all)", n, len(res.Findings))})
	facts := make(map[string]any, len(res.Facts)+1)
	for k, v := range res.Facts {
		facts[k] = v
	}
	facts["findingsOmitted"] = n
	res.Findings, res.Facts = kept, facts
}

func check(ctx context.Context, r rules.Rule, snap *repo.Snapshot, o rules.Options, log *slog.Logger) (res rules.Result) {
	defer func() {
		if p := recover(); p != nil {
			res = rules.Result{Status: rules.StatusError, Message: fmt.Sprintf("rule %s panicked: %v", r.ID, p)}
			if log == nil {
				log = slog.Default()
			}
			log.Error("rule panicked", "rule", r.ID, "repo", snap.Meta.FullName, "panic", p, "stack", string(debug.Stack()))
		}
	}()
	if r.Check == nil {
		return rules.Result{Status: rules.StatusError, Message: "rule has no check"}
	}
	return r.Check(ctx, snap, o)
}
