package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/internal/textsafe"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/reporters"
	"github.com/repogov/repogov/store"
)

// storeFlags are the history store flags shared by scan and the commands that read it.
type storeFlags struct {
	url string
}

func (f *storeFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.url, "store", "", "history store: sqlite:PATH or a postgres:// URL (default $REPOGOV_STORE, else the --save file)")
}

// resolve returns the store URL: the flag, $REPOGOV_STORE, or (fallback true) the --save
// default file.
func (f *storeFlags) resolve(e *env, fallback bool) (string, error) {
	if f.url != "" {
		return f.url, nil
	}
	if u := e.getenv("REPOGOV_STORE"); u != "" {
		return u, nil
	}
	if !fallback {
		return "", nil
	}
	return store.DefaultURL(e.getenv)
}

// open resolves the store URL (falling back to the --save file) and opens it.
func (f *storeFlags) open(ctx context.Context, e *env, readOnly bool) (*store.Store, error) {
	url, err := f.resolve(e, true)
	if err != nil {
		return nil, exit(ExitError, err)
	}
	return openStore(ctx, e, url, readOnly)
}

// openStore opens a store for a command; errors are one line, exit 2.
func openStore(ctx context.Context, e *env, url string, readOnly bool) (*store.Store, error) {
	s, err := store.Open(ctx, url, store.Options{ReadOnly: readOnly, Logger: e.log, Tool: Version()})
	if err != nil {
		return nil, exit(ExitError, err)
	}
	return s, nil
}

// loadRun opens the store read-only and loads the run runRef names (id, latest, label);
// the caller closes the store. Errors are one line, exit 2.
func loadRun(ctx context.Context, e *env, sf *storeFlags, runRef string) (*store.Store, store.Selection, *report.Report, error) {
	s, err := sf.open(ctx, e, true)
	if err != nil {
		return nil, store.Selection{}, nil, err
	}
	sel, err := s.Resolve(ctx, runRef)
	if err == nil {
		var rep *report.Report
		if rep, err = s.Load(ctx, sel); err == nil {
			return s, sel, rep, nil
		}
	}
	s.Close()
	return nil, store.Selection{}, nil, exit(ExitError, err)
}

// saveRun saves a scanned report, and returns what the reporters show from the store:
// the changes since the previous run over the same targets (nil for the first) and the
// trend. The scan's context may be cancelled (an interrupted scan is saved, marked
// incomplete), so saving gets its own bounded one.
func saveRun(ctx context.Context, e *env, url string, rep *report.Report) (*history.Diff, *history.Trend, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Minute)
	defer cancel()
	if strings.HasPrefix(url, "sqlite:") {
		// The default file's directory may not exist yet (first --save).
		if dir := filepath.Dir(strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//")); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, nil, fmt.Errorf("store %s: %w", url, unwrapPath(err))
			}
		}
	}
	s, err := store.Open(ctx, url, store.Options{Logger: e.log, Tool: Version()})
	if err != nil {
		return nil, nil, err
	}
	defer s.Close()
	run, err := s.Save(ctx, rep)
	if err != nil {
		return nil, nil, err
	}
	e.log.Info("run saved", "store", s.String(), "run", run.ID)
	sel := store.Selection{Ref: fmt.Sprint(run.ID), Label: run.Label, Runs: []store.Run{run}}
	since, trend, err := fromStore(ctx, s, sel)
	if err != nil {
		e.log.Warn("the run was saved; the report has no history section", "err", err)
	}
	return since, trend, nil
}

// fromStore is the history the reporters show beside a run: its diff with the previous
// run over the same targets, and the trend of every stored run.
func fromStore(ctx context.Context, s *store.Store, sel store.Selection) (*history.Diff, *history.Trend, error) {
	trend, err := s.Trend(ctx, store.TrendOptions{Until: sel.Last().Started.Add(time.Nanosecond)})
	if err != nil {
		return nil, nil, err
	}
	prev, err := s.Previous(ctx, sel)
	if errors.Is(err, store.ErrNotFound) {
		return nil, trend, nil
	}
	if err != nil {
		return nil, trend, err
	}
	d, err := s.Diff(ctx, prev, sel)
	return d, trend, err
}

// writeTo writes one output to stdout ("" or "-") or atomically to a file.
func writeTo(e *env, path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(e.stdout)
	}
	return writeOutput(path, write)
}

func oneOf(flag, v string, allowed []string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return exit(ExitError, fmt.Errorf("--%s %q: want one of %s", flag, v, strings.Join(allowed, ", ")))
}

