package github

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"sync"

	gh "github.com/google/go-github/v60/github"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/scanner"
)

// listed is one repository as phase 1 saw it (scanner.Ref.Data).
type listed struct {
	meta    repo.Meta
	owner   string
	entries []repo.Entry
	// dirs are the directories whose entries are all in entries ("" the root).
	dirs map[string]bool
	// extra are directories whose entries phase 2 must fetch (dir path → tree oid).
	extra map[string]string
	// rest: phase 1 had no trees for it (anonymous listing, or a GraphQL error): Open
	// reads its trees through REST.
	rest       bool
	empty      bool
	isDefaults bool // the owner's .github repository as org defaults: kept for every repository

	mu       sync.Mutex
	prepared bool
	blobs    map[string][]byte // fetched contents by oid, dropped once opened
}

// orgState is what is shared by every repository of one owner.
type orgState struct {
	owner    string
	defaults *listed // the public .github repository, nil when none
	loaded   bool
	once     sync.Once
	snap     *repo.Snapshot
}

func (s *Source) org(owner string) *orgState {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := strings.ToLower(owner)
	o := s.orgs[k]
	if o == nil {
		o = &orgState{owner: owner}
		s.orgs[k] = o
	}
	return o
}

func (s *Source) listTarget(ctx context.Context, t Target) ([]*listed, error) {
	c, err := s.clientFor(ctx, t.Owner)
	if err != nil {
		return nil, err
	}
	if c.anon {
		return s.listREST(ctx, c, t)
	}
	org := s.org(t.Owner)
	if t.Repo != "" {
		var data struct {
			Owner      *ownerNode `json:"owner"`
			Repository *repoNode  `json:"repository"`
		}
		errs, err := c.graphql(ctx, s.singleRepoQuery(), map[string]any{"owner": t.Owner, "name": t.Repo}, &data)
		if err != nil {
			return nil, err
		}
		if data.Repository == nil {
			return nil, notFound(fmt.Sprintf("repository %s/%s", t.Owner, t.Repo), errs)
		}
		s.setDefaults(org, data.Owner)
		l := s.fromNode(t.Owner, data.Repository)
		return []*listed{l}, nil
	}
	var out []*listed
	after := ""
	first := 100
	for page := 0; ; page++ {
		var data struct {
			Owner *ownerNode `json:"owner"`
		}
		vars := map[string]any{"owner": t.Owner, "after": nil, "first": first}
		if after != "" {
			vars["after"] = after
		}
		errs, err := c.graphql(ctx, s.listingQuery(page == 0), vars, &data)
		if err != nil {
			var ge gqlErrors
			if first > 12 && ctx.Err() == nil && !errors.Is(err, scanner.ErrIncomplete) && !errors.As(err, &ge) && !isAuth(err) {
				// Too heavy for GitHub's 10-second limit: smaller pages.
				first /= 2
				s.log.Warn("GitHub listing page failed; retrying with smaller pages", "first", first, "err", err)
				page--
				continue
			}
			return out, fmt.Errorf("listing repositories: %w", err)
		}
		if data.Owner == nil {
			return out, notFound(fmt.Sprintf("organization or user %q", t.Owner), errs)
		}
		if page == 0 {
			s.setDefaults(org, data.Owner)
		}
		// Errors on a repository's trees (a resource limit, a timeout) leave it to REST.
		bad := map[int]bool{}
		for _, e := range errs {
			if len(e.Path) >= 4 {
				if i, ok := e.Path[3].(float64); ok {
					bad[int(i)] = true
				}
			}
		}
		for i, n := range data.Owner.Repositories.Nodes {
			if n == nil {
				continue
			}
			l := s.fromNode(t.Owner, n)
			if bad[i] {
				l.rest = true
			}
			out = append(out, l)
		}
		pi := data.Owner.Repositories.PageInfo
		if !pi.HasNextPage || pi.EndCursor == "" {
			break
		}
		if len(data.Owner.Repositories.Nodes) == 0 || pi.EndCursor == after {
			return out, fmt.Errorf("listing repositories: GitHub returned an empty page with more to come; stopping")
		}
		after = pi.EndCursor
	}
	return out, nil
}

func (s *Source) setDefaults(org *orgState, owner *ownerNode) {
	if owner == nil {
		return
	}
	org.loaded = true
	if d := owner.OrgDefaults; d != nil && strings.EqualFold(d.Visibility, "public") && !d.IsEmpty {
		d.Name = ".github"
		d.NameWithOwner = org.owner + "/.github"
		org.defaults = s.fromNode(org.owner, d)
		org.defaults.isDefaults = true
	}
}

// fromNode turns a listed GraphQL repository into metadata and its file index.
func (s *Source) fromNode(owner string, n *repoNode) *listed {
	m := repo.Meta{
		Host: s.host, Forge: "github", Owner: owner, Name: n.Name, FullName: n.NameWithOwner, URL: n.URL, ID: n.DatabaseID,
		Visibility: strings.ToLower(n.Visibility), Archived: n.IsArchived, Fork: n.IsFork,
		Description: n.Description, Homepage: n.HomepageURL,
	}
	if i := strings.IndexByte(n.NameWithOwner, '/'); i > 0 {
		m.Owner = n.NameWithOwner[:i]
	}
	if m.FullName == "" {
		m.FullName = owner + "/" + n.Name
	}
	if n.PushedAt != nil {
		m.PushedAt = n.PushedAt.UTC()
	}
	if n.DefaultBranchRef != nil {
		m.DefaultBranch = n.DefaultBranchRef.Name
		m.HeadOID = n.DefaultBranchRef.Target.OID
	}
	if n.LicenseInfo != nil {
		m.HostLicense = n.LicenseInfo.SpdxID
	}
	for _, t := range n.RepositoryTopics.Nodes {
		m.Topics = append(m.Topics, t.Topic.Name)
	}
	l := &listed{meta: m, owner: m.Owner, empty: n.IsEmpty || n.DefaultBranchRef == nil}
	if l.empty {
		return l
	}
	if n.Root == nil {
		l.rest = true
		return l
	}
	add := func(dir string, t *treeObj) {
		if t == nil {
			return
		}
		for _, e := range t.Entries {
			l.entries = append(l.entries, toEntry(path.Join(dir, e.Name), e.Type, e.Mode, e.OID, e.Size))
		}
	}
	add("", n.Root)
	l.dirs = map[string]bool{"": true}
	for i, d := range s.trees {
		if t := n.Trees["t"+strconv.Itoa(i)]; t != nil {
			add(d, t)
			l.dirs[d] = true
		}
	}
	l.extra = s.extraTrees(l)
	return l
}

