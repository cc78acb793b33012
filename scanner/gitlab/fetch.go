package gitlab

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"

	gl "gitlab.com/gitlab-org/api/client-go"
	"golang.org/x/sync/errgroup"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/internal/forge"
)

// Bounds of one phase-2 query, within GitLab's complexity limit of 250 (§6.2): four
// folder aliases (≈ 36 each, ×1.5 for 50 projects) or sixty paths (+1 each, ×2 for the
// blobs connection, ×1.5 for 50 projects). A query GitLab still finds too complex is
// halved.
const (
	maxDirsPerQuery  = 4
	maxPathsPerQuery = 60
)

// Prepare records the order in which the engine will open refs, so Open can fetch the
// folders and files of the next window of projects in a few batched queries.
func (s *Source) Prepare(ctx context.Context, refs []scanner.Ref) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.order = s.order[:0]
	s.next = 0
	s.pos = map[*listed]int{}
	s.oidCount = map[string]int32{}
	for _, r := range refs {
		l, ok := r.Data.(*listed)
		if !ok {
			continue
		}
		s.pos[l] = len(s.order)
		s.order = append(s.order, l)
		for _, e := range l.entries {
			if s.wanted(e) {
				s.oidCount[e.OID]++
			}
		}
	}
}

// Open returns the snapshot of one listed project.
func (s *Source) Open(ctx context.Context, ref scanner.Ref) (*repo.Snapshot, error) {
	l, ok := ref.Data.(*listed)
	if !ok {
		s.mu.Lock()
		l = s.listedAt[ref.Meta.Key()]
		s.mu.Unlock()
		if l == nil {
			return nil, fmt.Errorf("%s: not listed by this source", ref.Meta.FullName)
		}
	}
	if err := s.stopped(); err != nil {
		return nil, err
	}
	if err := s.ensure(ctx, l); err != nil {
		return nil, err
	}
	if s.opts.HostLicense && l.meta.HostLicense == "" {
		s.hostLicense(ctx, l)
	}
	l.mu.Lock()
	if l.rest && !l.empty {
		if err := s.restTrees(ctx, l); err != nil {
			l.mu.Unlock()
			return nil, s.noteStop(err)
		}
	}
	blobs, sizes := l.blobs, l.sizes
	entries := make([]repo.Entry, len(l.entries))
	copy(entries, l.entries)
	var dirs []string
	for d := range l.listed {
		dirs = append(dirs, d)
	}
	// The snapshot holds them now; opening the project again (rare) reads through REST.
	l.blobs, l.sizes, l.prepared = nil, nil, false
	l.mu.Unlock()
	for i, e := range entries {
		if n, ok := sizes[e.Path]; ok && n >= 0 {
			entries[i].Size = n
		}
	}
	snap := repo.NewPartial(l.meta, entries, dirs, &loader{s: s, pid: l.fullPath, ref: l.meta.HeadOID, blobs: blobs})
	snap.MaxRead = s.opts.MaxRead
	snap.OrgDefaults = s.opts.OrgDefaults
	return snap, nil
}

func (s *Source) stopped() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopErr
}

// noteStop remembers a budget error: every later Open fails the same way, without a request.
func (s *Source) noteStop(err error) error {
	if errors.Is(err, scanner.ErrIncomplete) {
		s.mu.Lock()
		if s.stopErr == nil {
			s.stopErr = err
		}
		s.mu.Unlock()
	}
	return err
}

