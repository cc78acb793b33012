package report

import (
	"fmt"
	"strings"
	"time"
)

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

// Statuses lists every status, in the order reports show them.
var Statuses = []Status{Pass, Fail, Inherited, Exempt, NotApplicable, StatusError}

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
	Reason      string         `json:"reason,omitempty"`      // exemption reason (exempt, or an expired exemption)
	ExemptUntil time.Time      `json:"exemptUntil,omitzero"`  // exemption expiry; zero: none or never
	Facts       map[string]any `json:"facts,omitempty"`       // rule-specific evidence, e.g. {"spdx": ["MIT"]}
}

// Failed reports whether the result counts against the repository.
func (r Result) Failed() bool { return r.Status == Fail }
