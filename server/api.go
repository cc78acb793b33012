package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/store"
)

// The JSON API (/api/v1/, documented in docs/openapi.yaml). Its types are explicit so that
// the wire format never changes by accident when a store type gains a field.

type apiRun struct {
	ID             int64     `json:"id"`
	RunID          string    `json:"runId"`
	Label          string    `json:"label"`
	Started        time.Time `json:"started"`
	Finished       time.Time `json:"finished"`
	Tool           string    `json:"tool"`
	Policy         string    `json:"policy"`
	PolicyDigest   string    `json:"policyDigest"`
	Targets        []string  `json:"targets"`
	Complete       bool      `json:"complete"`
	Problems       []string  `json:"problems"`
	Repositories   int       `json:"repositories"`
	Compliant      int       `json:"compliant"`
	CompliantShare float64   `json:"compliantShare"`
	MeanScore      float64   `json:"meanScore"`
	Failures       int       `json:"failures"`
}

func toAPIRun(r store.Run) apiRun {
	return apiRun{ID: r.ID, RunID: r.RunID, Label: r.Label, Started: r.Started, Finished: r.Finished, Tool: r.Tool,
		Policy: r.Policy, PolicyDigest: r.PolicyDigest, Targets: nonNil(r.Targets), Complete: !r.Incomplete,
		Problems: nonNil(r.Problems), Repositories: r.Repositories, Compliant: r.Compliant,
		CompliantShare: r.CompliantShare, MeanScore: r.MeanScore, Failures: r.Failures}
}

type apiRepo struct {
	Key        string   `json:"key"`
	Host       string   `json:"host"`
	Owner      string   `json:"owner"`
	Name       string   `json:"name"`
	FullName   string   `json:"fullName"`
	URL        string   `json:"url"`
	Visibility string   `json:"visibility"`
	Archived   bool     `json:"archived"`
	Topics     []string `json:"topics"`
	Team       string   `json:"team"`
	Error      string   `json:"error,omitempty"`
	Score      *float64 `json:"score"` // null: unreadable
	Compliant  bool     `json:"compliant"`
	Failures   int      `json:"failures"`
	Worst      string   `json:"worst"` // worst failing severity: none, note, warning, error
}

func toAPIRepo(r repoRow) apiRepo {
	a := apiRepo{Key: r.Key, Host: r.Meta.Host, Owner: r.Meta.Owner, Name: r.Meta.Name, FullName: r.Meta.FullName, URL: r.Meta.URL,
		Visibility: visibility(r.Meta), Archived: r.Meta.Archived, Topics: nonNil(r.Meta.Topics), Team: r.Team, Error: r.Error,
		Compliant: r.Score.Compliant, Failures: r.Score.Failures, Worst: r.Worst.String()}
	if r.Score.Scored {
		v := r.Score.Score
		a.Score = &v
	}
	return a
}

type apiRef struct {
	ID      int64     `json:"id"`
	Label   string    `json:"label"`
	Started time.Time `json:"started"`
	Name    string    `json:"name"`
}

func toAPIRef(r history.RunRef) apiRef {
	return apiRef{ID: r.ID, Label: r.Label, Started: r.Started, Name: r.Name}
}

type apiRepoRef struct {
	Key      string `json:"key"`
	FullName string `json:"fullName"`
	URL      string `json:"url"`
}

type apiChange struct {
	Repository  apiRepoRef `json:"repository"`
	RuleID      string     `json:"ruleId"`
	From        string     `json:"from"`
	To          string     `json:"to"`
	Severity    string     `json:"severity"`
	Message     string     `json:"message"`
	Reason      string     `json:"reason,omitempty"`
	ExemptUntil *time.Time `json:"exemptUntil,omitempty"`
	Commit      string     `json:"commit,omitempty"`
}

type apiTotals struct {
	Repositories   int     `json:"repositories"`
	Scanned        int     `json:"scanned"`
	Compliant      int     `json:"compliant"`
	Failures       int     `json:"failures"`
	CompliantShare float64 `json:"compliantShare"`
	MeanScore      float64 `json:"meanScore"`
}

func toAPITotals(t history.Totals) apiTotals {
	return apiTotals{Repositories: t.Repositories, Scanned: t.Scanned, Compliant: t.Compliant, Failures: t.Failures,
		CompliantShare: t.CompliantShare, MeanScore: t.MeanScore}
}

func repoRef(r history.Repo) apiRepoRef {
	return apiRepoRef{Key: r.Key, FullName: r.FullName, URL: r.URL}
}

func changes(cs []history.Change) []apiChange {
	out := make([]apiChange, 0, len(cs))
	for _, c := range cs {
		a := apiChange{Repository: repoRef(c.Repo), RuleID: c.RuleID, From: string(c.From), To: string(c.To),
			Severity: c.Severity.String(), Message: c.Message, Reason: c.Reason, Commit: c.Commit}
		if !c.ExemptUntil.IsZero() {
			t := c.ExemptUntil
			a.ExemptUntil = &t
		}
		out = append(out, a)
	}
	return out
}

