package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"
	"golang.org/x/oauth2"
)

// uploadClient builds a go-github client from GITHUB_TOKEN / GH_TOKEN; the token never
// appears in flags, logs or output.
func uploadClient(ctx context.Context, e *env, githubURL string) (*github.Client, error) {
	tok := e.getenv("GITHUB_TOKEN")
	if tok == "" {
		tok = e.getenv("GH_TOKEN")
	}
	if tok == "" {
		return nil, fmt.Errorf("uploading needs a token in GITHUB_TOKEN or GH_TOKEN")
	}
	c := github.NewClient(oauth2.NewClient(ctx, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok})))
	if githubURL != "" {
		u := strings.TrimRight(githubURL, "/")
		var err error
		if c, err = c.WithEnterpriseURLs(u, u); err != nil {
			return nil, fmt.Errorf("--github-url: %w", err)
		}
	}
	return c, nil
}
