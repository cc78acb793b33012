package gitlab

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The GraphQL documents. Each is validated by the fake GitLab (internal/gitlabtest)
// against GitLab's schema and scored with GitLab's complexity rules (limit 250, 200
// anonymous): the listing page scores 145 at 50 projects and 191 at 100.

// projectFields is what the listing needs of a project: metadata, the default branch,
// the HEAD commit (the root tree's last commit) and the root folder's entries.
const projectFields = `
fragment P on Project {
  id fullPath name path webUrl description topics visibility archived lastActivityAt isForked
  repository {
    rootRef empty
    tree {
      lastCommit { sha }
      blobs(first: 100) { pageInfo { hasNextPage } nodes { name path sha mode } }
      trees(first: 100) { pageInfo { hasNextPage } nodes { name path sha } }
      submodules(first: 100) { pageInfo { hasNextPage } nodes { name path sha } }
    }
  }
}`

const listingQuery = `query Listing($path: ID!, $first: Int!, $after: String, $archived: Boolean!) {
  queryComplexity { score limit }
  namespace(fullPath: $path) {
    fullPath
    projects(includeSubgroups: true, includeArchived: $archived, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { ...P }
    }
  }
}
` + projectFields

const projectQuery = `query Project($path: ID!) {
  queryComplexity { score limit }
  project(fullPath: $path) { ...P }
  namespace(fullPath: $path) { fullPath }
}
` + projectFields

// treesQuery lists folders (one alias each) of up to 50 projects.
func treesQuery(dirs []string) string {
	var b strings.Builder
	b.WriteString("query Trees($fullPaths: [String!]!, $first: Int!")
	for i := range dirs {
		fmt.Fprintf(&b, ", $d%d: String!, $r%d: Boolean!", i, i)
	}
	b.WriteString(") {\n  queryComplexity { score limit }\n  projects(fullPaths: $fullPaths, first: $first) {\n    nodes {\n      fullPath\n      repository {\n")
	for i := range dirs {
		fmt.Fprintf(&b, "        d%d: tree(path: $d%d, recursive: $r%d) { ...T }\n", i, i, i)
	}
	b.WriteString("      }\n    }\n  }\n}\n" + `fragment T on Tree {
  blobs(first: 100) { pageInfo { hasNextPage } nodes { name path sha mode } }
  trees(first: 100) { pageInfo { hasNextPage } nodes { name path sha } }
}`)
	return b.String()
}

// blobsQuery reads files by path for up to 50 projects (the union of their paths).
const blobsQuery = `query Blobs($fullPaths: [String!]!, $paths: [String!]!, $first: Int!) {
  queryComplexity { score limit }
  projects(fullPaths: $fullPaths, first: $first) {
    nodes {
      fullPath
      repository { blobs(paths: $paths) { nodes { path oid size rawTextBlob } } }
    }
  }
}`

type entryNode struct {
	Name string `json:"name"`
	Path string `json:"path"`
	SHA  string `json:"sha"`
	Mode string `json:"mode"`
}

type entryConn struct {
	PageInfo struct {
		HasNextPage bool `json:"hasNextPage"`
	} `json:"pageInfo"`
	Nodes []entryNode `json:"nodes"`
}

type treeNode struct {
	LastCommit *struct {
		SHA string `json:"sha"`
	} `json:"lastCommit"`
	Blobs      entryConn `json:"blobs"`
	Trees      entryConn `json:"trees"`
	Submodules entryConn `json:"submodules"`
}

type projectNode struct {
	ID             string     `json:"id"`
	FullPath       string     `json:"fullPath"`
	Name           string     `json:"name"`
	Path           string     `json:"path"`
	WebURL         string     `json:"webUrl"`
	Description    *string    `json:"description"`
	Topics         []string   `json:"topics"`
	Visibility     string     `json:"visibility"`
	Archived       bool       `json:"archived"`
	LastActivityAt *time.Time `json:"lastActivityAt"`
	IsForked       bool       `json:"isForked"`
	Repository     *struct {
		RootRef *string   `json:"rootRef"`
		Empty   bool      `json:"empty"`
		Tree    *treeNode `json:"tree"`
	} `json:"repository"`
}

type blobNode struct {
	Path        string  `json:"path"`
	OID         string  `json:"oid"`
	Size        bigInt  `json:"size"`
	RawTextBlob *string `json:"rawTextBlob"`
}

// bigInt is GitLab's BigInt scalar: a JSON string (or number).
type bigInt int64

