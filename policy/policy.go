// Package policy reads the repogov policy (.repogov.yml): which repositories, which
// rules with which severities and options, custom file rules, and exemptions. Decoding
// is strict — unknown keys, wrong types and unknown rule IDs are errors with
// file:line:col — and every problem of a load is reported at once.
package policy

import (
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/scanner/selection"
)

// DefaultFile is the policy file looked for in the current directory, and the file a
// repository may carry its own exemptions in.
const DefaultFile = ".repogov.yml"

// DefaultPreset applies when no policy file is found, and to a file without extends.
const DefaultPreset = "repogov:recommended"

// RepoExemptionsRuleID is the rule that reports a repository's own exemption file when
// the policy allows such files.
const RepoExemptionsRuleID = "repository-exemptions"

// maxPolicySize caps a policy file read from disk.
const maxPolicySize = 4 << 20

//go:embed presets/*.yml
var presetFS embed.FS

// Presets lists the embedded presets by name.
func Presets() []string {
	ents, _ := fs.ReadDir(presetFS, "presets")
	var out []string
	for _, e := range ents {
		out = append(out, "repogov:"+strings.TrimSuffix(e.Name(), ".yml"))
	}
	return out
}

// Policy is an effective policy: a file with everything it extends merged in.
type Policy struct {
	name        string
	sources     []string
	builtin     []rules.Rule
	selection   map[string]*yaml.Node
	teams       []Team
	rules       map[string]*effRule
	custom      []*customDef
	exempts     []*exemptionDef
	repoEx      repoExemptions
	configs     []rules.Config
	digest      string
	templates   []*templateDef
	remediation Remediation

	cache repoCache
}

type effRule struct {
	enabled  bool
	severity *rules.Severity
	own      *bool
	options  map[string]any
}

type repoExemptions struct {
	allow bool
	rules []string // nil: any rule
}

// Load reads the policy file at path, resolving extends (presets and other files,
// relative to the file). builtin is the list of rules the policy may configure.
func Load(path string, builtin []rules.Rule) (*Policy, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, builtin)
}

// Parse is Load for content already read; name is used in messages and to resolve
// relative extends.
func Parse(name string, data []byte, builtin []rules.Rule) (*Policy, error) {
	l := &loader{builtin: builtin, readFile: readFile}
	return l.load(name, data)
}

// Default returns the default policy (the recommended preset).
func Default(builtin []rules.Rule) (*Policy, error) {
	return Parse("(default)", []byte("extends: "+DefaultPreset+"\n"), builtin)
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: is a directory", path)
	}
	if st.Size() > maxPolicySize {
		return nil, fmt.Errorf("%s: too large for a policy file (%d bytes)", path, st.Size())
	}
	b := make([]byte, st.Size())
	_, err = io.ReadFull(f, b)
	return b, err
}

type loader struct {
	builtin  []rules.Rule
	readFile func(string) ([]byte, error)
	p        problems
	visited  map[string]bool
	order    []*raw
}

func (l *loader) load(name string, data []byte) (*Policy, error) {
	l.visited = map[string]bool{}
	key := fileKey(name)
	l.visited[key] = true
	r := parse(name, data, &l.p)
	if r != nil {
		l.resolve(r, []string{key})
	}
	pol := l.merge()
	if err := l.p.err(); err != nil {
		return nil, err
	}
	pol.finish()
	return pol, nil
}

func fileKey(name string) string {
	if strings.HasPrefix(name, "repogov:") || strings.HasPrefix(name, "(") {
		return name
	}
	if abs, err := filepath.Abs(name); err == nil {
		return abs
	}
	return name
}

