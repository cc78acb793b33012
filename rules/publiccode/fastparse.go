package publiccode

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fastParse builds, for the plain block-style YAML almost every publiccode.yml is
// written in, the same node tree yaml.v3 would (kinds, tags, values, lines, columns),
// several times faster: yaml.v3's general parser dominates validation time. Anything
// outside that subset — flow collections, anchors, tags, escapes, multi-line plain
// scalars, tabs, CR, document markers, nulls, odd indentation — returns nil and the
// caller falls back to yaml.v3, which also produces every syntax error. FuzzFastParse
// checks that whenever fastParse answers, yaml.v3 agrees.
func fastParse(src []byte) *yaml.Node {
	if len(src) == 0 || src[len(src)-1] != '\n' || !utf8.Valid(src) {
		return nil // block scalars' final line break depends on it; keep to the simple case
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if (c < 0x20 && c != '\n') || c == 0x7f {
			return nil
		}
		if c >= 0x80 {
			// NEL, LS and PS are line breaks to yaml.v3; C1 controls, BOMs and
			// non-characters are rejected or special: leave them to it.
			switch {
			case c == 0xc2 && i+1 < len(src) && src[i+1] >= 0x80 && src[i+1] <= 0x9f:
				return nil
			case c == 0xe2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xa8 || src[i+2] == 0xa9):
				return nil
			case c == 0xef && i+2 < len(src) && ((src[i+1] == 0xbb && src[i+2] == 0xbf) || (src[i+1] == 0xbf && src[i+2] >= 0xbe)):
				return nil
			}
		}
	}
	p := &fastParser{lines: strings.Split(string(src[:len(src)-1]), "\n")}
	for _, l := range p.lines {
		if strings.HasPrefix(l, "---") || strings.HasPrefix(l, "...") || strings.HasPrefix(l, "%") {
			return nil
		}
	}
	if !p.skip() || p.indent() != 0 {
		return nil
	}
	root := p.block(0)
	if root == nil || p.skip() {
		return nil // trailing content the subset does not understand
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Line: 1, Column: 1, Content: []*yaml.Node{root}}
}

type fastParser struct {
	lines []string
	i     int // current line
	depth int // nesting, bounded so hostile input falls back to the guarded path
}

// skip moves to the next line with content (not blank, not a comment); false at EOF.
func (p *fastParser) skip() bool {
	for ; p.i < len(p.lines); p.i++ {
		t := strings.TrimLeft(p.lines[p.i], " ")
		if t != "" && t[0] != '#' {
			return true
		}
	}
	return false
}

func (p *fastParser) indent() int {
	l := p.lines[p.i]
	return len(l) - len(strings.TrimLeft(l, " "))
}

func isSeqEntry(rest string) bool { return rest == "-" || strings.HasPrefix(rest, "- ") }

// block parses the node whose first line is the current one, indented exactly ind.
func (p *fastParser) block(ind int) *yaml.Node {
	if p.depth++; p.depth > maxDepth {
		return nil
	}
	defer func() { p.depth-- }()
	if isSeqEntry(p.lines[p.i][ind:]) {
		return p.seq(ind)
	}
	return p.mapping(ind)
}

// key splits "key: rest" / "key:" with a conservative plain key.
func fastKey(s string) (key, rest string, ok bool) {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (i > 0 && (c >= '0' && c <= '9' || c == '_' || c == '-')) {
			i++
			continue
		}
		break
	}
	if i == 0 || i >= len(s) || s[i] != ':' || (i+1 < len(s) && s[i+1] != ' ') {
		return "", "", false
	}
	switch s[:i] {
	case "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL":
		return "", "", false
	}
	return s[:i], s[i+1:], true
}

func (p *fastParser) mapping(ind int) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: p.i + 1, Column: ind + 1}
	for {
		line := p.lines[p.i]
		k, rest, ok := fastKey(line[ind:])
		if !ok {
			return nil
		}
		kn := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: p.i + 1, Column: ind + 1}
		var val *yaml.Node
		trimmed := strings.TrimLeft(rest, " ")
		if trimmed == "" || trimmed[0] == '#' {
			// The value is on the following lines: deeper, or a sequence at this indent.
			p.i++
			if !p.skip() {
				return nil // null value
			}
			switch n := p.indent(); {
			case n > ind:
				val = p.block(n)
			case n == ind && isSeqEntry(p.lines[p.i][ind:]):
				val = p.seq(ind)
			default:
				return nil // null value
			}
		} else {
			col := len(line) - len(trimmed) + 1
			val = p.inline(trimmed, col, ind)
		}
		if val == nil {
			return nil
		}
		m.Content = append(m.Content, kn, val)
		if !p.skip() {
			return m
		}
		switch n := p.indent(); {
		case n < ind:
			return m
		case n > ind:
			return nil // a continuation line or bad indentation
		}
		if isSeqEntry(p.lines[p.i][ind:]) {
			return nil
		}
	}
}

func (p *fastParser) seq(ind int) *yaml.Node {
	s := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: p.i + 1, Column: ind + 1}
	for {
		line := p.lines[p.i]
		if line[ind:] == "-" {
			return nil // item on the next lines or null: rare, leave it to yaml.v3
		}
		after := line[ind+2:]
		trimmed := strings.TrimLeft(after, " ")
		if trimmed == "" || trimmed[0] == '#' {
			return nil
		}
		col := len(line) - len(trimmed) // 0-based
		var item *yaml.Node
		if _, _, isKey := fastKey(trimmed); isKey || isSeqEntry(trimmed) {
			// A compact nested block: blank out "- " so it reads as a block at col.
			p.lines[p.i] = strings.Repeat(" ", col) + trimmed
			item = p.block(col)
		} else {
			item = p.inline(trimmed, col+1, ind)
		}
		if item == nil {
			return nil
		}
		s.Content = append(s.Content, item)
		if !p.skip() {
			return s
		}
		switch n := p.indent(); {
		case n < ind:
			return s
		case n > ind:
			return nil
		}
		if !isSeqEntry(p.lines[p.i][ind:]) {
			return s // the parent mapping's next key at the same indent
		}
	}
}

// inline parses the scalar s starting at 1-based column col of the current line, whose
// parent block is indented ind, and leaves p.i on the last line it used.
func (p *fastParser) inline(s string, col, ind int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Line: p.i + 1, Column: col}
	switch s[0] {
	case '"':
		end := strings.IndexByte(s[1:], '"')
		if end < 0 || strings.IndexByte(s[1:end+1], '\\') >= 0 || !commentOnly(s[end+2:]) {
			return nil
		}
		n.Tag, n.Value, n.Style = "!!str", s[1:end+1], yaml.DoubleQuotedStyle
	case '\'':
		var b strings.Builder
		i := 1
		for {
			j := strings.IndexByte(s[i:], '\'')
			if j < 0 {
				return nil
			}
			b.WriteString(s[i : i+j])
			i += j + 1
			if i < len(s) && s[i] == '\'' {
				b.WriteByte('\'')
				i++
				continue
			}
			break
		}
		if !commentOnly(s[i:]) {
			return nil
		}
		n.Tag, n.Value, n.Style = "!!str", b.String(), yaml.SingleQuotedStyle
	case '|', '>':
		return p.blockScalar(s, n, ind)
	case '[', '{', '&', '*', '!', '?', '%', '@', '`', ',', ']', '}', '#', '-', ':', '<', '~':
		return nil
	default:
		v := s
		if i := strings.Index(v, " #"); i >= 0 {
			v = v[:i]
		}
		v = strings.TrimRight(v, " ")
		if strings.Contains(v, ": ") || strings.HasSuffix(v, ":") {
			return nil
		}
		tag, ok := plainTag(v)
		if !ok {
			return nil
		}
		n.Tag, n.Value = tag, v
	}
	p.i++
	return n
}

// commentOnly: what follows a quoted scalar on its line may only be a comment.
func commentOnly(rest string) bool {
	t := strings.TrimLeft(rest, " ")
	return t == "" || (t[0] == '#' && len(t) < len(rest))
}

// plainTag resolves a plain scalar as yaml.v3 does. Words are strings unless they are
// its boolean/null keywords; anything else (numbers, dates, dots) asks yaml.v3 itself.
func plainTag(v string) (string, bool) {
	c := v[0]
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 {
		switch v {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return "!!bool", true
		case "null", "Null", "NULL":
			return "!!null", true
		}
		return "!!str", true
	}
	var d yaml.Node
	if yaml.Unmarshal([]byte(v), &d) != nil || len(d.Content) != 1 || d.Content[0].Kind != yaml.ScalarNode || d.Content[0].Value != v {
		return "", false
	}
	return d.Content[0].Tag, true
}

// blockScalar reads a literal (|) or folded (>) scalar with clip, strip (-) or keep (+)
// chomping and an auto-detected indentation; other headers, leading blank lines and
// (for >) more-indented lines fall back to yaml.v3.
func (p *fastParser) blockScalar(s string, n *yaml.Node, ind int) *yaml.Node {
	h := s
	if i := strings.IndexByte(h, ' '); i >= 0 {
		h = h[:i]
		if !commentOnly(s[i:]) {
			return nil
		}
	}
	var chomp byte
	switch h {
	case "|", ">":
	case "|-", ">-", "|+", ">+":
		chomp = h[1]
	default:
		return nil
	}
	folded := h[0] == '>'
	start := p.i + 1
	if start >= len(p.lines) {
		return nil
	}
	first := p.lines[start]
	ci := len(first) - len(strings.TrimLeft(first, " "))
	if strings.TrimLeft(first, " ") == "" || ci <= ind {
		return nil
	}
	var content []string
	j := start
	for ; j < len(p.lines); j++ {
		l := p.lines[j]
		t := strings.TrimLeft(l, " ")
		if t == "" {
			if len(l) > ci {
				return nil // spaces beyond the indentation on a blank line are content
			}
			content = append(content, "")
			continue
		}
		if len(l)-len(t) < ci {
			break
		}
		if folded && len(l)-len(t) > ci {
			return nil
		}
		content = append(content, l[ci:])
	}
	trailing := 0
	for len(content) > 0 && content[len(content)-1] == "" {
		content = content[:len(content)-1]
		trailing++
	}
	var b strings.Builder
	blanks := 0
	for k, l := range content {
		switch {
		case l == "":
			blanks++
			continue
		case k == 0:
		case !folded:
			b.WriteString(strings.Repeat("\n", blanks+1))
		case blanks == 0:
			b.WriteByte(' ')
		default:
			b.WriteString(strings.Repeat("\n", blanks))
		}
		blanks = 0
		b.WriteString(l)
	}
	switch chomp {
	case 0:
		b.WriteByte('\n')
	case '+':
		b.WriteString(strings.Repeat("\n", trailing+1))
	}
	n.Tag, n.Value = "!!str", b.String()
	if folded {
		n.Style = yaml.FoldedStyle
	} else {
		n.Style = yaml.LiteralStyle
	}
	p.i = j
	return n
}