func repoRefs(rs []history.Repo) []apiRepoRef {
	out := make([]apiRepoRef, 0, len(rs))
	for _, r := range rs {
		out = append(out, repoRef(r))
	}
	return out
}

type apiScoreChange struct {
	Repository apiRepoRef `json:"repository"`
	From       float64    `json:"from"`
	To         float64    `json:"to"`
}

type apiDiff struct {
	From              apiRef           `json:"from"`
	To                apiRef           `json:"to"`
	Regressions       []apiChange      `json:"regressions"`
	Fixes             []apiChange      `json:"fixes"`
	Other             []apiChange      `json:"other"`
	ExemptionsAdded   []apiChange      `json:"exemptionsAdded"`
	ExemptionsExpired []apiChange      `json:"exemptionsExpired"`
	Added             []apiRepoRef     `json:"added"`
	Removed           []apiRepoRef     `json:"removed"`
	Archived          []apiRepoRef     `json:"archived"`
	Unarchived        []apiRepoRef     `json:"unarchived"`
	Scores            []apiScoreChange `json:"scores"`
	FromTotals        apiTotals        `json:"fromTotals"`
	ToTotals          apiTotals        `json:"toTotals"`
}

func toAPIDiff(d *history.Diff) apiDiff {
	a := apiDiff{From: toAPIRef(d.From), To: toAPIRef(d.To), Regressions: changes(d.Regressions), Fixes: changes(d.Fixes),
		Other: changes(d.Other), ExemptionsAdded: changes(d.ExemptionsAdded), ExemptionsExpired: changes(d.ExemptionsExpired),
		Added: repoRefs(d.Added), Removed: repoRefs(d.Removed), Archived: repoRefs(d.Archived), Unarchived: repoRefs(d.Unarchived),
		Scores: []apiScoreChange{}, FromTotals: toAPITotals(d.FromTotals), ToTotals: toAPITotals(d.ToTotals)}
	for _, sc := range d.Scores {
		a.Scores = append(a.Scores, apiScoreChange{Repository: repoRef(sc.Repo), From: sc.From, To: sc.To})
	}
	return a
}

type apiRulePoint struct {
	RuleID        string  `json:"ruleId"`
	Pass          int     `json:"pass"`
	Fail          int     `json:"fail"`
	Inherited     int     `json:"inherited"`
	Exempt        int     `json:"exempt"`
	NotApplicable int     `json:"notApplicable"`
	Error         int     `json:"error"`
	PassRate      float64 `json:"passRate"`
}

type apiPoint struct {
	Period string         `json:"period"`
	Run    apiRef         `json:"run"`
	Totals apiTotals      `json:"totals"`
	Rules  []apiRulePoint `json:"rules"`
}

type apiTrend struct {
	By     string     `json:"by"`
	Points []apiPoint `json:"points"`
}

func toAPITrend(t *history.Trend) apiTrend {
	a := apiTrend{By: string(t.By), Points: []apiPoint{}}
	if a.By == "" {
		a.By = string(history.ByRun)
	}
	for _, p := range t.Points {
		ap := apiPoint{Period: p.Period, Run: toAPIRef(p.Run), Totals: toAPITotals(p.Totals), Rules: []apiRulePoint{}}
		for _, r := range p.Rules {
			ap.Rules = append(ap.Rules, apiRulePoint{RuleID: r.RuleID, Pass: r.Pass, Fail: r.Fail, Inherited: r.Inherited,
				Exempt: r.Exempt, NotApplicable: r.NotApplicable, Error: r.Error, PassRate: r.PassRate})
		}
		a.Points = append(a.Points, ap)
	}
	return a
}

type apiRule struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Doc       string   `json:"doc"`
	HelpURL   string   `json:"helpUri"`
	Severity  string   `json:"severity"` // as applied in the latest run
	Tags      []string `json:"tags"`
	Inherits  bool     `json:"inherits"`
	Pass      int      `json:"pass"`
	Fail      int      `json:"fail"`
	Inherited int      `json:"inherited"`
	Exempt    int      `json:"exempt"`
	NA        int      `json:"notApplicable"`
	Error     int      `json:"error"`
	PassRate  float64  `json:"passRate"`
}

type apiHistory struct {
	Repository apiRepoRef  `json:"repository"`
	Changes    []apiStatus `json:"changes"`
	Scores     []apiScore  `json:"scores"`
}

