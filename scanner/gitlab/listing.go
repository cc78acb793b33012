package gitlab

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"sync"

	gl "gitlab.com/gitlab-org/api/client-go"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/scanner"
)

// UnknownSize marks an entry whose size the host did not say: GitLab's trees carry no
// sizes, so files are sized when read (rules then read rather than trust a size).
const UnknownSize int64 = -1

// listed is one project as the listing saw it (scanner.Ref.Data).
type listed struct {
	meta     repo.Meta
	fullPath string
	id       int64
	entries  []repo.Entry
	// dirs are the folders still to list (phase 2, recursive ones marked); asked are
	// those already asked for.
	dirs   map[string]bool
	asked  map[string]bool
	listed map[string]bool // folders whose entries are all in entries ("" the root)
	// rest: trees come from REST (a REST listing, a GraphQL error, a folder of more than
	// 100 entries): Open reads them.
	rest  bool
	empty bool

	mu       sync.Mutex
	prepared bool
	blobs    map[string][]byte // fetched contents by oid, dropped once opened
	sizes    map[string]int64  // by path, from the reads
}

// listTarget resolves t (a project, a group, a user) and lists it. single reports a
// project target (selection does not apply to what was named).
func (s *Source) listTarget(ctx context.Context, t Target) (ls []*listed, single bool, err error) {
	if s.noGraphQL.Load() {
		return s.restListTarget(ctx, t)
	}
	if strings.Contains(t.Path, "/") {
		var data struct {
			Project   *projectNode `json:"project"`
			Namespace *struct {
				FullPath string `json:"fullPath"`
			} `json:"namespace"`
		}
		_, err := s.graphql(ctx, projectQuery, map[string]any{"path": t.Path}, &data)
		if err != nil {
			if s.restFallback(err) {
				s.fellBack(err)
				return s.restListTarget(ctx, t)
			}
			return nil, false, err
		}
		if data.Project != nil {
			l := s.fromNode(data.Project)
			s.hostLicense(ctx, l)
			return []*listed{l}, true, nil
		}
		if data.Namespace == nil {
			return nil, false, s.notFound(t)
		}
	}
	ls, err = s.listNamespace(ctx, t)
	return ls, false, err
}

func (s *Source) notFound(t Target) error {
	if s.anon {
		return fmt.Errorf("no group, user or project %q on %s visible without a token (private and internal ones need GITLAB_TOKEN)", t.Path, s.base)
	}
	return fmt.Errorf("no group, user or project %q on %s visible to this token", t.Path, s.base)
}

// restFallback reports whether a GraphQL failure leaves REST worth trying: not for
// credentials, budgets, cancellation or a URL that is not GitLab.
func (s *Source) restFallback(err error) bool {
	return !errors.Is(err, errAuth) && !errors.Is(err, scanner.ErrIncomplete) && !errors.Is(err, context.Canceled) &&
		!errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, errNotGitLab) && !strings.HasPrefix(err.Error(), "TLS:") &&
		!strings.Contains(err.Error(), "host not found")
}

// fellBack notes a GraphQL failure that sends the listing to REST; without GraphQL at
// all, later targets go straight to REST.
func (s *Source) fellBack(err error) {
	if errors.Is(err, errNoGraphQL) {
		if !s.noGraphQL.Swap(true) {
			s.log.Info("this GitLab has no GraphQL API; reading through REST (more requests)")
		}
		return
	}
	s.log.Warn("GitLab GraphQL listing failed; listing through REST", "err", err)
}

// listNamespace pages through a group's (with its subgroups) or a user's projects.
func (s *Source) listNamespace(ctx context.Context, t Target) ([]*listed, error) {
	var out []*listed
	after := ""
	first := s.opts.PageSize
	if s.anon {
		first = min(first, 50) // anonymous complexity limit is 200
	}
	for page := 0; ; page++ {
		var data struct {
			Namespace *struct {
				Projects struct {
					PageInfo struct {
						HasNextPage bool   `json:"hasNextPage"`
						EndCursor   string `json:"endCursor"`
					} `json:"pageInfo"`
					Nodes []*projectNode `json:"nodes"`
				} `json:"projects"`
			} `json:"namespace"`
		}
		vars := map[string]any{"path": t.Path, "first": first, "after": nil, "archived": s.opts.Selection.IncludeArchived}
		if after != "" {
			vars["after"] = after
		}
		errs, err := s.graphql(ctx, listingQuery, vars, &data)
		if err != nil {
			if tooComplex(err) && first > 5 {
				first /= 2
				s.log.Debug("GitLab listing page too complex; smaller pages", "first", first)
				page--
				continue
			}
			if page == 0 && s.restFallback(err) {
				s.fellBack(err)
				ls, _, rerr := s.restListTarget(ctx, t)
				return ls, rerr
			}
			return out, fmt.Errorf("listing projects: %w", err)
		}
		if data.Namespace == nil {
			return out, s.notFound(t)
		}
		// A project whose tree failed (a Gitaly timeout) is read through REST.
		bad := map[int]bool{}
		for _, e := range errs {
			if len(e.Path) >= 4 {
				if i, ok := e.Path[3].(float64); ok {
					bad[int(i)] = true
				}
			}
		}
		pr := data.Namespace.Projects
		for i, n := range pr.Nodes {
			if n == nil {
				continue
			}
			l := s.fromNode(n)
			if bad[i] && !l.empty {
				l.rest = true
			}
			out = append(out, l)
		}
		if !pr.PageInfo.HasNextPage {
			break
		}
		if len(pr.Nodes) == 0 || pr.PageInfo.EndCursor == "" || pr.PageInfo.EndCursor == after {
			return out, fmt.Errorf("listing projects: GitLab returned an empty page with more to come; stopping")
		}
		after = pr.PageInfo.EndCursor
	}
	return out, nil
}

