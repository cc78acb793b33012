// Package filecache is a scanner.Cache on disk (of report.Result): one small JSON file per result set,
// keyed by the engine's key (repository, HEAD commit id, policy digest, repogov version),
// written atomically, versioned, and bounded in entries (least recently used out).
package filecache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/repogov/repogov/report"
)

// format is the on-disk version; a change makes old entries invisible (and prunable).
const format = 1

// DefaultMaxEntries bounds the cache.
const DefaultMaxEntries = 50000

// Cache stores results under dir.
type Cache struct {
	dir        string
	maxEntries int
	mu         sync.Mutex
	puts       int
}

type entry struct {
	Format  int             `json:"format"`
	Key     string          `json:"key"`
	Results []report.Result `json:"results"`
}

// Open creates (if needed) and opens a cache in dir.
func Open(dir string, maxEntries int) (*Cache, error) {
	if maxEntries <= 0 {
		maxEntries = DefaultMaxEntries
	}
	d := filepath.Join(dir, fmt.Sprintf("results-v%d", format))
	if err := os.MkdirAll(d, 0o755); err != nil {
		return nil, fmt.Errorf("--cache: %w", err)
	}
	c := &Cache{dir: d, maxEntries: maxEntries}
	c.prune()
	return c, nil
}

func (c *Cache) path(key string) string {
	h := sha256.Sum256([]byte(key))
	s := hex.EncodeToString(h[:])
	return filepath.Join(c.dir, s[:2], s+".json")
}

// Get returns the results stored under key.
func (c *Cache) Get(key string) ([]report.Result, bool) {
	p := c.path(key)
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	var e entry
	if json.Unmarshal(b, &e) != nil || e.Format != format || e.Key != key {
		return nil, false
	}
	now := time.Now()
	_ = os.Chtimes(p, now, now) // recently used: pruned last
	return e.Results, true
}

// Put stores results under key. Failures are ignored: a cache never breaks a scan.
func (c *Cache) Put(key string, results []report.Result) {
	b, err := json.Marshal(entry{Format: format, Key: key, Results: results})
	if err != nil {
		return
	}
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), p) != nil {
		os.Remove(tmp.Name())
		return
	}
	c.mu.Lock()
	c.puts++
	n := c.puts
	c.mu.Unlock()
	if n%1000 == 0 {
		c.prune()
	}
}

// prune removes the least recently used entries beyond the bound (down to 90 % of it).
func (c *Cache) prune() {
	type f struct {
		path string
		mod  time.Time
	}
	var fs []f
	_ = filepath.WalkDir(c.dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			fs = append(fs, f{p, info.ModTime()})
		}
		return nil
	})
	if len(fs) <= c.maxEntries {
		return
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].mod.Before(fs[j].mod) })
	for _, x := range fs[:len(fs)-c.maxEntries*9/10] {
		os.Remove(x.path)
	}
}
