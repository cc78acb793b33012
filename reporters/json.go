package reporters

import (
	"encoding/json"
	"io"
	"strings"
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
	return j.stream(w, r, "  ")
}

// stream writes the document one repository at a time, so memory does not grow with
// the size of the report: the same bytes as json.MarshalIndent(j.document(r), "",
// indent) and a newline, or as json.Marshal when indent is "" (no newline).
func (j JSON) stream(w io.Writer, r *report.Report, indent string) error {
	doc := j.head(r)
	sw := &jsonStream{w: w, indent: indent}
	sw.raw("{")
	sw.field("$schema", doc.Schema)
	sw.field("schemaVersion", doc.SchemaVersion)
	sw.field("tool", doc.Tool)
	sw.field("runId", doc.RunID)
	sw.field("startedAt", doc.Started)
	sw.field("finishedAt", doc.Finished)
	sw.field("targets", doc.Targets)
	sw.field("policy", doc.Policy)
	sw.field("complete", doc.Complete)
	sw.field("problems", doc.Problems)
	sw.field("rules", doc.Rules)
	sw.key("repositories")
	if len(r.Repos) == 0 {
		sw.raw("[]")
	} else {
		sw.raw("[")
		sum := doc.sum
		for i, rr := range r.Repos {
			if i > 0 {
				sw.raw(",")
			}
			sw.newline(2)
			sw.value(jsonRepo(rr, sum.Repos[i]), 2)
		}
		sw.newline(1)
		sw.raw("]")
	}
	sw.field("summary", doc.Summary)
	sw.newline(0)
	sw.raw("}")
	if indent != "" {
		sw.raw("\n")
	}
	return sw.err
}

// jsonStream writes a JSON object field by field, indented like json.MarshalIndent.
type jsonStream struct {
	w      io.Writer
	indent string
	fields int
	err    error
}

func (s *jsonStream) raw(t string) {
	if s.err == nil {
		_, s.err = io.WriteString(s.w, t)
	}
}

func (s *jsonStream) newline(depth int) {
	if s.indent != "" {
		s.raw("\n" + strings.Repeat(s.indent, depth))
	}
}

func (s *jsonStream) key(k string) {
	if s.fields > 0 {
		s.raw(",")
	}
	s.fields++
	s.newline(1)
	b, _ := json.Marshal(k)
	s.raw(string(b) + ":")
	if s.indent != "" {
		s.raw(" ")
	}
}

func (s *jsonStream) value(v any, depth int) {
	if s.err != nil {
		return
	}
	var b []byte
	if s.indent == "" {
		b, s.err = json.Marshal(v)
	} else {
		b, s.err = json.MarshalIndent(v, strings.Repeat(s.indent, depth), s.indent)
	}
	if s.err == nil {
		_, s.err = s.w.Write(b)
	}
}

func (s *jsonStream) field(k string, v any) {
	s.key(k)
	s.value(v, 1)
}

func jsonRepo(rr report.Repository, s report.RepoScore) jsonRepository {
	jr := jsonRepository{Key: s.Key, Meta: rr.Meta, Error: rr.Error, Cached: rr.Cached,
		Compliant: s.Compliant, Results: nonNil(rr.Results)}
	if s.Scored {
		jr.Score = &s.Score
	}
	return jr
}

// jsonHead is the document without its repositories, and the summary it was made from.
type jsonHead struct {
	jsonReport
	sum report.Summary
}

// document is the whole document in memory (tests, and small reports).
func (j JSON) document(r *report.Report) jsonReport {
	doc := j.head(r)
	for i, rr := range r.Repos {
		doc.Repositories = append(doc.Repositories, jsonRepo(rr, doc.sum.Repos[i]))
	}
	return doc.jsonReport
}

func (j JSON) head(r *report.Report) jsonHead {
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
	return jsonHead{doc, sum}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
