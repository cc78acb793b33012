package repolinter

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/internal/redact"
	"github.com/repogov/repogov/internal/ynode"
)

// Defaults of Options.
const (
	DefaultTimeout = 30 * time.Second
	DefaultMaxSize = 1 << 20 // a ruleset is a few kilobytes; the cap bounds memory
	maxDepth       = 20      // repolinter's own limit of extends
)

// Options says how extends are followed.
type Options struct {
	// Resolve maps locations to local files for offline use: an exact URL to a file, or
	// a URL prefix ending in "/" to a directory (the rest of the URL is a path inside
	// it). They are consulted before any download.
	Resolve []Mapping
	// Token is sent (as a bearer token) to GitHub hosts only: github.com,
	// *.githubusercontent.com, api.github.com and GitHubHosts.
	Token       string
	GitHubHosts []string
	Client      *http.Client  // default: http.DefaultTransport
	Timeout     time.Duration // per download (default DefaultTimeout)
	MaxSize     int64         // per ruleset (default DefaultMaxSize)
	// Offline refuses downloads: every URL must be resolved by a mapping.
	Offline bool
	// Split converts each level of the chain into its own policy (Result.Files) whose
	// extends mirror the chain; otherwise one flattened policy.
	Split bool
}

// Mapping is one --resolve URL=FILE.
type Mapping struct{ URL, Path string }

// ParseMapping parses "URL=FILE" (or "URL/=DIR/").
func ParseMapping(s string) (Mapping, error) {
	u, p, ok := strings.Cut(s, "=")
	if !ok || u == "" || p == "" {
		return Mapping{}, fmt.Errorf("--resolve %q: want URL=FILE, or URL/=DIR for a directory", redact.String(s))
	}
	if _, err := url.Parse(u); err != nil || !isURL(u) {
		return Mapping{}, fmt.Errorf("--resolve %q: %s is not an absolute URL", redact.String(s), redact.URL(u))
	}
	return Mapping{URL: u, Path: p}, nil
}

// level is one ruleset of an extends chain.
type level struct {
	location string     // as given or resolved: a path, a URL, or "base64"
	display  string     // for messages and file names (credentials masked)
	raw      *yaml.Node // the ruleset as written
	merged   *yaml.Node // the ruleset with everything it extends merged in (repolinter's view)
}

func isURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && u.Host != ""
}

// isBase64 is repolinter's test for an inline base64 ruleset in extends.
func isBase64(s string) bool {
	if len(s) < 8 || len(s)%4 != 0 || strings.ContainsAny(s, " \n/.:") && !strings.HasSuffix(s, "=") {
		return false
	}
	b, err := base64.StdEncoding.DecodeString(s)
	return err == nil && len(b) > 0 && (b[0] == '{' || strings.Contains(string(b), "version"))
}

type loader struct {
	opts Options
}

// chain loads location and everything it extends, bases first, merging as repolinter
// does (lodash.merge of the base and the extending ruleset).
func (l *loader) chain(ctx context.Context, location string, data []byte) ([]*level, error) {
	var out []*level
	seen := []string{}
	cur := location
	for depth := 0; ; depth++ {
		if depth > maxDepth {
			return nil, fmt.Errorf("extends: more than %d levels (repolinter's limit)", maxDepth)
		}
		key := cur
		if !isURL(cur) && cur != "base64" {
			if abs, err := filepath.Abs(cur); err == nil {
				key = abs
			}
		}
		if slices.Contains(seen, key) && cur != "base64" {
			chain := append(slices.Clone(seen), key)
			for i := range chain {
				chain[i] = redact.URL(chain[i])
			}
			return nil, fmt.Errorf("extends: cycle: %s", strings.Join(chain, " → "))
		}
		seen = append(seen, key)
		if data == nil {
			var err error
			if data, err = l.fetch(ctx, cur); err != nil {
				return nil, err
			}
		}
		root, err := decodeAny(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", redact.URL(cur), err)
		}
		if root.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%s: not a repolinter ruleset (want an object)", redact.URL(cur))
		}
		lv := &level{location: cur, display: redact.URL(cur), raw: root}
		out = append(out, lv)
		ext := ynode.Field(root, "extends")
		if ext == nil || ext.Kind == yaml.ScalarNode && ext.Tag == "!!null" {
			break
		}
		if ext.Kind != yaml.ScalarNode || ext.Value == "" {
			return nil, fmt.Errorf("%s: extends: want a path or URL", lv.display)
		}
		data = nil
		switch {
		case isURL(ext.Value):
			cur = ext.Value
		case isBase64(ext.Value):
			b, _ := base64.StdEncoding.DecodeString(ext.Value)
			data, cur = b, "base64"
		case isURL(cur):
			base, _ := url.Parse(cur)
			ref, err := url.Parse(ext.Value)
			if err != nil {
				return nil, fmt.Errorf("%s: extends %q: %w", lv.display, ext.Value, err)
			}
			cur = base.ResolveReference(ref).String()
		case cur == "base64":
			return nil, fmt.Errorf("an inline base64 ruleset extends %q: a relative location has no base", ext.Value)
		default:
			cur = filepath.Join(filepath.Dir(cur), filepath.FromSlash(ext.Value))
		}
	}
	slices.Reverse(out)
	var merged *yaml.Node
	for _, lv := range out {
		if merged == nil {
			lv.merged = lodashMerge(nil, lv.raw)
		} else {
			lv.merged = lodashMerge(merged, lv.raw)
		}
		merged = lv.merged
	}
	return out, nil
}

