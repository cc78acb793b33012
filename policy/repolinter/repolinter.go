// Package repolinter converts repolinter (TODO Group) rulesets into repogov policies:
// `repogov policy import-repolinter`.
package repolinter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/internal/ynode"
	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/rules/custom"
)

type kv struct {
	key string
	v   *yaml.Node
}

// ImportResult is a repolinter ruleset converted into a policy.
type ImportResult struct {
	Policy []byte       // a policy file (YAML), with the notes as comments at its top
	Notes  []ImportNote // what could not be converted, or only in part, and why
}

// ImportNote says what happened to one repolinter rule (or to the ruleset as a whole).
type ImportNote struct {
	Rule      string // the repolinter rule name; "" for the ruleset
	Converted bool   // true: converted, but something was dropped
	Reason    string
}

func (n ImportNote) String() string {
	what := "ruleset"
	if n.Rule != "" {
		what = "rule " + n.Rule
	}
	if n.Converted {
		return what + ": converted in part: " + n.Reason
	}
	return what + ": not converted: " + n.Reason
}

// Import converts a repolinter v2 ruleset (JSON or YAML) into an equivalent
// policy. Supported rule types: file-existence, file-not-exists, file-contents,
// file-not-contents, file-type-exclusion, directory-existence, large-file and
// license-detectable-by-licensee; levels (error, warning, off) and nocase. Everything
// else is listed in the notes with the reason.
func Import(name string, data []byte, builtin []rules.Rule) (*ImportResult, error) {
	root, err := decodeAny(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: not a repolinter ruleset (want an object)", name)
	}
	im := &importer{builtin: builtin, ids: map[string]bool{}}
	var rulesNode *yaml.Node
	version := ""
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i].Value, root.Content[i+1]
		switch k {
		case "version":
			version = v.Value
		case "rules":
			rulesNode = v
		case "axioms":
			var names []string
			for j := 0; j+1 < len(v.Content); j += 2 {
				names = append(names, v.Content[j].Value)
			}
			if len(names) > 0 {
				im.note("", false, "axioms (%s) are not converted: repogov has no axioms; it identifies licences itself, and rules that depend on an axiom are listed below", strings.Join(names, ", "))
			}
		case "extends":
			im.note("", false, "extends %s is not followed: convert that ruleset too and list the result under extends", v.Value)
		case "$schema", "formatOptions":
		default:
			im.note("", false, "unknown top-level key %q ignored", k)
		}
	}
	if version != "2" {
		return nil, fmt.Errorf("%s: not a repolinter v2 ruleset (\"version\": 2 missing); convert v1 rulesets with repolinter's own migration first", name)
	}
	if rulesNode == nil || rulesNode.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: \"rules\" must be an object", name)
	}
	for i := 0; i+1 < len(rulesNode.Content); i += 2 {
		im.rule(rulesNode.Content[i].Value, rulesNode.Content[i+1])
	}
	out := im.render(filepath.Base(name))
	// The conversion must load: a failure here is a bug in the importer, not in the input.
	if _, err := policy.Parse(filepath.Base(name)+" (converted)", out, builtin); err != nil {
		return nil, fmt.Errorf("converted policy does not load: %w", err)
	}
	return &ImportResult{Policy: out, Notes: im.notes}, nil
}

type importer struct {
	builtin []rules.Rule
	custom  []*yaml.Node
	builtIn []kv
	// built-in rules enabled, with severities
	ids   map[string]bool
	notes []ImportNote
}

func (im *importer) note(rule string, converted bool, format string, args ...any) {
	im.notes = append(im.notes, ImportNote{Rule: rule, Converted: converted, Reason: fmt.Sprintf(format, args...)})
}

var nonID = regexp.MustCompile(`[^a-z0-9]+`)

