package reporters

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/report"
)

// The streamed JSON is byte for byte what marshalling the whole document gives.
func TestJSONStreamMatchesMarshal(t *testing.T) {
	for name, r := range map[string]*report.Report{"fixture": fixtureReport(), "synthetic": syntheticReport(50), "empty": {}, "hostile": hostileReport()} {
		j := JSON{Opts: Options{Version: "1.0.0"}}
		want, err := json.MarshalIndent(j.document(r), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := j.stream(&got, r, "  "); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want)+"\n", got.String()); diff != "" {
			t.Errorf("%s indented (-marshal +stream):\n%s", name, diff)
		}
		want, _ = json.Marshal(j.document(r))
		got.Reset()
		if err := j.stream(&got, r, ""); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), got.String()); diff != "" {
			t.Errorf("%s compact (-marshal +stream):\n%s", name, diff)
		}
	}
}

// The streamed SARIF is byte for byte the log built whole, combined and per repository.
func TestSARIFStreamMatchesWhole(t *testing.T) {
	for name, r := range map[string]*report.Report{"fixture": fixtureReport(), "synthetic": syntheticReport(50), "empty": {}, "hostile": hostileReport()} {
		s := SARIF{Opts: Options{Version: "1.0.0"}}
		for only := -1; only < len(r.Repos) && only < 5; only++ {
			var want, got bytes.Buffer
			if err := writeSARIF(&want, s.build(r, sarifRules(r, only), only, true)); err != nil {
				t.Fatal(err)
			}
			if err := s.stream(&got, r, only); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.String(), got.String()); diff != "" {
				t.Errorf("%s, repository %d (-whole +stream):\n%s", name, only, diff)
			}
		}
	}
}

// The streamed Code Quality report is byte for byte the encoded list.
func TestCodeQualityStreamMatchesWhole(t *testing.T) {
	for name, r := range map[string]*report.Report{"fixture": fixtureReport(), "synthetic": syntheticReport(50), "empty": {}, "hostile": hostileReport()} {
		c := CodeQuality{}
		issues := []cqIssue{}
		c.each(r, func(is cqIssue) error { issues = append(issues, is); return nil })
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.Encode(issues)
		if err := c.Write(&got, r); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.String(), got.String()); diff != "" {
			t.Errorf("%s (-whole +stream):\n%s", name, diff)
		}
	}
}
