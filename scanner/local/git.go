package local

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/go-git/go-billy/v5"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"github.com/repogov/repogov/repo"
)

// ErrNoCommits is returned for a repository whose HEAD names no commit yet.
var ErrNoCommits = errors.New("repository has no commits")

// objectCacheSize bounds go-git's object cache per open repository: trees are read
// once, blobs only for the few files rules read, so a small cache is enough and keeps
// memory flat when many repositories are open at once.
const objectCacheSize = 512 * cache.KiByte

// openGitDir opens the git directory gitDir (a bare repository or a worktree's .git)
// with bounded caches. The returned closer releases pack file descriptors.
//
// looseObjects is the objects directory when the repository has no pack (all its
// objects are loose): gitSnapshot then reads blob sizes from loose headers itself.
func openGitDir(gitDir string, maxRead int64) (r *git.Repository, closer io.Closer, looseObjects string, err error) {
	fi, err := os.Stat(gitDir)
	if err != nil {
		return nil, nil, "", err
	}
	var fs billy.Filesystem = newGitFS(gitDir)
	objects := filepath.Join(gitDir, "objects")
	if !fi.IsDir() {
		// A .git file ("gitdir: …"): a linked worktree (whose objects live in the
		// main repository's common directory) or a submodule checkout.
		dot, common, err := resolveGitFile(gitDir)
		if err != nil {
			return nil, nil, "", err
		}
		fs, objects = newGitFS(dot), filepath.Join(dot, "objects")
		if common != "" {
			fs = dotgit.NewRepositoryFilesystem(fs, newGitFS(common))
			objects = filepath.Join(common, "objects")
		}
	}
	if _, err := os.Stat(objects); err != nil {
		return nil, nil, "", fmt.Errorf("not a git directory (no objects/): %w", err)
	}
	packed := hasPacks(objects)
	if !packed {
		looseObjects = objects
	}
	st := filesystem.NewStorageWithOptions(fs, cache.NewObjectLRU(objectCacheSize), filesystem.Options{
		MaxOpenDescriptors: 4,
		// Nothing writes while we read. When there are packs, go-git lists the (few)
		// loose objects once instead of trying to open a loose file for every lookup
		// (a failed open(2) per blob on a packed mirror); when all objects are loose,
		// opening them directly is cheaper than listing them.
		ExclusiveAccess: packed,
		// Objects above this are streamed from the pack rather than inflated in memory.
		LargeObjectThreshold: max(maxRead, repo.DefaultMaxRead),
	})
	r, err = git.Open(st, nil)
	if err != nil {
		st.Close()
		return nil, nil, "", err
	}
	return r, st, looseObjects, nil
}

// hasPacks reports whether the objects directory holds a pack.
func hasPacks(objects string) bool {
	des, err := os.ReadDir(filepath.Join(objects, "pack"))
	if err != nil {
		return false
	}
	for _, de := range des {
		if strings.HasSuffix(de.Name(), ".pack") {
			return true
		}
	}
	return false
}

// resolveGitFile reads a .git file and returns the git directory it names and, for a
// linked worktree, the common directory that holds the objects.
func resolveGitFile(p string) (dot, common string, err error) {
	b, err := readSmall(p)
	if err != nil {
		return "", "", err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
	if !ok {
		return "", "", fmt.Errorf("%s: not a gitdir file", p)
	}
	dot = strings.TrimSpace(rest)
	if !filepath.IsAbs(dot) {
		dot = filepath.Join(filepath.Dir(p), dot)
	}
	if c, err := readSmall(filepath.Join(dot, "commondir")); err == nil {
		common = strings.TrimSpace(string(c))
		if !filepath.IsAbs(common) {
			common = filepath.Join(dot, common)
		}
	}
	return dot, common, nil
}

// readSmall reads a small metadata file, refusing anything over 64 KiB.
func readSmall(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 64<<10+1))
	if err == nil && len(b) > 64<<10 {
		err = fmt.Errorf("%s: too large for a git metadata file", p)
	}
	return b, err
}

