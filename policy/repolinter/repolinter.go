// Package repolinter converts repolinter (TODO Group) rulesets into repogov policies:
// `repogov policy import-repolinter`.
package repolinter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"

	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/internal/ynode"
)

type kv struct {
	key string
	v   *yaml.Node
}

// ImportNote says what happened to one repolinter rule (or to the ruleset as a whole).
type ImportNote struct {
	Rule      string // the repolinter rule name; "" for the ruleset
	Level     string // with Split: the ruleset of the chain the note is about
	Converted bool   // true: converted, but something was dropped
	Reason    string
}

func (n ImportNote) String() string {
	what := "ruleset"
	if n.Rule != "" {
		what = "rule " + n.Rule
	}
	if n.Level != "" {
		what = n.Level + ": " + what
	}
	if n.Converted {
		return what + ": converted in part: " + n.Reason
	}
	return what + ": not converted: " + n.Reason
}

func strList(n *yaml.Node) []string {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	var out []string
	for _, x := range n.Content {
		if x.Kind == yaml.ScalarNode {
			out = append(out, x.Value)
		}
	}
	return out
}

func valueOr(n *yaml.Node, def string) string {
	if n == nil {
		return def
	}
	return n.Value
}

// jsRegexp turns a JavaScript pattern and flags into an RE2 pattern.
func jsRegexp(pat, flags string) (string, error) {
	prefix := ""
	for _, f := range flags {
		switch f {
		case 'i', 'm', 's':
			prefix += string(f)
		case 'g', 'u', 'd':
			// global, unicode, indices: no effect on whether a file matches
		default:
			return "", fmt.Errorf("regular expression flag %q has no RE2 equivalent", f)
		}
	}
	if prefix != "" {
		pat = "(?" + prefix + ")" + pat
	}
	if _, err := regexp.Compile(pat); err != nil {
		return "", fmt.Errorf("pattern %q is not valid RE2 (Go) syntax: %v", pat, err)
	}
	return pat, nil
}

// decodeAny reads JSON (keeping key order) or YAML into a node.
func decodeAny(data []byte) (*yaml.Node, error) {
	if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(t))
		dec.UseNumber()
		n, err := jsonNode(dec)
		if err != nil {
			return nil, fmt.Errorf("invalid JSON: %w", err)
		}
		if _, err := dec.Token(); err != io.EOF {
			return nil, fmt.Errorf("invalid JSON: data after the top-level object")
		}
		return n, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("empty ruleset")
	}
	return doc.Content[0], nil
}

func jsonNode(dec *json.Decoder) (*yaml.Node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	return jsonValue(dec, tok, 0)
}

func jsonValue(dec *json.Decoder, tok json.Token, depth int) (*yaml.Node, error) {
	if depth > 100 {
		return nil, fmt.Errorf("nested too deeply")
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			m := ynode.Map()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				vt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := jsonValue(dec, vt, depth+1)
				if err != nil {
					return nil, err
				}
				m.Content = append(m.Content, ynode.Str(k), v)
			}
			_, err := dec.Token() // }
			return m, err
		case '[':
			s := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			for dec.More() {
				vt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := jsonValue(dec, vt, depth+1)
				if err != nil {
					return nil, err
				}
				s.Content = append(s.Content, v)
			}
			_, err := dec.Token() // ]
			return s, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case string:
		return ynode.Str(t), nil
	case json.Number:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: t.String()}, nil
	case bool:
		return ynode.Bool(t), nil
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}
