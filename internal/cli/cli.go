// Package cli wires the repogov command line: flags to options to calls. It holds no
// scan logic, and nothing below Run exits the process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"github.com/repogov/repogov/internal/redact"
	"github.com/repogov/repogov/internal/textsafe"
	"github.com/repogov/repogov/remediate"
	ghsrc "github.com/repogov/repogov/scanner/github"
)

// Exit codes, documented in the README.
const (
	ExitOK       = 0 // compliant
	ExitFindings = 1 // findings at or above --fail-on
	ExitError    = 2 // usage, config, auth, I/O, API errors; incomplete scans
)

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// exit returns an error that makes Run return code; err (if any) is printed.
func exit(code int, err error) error { return &exitError{code: code, err: err} }

// env is what commands share: streams and the logger.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            *slog.Logger
	quiet          bool
	verbose        bool
	getenv         func(string) string
	targets        targetOptions // set by scan from its flags
	logLevel       slog.Level
	// githubRetry replaces the GitHub source's retry policy when set (tests: fast retries).
	githubRetry *ghsrc.Retry
	// pacer spaces remediation writes (tests: an injected clock; nil: one second apart).
	pacer *remediate.Pacer
}

// Run executes the repogov command line and returns the process exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return (&env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}).run(ctx, args)
}

// run executes the command line in e (tests build e with their own environment).
func (e *env) run(ctx context.Context, args []string) int {
	stdin, stdout, stderr := e.stdin, e.stdout, e.stderr
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "repogov: %s\n", textsafe.VisibleLines(redact.String(ee.err.Error())))
		}
		return ee.code
	}
	// Anything else is a usage error from cobra or a command.
	fmt.Fprintf(stderr, "repogov: %s\n", textsafe.VisibleLines(redact.String(err.Error())))
	return ExitError
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:           "repogov",
		Short:         "Repository governance compliance scanner",
		Long:          "repogov checks repositories — a GitHub organization, local clones, mirrors or git URLs —\nfor licences, community and governance files, CODEOWNERS and publiccode.yml, against a policy.",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			level := slog.LevelWarn
			if e.verbose {
				level = slog.LevelDebug
			} else if e.quiet {
				level = slog.LevelError
			}
			e.logLevel = level
			e.log = newLogger(e.stderr, level)
		},
	}
	root.PersistentFlags().BoolVarP(&e.quiet, "quiet", "q", false, "no progress, only errors on stderr")
	root.PersistentFlags().BoolVarP(&e.verbose, "verbose", "v", false, "debug logging on stderr")
	root.CompletionOptions.DisableDefaultCmd = true
	for _, c := range commands {
		root.AddCommand(c(e))
	}
	return root
}

// newLogger logs text to w at level; nothing it writes can carry URL credentials.
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(redact.Handler(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level})))
}

// commands lists the subcommands; each lives in its own file.
var commands = []func(*env) *cobra.Command{
	scanCmd,
	rulesCmd,
	policyCmd,
	versionCmd,
	publiccodeCmd,
	uploadSarifCmd,
	reportCmd,
	diffCmd,
	trendCmd,
	historyCmd,
	storeCmd,
	serveCmd,
	remediateCmd,
	fixCmd,
}
