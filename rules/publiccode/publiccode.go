// Package publiccode validates publiccode.yml files (https://yml.publiccode.tools) offline,
// reporting every problem with its dotted key path and its line and column. The rules, and
// where they follow the Developers Italia reference validator rather than the standard's
// prose, are in docs/publiccode-yml.md ("the spec" in comments: §n).
//
// The package depends on nothing else in repogov, so other tools can embed it.
package publiccode

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Severity is "error" (the file is invalid) or "warning" (valid, but worth fixing).
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Problem is one finding about a publiccode.yml file.
type Problem struct {
	Key      string   `json:"key"`
	Severity Severity `json:"severity"`
	Code     string   `json:"code,omitempty"` // spec §1 codes: yaml, unknown-key, type, required, enum, ...
	Message  string   `json:"message"`
	Line     int      `json:"line"`   // 1-based; 0 when no position applies
	Column   int      `json:"column"` // 1-based, in Unicode code points; 0 when no position applies
}

// String formats the problem as "line:col: severity: key: message" (the key part is
// omitted for whole-file problems).
func (p Problem) String() string {
	if p.Key == "" {
		return fmt.Sprintf("%d:%d: %s: %s", p.Line, p.Column, p.Severity, p.Message)
	}
	return fmt.Sprintf("%d:%d: %s: %s: %s", p.Line, p.Column, p.Severity, p.Key, p.Message)
}

// Options tells Validate about the repository the file belongs to.
type Options struct {
	// FS is the repository root, for relative paths (logo, screenshots, authorsFile); nil
	// skips existence and content checks. It may implement fs.ReadLinkFS to detect symlinks.
	FS fs.FS
	// RepoURL is the repository the file came from, e.g. "https://github.com/acme/alpha";
	// "" skips the check that url points at it.
	RepoURL string
	// Fork makes a url mismatch a warning (a technical fork) instead of an error.
	Fork bool
	// DefaultBranch maps same-repository raw/blob URLs onto FS paths.
	DefaultBranch string
	// Now is the clock for "contract ended" warnings; zero means time.Now().
	Now time.Time
	// Size is the file's real size in bytes when the caller read only part of a larger
	// file (reading stops after MaxFileSize+1 bytes): a file over the limit is reported
	// with it rather than with the length of content. Zero means len(content).
	Size int64
}

// Limits. MaxFileSize is the catalog's fetch cap (F12); the alias and depth caps are our
// hardening against billion-laughs documents (F11): any legitimate file is far below.
const (
	MaxFileSize     = 20 << 20
	maxAliasNodes   = 10000
	maxDepth        = 64
	maxQuotedLength = 80
	// maxSearchSize bounds the files whose YAML syntax errors are located by re-parsing
	// prefixes (offendingLine); real files are a few KB, larger ones keep yaml.v3's line.
	maxSearchSize = 1 << 20
)

type pos struct{ line, col int }

type validator struct {
	opts  Options
	now   time.Time
	probs []Problem
}

func (v *validator) add(key string, sev Severity, code string, at pos, format string, args ...any) {
	v.probs = append(v.probs, Problem{Key: key, Severity: sev, Code: code, Message: fmt.Sprintf(format, args...), Line: at.line, Column: at.col})
}

func (v *validator) errorf(key, code string, at pos, format string, args ...any) {
	v.add(key, SeverityError, code, at, format, args...)
}

func (v *validator) warnf(key, code string, at pos, format string, args ...any) {
	v.add(key, SeverityWarning, code, at, format, args...)
}

// Validate checks content as a publiccode.yml file and returns its problems sorted by
// line, column and key, each (key, code, message) at most once. It never panics and
// does no network I/O; with opts.FS set it reads the files the document references.
func Validate(content []byte, opts Options) []Problem {
	v := &validator{opts: opts, now: opts.Now}
	if v.now.IsZero() {
		v.now = time.Now()
	}
	v.validate(content)
	return finish(v.probs)
}

