// Package history holds the shapes of repogov's history — what changed between two runs,
// the organization over time, one repository over time — and computes a diff of two
// reports in memory. The store fills these from the database; reporters and the server
// render them. It imports only the report model, so renderers need no database driver.
package history

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/repogov/repogov/report"
)

// Period is the step of a trend.
type Period string

const (
	ByRun   Period = "run"
	ByWeek  Period = "week"
	ByMonth Period = "month"
)

// RunRef names a logical run: one run, or the runs of one label.
type RunRef struct {
	ID      int64     `json:"id"` // store run ID (the newest run of a label group)
	Label   string    `json:"label,omitempty"`
	Started time.Time `json:"started,omitzero"`
	Name    string    `json:"name"` // "run 12", "weekly-2026-48"
}

// Repo names a repository.
type Repo struct {
	Key      string `json:"key"`
	FullName string `json:"fullName"`
	URL      string `json:"url,omitempty"`
}

func repoOf(m report.Meta) Repo { return Repo{Key: m.Key(), FullName: m.FullName, URL: m.URL} }

// Totals are an organization's figures in one logical run.
type Totals struct {
	Repositories   int     `json:"repositories"`
	Scanned        int     `json:"scanned"`
	Compliant      int     `json:"compliant"`
	Failures       int     `json:"failures"`
	CompliantShare float64 `json:"compliantShare"` // 0–1
	MeanScore      float64 `json:"meanScore"`      // 0–100
}

// TotalsOf is a report's totals.
func TotalsOf(s report.Summary) Totals {
	return Totals{Repositories: s.Repositories, Scanned: s.Scanned, Compliant: s.FullyCompliant, Failures: s.Failures,
		CompliantShare: s.CompliantShare, MeanScore: s.MeanScore}
}

// Diff is what changed between two logical runs.
//
// A regression is a result that is fail now and was pass, inherited, not-applicable or
// exempt; a fix is one that was fail and is pass, inherited or not-applicable.
// Exemptions added and expired have their own lists (an expired exemption that now fails
// is a regression too); any other status change (to or from error, …) is in Other. Only
// repositories read in both runs have changes; the others are Added or Removed.
type Diff struct {
	From              RunRef        `json:"from"`
	To                RunRef        `json:"to"`
	FromTotals        Totals        `json:"fromTotals"`
	ToTotals          Totals        `json:"toTotals"`
	Regressions       []Change      `json:"regressions"`
	Fixes             []Change      `json:"fixes"`
	Other             []Change      `json:"other"`
	Added             []Repo        `json:"added"`
	Removed           []Repo        `json:"removed"`
	Archived          []Repo        `json:"archived"`
	Unarchived        []Repo        `json:"unarchived"`
	ExemptionsAdded   []Change      `json:"exemptionsAdded"`
	ExemptionsExpired []Change      `json:"exemptionsExpired"`
	Scores            []ScoreChange `json:"scores"`
}

// Regressed reports whether anything regressed.
func (d *Diff) Regressed() bool { return len(d.Regressions) > 0 }

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool {
	return len(d.Regressions)+len(d.Fixes)+len(d.Other)+len(d.Added)+len(d.Removed)+len(d.Archived)+
		len(d.Unarchived)+len(d.ExemptionsAdded)+len(d.ExemptionsExpired)+len(d.Scores) == 0
}

// Change is one result whose status changed.
type Change struct {
	Repo        Repo            `json:"repository"`
	RuleID      string          `json:"ruleId"`
	From        report.Status   `json:"from"`
	To          report.Status   `json:"to"`
	Severity    report.Severity `json:"severity"` // in To
	Message     string          `json:"message"`  // in To
	Reason      string          `json:"reason,omitempty"`
	ExemptUntil time.Time       `json:"exemptUntil,omitzero"`
	Commit      string          `json:"commit,omitempty"` // HEAD in To
}

