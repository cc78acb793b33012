// Package rules defines the Rule value, the result shapes, and the built-in rules (one
// file each). Rules are pure: they read only through the snapshot they are given.
package rules

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/repogov/repogov/repo"
)

// Rule is a value, not an interface (like go/analysis.Analyzer): fields can be added
// later without breaking anyone.
type Rule struct {
	ID        string   // kebab-case, stable, public API: never reused
	Title     string   // one line
	Doc       string   // why it matters and how to fix it (markdown); first paragraph is the summary
	HelpURL   string   // the rule's section in docs/rules.md
	Severity  Severity // default severity
	Tags      []string // e.g. "community", "legal", "security", "standard-for-public-code"
	Inherits  bool     // may be satisfied by the organization's .github repository
	Precision string   // SARIF precision: "very-high" for structure checks, "high" for content heuristics
	Params    []Param  // options the policy may set for this rule
	// Expected is the canonical path a failing result points at when nothing was found.
	Expected string
	Check    func(ctx context.Context, s *repo.Snapshot, opts Options) Result
}

// Param documents one option a rule accepts from the policy.
type Param struct {
	Name    string // kebab-case
	Type    string // "int", "bool", "string", "strings"
	Default any
	Doc     string
}

// Options carries what the policy sets for one rule.
type Options struct {
	Now    time.Time      // the scan's clock; rules never call time.Now
	Params map[string]any // validated against Rule.Params by the policy
}

// Int returns the int parameter name, or def.
func (o Options) Int(name string, def int) int {
	switch v := o.Params[name].(type) {
	case int:
		return v
	case int64:
		return int(v)
	case float64:
		return int(v)
	}
	return def
}

// Bool returns the bool parameter name, or def.
func (o Options) Bool(name string, def bool) bool {
	if v, ok := o.Params[name].(bool); ok {
		return v
	}
	return def
}

// String returns the string parameter name, or def.
func (o Options) String(name, def string) string {
	if v, ok := o.Params[name].(string); ok {
		return v
	}
	return def
}

// Strings returns the list parameter name, or nil.
func (o Options) Strings(name string) []string {
	switch v := o.Params[name].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	return nil
}

// Severity orders how much a failure matters.
type Severity int

const (
	SeverityNone Severity = iota // only for --fail-on none
	Note
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Note:
		return "note"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "none"
}

// ParseSeverity parses "error", "warning", "note" or "none".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "note":
		return Note, nil
	case "none":
		return SeverityNone, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning, note or none)", s)
}

func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// Status is the outcome of one rule on one repository.
type Status string

const (
	Pass          Status = "pass"
	Fail          Status = "fail"
	Inherited     Status = "inherited" // satisfied by the organization's .github repository
	Exempt        Status = "exempt"
	NotApplicable Status = "not-applicable"
	StatusError   Status = "error" // the rule could not be evaluated
)

// Finding says what is wrong and where: the path found or expected, 1-based line and
// column when known (0 otherwise).
type Finding struct {
	Path    string `json:"path,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
	// Key distinguishes findings in one file independently of position, for stable
	// fingerprints: a publiccode.yml "key|code", a CODEOWNERS line text.
	Key string `json:"key,omitempty"`
}

// Result is one rule evaluated on one repository.
type Result struct {
	RuleID      string         `json:"ruleId"`
	Status      Status         `json:"status"`
	Severity    Severity       `json:"severity"` // after policy
	Message     string         `json:"message"`
	Findings    []Finding      `json:"findings,omitempty"`
	Remediation string         `json:"remediation,omitempty"` // what to do, one or two sentences
	Reason      string         `json:"reason,omitempty"`      // for exempt: the policy's reason
	Facts       map[string]any `json:"facts,omitempty"`       // rule-specific evidence, e.g. {"spdx": ["MIT"]}
}

// Failed reports whether the result counts against the repository.
func (r Result) Failed() bool { return r.Status == Fail }

// Config is a rule as the policy configured it for a scan.
type Config struct {
	Rule     Rule
	Severity Severity
	Options  Options
	// InheritedFails makes an inherited result count as a failure (policy "require-own").
	InheritedFails bool
}

// Defaults configures rules with their default severities and no options.
func Defaults(rs []Rule) []Config {
	out := make([]Config, len(rs))
	for i, r := range rs {
		out[i] = Config{Rule: r, Severity: r.Severity}
	}
	return out
}

// Exemption excuses one repository from one rule.
type Exemption struct {
	Reason  string
	Expires time.Time // zero: never
	Origin  string    // where it was declared, e.g. ".repogov.yml:12:3"
}

// Lookup finds the rule with id in rs.
func Lookup(rs []Rule, id string) (Rule, bool) {
	for _, r := range rs {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}
