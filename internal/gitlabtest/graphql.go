package gitlabtest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/repogov/repogov/internal/githubtest"
)

var (
	schemaOnce sync.Once
	schema     *ast.Schema
	schemaErr  error
)

// Schema loads the GitLab schema subset of testdata/schema.graphql.
func Schema() (*ast.Schema, error) {
	schemaOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "testdata", "schema.graphql"))
		if err != nil {
			schemaErr = err
			return
		}
		var gerr error
		schema, gerr = gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: string(b)})
		if gerr != nil {
			schemaErr = gerr
		}
	})
	return schema, schemaErr
}

// GitLab's limits (app/graphql/gitlab_schema.rb; specs/gitlab-api.md §6.1).
const (
	MaxComplexity     = 250
	MaxComplexityAnon = 200
	MaxDepth          = 20
	MaxDepthAnon      = 15
	MaxQuerySize      = 10000
	MaxPage           = 100
	MaxFullPaths      = 50
)

type gqlErr struct {
	Message   string         `json:"message"`
	Path      []any          `json:"path,omitempty"`
	Locations []any          `json:"locations,omitempty"`
	Ext       map[string]any `json:"extensions,omitempty"`
}

type exec struct {
	s     *Server
	vars  map[string]any
	errs  []gqlErr
	pr    principal
	score int
	limit int
}

