package rules

import (
	"fmt"
	"strings"
)

// spcPrefix marks the tag naming the Standard for Public Code criterion a rule serves.
const spcPrefix = "spc:"

// Markdown renders docs/rules.md from rs. Each rule is a "## ID" section, so the
// anchor GitHub generates is the rule ID, which HelpURL points at.
func Markdown(rs []Rule) string {
	var b strings.Builder
	b.WriteString("# Rules\n\n")
	b.WriteString("<!-- Generated from rules.All() by `go test ./rules -update`. DO NOT EDIT. -->\n\n")
	b.WriteString("repogov evaluates the rules below that are on by default on every repository, in this order, at their default severity " +
		"(that is the `repogov:recommended` preset); a policy turns rules on or off and changes severities. " +
		"Each evaluation gives one result: `pass`, `fail`, `inherited` (satisfied by the organization's public `.github` repository; " +
		"counts as passing unless the policy says `require-own`), `exempt`, `not-applicable` or `error`. " +
		"A failing result points at the file found, or at the path we expect (below) when there is none.\n\n")
	b.WriteString("`repogov rules` lists the rules; `repogov rules ID` explains one.\n\n")
	b.WriteString("| rule | on by default | severity | inherits | title |\n|---|---|---|---|---|\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s | %s |\n", r.ID, r.ID, yesNo(r.Default), r.Severity, yesNo(r.Inherits), r.Title)
	}
	for _, r := range rs {
		fmt.Fprintf(&b, "\n## %s\n\n**%s**\n\n%s\n\n", r.ID, r.Title, strings.TrimSpace(r.Doc))
		b.WriteString("| | |\n|---|---|\n")
		fmt.Fprintf(&b, "| on by default | %s |\n", yesNo(r.Default))
		fmt.Fprintf(&b, "| default severity | %s |\n", r.Severity)
		fmt.Fprintf(&b, "| may be inherited from the organization's `.github` | %s |\n", yesNo(r.Inherits))
		if r.Expected != "" {
			fmt.Fprintf(&b, "| expected path | `%s` |\n", r.Expected)
		}
		if r.Precision != "" {
			fmt.Fprintf(&b, "| precision | %s |\n", r.Precision)
		}
		if len(r.Reads) > 0 {
			fmt.Fprintf(&b, "| reads (any case) | `%s` |\n", strings.Join(r.Reads, "`, `"))
		}
		var tags []string
		for _, t := range r.Tags {
			if c, ok := strings.CutPrefix(t, spcPrefix); ok {
				fmt.Fprintf(&b, "| Standard for Public Code | [%s](https://standard.publiccode.net/criteria/%s.html) |\n", c, c)
			}
			tags = append(tags, "`"+t+"`")
		}
		fmt.Fprintf(&b, "| tags | %s |\n", strings.Join(tags, ", "))
		for _, p := range r.Params {
			fmt.Fprintf(&b, "| option `%s` | %s, default `%v`: %s |\n", p.Name, p.Type, p.Default, p.Doc)
		}
	}
	return b.String()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
