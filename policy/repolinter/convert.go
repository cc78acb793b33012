package repolinter

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/internal/redact"
	"github.com/repogov/repogov/internal/ynode"
	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/rules"
	"github.com/repogov/repogov/rules/custom"
)

// Result is a repolinter ruleset (and the chain it extends) converted into policies.
type Result struct {
	// Policy is the flattened policy; with Options.Split, the top level's file (the
	// last of Files).
	Policy []byte
	// Files holds, with Options.Split, one policy per level of the chain, bases first;
	// each extends the previous by Name.
	Files []File
	// Notes list what could not be converted, or only in part, and why: for the
	// flattened policy, or with Split for every level (Level tells which).
	Notes []ImportNote
	// Levels counts, per ruleset of the chain (bases first), the rules it mentions and
	// how they converted.
	Levels []LevelSummary
}

// File is one policy file of a split conversion.
type File struct {
	Name string // a file name, relative to the directory the files are written to
	Data []byte
}

// LevelSummary counts the conversion of one ruleset of the chain.
type LevelSummary struct {
	Location                                    string
	Rules, Converted, InPart, NotConverted, Off int
}

// Import converts the repolinter ruleset at location (a file or an https URL) and every
// ruleset it extends.
func Import(ctx context.Context, location string, builtin []rules.Rule, opts Options) (*Result, error) {
	return ImportData(ctx, location, nil, builtin, opts)
}

// ImportData is Import for a ruleset already read (data may be nil: then location is
// read); location resolves relative extends.
func ImportData(ctx context.Context, location string, data []byte, builtin []rules.Rule, opts Options) (*Result, error) {
	l := &loader{opts: opts}
	levels, err := l.chain(ctx, location, data)
	if err != nil {
		return nil, err
	}
	for _, lv := range levels {
		if v := ynode.Field(lv.merged, "version"); v == nil || v.Value != "2" {
			return nil, fmt.Errorf("%s: not a repolinter v2 ruleset (\"version\": 2 missing); convert v1 rulesets with repolinter's own migration first", lv.display)
		}
		if r := ynode.Field(lv.merged, "rules"); r == nil || r.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%s: \"rules\" must be an object", lv.display)
		}
	}
	top := levels[len(levels)-1]
	im := &importer{builtin: builtin, ids: map[string]string{}, taken: map[string]bool{}, cur: map[string]string{}}
	im.axioms(top.merged)
	rs := ynode.Field(top.merged, "rules")
	for i := 0; i+1 < len(rs.Content); i += 2 {
		im.assign(rs.Content[i].Value)
	}
	res := &Result{}
	if !opts.Split {
		convs := im.convertAll(top)
		res.Notes = append(im.rulesetNotes(top), collectNotes(convs, "")...)
		res.Policy = im.render(top, strings.TrimSuffix(fileNames(levels)[len(levels)-1], ".yml"), nil, convs, "", res.Notes)
		res.Levels = summarize(levels, im, convs)
		if _, err := policy.Parse(filepath.Base(location)+" (converted)", res.Policy, builtin); err != nil {
			return nil, fmt.Errorf("converted policy does not load: %w", err)
		}
		return res, nil
	}
	var prev []conv
	names := fileNames(levels)
	var all []conv
	for i, lv := range levels {
		convs := im.convertAll(lv)
		base := ""
		if i > 0 {
			base = names[i-1]
		}
		notes := append(im.rulesetNotes(lv), collectNotes(delta(prev, convs), lv.display)...)
		data := im.render(lv, strings.TrimSuffix(names[i], ".yml"), prev, convs, base, notes)
		res.Files = append(res.Files, File{Name: names[i], Data: data})
		res.Notes = append(res.Notes, notes...)
		prev = convs
		all = convs
	}
	res.Policy = res.Files[len(res.Files)-1].Data
	res.Levels = summarize(levels, im, all)
	// The split files must load together.
	dir, err := os.MkdirTemp("", "repogov-import-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	for _, f := range res.Files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o600); err != nil {
			return nil, err
		}
	}
	if _, err := policy.Load(filepath.Join(dir, res.Files[len(res.Files)-1].Name), builtin); err != nil {
		return nil, fmt.Errorf("converted policies do not load: %w", err)
	}
	return res, nil
}

