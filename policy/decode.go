package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/rules/custom"
	"github.com/repogov/repogov/scanner/selection"
)

// raw is one decoded file, before extends are merged. Every value keeps its node for
// positions.
type raw struct {
	file       string // as shown in messages
	preset     bool
	name       *yaml.Node
	extends    []*yaml.Node // nil: not given (defaults to recommended); empty: given as []
	hasExtends bool
	selection  []kv
	rules      []ruleEntry
	custom     []*customDef
	exemptions []*exemptionDef
	repoEx     *repoExDef
	templates  []*templateDef
	remedy     *remediationDef
	teams      []Team
	hasTeams   bool
}

type kv struct {
	key string
	k   *yaml.Node
	v   *yaml.Node
}

type ruleEntry struct {
	file     string
	id       string
	node     *yaml.Node // the key
	enabled  *bool
	severity *rules.Severity
	own      *bool
	ownNode  *yaml.Node
	options  []kv
}

// customDef is a custom rule with where it was declared.
type customDef struct {
	file string
	node *yaml.Node
	*custom.Def
}

type exemptionDef struct {
	file      string
	node      *yaml.Node
	Repos     []string
	Rules     []string
	Reason    string
	Expires   time.Time
	ruleNodes []*yaml.Node
}

type repoExDef struct {
	allow     *bool
	rules     []string
	rulesSet  bool
	ruleNodes []*yaml.Node
}

var idRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// parse decodes one policy file strictly. It never stops at the first problem.
func parse(file string, data []byte, p *problems) *raw {
	r := &raw{file: file}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return r // an empty file is an empty policy
		}
		p.add(syntaxError(file, err))
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.at(file, &extra, "only one YAML document is allowed")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return r
	}
	budget := maxNodes
	top, err := expandAliases(doc.Content[0], &budget, 0)
	if err != nil {
		p.at(file, doc.Content[0], "%v", err)
		return nil
	}
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		return r
	}
	d := &decoder{file: file, p: p}
	d.mapping(top, "the policy", topProps().keys(), func(key string, k, v *yaml.Node) {
		switch key {
		case "version":
			var n int
			if v.Tag != "!!int" || v.Decode(&n) != nil || n != 1 {
				d.errf(v, "version: want 1")
			}
		case "name":
			if s, ok := d.str(v, "name"); ok && s != "" {
				r.name = v
			}
		case "extends":
			r.hasExtends = true
			r.extends = []*yaml.Node{}
			for _, n := range d.seqOrScalar(v, "extends") {
				if n.Kind != yaml.ScalarNode || n.Tag != "!!str" || n.Value == "" {
					d.errf(n, "extends: want a preset name or a file path")
					continue
				}
				r.extends = append(r.extends, n)
			}
		case "selection":
			d.mapping(v, "selection", selectionProps.keys(), func(key string, k, v *yaml.Node) {
				d.selection(key, v)
				r.selection = append(r.selection, kv{key, k, v})
			})
		case "rules":
			d.mapping(v, "rules", nil, func(id string, k, v *yaml.Node) {
				if e, ok := d.rule(id, k, v); ok {
					r.rules = append(r.rules, e)
				}
			})
		case "custom-rules":
			if v.Kind != yaml.SequenceNode {
				d.errf(v, "custom-rules: want a list")
				return
			}
			for _, n := range v.Content {
				if c := d.custom(n); c != nil {
					r.custom = append(r.custom, c)
				}
			}
		case "exemptions":
			if v.Kind != yaml.SequenceNode {
				d.errf(v, "exemptions: want a list")
				return
			}
			for _, n := range v.Content {
				if x := d.exemption(n, true); x != nil {
					r.exemptions = append(r.exemptions, x)
				}
			}
		case "templates":
			r.templates = append(r.templates, d.templates(v)...)
		case "remediation":
			r.remedy = d.remediation(v)
		case "teams":
			r.hasTeams = true
			if v.Kind != yaml.SequenceNode {
				if !(v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
					d.errf(v, "teams: want a list")
				}
				return
			}
			for i, n := range v.Content {
				var t Team
				what := fmt.Sprintf("teams[%d]", i)
				d.mapping(n, what, teamProps.keys(), func(key string, k, v *yaml.Node) {
					switch key {
					case "team":
						if s, ok := d.str(v, what+".team"); ok {
							t.Team = strings.TrimSpace(s)
						}
					case "topics":
						for _, x := range d.strings(v, what+".topics") {
							t.Topics = append(t.Topics, x.Value)
						}
					case "prefixes":
						for _, x := range d.strings(v, what+".prefixes") {
							t.Prefixes = append(t.Prefixes, x.Value)
						}
					}
				})
				if t.Team == "" {
					d.errf(n, "%s: want a team name", what)
					continue
				}
				r.teams = append(r.teams, t)
			}
		case "repository-exemptions":
			r.repoEx = &repoExDef{}
			d.mapping(v, "repository-exemptions", repoExemptionProps.keys(), func(key string, k, v *yaml.Node) {
				switch key {
				case "allow":
					if b, ok := d.bool(v, "repository-exemptions.allow"); ok {
						r.repoEx.allow = &b
					}
				case "rules":
					r.repoEx.rulesSet = true
					for _, n := range d.strings(v, "repository-exemptions.rules") {
						r.repoEx.rules = append(r.repoEx.rules, n.Value)
						r.repoEx.ruleNodes = append(r.repoEx.ruleNodes, n)
					}
				}
			})
		}
	})
	return r
}

