package github

import (
	"context"
	"errors"
	"path"
	"strconv"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/repogov/repogov/repo"
)

// restTrees reads l's root, .github/, docs/, .github/ISSUE_TEMPLATE/, LICENSES/ and
// extra directories through REST (the fallback when GraphQL gave no trees).
func (s *Source) restTrees(ctx context.Context, c *client, l *listed) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.rest {
		return nil
	}
	ref := l.meta.HeadOID
	if ref == "" {
		ref = l.meta.DefaultBranch
	}
	if ref == "" {
		ref = "HEAD"
	}
	read := func(dir, sha string) ([]*gh.TreeEntry, error) {
		var t *gh.Tree
		err := c.restDo(ctx, func() (resp *gh.Response, err error) {
			t, resp, err = c.rest.Git.GetTree(ctx, l.owner, l.meta.Name, sha, false)
			return resp, err
		})
		if err != nil {
			var er *gh.ErrorResponse
			if errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == 409 {
				return nil, nil // empty repository
			}
			return nil, restError(err, "reading the tree of "+l.meta.FullName+"/"+dir)
		}
		for _, e := range t.Entries {
			mode, _ := strconv.ParseInt(e.GetMode(), 8, 64)
			l.entries = append(l.entries, toEntry(path.Join(dir, e.GetPath()), e.GetType(), int(mode), e.GetSHA(), int64(e.GetSize())))
		}
		return t.Entries, nil
	}
	l.entries = nil
	root, err := read("", ref)
	if err != nil {
		return err
	}
	fetched := map[string]bool{"": true}
	level := root
	prefix := ""
	for depth := 0; depth < 2; depth++ {
		var next []*gh.TreeEntry
		nextPrefix := ""
		for _, e := range level {
			if e.GetType() != "tree" {
				continue
			}
			p := path.Join(prefix, e.GetPath())
			lp := strings.ToLower(p)
			canonical := lp == ".github" || lp == "docs" || lp == "licenses" || lp == ".github/issue_template"
			extra := extraTrees([]repo.Entry{{Path: p, Kind: repo.Dir}}, fetched)
			if !canonical && len(extra) == 0 {
				continue
			}
			es, err := read(p, e.GetSHA())
			if err != nil {
				return err
			}
			fetched[p] = true
			if lp == ".github" || lp == "docs" {
				for _, x := range es {
					x := *x
					x.Path = gh.String(path.Join(p, x.GetPath()))
					next = append(next, &x)
				}
			}
		}
		level, prefix = next, nextPrefix
	}
	l.rest = false
	l.extra = nil
	return nil
}

// restDefaults looks for the owner's public .github repository through REST.
func (s *Source) restDefaults(ctx context.Context, c *client, org *orgState) error {
	var r *gh.Repository
	err := c.restDo(ctx, func() (resp *gh.Response, err error) {
		r, resp, err = c.rest.Repositories.Get(ctx, org.owner, ".github")
		return resp, err
	})
	org.loaded = true
	if err != nil {
		var er *gh.ErrorResponse
		if errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == 404 {
			return nil
		}
		return restError(err, "reading "+org.owner+"/.github")
	}
	l := s.fromREST(r)
	if l.meta.Visibility == "public" {
		org.defaults = l
	}
	return nil
}
