package policy

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/repogov/repogov/internal/ynode"
	"github.com/repogov/repogov/remediate/texts"
)

// Remediation is the policy's `remediation:` section: what remediation (repogov
// remediate, repogov fix) may write beyond the templates, and whether repositories may
// opt out of it. A scan never acts on it.
type Remediation struct {
	// License names the licence remediation adds for a failing license-file rule; nil
	// means never: a repository without a licence gets one only when the policy says
	// which (or through an explicit license-file template).
	License *License
	// Contacts are addresses or URLs by role ("security", "conduct", "support"); they fill
	// the template placeholders {{ .SecurityContact }}, {{ .ConductContact }},
	// {{ .SupportContact }}, and the conduct contact fills the Contributor Covenant.
	Contacts map[string]string
	// TemplatesRepository holds the templates' sources for hosted remediation: "NAME" (in
	// the remediated repository's owner; on GitLab its group, then each parent group) or
	// "OWNER/NAME"; "" means ".github" on GitHub, the owner's organization defaults
	// repository, and "gitlab-profile" on GitLab (remediate.GitLabTemplates).
	TemplatesRepository string
	// AllowOptOut lets a repository opt out of remediation in its own .repogov.yml
	// (`remediation: {opt-out: true}`).
	AllowOptOut bool
}

// License is the licence remediation adds.
type License struct {
	ID     string // canonical SPDX id, with an embedded text (remediate/texts)
	Holder string // the copyright holder: fills [fullname]
	Email  string // fills [email] (OFL-1.1 only)
	File   string // the path written; default LICENSE
	Origin string // file:line:col of the declaration
}

// Contacts are the roles a policy may give a contact for, and the placeholder each fills.
var Contacts = map[string]string{
	"security": "SecurityContact",
	"conduct":  "ConductContact",
	"support":  "SupportContact",
}

var contactRoles = []string{"conduct", "security", "support"}

var remediationProps = o(
	"license", o("type", "object", "additionalProperties", false, "required", []string{"id"},
		"description", "The licence remediation adds when license-file fails (never without this key or a license-file template); its text is embedded and written verbatim.",
		"properties", o(
			"id", o("type", "string", "minLength", 1, "description", "SPDX id with an embedded text: "+strings.Join(texts.IDs(), ", ")+" (GPL/LGPL/AGPL -only and -or-later share a text)."),
			"holder", o("type", "string", "minLength", 1, "description", "The copyright holder ([fullname]); required by texts with a copyright line."),
			"email", o("type", "string", "minLength", 1, "description", "Fills [email] (OFL-1.1)."),
			"file", o("type", "string", "minLength", 1, "default", "LICENSE"),
		)),
	"contacts", o("type", "object", "additionalProperties", false,
		"description", "Contacts by role: template placeholders {{ .SecurityContact }}, {{ .ConductContact }}, {{ .SupportContact }}; conduct also fills the Contributor Covenant.",
		"properties", o(
			"conduct", o("type", "string", "minLength", 1),
			"security", o("type", "string", "minLength", 1),
			"support", o("type", "string", "minLength", 1),
		)),
	"templates-repository", o("type", "string", "pattern", `^([A-Za-z0-9_.-]+/)?[A-Za-z0-9_.-]+$`,
		"description", "Where hosted remediation reads template sources: NAME in the remediated repository's owner (on GitLab: its group, then each parent group), or OWNER/NAME. Default: .github on GitHub, gitlab-profile on GitLab."),
	"allow-opt-out", o("type", "boolean", "default", false,
		"description", "Repositories may opt out of remediation with `remediation: {opt-out: true}` in their own .repogov.yml."),
)

var repoNameRE = regexp.MustCompile(`^([A-Za-z0-9_.-]+/)?[A-Za-z0-9_.-]+$`)

// remediationDef is one file's remediation section: keys given replace a base's.
type remediationDef struct {
	license     *License
	contacts    map[string]string
	templates   *string
	allowOptOut *bool
}

func (d *decoder) remediation(v *yaml.Node) *remediationDef {
	r := &remediationDef{}
	d.mapping(v, "remediation", remediationProps.keys(), func(key string, k, v *yaml.Node) {
		w := "remediation." + key
		switch key {
		case "license":
			r.license = d.license(k, v)
		case "contacts":
			r.contacts = map[string]string{}
			d.mapping(v, w, contactRoles, func(role string, k, v *yaml.Node) {
				if s, ok := d.line(v, w+"."+role); ok {
					r.contacts[role] = s
				}
			})
		case "templates-repository":
			if s, ok := d.str(v, w); ok {
				if !repoNameRE.MatchString(s) || strings.Contains(s, "..") {
					d.errf(v, "%s: want NAME or OWNER/NAME", w)
				} else {
					r.templates = &s
				}
			}
		case "allow-opt-out":
			if b, ok := d.bool(v, w); ok {
				r.allowOptOut = &b
			}
		}
	})
	return r
}