type apiStatus struct {
	Run      apiRef `json:"run"`
	Commit   string `json:"commit"`
	RuleID   string `json:"ruleId"`
	From     string `json:"from"`
	To       string `json:"to"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

type apiScore struct {
	Run       apiRef  `json:"run"`
	Commit    string  `json:"commit"`
	Score     float64 `json:"score"`
	Scored    bool    `json:"scored"`
	Compliant bool    `json:"compliant"`
	Failures  int     `json:"failures"`
}

type apiResults struct {
	Run     apiRun          `json:"run"`
	Meta    report.Meta     `json:"meta"`
	Team    string          `json:"team"`
	Error   string          `json:"error,omitempty"`
	Results []report.Result `json:"results"`
}

type apiTeam struct {
	Team      string  `json:"team"`
	Repos     int     `json:"repositories"`
	Failing   int     `json:"failingRepositories"`
	Failures  int     `json:"failures"`
	Compliant int     `json:"compliant"`
	MeanScore float64 `json:"meanScore"`
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":"encoding"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
		return
	}
	s.log.Error("store read", "path", r.URL.Path, "err", err)
	writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "the store could not be read"})
}

// API bodies, shared by the handlers and the static export.

func (sn *snapshot) apiRuns() any {
	out := make([]apiRun, 0, len(sn.Runs))
	for _, r := range sn.Runs {
		out = append(out, toAPIRun(r))
	}
	return map[string]any{"runs": out}
}

func (sn *snapshot) apiRules() any {
	out := make([]apiRule, 0, len(sn.Rules))
	for _, ru := range sn.Rules {
		rs := sn.RuleSum[ru.ID]
		if _, ok := sn.RuleSum[ru.ID]; !ok {
			rs.PassRate = 1
		}
		out = append(out, apiRule{ID: ru.ID, Title: ru.Title, Doc: ru.Doc, HelpURL: ru.HelpURL, Severity: ru.Effective().String(),
			Tags: nonNil(ru.Tags), Inherits: ru.Inherits, Pass: rs.Pass, Fail: rs.Fail, Inherited: rs.Inherited, Exempt: rs.Exempt,
			NA: rs.NotApplicable, Error: rs.Error, PassRate: rs.PassRate})
	}
	return map[string]any{"rules": out}
}

func (sn *snapshot) apiTeams() any {
	out := make([]apiTeam, 0, len(sn.Teams))
	for _, t := range sn.Teams {
		out = append(out, apiTeam{Team: t.Team, Repos: t.Repos, Failing: t.Failing, Failures: t.Failures, Compliant: t.Compliant, MeanScore: t.MeanScore})
	}
	return map[string]any{"teams": out}
}

type apiRepoPage struct {
	Total        int       `json:"total"`
	Page         int       `json:"page"`
	PerPage      int       `json:"perPage"`
	Repositories []apiRepo `json:"repositories"`
}

func (sn *snapshot) apiRepositories(q repoQuery) apiRepoPage {
	rows, total := q.run(sn)
	out := apiRepoPage{Total: total, Page: q.Page, PerPage: q.PerPage, Repositories: make([]apiRepo, 0, len(rows))}
	for _, r := range rows {
		out.Repositories = append(out.Repositories, toAPIRepo(r))
	}
	return out
}

func toAPIHistory(h *history.RepoHistory) apiHistory {
	a := apiHistory{Repository: repoRef(h.Repo), Changes: []apiStatus{}, Scores: []apiScore{}}
	for _, c := range h.Changes {
		a.Changes = append(a.Changes, apiStatus{Run: toAPIRef(c.Run), Commit: c.Commit, RuleID: c.RuleID, From: string(c.From),
			To: string(c.To), Severity: c.Severity.String(), Message: c.Message})
	}
	for _, p := range h.Scores {
		a.Scores = append(a.Scores, apiScore{Run: toAPIRef(p.Run), Commit: p.Commit, Score: p.Score, Scored: p.Scored,
			Compliant: p.Compliant, Failures: p.Failures})
	}
	return a
}

func (s *Server) apiRuns(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.snapshot(r.Context()).apiRuns())
}

func (s *Server) apiRules(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.snapshot(r.Context()).apiRules())
}

func (s *Server) apiTeams(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.snapshot(r.Context()).apiTeams())
}

func (s *Server) apiTrend(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, toAPITrend(s.snapshot(r.Context()).Trend))
}

func (s *Server) apiRepositories(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.snapshot(r.Context()).apiRepositories(parseRepoQuery(r.URL.Query())))
}

func (s *Server) apiResults(w http.ResponseWriter, r *http.Request) {
	sn := s.snapshot(r.Context())
	key, ok := decodeKey(r.PathValue("key"))
	if !ok || sn.Empty {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
		return
	}
	d, err := s.repoPage(r, sn, key)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resultsBody(d))
}

func resultsBody(d *repoData) apiResults {
	return apiResults{Run: toAPIRun(d.Run), Meta: d.Repo.Meta, Team: d.Team, Error: d.Repo.Error, Results: nonNil(d.Repo.Results)}
}

func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request) {
	sn := s.snapshot(r.Context())
	key, ok := decodeKey(r.PathValue("key"))
	if !ok || sn.Empty {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
		return
	}
	if _, ok := sn.byKey[key]; !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
		return
	}
	h, err := s.history(r.Context(), sn, key)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIHistory(h))
}

func (s *Server) apiDiff(w http.ResponseWriter, r *http.Request) {
	from, ok1 := runParam(r, "from")
	to, ok2 := runParam(r, "to")
	if !ok1 || !ok2 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "from and to must be run ids (positive integers)"})
		return
	}
	d, err := s.diff(r, from, to)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIDiff(d))
}
