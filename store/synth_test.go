package store

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/repogov/repogov/report"
)

// org is a synthetic organization that evolves week by week: the tests and benchmarks'
// stand-in for a real org scanned every week.
type org struct {
	rng   *rand.Rand
	rules []report.Rule
	repos []report.Repository
	week  int
	t0    time.Time
}

func newOrg(seed uint64, repos, rules int) *org {
	o := &org{rng: rand.New(rand.NewPCG(seed, 7)), t0: time.Date(2026, 1, 5, 6, 0, 0, 0, time.UTC)}
	for i := range rules {
		o.rules = append(o.rules, report.Rule{
			ID:       fmt.Sprintf("rule-%02d", i+1),
			Title:    fmt.Sprintf("Rule %d holds", i+1),
			Doc:      fmt.Sprintf("Rule %d matters because repositories need it.\n\nFix it by adding the file.", i+1),
			HelpURL:  report.DocsURL + fmt.Sprintf("#rule-%02d", i+1),
			Severity: report.Severity(1 + i%3),
			Tags:     []string{"community"},
			Inherits: i%4 == 0,
			Expected: fmt.Sprintf("FILE%d.md", i+1),
		})
	}
	for i := range repos {
		name := fmt.Sprintf("repo-%05d", i)
		rr := report.Repository{Meta: report.Meta{
			Host: "github.com", Owner: "acme", Name: name, FullName: "acme/" + name,
			URL: "https://github.com/acme/" + name, ID: int64(1000 + i), DefaultBranch: "main",
			HeadOID: fmt.Sprintf("%040x", o.rng.Uint64()), Visibility: []string{"public", "private", "internal"}[i%3],
			Description: "Service " + name, Topics: []string{[]string{"api", "web", "tool"}[i%3]},
			PushedAt: o.t0.Add(-time.Duration(i) * time.Hour),
		}}
		for _, ru := range o.rules {
			rr.Results = append(rr.Results, o.result(ru, rr.Meta))
		}
		o.repos = append(o.repos, rr)
	}
	return o
}

// result draws a result: mostly passes, some failures with findings, a few exemptions.
func (o *org) result(ru report.Rule, m report.Meta) report.Result {
	res := report.Result{RuleID: ru.ID, Severity: ru.Severity}
	switch x := o.rng.IntN(100); {
	case x < 60:
		res.Status, res.Message = report.Pass, ru.Expected+" found"
		if ru.ID == "rule-01" {
			res.Facts = map[string]any{"spdx": []any{"MIT"}, "bytes": float64(1000 + o.rng.IntN(5000))}
		}
		if ru.ID == "rule-02" {
			// Per-repository messages: not every result content is shared.
			res.Message = fmt.Sprintf("%s found (%d lines)", ru.Expected, 10+o.rng.IntN(400))
		}
	case x < 88:
		res.Status, res.Message = report.Fail, "no "+ru.Expected
		res.Findings = []report.Finding{{Path: ru.Expected, Message: "expected " + ru.Expected}}
		res.Remediation = "Add " + ru.Expected + "."
	case x < 92:
		res.Status, res.Message = report.Inherited, ru.Expected+" inherited from acme/.github"
	case x < 96:
		res.Status, res.Message = report.NotApplicable, "not applicable to archived repositories"
	case x < 99:
		res.Status, res.Message, res.Reason = report.Exempt, "exempt", "legacy service"
		res.ExemptUntil = o.t0.AddDate(0, 6, 0)
	default:
		res.Status, res.Message = report.StatusError, "could not read "+ru.Expected
	}
	return res
}

// report is the org's current state as one run's report.
func (o *org) report(label string) *report.Report {
	r := &report.Report{
		RunID:    fmt.Sprintf("week-%02d", o.week),
		Label:    label,
		Started:  o.t0.AddDate(0, 0, 7*o.week),
		Finished: o.t0.AddDate(0, 0, 7*o.week).Add(95 * time.Second),
		Targets:  []string{"github:acme"},
		Policy:   report.Policy{Name: "acme", Digest: "sha256:abc"},
		Rules:    append([]report.Rule(nil), o.rules...),
		Weights:  map[string]float64{"rule-03": 5},
	}
	for _, rr := range o.repos {
		c := rr
		c.Results = append([]report.Result(nil), rr.Results...)
		r.Repos = append(r.Repos, c)
	}
	return r
}

// advance moves a week on: share of all results drawn anew (most of which change), and a
// new commit on the repositories touched.
func (o *org) advance(share float64) {
	o.week++
	n := int(share * float64(len(o.repos)*len(o.rules)))
	for range n {
		i, j := o.rng.IntN(len(o.repos)), o.rng.IntN(len(o.rules))
		rr := &o.repos[i]
		if rr.Error != "" {
			continue
		}
		rr.Results[j] = o.result(o.rules[j], rr.Meta)
		rr.Meta.HeadOID = fmt.Sprintf("%040x", o.rng.Uint64())
	}
}
