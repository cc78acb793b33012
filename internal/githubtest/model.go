// Package githubtest is an in-process fake GitHub (REST and GraphQL) for tests. It serves
// fixture organizations with GitHub's response shapes, validates every GraphQL query
// against GitHub's published schema, injects faults and counts requests and points.
// Production code never imports it.
package githubtest

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

// Git modes as GitHub reports them (GraphQL gives them as decimal integers).
const (
	ModeFile    = 0o100644
	ModeExec    = 0o100755
	ModeTree    = 0o040000
	ModeSymlink = 0o120000
)

// Object is a git blob or tree.
type Object struct {
	OID     string
	Type    string // "blob" or "tree"
	Data    []byte // blob content
	Entries []TreeEntry
}

// TreeEntry is one entry of a tree object.
type TreeEntry struct {
	Name string
	Mode int
	Type string // blob, tree, commit
	OID  string
	Size int64
}

// File is one file of a fixture repository.
type File struct {
	Data []byte
	Mode int // 0 = ModeFile
}

// RepoMeta is a fixture repository's host metadata (the per-repository JSON file).
type RepoMeta struct {
	Description   string    `json:"description"`
	Homepage      string    `json:"homepage"`
	Topics        []string  `json:"topics"`
	Archived      bool      `json:"archived"`
	Fork          bool      `json:"fork"`
	Template      bool      `json:"template"`
	Visibility    string    `json:"visibility"` // public (default), private, internal
	PushedAt      time.Time `json:"pushedAt"`
	License       string    `json:"license"` // SPDX id GitHub would detect, "" none
	DefaultBranch string    `json:"defaultBranch"`
	// IssuesDisabled: the repository has issues turned off (its issue endpoints answer 410).
	IssuesDisabled bool `json:"issuesDisabled"`
}

// Repo is a fixture repository.
type Repo struct {
	Name string
	ID   int64
	RepoMeta
	HeadOID string // "" for an empty repository
	RootOID string
	has     map[string]bool // objects reachable from the root
}

// Empty reports whether the repository has no commits.
func (r *Repo) Empty() bool { return r.HeadOID == "" }

// Org is a fixture organization (or user, when User is set).
type Org struct {
	Login string
	User  bool
	Repos []*Repo // sorted by name
}

// Store holds organizations and every object, shared across repositories by id.
type Store struct {
	Orgs    map[string]*Org // by lower-case login
	Objects map[string]*Object
	nextID  int64
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{Orgs: map[string]*Org{}, Objects: map[string]*Object{}, nextID: 1000}
}

// Org returns the organization login, creating it.
func (s *Store) Org(login string) *Org {
	o := s.Orgs[strings.ToLower(login)]
	if o == nil {
		o = &Org{Login: login}
		s.Orgs[strings.ToLower(login)] = o
	}
	return o
}

