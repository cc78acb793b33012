// Package ynode builds and reads yaml.v3 nodes: the policy renders files (policy show,
// repolinter import) as nodes so key order and comments are kept.
package ynode

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// Map is an empty mapping.
func Map() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }

// Seq is an empty flow sequence ([a, b]).
func Seq() *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
}

// BlockSeq is an empty block sequence (- a).
func BlockSeq() *yaml.Node { return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"} }

// Str is a string scalar.
func Str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// Bool is a boolean scalar.
func Bool(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

// Int is an integer scalar.
func Int[I int | int64](i I) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(int64(i), 10)}
}

// Date is a timestamp scalar: a date when t is midnight UTC, else RFC 3339.
func Date(t time.Time) *yaml.Node {
	v := t.Format(time.RFC3339)
	if t.Equal(t.Truncate(24 * time.Hour)) {
		v = t.Format(time.DateOnly)
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: v}
}

// StrSeq is a flow sequence of strings.
func StrSeq(ss []string) *yaml.Node {
	n := Seq()
	for _, s := range ss {
		n.Content = append(n.Content, Str(s))
	}
	return n
}

// Add appends key: v to the mapping m.
func Add(m *yaml.Node, key string, v *yaml.Node) { m.Content = append(m.Content, Str(key), v) }

// Any renders an option value decoded by the policy.
func Any(v any) *yaml.Node {
	switch v := v.(type) {
	case int:
		return Int(v)
	case int64:
		return Int(v)
	case bool:
		return Bool(v)
	case string:
		return Str(v)
	case []string:
		return StrSeq(v)
	}
	return Str(fmt.Sprint(v))
}

// Field returns the value of key in the mapping m, or nil.
func Field(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// Encode renders n as YAML with two-space indentation.
func Encode(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
