package github

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The GraphQL documents. Every one validates against GitHub's published schema (tested
// by the fake server, which refuses anything else).
const entriesFragment = `fragment Entries on Tree { entries { name type mode oid size } }`

// treeFields asks for the root and for each of the source's trees (t0, t1, … in the
// order of Source.trees): the directories the enabled rules read.
func (s *Source) treeFields(indent string) string {
	var b strings.Builder
	b.WriteString(indent + `root: object(expression: "HEAD:") { ...Entries }`)
	for i, d := range s.trees {
		fmt.Fprintf(&b, "\n%st%d: object(expression: %s) { ...Entries }", indent, i, strconv.Quote("HEAD:"+d))
	}
	return b.String()
}

func (s *Source) repoFields() string {
	return `
fragment RepoFields on Repository {
  databaseId name nameWithOwner url description homepageUrl
  isArchived isDisabled isEmpty isFork isPrivate isTemplate visibility pushedAt
  defaultBranchRef { name target { oid } }
  licenseInfo { key spdxId pseudoLicense }
  repositoryTopics(first: 20) { nodes { topic { name } } }
` + s.treeFields("  ") + `
}`
}

func (s *Source) orgDefaultsField() string {
	return `
    orgDefaults: repository(name: ".github") {
      visibility isEmpty defaultBranchRef { name target { oid } }
` + s.treeFields("      ") + `
    }`
}

func (s *Source) listingQuery(first bool) string {
	od := ""
	if first {
		od = s.orgDefaultsField()
	}
	return `query Listing($owner: String!, $after: String, $first: Int!) {
  rateLimit { cost remaining resetAt }
  owner: repositoryOwner(login: $owner) {
    login` + od + `
    repositories(first: $first, after: $after, ownerAffiliations: [OWNER], orderBy: {field: NAME, direction: ASC}) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...RepoFields }
    }
  }
}
` + s.repoFields() + "\n" + entriesFragment
}

func (s *Source) singleRepoQuery() string {
	return `query Repo($owner: String!, $name: String!) {
  rateLimit { cost remaining resetAt }
  owner: repositoryOwner(login: $owner) {
    login` + s.orgDefaultsField() + `
  }
  repository(owner: $owner, name: $name) { ...RepoFields }
}
` + s.repoFields() + "\n" + entriesFragment
}

type treeEntry struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Mode int    `json:"mode"`
	OID  string `json:"oid"`
	Size int64  `json:"size"`
}

type treeObj struct {
	Entries []treeEntry `json:"entries"`
}

type refNode struct {
	Name   string `json:"name"`
	Target struct {
		OID string `json:"oid"`
	} `json:"target"`
}

type repoNode struct {
	DatabaseID       int64      `json:"databaseId"`
	Name             string     `json:"name"`
	NameWithOwner    string     `json:"nameWithOwner"`
	URL              string     `json:"url"`
	Description      string     `json:"description"`
	HomepageURL      string     `json:"homepageUrl"`
	IsArchived       bool       `json:"isArchived"`
	IsDisabled       bool       `json:"isDisabled"`
	IsEmpty          bool       `json:"isEmpty"`
	IsFork           bool       `json:"isFork"`
	IsPrivate        bool       `json:"isPrivate"`
	IsTemplate       bool       `json:"isTemplate"`
	Visibility       string     `json:"visibility"`
	PushedAt         *time.Time `json:"pushedAt"`
	DefaultBranchRef *refNode   `json:"defaultBranchRef"`
	LicenseInfo      *struct {
		Key           string `json:"key"`
		SpdxID        string `json:"spdxId"`
		PseudoLicense bool   `json:"pseudoLicense"`
	} `json:"licenseInfo"`
	RepositoryTopics struct {
		Nodes []struct {
			Topic struct {
				Name string `json:"name"`
			} `json:"topic"`
		} `json:"nodes"`
	} `json:"repositoryTopics"`
	Root *treeObj `json:"root"`
	// Trees are the listed directories by alias ("t0", …, see treeFields).
	Trees map[string]*treeObj `json:"-"`
}

func (n *repoNode) UnmarshalJSON(b []byte) error {
	type plain repoNode
	if err := json.Unmarshal(b, (*plain)(n)); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	for k, v := range all {
		if _, err := strconv.Atoi(strings.TrimPrefix(k, "t")); err != nil || !strings.HasPrefix(k, "t") {
			continue
		}
		var t *treeObj
		if err := json.Unmarshal(v, &t); err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		if t != nil {
			if n.Trees == nil {
				n.Trees = map[string]*treeObj{}
			}
			n.Trees[k] = t
		}
	}
	return nil
}

type ownerNode struct {
	Login        string    `json:"login"`
	OrgDefaults  *repoNode `json:"orgDefaults"`
	Repositories struct {
		TotalCount int `json:"totalCount"`
		PageInfo   struct {
			HasNextPage bool   `json:"hasNextPage"`
			EndCursor   string `json:"endCursor"`
		} `json:"pageInfo"`
		Nodes []*repoNode `json:"nodes"`
	} `json:"repositories"`
}

type rateLimitNode struct {
	Cost      int       `json:"cost"`
	Remaining int       `json:"remaining"`
	ResetAt   time.Time `json:"resetAt"`
}

type gqlError struct {
	Type    string `json:"type"`
	Path    []any  `json:"path"`
	Message string `json:"message"`
}

func (e gqlError) alias() string {
	if len(e.Path) > 0 {
		if s, ok := e.Path[0].(string); ok {
			return s
		}
	}
	return ""
}

// gqlErrors is a failed GraphQL request.
type gqlErrors []gqlError

func (es gqlErrors) Error() string {
	var msgs []string
	for _, e := range es {
		m := e.Message
		if e.Type != "" {
			m = e.Type + ": " + m
		}
		msgs = append(msgs, m)
	}
	return "GitHub GraphQL: " + strings.Join(msgs, "; ")
}

// graphql sends one query. It returns the errors that came with data (per alias), and
// an error when there is no data at all or the request failed.
func (c *client) graphql(ctx context.Context, query string, vars map[string]any, data any) (gqlErrors, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.gqlURL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, unwrapURLError(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == 401 || resp.StatusCode == 403 {
		return nil, authError(resp, "GitHub GraphQL")
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("GitHub GraphQL: HTTP %d", resp.StatusCode)
	}
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors gqlErrors       `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("GitHub GraphQL: decoding the response: %w", err)
	}
	if len(out.Data) == 0 || string(out.Data) == "null" {
		if len(out.Errors) > 0 {
			return nil, out.Errors
		}
		return nil, fmt.Errorf("GitHub GraphQL: empty response")
	}
	var rl struct {
		RateLimit *rateLimitNode `json:"rateLimit"`
	}
	if json.Unmarshal(out.Data, &rl) == nil && rl.RateLimit != nil {
		c.stats.Points.Add(int64(rl.RateLimit.Cost))
	}
	c.stats.GraphQL.Add(1)
	if err := json.Unmarshal(out.Data, data); err != nil {
		return nil, fmt.Errorf("GitHub GraphQL: decoding data: %w", err)
	}
	return out.Errors, nil
}