// ScoreChange is a repository whose score changed.
type ScoreChange struct {
	Repo Repo    `json:"repository"`
	From float64 `json:"from"`
	To   float64 `json:"to"`
}

// Classify sorts a status change into the diff's lists: a regression or a fix; else an
// exemption added or expired (an expiry that fails is also a regression); else other.
func (d *Diff) Classify(c Change) {
	ok := func(s report.Status) bool {
		return s == report.Pass || s == report.Inherited || s == report.NotApplicable
	}
	exemption := false
	switch {
	case c.To == report.Exempt && c.From != report.Exempt:
		d.ExemptionsAdded, exemption = append(d.ExemptionsAdded, c), true
	case c.From == report.Exempt && c.To != report.Exempt:
		d.ExemptionsExpired, exemption = append(d.ExemptionsExpired, c), true
	}
	switch {
	case c.To == report.Fail && (ok(c.From) || c.From == report.Exempt):
		d.Regressions = append(d.Regressions, c)
	case c.From == report.Fail && ok(c.To):
		d.Fixes = append(d.Fixes, c)
	case !exemption:
		d.Other = append(d.Other, c)
	}
}

// Sort puts every list in a stable order: changes by repository then rule, scores by
// largest drop first.
func (d *Diff) Sort() {
	byRepoRule := func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Repo.Key, b.Repo.Key), cmp.Compare(a.RuleID, b.RuleID))
	}
	for _, l := range [][]Change{d.Regressions, d.Fixes, d.Other, d.ExemptionsAdded, d.ExemptionsExpired} {
		slices.SortFunc(l, byRepoRule)
	}
	for _, l := range [][]Repo{d.Added, d.Removed, d.Archived, d.Unarchived} {
		slices.SortFunc(l, func(a, b Repo) int { return cmp.Compare(a.Key, b.Key) })
	}
	slices.SortFunc(d.Scores, func(a, b ScoreChange) int {
		return cmp.Or(cmp.Compare(a.To-a.From, b.To-b.From), cmp.Compare(a.Repo.Key, b.Repo.Key))
	})
}

// Compare computes the diff of two reports in memory. The store computes the same from
// the changes it keeps; its tests hold the two equal.
func Compare(from, to *report.Report, fromRef, toRef RunRef) *Diff {
	d := &Diff{From: fromRef, To: toRef, FromTotals: TotalsOf(from.Summary()), ToTotals: TotalsOf(to.Summary())}
	old := make(map[string]int, len(from.Repos))
	for i, rr := range from.Repos {
		old[rr.Meta.Key()] = i
	}
	seen := make(map[string]bool, len(to.Repos))
	for _, rr := range to.Repos {
		key := rr.Meta.Key()
		seen[key] = true
		i, ok := old[key]
		if !ok {
			d.Added = append(d.Added, repoOf(rr.Meta))
			continue
		}
		prev := from.Repos[i]
		repo := repoOf(rr.Meta)
		if rr.Meta.Archived && !prev.Meta.Archived {
			d.Archived = append(d.Archived, repo)
		} else if !rr.Meta.Archived && prev.Meta.Archived {
			d.Unarchived = append(d.Unarchived, repo)
		}
		if a, b := from.Score(prev), to.Score(rr); a.Scored && b.Scored && a.Score != b.Score {
			d.Scores = append(d.Scores, ScoreChange{Repo: repo, From: a.Score, To: b.Score})
		}
		// Results of a repository read in both runs only: an unreadable repository has
		// no results to compare, which is not a change of every rule.
		if prev.Error != "" || rr.Error != "" {
			continue
		}
		for _, res := range rr.Results {
			p, ok := prev.Result(res.RuleID)
			if !ok || p.Status == res.Status {
				continue
			}
			c := Change{Repo: repo, RuleID: res.RuleID, From: p.Status, To: res.Status, Severity: res.Severity,
				Message: res.Message, Commit: rr.Meta.HeadOID}
			if res.Status == report.Exempt {
				c.Reason, c.ExemptUntil = res.Reason, res.ExemptUntil
			} else if p.Status == report.Exempt {
				c.Reason, c.ExemptUntil = p.Reason, p.ExemptUntil
			}
			d.Classify(c)
		}
	}
	for _, rr := range from.Repos {
		if !seen[rr.Meta.Key()] {
			d.Removed = append(d.Removed, repoOf(rr.Meta))
		}
	}
	d.Sort()
	return d
}

