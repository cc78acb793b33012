package rules

import (
	"context"
	"fmt"
	"strings"

	"github.com/repogov/repogov/repo"
)

// doc describes one governance document for the presence check shared by several rules.
type doc struct {
	name     string // as people write it: "CONTRIBUTING"
	spec     fileSpec
	expected string // canonical path to create (docs/reports.md, sarif)
	inherits bool
}

// remedy says how to add the document.
func (d doc) remedy() string {
	r := "Add " + d.expected
	if len(d.spec.dirs) > 1 {
		r += fmt.Sprintf(" (%s are all accepted)", strings.Replace(where(d.spec.dirs), " or ", " and ", 1))
	}
	if d.inherits {
		r += ", or a default for every repository to the organization's public .github repository"
	}
	return r + "."
}

// check is the presence check: found, inherited, missing, or present but unusable.
func (d doc) check(ctx context.Context, s *repo.Snapshot) Result {
	return d.result(ctx, locate(ctx, s, d.spec, d.inherits))
}

func (d doc) result(ctx context.Context, l located) Result {
	if l.Hit == nil {
		return d.missing(l)
	}
	_, st, err := inspect(ctx, l.Snap, *l.Hit)
	if err != nil {
		return Result{Status: StatusError, Message: readError(l.Name(), err).Error()}
	}
	facts := map[string]any{"path": l.Hit.Path}
	if len(l.Others) > 0 {
		facts["others"] = l.Others
	}
	switch {
	case l.Inherited():
		facts["inheritedFrom"] = l.Origin
		if l.Hit.Entry.OID != "" {
			facts["oid"] = l.Hit.Entry.OID
		}
		return Result{Status: Inherited, Message: "inherited from " + l.Name(), Findings: l.Notes, Facts: facts}
	case st == stateEmpty || st == stateBinary:
		return Result{Status: Fail, Message: fmt.Sprintf("%s exists but is %s", l.Hit.Path, st),
			Findings:    append([]Finding{{Path: l.Hit.Path, Line: 1, Message: fmt.Sprintf("%s is %s", d.name, st)}}, l.Notes...),
			Remediation: fmt.Sprintf("Write the %s text in %s.", d.name, l.Hit.Path), Facts: facts}
	}
	msg := "found " + l.Hit.Path
	if len(l.Others) > 0 {
		msg += " (also " + strings.Join(l.Others, ", ") + ")"
	}
	return Result{Status: Pass, Message: msg, Findings: l.Notes, Facts: facts}
}

func (d doc) missing(l located) Result {
	msg := fmt.Sprintf("No %s file in %s", d.name, where(d.spec.dirs))
	if l.OrgNote != "" {
		msg += "; " + l.OrgNote
	}
	return Result{Status: Fail, Message: msg + ".",
		Findings:    append([]Finding{{Path: d.expected, Message: d.name + " is missing"}}, l.Notes...),
		Remediation: d.remedy()}
}

// presenceRule completes r with the Check, Expected, Inherits and HelpURL of d.
func presenceRule(r Rule, d doc) Rule {
	r.HelpURL = DocsURL + "#" + r.ID
	r.Expected = d.expected
	r.Inherits = d.inherits
	r.Precision = "very-high"
	r.Reads = d.spec.reads()
	r.Check = func(ctx context.Context, s *repo.Snapshot, _ Options) Result { return d.check(ctx, s) }
	return r
}
