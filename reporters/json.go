package reporters

import (
	"encoding/json"
	"io"
	"time"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/report"
)

// JSONSchemaVersion is the version of the JSON report's shape (docs/report.schema.json).
// Adding optional properties keeps it; removing or changing one bumps it.
const JSONSchemaVersion = "1"

// JSONSchemaID is the $id of docs/report.schema.json, written as the report's $schema.
const JSONSchemaID = "https://github.com/repogov/repogov/blob/main/docs/report.schema.json"

// JSON is the whole report for machines: run metadata, every result (passes too) with
// findings, and the summary with scores. Its shape is docs/report.schema.json.
type JSON struct{ Opts Options }

type jsonReport struct {
	Schema        string           `json:"$schema"`
	SchemaVersion string           `json:"schemaVersion"`
	Tool          jsonTool         `json:"tool"`
	RunID         string           `json:"runId"`
	Started       time.Time        `json:"startedAt"`
	Finished      time.Time        `json:"finishedAt"`
	Targets       []string         `json:"targets"`
	Policy        jsonPolicy       `json:"policy"`
	Complete      bool             `json:"complete"`
	Problems      []string         `json:"problems"`
	Rules         []jsonRule       `json:"rules"`
	Repositories  []jsonRepository `json:"repositories"`
	Summary       jsonSummary      `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	URI     string `json:"informationUri"`
}

type jsonPolicy struct {
	Name   string `json:"name"`
	Digest string `json:"digest,omitempty"`
}

type jsonRule struct {
	ID       string          `json:"id"`
	Title    string          `json:"title"`
	Severity report.Severity `json:"severity"` // default severity
	Tags     []string        `json:"tags"`
	HelpURL  string          `json:"helpUri,omitempty"`
	Inherits bool            `json:"inherits"`
}

type jsonRepository struct {
	Key       string          `json:"key"`
	Meta      repo.Meta       `json:"meta"`
	Error     string          `json:"error,omitempty"`
	Cached    bool            `json:"cached"`
	Score     *float64        `json:"score"` // null when the repository could not be read
	Compliant bool            `json:"compliant"`
	Results   []report.Result `json:"results"`
}

type jsonSummary struct {
	Repositories   int              `json:"repositories"`
	Scanned        int              `json:"scanned"`
	Unreadable     int              `json:"unreadable"`
	FullyCompliant int              `json:"fullyCompliant"`
	CompliantShare float64          `json:"compliantShare"`
	MeanScore      float64          `json:"meanScore"`
	Failures       int              `json:"failures"`
	Duration       float64          `json:"durationSeconds"`
	ByStatus       map[string]int   `json:"byStatus"`
	Rules          []jsonRuleCounts `json:"rules"`
}

type jsonRuleCounts struct {
	report.RuleSummary
	Weight float64 `json:"weight"` // score weight at the rule's default severity
}

func (j JSON) Write(w io.Writer, r *report.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(j.document(r))
}

func (j JSON) document(r *report.Report) jsonReport {
	sum := r.Summary()
	all := r.AllRules()
	doc := jsonReport{
		Schema:        JSONSchemaID,
		SchemaVersion: JSONSchemaVersion,
		Tool:          jsonTool{Name: toolName, Version: j.Opts.version(), URI: toolInfoURI},
		RunID:         r.ID(),
		Started:       r.Started.UTC(),
		Finished:      r.Finished.UTC(),
		Targets:       nonNil(r.Targets),
		Policy:        jsonPolicy{Name: r.PolicyName(), Digest: r.Policy.Digest},
		Complete:      !r.Incomplete,
		Problems:      nonNil(r.Problems),
		Rules:         []jsonRule{},
		Repositories:  []jsonRepository{},
	}
	for _, ru := range all {
		doc.Rules = append(doc.Rules, jsonRule{ID: ru.ID, Title: ru.Title, Severity: ru.Severity,
			Tags: nonNil(ru.Tags), HelpURL: ru.HelpURL, Inherits: ru.Inherits})
	}
	for i, rr := range r.Repos {
		s := sum.Repos[i]
		jr := jsonRepository{Key: s.Key, Meta: rr.Meta, Error: rr.Error, Cached: rr.Cached,
			Compliant: s.Compliant, Results: nonNil(rr.Results)}
		if s.Scored {
			jr.Score = &s.Score
		}
		doc.Repositories = append(doc.Repositories, jr)
	}
	doc.Summary = jsonSummary{
		Repositories: sum.Repositories, Scanned: sum.Scanned, Unreadable: sum.Unreadable,
		FullyCompliant: sum.FullyCompliant, CompliantShare: sum.CompliantShare,
		MeanScore: sum.MeanScore, Failures: sum.Failures, Duration: sum.Duration,
		ByStatus: sum.ByStatus, Rules: []jsonRuleCounts{},
	}
	for _, rs := range sum.Rules {
		ru, _ := lookupRule(all, rs.RuleID)
		weight := r.Weight(report.Result{RuleID: ru.ID, Severity: ru.Severity})
		doc.Summary.Rules = append(doc.Summary.Rules, jsonRuleCounts{RuleSummary: rs, Weight: weight})
	}
	return doc
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