// gitSnapshot builds the snapshot of HEAD's tree. meta is completed with HEAD's commit,
// the branch HEAD names and, when origin is a web-hosted remote, its web URL.
// looseObjects, when set, is an objects directory whose loose headers give blob sizes.
func gitSnapshot(ctx context.Context, r *git.Repository, closer io.Closer, meta repo.Meta, looseObjects string) (*repo.Snapshot, error) {
	head, err := r.Storer.Reference(plumbing.HEAD)
	if err != nil {
		return nil, fmt.Errorf("read HEAD: %w", err)
	}
	if head.Type() == plumbing.SymbolicReference {
		if head.Target().IsBranch() {
			meta.DefaultBranch = head.Target().Short()
		}
	}
	ref, err := r.Head()
	if err != nil {
		if errors.Is(err, plumbing.ErrReferenceNotFound) {
			if others := branches(r, 3); len(others) > 0 {
				// Not empty: HEAD names a branch that is gone (a renamed default branch).
				return nil, fmt.Errorf("HEAD names branch %s, which does not exist; the repository has %s", meta.DefaultBranch, strings.Join(others, ", "))
			}
			if meta.DefaultBranch != "" {
				return nil, fmt.Errorf("%w (HEAD names branch %s, which does not exist yet)", ErrNoCommits, meta.DefaultBranch)
			}
			return nil, ErrNoCommits
		}
		return nil, fmt.Errorf("resolve HEAD: %w", err)
	}
	if ref.Hash().IsZero() {
		return nil, fmt.Errorf("HEAD is not a valid reference (corrupt .git?)")
	}
	commit, err := r.CommitObject(ref.Hash())
	if err != nil {
		return nil, fmt.Errorf("read HEAD commit %.7s: %w%s", ref.Hash(), err, corruptHint(err))
	}
	meta.HeadOID = commit.Hash.String()
	if meta.URL == "" {
		if rem, err := r.Remote("origin"); err == nil && len(rem.Config().URLs) > 0 {
			meta.URL = WebURL(rem.Config().URLs[0])
		}
	}
	partial := isPartialClone(r)
	tree, err := commit.Tree()
	if err != nil {
		if partial && errors.Is(err, plumbing.ErrObjectNotFound) {
			return nil, fmt.Errorf("read HEAD tree: %w: repogov needs HEAD's trees (clone with --filter=blob:none, not tree:0)", repo.ErrAbsent)
		}
		return nil, fmt.Errorf("read HEAD tree: %w%s", err, corruptHint(err))
	}
	sizer, _ := r.Storer.(interface {
		EncodedObjectSize(plumbing.Hash) (int64, error)
	})

	ld := &gitLoader{st: r.Storer, closer: closer}
	var es []repo.Entry
	var walk func(t *object.Tree, dir string) error
	walk = func(t *object.Tree, dir string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, te := range t.Entries {
			p := te.Name
			if dir != "" {
				p = dir + "/" + te.Name
			}
			e := repo.Entry{Path: p, OID: te.Hash.String()}
			switch te.Mode {
			case filemode.Dir:
				e.Kind = repo.Dir
				es = append(es, e)
				sub, err := object.GetTree(r.Storer, te.Hash)
				if err != nil {
					if partial && errors.Is(err, plumbing.ErrObjectNotFound) {
						return fmt.Errorf("read tree %s: %w: repogov needs HEAD's trees (clone with --filter=blob:none, not tree:0)", p, repo.ErrAbsent)
					}
					return fmt.Errorf("read tree %s: %w%s", p, err, corruptHint(err))
				}
				if err := walk(sub, p); err != nil {
					return err
				}
				continue
			case filemode.Submodule:
				e.Kind = repo.Submodule
				es = append(es, e)
				continue
			case filemode.Symlink:
				e.Kind = repo.Symlink
			case filemode.Executable:
				e.Kind, e.Exec = repo.File, true
			default: // Regular, Deprecated
				e.Kind = repo.File
			}
			size, ok, err := looseSize(looseObjects, te.Hash)
			if !ok && err == nil {
				size, err = blobSize(r.Storer, sizer, te.Hash)
			}
			if errors.Is(err, plumbing.ErrObjectNotFound) && partial {
				// A blobless clone: the tree lists the file, its content stays on the
				// promisor remote. Rules that read it get ErrAbsent; the others run.
				e.Absent = true
				es = append(es, e)
				continue
			}
			if err != nil {
				return fmt.Errorf("read blob %s (%.7s): %w%s", p, te.Hash, err, corruptHint(err))
			}
			e.Size = size
			es = append(es, e)
		}
		return nil
	}
	if err := walk(tree, ""); err != nil {
		return nil, err
	}
	s := repo.New(meta, es, ld)
	s.History = gitHistory{r}
	return s, nil
}

// isPartialClone reports whether r was cloned with a filter (git clone --filter=…):
// a remote is a promisor, or the older extensions.partialclone is set. Objects missing
// from such a repository are expected, not corruption.
func isPartialClone(r *git.Repository) bool {
	cfg, err := r.Config()
	if err != nil || cfg.Raw == nil {
		return false
	}
	if cfg.Raw.Section("extensions").Option("partialclone") != "" {
		return true
	}
	for _, sub := range cfg.Raw.Section("remote").Subsections {
		if strings.EqualFold(sub.Option("promisor"), "true") {
			return true
		}
	}
	return false
}

var zlibReaders sync.Pool // of io.ReadCloser that are zlib.Resetter

