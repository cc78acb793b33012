package github

import (
	"context"
	"errors"
	"path"
	"strconv"

	gh "github.com/google/go-github/v60/github"

	"github.com/repogov/repogov/repo"
)

// maxRESTTrees bounds the directories restTrees lists for one repository; the snapshot
// lists any other on demand.
const maxRESTTrees = 64

// restTrees reads l's root and the directories the enabled rules read through REST (the
// fallback when GraphQL gave no trees).
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
	l.entries = nil
	l.dirs = map[string]bool{}
	type dir struct{ path, sha string }
	queue := []dir{{"", ref}}
	for len(queue) > 0 && len(l.dirs) < maxRESTTrees {
		d := queue[0]
		queue = queue[1:]
		es, err := c.readTree(ctx, l.owner, l.meta.Name, d.path, d.sha)
		if err != nil {
			if d.path == "" && errors.Is(err, errEmptyRepo) {
				break
			}
			return restError(err, "reading the tree of "+l.meta.FullName+"/"+d.path)
		}
		l.entries = append(l.entries, es...)
		l.dirs[d.path] = true
		for _, e := range es {
			if e.Kind == repo.Dir && s.lists(e.Path) {
				queue = append(queue, dir{e.Path, e.OID})
			}
		}
	}
	l.rest = false
	l.extra = nil
	return nil
}

// errEmptyRepo: GitHub answers 409 for the tree of a repository without commits.
var errEmptyRepo = errors.New("empty repository")

// readTree lists one tree (not recursively) as entries under dir.
func (c *client) readTree(ctx context.Context, owner, name, dir, sha string) ([]repo.Entry, error) {
	var t *gh.Tree
	err := c.restDo(ctx, func() (resp *gh.Response, err error) {
		t, resp, err = c.rest.Git.GetTree(ctx, owner, name, sha, false)
		return resp, err
	})
	if err != nil {
		var er *gh.ErrorResponse
		if errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == 409 {
			return nil, errEmptyRepo
		}
		return nil, err
	}
	out := make([]repo.Entry, 0, len(t.Entries))
	for _, e := range t.Entries {
		mode, _ := strconv.ParseInt(e.GetMode(), 8, 64)
		out = append(out, toEntry(path.Join(dir, e.GetPath()), e.GetType(), int(mode), e.GetSHA(), int64(e.GetSize())))
	}
	return out, nil
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
