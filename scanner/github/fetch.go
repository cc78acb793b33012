package github

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	gh "github.com/google/go-github/v60/github"
	"golang.org/x/sync/errgroup"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/internal/forge"
)

// Prepare records the order in which the engine will open refs, so Open can fetch the
// blobs of the next window of repositories in a few batched queries.
func (s *Source) Prepare(ctx context.Context, refs []scanner.Ref) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.order = s.order[:0]
	s.next = 0
	s.pos = map[*listed]int{}
	for _, r := range refs {
		if l, ok := r.Data.(*listed); ok {
			s.pos[l] = len(s.order)
			s.order = append(s.order, l)
		}
	}
}

// Open returns the snapshot of one listed repository.
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
	c, err := s.clientFor(ctx, l.owner)
	if err != nil {
		return nil, err
	}
	if l.rest && !l.empty {
		if err := s.restTrees(ctx, c, l); err != nil {
			return nil, s.noteStop(err)
		}
	}
	if err := s.ensure(ctx, l); err != nil {
		return nil, err
	}
	l.mu.Lock()
	blobs, entries, dirs := l.blobs, l.entries, l.listedDirs()
	if !l.isDefaults {
		// The snapshot holds them now; they go with it after evaluation. Opening the
		// repository again (rare) reads its trees through REST.
		l.blobs, l.entries, l.dirs, l.prepared, l.rest = nil, nil, nil, false, !l.empty
	}
	l.mu.Unlock()
	snap := repo.NewPartial(l.meta, entries, dirs, &loader{s: s, c: c, owner: l.owner, name: l.meta.Name, blobs: blobs})
	snap.MaxRead = s.opts.MaxRead
	if l.meta.Name != ".github" {
		od, err := s.orgSnapshot(ctx, l.owner)
		if err != nil {
			return nil, err
		}
		snap.OrgDefaults = od
	}
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

// ensure fetches l's blobs, with those of the next window of repositories.
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
	return s.noteStop(s.fetchWindow(ctx, win))
}