// looseSize reads the size of blob h from its loose object's header, with a pooled
// inflater and no buffer per object (go-git allocates a 4 KiB reader for each). ok is
// false when there is no such loose object, or its header is not a blob's: the caller
// then asks go-git.
func looseSize(objects string, h plumbing.Hash) (size int64, ok bool, err error) {
	if objects == "" {
		return 0, false, nil
	}
	hex := h.String()
	f, err := os.Open(filepath.Join(objects, hex[:2], hex[2:]))
	if err != nil {
		return 0, false, nil
	}
	defer f.Close()
	var in [256]byte
	n, _ := io.ReadFull(f, in[:])
	src := bytes.NewReader(in[:n])
	var zr io.ReadCloser
	if v := zlibReaders.Get(); v != nil {
		zr = v.(io.ReadCloser)
		if zr.(zlib.Resetter).Reset(src, nil) != nil {
			return 0, false, nil
		}
	} else if zr, err = zlib.NewReader(src); err != nil {
		return 0, false, nil
	}
	defer zlibReaders.Put(zr)
	var hdr [32]byte
	got := 0
	for got < len(hdr) {
		m, err := zr.Read(hdr[got:])
		got += m
		if bytes.IndexByte(hdr[:got], 0) >= 0 || err != nil {
			break
		}
	}
	rest, found := bytes.CutPrefix(hdr[:got], []byte("blob "))
	end := bytes.IndexByte(rest, 0)
	if !found || end <= 0 {
		return 0, false, nil
	}
	size, err = strconv.ParseInt(string(rest[:end]), 10, 64)
	if err != nil || size < 0 {
		return 0, false, nil
	}
	return size, true, nil
}

// corruptHint explains a missing object: HEAD's tree should be complete.
func corruptHint(err error) string {
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return " (corrupt or incomplete .git?)"
	}
	return ""
}

// branches returns up to n branch names of r, sorted, with "…" when there are more.
func branches(r *git.Repository, n int) []string {
	it, err := r.Branches()
	if err != nil {
		return nil
	}
	var names []string
	_ = it.ForEach(func(ref *plumbing.Reference) error {
		names = append(names, ref.Name().Short())
		return nil
	})
	sort.Strings(names)
	if len(names) > n {
		names = append(names[:n], "…")
	}
	return names
}

func blobSize(st storage.Storer, sizer interface {
	EncodedObjectSize(plumbing.Hash) (int64, error)
}, h plumbing.Hash) (int64, error) {
	if sizer != nil {
		return sizer.EncodedObjectSize(h)
	}
	o, err := st.EncodedObject(plumbing.BlobObject, h)
	if err != nil {
		return 0, err
	}
	return o.Size(), nil
}

// gitLoader reads blobs by id. go-git's storage is not safe for concurrent use, and a
// snapshot may be read by several goroutines (an org-defaults snapshot is shared by
// every repository), so reads are serialised and done in full before returning. The
// snapshot has already refused any entry over its cap, and the read is bounded by the
// entry's size, so this never reads an unbounded blob.
type gitLoader struct {
	mu     sync.Mutex
	st     storage.Storer
	closer io.Closer
}

func (l *gitLoader) Open(ctx context.Context, e repo.Entry) (io.ReadCloser, error) {
	if e.Kind != repo.File && e.Kind != repo.Symlink {
		return nil, &fs.PathError{Op: "open", Path: e.Path, Err: fs.ErrInvalid}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	o, err := l.st.EncodedObject(plumbing.BlobObject, plumbing.NewHash(e.OID))
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", e.OID, err)
	}
	rc, err := o.Reader()
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", e.OID, err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(rc, max(e.Size, 0)+1)); err != nil {
		return nil, fmt.Errorf("blob %s: %w", e.OID, err)
	}
	return io.NopCloser(&buf), nil
}

func (l *gitLoader) Close() error {
	if l.closer == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.closer.Close()
}

// WebURL turns a remote URL into the web URL of the repository when it looks hosted
// (https://host/owner/name, ssh://git@host/owner/name.git, git@host:owner/name.git);
// credentials are dropped. Anything else (a path, file://) yields "".
func WebURL(remote string) string {
	remote = strings.TrimSpace(remote)
	var host, p string
	switch {
	case strings.HasPrefix(remote, "https://"), strings.HasPrefix(remote, "http://"),
		strings.HasPrefix(remote, "ssh://"), strings.HasPrefix(remote, "git://"):
		_, rest, _ := strings.Cut(remote, "://")
		host, p, _ = strings.Cut(rest, "/")
		if i := strings.LastIndex(host, "@"); i >= 0 {
			host = host[i+1:]
		}
		if strings.HasPrefix(remote, "ssh://") || strings.HasPrefix(remote, "git://") {
			if i := strings.LastIndex(host, ":"); i >= 0 { // a port for ssh, not the web
				host = host[:i]
			}
		}
	case !strings.Contains(remote, "://") && strings.Contains(remote, ":") && !strings.HasPrefix(remote, "/"):
		// scp-like: [user@]host:owner/name.git
		h, rest, _ := strings.Cut(remote, ":")
		if i := strings.LastIndex(h, "@"); i >= 0 {
			h = h[i+1:]
		}
		host, p = h, rest
	default:
		return ""
	}
	p = strings.TrimSuffix(strings.Trim(p, "/"), ".git")
	if host == "" || strings.Count(p, "/") < 1 || strings.ContainsAny(host, " /\\") {
		return ""
	}
	return "https://" + strings.ToLower(host) + "/" + p
}
