package report

import (
	"math"
)

// Default score weights by effective severity. The policy may override the weight of any
// rule (Report.Weights).
var severityWeights = map[Severity]float64{Error: 3, Warning: 2, Note: 1}

// Summary is the organization view of a report: scores and counts.
//
// Scoring (documented in docs/reports.md):
//   - each result carries a weight: Report.Weights[rule id] when set, else 3 for an error,
//     2 for a warning and 1 for a note (its effective severity);
//   - pass and inherited earn their weight; fail and error count in the denominator and
//     earn nothing (an unverifiable rule is not compliance); exempt and not-applicable are
//     left out;
//   - score = 100 × earned / counted, rounded to one decimal; 100 when nothing counts;
//   - a repository that could not be read has no score and is never compliant.
//
// A repository is fully compliant when it was read and no result is fail or error.
type Summary struct {
	Repositories   int            `json:"repositories"`   // in the report
	Scanned        int            `json:"scanned"`        // read and evaluated
	Unreadable     int            `json:"unreadable"`     // could not be read (Repository.Error)
	FullyCompliant int            `json:"fullyCompliant"` // among Scanned
	CompliantShare float64        `json:"compliantShare"` // FullyCompliant / Scanned, 0–1 (4 decimals)
	MeanScore      float64        `json:"meanScore"`      // mean of the scanned repositories' scores
	Failures       int            `json:"failures"`       // fail results
	Duration       float64        `json:"durationSeconds"`
	Rules          []RuleSummary  `json:"rules"`    // in report rule order
	Repos          []RepoScore    `json:"-"`        // per repository, in report order
	ByStatus       map[string]int `json:"byStatus"` // results per status
}

// RuleSummary counts one rule's outcomes across repositories.
type RuleSummary struct {
	RuleID        string  `json:"ruleId"`
	Pass          int     `json:"pass"`
	Fail          int     `json:"fail"`
	Inherited     int     `json:"inherited"`
	Exempt        int     `json:"exempt"`
	NotApplicable int     `json:"notApplicable"`
	Error         int     `json:"error"`
	PassRate      float64 `json:"passRate"` // (pass+inherited) / (pass+inherited+fail+error), 0–1; 1 when none count
}

// RepoScore is one repository's score.
type RepoScore struct {
	Key       string  `json:"key"`
	Score     float64 `json:"score"` // 0–100; 0 for an unreadable repository
	Scored    bool    `json:"scored"`
	Compliant bool    `json:"compliant"`
	Failures  int     `json:"failures"`
	Errors    int     `json:"errors"`
}

// Weight is the score weight of a result.
func (r *Report) Weight(res Result) float64 {
	if w, ok := r.Weights[res.RuleID]; ok {
		return w
	}
	return severityWeights[res.Severity]
}

// Score computes one repository's score (see Summary).
func (r *Report) Score(rr Repository) RepoScore {
	s := RepoScore{Key: rr.Meta.Key()}
	if rr.Error != "" {
		s.Errors = 1
		return s
	}
	var earned, counted float64
	for _, res := range rr.Results {
		w := r.Weight(res)
		switch res.Status {
		case Pass, Inherited:
			earned += w
			counted += w
		case Fail:
			counted += w
			s.Failures++
		case StatusError:
			counted += w
			s.Errors++
		}
	}
	s.Scored = true
	s.Score = 100
	if counted > 0 {
		s.Score = round(100*earned/counted, 1)
	}
	s.Compliant = s.Failures == 0 && s.Errors == 0
	return s
}

// Summary computes scores and counts over the report.
func (r *Report) Summary() Summary {
	sum := Summary{Repositories: len(r.Repos), ByStatus: map[string]int{}}
	if !r.Started.IsZero() && !r.Finished.IsZero() {
		sum.Duration = round(r.Finished.Sub(r.Started).Seconds(), 3)
	}
	idx := map[string]int{}
	for _, ru := range r.Rules {
		idx[ru.ID] = len(sum.Rules)
		sum.Rules = append(sum.Rules, RuleSummary{RuleID: ru.ID})
	}
	var total float64
	for _, rr := range r.Repos {
		s := r.Score(rr)
		sum.Repos = append(sum.Repos, s)
		if !s.Scored {
			sum.Unreadable++
			continue
		}
		sum.Scanned++
		total += s.Score
		if s.Compliant {
			sum.FullyCompliant++
		}
		sum.Failures += s.Failures
		for _, res := range rr.Results {
			sum.ByStatus[string(res.Status)]++
			i, ok := idx[res.RuleID]
			if !ok {
				idx[res.RuleID] = len(sum.Rules)
				i = len(sum.Rules)
				sum.Rules = append(sum.Rules, RuleSummary{RuleID: res.RuleID})
			}
			rs := &sum.Rules[i]
			switch res.Status {
			case Pass:
				rs.Pass++
			case Fail:
				rs.Fail++
			case Inherited:
				rs.Inherited++
			case Exempt:
				rs.Exempt++
			case NotApplicable:
				rs.NotApplicable++
			case StatusError:
				rs.Error++
			}
		}
	}
	for i := range sum.Rules {
		rs := &sum.Rules[i]
		ok := rs.Pass + rs.Inherited
		if n := ok + rs.Fail + rs.Error; n > 0 {
			rs.PassRate = round(float64(ok)/float64(n), 4)
		} else {
			rs.PassRate = 1
		}
	}
	if sum.Scanned > 0 {
		sum.MeanScore = round(total/float64(sum.Scanned), 1)
		sum.CompliantShare = round(float64(sum.FullyCompliant)/float64(sum.Scanned), 4)
	}
	return sum
}

func round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(x*p) / p
}
