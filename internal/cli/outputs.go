package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/term"

	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/reporters"
)

// describeRun fills the report's run description for the reporters: the targets as
// given, and the policy's name and digest.
func describeRun(rep *report.Report, targets []string, pol *policy.Policy) {
	rep.Targets = append([]string(nil), targets...)
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

// writeOutputs writes every requested format: to stdout (at most one) or atomically to
// its file; with sarifDir, also one SARIF file per repository under it.
func writeOutputs(e *env, rep *report.Report, outs []output, sarifDir string) error {
	for _, o := range outs {
		opts := reporters.Options{Version: Version()}
		if o.path == "" {
			opts = terminalOptions(e)
		}
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
		if err := writeFileAtomic(o.path, func(w *os.File) error { return r.Write(w, rep) }); err != nil {
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
			e.log.Warn("no SARIF file for a repository that could not be read", "repo", rep.Repos[i].Meta.FullName)
			continue
		}
		path := filepath.Join(sarifDir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("--sarif-dir: %w", err)
		}
		if err := writeFileAtomic(path, func(w *os.File) error { return s.WriteRepo(w, rep, i) }); err != nil {
			return err
		}
		n++
	}
	e.log.Info("per-repository SARIF written", "dir", sarifDir, "files", n)
	return nil
}

// colorAllowed applies NO_COLOR (any non-empty value disables colour) and TERM=dumb.
func colorAllowed(getenv func(string) string) bool {
	return getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}