// resolve appends r's bases, then r, to l.order (depth first, each file once).
func (l *loader) resolve(r *raw, stack []string) {
	ext := r.extends
	if !r.hasExtends && !r.preset {
		ext = []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: DefaultPreset}}
	}
	for _, n := range ext {
		preset := strings.HasPrefix(n.Value, "repogov:")
		key, display := n.Value, n.Value
		if !preset {
			if r.preset {
				l.p.at(r.file, n, "extends: a preset may only extend presets")
				continue
			}
			if !filepath.IsAbs(display) && !strings.HasPrefix(r.file, "(") {
				display = filepath.Join(filepath.Dir(r.file), display)
			}
			key = fileKey(display)
		}
		if slices.Contains(stack, key) {
			l.p.at(r.file, n, "extends: cycle: %s → %s", strings.Join(stack, " → "), key)
			continue
		}
		if l.visited[key] {
			continue // already merged (a diamond): once is enough
		}
		var data []byte
		if preset {
			name := strings.TrimPrefix(n.Value, "repogov:")
			b, err := presetFS.ReadFile("presets/" + name + ".yml")
			if err != nil || strings.ContainsAny(name, "/\\.") {
				l.p.at(r.file, n, "extends: unknown preset %q (presets: %s)", n.Value, strings.Join(Presets(), ", "))
				continue
			}
			data = b
		} else {
			b, err := l.readFile(display)
			if err != nil {
				l.p.at(r.file, n, "extends: %v", err)
				continue
			}
			data = b
		}
		l.visited[key] = true
		base := parse(display, data, &l.p)
		if base == nil {
			continue
		}
		base.preset = preset
		l.resolve(base, append(slices.Clone(stack), key))
	}
	l.order = append(l.order, r)
}

// merge folds l.order (bases first) into one policy and validates what needs the whole:
// rule IDs (custom rules may come from any file), options, exemptions.
func (l *loader) merge() *Policy {
	pol := &Policy{builtin: l.builtin, selection: map[string]*yaml.Node{}, rules: map[string]*effRule{}}
	customByID := map[string]*customDef{}
	for _, r := range l.order {
		for _, c := range r.custom {
			if _, ok := rules.Lookup(l.builtin, c.ID); ok || c.ID == RepoExemptionsRuleID {
				l.p.at(c.file, c.node, "custom rule %s: the ID of a built-in rule", c.ID)
				continue
			}
			if prev, ok := customByID[c.ID]; ok {
				l.p.at(c.file, c.node, "custom rule %s: already defined at %s:%d:%d", c.ID, prev.file, prev.node.Line, prev.node.Column)
				continue
			}
			customByID[c.ID] = c
			pol.custom = append(pol.custom, c)
			pol.rules[c.ID] = &effRule{enabled: true}
		}
	}
	known := func(id string) (rules.Rule, bool, bool) { // rule, custom, found
		if r, ok := rules.Lookup(l.builtin, id); ok {
			return r, false, true
		}
		if _, ok := customByID[id]; ok {
			return rules.Rule{}, true, true
		}
		return rules.Rule{}, false, false
	}
	for _, r := range l.order {
		pol.sources = append(pol.sources, r.file)
		if r.name != nil {
			pol.name = r.name.Value
		}
		if r.hasTeams {
			pol.teams = r.teams
		}
		for _, s := range r.selection {
			pol.selection[s.key] = s.v
		}
		if r.preset && r.file == DefaultPreset {
			// The recommended preset is the rules' own defaults: a new rule needs no
			// line in any preset to be on.
			for _, b := range l.builtin {
				if b.Default {
					if pol.rules[b.ID] == nil {
						pol.rules[b.ID] = &effRule{}
					}
					pol.rules[b.ID].enabled = true
				}
			}
		}
		for _, e := range r.rules {
			rule, custom, ok := known(e.id)
			if !ok {
				l.p.at(r.file, e.node, "rules: unknown rule %q%s (`repogov rules` lists the built-in rules)", e.id, l.suggest(e.id, customByID))
				continue
			}
			eff := pol.rules[e.id]
			if eff == nil {
				eff = &effRule{}
				pol.rules[e.id] = eff
			}
			eff.enabled = e.enabled == nil || *e.enabled
			if e.severity != nil {
				eff.severity = e.severity
			}
			if e.own != nil {
				if custom || !rule.Inherits {
					l.p.at(r.file, e.ownNode, "rules.%s.require-own: this rule is never satisfied by the organization's .github repository", e.id)
				} else {
					eff.own = e.own
				}
			}
			for _, o := range e.options {
				if custom {
					l.p.at(r.file, o.k, "rules.%s.options: custom rules take no options (set them in custom-rules)", e.id)
					continue
				}
				v, err := optionValue(rule, o.key, o.v)
				if err != nil {
					l.p.at(r.file, o.k, "rules.%s.options.%s: %v", e.id, o.key, err)
					continue
				}
				if eff.options == nil {
					eff.options = map[string]any{}
				}
				eff.options[o.key] = v
			}
		}
		for _, x := range r.exemptions {
			ok := true
			for i, id := range x.Rules {
				if _, _, found := known(id); !found && id != "*" {
					l.p.at(x.file, x.ruleNodes[i], "exemption: unknown rule %q", id)
					ok = false
				}
			}
			if ok {
				pol.exempts = append(pol.exempts, x)
			}
		}
		for _, t := range r.templates {
			if _, _, found := known(t.Rule); !found {
				l.p.at(t.file, t.node, "templates: unknown rule %q", t.Rule)
				continue
			}
			if i := slices.IndexFunc(pol.templates, func(x *templateDef) bool { return x.Rule == t.Rule }); i >= 0 {
				pol.templates[i] = t // a later file's template replaces the base's
				continue
			}
			pol.templates = append(pol.templates, t)
		}
		pol.remediation.merge(r.remedy)
		if r.repoEx != nil {
			if r.repoEx.allow != nil {
				pol.repoEx.allow = *r.repoEx.allow
			}
			if r.repoEx.rulesSet {
				pol.repoEx.rules = []string{}
				for i, id := range r.repoEx.rules {
					if _, _, found := known(id); !found {
						l.p.at(r.file, r.repoEx.ruleNodes[i], "repository-exemptions.rules: unknown rule %q", id)
						continue
					}
					pol.repoEx.rules = append(pol.repoEx.rules, id)
				}
			}
		}
	}
	if len(l.order) > 0 {
		pol.name = cmp.Or(pol.name, l.order[len(l.order)-1].file)
	}
	return pol
}