func reportCmd(e *env) *cobra.Command {
	var sf storeFlags
	var formats []string
	var output, runRef, sarifDir string
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write the report of a stored run, in any format, without scanning",
		Long: `Write the report of a run saved in the history store (repogov scan --store/--save), in
any format, exactly as the scan wrote it. The Markdown report gains a "Since the last run"
section and the HTML report trend charts from the store.

--run is a run number, latest (default), latest~N, the report's run id, or a label (all
runs with that label, e.g. the matrix jobs of one weekly scan, as one report).`,
		Example: `  repogov report --store sqlite:history.db -f html=report.html
  repogov report --run weekly-2026-48 -f markdown -f sarif=org.sarif`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			outs, err := parseFormats(formats, output)
			if err != nil {
				return exit(ExitError, err)
			}
			ctx := cmd.Context()
			s, sel, rep, err := loadRun(ctx, e, &sf, runRef)
			if err != nil {
				return err
			}
			defer s.Close()
			since, trend, err := fromStore(ctx, s, sel)
			if err != nil {
				return exit(ExitError, err)
			}
			if err := writeOutputsWith(e, rep, outs, sarifDir, since, trend); err != nil {
				return exit(ExitError, err)
			}
			return nil
		},
	}
	sf.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&runRef, "run", "latest", "the run: a number, latest, latest~N, a run id or a label")
	fl.StringArrayVarP(&formats, "format", "f", []string{"table"}, "output format, repeatable: FORMAT or FORMAT=FILE (formats: "+strings.Join(reporters.Formats(), ", ")+")")
	fl.StringVarP(&output, "output", "o", "", "write the (single) format given without =FILE to this file instead of stdout")
	fl.StringVar(&sarifDir, "sarif-dir", "", "also write one SARIF file per repository, DIR/OWNER/NAME.sarif")
	return cmd
}

func diffCmd(e *env) *cobra.Command {
	var sf storeFlags
	var format, output string
	var failOnRegression bool
	cmd := &cobra.Command{
		Use:   "diff [FROM] [TO]",
		Short: "What changed between two stored runs: regressions, fixes, repositories, exemptions, scores",
		Long: `What changed between two runs of the history store: regressions (pass, inherited,
not-applicable or exempt → fail), fixes (fail → pass, inherited or not-applicable),
repositories added, removed and archived, exemptions added and expired, score changes.

Without arguments: the two newest complete runs over the same targets. With one: that
run against the newest. A run is a number, latest, latest~N, a run id or a label (all
runs with that label as one).

Exit codes: 0, or 1 with --fail-on-regression when anything regressed; 2 on errors.`,
		Example: `  repogov diff
  repogov diff weekly-2026-47 weekly-2026-48 -f markdown >> "$GITHUB_STEP_SUMMARY"
  repogov diff latest~1 latest --fail-on-regression`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, reporters.DiffFormats); err != nil {
				return err
			}
			ctx := cmd.Context()
			s, err := sf.open(ctx, e, true)
			if err != nil {
				return err
			}
			defer s.Close()
			var from, to store.Selection
			switch len(args) {
			case 0:
				from, to, err = s.DiffDefault(ctx)
			case 1:
				if from, err = s.Resolve(ctx, args[0]); err == nil {
					to, err = s.Resolve(ctx, "latest")
				}
			default:
				if from, err = s.Resolve(ctx, args[0]); err == nil {
					to, err = s.Resolve(ctx, args[1])
				}
			}
			if err != nil {
				return exit(ExitError, err)
			}
			d, err := s.Diff(ctx, from, to)
			if err != nil {
				return exit(ExitError, err)
			}
			if err := writeTo(e, output, func(w io.Writer) error { return reporters.WriteDiff(w, d, format) }); err != nil {
				return exit(ExitError, err)
			}
			if failOnRegression && d.Regressed() {
				return exit(ExitFindings, fmt.Errorf("%d regressions between %s and %s", len(d.Regressions), from.Name(), to.Name()))
			}
			return nil
		},
	}
	sf.register(cmd)
	fl := cmd.Flags()
	fl.StringVarP(&format, "format", "f", "table", "table, json or markdown")
	fl.StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	fl.BoolVar(&failOnRegression, "fail-on-regression", false, "exit 1 when anything regressed")
	return cmd
}

// parseDate reads 2026-11-30 or an RFC 3339 time.
func parseDate(flag, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return t, exit(ExitError, fmt.Errorf("--%s %q: want a date (2026-11-30) or an RFC 3339 time", flag, v))
	}
	return t, nil
}

