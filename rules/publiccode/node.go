package publiccode

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

func jsonQuote(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

// field is one value in the document: a mapping entry or a sequence item.
type field struct {
	path string
	at   pos        // key token of a mapping entry, first token of a sequence item
	key  string     // the mapping key ("" for items)
	item bool       // a sequence item: null is a type error, not absence
	val  *yaml.Node // aliases resolved; nil when the value is null (absent)
}

// obj is a mapping checked against its allowed keys.
type obj struct {
	path  string
	at    pos      // where "missing key" problems point
	order []*field // in document order; mappings are small, so lookups scan it
}

func (o *obj) get(k string) *field {
	if o == nil {
		return nil
	}
	for _, f := range o.order {
		if f.key == k {
			return f
		}
	}
	return nil
}

// has reports whether k is present with a non-null value.
func (o *obj) has(k string) bool { f := o.get(k); return f != nil && f.val != nil }

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

func newField(path string, at pos, key string, n *yaml.Node) *field {
	n = deref(n)
	if isNull(n) {
		n = nil
	}
	return &field{path: path, at: at, key: key, val: n}
}

// mapping checks that f is a mapping whose keys are strings, unique (F8) and in allowed
// (F9; nil allows any key). Unknown and duplicate keys are reported and dropped.
func (v *validator) mapping(f *field, allowed map[string]bool) *obj {
	if f == nil || f.val == nil {
		return nil
	}
	if f.val.Kind != yaml.MappingNode {
		v.errorf(f.path, "type", f.at, "expected a mapping, got %s", kindName(f.val))
		return nil
	}
	return v.mappingNode(f.path, f.at, f.val, allowed)
}

// pairs lists the entries of a mapping as alternating keys and values, with YAML merge
// keys ("<<: *base") expanded the way yaml.v3 decodes them for the reference: explicit
// keys win, earlier merges win. Without merge keys it is n.Content itself.
func pairs(n *yaml.Node, depth int) []*yaml.Node {
	hasMerge := false
	for i := 0; i < len(n.Content); i += 2 {
		if kd := deref(n.Content[i]); kd != nil && kd.Kind == yaml.ScalarNode && kd.ShortTag() == "!!merge" {
			hasMerge = true
			break
		}
	}
	if !hasMerge || depth >= maxDepth {
		return n.Content
	}
	var explicit, merged []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kd := deref(kn); kd != nil && kd.Kind == yaml.ScalarNode && kd.ShortTag() == "!!merge" {
			src := deref(vn)
			var srcs []*yaml.Node
			switch {
			case src == nil:
			case src.Kind == yaml.MappingNode:
				srcs = []*yaml.Node{src}
			case src.Kind == yaml.SequenceNode:
				for _, s := range src.Content {
					if s = deref(s); s != nil && s.Kind == yaml.MappingNode {
						srcs = append(srcs, s)
					}
				}
			}
			if len(srcs) > 0 {
				for _, s := range srcs {
					merged = append(merged, pairs(s, depth+1)...)
				}
				continue
			}
		}
		explicit = append(explicit, kn, vn)
	}
	seen := map[string]bool{}
	for i := 0; i < len(explicit); i += 2 {
		if kd := deref(explicit[i]); kd != nil {
			seen[kd.Value] = true
		}
	}
	for i := 0; i+1 < len(merged); i += 2 {
		kd := deref(merged[i])
		if kd == nil || seen[kd.Value] {
			continue
		}
		seen[kd.Value] = true
		explicit = append(explicit, merged[i], merged[i+1])
	}
	return explicit
}

func (v *validator) mappingNode(path string, at pos, n *yaml.Node, allowed map[string]bool) *obj {
	kvs := pairs(n, 0)
	o := &obj{path: path, at: at, order: make([]*field, 0, len(kvs)/2)}
	// Duplicate detection needs a set only for large mappings; small ones scan.
	var seen map[string]*field
	if len(kvs) > 64 {
		seen = make(map[string]*field, len(kvs)/2)
	}
	for i := 0; i+1 < len(kvs); i += 2 {
		kn, vn := kvs[i], kvs[i+1]
		kd := deref(kn)
		if kd == nil || kd.Kind != yaml.ScalarNode {
			v.errorf(path, "type", posOf(kn), "keys must be strings, got %s", kindName(kn))
			continue
		}
		k := kd.Value
		kp := join(path, k)
		if allowed != nil && !allowed[k] {
			v.errorf(kp, "unknown-key", posOf(kn), "unknown key %s (keys are case-sensitive)%s", quote(k), suggest(k, allowed))
			continue
		}
		prev := o.get(k)
		if seen != nil {
			prev = seen[k]
		}
		if prev != nil {
			v.errorf(kp, "yaml", posOf(kn), "duplicate key %s (first at line %d)", quote(k), prev.at.line)
			continue
		}
		fd := newField(kp, posOf(kn), k, vn)
		if seen != nil {
			seen[k] = fd
		}
		o.order = append(o.order, fd)
	}
	return o
}