// ensure fetches l's folders and files, with those of the next window of projects.
func (s *Source) ensure(ctx context.Context, l *listed) error {
	l.mu.Lock()
	done := l.prepared
	l.mu.Unlock()
	if done {
		return nil
	}
	select {
	case s.winSem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.winSem }()
	l.mu.Lock()
	done = l.prepared
	l.mu.Unlock()
	if done {
		return nil
	}
	if err := s.stopped(); err != nil {
		return err
	}
	win := []*listed{l}
	s.mu.Lock()
	if i, ok := s.pos[l]; ok {
		// Windows follow the engine's order from a cursor, so concurrent Opens that
		// arrive slightly out of order still share one window.
		start := s.next
		if i < start || i >= start+s.opts.Window {
			start = i
		}
		win = win[:0]
		j := start
		for ; j < len(s.order) && len(win) < s.opts.Window; j++ {
			x := s.order[j]
			x.mu.Lock()
			p := x.prepared
			x.mu.Unlock()
			if !p {
				win = append(win, x)
			}
		}
		s.next = j
	}
	s.mu.Unlock()
	err := s.fetchWindow(ctx, win)
	for _, x := range win {
		x.mu.Lock()
		x.prepared = true
		x.mu.Unlock()
	}
	if ctx.Err() != nil || errors.Is(err, scanner.ErrIncomplete) {
		return s.noteStop(err)
	}
	if err != nil {
		// The loader and REST read what a batch could not; log and go on.
		s.log.Warn("GitLab batch fetch failed; reading files one by one", "err", err)
	}
	return nil
}

// fetchWindow runs phase 2 for a window: the governance folders (rounds, as listing a
// folder may reveal a nested one), then the wanted files.
func (s *Source) fetchWindow(ctx context.Context, win []*listed) error {
	var batchable []*listed
	for _, l := range win {
		if !l.rest && !l.empty {
			batchable = append(batchable, l)
		}
	}
	var errs []error
	for round := 0; round < 6; round++ { // each round may reveal nested folders
		var items []item
		for _, l := range batchable {
			var dirs []string
			for d := range l.dirs {
				dirs = append(dirs, d)
			}
			sort.Strings(dirs)
			for len(dirs) > 0 {
				n := min(len(dirs), maxDirsPerQuery)
				items = append(items, item{l, dirs[:n]})
				dirs = dirs[n:]
			}
		}
		if len(items) == 0 {
			break
		}
		for _, l := range batchable {
			l.dirs = nil // listed now (new ones may be found)
		}
		if err := s.runPacked(ctx, items, maxDirsPerQuery, s.treesBatch); err != nil {
			if ctx.Err() != nil || errors.Is(err, scanner.ErrIncomplete) {
				return err
			}
			errs = append(errs, err)
		}
	}
	var items []item
	for _, l := range batchable {
		var paths []string
		for _, e := range l.entries {
			if s.wanted(e) && !s.cache.Has(e.OID) {
				paths = append(paths, e.Path)
			}
		}
		for len(paths) > 0 {
			n := min(len(paths), maxPathsPerQuery)
			items = append(items, item{l, paths[:n]})
			paths = paths[n:]
		}
		l.mu.Lock()
		l.blobs, l.sizes = map[string][]byte{}, map[string]int64{}
		l.mu.Unlock()
	}
	if err := s.runPacked(ctx, items, maxPathsPerQuery, s.blobsBatch); err != nil {
		if ctx.Err() != nil || errors.Is(err, scanner.ErrIncomplete) {
			return err
		}
		errs = append(errs, err)
	}
	// Shared blobs (licence texts) that another window fetched come from the cache.
	for _, l := range batchable {
		l.mu.Lock()
		for _, e := range l.entries {
			if _, ok := l.blobs[e.OID]; ok || !s.wanted(e) {
				continue
			}
			if b, ok := s.cache.Get(e.OID); ok {
				l.blobs[e.OID] = b
				l.sizes[e.Path] = int64(len(b))
			}
		}
		l.mu.Unlock()
	}
	return errors.Join(errs...)
}

// item is one project with the folders or paths one query asks of it.
type item struct {
	l    *listed
	keys []string
}

// batch is one query's projects and the union of what they ask.
type batch struct {
	items []item
	keys  []string
}

// pack groups items into queries of at most BatchProjects projects and maxKeys keys
// (the union of their folders or paths), each project once per query.
func (s *Source) pack(items []item, maxKeys int) []batch {
	// Items asking the same keys go together (a project's second chunk of folders
	// must not break up the first chunks of the others).
	items = slices.Clone(items)
	slices.SortStableFunc(items, func(a, b item) int {
		return strings.Compare(strings.Join(a.keys, "\x00"), strings.Join(b.keys, "\x00"))
	})
	var out []batch
	var cur batch
	union := map[string]bool{}
	in := map[*listed]bool{}
	flush := func() {
		if len(cur.items) > 0 {
			out = append(out, cur)
		}
		cur, union, in = batch{}, map[string]bool{}, map[*listed]bool{}
	}
	for _, it := range items {
		extra := 0
		for _, k := range it.keys {
			if !union[k] {
				extra++
			}
		}
		if len(cur.items) >= s.opts.BatchProjects || len(union)+extra > maxKeys || in[it.l] {
			flush()
		}
		cur.items = append(cur.items, it)
		in[it.l] = true
		for _, k := range it.keys {
			if !union[k] {
				union[k] = true
				cur.keys = append(cur.keys, k)
			}
		}
	}
	flush()
	return out
}

