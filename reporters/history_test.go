package reporters

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
)

var (
	t1 = time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)
	t2 = time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC)
)

// fixtureDiff has one change of every kind, and a repository name and message that try
// to break out of markdown and terminals.
func fixtureDiff() *history.Diff {
	alpha := history.Repo{Key: "github.com/acme/alpha", FullName: "acme/alpha", URL: "https://github.com/acme/alpha"}
	evil := history.Repo{Key: "github.com/acme/evil", FullName: "acme/e|vil<b>\x1b[31m", URL: "javascript:alert(1)"}
	d := &history.Diff{
		From:       history.RunRef{ID: 1, Name: "weekly-2026-47", Label: "weekly-2026-47", Started: t1},
		To:         history.RunRef{ID: 3, Name: "weekly-2026-48", Label: "weekly-2026-48", Started: t2},
		FromTotals: history.Totals{Repositories: 3, Scanned: 3, Compliant: 1, Failures: 4, CompliantShare: 0.3333, MeanScore: 71.2},
		ToTotals:   history.Totals{Repositories: 3, Scanned: 3, Compliant: 2, Failures: 3, CompliantShare: 0.6667, MeanScore: 80.5},
		Added:      []history.Repo{{Key: "github.com/acme/new", FullName: "acme/new"}},
		Removed:    []history.Repo{{Key: "github.com/acme/old", FullName: "acme/old"}},
		Archived:   []history.Repo{alpha},
		Scores:     []history.ScoreChange{{Repo: evil, From: 90, To: 60.5}, {Repo: alpha, From: 50, To: 100}},
	}
	for _, c := range []history.Change{
		{Repo: evil, RuleID: "license-file", From: report.Pass, To: report.Fail, Severity: report.Error, Message: "no *LICENSE* | [x](y) @team", Commit: "abc"},
		{Repo: alpha, RuleID: "readme", From: report.Fail, To: report.Pass, Severity: report.Warning, Message: "README.md found"},
		{Repo: alpha, RuleID: "security-policy", From: report.Fail, To: report.Exempt, Severity: report.Note, Message: "exempt", Reason: "archived soon"},
		{Repo: alpha, RuleID: "codeowners", From: report.Exempt, To: report.Fail, Severity: report.Error, Message: "no CODEOWNERS", Reason: "until Q4"},
		{Repo: alpha, RuleID: "changelog", From: report.StatusError, To: report.Pass, Severity: report.Note, Message: "ok"},
	} {
		d.Classify(c)
	}
	d.Sort()
	return d
}

func fixtureTrend() *history.Trend {
	tr := &history.Trend{By: history.ByWeek}
	for i, share := range []float64{0.25, 0.5, 0.6667} {
		p := history.Point{
			Period: history.PeriodOf(history.ByWeek, t1.AddDate(0, 0, 7*(i-1))),
			Run:    history.RunRef{ID: int64(i + 1), Name: "run " + string(rune('1'+i))},
			Totals: history.Totals{Repositories: 3, Scanned: 3, CompliantShare: share, MeanScore: 60 + 10*float64(i)},
		}
		for _, id := range []string{"license-file", "=cmd|' /C calc'!A0"} {
			rp := history.RulePoint{RuleID: id, Pass: 1 + i, Fail: 2 - i}
			rp.Rate()
			p.Rules = append(p.Rules, rp)
		}
		tr.Points = append(tr.Points, p)
	}
	return tr
}

func fixtureHistory() *history.RepoHistory {
	run := func(id int64, t time.Time) history.RunRef {
		return history.RunRef{ID: id, Name: "run " + string(rune('0'+id)), Started: t}
	}
	return &history.RepoHistory{
		Repo: history.Repo{Key: "github.com/acme/alpha", FullName: "acme/alpha"},
		Changes: []history.StatusChange{
			{Run: run(1, t1), Commit: "0123456789abcdef0123", RuleID: "readme", To: report.Fail, Severity: report.Warning, Message: "no README"},
			{Run: run(2, t2), Commit: "fedcba9876543210fedc", RuleID: "readme", From: report.Fail, To: report.Pass, Severity: report.Warning, Message: "README.md found"},
			{Run: run(3, t2.AddDate(0, 0, 7)), RuleID: "license-file", From: report.Pass},
		},
		Scores: []history.ScorePoint{
			{Run: run(1, t1), Score: 50, Scored: true, Failures: 1},
			{Run: run(2, t2), Score: 100, Scored: true, Compliant: true},
			{Run: run(3, t2.AddDate(0, 0, 7)), Error: "cannot read: timeout"},
		},
	}
}

func TestHistoryGolden(t *testing.T) {
	for _, f := range DiffFormats {
		var buf bytes.Buffer
		if err := WriteDiff(&buf, fixtureDiff(), f); err != nil {
			t.Fatal(err)
		}
		goldenFile(t, "history/diff."+goldenExt[f], buf.Bytes())
	}
	for _, f := range TrendFormats {
		var buf bytes.Buffer
		if err := WriteTrend(&buf, fixtureTrend(), f); err != nil {
			t.Fatal(err)
		}
		goldenFile(t, "history/trend."+goldenExt[f], buf.Bytes())
	}
	for _, f := range HistoryFormats {
		var buf bytes.Buffer
		if err := WriteHistory(&buf, fixtureHistory(), f); err != nil {
			t.Fatal(err)
		}
		goldenFile(t, "history/history."+goldenExt[f], buf.Bytes())
	}
	o := Options{Version: fixtureVersion, Since: fixtureDiff(), Trend: fixtureTrend()}
	goldenFile(t, "history/report-since.md", render(t, "markdown", o, fixtureReport()))
	goldenFile(t, "history/report-trend.html", render(t, "html", o, fixtureReport()))
	for _, bad := range []func() error{
		func() error { return WriteDiff(&bytes.Buffer{}, fixtureDiff(), "sarif") },
		func() error { return WriteTrend(&bytes.Buffer{}, fixtureTrend(), "html") },
		func() error { return WriteHistory(&bytes.Buffer{}, fixtureHistory(), "csv") },
	} {
		if bad() == nil {
			t.Error("an unknown format was accepted")
		}
	}
}

func TestHistoryOutputIsInert(t *testing.T) {
	var md, table bytes.Buffer
	if err := WriteDiff(&md, fixtureDiff(), "markdown"); err != nil {
		t.Fatal(err)
	}
	if err := WriteDiff(&table, fixtureDiff(), "table"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"e|vil", "<b>", "javascript:", "\x1b", "@team"} {
		if strings.Contains(md.String(), bad) {
			t.Errorf("markdown diff contains %q", bad)
		}
	}
	if strings.Contains(table.String(), "\x1b") {
		t.Error("table diff passes an escape sequence to the terminal")
	}
	var csvOut bytes.Buffer
	if err := WriteTrend(&csvOut, fixtureTrend(), "csv"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(csvOut.String(), ",=cmd") {
		t.Error("trend CSV starts a cell with a formula")
	}
	html := render(t, "html", Options{Trend: fixtureTrend()}, fixtureReport())
	if !bytes.Contains(html, []byte(`<svg class="trend"`)) || bytes.Contains(html, []byte(`'!A0<`)) && !bytes.Contains(html, []byte("&#39;")) {
		t.Error("the HTML report has no trend chart, or an unescaped rule id")
	}
}