func trendCmd(e *env) *cobra.Command {
	var sf storeFlags
	var format, output, rule, since, until, by, label string
	cmd := &cobra.Command{
		Use:   "trend",
		Short: "The organization over time: compliant share, mean score and each rule's pass rate",
		Long: `The organization over time from the history store: per run (or per week or month: the
last run of each) the share of fully compliant repositories, the mean score, and every
rule's pass rate ((pass + inherited) / (pass + inherited + fail + error)).`,
		Example: `  repogov trend --by week
  repogov trend --rule security-policy --since 2026-03-01 -f csv -o security.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := oneOf("format", format, reporters.TrendFormats); err != nil {
				return err
			}
			if err := oneOf("by", by, []string{"run", "week", "month"}); err != nil {
				return err
			}
			from, err := parseDate("since", since)
			if err != nil {
				return err
			}
			to, err := parseDate("until", until)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			s, err := sf.open(ctx, e, true)
			if err != nil {
				return err
			}
			defer s.Close()
			t, err := s.Trend(ctx, store.TrendOptions{Rule: rule, Since: from, Until: to, By: history.Period(by), Label: label})
			if err != nil {
				return exit(ExitError, err)
			}
			if err := writeTo(e, output, func(w io.Writer) error { return reporters.WriteTrend(w, t, format) }); err != nil {
				return exit(ExitError, err)
			}
			return nil
		},
	}
	sf.register(cmd)
	fl := cmd.Flags()
	fl.StringVarP(&format, "format", "f", "table", "table, json or csv")
	fl.StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	fl.StringVar(&rule, "rule", "", "only this rule")
	fl.StringVar(&since, "since", "", "runs started on or after this date (2026-03-01)")
	fl.StringVar(&until, "until", "", "runs started before this date")
	fl.StringVar(&by, "by", "run", "one point per run, week or month")
	fl.StringVar(&label, "label", "", "only runs whose label starts with this")
	return cmd
}

func historyCmd(e *env) *cobra.Command {
	var sf storeFlags
	var format, output string
	cmd := &cobra.Command{
		Use:   "history OWNER/NAME",
		Short: "A repository over time: when each rule changed status, with the run and commit",
		Example: `  repogov history acme/website
  repogov history github.com/acme/website -f json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, reporters.HistoryFormats); err != nil {
				return err
			}
			ctx := cmd.Context()
			s, err := sf.open(ctx, e, true)
			if err != nil {
				return err
			}
			defer s.Close()
			h, err := s.History(ctx, args[0])
			if err != nil {
				return exit(ExitError, err)
			}
			if err := writeTo(e, output, func(w io.Writer) error { return reporters.WriteHistory(w, h, format) }); err != nil {
				return exit(ExitError, err)
			}
			return nil
		},
	}
	sf.register(cmd)
	cmd.Flags().StringVarP(&format, "format", "f", "table", "table or json")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	return cmd
}

func storeCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "store",
		Short: "Inspect and prune the history store",
	}
	var infoFlags storeFlags
	var infoFormat string
	info := &cobra.Command{
		Use:   "info",
		Short: "Size, runs and repositories of the store (migrates an older store)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := oneOf("format", infoFormat, []string{"table", "json"}); err != nil {
				return err
			}
			ctx := cmd.Context()
			s, err := infoFlags.open(ctx, e, false)
			if err != nil {
				return err
			}
			defer s.Close()
			in, err := s.Info(ctx)
			if err != nil {
				return exit(ExitError, err)
			}
			if infoFormat == "json" {
				return writeJSON(e.stdout, in)
			}
			fmt.Fprintf(e.stdout, "store         %s (%s, schema %d)\n", in.URL, in.Backend, in.SchemaVersion)
			fmt.Fprintf(e.stdout, "size          %.1f MB\n", float64(in.SizeBytes)/1e6)
			fmt.Fprintf(e.stdout, "runs          %d (%d logical: labels count once)\n", in.Runs, in.LogicalRuns)
			fmt.Fprintf(e.stdout, "repositories  %d\n", in.Repositories)
			fmt.Fprintf(e.stdout, "result rows   %d (changes only)\n", in.Results)
			for _, r := range []struct {
				name string
				run  *store.Run
			}{{"first run", in.First}, {"last run", in.Last}} {
				if r.run != nil {
					fmt.Fprintf(e.stdout, "%-13s %d  %s  %s\n", r.name, r.run.ID, r.run.Started.Format(time.RFC3339), runDescription(*r.run))
				}
			}
			return nil
		},
	}
	infoFlags.register(info)
	info.Flags().StringVarP(&infoFormat, "format", "f", "table", "table or json")

	var pruneFlags storeFlags
	var keep int
	prune := &cobra.Command{
		Use:   "prune --keep N",
		Short: "Delete all but the newest N runs (a label counts once)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if keep < 1 {
				return exit(ExitError, fmt.Errorf("--keep must be at least 1, got %d", keep))
			}
			ctx := cmd.Context()
			s, err := pruneFlags.open(ctx, e, false)
			if err != nil {
				return err
			}
			defer s.Close()
			st, err := s.Prune(ctx, keep)
			if err != nil {
				return exit(ExitError, err)
			}
			fmt.Fprintf(e.stdout, "pruned %d runs (%d logical), %d result rows, %d repositories\n", st.Runs, st.LogicalRuns, st.Results, st.Repositories)
			return nil
		},
	}
	pruneFlags.register(prune)
	prune.Flags().IntVar(&keep, "keep", 0, "runs to keep (required)")
	cmd.AddCommand(info, prune)
	return cmd
}

// defaultStoreHint names the --save file for the help text.
func defaultStoreHint() string {
	return "$XDG_DATA_HOME/repogov/history.db (~/.local/share, ~/Library/Application Support or %LocalAppData%)"
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func runDescription(r store.Run) string {
	parts := []string{}
	if r.Label != "" {
		parts = append(parts, "label "+r.Label)
	}
	parts = append(parts, strings.Join(r.Targets, " "))
	if r.Incomplete {
		parts = append(parts, "incomplete")
	}
	return textsafe.Visible(strings.Join(parts, ", "))
}
