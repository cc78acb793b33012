package policy

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/internal/ynode"
	"github.com/repogov/repogov/rules/custom"
)

// Template is how remediation fixes a failing rule: the policy's `templates:` block,
// keyed by rule ID. repogov scan never acts on it; `repogov remediate` / `repogov fix`
// (docs/policy.md, /work/notes/policy-templates.md) read it through Policy.Templates.
// Converted repolinter fixes (file-create, file-modify, pull-request-file-modify,
// file-remove) land here.
type Template struct {
	Rule string
	// File is the path the template writes (create, replace), relative to the root.
	File string
	// Exactly one of Text, Source and URL gives the content (none for remove).
	Text   string
	Source string // a file, resolved against the policy file's directory
	// SourceName is source as the policy wrote it: hosted remediation reads it from the
	// templates repository (Remediation.TemplatesRepository).
	SourceName string
	URL        string // an https URL fetched by remediation, never by a scan
	// Mode: create (write File when it is missing; the default), replace (overwrite
	// File), prepend or append (to every existing file matching Files), remove (delete
	// every file matching Files).
	Mode string
	// Files are doublestar globs of existing files (prepend, append, remove).
	Files []string
	// NewlinesBefore and NewlinesAfter are blank lines put around prepended or appended
	// text (repolinter's newlines.begin/end).
	NewlinesBefore, NewlinesAfter int
	// SkipPaths are RE2 patterns of paths prepend/append leave alone.
	SkipPaths []string
	// PullRequest asks remediation to propose the change as a pull request.
	PullRequest bool
	Origin      string // file:line:col where it was declared
}

// TemplateModes are the values of a template's mode.
var TemplateModes = []string{"create", "replace", "prepend", "append", "remove"}

type templateDef struct {
	Template
	file string
	node *yaml.Node
}

func (d *decoder) templates(v *yaml.Node) []*templateDef {
	var out []*templateDef
	d.mapping(v, "templates", nil, func(id string, k, v *yaml.Node) {
		what := "templates." + id
		t := &templateDef{Template: Template{Rule: id, Mode: "create"}, file: d.file, node: k}
		t.Origin = fmt.Sprintf("%s:%d:%d", d.file, k.Line, k.Column)
		got := map[string]bool{}
		bad := false
		d.mapping(v, what, templateProps.keys(), func(key string, k, v *yaml.Node) {
			got[key] = true
			w := what + "." + key
			ok := true
			switch key {
			case "file":
				t.File, ok = d.str(v, w)
			case "text":
				t.Text, ok = d.str(v, w)
			case "source":
				t.Source, ok = d.str(v, w)
				t.SourceName = t.Source
				if ok && !filepath.IsAbs(t.Source) && !strings.HasPrefix(d.file, "(") && !strings.HasPrefix(d.file, "repogov:") {
					t.Source = filepath.Join(filepath.Dir(d.file), t.Source)
				}
			case "url":
				t.URL, ok = d.str(v, w)
				if ok && !strings.HasPrefix(t.URL, "https://") {
					d.errf(v, "%s: want an https URL", w)
					ok = false
				}
			case "mode":
				t.Mode, ok = d.str(v, w)
				if ok && !slices.Contains(TemplateModes, t.Mode) {
					d.errf(v, "%s: want one of %s", w, strings.Join(TemplateModes, ", "))
					ok = false
				}
			case "files":
				for _, x := range d.strings(v, w) {
					if err := custom.ValidateGlob(x.Value); err != nil {
						d.errf(x, "%s: %v", w, err)
						ok = false
					}
					t.Files = append(t.Files, x.Value)
				}
			case "newlines-before", "newlines-after":
				n, okk := d.int(v, w)
				ok = okk && n >= 0
				if key == "newlines-before" {
					t.NewlinesBefore = int(n)
				} else {
					t.NewlinesAfter = int(n)
				}
			case "skip-paths":
				for _, x := range d.strings(v, w) {
					t.SkipPaths = append(t.SkipPaths, x.Value)
				}
			case "pull-request":
				t.PullRequest, ok = d.bool(v, w)
			}
			bad = bad || !ok
		})
		sources := 0
		for _, k := range []string{"text", "source", "url"} {
			if got[k] {
				sources++
			}
		}
		switch {
		case t.Mode == "remove":
			if sources > 0 || !got["files"] {
				d.errf(v, "%s: mode remove takes files and no content", what)
				bad = true
			}
		case sources != 1:
			d.errf(v, "%s: want exactly one of text, source and url", what)
			bad = true
		case (t.Mode == "create" || t.Mode == "replace") && !got["file"]:
			d.errf(v, "%s: mode %s needs file", what, t.Mode)
			bad = true
		case (t.Mode == "prepend" || t.Mode == "append") && !got["files"] && !got["file"]:
			d.errf(v, "%s: mode %s needs files", what, t.Mode)
			bad = true
		}
		if !bad {
			out = append(out, t)
		}
	})
	return out
}

// Templates returns the effective templates (a later file's template for a rule replaces
// an earlier one), in rule order of declaration.
func (p *Policy) Templates() []Template {
	var out []Template
	for _, t := range p.templates {
		out = append(out, t.Template)
	}
	return out
}

func templateNode(t Template) *yaml.Node {
	m := ynode.Map()
	if t.File != "" {
		ynode.Add(m, "file", ynode.Str(t.File))
	}
	switch {
	case t.Text != "":
		ynode.Add(m, "text", ynode.Str(t.Text))
	case t.Source != "":
		ynode.Add(m, "source", ynode.Str(t.Source))
	case t.URL != "":
		ynode.Add(m, "url", ynode.Str(t.URL))
	}
	ynode.Add(m, "mode", ynode.Str(t.Mode))
	if len(t.Files) > 0 {
		ynode.Add(m, "files", ynode.StrSeq(t.Files))
	}
	if t.NewlinesBefore > 0 {
		ynode.Add(m, "newlines-before", ynode.Int(t.NewlinesBefore))
	}
	if t.NewlinesAfter > 0 {
		ynode.Add(m, "newlines-after", ynode.Int(t.NewlinesAfter))
	}
	if len(t.SkipPaths) > 0 {
		ynode.Add(m, "skip-paths", ynode.StrSeq(t.SkipPaths))
	}
	if t.PullRequest {
		ynode.Add(m, "pull-request", ynode.Bool(true))
	}
	return m
}
