package scanner

import (
	"time"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
)

// Report is the outcome of a scan, in a deterministic order (by repository key).
type Report struct {
	Started    time.Time
	Finished   time.Time
	Rules      []rules.Rule // the evaluated rules, in report order
	Repos      []RepoReport
	Incomplete bool     // interrupted, or enumeration failed part-way
	Problems   []string // why the report is incomplete

	// Run description for the reporters (set by the CLI; all optional).
	Targets      []string           // the scan targets as given
	Policy       string             // policy name; "" means "default"
	PolicyDigest string             // digest of the effective policy, e.g. "sha256:…"
	RunID        string             // identifies this run; "" means Started in RFC 3339
	Weights      map[string]float64 // score weight per rule id, overriding the severity weight
}

// RepoReport is one repository's results: one per rule, passes included.
type RepoReport struct {
	Meta    repo.Meta
	Error   string // set when the repository could not be read; Results is then empty
	Results []rules.Result
	Cached  bool // results reused from the cache (HEAD and policy unchanged)
}

// Worst returns the highest severity among failed results (SeverityNone when none).
func (r RepoReport) Worst() rules.Severity {
	w := rules.SeverityNone
	for _, res := range r.Results {
		if res.Failed() && res.Severity > w {
			w = res.Severity
		}
	}
	return w
}

// Errors reports whether anything in the report could not be evaluated.
func (r *Report) Errors() bool {
	for _, rr := range r.Repos {
		if rr.Error != "" {
			return true
		}
		for _, res := range rr.Results {
			if res.Status == rules.StatusError {
				return true
			}
		}
	}
	return false
}
