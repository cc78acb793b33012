package forge

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
	"sync"
)

// BlobCache keeps blob contents by object id, bounded in bytes (oldest out first): the
// licence texts and codes of conduct that many repositories of one organization share
// are held once.
type BlobCache struct {
	mu    sync.Mutex
	max   int64
	size  int64
	m     map[string][]byte
	queue []string
}

// NewBlobCache holds at most max bytes.
func NewBlobCache(max int64) *BlobCache { return &BlobCache{max: max, m: map[string][]byte{}} }

// Has reports whether oid is held.
func (c *BlobCache) Has(oid string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.m[oid]
	return ok
}

// Get returns the content of oid (not a copy: callers must not modify it).
func (c *BlobCache) Get(oid string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[oid]
	return b, ok
}

// Put keeps b as oid's content, evicting the oldest entries past the bound.
func (c *BlobCache) Put(oid string, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[oid]; ok || int64(len(b)) > c.max {
		return
	}
	c.m[oid] = b
	c.size += int64(len(b))
	c.queue = append(c.queue, oid)
	for c.size > c.max && len(c.queue) > 0 {
		old := c.queue[0]
		c.queue = c.queue[1:]
		c.size -= int64(len(c.m[old]))
		delete(c.m, old)
	}
}

// CheckBlob verifies content against its tree entry: the size (when known, >= 0) and
// git's object id of the blob (SHA-1, or SHA-256 for 64-digit ids).
func CheckBlob(oid string, size int64, b []byte) error {
	if size >= 0 && int64(len(b)) != size {
		return fmt.Errorf("blob %s: got %d bytes, the tree says %d", oid, len(b), size)
	}
	var h hash.Hash
	switch len(oid) {
	case 40:
		h = sha1.New()
	case 64:
		h = sha256.New()
	default:
		return nil // not a git object id we can check (some fakes and proxies)
	}
	fmt.Fprintf(h, "blob %d\x00", len(b))
	h.Write(b)
	if got := hex.EncodeToString(h.Sum(nil)); !strings.EqualFold(got, oid) {
		return fmt.Errorf("blob %s: content hashes to %s", oid, got)
	}
	return nil
}