// fileNames names each level's policy after its ruleset: tier2/repolinter.json →
// tier2-repolinter.yml, unique within the chain.
func fileNames(levels []*level) []string {
	var out []string
	seen := map[string]bool{}
	for i, lv := range levels {
		loc := lv.location
		if u, err := url.Parse(loc); err == nil && u.Host != "" {
			loc = u.Path
		}
		loc = filepath.ToSlash(loc)
		parts := strings.Split(strings.Trim(loc, "/"), "/")
		stem := strings.TrimSuffix(parts[len(parts)-1], filepath.Ext(parts[len(parts)-1]))
		if generic := strings.HasPrefix(strings.ToLower(stem), "repolint"); generic && len(parts) > 1 {
			stem = parts[len(parts)-2] + "-" + stem // tier2/repolinter.json → tier2-repolinter
		}
		stem = strings.Trim(nonID.ReplaceAllString(strings.ToLower(stem), "-"), "-")
		if stem == "" || lv.location == "base64" {
			stem = "level" + strconv.Itoa(i)
		}
		name := stem + ".yml"
		for n := 2; seen[name]; n++ {
			name = stem + "-" + strconv.Itoa(n) + ".yml"
		}
		seen[name] = true
		out = append(out, name)
	}
	return out
}

type importer struct {
	builtin []rules.Rule
	ids     map[string]string // repolinter rule name → policy id
	taken   map[string]bool
	cur     map[string]string // repolinter rule name → the id the latest level uses (split)
	facts   map[string]string // axiom name in `where` → when key
	unknown map[string]string // axiom name → axiom id repogov has no condition for
}

var nonID = regexp.MustCompile(`[^a-z0-9]+`)

// numericWhere is repolinter's numeric axiom condition (contributors>6).
var numericWhere = regexp.MustCompile(`^([\w-]+)((?:>|<)=?)(\d+)$`)

