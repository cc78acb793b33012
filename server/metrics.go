package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
)

// metrics serves the latest run's figures in the Prometheus text format, or OpenMetrics
// when the scraper asks for it, labelled by host and organization (owner).
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	sn := s.snapshot(r.Context())
	open := strings.Contains(r.Header.Get("Accept"), "application/openmetrics-text")
	var b bytes.Buffer
	writeMetrics(&b, sn, open)
	if open {
		w.Header().Set("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	}
	w.Write(b.Bytes())
}

func writeMetrics(b *bytes.Buffer, sn *snapshot, open bool) {
	family := func(name, typ, help string) {
		fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	family("repogov_repositories", "gauge", "Repositories in the latest run.")
	for _, o := range sn.Orgs {
		fmt.Fprintf(b, "repogov_repositories{%s} %d\n", orgLabels(o), o.Repos)
	}
	family("repogov_repositories_compliant", "gauge", "Fully compliant repositories in the latest run.")
	for _, o := range sn.Orgs {
		fmt.Fprintf(b, "repogov_repositories_compliant{%s} %d\n", orgLabels(o), o.Compliant)
	}
	family("repogov_score_mean", "gauge", "Mean repository score (0-100) in the latest run.")
	for _, o := range sn.Orgs {
		fmt.Fprintf(b, "repogov_score_mean{%s} %g\n", orgLabels(o), o.MeanScore)
	}
	family("repogov_rule_pass_ratio", "gauge", "Share of repositories passing a rule (pass or inherited among pass, inherited, fail, error).")
	for _, o := range sn.Orgs {
		for _, ru := range sn.Rules {
			c, ok := o.Rules[ru.ID]
			if !ok || c[1] == 0 {
				continue
			}
			fmt.Fprintf(b, "repogov_rule_pass_ratio{%s,rule=\"%s\"} %g\n", orgLabels(o), escapeLabel(ru.ID), float64(c[0])/float64(c[1]))
		}
	}
	family("repogov_last_run_timestamp_seconds", "gauge", "When the latest run finished (Unix seconds).")
	if !sn.Empty {
		fmt.Fprintf(b, "repogov_last_run_timestamp_seconds %d\n", sn.Run.Finished.Unix())
	}
	family("repogov_last_run_complete", "gauge", "1 when the latest run completed, 0 when it was interrupted or partial.")
	if !sn.Empty {
		v := 1
		if sn.Run.Incomplete {
			v = 0
		}
		fmt.Fprintf(b, "repogov_last_run_complete %d\n", v)
	}
	family("repogov_runs", "gauge", "Runs in the store.")
	fmt.Fprintf(b, "repogov_runs %d\n", len(sn.Runs))
	if open {
		b.WriteString("# EOF\n")
	}
}

func orgLabels(o orgRow) string {
	host := o.Host
	if host == "" {
		host = "local"
	}
	return fmt.Sprintf(`host="%s",org="%s"`, escapeLabel(host), escapeLabel(o.Owner))
}

// escapeLabel escapes a label value: backslash, double quote and newline.
func escapeLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}
