package github

import (
	"strings"

	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner"
)

// WrapCache extends every result key with the HEAD commit of the owner's .github
// repository, so a change to the organization defaults invalidates the cached results
// of every repository that may inherit from them. Keys of other sources pass through.
func (s *Source) WrapCache(c scanner.Cache) scanner.Cache { return orgKeyedCache{s, c} }

type orgKeyedCache struct {
	s *Source
	c scanner.Cache
}

func (w orgKeyedCache) key(k string) string {
	parts := strings.SplitN(k, "/", 3)
	if len(parts) < 3 || parts[0] != strings.ToLower(w.s.host) {
		return k
	}
	w.s.mu.Lock()
	org := w.s.orgs[parts[1]]
	w.s.mu.Unlock()
	head := "none"
	if org != nil && org.defaults != nil {
		head = org.defaults.meta.HeadOID
	}
	return k + "|defaults@" + head
}

func (w orgKeyedCache) Get(k string) ([]rules.Result, bool) { return w.c.Get(w.key(k)) }
func (w orgKeyedCache) Put(k string, r []rules.Result)      { w.c.Put(w.key(k), r) }