func (im *importer) assign(name string) string {
	if id, ok := im.ids[name]; ok {
		return id
	}
	id := strings.Trim(nonID.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if id == "" {
		id = "rule"
	}
	_, builtin := rules.Lookup(im.builtin, id)
	if builtin || id == policy.RepoExemptionsRuleID || im.taken[id] {
		id = "repolinter-" + id
	}
	for base, n := id, 2; im.taken[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	im.taken[id] = true
	im.ids[name] = id
	return id
}

// axioms maps the names rules use in `where` to when-conditions.
func (im *importer) axioms(root *yaml.Node) {
	im.facts, im.unknown = map[string]string{}, map[string]string{}
	ax := ynode.Field(root, "axioms")
	if ax == nil || ax.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(ax.Content); i += 2 {
		id, name := ax.Content[i].Value, ax.Content[i+1].Value
		switch id {
		case "linguist":
			im.facts[name] = "language"
		case "licensee":
			im.facts[name] = "license"
		case "packagers":
			im.facts[name] = "packager"
		case "contributor-count":
			im.facts[name] = "contributors"
		default:
			im.unknown[name] = id
		}
	}
}

func (im *importer) rulesetNotes(lv *level) []ImportNote {
	var out []ImportNote
	for i := 0; i+1 < len(lv.raw.Content); i += 2 {
		switch k := lv.raw.Content[i].Value; k {
		case "version", "rules", "axioms", "extends", "$schema", "formatOptions":
		default:
			out = append(out, ImportNote{Level: lv.display, Converted: true, Reason: fmt.Sprintf("unknown top-level key %q ignored", k)})
		}
	}
	return out
}

// conv is one repolinter rule (its merged body) converted.
type conv struct {
	name    string
	id      string     // the policy rule id (custom, or the built-in one)
	builtin bool       // id is a built-in rule
	level   string     // error, warning, off
	def     *yaml.Node // custom rule, without severity
	tmpl    *yaml.Node // remediation template
	notes   []ImportNote
	ok      bool
}

func (c conv) key() string {
	if !c.ok {
		return "!"
	}
	var b bytes.Buffer
	for _, n := range []*yaml.Node{c.def, c.tmpl} {
		if n != nil {
			out, _ := ynode.Encode(n)
			b.Write(out)
		}
		b.WriteString("\x00")
	}
	return b.String()
}

func (im *importer) convertAll(lv *level) []conv {
	rs := ynode.Field(lv.merged, "rules")
	var out []conv
	for i := 0; i+1 < len(rs.Content); i += 2 {
		out = append(out, im.rule(rs.Content[i].Value, rs.Content[i+1]))
	}
	return out
}

func collectNotes(cs []conv, levelName string) []ImportNote {
	var out []ImportNote
	for _, c := range cs {
		for _, n := range c.notes {
			n.Level = levelName
			out = append(out, n)
		}
	}
	return out
}

// delta is what a level changes: rules new at this level or whose body changed.
func delta(prev, cur []conv) []conv {
	var out []conv
	for _, c := range cur {
		i := slices.IndexFunc(prev, func(p conv) bool { return p.name == c.name })
		if i < 0 || prev[i].key() != c.key() || prev[i].ok != c.ok {
			out = append(out, c)
		}
	}
	return out
}

func summarize(levels []*level, im *importer, top []conv) []LevelSummary {
	var out []LevelSummary
	for _, lv := range levels {
		s := LevelSummary{Location: lv.display}
		raw := ynode.Field(lv.raw, "rules")
		cs := im.convertAll(lv)
		for i := 0; raw != nil && i+1 < len(raw.Content); i += 2 {
			name := raw.Content[i].Value
			s.Rules++
			j := slices.IndexFunc(cs, func(c conv) bool { return c.name == name })
			c := cs[j]
			switch {
			case !c.ok:
				s.NotConverted++
			case len(c.notes) > 0:
				s.InPart++
			default:
				s.Converted++
			}
			if c.level == "off" {
				s.Off++
			}
		}
		out = append(out, s)
	}
	return out
}

func (im *importer) rule(name string, def *yaml.Node) conv {
	c := conv{name: name, id: im.assign(name), level: "error"}
	note := func(converted bool, format string, args ...any) {
		c.notes = append(c.notes, ImportNote{Rule: name, Converted: converted, Reason: fmt.Sprintf(format, args...)})
	}
	if def.Kind != yaml.MappingNode {
		note(false, "not an object")
		return c
	}
	if l := ynode.Field(def, "level"); l != nil {
		c.level = l.Value
	}
	switch c.level {
	case "error", "warning", "off":
	default:
		note(false, "unknown level %q", c.level)
		return c
	}
	r := ynode.Field(def, "rule")
	typ := ynode.Field(r, "type")
	if typ == nil || typ.Value == "" {
		note(false, "no rule.type (in this ruleset or any it extends)")
		return c
	}
	opts := ynode.Field(r, "options")
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
	truthy := func(key string) bool {
		n := get(key)
		return n != nil && n.Value == "true"
	}
	// presentation-only options: results carry lines and messages of their own
	present := func(keys ...string) {
		for _, k := range keys {
			used[k] = true
		}
	}
	m := ynode.Map()
	set := func(k string, v *yaml.Node) { ynode.Add(m, k, v) }
	help := ""
	if pi := ynode.Field(def, "policyInfo"); pi != nil && pi.Value != "" {
		help = pi.Value
	}
	var excludes []string
	files := func(keys ...string) []string {
		var out []string
		for _, g := range strList(get(keys...)) {
			g = strings.TrimPrefix(g, "./")
			if neg, ok := strings.CutPrefix(g, "!"); ok { // globby's negation
				excludes = append(excludes, strings.TrimPrefix(neg, "./"))
				continue
			}
			if err := custom.ValidateGlob(g); err != nil {
				note(true, "%v: glob dropped", err)
				continue
			}
			out = append(out, g)
		}
		return out
	}
	regex := func(pat, flags string) (string, bool) {
		p, err := jsRegexp(pat, flags)
		if err != nil {
			note(false, "%v", err)
			return "", false
		}
		return p, true
	}
	ifMissing := func(key string, yes, no string) {
		v := no
		if truthy(key) {
			v = yes
		}
		set("if-missing", ynode.Str(v))
	}
	var typeName string
	var globs []string
	var body []kv
	add := func(k string, v *yaml.Node) { body = append(body, kv{k, v}) }
	switch typ.Value {
	case "file-existence", "directory-existence":
		typeName = "file-exists"
		globs = files("globsAny", "files", "directories")
		if typ.Value == "directory-existence" {
			add("kind", ynode.Str("directory"))
		} else if truthy("dirs") {
			add("kind", ynode.Str("any"))
		}
		if fm := get("fail-message"); fm != nil && help == "" {
			help = fm.Value
		}
	case "file-not-exists":
		typeName = "file-absent"
		globs = files("globsAll", "files")
		if truthy("dirs") {
			add("kind", ynode.Str("any"))
		}
		present("pass-message")
	case "file-type-exclusion":
		typeName = "file-absent"
		var ex []string
		for _, g := range strList(get("type")) {
			if strings.HasPrefix(g, "!") {
				ex = append(ex, g[1:])
			} else {
				globs = append(globs, g)
			}
		}
		excludes = append(excludes, ex...)
	case "file-contents", "file-not-contents":
		typeName = map[string]string{"file-contents": "file-contains", "file-not-contents": "file-not-contains"}[typ.Value]
		globs = files("globsAll", "files")
		content := get("content")
		if content == nil || content.Value == "" {
			note(false, "no content pattern")
			return c
		}
		pat, ok := regex(content.Value, valueOr(get("flags"), ""))
		if !ok {
			return c
		}
		add("pattern", ynode.Str(pat))
		// repolinter passes when no file matches, unless fail-on-non-existent; repogov
		// says not-applicable (docs/policy.md lists the difference).
		ifMissing("fail-on-non-existent", "fail", map[string]string{"file-contains": "not-applicable", "file-not-contains": "pass"}[typeName])
		if hr := get("human-readable-content"); hr != nil && hr.Value != "" {
			verb := "contain"
			if typeName == "file-not-contains" {
				verb = "do not contain"
			}
			set("title", ynode.Str(fmt.Sprintf("Files matching %s %s %s", strings.Join(strList(get("globsAll", "files")), ", "), verb, hr.Value)))
		}
		present("display-result-context", "context-char-length")
	case "large-file":
		typeName = "max-file-size"
		globs = files("globsAll", "files")
		n, err := strconv.ParseInt(valueOr(get("size"), ""), 10, 64)
		if err != nil || n <= 0 {
			note(false, "large-file needs a positive size in bytes")
			return c
		}
		add("max-size", ynode.Int(n))
		if truthy("fail-on-non-existent") {
			note(true, "fail-on-non-existent dropped: max-file-size passes when no file matches")
		}
	case "file-starts-with":
		typeName = "file-starts-with"
		globs = files("globsAll", "files")
		flags := valueOr(get("flags"), "")
		var pats []string
		for _, p := range strList(get("patterns")) {
			rp, ok := regex(p, flags)
			if !ok {
				return c
			}
			pats = append(pats, rp)
		}
		n, err := strconv.Atoi(valueOr(get("lineCount"), ""))
		if err != nil || n <= 0 || len(pats) == 0 {
			note(false, "file-starts-with needs patterns and a positive lineCount")
			return c
		}
		add("patterns", ynode.StrSeq(pats))
		add("lines", ynode.Int(n))
		if truthy("skip-binary-files") {
			add("skip-binary", ynode.Bool(true))
		}
		if sp := get("skip-paths-matching"); sp != nil {
			var skip []string
			if ext := strList(ynode.Field(sp, "extensions")); len(ext) > 0 {
				skip = append(skip, `(?i).(`+strings.Join(ext, "|")+`)$`)
			}
			for _, p := range strList(ynode.Field(sp, "patterns")) {
				if p == "" {
					continue
				}
				rp, ok := regex(p, valueOr(ynode.Field(sp, "flags"), ""))
				if !ok {
					return c
				}
				skip = append(skip, rp)
			}
			if len(skip) > 0 {
				add("skip-paths", ynode.StrSeq(skip))
			}
		}
		ifMissing("succeed-on-non-existent", "pass", "fail")
		if hp := get("human-readable-pattern"); hp != nil && hp.Value != "" {
			set("title", ynode.Str(fmt.Sprintf("Files matching %s start with %s", strings.Join(globs, ", "), hp.Value)))
		}
	case "file-hash":
		typeName = "file-hash"
		globs = files("globsAny", "files")
		h := get("hash")
		if h == nil || h.Value == "" {
			note(false, "file-hash needs a hash")
			return c
		}
		add("algorithm", ynode.Str(valueOr(get("algorithm"), "sha256")))
		add("hashes", ynode.StrSeq([]string{h.Value}))
		ifMissing("succeed-on-non-existent", "pass", "fail")
	case "file-hashes-not-exist":
		typeName = "file-hashes-absent"
		globs = files("globsAll", "files")
		hs := strList(get("hashes"))
		if len(hs) == 0 {
			note(false, "file-hashes-not-exist needs hashes")
			return c
		}
		add("algorithm", ynode.Str(valueOr(get("algorithm"), "sha256")))
		add("hashes", ynode.StrSeq(hs))
	case "json-schema-passes":
		typeName = "json-schema"
		globs = files("glob")
		sch := get("schema")
		if sch == nil || sch.Kind != yaml.MappingNode {
			note(false, "json-schema-passes needs an inline schema object")
			return c
		}
		add("schema", clone(sch))
		ifMissing("succeed-on-non-existent", "pass", "fail")
		if hm := get("human-readable-message"); hm != nil && hm.Value != "" {
			set("title", ynode.Str(hm.Value+" in "+strings.Join(globs, ", ")))
		}
	case "file-no-broken-links":
		typeName = "no-broken-links"
		globs = files("globsAll", "files")
		ifMissing("succeed-on-non-existent", "pass", "fail")
		if truthy("pass-external-relative-links") {
			note(true, "pass-external-relative-links dropped: relative links are always checked inside the repository")
		}
	case "git-grep-commits", "git-grep-log", "git-list-tree":
		typeName = map[string]string{"git-grep-commits": "git-history-contents", "git-grep-log": "git-history-messages", "git-list-tree": "git-history-paths"}[typ.Value]
		var deny []string
		for _, p := range strList(get("denylist", "blacklist")) {
			rp, ok := regex(p, "")
			if !ok {
				return c
			}
			deny = append(deny, rp)
		}
		if len(deny) == 0 {
			note(false, "%s needs a denylist", typ.Value)
			return c
		}
		add("denylist", ynode.StrSeq(deny))
		if truthy("ignoreCase") {
			set("nocase", ynode.Bool(true))
		}
	case "git-working-tree":
		typeName = "git-repository"
		present("allowSubDir") // repogov scans repository roots
	case "apache-notice":
		typeName, globs = "file-exists", []string{"NOTICE*"}
		if help == "" {
			help = "The NOTICE file is described in section 4.4 of the Apache License version 2.0. Its presence is not mandated by the license itself, but by ASF policy."
		}
	case "best-practices-badge-present":
		typeName, globs = "file-contains", []string{"README*"}
		set("nocase", ynode.Bool(true))
		set("title", ynode.Str("The README shows the OpenSSF Best Practices badge"))
		add("pattern", ynode.Str(`(?i)https://bestpractices\.coreinfrastructure\.org(/\w+)?/projects/\d+`))
		add("if-missing", ynode.Str("fail"))
		if get("minPercentage") != nil {
			note(true, "minPercentage dropped: checking the badge's level needs the network; the rule checks the badge is present")
		}
	case "license-detectable-by-licensee":
		if _, ok := rules.Lookup(im.builtin, "license-identified"); !ok {
			note(false, "this build has no license-identified rule")
			return c
		}
		c.id, c.builtin = "license-identified", true
		note(true, "mapped to the built-in rule license-identified, which identifies licences with its own matcher rather than licensee")
		if w := strList(ynode.Field(def, "where")); len(w) > 0 && !(len(w) == 1 && strings.HasSuffix(w[0], "=*")) {
			note(true, "where %s dropped: a built-in rule takes no conditions", strings.Join(w, ", "))
		}
		c.tmpl = im.fix(ynode.Field(def, "fix"), note)
		c.ok = true
		return c
	default:
		note(false, "type %s has no equivalent in repogov", typ.Value)
		return c
	}
	if truthy("nocase") && ynode.Field(m, "nocase") == nil {
		set("nocase", ynode.Bool(true))
	}
	if len(excludes) > 0 {
		set("exclude", ynode.StrSeq(excludes))
	}
	if opts != nil && opts.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(opts.Content); i += 2 {
			if k := opts.Content[i].Value; !used[k] {
				note(true, "option %q dropped (unknown to %s)", k, typ.Value)
			}
		}
	}
	if len(globs) == 0 && typeName != "git-repository" && !strings.HasPrefix(typeName, "git-history") {
		note(false, "no usable glob")
		return c
	}
	when := ynode.Map()
	var counts []string
	for _, w := range strList(ynode.Field(def, "where")) {
		if m := numericWhere.FindStringSubmatch(w); m != nil {
			if im.facts[m[1]] != "contributors" {
				note(false, "where %q: the ruleset declares no contributor-count axiom named %q", w, m[1])
				return c
			}
			counts = append(counts, m[2]+m[3]) // numeric conditions all hold, as in repolinter
			continue
		}
		name, value, ok := strings.Cut(w, "=")
		fact := im.facts[name]
		switch {
		case !ok:
			note(false, "where %q: not a condition (want name=value or name>number)", w)
			return c
		case fact == "" && im.unknown[name] != "":
			note(false, "where %q: repogov has no condition for the axiom %s", w, im.unknown[name])
			return c
		case fact == "":
			note(false, "where %q: the ruleset declares no axiom named %q (repogov evaluates linguist, licensee, packagers, contributor-count)", w, name)
			return c
		case ynode.Field(when, fact) != nil:
			note(true, "where %q dropped: repogov ORs the values of one condition, repolinter ANDs them", w)
			continue
		}
		ynode.Add(when, fact, ynode.StrSeq([]string{value}))
	}
	out := ynode.Map()
	ynode.Add(out, "id", ynode.Str(c.id))
	out.Content[1].LineComment = "repolinter: " + name
	ynode.Add(out, "type", ynode.Str(typeName))
	if t := ynode.Field(m, "title"); t != nil {
		ynode.Add(out, "title", t)
	}
	if help != "" {
		ynode.Add(out, "help", ynode.Str(help))
	}
	if pu := ynode.Field(def, "policyUrl"); pu != nil {
		if u, err := url.Parse(pu.Value); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
			ynode.Add(out, "help-url", ynode.Str(pu.Value))
		}
	}
	if len(globs) > 0 {
		ynode.Add(out, "files", ynode.StrSeq(globs))
	}
	for _, k := range []string{"exclude", "nocase"} {
		if v := ynode.Field(m, k); v != nil {
			ynode.Add(out, k, v)
		}
	}
	if len(counts) > 0 {
		ynode.Add(when, "contributors", ynode.StrSeq(counts))
	}
	if len(when.Content) > 0 {
		ynode.Add(out, "when", when)
	}
	for _, b := range body {
		ynode.Add(out, b.key, b.v)
	}
	if v := ynode.Field(m, "if-missing"); v != nil && ynode.Field(out, "if-missing") == nil {
		ynode.Add(out, "if-missing", v)
	}
	c.def = out
	c.tmpl = im.fix(ynode.Field(def, "fix"), note)
	c.ok = true
	return c
}