func (im *importer) id(name string) string {
	id := strings.Trim(nonID.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if id == "" {
		id = "rule"
	}
	_, builtin := rules.Lookup(im.builtin, id)
	if builtin || id == policy.RepoExemptionsRuleID || im.ids[id] {
		id = "repolinter-" + id
	}
	for base, n := id, 2; im.ids[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	im.ids[id] = true
	return id
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

func (im *importer) rule(name string, def *yaml.Node) {
	if def.Kind != yaml.MappingNode {
		im.note(name, false, "not an object")
		return
	}
	level := "error"
	if l := ynode.Field(def, "level"); l != nil {
		level = l.Value
	}
	switch level {
	case "error", "warning":
	case "off":
		im.note(name, false, "level off: the rule is disabled in the ruleset")
		return
	default:
		im.note(name, false, "unknown level %q", level)
		return
	}
	r := ynode.Field(def, "rule")
	typ := ynode.Field(r, "type")
	if w := strList(ynode.Field(def, "where")); len(w) == 1 && w[0] == "license=*" && typ != nil && typ.Value == "license-detectable-by-licensee" {
		// "wherever licensee found a licence": license-identified decides that itself.
		im.note(name, true, "where license=* dropped: license-identified applies to every repository")
	} else if w := ynode.Field(def, "where"); w != nil && len(strList(w)) > 0 {
		im.note(name, false, "applies only where the axioms match (%s); repogov has no axioms — add it by hand if it applies to every repository", strings.Join(strList(w), ", "))
		return
	}
	if typ == nil {
		im.note(name, false, "no rule.type")
		return
	}
	opts := ynode.Field(r, "options")
	var partial []string
	if ynode.Field(def, "fix") != nil {
		partial = append(partial, "fix dropped (repogov reports, it never changes repositories)")
	}
	c := ynode.Map()
	help := ""
	if pi := ynode.Field(def, "policyInfo"); pi != nil && pi.Value != "" {
		help = pi.Value
	}
	helpURL := ""
	if pu := ynode.Field(def, "policyUrl"); pu != nil {
		if u, err := url.Parse(pu.Value); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
			helpURL = pu.Value
		}
	}
	used := map[string]bool{}
	get := func(keys ...string) *yaml.Node {
		for _, k := range keys {
			used[k] = true
		}
		for _, k := range keys {
			if n := ynode.Field(opts, k); n != nil {
				return n
			}
		}
		return nil
	}
	boolOpt := func(key string) bool {
		n := get(key)
		return n != nil && n.Value == "true"
	}
	title := ""
	var files, exclude []string
	nocase := false
	body := []kv{}
	set := func(k string, v *yaml.Node) { body = append(body, kv{key: k, v: v}) }
	customType := ""
	switch typ.Value {
	case "file-existence", "directory-existence":
		files = strList(get("globsAny", "files"))
		nocase = boolOpt("nocase")
		customType = "file-exists"
		if typ.Value == "directory-existence" {
			set("kind", ynode.Str("directory"))
		} else if boolOpt("dirs") {
			set("kind", ynode.Str("any"))
		}
		if fm := get("fail-message"); fm != nil && help == "" {
			help = fm.Value
		}
	case "file-not-exists":
		files = strList(get("globsAll", "files"))
		nocase = boolOpt("nocase")
		customType = "file-absent"
		if boolOpt("dirs") {
			set("kind", ynode.Str("any"))
		}
		get("pass-message")
	case "file-type-exclusion":
		for _, g := range strList(get("type")) {
			if strings.HasPrefix(g, "!") {
				exclude = append(exclude, g[1:])
			} else {
				files = append(files, g)
			}
		}
		customType = "file-absent"
	case "file-contents", "file-not-contents":
		files = strList(get("globsAll", "files"))
		nocase = boolOpt("nocase")
		customType = map[string]string{"file-contents": "file-contains", "file-not-contents": "file-not-contains"}[typ.Value]
		content := get("content")
		if content == nil || content.Value == "" {
			im.note(name, false, "no content pattern")
			return
		}
		pat, err := jsRegexp(content.Value, valueOr(get("flags"), ""))
		if err != nil {
			im.note(name, false, "%v", err)
			return
		}
		set("pattern", ynode.Str(pat))
		ifMissing := "not-applicable"
		if boolOpt("fail-on-non-existent") {
			ifMissing = "fail"
		} else if typ.Value == "file-not-contents" {
			ifMissing = "pass"
		}
		set("if-missing", ynode.Str(ifMissing))
		if hr := get("human-readable-content"); hr != nil && hr.Value != "" {
			verb := "contain"
			if typ.Value == "file-not-contents" {
				verb = "do not contain"
			}
			title = fmt.Sprintf("Files matching %s %s %s", strings.Join(files, ", "), verb, hr.Value)
		}
		get("display-result-context", "context-char-length") // presentation only: our findings carry lines
	case "large-file":
		files = strList(get("globsAll", "files"))
		nocase = boolOpt("nocase")
		customType = "max-file-size"
		sz := get("size")
		n, err := strconv.ParseInt(valueOr(sz, ""), 10, 64)
		if err != nil || n <= 0 {
			im.note(name, false, "large-file needs a positive size in bytes")
			return
		}
		set("max-size", ynode.Int(n))
	case "license-detectable-by-licensee":
		if _, ok := rules.Lookup(im.builtin, "license-identified"); !ok {
			im.note(name, false, "this build has no license-identified rule")
			return
		}
		for _, k := range im.builtIn {
			if k.key == "license-identified" {
				im.note(name, false, "license-identified is already enabled by another rule")
				return
			}
		}
		im.builtIn = append(im.builtIn, kv{key: "license-identified", v: ynode.Str(level)})
		im.note(name, true, "mapped to the built-in rule license-identified, which identifies licences with its own matcher rather than licensee")
		for _, p := range partial {
			im.note(name, true, "%s", p)
		}
		return
	case "json-schema-passes":
		im.note(name, false, "type json-schema-passes: repogov validates publiccode.yml itself (rule publiccode-yml-valid) but has no generic JSON Schema rule")
		return
	case "git-grep-commits", "git-grep-log", "git-list-tree", "git-working-tree":
		im.note(name, false, "type %s: repogov reads the tree of HEAD only, not the history or the working tree", typ.Value)
		return
	case "apache-notice":
		im.note(name, false, "type apache-notice depends on licensee's result; write a file-exists rule for NOTICE* if every repository is Apache-2.0")
		return
	case "any-file-contents":
		im.note(name, false, "type any-file-contents (at least one file contains): repogov's file-contains requires every matching file to contain the pattern")
		return
	default:
		im.note(name, false, "type %s has no equivalent in repogov", typ.Value)
		return
	}
	if opts != nil && opts.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(opts.Content); i += 2 {
			if k := opts.Content[i].Value; !used[k] {
				partial = append(partial, fmt.Sprintf("option %q dropped", k))
			}
		}
	}
	var good, bad []string
	for _, f := range files {
		f = strings.TrimPrefix(f, "./")
		if err := custom.ValidateGlob(f); err != nil {
			bad = append(bad, err.Error())
			continue
		}
		good = append(good, f)
	}
	if len(good) == 0 {
		if len(bad) == 0 {
			bad = []string{"none given"}
		}
		im.note(name, false, "no usable glob (%s)", strings.Join(bad, "; "))
		return
	}
	for _, b := range bad {
		partial = append(partial, b+": glob dropped")
	}
	var goodEx []string
	for _, f := range exclude {
		if err := custom.ValidateGlob(f); err != nil {
			partial = append(partial, fmt.Sprintf("exclusion %q dropped: %v", f, err))
			continue
		}
		goodEx = append(goodEx, f)
	}
	ynode.Add(c, "id", ynode.Str(im.id(name)))
	ynode.Add(c, "type", ynode.Str(customType))
	if title != "" {
		ynode.Add(c, "title", ynode.Str(title))
	}
	ynode.Add(c, "severity", ynode.Str(level))
	if help != "" {
		ynode.Add(c, "help", ynode.Str(help))
	}
	if helpURL != "" {
		ynode.Add(c, "help-url", ynode.Str(helpURL))
	}
	ynode.Add(c, "files", ynode.StrSeq(good))
	if len(goodEx) > 0 {
		ynode.Add(c, "exclude", ynode.StrSeq(goodEx))
	}
	if nocase {
		ynode.Add(c, "nocase", ynode.Bool(true))
	}
	for _, b := range body {
		ynode.Add(c, b.key, b.v)
	}
	if n := len(c.Content); n >= 2 && c.Content[0].Value == "id" {
		c.Content[1].LineComment = "repolinter: " + name
	}
	im.custom = append(im.custom, c)
	for _, p := range partial {
		im.note(name, true, "%s", p)
	}
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

func (im *importer) render(source string) []byte {
	top := ynode.Map()
	var head strings.Builder
	fmt.Fprintf(&head, "Converted from the repolinter ruleset %s by `repogov policy import-repolinter`.\n", source)
	head.WriteString("It starts empty (extends: []) to match the ruleset; extend repogov:recommended for\nrepogov's built-in rules instead.")
	var not, part []string
	for _, n := range im.notes {
		who := n.Rule
		if who == "" {
			who = "(ruleset)"
		}
		if n.Converted {
			part = append(part, "  - "+who+": "+n.Reason)
		} else {
			not = append(not, "  - "+who+": "+n.Reason)
		}
	}
	if len(not) > 0 {
		head.WriteString("\n\nNot converted:\n" + strings.Join(not, "\n"))
	}
	if len(part) > 0 {
		head.WriteString("\n\nConverted in part:\n" + strings.Join(part, "\n"))
	}
	top.HeadComment = head.String()
	ynode.Add(top, "version", ynode.Int(1))
	ynode.Add(top, "name", ynode.Str(strings.TrimSuffix(source, filepath.Ext(source))))
	ynode.Add(top, "extends", ynode.Seq())
	rs := ynode.Map()
	for _, b := range im.builtIn {
		ynode.Add(rs, b.key, b.v)
	}
	if len(rs.Content) > 0 {
		ynode.Add(top, "rules", rs)
	}
	if len(im.custom) > 0 {
		cs := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: im.custom}
		ynode.Add(top, "custom-rules", cs)
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(top); err != nil {
		panic(err)
	}
	enc.Close()
	return b.Bytes()
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
