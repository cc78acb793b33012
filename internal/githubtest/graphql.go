package githubtest

import (
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
	"time"
	"unicode/utf8"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

var (
	schemaOnce sync.Once
	schema     *ast.Schema
	schemaErr  error
)

// Schema loads GitHub's published schema from testdata, dropping the duplicated field
// definitions gqlparser refuses.
func Schema() (*ast.Schema, error) {
	schemaOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "testdata", "schema.graphql"))
		if err != nil {
			schemaErr = err
			return
		}
		doc, err := parser.ParseSchemas(validator.Prelude, &ast.Source{Name: "schema.graphql", Input: string(b)})
		if err != nil {
			schemaErr = err
			return
		}
		dedup := func(defs ast.DefinitionList) {
			for _, d := range defs {
				seen := map[string]bool{}
				var fs ast.FieldList
				for _, f := range d.Fields {
					if !seen[f.Name] {
						seen[f.Name] = true
						fs = append(fs, f)
					}
				}
				d.Fields = fs
			}
		}
		dedup(doc.Definitions)
		dedup(doc.Extensions)
		schema, schemaErr = validator.ValidateSchemaDocument(doc)
	})
	return schema, schemaErr
}

// ValidateQuery checks a query against the schema.
func ValidateQuery(q string) (*ast.QueryDocument, error) {
	sc, err := Schema()
	if err != nil {
		return nil, err
	}
	doc, errs := gqlparser.LoadQueryWithRules(sc, q, rules.NewDefaultRules())
	if len(errs) > 0 {
		return nil, errs
	}
	return doc, nil
}

type gqlErr struct {
	Type    string `json:"type,omitempty"`
	Path    []any  `json:"path,omitempty"`
	Message string `json:"message"`
}

type exec struct {
	s    *Server
	vars map[string]any
	errs []gqlErr
	pr   principal
}

func (s *Server) serveGraphQL(rec *recorder, r *http.Request, body []byte, pr principal, partial bool) {
	if r.Method != http.MethodPost {
		s.opts.Errorf("githubtest: GraphQL %s", r.Method)
		rec.writeJSON(405, map[string]string{"message": "method"})
		return
	}
	if pr.anonymous {
		rec.writeJSON(401, map[string]string{"message": "This endpoint requires you to be authenticated.", "documentation_url": "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql"})
		return
	}
	var req struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		s.opts.Errorf("githubtest: GraphQL body: %v", err)
		rec.writeJSON(400, map[string]string{"message": "Problems parsing JSON"})
		return
	}
	doc, err := ValidateQuery(req.Query)
	if err != nil {
		s.opts.Errorf("githubtest: invalid GraphQL query: %v\n%s", err, req.Query)
		rec.writeJSON(200, map[string]any{"errors": []gqlErr{{Message: err.Error()}}})
		return
	}
	if len(doc.Operations) != 1 {
		s.opts.Errorf("githubtest: want one operation")
	}
	op := doc.Operations[0]
	cost := queryCost(op.SelectionSet, req.Variables)
	s.points.Add(int64(cost))
	s.spend(cost)
	e := &exec{s: s, vars: req.Variables, pr: pr}
	data := e.selectionSet(rootQuery{cost: cost}, "Query", op.SelectionSet, nil)
	if partial {
		// What GitHub does when a query hits a resource limit: some data, and an error
		// whose path names what is missing.
		limit := "RESOURCE_LIMITS_EXCEEDED"
		if _, ok := data["r0"]; ok {
			data["r0"] = nil
			e.errs = append(e.errs, gqlErr{Type: limit, Path: []any{"r0"}, Message: "resource limits exceeded"})
		} else if owner, ok := data["owner"].(map[string]any); ok {
			if repos, ok := owner["repositories"].(map[string]any); ok {
				if nodes, ok := repos["nodes"].([]any); ok && len(nodes) > 0 {
					if n, ok := nodes[0].(map[string]any); ok {
						n["root"] = nil
						e.errs = append(e.errs, gqlErr{Type: limit, Path: []any{"owner", "repositories", "nodes", 0, "root"}, Message: "resource limits exceeded"})
					}
				}
			}
		}
	}
	resp := map[string]any{"data": data}
	if len(e.errs) > 0 {
		resp["errors"] = e.errs
	}
	rec.writeJSON(200, resp)
}