// fix converts a repolinter fix into a remediation template (the policy's templates:).
func (im *importer) fix(f *yaml.Node, note func(bool, string, ...any)) *yaml.Node {
	if f == nil {
		return nil
	}
	typ := valueOr(ynode.Field(f, "type"), "")
	o := ynode.Field(f, "options")
	t := ynode.Map()
	text := func() bool {
		tx := ynode.Field(o, "text")
		switch {
		case tx == nil:
			note(true, "fix %s without text dropped", typ)
			return false
		case tx.Kind == yaml.ScalarNode:
			ynode.Add(t, "text", ynode.Str(tx.Value))
		case ynode.Field(tx, "url") != nil:
			u := ynode.Field(tx, "url").Value
			if !strings.HasPrefix(u, "https://") {
				note(true, "fix text url %s dropped: templates fetch https URLs only", redact.URL(u))
				return false
			}
			ynode.Add(t, "url", ynode.Str(u))
		case ynode.Field(tx, "file") != nil:
			ynode.Add(t, "source", ynode.Str(ynode.Field(tx, "file").Value))
		default:
			note(true, "fix %s: text not understood, dropped", typ)
			return false
		}
		return true
	}
	switch typ {
	case "file-create":
		ynode.Add(t, "file", ynode.Str(valueOr(ynode.Field(o, "file"), "")))
		if !text() {
			return nil
		}
		mode := "create"
		if valueOr(ynode.Field(o, "replace"), "") == "true" {
			mode = "replace"
		}
		ynode.Add(t, "mode", ynode.Str(mode))
	case "file-modify", "pull-request-file-modify":
		if !text() {
			return nil
		}
		ynode.Add(t, "mode", ynode.Str(valueOr(ynode.Field(o, "write_mode"), "append")))
		fs := strList(ynode.Field(o, "files"))
		if len(fs) == 0 {
			note(true, "fix %s without files dropped", typ)
			return nil
		}
		ynode.Add(t, "files", ynode.StrSeq(fs))
		nl := ynode.Field(o, "newlines")
		if b := valueOr(ynode.Field(nl, "begin"), "0"); b != "0" {
			n, _ := strconv.Atoi(b)
			ynode.Add(t, "newlines-before", ynode.Int(n))
		}
		if e := valueOr(ynode.Field(nl, "end"), "0"); e != "0" {
			n, _ := strconv.Atoi(e)
			ynode.Add(t, "newlines-after", ynode.Int(n))
		}
		if sp := ynode.Field(o, "skip-paths-matching"); sp != nil {
			var skip []string
			if ext := strList(ynode.Field(sp, "extensions")); len(ext) > 0 {
				skip = append(skip, `(?i).(`+strings.Join(ext, "|")+`)$`)
			}
			for _, p := range strList(ynode.Field(sp, "patterns")) {
				if rp, err := jsRegexp(p, valueOr(ynode.Field(sp, "flags"), "")); err == nil {
					skip = append(skip, rp)
				}
			}
			if len(skip) > 0 {
				ynode.Add(t, "skip-paths", ynode.StrSeq(skip))
			}
		}
		if typ == "pull-request-file-modify" {
			ynode.Add(t, "pull-request", ynode.Bool(true))
		}
	case "file-remove":
		fs := strList(ynode.Field(o, "globsAll"))
		if len(fs) == 0 {
			note(true, "fix file-remove without globsAll dropped")
			return nil
		}
		ynode.Add(t, "mode", ynode.Str("remove"))
		ynode.Add(t, "files", ynode.StrSeq(fs))
	default:
		note(true, "fix type %q has no template equivalent, dropped", typ)
		return nil
	}
	return t
}