// Trend is the organization over time: one point per run, week or month.
type Trend struct {
	By     Period        `json:"by"`
	Rule   string        `json:"rule,omitempty"` // only this rule's series
	Points []Point       `json:"points"`         // oldest first
	Rules  []report.Rule `json:"rules"`          // metadata of the rules in the points, newest run's order
}

// Point is one period: the figures of the last logical run in it.
type Point struct {
	Period string      `json:"period"` // "2026-11-30T06:00:00Z" (by run), "2026-W48", "2026-11"
	Run    RunRef      `json:"run"`
	Totals Totals      `json:"totals"`
	Rules  []RulePoint `json:"rules"`
}

// RulePoint is one rule's outcomes in one period.
type RulePoint struct {
	RuleID        string  `json:"ruleId"`
	Pass          int     `json:"pass"`
	Fail          int     `json:"fail"`
	Inherited     int     `json:"inherited"`
	Exempt        int     `json:"exempt"`
	NotApplicable int     `json:"notApplicable"`
	Error         int     `json:"error"`
	PassRate      float64 `json:"passRate"` // (pass+inherited) / (pass+inherited+fail+error); 1 when none count
}

// Rate recomputes PassRate from the counts, as report.RuleSummary does.
func (p *RulePoint) Rate() {
	ok := p.Pass + p.Inherited
	if n := ok + p.Fail + p.Error; n > 0 {
		p.PassRate = math.Round(float64(ok)/float64(n)*1e4) / 1e4
	} else {
		p.PassRate = 1
	}
}

// PeriodOf is the label of the period t falls in.
func PeriodOf(by Period, t time.Time) string {
	t = t.UTC()
	switch by {
	case ByWeek:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case ByMonth:
		return t.Format("2006-01")
	}
	return t.Format(time.RFC3339)
}

// RepoHistory is one repository over time.
type RepoHistory struct {
	Repo    Repo           `json:"repository"`
	Changes []StatusChange `json:"changes"` // oldest first
	Scores  []ScorePoint   `json:"scores"`  // one per run containing the repository, oldest first
}

// StatusChange is a rule's status changing on a repository (From is "" for the first
// result the store holds, or after the repository was unreadable or the rule off).
type StatusChange struct {
	Run      RunRef          `json:"run"`
	Commit   string          `json:"commit,omitempty"`
	RuleID   string          `json:"ruleId"`
	From     report.Status   `json:"from"`
	To       report.Status   `json:"to"`
	Severity report.Severity `json:"severity"`
	Message  string          `json:"message"`
}

// ScorePoint is a repository's score in one run.
type ScorePoint struct {
	Run       RunRef  `json:"run"`
	Commit    string  `json:"commit,omitempty"`
	Error     string  `json:"error,omitempty"`
	Score     float64 `json:"score"`
	Scored    bool    `json:"scored"`
	Compliant bool    `json:"compliant"`
	Failures  int     `json:"failures"`
}

// Exemption is an exempt result and when it expires.
type Exemption struct {
	Repo        Repo      `json:"repository"`
	RuleID      string    `json:"ruleId"`
	Reason      string    `json:"reason"`
	ExemptUntil time.Time `json:"exemptUntil,omitzero"` // zero: no expiry
}

// OwnerSummary is one owner's (organization, user, group) figures.
type OwnerSummary struct {
	Host   string `json:"host"`
	Owner  string `json:"owner"`
	Totals Totals `json:"totals"`
}
