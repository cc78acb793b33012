package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/filecache"
	ghsrc "github.com/repogov/repogov/scanner/github"
	"github.com/repogov/repogov/scanner/selection"
)

// githubFlags are the flags of github: targets (and the result cache).
type githubFlags struct {
	auth            githubAuth
	includeArchived bool
	includeForks    bool
	visibility      []string
	include         []string
	exclude         []string
	topics          []string
	excludeTopics   []string
	maxWait         time.Duration
	cache           string

	sel     selection.Selection // the effective selection: the policy's, overridden by these flags
	maxRead int64               // --max-file-size
	reads   rules.PathSet       // what the enabled rules read: the trees and blobs fetched up front
	src     *ghsrc.Source       // the github source, once resolved
}

func registerGitHubFlags(fl *pflag.FlagSet, f *githubFlags) {
	f.auth.register(fl)
	fl.BoolVar(&f.includeArchived, "include-archived", false, "also scan archived repositories")
	fl.BoolVar(&f.includeForks, "include-forks", false, "also scan forks")
	fl.StringSliceVar(&f.visibility, "visibility", nil, "only repositories of these visibilities: public, private, internal (repeatable)")
	fl.StringSliceVar(&f.include, "include", nil, "only repositories whose name (or owner/name) matches one of these globs (repeatable)")
	fl.StringSliceVar(&f.exclude, "exclude", nil, "skip repositories whose name (or owner/name) matches one of these globs (repeatable)")
	fl.StringSliceVar(&f.topics, "topics", nil, "only repositories with at least one of these topics (repeatable)")
	fl.StringSliceVar(&f.excludeTopics, "exclude-topics", nil, "skip repositories with any of these topics (repeatable)")
	fl.DurationVar(&f.maxWait, "max-wait", 15*time.Minute, "longest wait for a GitHub or GitLab rate-limit reset or Retry-After; beyond it the scan stops with a partial report (exit 2)")
	fl.StringVar(&f.cache, "cache", "", "directory caching results: repositories whose HEAD commit and policy are unchanged are not read again (git repositories, GitHub and GitLab; not plain directories or --worktree)")
}

// selection is what the flags select; scan merges it over the policy's selection block.
func (f *githubFlags) selection() (selection.Selection, error) {
	for _, v := range f.visibility {
		switch strings.ToLower(v) {
		case "public", "private", "internal":
		default:
			return selection.Selection{}, fmt.Errorf("--visibility %q: want public, private or internal", v)
		}
	}
	return selection.Selection{IncludeArchived: f.includeArchived, IncludeForks: f.includeForks, Visibility: f.visibility,
		Include: f.include, Exclude: f.exclude, Topics: f.topics, ExcludeTopics: f.excludeTopics}, nil
}

// githubSource builds the one source for every github: target (targets without the prefix).
func (f *githubFlags) githubSource(ctx context.Context, e *env, targets []string) (*ghsrc.Source, error) {
	var ts []ghsrc.Target
	for _, t := range targets {
		tg, err := ghsrc.ParseTarget(t)
		if err != nil {
			return nil, err
		}
		ts = append(ts, tg)
	}
	opts, err := f.auth.options(e)
	if err != nil {
		return nil, err
	}
	opts.MaxWait, opts.Selection, opts.MaxRead, opts.Reads = f.maxWait, f.sel, f.maxRead, f.reads
	src, err := ghsrc.New(opts, ts...)
	if err != nil {
		return nil, err
	}
	f.src = src
	return src, nil
}

// readSet is what the enabled rules (custom rules included) read, and the repository's
// own exemptions file.
func readSet(cfgs []rules.Config) rules.PathSet {
	rs := make([]rules.Rule, len(cfgs))
	for i, c := range cfgs {
		rs[i] = c.Rule
	}
	return rules.ReadSet(rs, policy.DefaultFile)
}

// githubAuth are the flags that say which GitHub and which credential: shared by scan
// and upload-sarif.
type githubAuth struct {
	url        string
	appID      int64
	appKeyFile string
}

func (a *githubAuth) register(fl *pflag.FlagSet) {
	fl.StringVar(&a.url, "github-url", "", "GitHub Enterprise Server URL, e.g. https://ghe.example.com (REST at /api/v3, GraphQL at /api/graphql)")
	fl.Int64Var(&a.appID, "app-id", 0, "authenticate as this GitHub App (or GITHUB_APP_ID); key from --app-key-file or GITHUB_APP_PRIVATE_KEY")
	fl.StringVar(&a.appKeyFile, "app-key-file", "", "the GitHub App's private key (PEM file)")
}

// options reads the credential: GITHUB_TOKEN or GH_TOKEN, or a GitHub App. Credentials
// come from the environment (or a key file) only, and are never printed.
func (a *githubAuth) options(e *env) (ghsrc.Options, error) {
	opts := ghsrc.Options{BaseURL: a.url, Logger: e.log}
	opts.Token = e.getenv("GITHUB_TOKEN")
	if opts.Token == "" {
		opts.Token = e.getenv("GH_TOKEN")
	}
	appID := a.appID
	var err error
	if appID == 0 {
		if v := e.getenv("GITHUB_APP_ID"); v != "" {
			if appID, err = strconv.ParseInt(v, 10, 64); err != nil {
				return opts, fmt.Errorf("GITHUB_APP_ID: not a number")
			}
		}
	}
	if appID != 0 {
		key := []byte(e.getenv("GITHUB_APP_PRIVATE_KEY"))
		if a.appKeyFile != "" {
			if key, err = readKeyFile(a.appKeyFile); err != nil {
				return opts, fmt.Errorf("--app-key-file: %w", err)
			}
		}
		if len(key) == 0 {
			return opts, fmt.Errorf("GitHub App %d: no private key (set --app-key-file or GITHUB_APP_PRIVATE_KEY)", appID)
		}
		opts.App = &ghsrc.App{ID: appID, Key: key}
		opts.Token = ""
	}
	if e.githubRetry != nil {
		opts.Retry = *e.githubRetry
	}
	return opts, nil
}

// configureCache sets the engine's result cache from --cache. The salt holds the repogov
// version and the policy digest, so a changed rule, option or custom rule reads again.
func (f *githubFlags) configureCache(opts *scanner.Options, policyDigest string) error {
	if f.cache == "" {
		return nil
	}
	c, err := filecache.Open(f.cache, 0)
	if err != nil {
		return err
	}
	opts.Cache = c
	if f.src != nil {
		opts.Cache = f.src.WrapCache(c)
	}
	opts.CacheSalt = Version() + "-" + policyDigest
	return nil
}

// readKeyFile reads a PEM private key; a key is a few KB, so anything larger is a mistake
// and is never read whole.
func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 64<<10+1))
	if err != nil {
		return nil, err
	}
	if len(b) > 64<<10 {
		return nil, fmt.Errorf("%s: larger than 64 KiB, not a private key", path)
	}
	return b, nil
}

// logCost reports what the GitHub source spent (with -v).
func (f *githubFlags) logCost(e *env) {
	if f.src == nil || e.log == nil {
		return
	}
	st := &f.src.Stats
	e.log.Info("GitHub API cost", "requests", st.Requests.Load(), "graphql_queries", st.GraphQL.Load(),
		"graphql_points", st.Points.Load(), "retries", st.Retries.Load(), "waited", time.Duration(st.Waited.Load()).Round(time.Millisecond))
}
