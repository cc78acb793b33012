package reporters

import (
	"encoding/json"
	"io"

	"github.com/repogov/repogov/scanner"
)

// JSON is the whole report for machines.
type JSON struct{ Opts Options }

func (j JSON) Write(w io.Writer, r *scanner.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
