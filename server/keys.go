package server

import (
	"container/list"
	"fmt"
	"strings"
	"sync"

	"github.com/repogov/repogov/report"
)

// encodeKey turns a repository key ("github.com/acme/alpha", "local/../odd name") into a
// URL path that is also a safe relative file path for the static export: every byte
// outside [A-Za-z0-9_.-] becomes ~XX, as does a leading dot (so no segment is "." or
// ".." and no file is hidden), and an empty segment becomes "~".
func encodeKey(key string) string {
	segs := strings.Split(key, "/")
	for i, seg := range segs {
		if seg == "" {
			segs[i] = "~"
			continue
		}
		var b strings.Builder
		for j := 0; j < len(seg); j++ {
			c := seg[j]
			ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || (c == '.' && j > 0)
			if ok {
				b.WriteByte(c)
			} else {
				fmt.Fprintf(&b, "~%02x", c)
			}
		}
		segs[i] = b.String()
	}
	return strings.Join(segs, "/")
}

// decodeKey reverses encodeKey; ok is false for anything encodeKey cannot have produced.
func decodeKey(p string) (string, bool) {
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		if seg == "~" {
			segs[i] = ""
			continue
		}
		var b strings.Builder
		for j := 0; j < len(seg); j++ {
			c := seg[j]
			if c != '~' {
				b.WriteByte(c)
				continue
			}
			if j+2 >= len(seg) {
				return "", false
			}
			var v byte
			if _, err := fmt.Sscanf(seg[j+1:j+3], "%02x", &v); err != nil {
				return "", false
			}
			b.WriteByte(v)
			j += 2
		}
		segs[i] = b.String()
	}
	k := strings.Join(segs, "/")
	return k, encodeKey(k) == p
}

// CodeownersTeam is a repository's team from its CODEOWNERS default owner (the owners of
// the last "*" rule, which the codeowners rule records as the fact "default-owners").
func CodeownersTeam(r report.Repository) string {
	for _, res := range r.Results {
		if res.RuleID != "codeowners" {
			continue
		}
		switch v := res.Facts["default-owners"].(type) {
		case []string:
			if len(v) > 0 {
				return v[0]
			}
		case []any: // facts read back from JSON
			if len(v) > 0 {
				if s, ok := v[0].(string); ok && s != "" {
					return s
				}
			}
		}
	}
	return noTeam
}

// lru caches per-repository history and diffs between runs (both cost a store query).
type lru struct {
	mu  sync.Mutex
	max int
	ll  *list.List
	m   map[string]*list.Element
}

type lruEntry struct {
	key string
	val any
}

func newLRU(n int) *lru { return &lru{max: n, ll: list.New(), m: map[string]*list.Element{}} }

func (c *lru) get(k string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[k]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*lruEntry).val, true
	}
	return nil, false
}

func (c *lru) put(k string, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[k]; ok {
		e.Value.(*lruEntry).val = v
		c.ll.MoveToFront(e)
		return
	}
	c.m[k] = c.ll.PushFront(&lruEntry{k, v})
	if c.ll.Len() > c.max {
		e := c.ll.Back()
		c.ll.Remove(e)
		delete(c.m, e.Value.(*lruEntry).key)
	}
}

func (c *lru) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ll.Init()
	clear(c.m)
}