// fetchWindow runs phase 2 for a window: extra trees, then the wanted blobs,
// de-duplicated by oid, in batched GraphQL queries.
func (s *Source) fetchWindow(ctx context.Context, win []*listed) error {
	byOwner := map[string][]*listed{}
	var owners []string
	for _, l := range win {
		k := strings.ToLower(l.owner)
		if byOwner[k] == nil {
			owners = append(owners, k)
		}
		byOwner[k] = append(byOwner[k], l)
	}
	var firstErr error
	for _, k := range owners {
		group := byOwner[k]
		org := s.org(group[0].owner)
		if d := org.defaults; d != nil {
			d.mu.Lock()
			p := d.prepared
			d.mu.Unlock()
			if !p {
				group = append([]*listed{d}, group...)
			}
		}
		// Repositories whose trees come from REST are read by their own Open (which
		// holds their lock meanwhile); their files are then fetched one by one.
		var batchable []*listed
		for _, l := range group {
			l.mu.Lock()
			if !l.rest {
				batchable = append(batchable, l)
			}
			l.mu.Unlock()
		}
		c, err := s.clientFor(ctx, group[0].owner)
		if err == nil && !c.anon && len(batchable) > 0 {
			// Each round lists one more level of the directories the rules read. A tree
			// that cannot be had is listed on demand later: the blobs come anyway.
			var treeErr error
			for round := 0; round < maxTreeRounds && treeErr == nil && anyExtra(batchable); round++ {
				treeErr = s.fetchTrees(ctx, c, batchable)
			}
			if ctx.Err() != nil || errors.Is(treeErr, scanner.ErrIncomplete) {
				err = treeErr
			} else {
				err = cmp.Or(s.fetchBlobs(ctx, c, batchable), treeErr)
			}
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
		for _, l := range group {
			l.mu.Lock()
			l.prepared = true
			l.mu.Unlock()
		}
		if ctx.Err() != nil || errors.Is(err, scanner.ErrIncomplete) {
			return err
		}
	}
	if firstErr != nil {
		// The loader fetches what a batch could not; log and go on.
		s.log.Warn("GitHub batch fetch failed; reading files one by one", "err", firstErr)
	}
	return nil
}

type blobNode struct {
	OID         string      `json:"oid"`
	ByteSize    int64       `json:"byteSize"`
	IsBinary    *bool       `json:"isBinary"`
	IsTruncated bool        `json:"isTruncated"`
	Text        *string     `json:"text"`
	Entries     []treeEntry `json:"entries"`
}

type objReq struct {
	oid  string
	tree bool
	size int64
}

type batchRepo struct {
	l    *listed
	objs []objReq
}

func objectsQuery(batch []batchRepo) (string, map[string]any) {
	var q strings.Builder
	vars := map[string]any{}
	q.WriteString("query Objects(")
	for i := range batch {
		if i > 0 {
			q.WriteString(", ")
		}
		fmt.Fprintf(&q, "$o%d: String!, $n%d: String!", i, i)
	}
	q.WriteString(") {\n  rateLimit { cost remaining resetAt }\n")
	for i, b := range batch {
		vars["o"+strconv.Itoa(i)] = b.l.owner
		vars["n"+strconv.Itoa(i)] = b.l.meta.Name
		fmt.Fprintf(&q, "  r%d: repository(owner: $o%d, name: $n%d) {", i, i, i)
		for j, o := range b.objs {
			if o.tree {
				fmt.Fprintf(&q, " x%d: object(oid: %q) { ... on Tree { entries { name type mode oid size } } }", j, o.oid)
			} else {
				fmt.Fprintf(&q, " x%d: object(oid: %q) { ... on Blob { oid byteSize isBinary isTruncated text } }", j, o.oid)
			}
		}
		q.WriteString(" }\n")
	}
	q.WriteString("}")
	return q.String(), vars
}

// runBatch sends one objects query, halving it on failure. It returns the objects that
// came back, by oid.
func (s *Source) runBatch(ctx context.Context, c *client, batch []batchRepo) (map[string]*blobNode, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	q, vars := objectsQuery(batch)
	var data map[string]json.RawMessage
	errs, err := c.graphql(ctx, q, vars, &data)
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, scanner.ErrIncomplete) {
			return nil, err
		}
		// Too big or too slow for GitHub: halve and retry.
		if halves := split(batch); halves != nil {
			return s.runHalves(ctx, c, halves)
		}
		return nil, err
	}
	out := map[string]*blobNode{}
	for i, b := range batch {
		raw := data["r"+strconv.Itoa(i)]
		if len(raw) == 0 || string(raw) == "null" {
			continue // NOT_FOUND for this repository: the loader falls back
		}
		var objs map[string]*blobNode
		if err := json.Unmarshal(raw, &objs); err != nil {
			return nil, fmt.Errorf("decoding objects: %w", err)
		}
		for j, o := range b.objs {
			if n := objs["x"+strconv.Itoa(j)]; n != nil {
				out[o.oid] = n
			}
		}
	}
	// Partial data: aliases that failed for another reason than NOT_FOUND (resource
	// limits, timeouts) are retried in smaller batches.
	var retry []batchRepo
	seen := map[int]bool{}
	for _, e := range errs {
		a := e.alias()
		i, err := strconv.Atoi(strings.TrimPrefix(a, "r"))
		if e.Type == "NOT_FOUND" || !strings.HasPrefix(a, "r") || err != nil || i >= len(batch) || seen[i] {
			continue
		}
		seen[i] = true
		retry = append(retry, batch[i])
	}
	if len(retry) > 0 {
		if len(retry) == len(batch) {
			retry = nil
			if halves := split(batch); halves != nil {
				got, err := s.runHalves(ctx, c, halves)
				for k, v := range got {
					out[k] = v
				}
				return out, err
			}
			return out, errs
		}
		got, err := s.runBatch(ctx, c, retry)
		for k, v := range got {
			out[k] = v
		}
		return out, err
	}
	return out, nil
}

// split halves a batch (by repository, else by object); nil when it cannot be smaller.
func split(batch []batchRepo) [][]batchRepo {
	if len(batch) > 1 {
		return [][]batchRepo{batch[:len(batch)/2], batch[len(batch)/2:]}
	}
	if objs := batch[0].objs; len(objs) > 1 {
		h := len(objs) / 2
		return [][]batchRepo{{{batch[0].l, objs[:h]}}, {{batch[0].l, objs[h:]}}}
	}
	return nil
}

func (s *Source) runHalves(ctx context.Context, c *client, halves [][]batchRepo) (map[string]*blobNode, error) {
	out := map[string]*blobNode{}
	var errs []error
	for _, h := range halves {
		got, err := s.runBatch(ctx, c, h)
		for k, v := range got {
			out[k] = v
		}
		if err != nil {
			if errors.Is(err, scanner.ErrIncomplete) || ctx.Err() != nil {
				return out, err
			}
			errs = append(errs, err)
		}
	}
	return out, errors.Join(errs...)
}

