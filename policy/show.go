package policy

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/internal/ynode"
)

// Show renders the effective policy as a self-contained policy file (extends: []): every
// built-in rule on or off, severities, options, custom rules, exemptions, templates and
// teams. Loading it again yields the same policy and the same digest.
func (p *Policy) Show() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Effective policy %q, assembled from: %s\n# digest: %s\n", p.name, strings.Join(p.sources, ", "), p.digest)
	b.Write(p.body(true))
	return b.Bytes()
}

// body renders the policy; the digest leaves the name out: it changes no result.
func (p *Policy) body(named bool) []byte {
	top := ynode.Map()
	ynode.Add(top, "version", ynode.Int(1))
	if named {
		ynode.Add(top, "name", ynode.Str(p.name))
	}
	ynode.Add(top, "extends", ynode.Seq())
	if len(p.selection) > 0 {
		sel := ynode.Map()
		for _, k := range selectionProps.keys() {
			if n, ok := p.selection[k]; ok {
				ynode.Add(sel, k, clean(n))
			}
		}
		ynode.Add(top, "selection", sel)
	}
	rs := ynode.Map()
	ruleNode := func(id string, defSev string) {
		eff := p.rules[id]
		if eff == nil || !eff.enabled {
			ynode.Add(rs, id, ynode.Bool(false))
			return
		}
		m := ynode.Map()
		sev := defSev
		if eff.severity != nil {
			sev = eff.severity.String()
		}
		ynode.Add(m, "severity", ynode.Str(sev))
		if eff.own != nil {
			ynode.Add(m, "require-own", ynode.Bool(*eff.own))
		}
		if len(eff.options) > 0 {
			o := ynode.Map()
			for _, k := range sortedKeys(eff.options) {
				o.Content = append(o.Content, ynode.Str(k), ynode.Any(eff.options[k]))
			}
			ynode.Add(m, "options", o)
		}
		ynode.Add(rs, id, m)
	}
	for _, r := range p.builtin {
		ruleNode(r.ID, r.Severity.String())
	}
	for _, c := range p.custom {
		ruleNode(c.ID, c.Severity.String())
	}
	ynode.Add(top, "rules", rs)
	if len(p.custom) > 0 {
		cs := ynode.BlockSeq()
		for _, c := range p.custom {
			m := ynode.Map()
			ynode.Add(m, "id", ynode.Str(c.ID))
			ynode.Add(m, "type", ynode.Str(c.Type))
			ynode.Add(m, "title", ynode.Str(c.DefaultTitle()))
			ynode.Add(m, "severity", ynode.Str(c.Severity.String()))
			if c.Help != "" {
				ynode.Add(m, "help", ynode.Str(c.Help))
			}
			if c.HelpURL != "" {
				ynode.Add(m, "help-url", ynode.Str(c.HelpURL))
			}
			ynode.Add(m, "files", ynode.StrSeq(c.Files))
			if len(c.Exclude) > 0 {
				ynode.Add(m, "exclude", ynode.StrSeq(c.Exclude))
			}
			if c.NoCase {
				ynode.Add(m, "nocase", ynode.Bool(true))
			}
			switch c.Type {
			case "file-exists", "file-absent":
				ynode.Add(m, "kind", ynode.Str(c.Kind))
			case "file-contains", "file-not-contains":
				ynode.Add(m, "pattern", ynode.Str(c.Pattern))
				ynode.Add(m, "if-missing", ynode.Str(c.IfMissing))
			case "max-file-size":
				ynode.Add(m, "max-size", ynode.Int(c.MaxSize))
			}
			cs.Content = append(cs.Content, m)
		}
		ynode.Add(top, "custom-rules", cs)
	}
	if len(p.exempts) > 0 {
		xs := ynode.BlockSeq()
		for _, x := range p.exempts {
			m := ynode.Map()
			ynode.Add(m, "repositories", ynode.StrSeq(x.Repos))
			ynode.Add(m, "rules", ynode.StrSeq(x.Rules))
			ynode.Add(m, "reason", ynode.Str(x.Reason))
			if !x.Expires.IsZero() {
				ynode.Add(m, "expires", ynode.Date(x.Expires))
			}
			xs.Content = append(xs.Content, m)
		}
		ynode.Add(top, "exemptions", xs)
	}
	if named && len(p.templates) > 0 { // templates change no result: not in the digest
		ts := ynode.Map()
		for _, t := range p.templates {
			ynode.Add(ts, t.Rule, templateNode(t.Template))
		}
		ynode.Add(top, "templates", ts)
	}
	if named && len(p.teams) > 0 { // teams change no result (scans ignore them): not in the digest
		ts := ynode.BlockSeq()
		for _, t := range p.teams {
			m := ynode.Map()
			ynode.Add(m, "team", ynode.Str(t.Team))
			if len(t.Topics) > 0 {
				ynode.Add(m, "topics", ynode.StrSeq(t.Topics))
			}
			if len(t.Prefixes) > 0 {
				ynode.Add(m, "prefixes", ynode.StrSeq(t.Prefixes))
			}
			ts.Content = append(ts.Content, m)
		}
		ynode.Add(top, "teams", ts)
	}
	if rm := p.remediationNode(named); rm != nil {
		ynode.Add(top, "remediation", rm)
	}
	re := ynode.Map()
	ynode.Add(re, "allow", ynode.Bool(p.repoEx.allow))
	if p.repoEx.rules != nil {
		ynode.Add(re, "rules", ynode.StrSeq(p.repoEx.rules))
	}
	ynode.Add(top, "repository-exemptions", re)

	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(top); err != nil {
		panic(err) // nodes built here always encode
	}
	enc.Close()
	return b.Bytes()
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
