package remediate

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/report"
)

// GitHubTemplates reads template sources from a templates repository on GitHub — by
// default the remediated repository's owner's .github repository — through the Git
// Data API: trees down the path, then the blob, whose size is checked against the bound
// before it is read and read through a limit anyway. Reads are cached per run.
type GitHubTemplates struct {
	// Client returns the authenticated client for an owner (as GitHub.Client).
	Client func(ctx context.Context, owner string) (*gh.Client, error)
	// Repository is the policy's remediation.templates-repository ("" → .github).
	Repository string

	cache cachedReads
}

// ReadTemplate reads t.SourceName (the source as the policy wrote it) from the
// templates repository of rr.
func (g *GitHubTemplates) ReadTemplate(ctx context.Context, rr report.Repository, t policy.Template) ([]byte, error) {
	owner, name := templatesRepo(rr, g.Repository)
	p := path.Clean(strings.TrimPrefix(t.SourceName, "./"))
	if p == "." || strings.HasPrefix(p, "/") || p == ".." || strings.HasPrefix(p, "../") {
		return nil, fmt.Errorf("source %q: not a path in the templates repository %s/%s", t.SourceName, owner, name)
	}
	b, err := g.cache.get(ctx, owner+"/"+name+"\x00"+p, func() ([]byte, error) { return g.read(ctx, owner, name, p) })
	if err != nil {
		return nil, fmt.Errorf("source %s in %s/%s: %w", p, owner, name, err)
	}
	return b, nil
}

func (g *GitHubTemplates) read(ctx context.Context, owner, name, p string) ([]byte, error) {
	c, err := g.Client(ctx, owner)
	if err != nil {
		return nil, err
	}
	sha := "HEAD"
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		tree, _, err := c.Git.GetTree(ctx, owner, name, sha, false)
		if err != nil {
			return nil, notFound(err)
		}
		var entry *gh.TreeEntry
		for _, e := range tree.Entries {
			if e.GetPath() == seg {
				entry = e
			}
		}
		last := i == len(segs)-1
		switch {
		case entry == nil:
			return nil, errTemplateNotFound
		case !last && entry.GetType() == "tree":
			sha = entry.GetSHA()
		case last && entry.GetType() == "blob" && entry.GetMode() != "120000":
			if entry.GetSize() > maxTemplate {
				return nil, fmt.Errorf("larger than %d bytes (%d)", maxTemplate, entry.GetSize())
			}
			return g.blob(ctx, c, owner, name, entry.GetSHA())
		default:
			// A symbolic link is not followed: it may point anywhere.
			return nil, fmt.Errorf("%s is not a regular file", strings.Join(segs[:i+1], "/"))
		}
	}
	return nil, errTemplateNotFound
}

func (g *GitHubTemplates) blob(ctx context.Context, c *gh.Client, owner, name, sha string) ([]byte, error) {
	u := fmt.Sprintf("repos/%s/%s/git/blobs/%s", url.PathEscape(owner), url.PathEscape(name), url.PathEscape(sha))
	req, err := c.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/vnd.github.raw")
	resp, err := c.BareDo(ctx, req)
	if err != nil {
		return nil, notFound(err)
	}
	defer resp.Body.Close()
	return readBounded(resp.Body, sha)
}

func notFound(err error) error {
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusNotFound {
		return errTemplateNotFound
	}
	return err
}
