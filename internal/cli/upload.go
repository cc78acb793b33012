package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/repogov/repogov/internal/sarifupload"
	ghsrc "github.com/repogov/repogov/scanner/github"
)

func uploadSarifCmd(e *env) *cobra.Command {
	var (
		dir, ref, statePath string
		wait                time.Duration
		force               bool
		auth                githubAuth
	)
	cmd := &cobra.Command{
		Use:   "upload-sarif --dir DIR",
		Short: "Upload per-repository SARIF files to each repository's code scanning",
		Long: `Upload the files written by "repogov scan --sarif-dir DIR" (DIR/<owner>/<repo>.sarif) to
each repository's GitHub code scanning, with the commit and branch each file describes.

The token (GITHUB_TOKEN or GH_TOKEN), or the GitHub App (--app-id), needs "Code scanning alerts: write" (security_events)
on every repository; an Actions GITHUB_TOKEN reaches only its own repository, so
organization uploads need a GitHub App or a token with that scope. Private repositories
need GitHub Code Security. A repository whose HEAD was already uploaded is skipped
(state in DIR/.repogov-uploads.json; --force uploads anyway).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dir == "" {
				return exit(ExitError, fmt.Errorf("--dir is required"))
			}
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return exit(ExitError, fmt.Errorf("--dir %s: not a directory (write it with repogov scan --sarif-dir)", dir))
			}
			ctx := cmd.Context()
			targets, derr := sarifupload.Discover(dir)
			if derr != nil {
				e.log.Error("some SARIF files cannot be uploaded", "err", derr)
			}
			opts, err := auth.options(e)
			if err != nil {
				return exit(ExitError, err)
			}
			if opts.Token == "" && opts.App == nil {
				return exit(ExitError, fmt.Errorf("uploading needs a token (GITHUB_TOKEN or GH_TOKEN) or a GitHub App"))
			}
			src, err := ghsrc.New(opts)
			if err != nil {
				return exit(ExitError, err)
			}
			if statePath == "" {
				statePath = filepath.Join(dir, ".repogov-uploads.json")
			}
			u := &sarifupload.Uploader{Client: src.REST, Wait: wait}
			if !force {
				if u.State, err = sarifupload.LoadState(statePath); err != nil {
					return exit(ExitError, err)
				}
			}
			failed := derr != nil
			for _, t := range targets {
				if !t.Uploadable() {
					fmt.Fprintf(e.stderr, "%s: %s is a GitLab project; upload-sarif uploads to GitHub code scanning only (for GitLab write -f codequality=gl-code-quality-report.json; see docs/gitlab.md)\n",
						t.Path, t.RepoURI)
					failed = true
					continue
				}
				out := u.Upload(ctx, t, ref)
				fmt.Fprintf(e.stdout, "%s\t%s\t%s", t.FullName(), out.Status, t.CommitSHA[:12])
				if out.ID != "" {
					fmt.Fprintf(e.stdout, "\t%s", out.ID)
				}
				fmt.Fprintln(e.stdout)
				for _, m := range out.Errors {
					fmt.Fprintf(e.stderr, "%s: %s\n", t.FullName(), m)
				}
				if out.Status == "error" || out.Status == "failed" {
					failed = true
				}
				if ctx.Err() != nil {
					failed = true
					break
				}
			}
			if u.State != nil {
				if err := u.State.Save(); err != nil {
					return exit(ExitError, fmt.Errorf("saving upload state: %w", err))
				}
			}
			if failed {
				return exit(ExitError, fmt.Errorf("some uploads failed"))
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&dir, "dir", "", "directory written by scan --sarif-dir")
	fl.StringVar(&ref, "ref", "", "Git ref for every upload (default: refs/heads/<the branch each file records>)")
	auth.register(fl)
	fl.DurationVar(&wait, "wait", 0, "wait up to this long for GitHub to process each upload and report its errors")
	fl.StringVar(&statePath, "state", "", "upload state file (default DIR/.repogov-uploads.json)")
	fl.BoolVar(&force, "force", false, "upload even when the commit was uploaded before")
	return cmd
}
