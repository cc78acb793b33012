package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"

	"golang.org/x/term"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/internal/redact"
	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/reporters"
)

// describeRun fills the report's run description for the reporters: the targets as
// given (without URL credentials), and the policy's name and digest.
func describeRun(rep *report.Report, targets []string, pol *policy.Policy) {
	rep.Targets = make([]string, len(targets))
	for i, t := range targets {
		rep.Targets[i] = redact.URL(t)
	}
	rep.Policy = report.Policy{Name: pol.Name(), Digest: pol.Digest()}
}

// terminalOptions are the reporter options for output to e.stdout: colour only on a
// terminal without NO_COLOR (https://no-color.org) or TERM=dumb, and its width.
func terminalOptions(e *env) reporters.Options {
	o := reporters.Options{Version: Version()}
	f, ok := e.stdout.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return o
	}
	o.Color = colorAllowed(e.getenv)
	if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
		o.Width = w
	}
	return o
}

// writeOutputsWith writes every requested format: to stdout (at most one) or atomically
// to its file; with sarifDir, also one SARIF file per repository under it. since and
// trend are what a history store adds: the changes since the previous run (markdown) and
// the trend (HTML charts); either may be nil.
func writeOutputsWith(e *env, rep *report.Report, outs []output, sarifDir string, since *history.Diff, trend *history.Trend) error {
	// The writers stream, so what they make is short-lived: a tighter collector keeps
	// the heap near the report's own size while they run, instead of letting it double
	// (a 10,000-repository report is ~100 MB live).
	defer debug.SetGCPercent(debug.SetGCPercent(25))
	for _, o := range outs {
		opts := reporters.Options{Version: Version()}
		if o.path == "" {
			opts = terminalOptions(e)
		}
		opts.Since, opts.Trend = since, trend
		r, err := reporters.New(o.format, opts)
		if err != nil {
			return err
		}
		if o.path == "" {
			if err := r.Write(e.stdout, rep); err != nil {
				return fmt.Errorf("writing %s: %w", o.format, err)
			}
			continue
		}
		if err := writeOutput(o.path, func(w io.Writer) error { return r.Write(w, rep) }); err != nil {
			return err
		}
		e.log.Info("report written", "format", o.format, "file", o.path)
	}
	if sarifDir == "" {
		return nil
	}
	s := reporters.SARIF{Opts: reporters.Options{Version: Version()}}
	n := 0
	for i, p := range reporters.SARIFRepoPaths(rep) {
		if p == "" {
			if reporters.EmptyHosted(rep.Repos[i].Meta) {
				e.log.Info("no SARIF file for a repository with no commits", "repo", rep.Repos[i].Meta.FullName)
			} else {
				e.log.Warn("no SARIF file for a repository that could not be read", "repo", rep.Repos[i].Meta.FullName)
			}
			continue
		}
		path := filepath.Join(sarifDir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("--sarif-dir: %w", err)
		}
		if err := writeOutput(path, func(w io.Writer) error { return s.WriteRepo(w, rep, i) }); err != nil {
			return err
		}
		n++
	}
	e.log.Info("per-repository SARIF written", "dir", sarifDir, "files", n)
	return nil
}

// checkOutputs checks, before a scan, that every output can be written, so that a long
// scan never ends in "cannot write".
func checkOutputs(outs []output, sarifDir string) error {
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		if _, err := planOutput(o.path); err != nil {
			return fmt.Errorf("--format %s=%s: %w", o.format, o.path, err)
		}
	}
	if sarifDir == "" {
		return nil
	}
	// The directory is created when the reports are written: its nearest existing
	// ancestor must take it.
	d := filepath.Clean(sarifDir)
	for {
		fi, err := os.Stat(d)
		if err == nil {
			if !fi.IsDir() {
				return fmt.Errorf("--sarif-dir %s: %s is not a directory", sarifDir, d)
			}
			if err := writableDir(d); err != nil {
				return fmt.Errorf("--sarif-dir %s: %w", sarifDir, err)
			}
			return nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("--sarif-dir %s: %w", sarifDir, err)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return fmt.Errorf("--sarif-dir %s: no existing parent directory", sarifDir)
		}
		d = parent
	}
}

// colorAllowed applies NO_COLOR (any non-empty value disables colour) and TERM=dumb.
func colorAllowed(getenv func(string) string) bool {
	return getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}