// fetch reads a location: a mapped URL, a URL (https, capped, with a timeout), or a file.
func (l *loader) fetch(ctx context.Context, loc string) ([]byte, error) {
	max := l.opts.MaxSize
	if max <= 0 {
		max = DefaultMaxSize
	}
	if !isURL(loc) {
		return readCapped(loc, max)
	}
	for _, m := range l.opts.Resolve {
		if m.URL == loc {
			return readCapped(m.Path, max)
		}
		if strings.HasSuffix(m.URL, "/") && strings.HasPrefix(loc, m.URL) {
			rest := strings.TrimPrefix(loc, m.URL)
			if i := strings.IndexAny(rest, "?#"); i >= 0 {
				rest = rest[:i]
			}
			clean := path.Clean("/" + rest)[1:]
			if clean == "" || clean != rest {
				return nil, fmt.Errorf("%s: the path after %s leaves the mapped directory", redact.URL(loc), redact.URL(m.URL))
			}
			return readCapped(filepath.Join(m.Path, filepath.FromSlash(clean)), max)
		}
	}
	if l.opts.Offline {
		return nil, fmt.Errorf("%s: not mapped by --resolve, and downloads are off", redact.URL(loc))
	}
	u, _ := url.Parse(loc)
	if u.Scheme != "https" {
		return nil, fmt.Errorf("%s: only https URLs are fetched (map it with --resolve URL=FILE)", redact.URL(loc))
	}
	timeout := l.opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, loc, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", redact.URL(loc), err)
	}
	if u.User != nil {
		req.URL.User = nil // credentials in the URL are not sent on, nor printed
	}
	if l.opts.Token != "" && l.githubHost(u.Hostname()) {
		req.Header.Set("Authorization", "Bearer "+l.opts.Token)
	}
	client := l.client()
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %s", redact.URL(loc), redact.String(errors.Unwrap(err).Error()))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetching %s: %s", redact.URL(loc), resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", redact.URL(loc), err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("fetching %s: larger than %d bytes", redact.URL(loc), max)
	}
	return b, nil
}

func (l *loader) githubHost(h string) bool {
	h = strings.ToLower(h)
	return h == "github.com" || h == "api.github.com" || strings.HasSuffix(h, ".githubusercontent.com") ||
		slices.ContainsFunc(l.opts.GitHubHosts, func(x string) bool { return strings.EqualFold(x, h) })
}

// client follows https redirects only, and keeps the token on GitHub hosts only.
func (l *loader) client() *http.Client {
	c := &http.Client{Transport: http.DefaultTransport}
	if l.opts.Client != nil {
		*c = *l.opts.Client
	}
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("too many redirects")
		}
		if req.URL.Scheme != "https" {
			return fmt.Errorf("redirect to a non-https URL %s", redact.URL(req.URL.String()))
		}
		if !l.githubHost(req.URL.Hostname()) {
			req.Header.Del("Authorization")
		}
		return nil
	}
	return c
}

func readCapped(p string, max int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: is a directory", p)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: larger than %d bytes", p, max)
	}
	return b, nil
}

// lodashMerge returns a new node: base with over merged in as lodash.merge does — mappings
// key by key (recursively), sequences index by index (recursively), anything else
// replaced by over. Neither input is changed.
func lodashMerge(base, over *yaml.Node) *yaml.Node {
	if base == nil {
		return clone(over)
	}
	switch {
	case over.Kind == yaml.MappingNode && base.Kind == yaml.MappingNode:
		out := clone(base)
		for i := 0; i+1 < len(over.Content); i += 2 {
			k, v := over.Content[i], over.Content[i+1]
			found := false
			for j := 0; j+1 < len(out.Content); j += 2 {
				if out.Content[j].Value == k.Value {
					out.Content[j+1] = lodashMerge(out.Content[j+1], v)
					found = true
					break
				}
			}
			if !found {
				out.Content = append(out.Content, clone(k), clone(v))
			}
		}
		return out
	case over.Kind == yaml.SequenceNode && base.Kind == yaml.SequenceNode:
		out := clone(base)
		for i, v := range over.Content {
			if i < len(out.Content) {
				out.Content[i] = lodashMerge(out.Content[i], v)
			} else {
				out.Content = append(out.Content, clone(v))
			}
		}
		return out
	}
	return clone(over)
}

func clone(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		c.Content[i] = clone(x)
	}
	return &c
}

// IsRuleset reports whether the file at p looks like a repolinter ruleset (a mapping
// with "version": 2 and "rules") rather than a repogov policy (version 1).
func IsRuleset(p string) bool {
	b, err := readCapped(p, DefaultMaxSize)
	if err != nil {
		return false
	}
	root, err := decodeAny(b)
	if err != nil || root.Kind != yaml.MappingNode {
		return false
	}
	v := ynode.Field(root, "version")
	return v != nil && v.Value == "2" && ynode.Field(root, "rules") != nil
}