type decoder struct {
	file string
	p    *problems
}

func (d *decoder) errf(n *yaml.Node, format string, args ...any) { d.p.at(d.file, n, format, args...) }

// mapping walks a mapping node, rejecting unknown (when known != nil) and duplicate keys.
func (d *decoder) mapping(n *yaml.Node, what string, known []string, fn func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return // "key:" with nothing: an empty block
		}
		d.errf(n, "%s: want a mapping, got %s", what, kindName(n))
		return
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errf(k, "%s: keys must be strings", what)
			continue
		}
		if k.Tag == "!!merge" {
			d.errf(k, "%s: YAML merge keys (<<) are not supported", what)
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			d.errf(k, "%s: duplicate key %q (first at line %d)", what, k.Value, prev.Line)
			continue
		}
		seen[k.Value] = k
		if known != nil && !slices.Contains(known, k.Value) {
			d.errf(k, "%s: unknown key %q (known: %s)", what, k.Value, strings.Join(known, ", "))
			continue
		}
		fn(k.Value, k, v)
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!str":
		return fmt.Sprintf("the string %q", n.Value)
	case "!!null":
		return "nothing"
	}
	return fmt.Sprintf("%s %s", strings.TrimPrefix(n.Tag, "!!"), n.Value)
}

func (d *decoder) str(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		d.errf(n, "%s: want a string, got %s", what, kindName(n))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) bool(n *yaml.Node, what string) (bool, bool) {
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		d.errf(n, "%s: want true or false, got %s", what, kindName(n))
		return false, false
	}
	return b, true
}

func (d *decoder) int(n *yaml.Node, what string) (int64, bool) {
	var i int64
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&i) != nil {
		d.errf(n, "%s: want an integer, got %s", what, kindName(n))
		return 0, false
	}
	return i, true
}

// seqOrScalar accepts a single value or a list of them.
func (d *decoder) seqOrScalar(n *yaml.Node, what string) []*yaml.Node {
	switch n.Kind {
	case yaml.SequenceNode:
		return n.Content
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil
		}
		return []*yaml.Node{n}
	}
	d.errf(n, "%s: want a string or a list of strings, got %s", what, kindName(n))
	return nil
}

// strings accepts a string or a list of non-empty strings.
func (d *decoder) strings(n *yaml.Node, what string) []*yaml.Node {
	var out []*yaml.Node
	for _, x := range d.seqOrScalar(n, what) {
		if x.Kind != yaml.ScalarNode || x.Tag != "!!str" || x.Value == "" {
			d.errf(x, "%s: want a non-empty string, got %s", what, kindName(x))
			continue
		}
		out = append(out, x)
	}
	return out
}