// runPacked runs the batches of items, a few at a time; a batch GitLab finds too complex
// or that fails is split in halves, down to one project.
func (s *Source) runPacked(ctx context.Context, items []item, maxKeys int, run func(context.Context, batch) error) error {
	var mu sync.Mutex
	var errs []error
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(s.opts.InFlight, 2))
	var do func(b batch) error
	do = func(b batch) error {
		err := run(gctx, b)
		if err == nil || gctx.Err() != nil || errors.Is(err, scanner.ErrIncomplete) || errors.Is(err, errAuth) {
			return err
		}
		// Too big for GitLab, or persistently failing: halve (projects, else keys).
		var halves [][]item
		switch {
		case len(b.items) > 1:
			h := len(b.items) / 2
			halves = [][]item{b.items[:h], b.items[h:]}
		case len(b.items[0].keys) > 1:
			it := b.items[0]
			h := len(it.keys) / 2
			halves = [][]item{{{it.l, it.keys[:h]}}, {{it.l, it.keys[h:]}}}
		default:
			return err
		}
		var es []error
		for _, h := range halves {
			for _, hb := range s.pack(h, maxKeys) {
				if err := do(hb); err != nil {
					if errors.Is(err, scanner.ErrIncomplete) || gctx.Err() != nil {
						return err
					}
					es = append(es, err)
				}
			}
		}
		return errors.Join(es...)
	}
	for _, b := range s.pack(items, maxKeys) {
		g.Go(func() error {
			err := do(b)
			if err != nil && !errors.Is(err, scanner.ErrIncomplete) && gctx.Err() == nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
				return nil // other batches go on; REST reads what this one missed
			}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	return errors.Join(errs...)
}

func fullPaths(b batch) []string {
	out := make([]string, len(b.items))
	for i, it := range b.items {
		out[i] = it.l.fullPath
	}
	return out
}

// byPath maps a projects(fullPaths:) answer back to the batch's projects (GitLab's case
// of the path may differ from ours).
func byPath(b batch) map[string]item {
	m := make(map[string]item, len(b.items))
	for _, it := range b.items {
		m[strings.ToLower(it.l.fullPath)] = it
	}
	return m
}

// treesBatch lists the batch's folders for its projects.
func (s *Source) treesBatch(ctx context.Context, b batch) error {
	vars := map[string]any{"fullPaths": fullPaths(b), "first": len(b.items)}
	for i, d := range b.keys {
		rec, _ := s.wantDir(d)
		vars[fmt.Sprintf("d%d", i)] = d
		vars[fmt.Sprintf("r%d", i)] = rec
	}
	var data struct {
		Projects *struct {
			Nodes []*struct {
				FullPath   string                     `json:"fullPath"`
				Repository map[string]json.RawMessage `json:"repository"`
			} `json:"nodes"`
		} `json:"projects"`
	}
	errs, err := s.graphql(ctx, treesQuery(b.keys), vars, &data)
	if err != nil {
		return err
	}
	if data.Projects == nil {
		return fmt.Errorf("GitLab GraphQL: no projects in the answer (%v)", errs)
	}
	want := byPath(b)
	got := map[*listed]bool{}
	for _, n := range data.Projects.Nodes {
		if n == nil {
			continue
		}
		it, ok := want[strings.ToLower(n.FullPath)]
		if !ok {
			continue
		}
		got[it.l] = true
		asked := map[string]bool{}
		for _, d := range it.keys {
			asked[d] = true
		}
		for i, d := range b.keys {
			if !asked[d] {
				continue
			}
			raw := n.Repository[fmt.Sprintf("d%d", i)]
			if len(raw) == 0 || string(raw) == "null" {
				it.l.rest = true // a folder GitLab could not list: REST reads the trees
				continue
			}
			var t treeNode
			if err := json.Unmarshal(raw, &t); err != nil {
				return fmt.Errorf("decoding the tree of %s/%s: %w", it.l.fullPath, d, err)
			}
			if t.Blobs.PageInfo.HasNextPage || t.Trees.PageInfo.HasNextPage {
				it.l.rest = true // more than 100 entries of a kind: REST pages through them
				continue
			}
			covered := ""
			if rec, _ := s.wantDir(d); rec {
				covered = d
			}
			it.l.listed[d] = true
			s.addTree(it.l, &t, covered)
		}
	}
	for _, it := range b.items {
		if !got[it.l] {
			it.l.rest = true // missing from the answer (moved, or a partial error): REST
		}
	}
	return nil
}

// blobsBatch reads the batch's paths for its projects, checking each content against
// the blob id and the size GitLab reports.
func (s *Source) blobsBatch(ctx context.Context, b batch) error {
	vars := map[string]any{"fullPaths": fullPaths(b), "paths": b.keys, "first": len(b.items)}
	var data struct {
		Projects *struct {
			Nodes []*struct {
				FullPath   string `json:"fullPath"`
				Repository *struct {
					Blobs *struct {
						Nodes []blobNode `json:"nodes"`
					} `json:"blobs"`
				} `json:"repository"`
			} `json:"nodes"`
		} `json:"projects"`
	}
	errs, err := s.graphql(ctx, blobsQuery, vars, &data)
	if err != nil {
		return err
	}
	if data.Projects == nil {
		return fmt.Errorf("GitLab GraphQL: no projects in the answer (%v)", errs)
	}
	want := byPath(b)
	for _, n := range data.Projects.Nodes {
		if n == nil || n.Repository == nil || n.Repository.Blobs == nil {
			continue
		}
		it, ok := want[strings.ToLower(n.FullPath)]
		if !ok {
			continue
		}
		l := it.l
		oids := map[string]string{}
		for _, e := range l.entries {
			oids[e.Path] = e.OID
		}
		asked := map[string]bool{}
		for _, p := range it.keys {
			asked[p] = true
		}
		l.mu.Lock()
		for _, bn := range n.Repository.Blobs.Nodes {
			if !asked[bn.Path] {
				continue
			}
			if bn.Size >= 0 {
				l.sizes[bn.Path] = int64(bn.Size)
			}
			if bn.RawTextBlob == nil || bn.OID != oids[bn.Path] {
				continue // binary, or changed since the listing: the loader reads it by id
			}
			c := []byte(*bn.RawTextBlob)
			if forge.CheckBlob(bn.OID, int64(bn.Size), c) != nil {
				s.log.Debug("GitLab blob content does not match its id; reading it by id", "project", l.fullPath, "path", bn.Path)
				delete(l.sizes, bn.Path)
				continue
			}
			if int64(len(c)) > s.opts.MaxRead {
				continue // sized: the snapshot reports it as too large without reading
			}
			l.blobs[bn.OID] = c
			if s.shared(bn.OID) {
				s.cache.Put(bn.OID, c)
			}
		}
		l.mu.Unlock()
	}
	return nil
}

// shared reports whether oid appears in more than one listed project.
func (s *Source) shared(oid string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.oidCount[oid] > 1
}

// restTrees reads l's root and governance folders through REST (keyset pages), at the
// HEAD commit the listing saw. l.mu is held.
func (s *Source) restTrees(ctx context.Context, l *listed) error {
	ref := l.meta.HeadOID
	if ref == "" {
		ref = l.meta.DefaultBranch
	}
	read := func(dir string, recursive bool) ([]*gl.TreeNode, error) {
		return s.restTree(ctx, l.fullPath, ref, dir, recursive)
	}
	root, err := read("", false)
	if err != nil {
		return err
	}
	var entries []repo.Entry
	var dirs []string
	listedDirs := map[string]bool{"": true}
	for _, n := range root {
		entries = append(entries, toEntry(n.Path, n.Type, n.Mode, n.ID))
		if n.Type == "tree" {
			if _, ok := s.wantDir(n.Path); ok {
				dirs = append(dirs, n.Path)
			}
		}
	}
	for i := 0; i < len(dirs); i++ {
		d := dirs[i]
		rec, _ := s.wantDir(d)
		nodes, err := read(d, rec)
		if err != nil {
			return err
		}
		listedDirs[d] = true
		for _, n := range nodes {
			entries = append(entries, toEntry(n.Path, n.Type, n.Mode, n.ID))
			if n.Type == "tree" && rec {
				listedDirs[n.Path] = true
			}
			if n.Type == "tree" && !rec {
				if _, ok := s.wantDir(n.Path); ok {
					dirs = append(dirs, n.Path)
				}
			}
		}
	}
	l.entries, l.rest, l.dirs, l.listed = entries, false, nil, listedDirs
	return nil
}

// restTree reads one folder of a project at ref through REST, following keyset pages.
func (s *Source) restTree(ctx context.Context, pid, ref, dir string, recursive bool) ([]*gl.TreeNode, error) {
	var out []*gl.TreeNode
	opt := &gl.ListTreeOptions{ListOptions: gl.ListOptions{PerPage: 100, Pagination: "keyset"}, Recursive: gl.Ptr(recursive)}
	if dir != "" {
		opt.Path = gl.Ptr(dir)
	}
	if ref != "" {
		opt.Ref = gl.Ptr(ref)
	}
	for {
		nodes, resp, err := s.rest.Repositories.ListTree(pid, opt, gl.WithContext(ctx))
		if err != nil {
			if errors.Is(err, gl.ErrNotFound) && dir == "" {
				return nil, nil // an empty repository
			}
			return nil, s.restError(err, "reading the tree of "+pid+"/"+dir)
		}
		out = append(out, nodes...)
		if resp.NextLink == "" {
			return out, nil
		}
		tok, err := nextToken(resp.NextLink)
		if err != nil || tok == "" {
			return out, nil
		}
		opt.PageToken = tok
	}
}

// loader reads blob contents: from the phase-2 reads, the shared cache, or REST by blob
// id (immutable, and checked against that id).
type loader struct {
	s     *Source
	pid   string
	ref   string // the HEAD commit listed
	blobs map[string][]byte
}

// ListDir lists a folder the snapshot was not given (a logo's folder, a path no rule
// declared) through REST, so the snapshot knows the truth instead of "absent".
func (ld *loader) ListDir(ctx context.Context, dir repo.Entry) ([]repo.Entry, error) {
	if err := ld.s.stopped(); err != nil {
		return nil, err
	}
	nodes, err := ld.s.restTree(ctx, ld.pid, ld.ref, dir.Path, false)
	if err != nil {
		return nil, ld.s.noteStop(err)
	}
	out := make([]repo.Entry, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, toEntry(n.Path, n.Type, n.Mode, n.ID))
	}
	return out, nil
}

func (ld *loader) Open(ctx context.Context, e repo.Entry) (io.ReadCloser, error) {
	if b, ok := ld.blobs[e.OID]; ok {
		return io.NopCloser(bytes.NewReader(b)), nil
	}
	if b, ok := ld.s.cache.Get(e.OID); ok {
		return io.NopCloser(bytes.NewReader(b)), nil
	}
	if e.OID == "" {
		return nil, fmt.Errorf("%s: no blob id", e.Path)
	}
	if err := ld.s.stopped(); err != nil {
		return nil, err
	}
	b, _, err := ld.s.rest.Repositories.RawBlobContent(ld.pid, e.OID, gl.WithContext(ctx))
	if err != nil {
		return nil, ld.s.noteStop(ld.s.restError(err, "reading "+e.Path))
	}
	if err := forge.CheckBlob(e.OID, -1, b); err != nil {
		return nil, fmt.Errorf("reading %s: the content GitLab sent does not match its tree: %w", e.Path, err)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// nextToken reads the page_token of a keyset Link rel="next" URL.
func nextToken(link string) (string, error) {
	u, err := url.Parse(link)
	if err != nil {
		return "", err
	}
	return u.Query().Get("page_token"), nil
}
