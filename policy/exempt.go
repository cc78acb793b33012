package policy

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner/selection"
)

// maxRepoFile caps a repository's own .repogov.yml: it holds a few exemptions.
const maxRepoFile = 64 << 10

// Exempt returns the exemption for (repository, rule), if any: a central exemption whose
// repository glob matches the repository's name or owner/name (case-insensitive), else —
// when the policy allows it — one from the repository's own .repogov.yml (read through
// the snapshot). When several apply, the one that lasts longest wins; an expired one is
// returned too (with Expires set), so the engine evaluates the rule and says the
// exemption expired.
//
// A malformed repository file grants nothing; the repository-exemptions rule reports it.
func (p *Policy) Exempt(ctx context.Context, s *repo.Snapshot, ruleID string) (rules.Exemption, bool) {
	if ruleID == RepoExemptionsRuleID {
		return rules.Exemption{}, false
	}
	var best rules.Exemption
	found := false
	consider := func(x *exemptionDef, origin string) {
		if !x.appliesTo(ruleID) {
			return
		}
		if !found || later(x, best) {
			best = rules.Exemption{Reason: x.Reason, Expires: x.Expires, Origin: origin}
			found = true
		}
	}
	for _, x := range p.exempts {
		if selection.MatchName(x.Repos, s.Meta) {
			consider(x, fmt.Sprintf("%s:%d:%d", x.file, x.node.Line, x.node.Column))
		}
	}
	if p.repoEx.allow && (p.repoEx.rules == nil || slices.Contains(p.repoEx.rules, ruleID)) {
		rf := p.cache.get(ctx, s)
		if rf.err == nil {
			for _, x := range rf.exemptions {
				consider(x, fmt.Sprintf("%s:%s:%d:%d", s.Meta.FullName, DefaultFile, x.node.Line, x.node.Column))
			}
		}
	}
	return best, found
}

func (x *exemptionDef) appliesTo(ruleID string) bool {
	return slices.Contains(x.Rules, ruleID) || slices.Contains(x.Rules, "*")
}

// later reports whether x lasts longer than e (no expiry lasts forever).
func later(x *exemptionDef, e rules.Exemption) bool {
	if e.Expires.IsZero() {
		return false
	}
	return x.Expires.IsZero() || x.Expires.After(e.Expires)
}

// repoFile is a repository's own .repogov.yml, parsed.
type repoFile struct {
	present    bool
	exemptions []*exemptionDef
	optOut     *yaml.Node // remediation: {opt-out: true}, where
	err        error      // *Error values joined, or a read error
}

// parseRepoFile reads the repository's exemption file. Only `exemptions:` is allowed
// there, each with rules, reason (required) and expires; the repository is implied.
func parseRepoFile(ctx context.Context, s *repo.Snapshot, allowed []string, known func(string) bool) repoFile {
	e, ok := s.Lookup(DefaultFile)
	if !ok {
		return repoFile{}
	}
	if e.Size > maxRepoFile {
		return repoFile{present: true, err: fmt.Errorf("%s: too large (%d bytes, limit %d)", DefaultFile, e.Size, maxRepoFile)}
	}
	b, err := s.ReadFile(ctx, DefaultFile)
	if err != nil {
		var tl *repo.TooLargeError
		if errors.As(err, &tl) || errors.Is(err, fs.ErrNotExist) {
			return repoFile{present: true, err: err}
		}
		return repoFile{present: true, err: fmt.Errorf("%s: %w", DefaultFile, err)}
	}
	if len(b) > maxRepoFile {
		return repoFile{present: true, err: fmt.Errorf("%s: too large (%d bytes, limit %d)", DefaultFile, len(b), maxRepoFile)}
	}
	return parseRepoBytes(b, allowed, known)
}

func parseRepoBytes(b []byte, allowed []string, known func(string) bool) repoFile {
	rf := repoFile{present: true}
	var pr problems
	r, optOut := parseRepo(DefaultFile, b, &pr)
	rf.optOut = optOut
	for _, x := range r {
		ok := true
		for i, id := range x.Rules {
			if !known(id) {
				pr.at(DefaultFile, x.ruleNodes[i], "exemption: unknown rule %q", id)
				ok = false
			} else if allowed != nil && !slices.Contains(allowed, id) {
				pr.at(DefaultFile, x.ruleNodes[i], "exemption: the policy does not let repositories exempt themselves from %q", id)
				ok = false
			}
		}
		if ok {
			rf.exemptions = append(rf.exemptions, x)
		}
	}
	rf.err = pr.err()
	if rf.err != nil {
		rf.optOut = nil
		rf.exemptions = nil // all or nothing: a half-understood file grants nothing
	}
	return rf
}