// queryCost follows GitHub's documented formula: the requests needed to fill every
// connection (assuming each first: is reached), divided by 100, at least 1.
func queryCost(ss ast.SelectionSet, vars map[string]any) int {
	var walk func(ss ast.SelectionSet, mult int) int
	walk = func(ss ast.SelectionSet, mult int) int {
		total := 0
		for _, sel := range ss {
			switch x := sel.(type) {
			case *ast.Field:
				if a := x.Arguments.ForName("first"); a != nil {
					n := 0
					switch v, _ := a.Value.Value(vars); v := v.(type) {
					case int64:
						n = int(v)
					case float64:
						n = int(v)
					}
					total += mult
					total += walk(x.SelectionSet, mult*max(n, 1))
				} else {
					total += walk(x.SelectionSet, mult)
				}
			case *ast.InlineFragment:
				total += walk(x.SelectionSet, mult)
			case *ast.FragmentSpread:
				total += walk(x.Definition.SelectionSet, mult)
			}
		}
		return total
	}
	return max(1, int(math.Round(float64(walk(ss, 1))/100)))
}

type rootQuery struct{ cost int }
type repoConn struct {
	repos []*Repo
	org   *Org
	total int
	next  string
}
type pageInfo struct {
	hasNext bool
	end     string
}
type repoVal struct {
	org *Org
	r   *Repo
}
type refVal struct {
	name, oid string
}
type topicsVal []string
type topicNode string
type licenseVal string
type objVal struct {
	o   *Object
	dir string
}
type entryVal struct {
	e   TreeEntry
	dir string
}

func (e *exec) typeName(v any) string {
	switch x := v.(type) {
	case rootQuery:
		return "Query"
	case *Org:
		if x.User {
			return "User"
		}
		return "Organization"
	case repoConn:
		return "RepositoryConnection"
	case pageInfo:
		return "PageInfo"
	case repoVal:
		return "Repository"
	case refVal:
		return "Ref"
	case topicsVal:
		return "RepositoryTopicConnection"
	case topicNode:
		return "RepositoryTopic"
	case licenseVal:
		return "License"
	case objVal:
		if x.o.Type == "tree" {
			return "Tree"
		}
		return "Blob"
	case entryVal:
		return "TreeEntry"
	case commitVal:
		return "Commit"
	case topicVal:
		return "Topic"
	}
	return ""
}

type commitVal string
type topicVal string

func (e *exec) matches(v any, cond string) bool {
	tn := e.typeName(v)
	if cond == "" || cond == tn {
		return true
	}
	def := schema.Types[cond]
	if def == nil {
		return false
	}
	for _, pt := range schema.GetPossibleTypes(def) {
		if pt.Name == tn {
			return true
		}
	}
	return false
}

func (e *exec) selectionSet(v any, parentType string, ss ast.SelectionSet, p []any) map[string]any {
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
				if e.matches(v, x.TypeCondition) {
					visit(x.SelectionSet)
				}
			case *ast.FragmentSpread:
				if e.matches(v, x.Definition.TypeCondition) {
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
	case []any:
		out := make([]any, len(x))
		for i, it := range x {
			out[i] = e.complete(it, f, append(append([]any{}, p...), i))
		}
		return out
	}
	return e.selectionSet(val, "", f.SelectionSet, p)
}

func (e *exec) unexpected(v any, f *ast.Field) (any, bool) {
	e.s.opts.Errorf("githubtest: GraphQL field %s.%s is not supported by the fake", e.typeName(v), f.Name)
	return nil, false
}