func (b *bigInt) UnmarshalJSON(p []byte) error {
	s := strings.Trim(string(p), `"`)
	if s == "null" || s == "" {
		*b = -1
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	*b = bigInt(n)
	return err
}

type gqlError struct {
	Message string `json:"message"`
	Path    []any  `json:"path"`
}

// gqlErrors is a failed GraphQL request.
type gqlErrors []gqlError

func (es gqlErrors) Error() string {
	var msgs []string
	for _, e := range es {
		msgs = append(msgs, e.Message)
	}
	return "GitLab GraphQL: " + strings.Join(msgs, "; ")
}

// tooComplex reports GitLab's refusal of a query that exceeds the complexity, depth or
// size limits: the caller asks for less per query.
func tooComplex(err error) bool {
	var es gqlErrors
	if errors.As(err, &es) {
		for _, e := range es {
			m := e.Message
			if strings.Contains(m, "exceeds max complexity") || strings.Contains(m, "exceeds max depth") || strings.Contains(m, "Query too large") {
				return true
			}
		}
	}
	return errors.Is(err, errTooLarge)
}

var errTooLarge = errors.New("GitLab GraphQL: query too large")

// errAuth marks credential and permission errors (not worth retrying, nor falling back).
var errAuth = errors.New("GitLab refused the credential")

type authErr struct{ msg string }

func (e *authErr) Error() string        { return e.msg }
func (e *authErr) Is(target error) bool { return target == errAuth }

// errNoGraphQL: the instance answers in JSON but has no GraphQL API (old, or turned
// off): REST does everything.
var errNoGraphQL = errors.New("GitLab GraphQL: not available on this instance (HTTP 404)")

// errNotGitLab: the URL answers, but not as GitLab.
var errNotGitLab = errors.New("not a GitLab instance")

// authError explains a 401 or 403 (specs/gitlab-api.md §2): which scope is missing.
func authError(status int, body []byte, what string) error {
	var b struct {
		Error string `json:"error"`
		Scope string `json:"scope"`
	}
	_ = json.Unmarshal(body, &b)
	switch {
	case status == 401:
		return &authErr{fmt.Sprintf("%s: HTTP 401: the GitLab token is missing, invalid, expired or revoked (set GITLAB_TOKEN or GL_TOKEN to a token with the read_api scope)", what)}
	case b.Error == "insufficient_scope":
		return &authErr{fmt.Sprintf("%s: HTTP 403: the GitLab token lacks the read_api scope (GitLab wants one of: %s; read_repository alone cannot list projects or use GraphQL)", what, b.Scope)}
	}
	return &authErr{fmt.Sprintf("%s: HTTP 403: forbidden (the token needs the read_api scope and at least Reporter access; gitlab.com also answers 403 to an IP it has blocked)", what)}
}

// graphql sends one query. It returns the errors that came with data (per path), and an
// error when there is no data at all or the request failed.
func (s *Source) graphql(ctx context.Context, query string, vars map[string]any, data any) (gqlErrors, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.gqlURL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := s.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, s.describe(err)
	}
	defer resp.Body.Close()
	var raw bytes.Buffer
	raw.ReadFrom(resp.Body)
	isJSON := strings.Contains(resp.Header.Get("Content-Type"), "json")
	switch {
	case resp.StatusCode == 401 || resp.StatusCode == 403:
		if !isJSON {
			break
		}
		return nil, authError(resp.StatusCode, raw.Bytes(), "GitLab GraphQL")
	case resp.StatusCode == 422:
		return nil, errTooLarge
	}
	if !isJSON {
		return nil, fmt.Errorf("%w: %s answers HTTP %d (%s) at /api/graphql; check --gitlab-url", errNotGitLab, s.base, resp.StatusCode, contentType(resp))
	}
	if resp.StatusCode == 404 {
		return nil, errNoGraphQL
	}
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors gqlErrors       `json:"errors"`
	}
	if err := json.Unmarshal(raw.Bytes(), &out); err != nil {
		return nil, fmt.Errorf("GitLab GraphQL: decoding the response: %w", err)
	}
	if resp.StatusCode != 200 {
		if len(out.Errors) > 0 {
			return nil, fmt.Errorf("GitLab GraphQL: HTTP %d: %w", resp.StatusCode, out.Errors)
		}
		return nil, fmt.Errorf("GitLab GraphQL: HTTP %d", resp.StatusCode)
	}
	if len(out.Data) == 0 || string(out.Data) == "null" {
		if len(out.Errors) > 0 {
			return nil, out.Errors
		}
		return nil, fmt.Errorf("GitLab GraphQL: empty response")
	}
	var qc struct {
		QueryComplexity *struct {
			Score int `json:"score"`
			Limit int `json:"limit"`
		} `json:"queryComplexity"`
	}
	if json.Unmarshal(out.Data, &qc) == nil && qc.QueryComplexity != nil {
		s.Stats.Points.Add(int64(qc.QueryComplexity.Score))
		if q := qc.QueryComplexity; q.Limit > 0 && q.Score*10 > q.Limit*9 {
			s.log.Debug("GitLab GraphQL query close to the complexity limit", "score", q.Score, "limit", q.Limit)
		}
	}
	s.Stats.GraphQL.Add(1)
	if err := json.Unmarshal(out.Data, data); err != nil {
		return nil, fmt.Errorf("GitLab GraphQL: decoding data: %w", err)
	}
	return out.Errors, nil
}

func contentType(resp *http.Response) string {
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		return "no content type"
	}
	ct, _, _ = strings.Cut(ct, ";")
	return ct
}
