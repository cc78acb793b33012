package remediate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"

	gl "gitlab.com/gitlab-org/api/client-go"

	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/report"
)

// glTemplatesProject is the templates project's default name on GitLab. GitLab has no
// organization .github repository; a group's gitlab-profile project is the nearest
// convention (its README is the group's page, as .github/profile is an organization's
// on GitHub), and OSPOs already keep one per group (docs/gitlab.md).
const glTemplatesProject = "gitlab-profile"

// GitLabTemplates reads template sources from templates projects on GitLab, the
// counterpart of GitHubTemplates. remediation.templates-repository "NAME" (default
// gitlab-profile) is looked for in the project's group, then in each parent group up
// to the top-level one, file by file, closest first — as GitLab resolves a group's
// description templates; "OWNER/NAME" is that one project. A source is found by listing
// its directory (one tree request: a symbolic link, mode 120000, or a directory is
// refused), then read by blob id through a limit of maxTemplate bytes (GitLab's trees
// carry no sizes, so the bound is enforced while reading, and the transfer is cut
// there). Reads, and the projects and paths found missing, are cached per run.
type GitLabTemplates struct {
	// Client is the authenticated client (glsrc.Source.REST).
	Client *gl.Client
	// Repository is the policy's remediation.templates-repository.
	Repository string

	cache cachedReads
}

// ReadTemplate reads t.SourceName from the templates project of rr.
func (g *GitLabTemplates) ReadTemplate(ctx context.Context, rr report.Repository, t policy.Template) ([]byte, error) {
	projects := glTemplatesProjects(rr.Meta.Owner, g.Repository)
	p, err := sourcePath(t)
	if err != nil {
		return nil, fmt.Errorf("%w in the templates project %s", err, projects[0])
	}
	for _, proj := range projects {
		b, err := g.cache.get(ctx, proj+"\x00"+p, func() ([]byte, error) { return g.read(ctx, proj, p) })
		if errors.Is(err, errTemplateNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("source %s in %s: %w", p, proj, err)
		}
		return b, nil
	}
	return nil, fmt.Errorf("source %s in %s: %w", p, strings.Join(projects, " or "), errTemplateNotFound)
}

// glTemplatesProjects are the projects a template source of a project in namespace ns
// is looked for in, closest first.
func glTemplatesProjects(ns, setting string) []string {
	if strings.Contains(setting, "/") {
		return []string{setting}
	}
	if setting == "" {
		setting = glTemplatesProject
	}
	var out []string
	for ns != "" {
		out = append(out, ns+"/"+setting)
		i := strings.LastIndexByte(ns, '/')
		if i < 0 {
			break
		}
		ns = ns[:i]
	}
	if len(out) == 0 { // a report without an owner: nothing to search
		out = append(out, setting)
	}
	return out
}

// sourcePath is t's source as a path inside a templates repository.
func sourcePath(t policy.Template) (string, error) {
	p := path.Clean(strings.TrimPrefix(t.SourceName, "./"))
	if p == "." || strings.HasPrefix(p, "/") || p == ".." || strings.HasPrefix(p, "../") {
		return "", fmt.Errorf("source %q: not a path", t.SourceName)
	}
	return p, nil
}

func (g *GitLabTemplates) read(ctx context.Context, proj, p string) ([]byte, error) {
	dir, base := path.Split(p)
	opt := &gl.ListTreeOptions{ListOptions: gl.ListOptions{PerPage: 100}} // the default branch
	if dir = strings.TrimSuffix(dir, "/"); dir != "" {
		opt.Path = gl.Ptr(dir)
	}
	for {
		nodes, resp, err := g.Client.Repositories.ListTree(proj, opt, gl.WithContext(ctx))
		if errors.Is(err, gl.ErrNotFound) {
			// No such project (visible to the token), an empty repository, or no such
			// directory — a path through a symbolic link is none either: git trees do
			// not follow them.
			return nil, errTemplateNotFound
		}
		if err != nil {
			return nil, glClassify(err, glReporter)
		}
		for _, n := range nodes {
			if n.Name != base {
				continue
			}
			if n.Type != "blob" || n.Mode == "120000" {
				// A symbolic link is not followed: it may point anywhere.
				return nil, fmt.Errorf("%s is not a regular file", p)
			}
			return g.blob(ctx, proj, n.ID)
		}
		if resp.NextPage == 0 {
			return nil, errTemplateNotFound
		}
		opt.Page = resp.NextPage
	}
}

func (g *GitLabTemplates) blob(ctx context.Context, proj, sha string) ([]byte, error) {
	// Cancelling the request stops client-go from draining the rest of an oversized
	// body after the limit (it copies what is left to io.Discard).
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	u := fmt.Sprintf("projects/%s/repository/blobs/%s/raw", gl.PathEscape(proj), url.PathEscape(sha))
	req, err := g.Client.NewRequest(http.MethodGet, u, nil, []gl.RequestOptionFunc{gl.WithContext(ctx)})
	if err != nil {
		return nil, err
	}
	w := &boundedBuffer{max: maxTemplate, stop: cancel}
	_, err = g.Client.Do(req, w)
	switch {
	case w.over:
		return nil, fmt.Errorf("larger than %d bytes", maxTemplate)
	case errors.Is(err, gl.ErrNotFound):
		return nil, errTemplateNotFound
	case err != nil:
		return nil, glClassify(err, glReporter)
	}
	return w.buf.Bytes(), nil
}

// boundedBuffer keeps at most max bytes; a longer write sets over, calls stop and fails.
type boundedBuffer struct {
	buf  bytes.Buffer
	max  int
	over bool
	stop func()
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if b.buf.Len()+len(p) > b.max {
		b.over = true
		if b.stop != nil {
			b.stop()
		}
		return 0, errTooLarge
	}
	return b.buf.Write(p)
}

var errTooLarge = errors.New("too large")
