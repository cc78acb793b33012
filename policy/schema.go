package policy

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/repogov/repogov/rules/custom"
	"github.com/repogov/repogov/scanner/selection"
)

// The policy's JSON Schema (docs/policy.schema.json) is generated from the definitions
// below, and the decoder takes its key lists from the same definitions: a key added here
// is accepted by both, and the published file is stale until regenerated
// (`go test ./policy -update`).

// obj is a JSON object that keeps its key order.
type obj []field

type field struct {
	key string
	val any
}

func o(kv ...any) obj {
	var out obj
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, field{kv[i].(string), kv[i+1]})
	}
	return out
}

func (m obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range m {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.key)
		v, err := json.Marshal(f.val)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (m obj) keys() []string {
	out := make([]string, len(m))
	for i, f := range m {
		out[i] = f.key
	}
	return out
}

func (m obj) get(key string) any {
	for _, f := range m {
		if f.key == key {
			return f.val
		}
	}
	return nil
}

func ref(name string, kv ...any) obj { return append(o("$ref", "#/$defs/"+name), o(kv...)...) }

func strs(desc string) obj { return ref("strings", "description", desc) }

var selectionProps = o(
	"include-archived", o("type", "boolean", "default", false),
	"include-forks", o("type", "boolean", "default", false),
	"visibility", o("oneOf", []any{ref("visibility"), o("type", "array", "items", ref("visibility"))}),
	"include", strs("Repository name globs (name or owner/name, case-insensitive; doublestar: * within a segment, ** across); empty: all."),
	"exclude", strs("Repository name globs to leave out."),
	"topics", strs("Only repositories with at least one of these topics."),
	"exclude-topics", strs("Leave out repositories with any of these topics."),
)

var ruleProps = o(
	"enabled", o("type", "boolean", "default", true),
	"severity", ref("severity"),
	"require-own", o("type", "boolean", "description", "For rules the organization's .github repository may satisfy: count an inherited file as a failure."),
	"options", o("type", "object", "description", "Rule options (see `repogov rules ID`): integers, booleans, strings or lists of strings."),
)

var exemptionProps = o(
	"repositories", strs("Repository globs: name or owner/name, case-insensitive."),
	"rules", strs("Rule IDs, or * for every rule."),
	"reason", o("type", "string", "minLength", 1, "pattern", `\S`),
	"expires", ref("date"),
)

var teamProps = o(
	"team", o("description", "The team's name as the dashboard shows it, e.g. @acme/web.", "type", "string", "minLength", 1, "pattern", `\S`),
	"topics", strs("Repositories with any of these topics belong to the team."),
	"prefixes", strs("Repositories whose name starts with any of these prefixes belong to the team (case-insensitive)."),
)

var repoExemptionProps = o(
	"allow", o("type", "boolean", "default", false),
	"rules", strs("Rules repositories may exempt themselves from; absent: any."),
)

var templateProps = o(
	"file", o("type", "string", "minLength", 1, "description", "The path written (create, replace), relative to the repository root."),
	"text", o("type", "string", "description", "The content, inline."),
	"source", o("type", "string", "minLength", 1, "description", "A file holding the content, relative to this policy file."),
	"url", o("type", "string", "pattern", "^https://", "description", "An https URL holding the content (fetched by remediation only)."),
	"mode", o("enum", []string{"create", "replace", "prepend", "append", "remove"}, "default", "create"),
	"files", strs("Globs of existing files (prepend, append, remove)."),
	"newlines-before", o("type", "integer", "minimum", 0),
	"newlines-after", o("type", "integer", "minimum", 0),
	"skip-paths", strs("RE2 patterns of paths left alone."),
	"pull-request", o("type", "boolean", "default", false, "description", "Propose the change as a pull request."),
)

// whenProps are the conditions of custom.WhenKeys, described.
func whenProps() obj {
	desc := map[string]string{
		"language":     "Linguist language names; * any.",
		"license":      "SPDX ids as license-identified finds them; * any.",
		"packager":     "npm, maven, pypi, gradle, cargo, rubygem, nuget, …; * any.",
		"contributors": "Comparisons with the number of commit authors, all must hold: \">6\", \"<=2\".",
	}
	var out obj
	for _, k := range custom.WhenKeys {
		out = append(out, field{k, strs(desc[k])})
	}
	return out
}

// customProps are the keys of a custom rule: CommonKeys, then every type's own keys.
var customProps = func() obj {
	all := o(
		"id", ref("id"),
		"title", o("type", "string"),
		"type", o("enum", custom.Types),
		"severity", ref("severity", "default", "error"),
		"help", o("type", "string", "description", "Why it matters and how to fix it."),
		"help-url", o("type", "string", "pattern", "^https?://"),
		"files", strs("Globs relative to the repository root (doublestar): ** spans directories; {a,b} alternatives."),
		"exclude", ref("strings"),
		"nocase", o("type", "boolean", "default", false, "description", "Match the globs case-insensitively."),
		"kind", o("enum", []string{"file", "directory", "any"}, "default", "file"),
		"pattern", o("type", "string", "minLength", 1, "description", "An RE2 regular expression; (?i) for case-insensitive."),
		"if-missing", o("enum", []string{"fail", "not-applicable", "pass"}),
		"when", o("type", "object", "additionalProperties", false, "description", "Apply only to repositories with these facts (repolinter's axioms); every condition must hold, one value of each.",
			"properties", whenProps()),
		"patterns", strs("RE2 regular expressions."),
		"lines", o("type", "integer", "minimum", 1),
		"skip-binary", o("type", "boolean", "default", false),
		"skip-paths", strs("RE2 regular expressions on paths: files left out."),
		"algorithm", o("enum", []string{"sha256", "sha1", "sha512", "md5"}, "default", "sha256"),
		"hashes", strs("Hex digests."),
		"schema", o("type", []string{"object", "string"}, "description", "A JSON Schema (draft-07 by default), as a mapping or as a JSON string."),
		"denylist", strs("RE2 regular expressions."),
		"max-size", o("oneOf", []any{
			o("type", "integer", "minimum", 1),
			o("type", "string", "pattern", `^\s*\d+\s*([KMGTkmgt][Ii]?[Bb]|[Bb])?\s*$`),
		}),
	)
	var out obj
	for _, k := range append(custom.CommonKeys, custom.TypeKeys()...) {
		v := all.get(k)
		if v == nil {
			panic("policy schema: no definition for custom rule key " + k)
		}
		out = append(out, field{k, v})
	}
	return out
}()

// customTypeRules says, per type, which type keys it needs and which it must not have.
func customTypeRules() []any {
	var out []any
	for _, s := range custom.Specs {
		not := obj{}
		for _, k := range custom.TypeKeys() {
			if !strings.Contains(" "+strings.Join(s.Keys, " ")+" ", " "+k+" ") {
				not = append(not, field{k, false})
			}
		}
		then := obj{}
		req := s.Required
		if !s.NoFiles {
			req = append([]string{"files"}, req...)
		}
		if len(req) > 0 {
			then = append(then, field{"required", req})
		}
		if len(not) > 0 {
			then = append(then, field{"properties", not})
		}
		out = append(out, o("if", o("properties", o("type", o("const", s.Type))), "then", then))
	}
	return out
}

// topProps builds the top level from the current definitions.
func topProps() obj {
	return o(
		"version", o("description", "Policy format version.", "const", 1),
		"name", o("description", "A name for reports (default: the file name).", "type", "string", "minLength", 1),
		"extends", o("description", "Presets ("+strings.Join(Presets(), ", ")+") and policy files (relative to this file) to start from; later entries override earlier ones. Absent: "+DefaultPreset+". []: start empty.",
			"oneOf", []any{ref("base"), o("type", "array", "items", ref("base"))}),
		"selection", o("description", "Which repositories an organization scan covers; the scan flags of the same names override these.",
			"type", []string{"object", "null"}, "additionalProperties", false, "properties", selectionProps),
		"rules", o("description", "Rules by ID (`repogov rules` lists the built-in ones; custom rule IDs too). A mentioned rule is enabled unless it says false/off/enabled: false; a rule not mentioned keeps what the presets extended give it (repogov:recommended: the rule's own default).",
			"type", []string{"object", "null"}, "propertyNames", ref("id"),
			"additionalProperties", o("oneOf", []any{
				o("type", "boolean"), o("type", "null"), o("enum", []string{"off", "error", "warning", "note"}),
				o("type", "object", "additionalProperties", false, "properties", ruleProps),
			})),
		"custom-rules", o("description", "Rules without code.", "type", []string{"array", "null"}, "items", ref("custom")),
		"exemptions", o("type", []string{"array", "null"}, "items", o("type", "object", "additionalProperties", false,
			"required", []string{"repositories", "rules", "reason"}, "properties", exemptionProps)),
		"templates", o("description", "How remediation (repogov remediate, repogov fix) fixes a failing rule, by rule ID; a scan never acts on it. Converted repolinter fixes land here.",
			"type", []string{"object", "null"}, "propertyNames", ref("id"),
			"additionalProperties", o("type", "object", "additionalProperties", false, "properties", templateProps)),
		"remediation", o("description", "What remediation writes beyond templates (a licence, the Contributor Covenant), the contacts that fill placeholders, where hosted remediation reads templates, and whether repositories may opt out. A scan never acts on it.",
			"type", []string{"object", "null"}, "additionalProperties", false, "properties", remediationProps),
		"teams", o("description", "Owning teams for the dashboard (repogov serve), by topic or name prefix; the first entry that matches wins, before the CODEOWNERS default owner. A file that lists teams replaces what it extends.",
			"type", []string{"array", "null"}, "items", o("type", "object", "additionalProperties", false,
				"required", []string{"team"}, "properties", teamProps)),
		"repository-exemptions", o("description", "Whether repositories may exempt themselves in their own .repogov.yml, and from which rules.",
			"type", []string{"object", "null"}, "additionalProperties", false, "properties", repoExemptionProps),
	)
}

// Schema returns the policy's JSON Schema (draft 2020-12), as published in
// docs/policy.schema.json.
func Schema() []byte {
	s := o(
		"$schema", "https://json-schema.org/draft/2020-12/schema",
		"$id", "https://github.com/repogov/repogov/blob/main/docs/policy.schema.json",
		"title", "repogov policy (.repogov.yml)",
		"description", "Which repositories, which rules with which severities and options, custom file rules and exemptions. See docs/policy.md. Generated from policy/schema.go; repogov itself checks more than this schema can say (rule IDs and their options, globs, regular expressions).",
		"type", "object",
		"additionalProperties", false,
		"properties", topProps(),
		"$defs", o(
			"id", o("type", "string", "pattern", idRE.String()),
			"base", o("type", "string", "minLength", 1, "examples", append(Presets(), "../org-policy.yml")),
			"severity", o("enum", []string{"error", "warning", "note"}),
			"visibility", o("enum", selection.Visibilities),
			"strings", o("oneOf", []any{
				o("type", "string", "minLength", 1),
				o("type", "array", "items", o("type", "string", "minLength", 1)),
			}),
			"date", o("type", "string", "description", "YYYY-MM-DD (the exemption ends at the start of that day, UTC) or an RFC 3339 time.",
				"anyOf", []any{o("format", "date"), o("format", "date-time")}),
			"custom", o("type", "object", "additionalProperties", false, "required", []string{"id", "type"},
				"properties", customProps, "allOf", customTypeRules()),
		),
	)
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(err) // the definitions above always marshal
	}
	return append(b, '\n')
}