// optionValue checks one option against the rule's declared parameters.
func optionValue(r rules.Rule, name string, n *yaml.Node) (any, error) {
	var p *rules.Param
	for i := range r.Params {
		if r.Params[i].Name == name {
			p = &r.Params[i]
		}
	}
	if p == nil {
		var names []string
		for _, p := range r.Params {
			names = append(names, p.Name)
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("unknown option: rule %s takes no options", r.ID)
		}
		return nil, fmt.Errorf("unknown option (rule %s takes: %s)", r.ID, strings.Join(names, ", "))
	}
	bad := func() error { return fmt.Errorf("want %s, got %s", typeWord(p.Type), kindName(n)) }
	switch p.Type {
	case "int":
		var i int
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&i) != nil {
			return nil, bad()
		}
		return i, nil
	case "bool":
		var b bool
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
			return nil, bad()
		}
		return b, nil
	case "string":
		if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
			return nil, bad()
		}
		return n.Value, nil
	case "strings":
		if n.Kind != yaml.SequenceNode {
			return nil, bad()
		}
		out := []string{}
		for _, x := range n.Content {
			if x.Kind != yaml.ScalarNode || x.Tag != "!!str" {
				return nil, fmt.Errorf("want a list of strings, got %s at line %d", kindName(x), x.Line)
			}
			out = append(out, x.Value)
		}
		return out, nil
	}
	return nil, fmt.Errorf("rule %s declares option type %q, which policies cannot set", r.ID, p.Type)
}

func typeWord(t string) string {
	return map[string]string{"int": "an integer", "bool": "true or false", "string": "a string", "strings": "a list of strings"}[t]
}