// line is a non-empty one-line string: values land in files and commit messages.
func (d *decoder) line(v *yaml.Node, what string) (string, bool) {
	s, ok := d.str(v, what)
	if !ok {
		return "", false
	}
	if strings.TrimSpace(s) == "" || strings.ContainsAny(s, "\r\n") {
		d.errf(v, "%s: want a non-empty single line", what)
		return "", false
	}
	return strings.TrimSpace(s), true
}

func (d *decoder) license(key, v *yaml.Node) *License {
	l := &License{File: "LICENSE", Origin: fmt.Sprintf("%s:%d:%d", d.file, key.Line, key.Column)}
	const w = "remediation.license"
	var idNode *yaml.Node
	bad := false
	d.mapping(v, w, []string{"id", "holder", "email", "file"}, func(key string, k, v *yaml.Node) {
		s, ok := d.line(v, w+"."+key)
		if !ok {
			bad = true
			return
		}
		switch key {
		case "id":
			l.ID, idNode = s, v
		case "holder":
			l.Holder = s
		case "email":
			l.Email = s
		case "file":
			if !validRepoPath(s) {
				d.errf(v, "%s.file: want a path inside the repository", w)
				bad = true
			}
			l.File = strings.TrimPrefix(s, "/")
		}
	})
	if bad {
		return nil
	}
	if idNode == nil {
		d.errf(v, "%s: want id (an SPDX licence id)", w)
		return nil
	}
	id, _, text, err := texts.License(l.ID)
	if err != nil {
		d.errf(idNode, "%s.id: %v", w, err)
		return nil
	}
	l.ID = id
	// What the policy must give is checked here, once, rather than per repository.
	for _, p := range texts.Needs(text) {
		switch {
		case p == "[fullname]" && l.Holder == "":
			d.errf(v, "%s: %s needs holder (its text has %s)", w, id, p)
			bad = true
		case p == "[email]" && l.Email == "":
			d.errf(v, "%s: %s needs email (its text has %s)", w, id, p)
			bad = true
		}
	}
	if bad {
		return nil
	}
	return l
}

func validRepoPath(p string) bool {
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.Contains(p, "\\") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// Remediation returns the effective remediation section (a later file's keys replace
// a base's).
func (p *Policy) Remediation() Remediation {
	r := p.remediation
	if r.Contacts != nil {
		c := make(map[string]string, len(r.Contacts))
		for k, v := range r.Contacts {
			c[k] = v
		}
		r.Contacts = c
	}
	if r.License != nil {
		l := *r.License
		r.License = &l
	}
	return r
}

func (r *Remediation) merge(d *remediationDef) {
	if d == nil {
		return
	}
	if d.license != nil {
		r.License = d.license
	}
	if d.contacts != nil {
		if r.Contacts == nil {
			r.Contacts = map[string]string{}
		}
		for k, v := range d.contacts {
			r.Contacts[k] = v
		}
	}
	if d.templates != nil {
		r.TemplatesRepository = *d.templates
	}
	if d.allowOptOut != nil {
		r.AllowOptOut = *d.allowOptOut
	}
}

// remediationNode renders the section for `repogov policy show`; only allow-opt-out
// changes a result (the repository-exemptions rule reports opt-outs), so only it is in
// the digest.
func (p *Policy) remediationNode(named bool) *yaml.Node {
	r := p.remediation
	m := ynode.Map()
	if named && r.License != nil {
		l := ynode.Map()
		ynode.Add(l, "id", ynode.Str(r.License.ID))
		if r.License.Holder != "" {
			ynode.Add(l, "holder", ynode.Str(r.License.Holder))
		}
		if r.License.Email != "" {
			ynode.Add(l, "email", ynode.Str(r.License.Email))
		}
		ynode.Add(l, "file", ynode.Str(r.License.File))
		ynode.Add(m, "license", l)
	}
	if named && len(r.Contacts) > 0 {
		c := ynode.Map()
		for _, role := range contactRoles {
			if v, ok := r.Contacts[role]; ok {
				ynode.Add(c, role, ynode.Str(v))
			}
		}
		ynode.Add(m, "contacts", c)
	}
	if named && r.TemplatesRepository != "" {
		ynode.Add(m, "templates-repository", ynode.Str(r.TemplatesRepository))
	}
	if r.AllowOptOut {
		ynode.Add(m, "allow-opt-out", ynode.Bool(true))
	}
	if len(m.Content) == 0 {
		return nil
	}
	return m
}
