// Package rules defines the Rule value, the result shapes, and the built-in rules (one
// file each). Rules are pure: they read only through the snapshot they are given.
package rules

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/report"
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
	// Reads lists every path the rule may read, as doublestar globs relative to the
	// repository root ("LICENSE*", "docs/**"): hosted sources prefetch from it.
	Reads []string
	// Default: the rule is enabled unless the policy turns it off.
	Default bool
	Check   func(ctx context.Context, s *repo.Snapshot, opts Options) Result
}

// Info is the rule's metadata as the report model carries it.
func (r Rule) Info() report.Rule {
	tags := r.Tags
	if tags == nil {
		tags = []string{}
	}
	return report.Rule{ID: r.ID, Title: r.Title, Doc: r.Doc, HelpURL: r.HelpURL, Severity: r.Severity,
		Tags: tags, Inherits: r.Inherits, Precision: r.Precision, Expected: r.Expected}
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

// The result shapes belong to the report model; these aliases keep rules readable.
type (
	Severity = report.Severity
	Status   = report.Status
	Finding  = report.Finding
	Result   = report.Result
)

const (
	SeverityNone  = report.SeverityNone
	Note          = report.Note
	Warning       = report.Warning
	Error         = report.Error
	Pass          = report.Pass
	Fail          = report.Fail
	Inherited     = report.Inherited
	Exempt        = report.Exempt
	NotApplicable = report.NotApplicable
	StatusError   = report.StatusError
)

// ParseSeverity parses "error", "warning", "note" or "none".
func ParseSeverity(s string) (Severity, error) { return report.ParseSeverity(s) }

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

// readError is the error of a file that could not be read: the snapshot's errors name
// the path already ("read LICENSE: …"), so it is said once, not "reading X: read X: …".
func readError(p string, err error) error {
	if strings.Contains(err.Error(), p) {
		return err
	}
	return fmt.Errorf("reading %s: %w", p, err)
}
