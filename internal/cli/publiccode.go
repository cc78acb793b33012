package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/repogov/repogov/rules/publiccode"
)

func publiccodeCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "publiccode",
		Short: "Work with publiccode.yml files",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	c.AddCommand(publiccodeValidateCmd(e))
	return c
}

// publiccodeResult is one problem in --format json.
type publiccodeResult struct {
	File     string              `json:"file"`
	Line     int                 `json:"line"`
	Column   int                 `json:"column"`
	Severity publiccode.Severity `json:"severity"`
	Key      string              `json:"key"`
	Code     string              `json:"code,omitempty"`
	Message  string              `json:"message"`
}

func publiccodeValidateCmd(e *env) *cobra.Command {
	var (
		format, repoURL, branch, base string
		fork                          bool
	)
	c := &cobra.Command{
		Use:   "validate [FILE|DIR|-]...",
		Short: "Validate publiccode.yml files offline, with line and column",
		Long: `Validate publiccode.yml files against the publiccode.yml standard and the rules the
Developers Italia catalog enforces, without network access.

A DIR argument means DIR/publiccode.yml; "-" reads standard input; no argument means
./publiccode.yml. Relative paths in the file (logo, screenshots) are checked in the
directory holding the file (or --base-dir).

Output: one "file:line:col: severity: key: message" line per problem, or a JSON array
with --format json. Exit status: 0 valid (warnings allowed), 1 any error, 2 a file could
not be read or the command was misused.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return exit(ExitError, fmt.Errorf("unknown --format %q (want text or json)", format))
			}
			if len(args) == 0 {
				args = []string{"."}
			}
			var all []publiccodeResult
			unreadable, invalid := false, false
			for _, arg := range args {
				name, content, size, dir, err := readPubliccode(e, arg)
				if err != nil {
					e.log.Error("cannot read publiccode.yml", "path", arg, "err", err)
					unreadable = true
					continue
				}
				opts := publiccode.Options{RepoURL: repoURL, Fork: fork, DefaultBranch: branch, Size: size}
				if base != "" {
					dir = base
				}
				if dir != "" {
					opts.FS = os.DirFS(dir)
				}
				for _, p := range publiccode.Validate(content, opts) {
					if p.Severity == publiccode.SeverityError {
						invalid = true
					}
					all = append(all, publiccodeResult{File: name, Line: p.Line, Column: p.Column, Severity: p.Severity, Key: p.Key, Code: p.Code, Message: p.Message})
				}
			}
			if err := writePubliccode(e.stdout, format, all); err != nil {
				return exit(ExitError, fmt.Errorf("write results: %w", err))
			}
			switch {
			case unreadable:
				return exit(ExitError, nil)
			case invalid:
				return exit(ExitFindings, nil)
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output format: text or json")
	c.Flags().StringVar(&repoURL, "repo-url", "", "the repository the file belongs to; url must point at it")
	c.Flags().BoolVar(&fork, "fork", false, "the repository is a fork (a url mismatch is then a warning)")
	c.Flags().StringVar(&branch, "default-branch", "", "default branch, to check same-repository raw/blob URLs of logos and screenshots")
	c.Flags().StringVar(&base, "base-dir", "", "repository root for relative paths (default: the file's directory; none for stdin)")
	return c
}

// readPubliccode reads one argument: the display name, the content, the file's real
// size, and the directory relative paths resolve against ("" for stdin). It keeps at
// most one byte more than the validator's size limit, so the validator can say the file
// is too large; the rest is only counted, for the message.
func readPubliccode(e *env, arg string) (name string, content []byte, size int64, dir string, err error) {
	read := func(r io.Reader, what string) ([]byte, int64, error) {
		b, err := io.ReadAll(io.LimitReader(r, publiccode.MaxFileSize+1))
		if err != nil {
			return nil, 0, fmt.Errorf("read %s: %w", what, err)
		}
		n := int64(len(b))
		if n > publiccode.MaxFileSize {
			rest, err := io.Copy(io.Discard, r)
			if err != nil {
				return nil, 0, fmt.Errorf("read %s: %w", what, err)
			}
			n += rest
		}
		return b, n, nil
	}
	if arg == "-" {
		b, n, err := read(e.stdin, "stdin")
		if err != nil {
			return "", nil, 0, "", err
		}
		return "<stdin>", b, n, "", nil
	}
	name = arg
	fi, err := os.Stat(arg)
	if err != nil {
		return "", nil, 0, "", err
	}
	if fi.IsDir() {
		name = filepath.Join(arg, "publiccode.yml")
	}
	f, err := os.Open(name)
	if err != nil {
		return "", nil, 0, "", err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return "", nil, 0, "", &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	b, n, err := read(f, name)
	if err != nil {
		return "", nil, 0, "", err
	}
	return name, b, n, filepath.Dir(name), nil
}

func writePubliccode(w io.Writer, format string, rs []publiccodeResult) error {
	if format == "json" {
		if rs == nil {
			rs = []publiccodeResult{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rs)
	}
	for _, r := range rs {
		var err error
		if r.Key == "" {
			_, err = fmt.Fprintf(w, "%s:%d:%d: %s: %s\n", r.File, r.Line, r.Column, r.Severity, r.Message)
		} else {
			_, err = fmt.Fprintf(w, "%s:%d:%d: %s: %s: %s\n", r.File, r.Line, r.Column, r.Severity, r.Key, r.Message)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
