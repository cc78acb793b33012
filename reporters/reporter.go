// Package reporters writes a scanner.Report in one format per file. A reporter never
// decides compliance: it renders what the report says.
package reporters

import (
	"fmt"
	"io"
	"sort"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
)

// Reporter writes a report in one format.
type Reporter interface {
	Write(w io.Writer, r *report.Report) error
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

// Options tunes reporters. The zero value is valid: no colour, unlimited width, version
// "0.0.0-dev".
type Options struct {
	Version string // repogov version, for machine formats; must start with a digit
	Color   bool   // terminal colour (table); the CLI sets it only for a terminal without NO_COLOR
	Width   int    // terminal width in columns (table); 0 = unlimited
	// From a history store (all optional): what changed since the previous run (the
	// markdown report's "Since the last run" section) and the organization over time (the
	// HTML report's trend charts).
	Since *history.Diff
	Trend *history.Trend
}

func (o Options) version() string {
	if o.Version == "" {
		return "0.0.0-dev"
	}
	return o.Version
}

var registry = map[string]func(Options) Reporter{
	"table":       func(o Options) Reporter { return Table{Opts: o} },
	"json":        func(o Options) Reporter { return JSON{Opts: o} },
	"csv":         func(o Options) Reporter { return CSV{Opts: o} },
	"sarif":       func(o Options) Reporter { return SARIF{Opts: o} },
	"markdown":    func(o Options) Reporter { return Markdown{Opts: o} },
	"html":        func(o Options) Reporter { return HTML{Opts: o} },
	"summary":     func(o Options) Reporter { return Summary{Opts: o} },
	"codequality": func(o Options) Reporter { return CodeQuality{Opts: o} },
}

// New returns the reporter for format.
func New(format string, o Options) (Reporter, error) {
	f, ok := registry[format]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (want one of %v)", format, Formats())
	}
	return f(o), nil
}
