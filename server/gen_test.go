package server

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/repogov/repogov/report"
)

// synthRules are the rules of the synthetic organization (21, like the built-in set).
var synthRules = func() []report.Rule {
	ids := []string{"readme", "license-file", "license-identified", "license-approved", "contributing", "code-of-conduct",
		"security-policy", "codeowners", "support", "changelog", "issue-templates", "pull-request-template", "governance",
		"maintainers", "publiccode-yml", "publiccode-yml-valid", "description", "homepage", "topics", "no-binaries", "funding"}
	out := make([]report.Rule, len(ids))
	for i, id := range ids {
		sev := report.Severity(1 + i%3)
		out[i] = report.Rule{ID: id, Title: "Has " + id, Doc: "Checks `" + id + "`.\n\nWhy it matters: governance.", HelpURL: report.DocsURL + "#" + id,
			Severity: sev, Tags: []string{"community"}}
	}
	return out
}()

// synthOrg makes runs of a synthetic organization: nRepos repositories in teams and
// topics, each run a week after the last with `churn` of the results flipping status.
// Visibility alternates public/private; codeowners records a default owner.
func synthOrg(nRepos, nRuns int, churn float64, seed uint64) []*report.Report {
	var out []*report.Report
	synthRuns(nRepos, nRuns, churn, seed, func(r *report.Report) { out = append(out, r) })
	return out
}

// synthRuns is synthOrg one run at a time (52 runs of 10,000 repositories do not fit in
// memory at once).
func synthRuns(nRepos, nRuns int, churn float64, seed uint64, each func(*report.Report)) {
	rng := rand.New(rand.NewPCG(seed, 1))
	start := time.Date(2025, 12, 1, 6, 0, 0, 0, time.UTC)
	teams := []string{"@acme/platform", "@acme/web", "@acme/data", "@acme/infra", "@acme/mobile"}
	topics := []string{"go", "python", "web", "cli", "ml", "infra"}
	// Each repository has a quality: good ones fail nothing, poor ones most rules.
	state := make([][]report.Status, nRepos)
	for i := range state {
		state[i] = make([]report.Status, len(synthRules))
		q := rng.Float64()
		for j := range state[i] {
			if rng.Float64() >= (1-q)*(1-q)*0.8 {
				state[i][j] = report.Pass
			} else {
				state[i][j] = report.Fail
			}
		}
	}
	for run := range nRuns {
		t := start.Add(time.Duration(run) * 7 * 24 * time.Hour)
		r := &report.Report{RunID: t.Format(time.RFC3339), Started: t, Finished: t.Add(90 * time.Second),
			Targets: []string{"github:acme"}, Policy: report.Policy{Name: "acme", Digest: "sha256:0123456789abcdef"}, Rules: synthRules}
		for i := range nRepos {
			if run > 0 {
				for j := range state[i] {
					if rng.Float64() < churn {
						if state[i][j] == report.Pass {
							state[i][j] = report.Fail
						} else {
							state[i][j] = report.Pass
						}
					}
				}
			}
			name := fmt.Sprintf("repo-%05d", i)
			vis := "public"
			if i%2 == 1 {
				vis = "private"
			}
			meta := report.Meta{Host: "github.com", Owner: "acme", Name: name, FullName: "acme/" + name, URL: "https://github.com/acme/" + name,
				ID: int64(1000 + i), DefaultBranch: "main", HeadOID: fmt.Sprintf("%040x", uint64(i*7919+run)), Visibility: vis,
				Description: fmt.Sprintf("Service number %d <b>bold</b>", i), Topics: []string{topics[i%len(topics)]}}
			rr := report.Repository{Meta: meta}
			for j, ru := range synthRules {
				res := report.Result{RuleID: ru.ID, Status: state[i][j], Severity: ru.Severity}
				switch {
				case ru.ID == "codeowners" && state[i][j] == report.Pass:
					res.Message = ".github/CODEOWNERS assigns owners (1 rules)"
					res.Facts = map[string]any{"path": ".github/CODEOWNERS", "rules": 1, "default-owners": []string{teams[i%len(teams)]}}
				case state[i][j] == report.Pass:
					res.Message = ru.ID + " is present"
				default:
					res.Message = ru.ID + " is missing"
					res.Findings = []report.Finding{{Path: ru.ID + ".md", Line: 1, Message: ru.ID + " is missing"}}
					res.Remediation = "Add " + ru.ID + ".md."
				}
				if ru.ID == "funding" && i%50 == 0 {
					res.Status, res.Reason = report.Exempt, "sponsored elsewhere"
					res.ExemptUntil = t.Add(time.Duration(10+i%40) * 24 * time.Hour)
				}
				rr.Results = append(rr.Results, res)
			}
			r.Repos = append(r.Repos, rr)
		}
		each(r)
	}
}
