// Package local reads repositories from disk and from git URLs: working trees, bare
// repositories and .git directories (HEAD read with go-git, no checkout), plain
// directories, folders of repositories (mirrors), and remote URLs cloned into memory.
package local

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/repogov/repogov/internal/redact"
	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/scanner"
)

// Options tunes local sources.
type Options struct {
	// Worktree scans the files on disk of a git working tree (uncommitted and untracked
	// files included, .git skipped) instead of HEAD's tree.
	Worktree bool
	// Recursive finds repositories at any depth under a folder; without it only the
	// folder's direct children are looked at.
	Recursive bool
	// Children makes each direct child directory of a folder target one repository,
	// whatever it is (git or plain files); hidden directories are skipped. Without it a
	// folder of plain directories is one repository (with a notice when its children
	// look like repositories).
	Children bool
	// MaxRead is the per-file read cap given to snapshots (repo.DefaultMaxRead when 0).
	MaxRead int64
	// OrgDefaults, when set, is attached to every snapshot as the organization's
	// default community files.
	OrgDefaults *repo.Snapshot
	// Heads makes List read each git repository's HEAD commit id into Meta.HeadOID, so
	// that a result cache (--cache) answers for an unchanged repository without opening
	// it. Plain directories, URLs and Worktree scans have no such key and are not cached.
	Heads  bool
	Logger *slog.Logger
	// CloneTimeout bounds one clone of a git URL (DefaultCloneTimeout when 0): a server
	// that accepts and never answers must not hang the scan.
	CloneTimeout time.Duration
	// MaxCloneSize caps the bytes one clone may receive and hold (DefaultMaxCloneSize
	// when 0): the packfile as sent, and the objects unpacked from it.
	MaxCloneSize int64
}

// Defaults of Options.
const (
	DefaultCloneTimeout = 2 * time.Minute
	DefaultMaxCloneSize = 512 << 20
)

// Kind is what a target turned out to be.
type Kind string

const (
	KindMissing  Kind = "missing"   // nothing there, or not a directory
	KindPlain    Kind = "directory" // files on disk, no git
	KindWorktree Kind = "worktree"  // a directory with .git
	KindGitDir   Kind = "git-dir"   // a bare repository or a .git directory
	KindFolder   Kind = "folder"    // a directory whose children are repositories
	KindURL      Kind = "url"       // a remote git URL
)

// Target is the source for one command-line target.
type Target struct {
	Arg  string
	Opts Options
}

// New returns the source for target, a directory or a git URL.
func New(target string, opts Options) *Target {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Target{Arg: target, Opts: opts}
}

type refData struct {
	kind Kind
	path string // directory on disk, or the URL
}

