package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/pflag"

	"github.com/repogov/repogov/repo"
	glsrc "github.com/repogov/repogov/scanner/gitlab"
)

// gitlabFlags are the flags of gitlab: targets. Selection, --max-wait and --cache are
// shared with github: targets.
type gitlabFlags struct {
	url         string
	hostLicense bool
	src         *glsrc.Source
}

// gitlabOptionsHook adjusts the source options in tests (fast retries).
var gitlabOptionsHook func(*glsrc.Options)

func registerGitLabFlags(fl *pflag.FlagSet, f *gitlabFlags) {
	fl.StringVar(&f.url, "gitlab-url", "", "GitLab instance for gitlab: targets, e.g. https://git.example.org (default https://gitlab.com, or $CI_SERVER_URL inside GitLab CI)")
	fl.BoolVar(&f.hostLicense, "gitlab-license", false, "also ask GitLab's licence detection for every project of a group (one more request per project)")
}

// options reads the instance and the credential: GITLAB_TOKEN or GL_TOKEN (an access
// token with read_api), else CI_JOB_TOKEN (whose limits the source explains). Credentials
// come from the environment only and are never printed.
func (f *gitlabFlags) options(e *env, gh *githubFlags) glsrc.Options {
	opts := glsrc.Options{BaseURL: f.url, Logger: e.log, HostLicense: f.hostLicense}
	if opts.BaseURL == "" {
		opts.BaseURL = e.getenv("CI_SERVER_URL")
	}
	opts.Token = e.getenv("GITLAB_TOKEN")
	if opts.Token == "" {
		opts.Token = e.getenv("GL_TOKEN")
	}
	if opts.Token == "" {
		opts.JobToken = e.getenv("CI_JOB_TOKEN")
	}
	if gh != nil {
		opts.MaxWait, opts.Selection, opts.MaxRead, opts.Reads = gh.maxWait, gh.sel, gh.maxRead, gh.reads
	}
	if gitlabOptionsHook != nil {
		gitlabOptionsHook(&opts)
	}
	return opts
}

// gitlabSource builds the one source for every gitlab: target (targets without the prefix).
func (f *gitlabFlags) gitlabSource(e *env, gh *githubFlags, targets []string, defaults *repo.Snapshot) (*glsrc.Source, error) {
	var ts []glsrc.Target
	for _, t := range targets {
		tg, err := glsrc.ParseTarget(t)
		if err != nil {
			return nil, err
		}
		ts = append(ts, tg)
	}
	opts := f.options(e, gh)
	opts.OrgDefaults = defaults
	src, err := glsrc.New(opts, ts...)
	if err != nil {
		return nil, err
	}
	f.src = src
	return src, nil
}

// openGitLabDefaults snapshots a GitLab project named by --org-defaults gitlab:PATH:
// GitLab has no organization-wide default files, so a project chosen by the user plays
// the part of GitHub's .github repository.
func (f *gitlabFlags) openGitLabDefaults(ctx context.Context, e *env, target string, maxRead int64) (*repo.Snapshot, error) {
	tg, err := glsrc.ParseTarget(target)
	if err != nil {
		return nil, err
	}
	opts := f.options(e, nil)
	opts.MaxRead = maxRead
	src, err := glsrc.New(opts, tg)
	if err != nil {
		return nil, err
	}
	refs, err := src.List(ctx)
	if err != nil {
		return nil, err
	}
	if len(refs) != 1 {
		return nil, fmt.Errorf("gitlab:%s is a group or user of %d projects; name the one project that holds the default files", tg.Path, len(refs))
	}
	return src.Open(ctx, refs[0])
}

// logCost reports what the GitLab source spent (with -v).
func (f *gitlabFlags) logCost(e *env) {
	if f.src == nil || e.log == nil {
		return
	}
	st := &f.src.Stats
	e.log.Info("GitLab API cost", "requests", st.Requests.Load(), "graphql_queries", st.GraphQL.Load(),
		"graphql_complexity", st.Points.Load(), "retries", st.Retries.Load(), "waited", time.Duration(st.Waited.Load()).Round(time.Millisecond))
}
