package scanner

import (
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
)

// ruleInfos returns the configured rules as the report carries them, with the severity
// the policy set.
func ruleInfos(cs []rules.Config) []report.Rule {
	out := make([]report.Rule, len(cs))
	for i, c := range cs {
		out[i] = c.Rule.Info()
		out[i].PolicySeverity = c.Severity
	}
	return out
}
