// Package reporters writes a scanner.Report in one format per file. A reporter never
// decides compliance: it renders what the report says.
package reporters

import (
	"fmt"
	"io"
	"sort"

	"github.com/repogov/repogov/scanner"
)

// Reporter writes a report in one format.
type Reporter interface {
	Write(w io.Writer, r *scanner.Report) error
}

// Formats lists the format names New accepts.
func Formats() []string {
	fs := make([]string, 0, len(registry))
	for k := range registry {
		fs = append(fs, k)
	}
	sort.Strings(fs)
	return fs
}

// Options tunes reporters (colour, width, tool version).
type Options struct {
	Version string // repogov version, for machine formats
	Color   bool   // terminal colour (table)
	Width   int    // terminal width in columns (table); 0 = unlimited
}

var registry = map[string]func(Options) Reporter{
	"table": func(o Options) Reporter { return Table{Opts: o} },
	"json":  func(o Options) Reporter { return JSON{Opts: o} },
}

// New returns the reporter for format.
func New(format string, o Options) (Reporter, error) {
	f, ok := registry[format]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (want one of %v)", format, Formats())
	}
	return f(o), nil
}
