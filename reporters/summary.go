package reporters

import (
	"fmt"
	"io"

	"github.com/repogov/repogov/report"
)

// Summary writes the headline figures as key=value lines: what a shell script or a
// GitHub Actions step ($GITHUB_OUTPUT) reads without parsing JSON.
type Summary struct{ Opts Options }

func (s Summary) Write(w io.Writer, r *report.Report) error {
	sum := r.Summary()
	_, err := fmt.Fprintf(w, `repositories=%d
scanned=%d
unreadable=%d
fully-compliant=%d
failing-repositories=%d
compliant-share=%g
mean-score=%g
failures=%d
complete=%t
`, sum.Repositories, sum.Scanned, sum.Unreadable, sum.FullyCompliant,
		sum.Repositories-sum.FullyCompliant, sum.CompliantShare, sum.MeanScore, sum.Failures, !r.Incomplete)
	return err
}