// pack groups requests into batches within the repository, byte and object bounds.
func (s *Source) pack(reqs []batchRepo) [][]batchRepo {
	var out [][]batchRepo
	var cur []batchRepo
	var bytes int64
	objs := 0
	for _, r := range reqs {
		for len(r.objs) > 0 {
			// Fill the current batch with as many of r's objects as fit.
			take := 0
			var nb int64
			for take < len(r.objs) && (take == 0 && len(cur) == 0 || bytes+nb+r.objs[take].size <= s.opts.BatchBytes) && objs+take < 300 {
				nb += r.objs[take].size
				take++
			}
			if take == 0 || len(cur) >= s.opts.BatchRepos {
				out = append(out, cur)
				cur, bytes, objs = nil, 0, 0
				continue
			}
			cur = append(cur, batchRepo{r.l, r.objs[:take]})
			bytes += nb
			objs += take
			r.objs = r.objs[take:]
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// fetchTrees lists the extra directories phase 1 found (one level).
func (s *Source) fetchTrees(ctx context.Context, c *client, group []*listed) error {
	var reqs []batchRepo
	dirsOf := map[*listed]map[string]string{} // oid → dir
	for _, l := range group {
		if len(l.extra) == 0 || l.rest {
			continue
		}
		br := batchRepo{l: l}
		m := map[string]string{}
		dirs := make([]string, 0, len(l.extra))
		for d := range l.extra {
			dirs = append(dirs, d)
		}
		sort.Strings(dirs)
		for _, d := range dirs {
			oid := l.extra[d]
			m[oid] = d
			br.objs = append(br.objs, objReq{oid: oid, tree: true, size: 1})
		}
		dirsOf[l] = m
		reqs = append(reqs, br)
	}
	for _, batch := range s.pack(reqs) {
		got, err := s.runBatch(ctx, c, batch)
		for _, b := range batch {
			for _, o := range b.objs {
				n := got[o.oid]
				if n == nil {
					continue
				}
				dir := dirsOf[b.l][o.oid]
				for _, e := range n.Entries {
					b.l.entries = append(b.l.entries, toEntry(path.Join(dir, e.Name), e.Type, e.Mode, e.OID, e.Size))
				}
				b.l.dirs[dir] = true
			}
		}
		if err != nil {
			return err
		}
	}
	// The next level: directories below the ones just listed. A tree that did not come
	// back is not asked for again; the snapshot lists it on demand.
	for _, l := range group {
		if len(l.extra) == 0 || l.rest {
			continue
		}
		next := s.extraTrees(l)
		for d := range l.extra {
			delete(next, d)
		}
		l.extra = next
	}
	return nil
}

// maxTreeRounds bounds the levels of directories fetched ahead of the rules (LICENSES/**
// may go deep); deeper ones are listed on demand.
const maxTreeRounds = 4

func anyExtra(group []*listed) bool {
	for _, l := range group {
		if len(l.extra) > 0 && !l.rest {
			return true
		}
	}
	return false
}

// fetchBlobs fetches the wanted blobs of group, each oid once, from the first
// repository holding it.
func (s *Source) fetchBlobs(ctx context.Context, c *client, group []*listed) error {
	holder := map[string]*listed{}
	count := map[string]int{}
	size := map[string]int64{}
	var reqs []batchRepo
	idx := map[*listed]int{}
	for _, l := range group {
		for _, e := range l.entries {
			if !s.wanted(e) {
				continue
			}
			count[e.OID]++
			size[e.OID] = e.Size
			if e.Kind != repo.File {
				size[e.OID] = -1 // a symlink's size is not always listed
			}
			if holder[e.OID] != nil || s.cache.Has(e.OID) {
				continue
			}
			holder[e.OID] = l
			i, ok := idx[l]
			if !ok {
				i = len(reqs)
				idx[l] = i
				reqs = append(reqs, batchRepo{l: l})
			}
			reqs[i].objs = append(reqs[i].objs, objReq{oid: e.OID, size: e.Size})
		}
	}
	fetched := map[string][]byte{}
	var firstErr error
	var mu sync.Mutex
	// Batches run two at a time (the transport keeps at most InFlight requests out).
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(s.opts.InFlight, 2))
	for _, batch := range s.pack(reqs) {
		g.Go(func() error {
			got, err := s.runBatch(gctx, c, batch)
			mu.Lock()
			defer mu.Unlock()
			for oid, n := range got {
				if n.Text == nil || n.IsTruncated {
					continue // binary or truncated: the loader reads it raw through REST
				}
				b := []byte(*n.Text)
				if err := forge.CheckBlob(oid, size[oid], b); err != nil {
					// Cut or altered on the way (or text GitHub re-encoded): the loader
					// reads it raw through REST, where it is checked again.
					s.log.Debug("GitHub blob text rejected", "oid", oid, "err", err)
					continue
				}
				fetched[oid] = b
				if count[oid] > 1 || s.shared(oid) {
					s.cache.Put(oid, b)
				}
			}
			if err != nil {
				if gctx.Err() != nil || errors.Is(err, scanner.ErrIncomplete) {
					return err // stops the other batches
				}
				if firstErr == nil {
					firstErr = err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	for _, l := range group {
		m := map[string][]byte{}
		for _, e := range l.entries {
			if !s.wanted(e) {
				continue
			}
			if b, ok := fetched[e.OID]; ok {
				m[e.OID] = b
			} else if b, ok := s.cache.Get(e.OID); ok {
				m[e.OID] = b
			}
		}
		l.mu.Lock()
		l.blobs = m
		l.mu.Unlock()
	}
	return firstErr
}

// shared reports whether oid appears in more than one listed repository's index; such
// blobs (licence texts, codes of conduct) stay in the bounded cache across windows.
func (s *Source) shared(oid string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.oidCount[oid] > 1
}

// orgSnapshot is the owner's public .github repository as a snapshot, built once.
func (s *Source) orgSnapshot(ctx context.Context, owner string) (*repo.Snapshot, error) {
	org := s.org(owner)
	c, err := s.clientFor(ctx, owner)
	if err != nil {
		return nil, err
	}
	var ferr error
	org.once.Do(func() {
		if !org.loaded && c.anon {
			ferr = s.restDefaults(ctx, c, org)
		}
		d := org.defaults
		if d == nil || ferr != nil {
			return
		}
		if d.rest {
			if ferr = s.restTrees(ctx, c, d); ferr != nil {
				return
			}
		}
		if ferr = s.ensure(ctx, d); ferr != nil {
			return
		}
		d.mu.Lock()
		blobs, dirs := d.blobs, d.listedDirs()
		d.mu.Unlock()
		snap := repo.NewPartial(d.meta, d.entries, dirs, &loader{s: s, c: c, owner: d.owner, name: d.meta.Name, blobs: blobs})
		snap.MaxRead = s.opts.MaxRead
		org.snap = snap
	})
	if ferr != nil {
		org.once = sync.Once{} // try again for the next repository
		return nil, s.noteStop(fmt.Errorf("reading %s/.github (organization defaults): %w", owner, ferr))
	}
	return org.snap, nil
}

// loader reads blob contents: from the phase-2 fetch, the shared cache, or REST.
type loader struct {
	s           *Source
	c           *client
	owner, name string
	blobs       map[string][]byte
}

func (ld *loader) Open(ctx context.Context, e repo.Entry) (io.ReadCloser, error) {
	if e.Kind == repo.File && e.Size == 0 {
		return io.NopCloser(bytes.NewReader(nil)), nil
	}
	if b, ok := ld.blobs[e.OID]; ok {
		return io.NopCloser(bytes.NewReader(b)), nil
	}
	if b, ok := ld.s.cache.Get(e.OID); ok {
		return io.NopCloser(bytes.NewReader(b)), nil
	}
	if e.OID == "" {
		return nil, fmt.Errorf("%s: no blob id", e.Path)
	}
	b, err := ld.readRaw(ctx, e)
	if err != nil {
		return nil, ld.s.noteStop(err)
	}
	if int64(len(b)) > ld.s.opts.MaxRead+1 {
		b = b[:ld.s.opts.MaxRead+1]
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// readRaw reads a blob through REST and checks it against its tree entry; a mismatch is
// a transient fault, retried, and when it persists an error: never a wrong content.
// Errors do not repeat the path: the snapshot names it.
func (ld *loader) readRaw(ctx context.Context, e repo.Entry) ([]byte, error) {
	tr := ld.c.tr
	for attempt := 1; ; attempt++ {
		var b []byte
		err := ld.c.restDo(ctx, func() (resp *gh.Response, err error) {
			b, resp, err = ld.c.rest.Git.GetBlobRaw(ctx, ld.owner, ld.name, e.OID)
			return resp, err
		})
		if err != nil {
			return nil, restError(err, "GitHub blob "+e.OID)
		}
		size := e.Size
		if e.Kind != repo.File {
			size = -1 // a symlink's size is not always listed
		}
		bad := forge.CheckBlob(e.OID, size, b)
		if bad == nil {
			return b, nil
		}
		if attempt >= tr.Attempts() {
			return nil, fmt.Errorf("GitHub sent content that does not match the repository's tree after %d attempts: %w", attempt, bad)
		}
		ld.c.stats.Retries.Add(1)
		d := tr.Backoff(attempt - 1)
		ld.s.log.Debug("retrying a GitHub blob that does not match its tree entry", "oid", e.OID, "err", bad, "wait", d)
		if err := tr.WaitUntil(ctx, tr.Now().Add(d)); err != nil {
			return nil, err
		}
	}
}

// ListDir lists a directory the snapshot was not given (a logo's folder, a path a rule
// did not declare), through REST: the snapshot then knows the truth instead of "absent".
func (ld *loader) ListDir(ctx context.Context, dir repo.Entry) ([]repo.Entry, error) {
	if dir.OID == "" {
		return nil, repo.ErrNotListed
	}
	es, err := ld.c.readTree(ctx, ld.owner, ld.name, dir.Path, dir.OID)
	if err != nil {
		return nil, ld.s.noteStop(restError(err, "listing "+dir.Path))
	}
	return es, nil
}