func (s *Server) serveGraphQL(rec *recorder, r *http.Request, body []byte, pr principal) {
	if r.Method != http.MethodPost {
		s.opts.Errorf("gitlabtest: GraphQL %s", r.Method)
		rec.writeJSON(405, map[string]string{"message": "405 Method Not Allowed"})
		return
	}
	var req struct {
		Query         string         `json:"query"`
		Variables     map[string]any `json:"variables"`
		OperationName string         `json:"operationName"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		s.opts.Errorf("gitlabtest: GraphQL body: %v", err)
		rec.writeJSON(400, map[string]any{"errors": []gqlErr{{Message: "Unexpected end of document"}}})
		return
	}
	if len(req.Query) > MaxQuerySize {
		rec.writeJSON(422, map[string]any{"errors": []gqlErr{{Message: "Query too large"}}})
		return
	}
	sc, err := Schema()
	if err != nil {
		s.opts.Errorf("gitlabtest: schema: %v", err)
		return
	}
	doc, errs := gqlparser.LoadQueryWithRules(sc, req.Query, rules.NewDefaultRules())
	if len(errs) > 0 {
		s.opts.Errorf("gitlabtest: invalid GraphQL query: %v\n%s", errs, req.Query)
		rec.writeJSON(200, map[string]any{"errors": []gqlErr{{Message: errs.Error()}}})
		return
	}
	if len(doc.Operations) != 1 {
		s.opts.Errorf("gitlabtest: want one operation")
	}
	op := doc.Operations[0]
	limit, maxDepth := MaxComplexity, MaxDepth
	if pr.anonymous {
		limit, maxDepth = MaxComplexityAnon, MaxDepthAnon
	}
	if d := depth(op.SelectionSet); d > maxDepth {
		rec.writeJSON(200, map[string]any{"errors": []gqlErr{{Message: fmt.Sprintf("Query has depth of %d, which exceeds max depth of %d", d, maxDepth)}}})
		return
	}
	score := Complexity(op.SelectionSet, req.Variables)
	if score > limit {
		rec.writeJSON(200, map[string]any{"errors": []gqlErr{{Message: fmt.Sprintf("Query has complexity of %d, which exceeds max complexity of %d", score, limit)}}})
		return
	}
	s.complexity.Add(int64(score))
	e := &exec{s: s, vars: req.Variables, pr: pr, score: score, limit: limit}
	data := e.selectionSet(rootQuery{}, op.SelectionSet, nil)
	resp := map[string]any{"data": data}
	if len(e.errs) > 0 {
		resp["errors"] = e.errs
	}
	rec.writeJSON(200, resp)
}

func depth(ss ast.SelectionSet) int {
	d := 0
	for _, sel := range ss {
		switch x := sel.(type) {
		case *ast.Field:
			d = max(d, 1+depth(x.SelectionSet))
		case *ast.InlineFragment:
			d = max(d, depth(x.SelectionSet))
		case *ast.FragmentSpread:
			d = max(d, depth(x.Definition.SelectionSet))
		}
	}
	return d
}

// gitalyFields call Gitaly: +1 each (app/graphql/types/base_field.rb calls_gitaly).
var gitalyFields = map[string]bool{"rootRef": true, "empty": true, "exists": true, "tree": true, "blobs": true, "trees": true, "submodules": true}

// Complexity scores a selection as GitLab does (specs/gitlab-api.md §6.2): 1 per field,
// +1 for Gitaly calls, +10 for a namespace's projects resolver, +1 per path of
// blobs(paths:), a flat 10 for Tree.lastCommit; a connection's score (its own and its
// children's, children counted once) is multiplied by 1 + first × 0.01 (first defaults
// to 100). Aliased copies count separately.
func Complexity(ss ast.SelectionSet, vars map[string]any) int {
	return int(math.Ceil(complexity(ss, vars)))
}

func complexity(ss ast.SelectionSet, vars map[string]any) float64 {
	total := 0.0
	for _, sel := range ss {
		switch x := sel.(type) {
		case *ast.Field:
			if x.Name == "__typename" {
				continue
			}
			if x.Name == "lastCommit" {
				total += 10
				continue
			}
			own := 1.0
			if gitalyFields[x.Name] {
				own++
			}
			args := x.ArgumentMap(vars)
			if x.Name == "projects" && x.ObjectDefinition != nil && x.ObjectDefinition.Name != "Query" {
				own += 10
			}
			if paths, ok := args["paths"].([]any); ok {
				own += float64(len(paths))
			}
			sub := own + complexity(x.SelectionSet, vars)
			if x.Definition != nil && strings.HasSuffix(x.Definition.Type.Name(), "Connection") {
				first := 100.0
				if f, ok := args["first"]; ok && f != nil {
					first = float64(toInt(f))
				}
				sub *= 1 + first*0.01
			}
			total += sub
		case *ast.InlineFragment:
			total += complexity(x.SelectionSet, vars)
		case *ast.FragmentSpread:
			total += complexity(x.Definition.SelectionSet, vars)
		}
	}
	return total
}

// Values the executor resolves fields on.
type (
	rootQuery struct{}
	nsVal     struct {
		o     *githubtest.Org
		group bool
	}
	conn struct {
		items   []any
		hasNext bool
		end     string
		total   int
	}
	pageInfo struct {
		hasNext bool
		end     string
	}
	projVal struct{ p proj }
	repoVal struct{ p proj }
	treeVal struct {
		p         proj
		o         *githubtest.Object
		dir       string
		recursive bool
	}
	entryVal struct {
		e    githubtest.TreeEntry
		path string
		p    proj
	}
	commitVal string
	blobVal   struct {
		path string
		mode int
		o    *githubtest.Object
		p    proj
	}
)

func (e *exec) typeName(v any) string {
	switch x := v.(type) {
	case rootQuery:
		return "Query"
	case nsVal:
		if x.group {
			return "Group"
		}
		return "Namespace"
	case conn:
		return "Connection"
	case pageInfo:
		return "PageInfo"
	case projVal:
		return "Project"
	case repoVal:
		return "Repository"
	case treeVal:
		return "Tree"
	case entryVal:
		switch x.e.Type {
		case "blob":
			return "Blob"
		case "commit":
			return "Submodule"
		}
		return "TreeEntry"
	case commitVal:
		return "Commit"
	case blobVal:
		return "RepositoryBlob"
	}
	return ""
}

func (e *exec) selectionSet(v any, ss ast.SelectionSet, p []any) map[string]any {
	out := map[string]any{}
	var visit func(ss ast.SelectionSet)
	visit = func(ss ast.SelectionSet) {
		for _, sel := range ss {
			switch x := sel.(type) {
			case *ast.Field:
				key := x.Alias
				if key == "" {
					key = x.Name
				}
				fp := append(append([]any{}, p...), key)
				if x.Name == "__typename" {
					out[key] = e.typeName(v)
					continue
				}
				val, ok := e.resolve(v, x, fp)
				if !ok {
					out[key] = nil
					continue
				}
				out[key] = e.complete(val, x, fp)
			case *ast.InlineFragment:
				if x.TypeCondition == "" || x.TypeCondition == e.typeName(v) {
					visit(x.SelectionSet)
				}
			case *ast.FragmentSpread:
				if x.Definition.TypeCondition == e.typeName(v) {
					visit(x.Definition.SelectionSet)
				}
			}
		}
	}
	visit(ss)
	return out
}

func (e *exec) complete(val any, f *ast.Field, p []any) any {
	switch x := val.(type) {
	case nil:
		return nil
	case string, bool, int, int64, float64:
		return x
	case []string:
		return x
	case []any:
		out := make([]any, len(x))
		for i, it := range x {
			out[i] = e.complete(it, f, append(append([]any{}, p...), i))
		}
		return out
	}
	return e.selectionSet(val, f.SelectionSet, p)
}

func (e *exec) unexpected(v any, f *ast.Field) (any, bool) {
	e.s.opts.Errorf("gitlabtest: GraphQL field %s.%s is not supported by the fake", e.typeName(v), f.Name)
	return nil, false
}

// page cuts items by first/after; cursors are opaque.
func (e *exec) page(items []any, args map[string]any) conn {
	first := MaxPage
	if f, ok := args["first"]; ok && f != nil {
		first = int(toInt(f))
	}
	if first < 0 || first > MaxPage {
		e.s.opts.Errorf("gitlabtest: first out of range: %v", args["first"])
		first = MaxPage
	}
	start := 0
	if a, _ := args["after"].(string); a != "" {
		b, err := base64.StdEncoding.DecodeString(a)
		if err != nil {
			e.s.opts.Errorf("gitlabtest: bad cursor %q", a)
		}
		start, _ = strconv.Atoi(strings.TrimPrefix(string(b), "offset:"))
	}
	start = min(start, len(items))
	end := min(start+first, len(items))
	return conn{items: items[start:end], hasNext: end < len(items), end: base64.StdEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(end))), total: len(items)}
}

func gid(kind string, id int64) string {
	return "gid://gitlab/" + kind + "/" + strconv.FormatInt(id, 10)
}

func (e *exec) resolve(v any, f *ast.Field, p []any) (any, bool) {
	args := f.ArgumentMap(e.vars)
	str := func(k string) string { s, _ := args[k].(string); return s }
	switch x := v.(type) {
	case rootQuery:
		switch f.Name {
		case "queryComplexity":
			return map[string]any{"score": e.score, "limit": e.limit}, true
		case "group", "namespace":
			ns := e.s.namespace(str("fullPath"))
			if ns == nil || f.Name == "group" && ns.User {
				return nil, true // GitLab: null, no error
			}
			return nsVal{ns, !ns.User}, true
		case "project":
			pj, ok := e.s.project(str("fullPath"), e.pr)
			if !ok {
				return nil, true
			}
			return projVal{pj}, true
		case "projects":
			fps, _ := args["fullPaths"].([]any)
			if len(fps) > MaxFullPaths {
				e.errs = append(e.errs, gqlErr{Message: fmt.Sprintf("You cannot provide more than %d full paths", MaxFullPaths), Path: p})
				return nil, false
			}
			var items []any
			for _, fp := range fps {
				if pj, ok := e.s.project(fp.(string), e.pr); ok {
					items = append(items, projVal{pj})
				}
			}
			return e.page(items, args), true
		}
	case nsVal:
		switch f.Name {
		case "id":
			kind := "Group"
			if !x.group {
				kind = "Namespaces::UserNamespace"
			}
			return gid(kind, groupID(x.o)), true
		case "fullPath":
			return x.o.Login, true
		case "name", "path":
			return path.Base(x.o.Login), true
		case "fullName":
			return strings.ReplaceAll(x.o.Login, "/", " / "), true
		case "webUrl":
			return "https://gitlab.example/groups/" + x.o.Login, true
		case "visibility":
			return "public", true
		case "projects":
			sub, _ := args["includeSubgroups"].(bool)
			var items []any
			for _, pj := range e.s.projects(x.o, sub, e.pr) {
				if arch, ok := args["includeArchived"].(bool); ok && !arch && pj.r.Archived {
					continue
				}
				items = append(items, projVal{pj})
			}
			return e.page(items, args), true
		}
	case conn:
		switch f.Name {
		case "count":
			return x.total, true
		case "nodes":
			return x.items, true
		case "pageInfo":
			return pageInfo{x.hasNext, x.end}, true
		}
	case pageInfo:
		switch f.Name {
		case "hasNextPage":
			return x.hasNext, true
		case "hasPreviousPage":
			return false, true
		case "endCursor":
			return x.end, true
		case "startCursor":
			return nil, true
		}
	case projVal:
		r := x.p.r
		switch f.Name {
		case "id":
			return gid("Project", r.ID), true
		case "fullPath":
			return x.p.fullPath(), true
		case "name", "path":
			return r.Name, true
		case "nameWithNamespace":
			return strings.ReplaceAll(x.p.fullPath(), "/", " / "), true
		case "webUrl":
			return "https://gitlab.example/" + x.p.fullPath(), true
		case "description":
			if r.Description == "" {
				return nil, true
			}
			return r.Description, true
		case "topics":
			return append([]string{}, r.Topics...), true
		case "visibility":
			return r.Visibility, true
		case "archived":
			return r.Archived, true
		case "isForked":
			return r.Fork, true
		case "lastActivityAt", "createdAt":
			return r.PushedAt.UTC().Format("2006-01-02T15:04:05Z"), true
		case "namespace", "group":
			if f.Name == "group" && x.p.ns.User {
				return nil, true
			}
			return nsVal{x.p.ns, !x.p.ns.User}, true
		case "repository":
			return repoVal(x), true
		}
	case repoVal:
		r := x.p.r
		switch f.Name {
		case "rootRef":
			if r.Empty() {
				return nil, true
			}
			return r.DefaultBranch, true
		case "empty":
			return r.Empty(), true
		case "exists":
			return true, true
		case "tree":
			if r.Empty() {
				return nil, true
			}
			if ref := str("ref"); ref != "" && ref != r.DefaultBranch && ref != r.HeadOID {
				return nil, true
			}
			dir := strings.Trim(str("path"), "/")
			o := e.s.Store.Resolve(r, dir)
			if o == nil || o.Type != "tree" {
				// A missing folder: a tree without entries.
				o = &githubtest.Object{Type: "tree"}
			}
			rec, _ := args["recursive"].(bool)
			return treeVal{x.p, o, dir, rec}, true
		case "blobs":
			var items []any
			if !r.Empty() {
				seen := map[string]bool{}
				for _, pp := range args["paths"].([]any) {
					ps := strings.Trim(pp.(string), "/")
					if seen[ps] {
						continue
					}
					seen[ps] = true
					mode, o := e.s.resolveEntry(r, ps)
					if o != nil && o.Type == "blob" {
						items = append(items, blobVal{ps, mode, o, x.p})
					}
				}
			}
			return e.page(items, map[string]any{}), true
		}
	case treeVal:
		switch f.Name {
		case "lastCommit":
			if x.o.OID == "" {
				return nil, true
			}
			return commitVal(x.p.r.HeadOID), true
		case "blobs", "trees", "submodules":
			want := map[string]string{"blobs": "blob", "trees": "tree", "submodules": "commit"}[f.Name]
			var items []any
			var walk func(o *githubtest.Object, dir string)
			walk = func(o *githubtest.Object, dir string) {
				for _, en := range o.Entries {
					p := path.Join(dir, en.Name)
					if en.Type == want {
						items = append(items, entryVal{en, p, x.p})
					}
					if en.Type == "tree" && x.recursive {
						walk(e.s.Store.Objects[en.OID], p)
					}
				}
			}
			walk(x.o, x.dir)
			return e.page(items, args), true
		}
	case entryVal:
		switch f.Name {
		case "id":
			return "gid://gitlab/Gitlab::Graphql::Representation::TreeEntry/" + x.e.OID, true
		case "sha":
			return x.e.OID, true
		case "name":
			return x.e.Name, true
		case "path", "flatPath":
			return x.path, true
		case "type":
			return x.e.Type, true
		case "mode":
			return fmt.Sprintf("%06o", x.e.Mode), true
		case "webUrl", "webPath":
			return "/" + x.p.fullPath() + "/-/blob/" + x.p.r.DefaultBranch + "/" + x.path, true
		case "lfsOid":
			return nil, true
		}
	case commitVal:
		switch f.Name {
		case "id":
			return "gid://gitlab/CommitPresenter/" + string(x), true
		case "sha":
			return string(x), true
		case "shortId":
			return string(x)[:8], true
		}
	case blobVal:
		switch f.Name {
		case "id":
			return "gid://gitlab/Blob/" + x.o.OID, true
		case "oid":
			return x.o.OID, true
		case "path":
			return x.path, true
		case "name":
			return path.Base(x.path), true
		case "size", "rawSize":
			// BigInt: serialised as a string.
			return strconv.Itoa(len(x.o.Data)), true
		case "mode":
			return fmt.Sprintf("%06o", x.mode), true
		case "rawTextBlob":
			if isBinary(x.o.Data) {
				return nil, true
			}
			return string(x.o.Data), true
		case "rawBlob":
			return string(x.o.Data), true
		case "storedExternally":
			return false, true
		case "lfsOid":
			return nil, true
		case "webPath", "webUrl":
			return "/" + x.p.fullPath() + "/-/blob/" + x.p.r.DefaultBranch + "/" + x.path, true
		}
	case map[string]any:
		if val, ok := x[f.Name]; ok {
			return val, true
		}
	}
	return e.unexpected(v, f)
}

// resolveEntry finds the entry at p (not following symlinks: blobs(paths:) returns a
// symlink's target text, as Gitaly does).
func (s *Server) resolveEntry(r *githubtest.Repo, p string) (int, *githubtest.Object) {
	dir, name := path.Split(p)
	parent := s.Store.Resolve(r, strings.TrimSuffix(dir, "/"))
	if parent == nil || parent.Type != "tree" {
		return 0, nil
	}
	for _, e := range parent.Entries {
		if e.Name == name {
			return e.Mode, s.Store.Objects[e.OID]
		}
	}
	return 0, nil
}

// toInt reads an Int argument, a literal (int64) or a JSON variable (float64).
func toInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	case int:
		return int64(x)
	}
	return 0
}

func isBinary(b []byte) bool {
	n := min(len(b), 8000)
	for _, c := range b[:n] {
		if c == 0 {
			return true
		}
	}
	return !utf8.Valid(b)
}