// fromNode turns a listed project into metadata and its root index.
func (s *Source) fromNode(n *projectNode) *listed {
	m := repo.Meta{Host: s.host, Forge: "gitlab", Name: n.Path, FullName: n.FullPath, URL: n.WebURL, Visibility: strings.ToLower(n.Visibility),
		Archived: n.Archived, Fork: n.IsForked, Topics: n.Topics}
	if i := strings.LastIndexByte(n.FullPath, '/'); i > 0 {
		m.Owner = n.FullPath[:i]
	}
	if m.Name == "" {
		m.Name = n.Name
	}
	if n.Description != nil {
		m.Description = strings.TrimSpace(*n.Description)
	}
	if n.LastActivityAt != nil {
		m.PushedAt = n.LastActivityAt.UTC()
	}
	if i := strings.LastIndexByte(n.ID, '/'); i >= 0 {
		m.ID, _ = strconv.ParseInt(n.ID[i+1:], 10, 64)
	}
	l := &listed{fullPath: n.FullPath, id: m.ID}
	r := n.Repository
	if r == nil || r.Empty || r.RootRef == nil {
		l.empty = true
		l.meta = m
		return l
	}
	m.DefaultBranch = *r.RootRef
	if r.Tree == nil {
		l.rest = true
		l.meta = m
		return l
	}
	if r.Tree.LastCommit != nil {
		m.HeadOID = r.Tree.LastCommit.SHA
	}
	l.meta = m
	t := r.Tree
	if t.Blobs.PageInfo.HasNextPage || t.Trees.PageInfo.HasNextPage || t.Submodules.PageInfo.HasNextPage {
		l.rest = true // a root of more than 100 entries of a kind: REST pages through it
		return l
	}
	l.listed = map[string]bool{"": true}
	s.addTree(l, t, "")
	return l
}

// addTree adds a GraphQL tree's entries to l and queues the folders the rules look into,
// except those below covered (a folder listed recursively: its entries are all here).
func (s *Source) addTree(l *listed, t *treeNode, covered string) {
	for _, b := range t.Blobs.Nodes {
		l.entries = append(l.entries, toEntry(b.Path, "blob", b.Mode, b.SHA))
	}
	for _, b := range t.Submodules.Nodes {
		l.entries = append(l.entries, toEntry(b.Path, "commit", "160000", b.SHA))
	}
	for _, d := range t.Trees.Nodes {
		l.entries = append(l.entries, toEntry(d.Path, "tree", "040000", d.SHA))
		if covered != "" && strings.HasPrefix(d.Path, covered+"/") {
			l.listed[d.Path] = true // inside a folder listed recursively
			continue
		}
		if _, ok := s.wantDir(d.Path); ok {
			s.queueDir(l, d.Path)
		}
	}
}

// queueDir queues folder d for listing (once).
func (s *Source) queueDir(l *listed, d string) {
	if l.asked[d] {
		return
	}
	if l.dirs == nil {
		l.dirs, l.asked = map[string]bool{}, map[string]bool{}
	}
	rec, _ := s.wantDir(d)
	l.dirs[d], l.asked[d] = rec, true
}

func toEntry(p, typ, mode, oid string) repo.Entry {
	e := repo.Entry{Path: p, OID: oid}
	switch {
	case typ == "tree":
		e.Kind = repo.Dir
	case typ == "commit":
		e.Kind = repo.Submodule
	case mode == "120000":
		e.Kind, e.Size = repo.Symlink, UnknownSize
	default:
		e.Kind, e.Size = repo.File, UnknownSize
		e.Exec = mode == "100755"
	}
	return e
}