// repoCache keeps the last few parsed repository files: the engine asks for every rule
// of one snapshot in turn.
type repoCache struct {
	mu      sync.Mutex
	entries map[*repo.Snapshot]repoFile
	allowed []string
	known   func(string) bool
}

func (c *repoCache) get(ctx context.Context, s *repo.Snapshot) repoFile {
	c.mu.Lock()
	rf, ok := c.entries[s]
	c.mu.Unlock()
	if ok {
		return rf
	}
	rf = parseRepoFile(ctx, s, c.allowed, c.known)
	if ctx.Err() != nil {
		return rf // a read cut short by cancellation is not the file's answer
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) >= 64 {
		c.entries = map[*repo.Snapshot]repoFile{}
	}
	c.entries[s] = rf
	c.mu.Unlock()
	return rf
}

// repoExemptionsRule reports on a repository's own exemption file: absent is
// not-applicable, malformed is a failure with positions, otherwise a pass listing what
// it exempts.
func (p *Policy) repoExemptionsRule() rules.Rule {
	scope := "any rule"
	if p.repoEx.rules != nil {
		scope = "only: " + strings.Join(p.repoEx.rules, ", ")
	}
	return rules.Rule{
		ID:        RepoExemptionsRuleID,
		Title:     "The repository's own exemption file is valid",
		Doc:       "The policy lets repositories declare their own exemptions in `" + DefaultFile + "` (" + scope + "). A file that cannot be understood grants nothing; this rule says why.",
		Severity:  rules.Warning,
		Tags:      []string{"policy"},
		Precision: "very-high",
		Check: func(ctx context.Context, s *repo.Snapshot, _ rules.Options) rules.Result {
			rf := parseRepoFile(ctx, s, p.repoEx.rules, p.knownRule)
			if rf.err == nil && rf.optOut != nil && !p.remediation.AllowOptOut {
				// A disallowed opt-out is ignored, and said so.
				rf.err = (&problems{}).with(DefaultFile, rf.optOut, "remediation.opt-out: the policy does not let repositories opt out of remediation (remediation.allow-opt-out)")
				rf.exemptions, rf.optOut = nil, nil
			}
			if !rf.present {
				return rules.Result{Status: rules.NotApplicable, Message: "no " + DefaultFile}
			}
			if rf.err != nil {
				var fs []rules.Finding
				for _, e := range Errors(rf.err) {
					if e.Line == 0 {
						fs = append(fs, rules.Finding{Path: DefaultFile, Message: e.Msg})
						continue
					}
					fs = append(fs, rules.Finding{Path: DefaultFile, Line: e.Line, Column: e.Col, Message: e.Msg})
				}
				return rules.Result{Status: rules.Fail, Message: DefaultFile + " is not valid; none of its exemptions apply",
					Findings: fs, Remediation: "Fix the file: only `exemptions:` entries with `rules`, `reason` and optional `expires` are allowed."}
			}
			var ids []string
			for _, x := range rf.exemptions {
				ids = append(ids, x.Rules...)
			}
			noun := "exemptions"
			if len(rf.exemptions) == 1 {
				noun = "exemption"
			}
			facts := map[string]any{"rules": ids}
			msg := fmt.Sprintf("%d %s declared", len(rf.exemptions), noun)
			if rf.optOut != nil {
				facts[OptOutFact] = true // remediation reads it from the stored run
				msg += "; opted out of remediation"
			}
			return rules.Result{Status: rules.Pass, Message: msg, Facts: facts}
		},
	}
}

// OptOutFact is the fact of the repository-exemptions result saying the repository
// opted out of remediation where the policy allows it (remediate.OptedOut reads it).
const OptOutFact = "opt-out"

// knownRule reports whether a repository may name id in its exemptions: an enabled rule
// other than the exemption file's own.
func (p *Policy) knownRule(id string) bool {
	for _, c := range p.configs {
		if c.Rule.ID == id && id != RepoExemptionsRuleID {
			return true
		}
	}
	return false
}