// suggest proposes the allowed key that differs from k only by case.
func suggest(k string, allowed map[string]bool) string {
	var c []string
	for a := range allowed {
		if strings.EqualFold(a, k) {
			c = append(c, strconv.Quote(a))
		}
	}
	if len(c) == 0 {
		return ""
	}
	sort.Strings(c)
	return "; did you mean " + strings.Join(c, " or ") + "?"
}

// items checks that f is a sequence and returns its items.
func (v *validator) items(f *field) []*field {
	if f == nil || f.val == nil {
		return nil
	}
	if f.val.Kind != yaml.SequenceNode {
		v.errorf(f.path, "type", f.at, "expected a sequence, got %s", kindName(f.val))
		return nil
	}
	out := make([]*field, 0, len(f.val.Content))
	for i, n := range f.val.Content {
		it := newField(index(f.path, i), posOf(n), "", n)
		it.item = true
		out = append(out, it)
	}
	return out
}

// str returns f's value as a string. Numbers and booleans are accepted as text, as the
// reference does, with a warning (§4); collections are type errors.
func (v *validator) str(f *field) (string, bool) {
	if f != nil && f.val == nil && f.item {
		v.errorf(f.path, "type", f.at, "expected a string, got null")
		return "", false
	}
	if f == nil || f.val == nil {
		return "", false
	}
	if f.val.Kind != yaml.ScalarNode {
		v.errorf(f.path, "type", f.at, "expected a string, got %s", kindName(f.val))
		return "", false
	}
	switch f.val.ShortTag() {
	case "!!int", "!!float", "!!bool":
		v.warnf(f.path, "style", f.at, "%s is read as %s; quote it to keep it as text, e.g. \"%s\"", f.val.Value, kindName(f.val), f.val.Value)
	}
	return f.val.Value, true
}

// required reports a missing required key of o.
func (v *validator) required(o *obj, k string) *field {
	f := o.get(k)
	if f == nil {
		v.errorf(join(o.path, k), "required", o.at, "required key is missing")
		return nil
	}
	if f.val == nil {
		v.errorf(f.path, "required", f.at, "required key has no value")
		return nil
	}
	return f
}

// requiredStr: a present, non-empty string (§4).
func (v *validator) requiredStr(o *obj, k string) (*field, string, bool) {
	f := v.required(o, k)
	if f == nil {
		return nil, "", false
	}
	s, ok := v.str(f)
	if !ok {
		return f, "", false
	}
	if s == "" {
		v.errorf(f.path, "required", f.at, "must not be empty")
		return f, "", false
	}
	if strings.TrimSpace(s) == "" {
		v.warnf(f.path, "empty", f.at, "holds only whitespace")
	}
	return f, s, true
}

// optStr: an optional string; present-and-valid reports ok.
func (v *validator) optStr(o *obj, k string) (*field, string, bool) {
	f := o.get(k)
	s, ok := v.str(f)
	return f, s, ok
}

// boolean requires a YAML 1.2 boolean (F10).
func (v *validator) boolean(f *field) {
	if f == nil || f.val == nil {
		return
	}
	if f.val.Kind != yaml.ScalarNode {
		v.errorf(f.path, "type", f.at, "expected a boolean, got %s", kindName(f.val))
		return
	}
	if f.val.ShortTag() == "!!bool" {
		switch f.val.Value {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return
		}
	}
	switch strings.ToLower(f.val.Value) {
	case "yes", "no", "on", "off", "y", "n":
		v.errorf(f.path, "type", f.at, "expected a boolean, got the string %s (a YAML 1.1 boolean; use true or false)", quote(f.val.Value))
		return
	}
	v.errorf(f.path, "type", f.at, "expected a boolean (true or false), got %s %s", kindName(f.val), quote(f.val.Value))
}

func set(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}