func finish(ps []Problem) []Problem {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Key, b.Key),
			cmp.Compare(a.Severity, b.Severity), cmp.Compare(a.Code, b.Code), cmp.Compare(a.Message, b.Message))
	})
	type id struct{ key, code, msg string }
	seen := make(map[id]bool, len(ps))
	out := ps[:0]
	for _, p := range ps {
		k := id{p.Key, p.Code, p.Message}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (v *validator) validate(content []byte) {
	if len(content) > MaxFileSize {
		v.errorf("", "file", pos{1, 1}, "file is %d bytes, larger than the 20 MiB catalogs read", max(int64(len(content)), v.opts.Size))
		return
	}
	// F3: the reference rejects a BOM with a misleading message; we say what is wrong and
	// go on validating the rest, so one problem does not hide the others.
	if bytes.HasPrefix(content, []byte("\xef\xbb\xbf")) {
		v.errorf("", "encoding", pos{1, 1}, "file starts with a UTF-8 byte-order mark; remove it")
		content = content[3:]
	}
	// F2: without valid UTF-8 no position after the bad byte can be trusted.
	if !utf8.Valid(content) {
		v.errorf("", "encoding", invalidUTF8At(content), "file is not valid UTF-8")
		return
	}
	// F5: any directive; yaml.v3 would otherwise accept %YAML 1.1 silently.
	// The directive is blanked out afterwards so the rest of the file is still checked.
	var blanked []byte
	off := 0
	for i, line := range bytes.Split(content, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("%")) {
			v.errorf("", "multi-doc", pos{i + 1, 1}, "YAML directives (%s) are not allowed", quote(strings.Fields(string(line))[0]))
			if blanked == nil {
				blanked = bytes.Clone(content)
			}
			for j := off; j < off+len(line); j++ {
				blanked[j] = ' '
			}
		}
		off += len(line) + 1
	}
	if blanked != nil {
		content = blanked
	}
	doc, ok := v.parse(content)
	if !ok {
		return
	}
	if doc == nil || len(doc.Content) == 0 {
		v.errorf("publiccodeYmlVersion", "required", pos{}, "required key is missing (the file is empty)")
		return
	}
	root := doc.Content[0]
	if !v.checkExpansion(content, root) {
		return
	}
	root = deref(root)
	if root.Kind != yaml.MappingNode {
		v.errorf("", "type", posOf(root), "the document must be a mapping, got %s", kindName(root))
		return
	}
	first := posOf(root)
	if len(root.Content) > 0 {
		first = posOf(root.Content[0])
	}
	v.top(root, first)
}

// fastPath enables fastParse. It stays (docs/publiccode-yml.md §18): with yaml.v3 alone
// validation falls below the 5,000 files/s the scanner budgets; BenchmarkValidateYAMLv3
// turns it off to measure that.
var fastPath = true

// parse decodes exactly one document (F4), mapping parser errors onto positions (F7).
func (v *validator) parse(content []byte) (*yaml.Node, bool) {
	if doc := fastParse(content); doc != nil && fastPath {
		return doc, true
	}
	dec := yaml.NewDecoder(bytes.NewReader(content))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, true
		}
		v.yamlError(content, err)
		return nil, false
	}
	var second yaml.Node
	switch err := dec.Decode(&second); {
	case err == nil:
		v.errorf("", "multi-doc", secondDocPos(content, &second), "the file must hold exactly one YAML document; remove the second one")
	case errors.Is(err, io.EOF):
	default:
		// A syntax error after the first document still makes the file unreadable.
		v.yamlError(content, err)
		return nil, false
	}
	return &doc, true
}

func (v *validator) yamlError(content []byte, err error) {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msg = strings.Join(te.Errors, "; ")
	}
	m := yamlLineRe.FindStringSubmatch(msg)
	if m == nil {
		v.errorf("", "yaml", pos{1, 1}, "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
		return
	}
	line, _ := strconv.Atoi(m[1])
	// yaml.v3 reports a parser error at the line of its context — the start of the
	// enclosing mapping or sequence — not where the problem is (an indentation error on
	// line 38 reads "line 18"). The offending line is the one whose addition makes the
	// document fail with the same message.
	if at := offendingLine(content, m[2]); at > 0 && at != line {
		v.errorf("", "yaml", pos{at, firstColumn(content, at)}, "invalid YAML: %s (in the block that starts on line %d)", m[2], line)
		return
	}
	v.errorf("", "yaml", pos{line, firstColumn(content, line)}, "invalid YAML: %s", m[2])
}

// offendingLine returns the line a parser error is really about, or 0: the first line
// n such that the document cut after it fails with message msg while the document cut
// before it does not. When the document cut before it is itself unfinished (it fails
// with "unexpected end of stream": an unclosed quote or bracket), the line where that
// unfinished construct starts is returned instead. Binary searches over prefixes:
// O(log lines) parses, only for files that are already invalid.
func offendingLine(content []byte, msg string) int {
	if len(content) > maxSearchSize {
		return 0 // each probe parses up to the whole file: keep hostile files cheap
	}
	var ends []int // ends[i]: offset just after line i+1
	for i, c := range content {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(content) {
		ends = append(ends, len(content))
	}
	failure := func(n int) string { // the message the first n lines fail with, or ""
		if n == 0 {
			return ""
		}
		var doc yaml.Node
		err := yaml.NewDecoder(bytes.NewReader(content[:ends[n-1]])).Decode(&doc)
		if err == nil {
			return ""
		}
		if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
			return m[2]
		}
		return err.Error()
	}
	// search finds, between lo (ok(lo) false) and hi (ok(hi) true), adjacent lines with
	// that property.
	search := func(lo, hi int, ok func(int) bool) int {
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if ok(mid) {
				hi = mid
			} else {
				lo = mid
			}
		}
		return hi
	}
	if failure(len(ends)) != msg {
		return 0
	}
	k := search(0, len(ends), func(n int) bool { return failure(n) == msg })
	const unfinished = "found unexpected end of stream"
	if msg == unfinished || failure(k-1) != unfinished {
		return k
	}
	return search(0, k-1, func(n int) bool { return failure(n) == unfinished })
}