func (d *decoder) globs(n *yaml.Node, what string) []string {
	var out []string
	for _, x := range d.strings(n, what) {
		if err := custom.ValidateGlob(x.Value); err != nil {
			d.errf(x, "%s: %v", what, err)
			continue
		}
		out = append(out, x.Value)
	}
	return out
}

func (d *decoder) selection(key string, v *yaml.Node) {
	what := "selection." + key
	switch key {
	case "include-archived", "include-forks":
		d.bool(v, what)
	case "visibility":
		for _, x := range d.strings(v, what) {
			if !slices.Contains(selection.Visibilities, strings.ToLower(x.Value)) {
				d.errf(x, "%s: unknown visibility %q (want public, private or internal)", what, x.Value)
			}
		}
	case "include", "exclude":
		for _, x := range d.strings(v, what) {
			if err := selection.ValidateGlob(x.Value); err != nil {
				d.errf(x, "%s: %v", what, err)
			}
		}
	default:
		d.strings(v, what)
	}
}

func (d *decoder) severity(n *yaml.Node, what string) (rules.Severity, bool) {
	s, ok := d.str(n, what)
	if !ok {
		return 0, false
	}
	switch s {
	case "error":
		return rules.Error, true
	case "warning":
		return rules.Warning, true
	case "note":
		return rules.Note, true
	}
	d.errf(n, "%s: unknown severity %q (want error, warning or note)", what, s)
	return 0, false
}

// rule decodes one entry of rules: `id: true|false|off|SEVERITY|{...}`.
func (d *decoder) rule(id string, k, v *yaml.Node) (ruleEntry, bool) {
	e := ruleEntry{file: d.file, id: id, node: k}
	what := "rules." + id
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag == "!!bool":
		b, _ := d.bool(v, what)
		e.enabled = &b
	case v.Kind == yaml.ScalarNode && v.Tag == "!!str" && v.Value == "off":
		b := false
		e.enabled = &b
	case v.Kind == yaml.ScalarNode && v.Tag == "!!str":
		sev, ok := d.severity(v, what)
		if !ok {
			return e, false
		}
		e.severity = &sev
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
		// "id:" alone enables the rule with its defaults.
	case v.Kind == yaml.MappingNode:
		d.mapping(v, what, ruleProps.keys(), func(key string, k, v *yaml.Node) {
			switch key {
			case "enabled":
				if b, ok := d.bool(v, what+".enabled"); ok {
					e.enabled = &b
				}
			case "severity":
				if sev, ok := d.severity(v, what+".severity"); ok {
					e.severity = &sev
				}
			case "require-own":
				if b, ok := d.bool(v, what+".require-own"); ok {
					e.own, e.ownNode = &b, k
				}
			case "options":
				d.mapping(v, what+".options", nil, func(key string, k, v *yaml.Node) {
					e.options = append(e.options, kv{key, k, v})
				})
			}
		})
	default:
		d.errf(v, "%s: want true, false, off, a severity or a mapping, got %s", what, kindName(v))
		return e, false
	}
	return e, true
}

