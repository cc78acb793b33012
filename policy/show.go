package policy

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Show renders the effective policy as a self-contained policy file (extends: []): every
// built-in rule on or off, severities, options, custom rules, exemptions. Loading it
// again yields the same policy and the same digest.
func (p *Policy) Show() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Effective policy %q, assembled from: %s\n# digest: %s\n", p.name, strings.Join(p.sources, ", "), p.digest)
	b.Write(p.body(true))
	return b.Bytes()
}

// body renders the policy; the digest leaves the name out: it changes no result.
func (p *Policy) body(named bool) []byte {
	top := mapNode()
	add(top, "version", intNode(1))
	if named {
		add(top, "name", strNode(p.name))
	}
	add(top, "extends", seqNode())
	if len(p.selection) > 0 {
		sel := mapNode()
		for _, k := range SelectionKeys {
			if n, ok := p.selection[k]; ok {
				add(sel, k, clean(n))
			}
		}
		add(top, "selection", sel)
	}
	rs := mapNode()
	ruleNode := func(id string, defSev string) {
		eff := p.rules[id]
		if eff == nil || !eff.enabled {
			add(rs, id, boolNode(false))
			return
		}
		m := mapNode()
		sev := defSev
		if eff.severity != nil {
			sev = eff.severity.String()
		}
		add(m, "severity", strNode(sev))
		if eff.own != nil {
			add(m, "require-own", boolNode(*eff.own))
		}
		if len(eff.options) > 0 {
			o := mapNode()
			for _, k := range sortedKeys(eff.options) {
				o.Content = append(o.Content, strNode(k), anyNode(eff.options[k]))
			}
			add(m, "options", o)
		}
		add(rs, id, m)
	}
	for _, r := range p.builtin {
		ruleNode(r.ID, r.Severity.String())
	}
	for _, c := range p.custom {
		ruleNode(c.ID, c.Severity.String())
	}
	add(top, "rules", rs)
	if len(p.custom) > 0 {
		cs := blockSeq()
		for _, c := range p.custom {
			m := mapNode()
			add(m, "id", strNode(c.ID))
			add(m, "type", strNode(c.Type))
			add(m, "title", strNode(c.title()))
			add(m, "severity", strNode(c.Severity.String()))
			if c.Help != "" {
				add(m, "help", strNode(c.Help))
			}
			if c.HelpURL != "" {
				add(m, "help-url", strNode(c.HelpURL))
			}
			add(m, "files", strSeq(c.Files))
			if len(c.Exclude) > 0 {
				add(m, "exclude", strSeq(c.Exclude))
			}
			if c.NoCase {
				add(m, "nocase", boolNode(true))
			}
			switch c.Type {
			case "file-exists", "file-absent":
				add(m, "kind", strNode(c.Kind))
			case "file-contains", "file-not-contains":
				add(m, "pattern", strNode(c.Pattern))
				add(m, "if-missing", strNode(c.IfMissing))
			case "max-file-size":
				add(m, "max-size", intNode(c.MaxSize))
			}
			cs.Content = append(cs.Content, m)
		}
		add(top, "custom-rules", cs)
	}
	if len(p.exempts) > 0 {
		xs := blockSeq()
		for _, x := range p.exempts {
			m := mapNode()
			add(m, "repositories", strSeq(x.Repos))
			add(m, "rules", strSeq(x.Rules))
			add(m, "reason", strNode(x.Reason))
			if !x.Expires.IsZero() {
				add(m, "expires", dateNode(x.Expires))
			}
			xs.Content = append(xs.Content, m)
		}
		add(top, "exemptions", xs)
	}
	re := mapNode()
	add(re, "allow", boolNode(p.repoEx.allow))
	if p.repoEx.rules != nil {
		add(re, "rules", strSeq(p.repoEx.rules))
	}
	add(top, "repository-exemptions", re)

	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(top); err != nil {
		panic(err) // nodes built here always encode
	}
	enc.Close()
	return b.Bytes()
}

func mapNode() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }
func seqNode() *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
}
func blockSeq() *yaml.Node { return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"} }
func strNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}
func boolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}
func intNode[I int | int64](i I) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(int64(i), 10)}
}
func dateNode(t time.Time) *yaml.Node {
	v := t.Format(time.RFC3339)
	if t.Equal(t.Truncate(24 * time.Hour)) {
		v = t.Format(time.DateOnly)
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: v}
}
func strSeq(ss []string) *yaml.Node {
	n := seqNode()
	for _, s := range ss {
		n.Content = append(n.Content, strNode(s))
	}
	return n
}
func add(m *yaml.Node, key string, v *yaml.Node) { m.Content = append(m.Content, strNode(key), v) }

func anyNode(v any) *yaml.Node {
	switch v := v.(type) {
	case int:
		return intNode(v)
	case bool:
		return boolNode(v)
	case string:
		return strNode(v)
	case []string:
		return strSeq(v)
	}
	return strNode(fmt.Sprint(v))
}

// clean copies a decoded value without positions, comments or styles, so the digest
// depends on values only.
func clean(n *yaml.Node) *yaml.Node {
	c := &yaml.Node{Kind: n.Kind, Tag: n.Tag, Value: n.Value}
	if n.Kind == yaml.SequenceNode {
		c.Style = yaml.FlowStyle
	}
	for _, x := range n.Content {
		c.Content = append(c.Content, clean(x))
	}
	return c
}