// restListTarget lists through REST (instances without a usable GraphQL API).
func (s *Source) restListTarget(ctx context.Context, t Target) ([]*listed, bool, error) {
	if strings.Contains(t.Path, "/") {
		p, _, err := s.rest.Projects.GetProject(t.Path, &gl.GetProjectOptions{License: gl.Ptr(true)}, gl.WithContext(ctx))
		if err == nil {
			return []*listed{s.fromREST(p)}, true, nil
		}
		if !errors.Is(err, gl.ErrNotFound) {
			return nil, false, s.restError(err, "reading project "+t.Path)
		}
	}
	var out []*listed
	opt := gl.ListOptions{PerPage: 100, Page: 1}
	group := true
	for {
		var ps []*gl.Project
		var resp *gl.Response
		var err error
		if group {
			ps, resp, err = s.rest.Groups.ListGroupProjects(t.Path, &gl.ListGroupProjectsOptions{ListOptions: opt,
				IncludeSubGroups: gl.Ptr(true), WithShared: gl.Ptr(false), OrderBy: gl.Ptr("id"), Sort: gl.Ptr("asc"),
				Archived: archivedOpt(s.opts.Selection.IncludeArchived)}, gl.WithContext(ctx))
			if errors.Is(err, gl.ErrNotFound) && opt.Page == 1 {
				group = false
				continue
			}
		} else {
			ps, resp, err = s.rest.Projects.ListUserProjects(t.Path, &gl.ListProjectsOptions{ListOptions: opt,
				OrderBy: gl.Ptr("id"), Sort: gl.Ptr("asc"), Archived: archivedOpt(s.opts.Selection.IncludeArchived)}, gl.WithContext(ctx))
			if errors.Is(err, gl.ErrNotFound) {
				return nil, false, s.notFound(t)
			}
		}
		if err != nil {
			return out, false, s.restError(err, "listing projects")
		}
		for _, p := range ps {
			out = append(out, s.fromREST(p))
		}
		// Never trust totals (omitted above 10,000): follow the next page.
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	return out, false, nil
}

func archivedOpt(include bool) *bool {
	if include {
		return nil
	}
	return gl.Ptr(false)
}

func (s *Source) fromREST(p *gl.Project) *listed {
	m := repo.Meta{Host: s.host, Forge: "gitlab", Name: p.Path, FullName: p.PathWithNamespace, URL: p.WebURL, ID: p.ID, DefaultBranch: p.DefaultBranch,
		Visibility: string(p.Visibility), Archived: p.Archived, Fork: p.ForkedFromProject != nil,
		Description: strings.TrimSpace(p.Description), Topics: p.Topics}
	if i := strings.LastIndexByte(p.PathWithNamespace, '/'); i > 0 {
		m.Owner = p.PathWithNamespace[:i]
	}
	if p.LastActivityAt != nil {
		m.PushedAt = p.LastActivityAt.UTC()
	}
	if p.EmptyRepo {
		m.DefaultBranch = "" // GitLab shows the instance's default name on empty repositories
	}
	if p.License != nil {
		m.HostLicense = spdxOf(p.License.Key)
	}
	return &listed{meta: m, fullPath: p.PathWithNamespace, id: p.ID, rest: !p.EmptyRepo, empty: p.EmptyRepo}
}

// hostLicense asks GitLab's licence detection for one project (one REST request).
func (s *Source) hostLicense(ctx context.Context, l *listed) {
	if l.empty {
		return
	}
	p, _, err := s.rest.Projects.GetProject(l.fullPath, &gl.GetProjectOptions{License: gl.Ptr(true)}, gl.WithContext(ctx))
	if err != nil {
		s.log.Debug("GitLab licence detection unavailable", "project", l.fullPath, "err", err)
		return
	}
	if p.License != nil {
		l.meta.HostLicense = spdxOf(p.License.Key)
	} else {
		l.meta.HostLicense = "NONE"
	}
}

// spdxOf maps GitLab's licence keys (choosealicense ids, lower case) to SPDX ids.
func spdxOf(key string) string {
	switch k := strings.ToLower(key); k {
	case "":
		return ""
	case "other":
		return "NOASSERTION"
	default:
		for _, id := range knownSPDX {
			if strings.ToLower(id) == k {
				return id
			}
		}
		return "NOASSERTION"
	}
}

var knownSPDX = []string{"0BSD", "AFL-3.0", "AGPL-3.0", "Apache-2.0", "Artistic-2.0", "BSD-2-Clause", "BSD-3-Clause", "BSD-3-Clause-Clear",
	"BSD-4-Clause", "BSL-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "ECL-2.0", "EPL-1.0", "EPL-2.0", "EUPL-1.1", "EUPL-1.2",
	"GPL-2.0", "GPL-3.0", "ISC", "LGPL-2.1", "LGPL-3.0", "LPPL-1.3c", "MIT", "MIT-0", "MPL-2.0", "MS-PL", "MS-RL", "MulanPSL-2.0",
	"NCSA", "ODbL-1.0", "OFL-1.1", "OSL-3.0", "PostgreSQL", "UPL-1.0", "Unlicense", "Vim", "WTFPL", "Zlib"}

// restError explains a client-go error, with the scope hint for 401/403.
func (s *Source) restError(err error, what string) error {
	var er *gl.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		switch er.Response.StatusCode {
		case 401, 403:
			return authError(er.Response.StatusCode, er.Body, what)
		}
	}
	if errors.Is(err, gl.ErrNotFound) {
		return fmt.Errorf("%s: not found, or not visible to this credential", what)
	}
	if errors.Is(err, scanner.ErrIncomplete) {
		return err
	}
	return fmt.Errorf("%s: %w", what, s.describe(err))
}

var _ = path.Join