// render writes one policy: the rules of convs (all of them, or with a base only what
// changed since prev).
func (im *importer) render(lv *level, name string, prev, convs []conv, base string, notes []ImportNote) []byte {
	top := ynode.Map()
	var head strings.Builder
	fmt.Fprintf(&head, "Converted from the repolinter ruleset %s by `repogov policy import-repolinter`.\n", lv.display)
	if base == "" {
		head.WriteString("It starts empty (extends: []) to match the ruleset; extend repogov:recommended for\nrepogov's built-in rules instead.")
	} else {
		fmt.Fprintf(&head, "It extends %s, as the ruleset extends its base.", base)
	}
	var not, part []string
	for _, n := range notes {
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
	ynode.Add(top, "name", ynode.Str(name))
	if base == "" {
		ynode.Add(top, "extends", ynode.Seq())
	} else {
		ynode.Add(top, "extends", ynode.StrSeq([]string{base}))
	}
	rs := ynode.Map()
	cs := ynode.BlockSeq()
	ts := ynode.Map()
	for _, c := range convs {
		if !c.ok {
			continue
		}
		i := slices.IndexFunc(prev, func(p conv) bool { return p.name == c.name && p.ok })
		id := c.id
		if cur, ok := im.cur[c.name]; ok {
			id = cur
		}
		switch {
		case i < 0 || prev[i].key() != c.key():
			var d *yaml.Node
			if c.def != nil {
				d = clone(c.def)
			}
			if i >= 0 && !c.builtin {
				// The body changed: a custom rule is defined once, so this level
				// replaces it with a new one and turns the base's off.
				ynode.Add(rs, id, ynode.Str("off"))
				id = im.assign(c.name + "-" + name)
				d.Content[1].Value = id
			}
			im.cur[c.name] = id
			if c.builtin {
				ynode.Add(rs, id, levelNode(c.level))
			} else {
				sev := c.level
				if sev == "off" {
					sev = "error"
				}
				// severity after type, before the rest
				d.Content = append(d.Content[:4], append([]*yaml.Node{ynode.Str("severity"), ynode.Str(sev)}, d.Content[4:]...)...)
				cs.Content = append(cs.Content, d)
				if c.level == "off" {
					ynode.Add(rs, id, ynode.Str("off"))
				}
			}
			if c.tmpl != nil {
				ynode.Add(ts, id, c.tmpl)
			}
		case prev[i].level != c.level:
			ynode.Add(rs, id, levelNode(c.level))
		}
	}
	if len(rs.Content) > 0 {
		ynode.Add(top, "rules", rs)
	}
	if len(cs.Content) > 0 {
		ynode.Add(top, "custom-rules", cs)
	}
	if len(ts.Content) > 0 {
		ynode.Add(top, "templates", ts)
	}
	b, err := ynode.Encode(top)
	if err != nil {
		panic(err) // nodes built here always encode
	}
	return b
}

func levelNode(level string) *yaml.Node {
	return ynode.Str(level) // error, warning or off: all valid rule values
}