func (e *exec) findRepo(org *Org, name string) *Repo {
	if org == nil {
		return nil
	}
	for _, r := range org.Repos {
		if strings.EqualFold(r.Name, name) && (r.Visibility == "public" || !e.pr.anonymous) {
			return r
		}
	}
	return nil
}

func (e *exec) notFound(p []any, what string) (any, bool) {
	e.errs = append(e.errs, gqlErr{Type: "NOT_FOUND", Path: p, Message: "Could not resolve to " + what})
	return nil, false
}

func (e *exec) resolve(v any, f *ast.Field, p []any) (any, bool) {
	args := f.ArgumentMap(e.vars)
	str := func(k string) string { s, _ := args[k].(string); return s }
	switch x := v.(type) {
	case rootQuery:
		switch f.Name {
		case "rateLimit":
			e.s.mu.Lock()
			rem := max(e.s.budget, 0)
			e.s.mu.Unlock()
			return map[string]any{"cost": x.cost, "remaining": rem, "limit": 5000, "used": 5000 - rem, "nodeCount": 0,
				"resetAt": e.s.opts.Reset().UTC().Format(time.RFC3339)}, true
		case "repositoryOwner":
			org := e.s.Store.Orgs[strings.ToLower(str("login"))]
			if org == nil {
				return e.notFound(p, "a RepositoryOwner with the login of '"+str("login")+"'.")
			}
			return org, true
		case "repository":
			org := e.s.Store.Orgs[strings.ToLower(str("owner"))]
			r := e.findRepo(org, str("name"))
			if r == nil {
				return e.notFound(p, "a Repository with the name '"+str("owner")+"/"+str("name")+"'.")
			}
			return repoVal{org, r}, true
		}
	case *Org:
		switch f.Name {
		case "login":
			return x.Login, true
		case "repository":
			r := e.findRepo(x, str("name"))
			if r == nil {
				return nil, true // GitHub: null without an error for a missing repository here
			}
			return repoVal{x, r}, true
		case "repositories":
			if aff, _ := args["ownerAffiliations"].([]any); len(aff) != 1 || aff[0] != "OWNER" {
				e.s.opts.Errorf("githubtest: repositories without ownerAffiliations: [OWNER]")
			}
			first := toInt(args["first"])
			if first < 1 || first > 100 {
				e.s.opts.Errorf("githubtest: first out of range: %v", args["first"])
				first = 1
			}
			var vis []*Repo
			for _, r := range x.Repos {
				if r.Visibility == "public" || !e.pr.anonymous {
					vis = append(vis, r)
				}
			}
			start := 0
			if after := str("after"); after != "" {
				start, _ = strconv.Atoi(strings.TrimPrefix(after, "cursor:"))
			}
			end := min(start+int(first), len(vis))
			start = min(start, end)
			c := repoConn{repos: vis[start:end], org: x, total: len(vis)}
			if end < len(vis) {
				c.next = "cursor:" + strconv.Itoa(end)
			}
			return c, true
		}
	case repoConn:
		switch f.Name {
		case "totalCount":
			return x.total, true
		case "pageInfo":
			end := x.next
			if end == "" {
				end = "cursor:" + strconv.Itoa(x.total)
			}
			return pageInfo{x.next != "", end}, true
		case "nodes":
			out := make([]any, len(x.repos))
			for i, r := range x.repos {
				out[i] = repoVal{x.org, r}
			}
			return out, true
		}
	case pageInfo:
		switch f.Name {
		case "hasNextPage":
			return x.hasNext, true
		case "endCursor":
			return x.end, true
		}
	case repoVal:
		r := x.r
		switch f.Name {
		case "databaseId":
			return r.ID, true
		case "name":
			return r.Name, true
		case "nameWithOwner":
			return x.org.Login + "/" + r.Name, true
		case "url":
			return "https://github.com/" + x.org.Login + "/" + r.Name, true
		case "description":
			if r.Description == "" {
				return nil, true
			}
			return r.Description, true
		case "homepageUrl":
			if r.Homepage == "" {
				return nil, true
			}
			return r.Homepage, true
		case "isArchived":
			return r.Archived, true
		case "isDisabled":
			return false, true
		case "isEmpty":
			return r.Empty(), true
		case "isFork":
			return r.Fork, true
		case "isPrivate":
			return r.Visibility != "public", true
		case "isTemplate":
			return r.Template, true
		case "visibility":
			return strings.ToUpper(r.Visibility), true
		case "pushedAt":
			return r.PushedAt.UTC().Format(time.RFC3339), true
		case "defaultBranchRef":
			if r.Empty() {
				return nil, true
			}
			return refVal{r.DefaultBranch, r.HeadOID}, true
		case "licenseInfo":
			if r.License == "" {
				return nil, true
			}
			return licenseVal(r.License), true
		case "repositoryTopics":
			if first := toInt(args["first"]); first < 1 || first > 100 {
				e.s.opts.Errorf("githubtest: first out of range")
			}
			return topicsVal(r.Topics), true
		case "object":
			if r.Empty() {
				return nil, true
			}
			if oid := str("oid"); oid != "" {
				o := e.s.Store.Objects[oid]
				if o == nil || !r.Has(oid) {
					return nil, true
				}
				return objVal{o: o}, true
			}
			expr := str("expression")
			rev, p, ok := strings.Cut(expr, ":")
			if !ok || (rev != "HEAD" && rev != r.HeadOID && rev != r.DefaultBranch) {
				e.s.opts.Errorf("githubtest: unsupported object expression %q", expr)
				return nil, true
			}
			o := e.s.Store.Resolve(r, p)
			if o == nil {
				return nil, true
			}
			return objVal{o: o, dir: strings.Trim(p, "/")}, true
		}
	case refVal:
		switch f.Name {
		case "name":
			return x.name, true
		case "target":
			return commitVal(x.oid), true
		}
	case commitVal:
		if f.Name == "oid" {
			return string(x), true
		}
	case licenseVal:
		switch f.Name {
		case "key":
			if x == "NOASSERTION" {
				return "other", true
			}
			return strings.ToLower(string(x)), true
		case "spdxId":
			return string(x), true
		case "pseudoLicense":
			return x == "NOASSERTION" || x == "NONE", true
		case "name":
			return string(x), true
		}
	case topicsVal:
		switch f.Name {
		case "nodes":
			first, _ := args["first"].(int64)
			_ = first
			out := []any{}
			for _, t := range x {
				out = append(out, topicNode(t))
			}
			return out, true
		case "totalCount":
			return len(x), true
		}
	case topicNode:
		if f.Name == "topic" {
			return topicVal(x), true
		}
	case topicVal:
		if f.Name == "name" {
			return string(x), true
		}
	case objVal:
		o := x.o
		switch f.Name {
		case "oid":
			return o.OID, true
		case "entries":
			out := make([]any, len(o.Entries))
			for i, en := range o.Entries {
				out[i] = entryVal{en, x.dir}
			}
			return out, true
		case "byteSize":
			return len(o.Data), true
		case "isBinary":
			return isBinary(o.Data), true
		case "isTruncated":
			return len(o.Data) > 512*1024, true
		case "text":
			if isBinary(o.Data) {
				return nil, true
			}
			if len(o.Data) > 512*1024 {
				return string(o.Data[:512*1024]), true
			}
			return string(o.Data), true
		}
	case entryVal:
		en := x.e
		switch f.Name {
		case "name":
			return en.Name, true
		case "path":
			return path.Join(x.dir, en.Name), true
		case "type":
			return en.Type, true
		case "mode":
			return en.Mode, true
		case "oid":
			return en.OID, true
		case "size":
			return en.Size, true
		case "extension":
			return path.Ext(en.Name), true
		}
	case map[string]any: // rateLimit
		if val, ok := x[f.Name]; ok {
			return val, true
		}
	}
	return e.unexpected(v, f)
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
	return !utf8.Valid(b[:n]) && n == len(b)
}

var _ = fmt.Sprint