func (d *decoder) custom(n *yaml.Node) *customDef {
	c := &customDef{file: d.file, node: n, Def: &custom.Def{Severity: rules.Error, Origin: d.file}}
	if n.Kind != yaml.MappingNode {
		d.errf(n, "custom-rules: each entry must be a mapping, got %s", kindName(n))
		return nil
	}
	got := map[string]*yaml.Node{}
	bad := false
	errsBefore := len(d.p.errs)
	d.mapping(n, "custom rule", customProps.keys(), func(key string, k, v *yaml.Node) {
		got[key] = k
		what := "custom rule " + key
		ok := true
		switch key {
		case "id":
			c.ID, ok = d.str(v, what)
			if ok && !idRE.MatchString(c.ID) {
				d.errf(v, "custom rule id %q: want kebab-case (a-z, 0-9, -)", c.ID)
				ok = false
			}
		case "title":
			c.Title, ok = d.str(v, what)
		case "type":
			c.Type, ok = d.str(v, what)
			if ok && !slices.Contains(custom.Types, c.Type) {
				d.errf(v, "custom rule type %q: want one of %s", c.Type, strings.Join(custom.Types, ", "))
				ok = false
			}
		case "severity":
			c.Severity, ok = d.severity(v, what)
		case "help":
			c.Help, ok = d.str(v, what)
		case "help-url":
			c.HelpURL, ok = d.str(v, what)
			if ok && !strings.HasPrefix(c.HelpURL, "https://") && !strings.HasPrefix(c.HelpURL, "http://") {
				d.errf(v, "custom rule help-url: want an http(s) URL")
				ok = false
			}
		case "files":
			c.Files = d.globs(v, what)
			if v.Kind == yaml.SequenceNode && len(v.Content) == 0 || v.Tag == "!!null" {
				d.errf(v, "custom rule files: want at least one glob")
				ok = false
			}
		case "exclude":
			c.Exclude = d.globs(v, what)
		case "nocase":
			c.NoCase, ok = d.bool(v, what)
		case "kind":
			c.Kind, ok = d.str(v, what)
			if ok && !slices.Contains([]string{"file", "directory", "any"}, c.Kind) {
				d.errf(v, "custom rule kind %q: want file, directory or any", c.Kind)
				ok = false
			}
		case "pattern":
			c.Pattern, ok = d.str(v, what)
			if ok {
				if _, err := regexp.Compile(c.Pattern); err != nil {
					d.errf(v, "custom rule pattern: %v", err)
					ok = false
				} else if c.Pattern == "" {
					d.errf(v, "custom rule pattern: must not be empty")
					ok = false
				}
			}
		case "if-missing":
			c.IfMissing, ok = d.str(v, what)
			if ok && !slices.Contains([]string{"fail", "not-applicable", "pass"}, c.IfMissing) {
				d.errf(v, "custom rule if-missing %q: want fail, not-applicable or pass", c.IfMissing)
				ok = false
			}
		case "max-size":
			c.MaxSize, ok = d.size(v, what)
		case "patterns", "hashes", "denylist", "skip-paths":
			var list []string
			for _, x := range d.strings(v, what) {
				list = append(list, x.Value)
			}
			if len(list) == 0 {
				d.errf(v, "%s: want at least one", what)
				ok = false
			}
			switch key {
			case "patterns":
				c.Patterns = list
			case "hashes":
				c.Hashes = list
			case "denylist":
				c.Denylist = list
			case "skip-paths":
				c.SkipPaths = list
			}
			for _, x := range list {
				if key != "hashes" {
					if _, err := regexp.Compile(x); err != nil {
						d.errf(v, "%s: %v", what, err)
						ok = false
					}
				}
			}
		case "lines":
			var n int64
			n, ok = d.int(v, what)
			if ok && n <= 0 {
				d.errf(v, "%s: must be positive", what)
				ok = false
			}
			c.Lines = int(n)
		case "skip-binary":
			c.SkipBinary, ok = d.bool(v, what)
		case "algorithm":
			c.Algorithm, ok = d.str(v, what)
		case "schema":
			c.Schema, ok = d.jsonValue(v, what)
		case "when":
			d.mapping(v, "custom rule when", custom.WhenKeys, func(key string, k, v *yaml.Node) {
				var list []string
				for _, x := range d.strings(v, "when."+key) {
					list = append(list, x.Value)
				}
				switch key {
				case "language":
					c.When.Language = list
				case "license":
					c.When.License = list
				case "packager":
					c.When.Packager = list
				case "contributors":
					for _, x := range list {
						if err := custom.ValidateContributors(x); err != nil {
							d.errf(v, "when.contributors: %v", err)
							ok = false
						}
					}
					c.When.Contributors = list
				}
			})
		}
		if !ok {
			bad = true
		}
	})
	req := []string{"id", "type", "files"}
	if spec, ok := custom.SpecOf(c.Type); ok && spec.NoFiles {
		req = req[:2]
	}
	for _, req := range req {
		if got[req] == nil {
			d.errf(n, "custom rule: missing required key %q", req)
			bad = true
		}
	}
	// Keys that only some types use.
	if spec, ok := custom.SpecOf(c.Type); ok {
		for _, key := range custom.TypeKeys() {
			if k := got[key]; k != nil && !slices.Contains(spec.Keys, key) {
				d.errf(k, "custom rule %s: key %q is not used by type %s", c.ID, key, c.Type)
				bad = true
			}
		}
		for _, key := range spec.Required {
			if got[key] == nil {
				d.errf(n, "custom rule %s: type %s needs %s", c.ID, c.Type, key)
				bad = true
			}
		}
	}
	if bad || len(d.p.errs) > errsBefore {
		return nil
	}
	if err := c.Compile(); err != nil {
		d.errf(n, "custom rule %s: %v", c.ID, err)
		return nil
	}
	return c
}

// jsonValue accepts a mapping (a JSON Schema written in YAML) or a string holding JSON,
// and returns it as JSON.
func (d *decoder) jsonValue(n *yaml.Node, what string) (string, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		if !json.Valid([]byte(n.Value)) {
			d.errf(n, "%s: not valid JSON", what)
			return "", false
		}
		return n.Value, true
	}
	if n.Kind != yaml.MappingNode {
		d.errf(n, "%s: want a mapping or a JSON string, got %s", what, kindName(n))
		return "", false
	}
	var v any
	if err := n.Decode(&v); err != nil {
		d.errf(n, "%s: %v", what, err)
		return "", false
	}
	b, err := json.Marshal(v)
	if err != nil {
		d.errf(n, "%s: %v", what, err)
		return "", false
	}
	return string(b), true
}

var sizeRE = regexp.MustCompile(`^\s*(\d+)\s*([KMGT]I?B|B)?\s*$`)

// size accepts bytes as an integer or a string like "10MB", "512 KiB".
func (d *decoder) size(n *yaml.Node, what string) (int64, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		i, ok := d.int(n, what)
		if ok && i <= 0 {
			d.errf(n, "%s: must be positive", what)
			return 0, false
		}
		return i, ok
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		if m := sizeRE.FindStringSubmatch(strings.ToUpper(n.Value)); m != nil {
			var v int64
			fmt.Sscan(m[1], &v)
			mult := map[string]int64{"": 1, "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
				"KIB": 1 << 10, "MIB": 1 << 20, "GIB": 1 << 30, "TIB": 1 << 40}[m[2]]
			if v > 0 && v <= (1<<62)/mult {
				return v * mult, true
			}
		}
	}
	d.errf(n, "%s: want a positive size in bytes, e.g. 1048576 or \"10MB\" or \"1 MiB\", got %s", what, kindName(n))
	return 0, false
}

// exemption decodes one exemption; central ones name repositories, a repository's own
// file must not.
func (d *decoder) exemption(n *yaml.Node, central bool) *exemptionDef {
	x := &exemptionDef{file: d.file, node: n}
	if n.Kind != yaml.MappingNode {
		d.errf(n, "exemptions: each entry must be a mapping, got %s", kindName(n))
		return nil
	}
	keys := exemptionProps.keys()
	if !central {
		keys = []string{"rules", "reason", "expires"}
	}
	got := map[string]bool{}
	bad := false
	errsBefore := len(d.p.errs)
	d.mapping(n, "exemption", keys, func(key string, k, v *yaml.Node) {
		got[key] = true
		switch key {
		case "repositories":
			for _, s := range d.strings(v, "exemption repositories") {
				if err := selection.ValidateGlob(s.Value); err != nil {
					d.errf(s, "exemption repositories: %v", err)
					bad = true
					continue
				}
				x.Repos = append(x.Repos, s.Value)
			}
		case "rules":
			for _, s := range d.strings(v, "exemption rules") {
				x.Rules = append(x.Rules, s.Value)
				x.ruleNodes = append(x.ruleNodes, s)
			}
		case "reason":
			s, ok := d.str(v, "exemption reason")
			if ok && strings.TrimSpace(s) == "" {
				d.errf(v, "exemption reason: must not be empty")
				ok = false
			}
			x.Reason = strings.TrimSpace(s)
			bad = bad || !ok
		case "expires":
			t, ok := parseDate(v)
			if !ok {
				d.errf(v, "exemption expires: want a date (YYYY-MM-DD) or an RFC 3339 time, got %s", kindName(v))
				bad = true
			}
			x.Expires = t
		}
	})
	req := []string{"rules", "reason"}
	if central {
		req = []string{"repositories", "rules", "reason"}
	}
	for _, k := range req {
		if !got[k] {
			d.errf(n, "exemption: missing required key %q", k)
			bad = true
		}
	}
	if !bad && (got["rules"] && len(x.Rules) == 0 || central && got["repositories"] && len(x.Repos) == 0) {
		d.errf(n, "exemption: repositories and rules must not be empty")
		bad = true
	}
	if bad || len(d.p.errs) > errsBefore {
		return nil
	}
	return x
}

func parseDate(n *yaml.Node) (time.Time, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!timestamp" && n.Tag != "!!str" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.DateOnly, time.RFC3339} {
		if t, err := time.Parse(layout, n.Value); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// parseRepo decodes a repository's own .repogov.yml: `exemptions:`, and
// `remediation: {opt-out: true}` (the node of that true is returned; nil otherwise).
func parseRepo(file string, data []byte, p *problems) ([]*exemptionDef, *yaml.Node) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		p.add(syntaxError(file, err))
		return nil, nil
	}
	if len(doc.Content) == 0 || doc.Content[0].Tag == "!!null" {
		return nil, nil
	}
	budget := maxNodes
	top, err := expandAliases(doc.Content[0], &budget, 0)
	if err != nil {
		p.at(file, doc.Content[0], "%v", err)
		return nil, nil
	}
	d := &decoder{file: file, p: p}
	var out []*exemptionDef
	var optOut *yaml.Node
	d.mapping(top, "the repository's "+DefaultFile, []string{"exemptions", "remediation"}, func(key string, k, v *yaml.Node) {
		if key == "remediation" {
			d.mapping(v, "remediation", []string{"opt-out"}, func(_ string, _, v *yaml.Node) {
				if b, ok := d.bool(v, "remediation.opt-out"); ok && b {
					optOut = v
				}
			})
			return
		}
		if v.Kind != yaml.SequenceNode {
			d.errf(v, "exemptions: want a list")
			return
		}
		for _, n := range v.Content {
			if x := d.exemption(n, false); x != nil {
				out = append(out, x)
			}
		}
	})
	return out, optOut
}

// maxNodes bounds a policy after YAML aliases are expanded (a "billion laughs" file
// would otherwise explode).
const maxNodes = 100000

// expandAliases returns n with every alias replaced by a copy of its anchor's node, so the
// decoder never meets an alias. Positions of copies are those of the anchor.
func expandAliases(n *yaml.Node, budget *int, depth int) (*yaml.Node, error) {
	if *budget--; *budget < 0 {
		return nil, fmt.Errorf("the document is too large once YAML aliases are expanded")
	}
	if depth > 100 {
		return nil, fmt.Errorf("the document nests too deeply (or a YAML alias refers to itself)")
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return nil, fmt.Errorf("unknown YAML alias")
		}
		return expandAliases(n.Alias, budget, depth+1)
	}
	if len(n.Content) == 0 {
		return n, nil
	}
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		var err error
		if c.Content[i], err = expandAliases(x, budget, depth+1); err != nil {
			return nil, err
		}
	}
	return &c, nil
}
