// Package report is the report model: the explicit, versioned types that the scanner
// produces and that reporters, the result cache, the history store, the dashboard server
// and remediation exchange. It imports nothing of repogov, so none of those depends on
// engine internals.
package report

import (
	"context"
	"errors"
	"time"
)

// SchemaVersion is the version of the report's shape (docs/report.schema.json). Adding
// optional properties keeps it; removing or changing one bumps it.
const SchemaVersion = "1"

// DocsURL is where docs/rules.md is published; a rule's HelpURL is DocsURL + "#" + ID.
const DocsURL = "https://github.com/repogov/repogov/blob/main/docs/rules.md"

// Rule is what a report says about a rule: its metadata, never its check.
type Rule struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Doc      string   `json:"doc,omitempty"` // markdown; first paragraph is the summary
	HelpURL  string   `json:"helpUri,omitempty"`
	Severity Severity `json:"severity"` // the rule's default severity
	// PolicySeverity is the severity the policy configured for this run (Severity when the
	// policy says nothing); results carry it too.
	PolicySeverity Severity `json:"policySeverity,omitempty"`
	Tags           []string `json:"tags"`
	Inherits       bool     `json:"inherits"`
	Precision      string   `json:"precision,omitempty"` // SARIF precision
	Expected       string   `json:"expected,omitempty"`  // canonical path a missing-file failure points at
}

// Effective is the severity this run applied to the rule.
func (r Rule) Effective() Severity {
	if r.PolicySeverity != SeverityNone {
		return r.PolicySeverity
	}
	return r.Severity
}

// Repository is one repository's results: one per rule, passes included.
type Repository struct {
	Meta    Meta     `json:"meta"`
	Error   string   `json:"error,omitempty"` // set when the repository could not be read; Results is then empty
	Cached  bool     `json:"cached"`          // results reused from the cache (HEAD and policy unchanged)
	Results []Result `json:"results"`
}

// Worst returns the highest severity among failed results (SeverityNone when none).
func (r Repository) Worst() Severity {
	w := SeverityNone
	for _, res := range r.Results {
		if res.Failed() && res.Severity > w {
			w = res.Severity
		}
	}
	return w
}

// Result returns the repository's result for rule id.
func (r Repository) Result(id string) (Result, bool) {
	for _, res := range r.Results {
		if res.RuleID == id {
			return res, true
		}
	}
	return Result{}, false
}

// Policy names the policy a run applied.
type Policy struct {
	Name   string `json:"name"`             // "" means "default"
	Digest string `json:"digest,omitempty"` // digest of the effective policy, e.g. "sha256:…"
}

// Report is the outcome of one run, repositories in a deterministic order (by key).
type Report struct {
	RunID      string    // identifies this run; "" means Started in RFC 3339
	Label      string    // groups runs (e.g. the matrix jobs of one weekly scan); optional
	Started    time.Time // UTC
	Finished   time.Time // UTC
	Targets    []string  // the scan targets as given, credentials redacted
	Policy     Policy
	Incomplete bool     // interrupted, or enumeration failed part-way
	Problems   []string // why the report is incomplete
	Rules      []Rule   // the evaluated rules, in report order
	Repos      []Repository
	Weights    map[string]float64 // score weight per rule id, overriding the severity weight
}

// ID is the run id: RunID, or the start time in RFC 3339 (UTC).
func (r *Report) ID() string {
	if r.RunID != "" {
		return r.RunID
	}
	return r.Started.UTC().Format(time.RFC3339)
}

// PolicyName is the policy's name, "default" when unnamed.
func (r *Report) PolicyName() string {
	if r.Policy.Name == "" {
		return "default"
	}
	return r.Policy.Name
}

// AllRules returns the report's rules, adding a bare rule for any result whose rule is
// not listed (so every reporter can name it).
func (r *Report) AllRules() []Rule {
	out := append([]Rule(nil), r.Rules...)
	seen := make(map[string]bool, len(out))
	for _, ru := range out {
		seen[ru.ID] = true
	}
	for _, rr := range r.Repos {
		for _, res := range rr.Results {
			if !seen[res.RuleID] {
				seen[res.RuleID] = true
				out = append(out, Rule{ID: res.RuleID, Title: res.RuleID, Severity: res.Severity, Tags: []string{}})
			}
		}
	}
	return out
}

// Errors reports whether anything in the report could not be evaluated.
func (r *Report) Errors() bool {
	for _, rr := range r.Repos {
		if rr.Error != "" {
			return true
		}
		for _, res := range rr.Results {
			if res.Status == StatusError {
				return true
			}
		}
	}
	return false
}

// AddProblem marks the report incomplete and records why (a cancellation is not news).
func (r *Report) AddProblem(err error) {
	if err == nil {
		return
	}
	r.Incomplete = true
	if !errors.Is(err, context.Canceled) {
		r.Problems = append(r.Problems, err.Error())
	}
}