func gitHash(kind string, data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "%s %d\x00", kind, len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

func (s *Store) blob(data []byte) *Object {
	oid := gitHash("blob", data)
	if o := s.Objects[oid]; o != nil {
		return o
	}
	o := &Object{OID: oid, Type: "blob", Data: data}
	s.Objects[oid] = o
	return o
}

// AddRepo adds a repository built from files (path → file) to org. nil files: empty repo.
func (s *Store) AddRepo(org *Org, name string, meta RepoMeta, files map[string]File) *Repo {
	if meta.Visibility == "" {
		meta.Visibility = "public"
	}
	if meta.DefaultBranch == "" {
		meta.DefaultBranch = "main"
	}
	if meta.PushedAt.IsZero() {
		meta.PushedAt = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	}
	s.nextID++
	r := &Repo{Name: name, ID: s.nextID, RepoMeta: meta, has: map[string]bool{}}
	if len(files) > 0 {
		r.RootOID = s.buildTree(r, "", files)
		r.HeadOID = gitHash("commit", []byte("tree "+r.RootOID+"\n"+org.Login+"/"+name))
	}
	i := sort.Search(len(org.Repos), func(i int) bool { return strings.ToLower(org.Repos[i].Name) > strings.ToLower(name) })
	org.Repos = slices.Insert(org.Repos, i, r)
	return r
}

// buildTree writes the tree for the files under dir and returns its id.
func (s *Store) buildTree(r *Repo, dir string, files map[string]File) string {
	children := map[string]bool{}
	var entries []TreeEntry
	for p, f := range files {
		rel := p
		if dir != "" {
			if !strings.HasPrefix(p, dir+"/") {
				continue
			}
			rel = p[len(dir)+1:]
		}
		name, rest, sub := strings.Cut(rel, "/")
		if sub {
			_ = rest
			if !children[name] {
				children[name] = true
				oid := s.buildTree(r, path.Join(dir, name), files)
				entries = append(entries, TreeEntry{Name: name, Mode: ModeTree, Type: "tree", OID: oid})
			}
			continue
		}
		b := s.blob(f.Data)
		r.has[b.OID] = true
		mode := f.Mode
		if mode == 0 {
			mode = ModeFile
		}
		entries = append(entries, TreeEntry{Name: name, Mode: mode, Type: "blob", OID: b.OID, Size: int64(len(f.Data))})
	}
	oid := treeOID(entries)
	if s.Objects[oid] == nil {
		s.Objects[oid] = &Object{OID: oid, Type: "tree", Entries: entries}
	}
	r.has[oid] = true
	return oid
}

// treeOID sorts entries as git does (a directory as if its name ended in "/") and
// returns the id git gives the tree they make.
func treeOID(entries []TreeEntry) string {
	key := func(e TreeEntry) string {
		if e.Type == "tree" {
			return e.Name + "/"
		}
		return e.Name
	}
	sort.Slice(entries, func(i, j int) bool { return key(entries[i]) < key(entries[j]) })
	var buf []byte
	for _, e := range entries {
		raw, _ := hex.DecodeString(e.OID)
		buf = fmt.Appendf(buf, "%o %s\x00", e.Mode, e.Name)
		buf = append(buf, raw...)
	}
	return gitHash("tree", buf)
}

// Resolve finds the object at p ("" = root) in r's HEAD tree.
func (s *Store) Resolve(r *Repo, p string) *Object {
	if r.Empty() {
		return nil
	}
	o := s.Objects[r.RootOID]
	p = strings.Trim(p, "/")
	if p == "" {
		return o
	}
	for _, name := range strings.Split(p, "/") {
		if o == nil || o.Type != "tree" {
			return nil
		}
		var next *Object
		for _, e := range o.Entries {
			if e.Name == name {
				next = s.Objects[e.OID]
			}
		}
		o = next
	}
	return o
}

// Has reports whether oid is reachable in r.
func (r *Repo) Has(oid string) bool { return r.has[oid] }

// LoadDir loads fixture organizations from dir: dir/<org>/<repo>/… are the files of
// each repository, dir/<org>/<repo>.json its metadata (optional), and dir/<org>/_user
// marks a user account.
func (s *Store) LoadDir(dir string) error {
	orgs, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, od := range orgs {
		if !od.IsDir() {
			continue
		}
		org := s.Org(od.Name())
		odir := filepath.Join(dir, od.Name())
		if _, err := os.Stat(filepath.Join(odir, "_user")); err == nil {
			org.User = true
		}
		repos, err := os.ReadDir(odir)
		if err != nil {
			return err
		}
		for _, rd := range repos {
			if !rd.IsDir() {
				continue
			}
			var meta RepoMeta
			if b, err := os.ReadFile(filepath.Join(odir, rd.Name()+".json")); err == nil {
				if err := json.Unmarshal(b, &meta); err != nil {
					return fmt.Errorf("%s.json: %w", rd.Name(), err)
				}
			}
			if err := s.LoadRepo(org, rd.Name(), meta, filepath.Join(odir, rd.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// LoadRepo adds the repository name to org with the files under root (symbolic links
// kept as links; a file named .empty marks an empty repository).
func (s *Store) LoadRepo(org *Org, name string, meta RepoMeta, root string) error {
	files := map[string]File{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if rel == ".empty" { // marks an empty repository
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			t, err := os.Readlink(p)
			if err != nil {
				return err
			}
			files[rel] = File{Data: []byte(t), Mode: ModeSymlink}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		mode := ModeFile
		if info, err := d.Info(); err == nil && info.Mode()&0o111 != 0 {
			mode = ModeExec
		}
		files[rel] = File{Data: b, Mode: mode}
		return nil
	})
	if err != nil {
		return err
	}
	s.AddRepo(org, name, meta, files)
	return nil
}