// IsURL reports whether target is a remote git URL rather than a path.
func IsURL(target string) bool {
	for _, p := range []string{"https://", "http://", "ssh://", "git://", "file://"} {
		if strings.HasPrefix(target, p) {
			return true
		}
	}
	// scp-like user@host:path (a Windows drive "C:\" has no "@").
	at := strings.Index(target, "@")
	colon := strings.Index(target, ":")
	return at > 0 && colon > at && !strings.ContainsAny(target[:colon], `/\`)
}

// Classify says what the directory at p is.
func Classify(p string) Kind {
	fi, err := os.Stat(p)
	if err == nil && fi.Mode().IsRegular() && filepath.Base(p) == ".git" {
		return KindGitDir // a .git file ("gitdir: …") of a linked worktree or submodule
	}
	if err != nil || !fi.IsDir() {
		return KindMissing
	}
	if _, err := os.Lstat(filepath.Join(p, ".git")); err == nil {
		return KindWorktree
	}
	if isGitDir(p) {
		return KindGitDir
	}
	return KindPlain
}

// isGitDir recognises a bare repository or a .git directory: HEAD, objects/ and refs/.
func isGitDir(p string) bool {
	for _, n := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(p, n)); err != nil {
			return false
		}
	}
	return true
}

// List returns one ref for a repository or plain directory (even a missing one: its
// Open then fails with a clear message, as that repository's error result), or one
// ref per repository found in a folder of repositories, sorted by path.
func (t *Target) List(ctx context.Context) ([]scanner.Ref, error) {
	refs, err := t.list(ctx)
	if t.Opts.Heads && !t.Opts.Worktree {
		for i := range refs {
			refs[i].Meta.HeadOID = headOf(refs[i].Data)
		}
	}
	return refs, err
}

// headOf is the HEAD commit id of a local git repository, "" when it has none (or is not
// one, or cannot be read: Open then says why).
func headOf(data any) string {
	d, _ := data.(refData)
	gitDir := d.path
	switch d.kind {
	case KindWorktree:
		gitDir = filepath.Join(d.path, ".git")
	case KindGitDir:
	default:
		return ""
	}
	r, closer, _, err := openGitDir(gitDir, 0)
	if err != nil {
		return ""
	}
	defer closer.Close()
	h, err := r.Head()
	if err != nil {
		return ""
	}
	return h.Hash().String()
}

func (t *Target) list(ctx context.Context) ([]scanner.Ref, error) {
	if IsURL(t.Arg) {
		// The name shown in reports never carries a password given in the URL.
		return []scanner.Ref{{Meta: repo.Meta{Name: urlName(t.Arg), FullName: redact.URL(t.Arg)}, Data: refData{KindURL, t.Arg}}}, nil
	}
	abs, err := filepath.Abs(t.Arg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.Arg, err)
	}
	one := func(k Kind) []scanner.Ref {
		return []scanner.Ref{{Meta: t.meta(shownTarget(t.Arg, abs), abs), Data: refData{k, abs}}}
	}
	k := Classify(abs)
	if t.Opts.Children && k != KindMissing {
		return t.children(abs)
	}
	if k != KindPlain {
		t.Opts.Logger.Debug("target", "arg", t.Arg, "kind", k, "worktreeFiles", t.Opts.Worktree)
		return one(k), nil
	}
	repos, err := findRepos(ctx, abs, t.Opts.Recursive)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", t.Arg, err)
	}
	alike := plainLookalikes(abs)
	if len(repos) == 0 {
		t.Opts.Logger.Debug("target", "arg", t.Arg, "kind", KindPlain)
		if len(alike) >= 2 && !looksLikeRepo(abs) {
			t.Opts.Logger.Warn(fmt.Sprintf("%s has no git metadata but %d of its directories look like repositories (%s); it is scanned as ONE repository. Use --children to scan each direct child as a repository.",
				t.Arg, len(alike), listSome(alike, 5)))
		}
		return one(KindPlain), nil
	}
	if len(alike) > 0 && !t.Opts.Recursive {
		what := fmt.Sprintf("%d plain directories that look like repositories are", len(alike))
		if len(alike) == 1 {
			what = "1 plain directory that looks like a repository is"
		}
		t.Opts.Logger.Warn(fmt.Sprintf("%s: %s not scanned (%s): only git repositories are found in a folder. Use --children to scan every direct child.",
			t.Arg, what, listSome(alike, 5)))
	}
	t.Opts.Logger.Debug("target", "arg", t.Arg, "kind", KindFolder, "repositories", len(repos), "recursive", t.Opts.Recursive)
	refs := make([]scanner.Ref, 0, len(repos))
	for _, r := range repos {
		rel, _ := filepath.Rel(abs, r.path)
		refs = append(refs, scanner.Ref{Meta: t.meta(filepath.Join(shownTarget(t.Arg, abs), rel), r.path), Data: r})
	}
	return refs, nil
}

// children lists every direct child directory of abs as a repository (--children).
func (t *Target) children(abs string) ([]scanner.Ref, error) {
	des, err := os.ReadDir(abs)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", t.Arg, err)
	}
	var refs []scanner.Ref
	for _, de := range des {
		if !de.IsDir() || strings.HasPrefix(de.Name(), ".") {
			continue // files, hidden directories (.git, .github) and symlinks are not repositories
		}
		p := filepath.Join(abs, de.Name())
		refs = append(refs, scanner.Ref{Meta: t.meta(filepath.Join(shownTarget(t.Arg, abs), de.Name()), p), Data: refData{Classify(p), p}})
	}
	t.Opts.Logger.Debug("target", "arg", t.Arg, "kind", KindFolder, "children", len(refs))
	return refs, nil
}

// repoMarkers are the names (lower-case prefixes) that make a plain directory look like
// a repository rather than a part of one.
var repoMarkers = []string{"readme", "license", "licence", "copying", "contributing", "publiccode.yml", ".github"}

// looksLikeRepo reports whether directory p holds a README, a licence or another
// top-level governance file.
func looksLikeRepo(p string) bool {
	des, err := os.ReadDir(p)
	if err != nil {
		return false
	}
	for _, de := range des {
		n := strings.ToLower(de.Name())
		for _, m := range repoMarkers {
			if strings.HasPrefix(n, m) {
				return true
			}
		}
	}
	return false
}

// plainLookalikes lists the direct child directories of dir that are not git
// repositories but look like repositories.
func plainLookalikes(dir string) []string {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, de := range des {
		p := filepath.Join(dir, de.Name())
		if de.IsDir() && !strings.HasPrefix(de.Name(), ".") && Classify(p) == KindPlain && looksLikeRepo(p) {
			out = append(out, de.Name())
		}
	}
	return out
}

// listSome joins up to n names, with "…" when there are more.
func listSome(names []string, n int) string {
	if len(names) > n {
		return strings.Join(names[:n], ", ") + ", …"
	}
	return strings.Join(names, ", ")
}

// shownTarget is how a repository given as a target is named in reports: the path as
// typed when it is relative and below the current directory ("src/alpha"), otherwise
// its directory name ("alpha" for /home/me/src/alpha, "..", "." or "../alpha"), never an
// absolute path. A repository found in a folder is named by the folder's shown name and
// its path below it ("mirrors/alpha.git" for /srv/git/mirrors/alpha.git), so that two
// folders' children stay apart. The absolute path stays in Meta.Path.
func shownTarget(given, abs string) string {
	c := filepath.Clean(given)
	if filepath.IsAbs(c) || c == "." || c == ".." || strings.HasPrefix(c, ".."+string(filepath.Separator)) {
		return displayName(abs)
	}
	return c
}

// displayName is the directory's name, the repository's for a .git directory.
func displayName(abs string) string {
	if filepath.Base(abs) == ".git" {
		return filepath.Base(filepath.Dir(abs))
	}
	return filepath.Base(abs)
}

// meta names the repository at abs; shown is its display name (FullName).
func (t *Target) meta(shown, abs string) repo.Meta {
	name := strings.TrimSuffix(filepath.Base(abs), ".git")
	if name == "" || filepath.Base(abs) == ".git" {
		name = filepath.Base(filepath.Dir(abs))
	}
	return repo.Meta{Name: name, FullName: filepath.ToSlash(shown), Path: abs}
}

// findRepos lists the repositories under dir: its direct children, or with recursive
// every repository at any depth (not looking inside one). Symlinks are not followed.
func findRepos(ctx context.Context, dir string, recursive bool) ([]refData, error) {
	var out []refData
	var visit func(d string, depth int) error
	visit = func(d string, depth int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		des, err := os.ReadDir(d)
		if err != nil {
			if depth == 0 {
				return err
			}
			return nil // an unreadable subfolder holds no repository we can scan
		}
		for _, de := range des {
			if !de.IsDir() || de.Name() == ".git" {
				continue
			}
			p := filepath.Join(d, de.Name())
			switch k := Classify(p); k {
			case KindWorktree, KindGitDir:
				out = append(out, refData{k, p})
			default:
				if recursive {
					if err := visit(p, depth+1); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	if err := visit(dir, 0); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

// Open collects one repository.
func (t *Target) Open(ctx context.Context, ref scanner.Ref) (*repo.Snapshot, error) {
	d, ok := ref.Data.(refData)
	if !ok {
		return nil, fmt.Errorf("%s: not a local ref", ref.Meta.FullName)
	}
	snap, err := t.open(ctx, d, ref.Meta)
	if err != nil {
		return nil, err
	}
	snap.MaxRead = t.Opts.MaxRead
	snap.OrgDefaults = t.Opts.OrgDefaults
	return snap, nil
}

func (t *Target) open(ctx context.Context, d refData, meta repo.Meta) (*repo.Snapshot, error) {
	switch d.kind {
	case KindURL:
		return cloneSnapshot(ctx, d.path, meta, t.Opts)
	case KindMissing:
		return nil, checkDirOr(d.path, meta.FullName)
	case KindPlain:
		if err := checkDirOr(d.path, meta.FullName); err != nil {
			return nil, err
		}
		return dirSnapshot(ctx, d.path, meta, t.Opts.Logger)
	case KindWorktree:
		if t.Opts.Worktree {
			return dirSnapshot(ctx, d.path, meta, t.Opts.Logger)
		}
		return t.openGit(ctx, filepath.Join(d.path, ".git"), meta)
	case KindGitDir:
		return t.openGit(ctx, d.path, meta)
	}
	return nil, fmt.Errorf("%s: unknown target kind %q", meta.FullName, d.kind)
}

func checkDirOr(p, given string) error {
	if err := checkDir(p); err != nil {
		return fmt.Errorf("%s", strings.Replace(err.Error(), p, given, 1))
	}
	return nil
}

func (t *Target) openGit(ctx context.Context, gitDir string, meta repo.Meta) (*repo.Snapshot, error) {
	r, closer, loose, err := openGitDir(gitDir, t.Opts.MaxRead)
	if err != nil {
		return nil, fmt.Errorf("%s: open git repository: %w", meta.FullName, err)
	}
	snap, err := gitSnapshot(ctx, r, closer, meta, loose)
	if err != nil {
		closer.Close()
		return nil, fmt.Errorf("%s: %w", meta.FullName, err)
	}
	return snap, nil
}

// urlName is the repository name in a URL: its last path element without ".git".
func urlName(u string) string {
	u = strings.TrimRight(u, "/")
	if i := strings.LastIndexAny(u, "/:"); i >= 0 {
		u = u[i+1:]
	}
	return strings.TrimSuffix(path.Base(u), ".git")
}
