package reporters

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/repogov/repogov/report"
)

// CodeQuality writes GitLab's Code Quality report (artifacts:reports:codequality,
// specs/gitlab-api.md §9.1): one JSON array, no byte-order mark, one issue per failed
// finding with description, check_name, fingerprint, severity and
// location.path + location.lines.begin, so GitLab shows new and resolved findings in
// merge-request widgets.
//
// Severity mapping (GitLab's levels are info, minor, major, critical, blocker; a
// governance gap is never a blocker of the code itself):
//
//	error   → major
//	warning → minor
//	note    → info
//
// check_name is "repogov/" + the rule id. The fingerprint is the SARIF partial
// fingerprint (rule id, repository key, path, finding key): stable across runs, line
// moves and wording changes, and unique per finding. Paths are relative to the
// repository; in a report of several repositories the description starts with the
// repository's full name.
type CodeQuality struct{ Opts Options }

type cqIssue struct {
	Description string     `json:"description"`
	CheckName   string     `json:"check_name"`
	Fingerprint string     `json:"fingerprint"`
	Severity    string     `json:"severity"`
	Location    cqLocation `json:"location"`
}

type cqLocation struct {
	Path  string  `json:"path"`
	Lines cqLines `json:"lines"`
}

type cqLines struct {
	Begin int `json:"begin"`
}

// CodeQualitySeverity maps a rule severity to GitLab's Code Quality severity.
func CodeQualitySeverity(s report.Severity) string {
	switch s {
	case report.Error:
		return "major"
	case report.Warning:
		return "minor"
	}
	return "info"
}

// Write streams the issues one at a time (memory does not grow with the report): the
// bytes of a json.Encoder with two-space indentation over the whole list.
func (c CodeQuality) Write(w io.Writer, r *report.Report) error {
	n := 0
	err := c.each(r, func(is cqIssue) error {
		b, err := json.MarshalIndent(is, "  ", "  ")
		if err != nil {
			return err
		}
		sep := "[\n  "
		if n > 0 {
			sep = ",\n  "
		}
		n++
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	end := "\n]\n"
	if n == 0 {
		end = "[]\n"
	}
	_, err = io.WriteString(w, end)
	return err
}

// each makes the report's issues, in order.
func (c CodeQuality) each(r *report.Report, emit func(cqIssue) error) error {
	byID := map[string]report.Rule{}
	for _, ru := range r.AllRules() {
		byID[ru.ID] = ru
	}
	several := len(r.Repos) > 1
	for _, rr := range r.Repos {
		key := RepoKey(rr.Meta)
		for _, res := range rr.Results {
			if !res.Failed() {
				continue
			}
			ru := byID[res.RuleID]
			for _, g := range groupFindings(res, ru) {
				d := resultText(res, g)
				if several {
					d = repoName(rr) + ": " + d
				}
				err := emit(cqIssue{
					Description: strings.TrimSpace(d),
					CheckName:   "repogov/" + res.RuleID,
					Fingerprint: Fingerprint(res.RuleID, key, g.path, g.key),
					Severity:    CodeQualitySeverity(res.Severity),
					Location:    cqLocation{Path: g.path, Lines: cqLines{Begin: max(g.line, 1)}},
				})
				if err != nil {
					return err
				}
			}
		}
	}
	return nil
}
