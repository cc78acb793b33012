package policy

import (
	"fmt"
	"path"
	"strings"
)

// glob is one compiled path pattern: segments matched with path.Match, where a segment
// "**" matches any number of directories (zero included). Patterns are relative to the
// repository root ("README*" matches only root files, "**/README*" any).
type glob struct {
	src    string
	segs   []string
	nocase bool
}

type globSet []glob

const maxBraceExpansions = 256

// compileGlobs validates and compiles patterns, expanding {a,b} alternatives.
func compileGlobs(patterns []string, nocase bool) (globSet, error) {
	var out globSet
	for _, p := range patterns {
		alts, err := expandBraces(p, 0)
		if err != nil {
			return nil, fmt.Errorf("bad glob %q: %v", p, err)
		}
		for _, a := range alts {
			a = strings.TrimPrefix(strings.TrimPrefix(a, "./"), "/")
			if nocase {
				a = strings.ToLower(a)
			}
			if a == "" {
				return nil, fmt.Errorf("bad glob %q: empty pattern", p)
			}
			segs := strings.Split(a, "/")
			for _, s := range segs {
				if s == "" {
					return nil, fmt.Errorf("bad glob %q: empty path segment", p)
				}
				if strings.Contains(s, "**") && s != "**" {
					return nil, fmt.Errorf("bad glob %q: ** must be a whole path segment", p)
				}
				if _, err := path.Match(s, ""); err != nil {
					return nil, fmt.Errorf("bad glob %q: %v", p, err)
				}
			}
			out = append(out, glob{src: p, segs: segs, nocase: nocase})
		}
	}
	return out, nil
}

// expandBraces expands the first {a,b,...} group recursively. Braces do not nest.
func expandBraces(p string, depth int) ([]string, error) {
	open := strings.IndexByte(p, '{')
	if open < 0 {
		if strings.IndexByte(p, '}') >= 0 {
			return nil, fmt.Errorf("unmatched }")
		}
		return []string{p}, nil
	}
	end := strings.IndexByte(p[open:], '}')
	if end < 0 {
		return nil, fmt.Errorf("unmatched {")
	}
	end += open
	inner := p[open+1 : end]
	if strings.IndexByte(inner, '{') >= 0 {
		return nil, fmt.Errorf("nested braces are not supported")
	}
	var out []string
	for _, alt := range strings.Split(inner, ",") {
		rest, err := expandBraces(p[:open]+alt+p[end+1:], depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, rest...)
		if len(out) > maxBraceExpansions {
			return nil, fmt.Errorf("more than %d alternatives", maxBraceExpansions)
		}
	}
	return out, nil
}

func (g glob) match(p string) bool {
	if g.nocase {
		p = strings.ToLower(p)
	}
	return matchSegs(g.segs, strings.Split(p, "/"))
}

func matchSegs(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			// Collapse consecutive ** and try every split.
			for len(pat) > 0 && pat[0] == "**" {
				pat = pat[1:]
			}
			if len(pat) == 0 {
				return true
			}
			for i := 0; i < len(name); i++ {
				if matchSegs(pat, name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

func (gs globSet) match(p string) bool {
	for _, g := range gs {
		if g.match(p) {
			return true
		}
	}
	return false
}

// literalDir returns the directory part of the pattern when it has no wildcard ("" for
// the root), and false when the pattern may match in directories it cannot name.
func (g glob) literalDir() (string, bool) {
	dir := g.segs[:len(g.segs)-1]
	for _, s := range dir {
		if strings.ContainsAny(s, `*?[\`) {
			return "", false
		}
	}
	if g.segs[len(g.segs)-1] == "**" {
		return "", false
	}
	return strings.Join(dir, "/"), true
}