// firstColumn is the column of the first character of line n that is not a space.
func firstColumn(content []byte, n int) int {
	for i, l := range bytes.Split(content, []byte("\n")) {
		if i+1 == n {
			return utf8.RuneCount(l) - utf8.RuneCount(bytes.TrimLeft(l, " ")) + 1
		}
	}
	return 1
}

// secondDocPos finds the "---" that starts the second document; yaml.v3 does not keep it.
func secondDocPos(content []byte, second *yaml.Node) pos {
	seenContent := false
	for i, line := range strings.Split(string(content), "\n") {
		t := strings.TrimRight(line, "\r")
		if t == "---" || strings.HasPrefix(t, "--- ") {
			if seenContent {
				return pos{i + 1, 1}
			}
			continue
		}
		if s := strings.TrimSpace(t); s != "" && !strings.HasPrefix(s, "#") {
			seenContent = true
		}
	}
	return posOf(second)
}

func invalidUTF8At(b []byte) pos {
	line, col := 1, 1
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			return pos{line, col}
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		b = b[n:]
	}
	return pos{line, col}
}

// checkExpansion bounds what aliases can make the validator walk (F11): the node count
// after expansion may exceed the literal count by at most maxAliasNodes, and nesting,
// through aliases, may not exceed maxDepth. Sizes are memoised per node, so the check
// itself is linear in the document, whatever the aliases multiply.
func (v *validator) checkExpansion(src []byte, root *yaml.Node) bool {
	type info struct{ size, depth int }
	var memo map[*yaml.Node]info
	var busy map[*yaml.Node]bool
	if bytes.IndexByte(src, '&') >= 0 {
		memo, busy = map[*yaml.Node]info{}, map[*yaml.Node]bool{}
	}
	literal := 0
	var bad string
	var badAt pos
	var walk func(n *yaml.Node) info
	walk = func(n *yaml.Node) info {
		if bad != "" {
			return info{}
		}
		// Only anchored nodes can be reached twice (through aliases), so only they are
		// memoised and guarded against cycles; this keeps the common case map-free.
		anchored := n.Anchor != ""
		if anchored {
			if r, ok := memo[n]; ok {
				return r
			}
			if busy[n] {
				bad, badAt = "an alias refers to a node that contains it", posOf(n)
				return info{}
			}
			busy[n] = true
			defer delete(busy, n)
		}
		r := info{size: 1, depth: 1}
		if n.Kind == yaml.AliasNode {
			if n.Alias != nil {
				t := walk(n.Alias)
				r = info{size: t.size, depth: t.depth}
			}
		} else {
			literal++
			for _, c := range n.Content {
				t := walk(c)
				r.size += t.size
				r.depth = max(r.depth, t.depth+1)
				if r.size > literal+maxAliasNodes+len(n.Content) && bad == "" {
					bad, badAt = fmt.Sprintf("aliases expand to more than %d nodes", maxAliasNodes), posOf(c)
				}
				if r.depth > maxDepth && bad == "" {
					bad, badAt = fmt.Sprintf("nesting is deeper than %d levels", maxDepth), posOf(c)
				}
			}
		}
		r.size = min(r.size, 1<<40)
		if anchored {
			memo[n] = r
		}
		return r
	}
	total := walk(root)
	if bad == "" && total.size > literal+maxAliasNodes {
		bad, badAt = fmt.Sprintf("aliases expand to more than %d nodes", maxAliasNodes), posOf(root)
	}
	if bad != "" {
		v.errorf("", "yaml", badAt, "%s", bad)
		return false
	}
	return true
}

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxDepth; i++ {
		n = n.Alias
	}
	return n
}

func posOf(n *yaml.Node) pos {
	if n == nil {
		return pos{}
	}
	return pos{n.Line, n.Column}
}

func kindName(n *yaml.Node) string {
	n = deref(n)
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a sequence"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!null":
			return "null"
		}
		return "a string"
	}
	return "an unknown node"
}

// quote quotes s for a message, truncated to maxQuotedLength code points.
func quote(s string) string {
	if utf8.RuneCountInString(s) > maxQuotedLength {
		r := []rune(s)
		s = string(r[:maxQuotedLength]) + "…"
	}
	return strconv.Quote(s)
}

// seg formats a key as a path segment (spec §1): plain, unless it would be ambiguous.
func seg(k string) string {
	if k == "" || strings.ContainsAny(k, ".[] \t\r\n\f\v") {
		b, _ := jsonQuote(k)
		return "[" + b + "]"
	}
	return k
}

func join(path, key string) string {
	s := seg(key)
	if strings.HasPrefix(s, "[") || path == "" {
		return path + s
	}
	return path + "." + s
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }
