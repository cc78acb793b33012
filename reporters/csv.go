package reporters

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/repogov/repogov/internal/textsafe"
	"github.com/repogov/repogov/report"
)

// CSV is one row per repository × rule, for spreadsheets and BI tools. A repository that
// could not be read gets one row per rule with status "error". Cells that a spreadsheet
// would take for a formula are prefixed with an apostrophe; control characters are shown
// as escapes (line feeds and tabs kept).
type CSV struct{ Opts Options }

var csvHeader = []string{"repository", "key", "score", "rule", "status", "severity", "message",
	"findings", "remediation", "reason", "url"}

func (c CSV) Write(w io.Writer, r *report.Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	sum := r.Summary()
	all := r.AllRules()
	for i, rr := range r.Repos {
		s := sum.Repos[i]
		score := ""
		if s.Scored {
			score = strconv.FormatFloat(s.Score, 'f', -1, 64)
		}
		for _, ru := range all {
			res, ok := rr.Result(ru.ID)
			if rr.Error != "" {
				res, ok = report.Result{RuleID: ru.ID, Status: report.StatusError, Severity: ru.Severity,
					Message: "repository not scanned: " + rr.Error}, true
			}
			if !ok {
				continue
			}
			var fs []string
			for _, f := range res.Findings {
				fs = append(fs, findingText(f))
			}
			row := []string{repoName(rr), s.Key, score, ru.ID, string(res.Status), res.Severity.String(),
				res.Message, strings.Join(fs, "\n"), res.Remediation, res.Reason, rr.Meta.URL}
			for k := range row {
				row[k] = csvSafe(textsafe.VisibleLines(row[k]))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe defuses spreadsheet formula injection: a cell starting with =, +, -, @, tab or
// CR gets a leading apostrophe (https://owasp.org/www-community/attacks/CSV_Injection).
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