func toEntry(p, typ string, mode int, oid string, size int64) repo.Entry {
	e := repo.Entry{Path: p, OID: oid, Size: size}
	switch {
	case typ == "tree":
		e.Kind, e.Size = repo.Dir, 0
	case typ == "commit":
		e.Kind, e.Size = repo.Submodule, 0
	case mode == 0o120000:
		e.Kind = repo.Symlink
	default:
		e.Kind = repo.File
		e.Exec = mode == 0o100755
	}
	return e
}

// extraTrees picks the directories the listing query did not list but the enabled rules
// look into: other spellings of the listed ones (Docs/, .GitHub/) and the directories
// below them (LICENSES/vendor/ for LICENSES/**).
func (s *Source) extraTrees(l *listed) map[string]string {
	var out map[string]string
	for _, e := range l.entries {
		if e.Kind != repo.Dir || e.OID == "" || l.dirs[e.Path] || !s.lists(e.Path) {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[e.Path] = e.OID
	}
	return out
}

// listedDirs returns the directories whose entries are all known.
func (l *listed) listedDirs() []string {
	out := make([]string, 0, len(l.dirs))
	for d := range l.dirs {
		out = append(out, d)
	}
	return out
}

// listREST lists through REST (anonymous access has no GraphQL); trees come at Open.
func (s *Source) listREST(ctx context.Context, c *client, t Target) ([]*listed, error) {
	var out []*listed
	if t.Repo != "" {
		var r *gh.Repository
		err := c.restDo(ctx, func() (resp *gh.Response, err error) {
			r, resp, err = c.rest.Repositories.Get(ctx, t.Owner, t.Repo)
			return resp, err
		})
		if err != nil {
			return nil, restError(err, "reading "+t.Owner+"/"+t.Repo)
		}
		return []*listed{s.fromREST(r)}, nil
	}
	opt := &gh.RepositoryListByOrgOptions{Type: "all", Sort: "full_name", ListOptions: gh.ListOptions{PerPage: 100}}
	user := false
	for {
		var rs []*gh.Repository
		var resp *gh.Response
		var err error
		if !user {
			err = c.restDo(ctx, func() (*gh.Response, error) {
				rs, resp, err = c.rest.Repositories.ListByOrg(ctx, t.Owner, opt)
				return resp, err
			})
			var er *gh.ErrorResponse
			if errors.As(err, &er) && er.Response.StatusCode == 404 && opt.Page == 0 {
				user = true
				continue
			}
		} else {
			err = c.restDo(ctx, func() (*gh.Response, error) {
				rs, resp, err = c.rest.Repositories.ListByUser(ctx, t.Owner, &gh.RepositoryListByUserOptions{Type: "owner", Sort: "full_name", ListOptions: opt.ListOptions})
				return resp, err
			})
		}
		if err != nil {
			return out, restError(err, "listing repositories")
		}
		for _, r := range rs {
			out = append(out, s.fromREST(r))
		}
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	return out, nil
}

func (s *Source) fromREST(r *gh.Repository) *listed {
	m := repo.Meta{
		Host: s.host, Forge: "github", Owner: r.GetOwner().GetLogin(), Name: r.GetName(), FullName: r.GetFullName(), URL: r.GetHTMLURL(),
		ID: r.GetID(), DefaultBranch: r.GetDefaultBranch(), Visibility: r.GetVisibility(), Archived: r.GetArchived(),
		Fork: r.GetFork(), Description: r.GetDescription(), Homepage: r.GetHomepage(), Topics: r.Topics,
		PushedAt: r.GetPushedAt().Time.UTC(), HostLicense: r.GetLicense().GetSPDXID(),
	}
	if m.Visibility == "" {
		m.Visibility = "public"
		if r.GetPrivate() {
			m.Visibility = "private"
		}
	}
	return &listed{meta: m, owner: m.Owner, rest: true}
}

// restError explains a go-github error, with the permission hint for 401/403.
func restError(err error, what string) error {
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		switch er.Response.StatusCode {
		case 401, 403:
			return authError(er.Response, what)
		case 404:
			return fmt.Errorf("%s: not found, or not visible to this credential", what)
		}
	}
	return fmt.Errorf("%s: %w", what, unwrapURLError(err))
}

// notFound says that what does not exist or is hidden from the credential, with what
// GitHub said about it, if anything.
func notFound(what string, errs gqlErrors) error {
	msg := what + " not found, or not visible to this credential"
	var other gqlErrors
	for _, e := range errs {
		if e.Type != "NOT_FOUND" && e.Message != "" { // NOT_FOUND is what msg says
			other = append(other, e)
		}
	}
	if len(other) > 0 {
		msg += " (" + other.Error() + ")"
	}
	return errors.New(msg)
}
