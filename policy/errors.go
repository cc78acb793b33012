package policy

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Error is one problem in a policy file, at a position.
type Error struct {
	File string
	Line int // 1-based
	Col  int // 1-based
	Msg  string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Errors returns the individual problems in err (a joined error from Load), in order.
// Errors that carry no position are returned as *Error with Line 0.
func Errors(err error) []*Error {
	if err == nil {
		return nil
	}
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		var pe *Error
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		if errors.As(err, &pe) {
			out = append(out, pe)
			return
		}
		out = append(out, &Error{Msg: err.Error()})
	}
	walk(err)
	return out
}

// problems gathers every error of one load.
type problems struct {
	errs []*Error
}

func (p *problems) at(file string, n *yaml.Node, format string, args ...any) {
	e := &Error{File: file, Line: 1, Col: 1, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = max(n.Line, 1), max(n.Column, 1)
	}
	p.errs = append(p.errs, e)
}

func (p *problems) add(e *Error) { p.errs = append(p.errs, e) }

func (p *problems) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	// Files in the order their first problem was found (load order), then by position.
	fileOrder := map[string]int{}
	for _, e := range p.errs {
		if _, ok := fileOrder[e.File]; !ok {
			fileOrder[e.File] = len(fileOrder)
		}
	}
	sort.SliceStable(p.errs, func(i, j int) bool {
		a, b := p.errs[i], p.errs[j]
		if a.File != b.File {
			return fileOrder[a.File] < fileOrder[b.File]
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	errs := make([]error, len(p.errs))
	for i, e := range p.errs {
		errs[i] = e
	}
	return errors.Join(errs...)
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// syntaxError turns a yaml.v3 parse error into a positioned Error. The parser reports a
// line but no column, so the column is 1.
func syntaxError(file string, err error) *Error {
	e := &Error{File: file, Line: 1, Col: 1, Msg: err.Error()}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		if m[1] != "" {
			e.Line, _ = strconv.Atoi(m[1])
		}
		e.Msg = m[2]
	}
	return e
}

// with is one positioned problem as an error.
func (p *problems) with(file string, n *yaml.Node, format string, args ...any) error {
	p.at(file, n, format, args...)
	return p.err()
}