// finish computes what the scanner asks for.
func (p *Policy) finish() {
	for _, r := range p.builtin {
		if c, ok := p.config(r); ok {
			p.configs = append(p.configs, c)
		}
	}
	for _, c := range p.custom {
		if cfg, ok := p.config(c.Rule()); ok {
			p.configs = append(p.configs, cfg)
		}
	}
	p.cache.allowed, p.cache.known = p.repoEx.rules, p.knownRule
	if p.repoEx.allow || p.remediation.AllowOptOut {
		p.configs = append(p.configs, rules.Config{Rule: p.repoExemptionsRule(), Severity: rules.Warning})
	}
	sum := sha256.Sum256(p.body(false))
	p.digest = "sha256:" + hex.EncodeToString(sum[:])
}

func (p *Policy) config(r rules.Rule) (rules.Config, bool) {
	eff := p.rules[r.ID]
	if eff == nil || !eff.enabled {
		return rules.Config{}, false
	}
	c := rules.Config{Rule: r, Severity: r.Severity}
	if eff.severity != nil {
		c.Severity = *eff.severity
	}
	if eff.own != nil {
		c.InheritedFails = *eff.own
	}
	if len(eff.options) > 0 {
		c.Options.Params = eff.options
	}
	return c, true
}

// Configs returns the enabled rules — built-in ones in their order, then custom rules in
// declaration order — with severities, options and the inherited policy.
func (p *Policy) Configs() []rules.Config { return slices.Clone(p.configs) }

// Name is the policy's name: its `name:` key, else the file it was loaded from.
func (p *Policy) Name() string { return p.name }

// Sources lists the files and presets the policy was assembled from, bases first.
func (p *Policy) Sources() []string { return slices.Clone(p.sources) }

// Digest is a stable hash of the effective policy, for reports and the result cache.
func (p *Policy) Digest() string { return p.digest }

// Team maps repositories to an owning team for the dashboard: by topic or by name prefix.
type Team struct {
	Team     string
	Topics   []string
	Prefixes []string
}

// TeamOf returns the first team whose topics or name prefixes match a repository (its
// name without the owner, and its topics), or "".
func (p *Policy) TeamOf(name string, topics []string) string {
	for _, t := range p.teams {
		for _, topic := range t.Topics {
			if slices.Contains(topics, topic) {
				return t.Team
			}
		}
		for _, pre := range t.Prefixes {
			if len(name) >= len(pre) && strings.EqualFold(name[:len(pre)], pre) {
				return t.Team
			}
		}
	}
	return ""
}

// Teams returns the policy's team mapping.
func (p *Policy) Teams() []Team { return slices.Clone(p.teams) }

// Selection returns the policy's selection block.
func (p *Policy) Selection() selection.Selection {
	var s selection.Selection
	for key, n := range p.selection {
		var list []string
		if n.Kind == yaml.SequenceNode {
			for _, x := range n.Content {
				list = append(list, x.Value)
			}
		} else if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
			list = []string{n.Value}
		}
		switch key {
		case "include-archived":
			s.IncludeArchived = n.Value == "true"
		case "include-forks":
			s.IncludeForks = n.Value == "true"
		case "visibility":
			s.Visibility = list
		case "include":
			s.Include = list
		case "exclude":
			s.Exclude = list
		case "topics":
			s.Topics = list
		case "exclude-topics":
			s.ExcludeTopics = list
		}
	}
	return s
}

// sortedKeys returns m's keys sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

//go:embed starter.yml
var starter []byte

// Starter returns the commented starter policy written by `repogov policy init`.
func Starter() []byte { return slices.Clone(starter) }

// suggest names the known rule closest to a misspelt id, if one is close.
func (l *loader) suggest(id string, custom map[string]*customDef) string {
	best, bestD := "", 3
	try := func(c string) {
		if d := editDistance(id, c); d < bestD {
			best, bestD = c, d
		}
	}
	for _, r := range l.builtin {
		try(r.ID)
	}
	for _, c := range sortedKeys(custom) {
		try(c)
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" — did you mean %q?", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
