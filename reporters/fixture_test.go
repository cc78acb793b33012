package reporters

import (
	"time"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/rules"
)

// The golden tests use this fixed rule list and report, not rules.All(), so that changes
// to the built-in rules do not churn the golden files.
var fixtureRules = []report.Rule{
	{
		ID: "license-file", Title: "A licence file is present",
		Doc:      "Without a licence nobody may use, change or share the code.\n\nAdd a `LICENSE` file with the [SPDX](https://spdx.org/licenses/) text of your licence.",
		HelpURL:  report.DocsURL + "#license-file",
		Severity: report.Error, Tags: []string{"legal", "standard-for-public-code"}, Precision: "high", Expected: "LICENSE",
	},
	{
		ID: "readme", Title: "A README explains the project",
		Doc:      "A README is the first thing users and contributors read.\n\nAdd `README.md` to the root with more than a title.",
		HelpURL:  report.DocsURL + "#readme",
		Severity: report.Error, Tags: []string{"community"}, Expected: "README.md",
	},
	{
		ID: "contributing", Title: "Contribution guidelines are published",
		Doc:      "The repository, or its organization's **.github** repository, has a CONTRIBUTING file.\n\n## How to fix\n\n* Add `CONTRIBUTING.md` to the root, `.github/` or `docs/`.",
		HelpURL:  report.DocsURL + "#contributing",
		Severity: report.Warning, Tags: []string{"community"}, Inherits: true, Expected: "CONTRIBUTING.md",
	},
	{
		ID: "security-policy", Title: "A security policy tells how to report vulnerabilities",
		Doc:      "A SECURITY.md tells reporters where to send vulnerabilities privately.",
		HelpURL:  report.DocsURL + "#security-policy",
		Severity: report.Warning, Tags: []string{"security", "community"}, Inherits: true, Expected: "SECURITY.md",
	},
	{
		ID: "codeowners", Title: "CODEOWNERS names valid owners",
		Doc:      "CODEOWNERS routes reviews to the people responsible for the code.",
		HelpURL:  report.DocsURL + "#codeowners",
		Severity: report.Note, Expected: ".github/CODEOWNERS",
	},
	{
		ID: "publiccode-yml", Title: "publiccode.yml is valid",
		Doc:      "publiccode.yml describes the software for public-sector catalogues.",
		HelpURL:  report.DocsURL + "#publiccode-yml",
		Severity: report.Note, Tags: []string{"standard-for-public-code"}, Precision: "very-high", Expected: "publiccode.yml",
	},
}

const fixtureVersion = "1.4.0"

func fixtureReport() *report.Report {
	t0 := time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)
	hosted := func(name, head string) repo.Meta {
		return repo.Meta{Host: "github.com", Owner: "acme", Name: name, FullName: "acme/" + name,
			URL: "https://github.com/acme/" + name, DefaultBranch: "main", HeadOID: head, Visibility: "public"}
	}
	res := func(id string, st rules.Status, sev rules.Severity, msg string) rules.Result {
		return rules.Result{RuleID: id, Status: st, Severity: sev, Message: msg}
	}
	alpha := []rules.Result{
		res("license-file", rules.Pass, report.Error, "LICENSE: MIT"),
		res("readme", rules.Pass, report.Error, "found README.md"),
		res("contributing", rules.Inherited, report.Warning, "acme/.github:CONTRIBUTING.md"),
		res("security-policy", rules.Pass, report.Warning, "found SECURITY.md"),
		res("codeowners", rules.Pass, report.Note, "found .github/CODEOWNERS"),
		res("publiccode-yml", rules.NotApplicable, report.Note, "not a public-sector project"),
	}
	alpha[0].Facts = map[string]any{"spdx": []string{"MIT"}}

	beta := []rules.Result{
		{RuleID: "license-file", Status: rules.Fail, Severity: report.Error,
			Message:     "No licence file in the root.",
			Remediation: "Add LICENSE with the text of an OSI-approved licence."},
		{RuleID: "readme", Status: rules.Fail, Severity: report.Error,
			Message:  "README.md is shorter than 64 bytes",
			Findings: []rules.Finding{{Path: "README.md", Line: 1, Message: "README is too short"}}},
		{RuleID: "contributing", Status: rules.Pass, Severity: report.Warning, Message: "found CONTRIBUTING.md"},
		{RuleID: "security-policy", Status: rules.Exempt, Severity: report.Warning,
			Message: "exempt: handled by the product security team", Reason: "handled by the product security team"},
		{RuleID: "codeowners", Status: rules.Fail, Severity: report.Note,
			Message: "2 CODEOWNERS lines name unknown owners",
			Findings: []rules.Finding{
				{Path: ".github/CODEOWNERS", Line: 3, Column: 7, Message: "@acme/ghosts is not a team", Key: "* @acme/ghosts#1"},
				{Path: ".github/CODEOWNERS", Line: 9, Column: 10, Message: "@nobody is not a user", Key: "/docs/ @nobody#1"},
			},
			Remediation: "Fix or remove the owners GitHub does not know."},
		{RuleID: "publiccode-yml", Status: rules.Fail, Severity: report.Note,
			Message: "publiccode.yml has 2 problems",
			Findings: []rules.Finding{
				{Path: "publiccode.yml", Line: 4, Column: 1, Message: "name: required key missing", Key: "name|missing"},
				{Path: "publiccode.yml", Line: 12, Column: 8, Message: `url: "</script><b>x</b>" & 'quotes' is not a URL`, Key: "url|invalid"},
			}},
	}

	delta := []rules.Result{
		res("license-file", rules.Pass, report.Error, "LICENSE: Apache-2.0"),
		res("readme", rules.Pass, report.Error, "found README.md"),
		{RuleID: "contributing", Status: rules.Fail, Severity: report.Error,
			Message:  "The contribution guide is empty.",
			Findings: []rules.Finding{{Path: "docs/How to contribute é.md", Message: "the file is empty"}}},
		res("security-policy", rules.StatusError, report.Warning, "reading SECURITY.md: rate limited"),
		res("codeowners", rules.Pass, report.Note, "found CODEOWNERS"),
		res("publiccode-yml", rules.NotApplicable, report.Note, "not a public-sector project"),
	}

	tools := []rules.Result{
		res("license-file", rules.Pass, report.Error, "LICENSE: MIT"),
		{RuleID: "readme", Status: rules.Fail, Severity: report.Error, Message: "no README in the root",
			Findings: []rules.Finding{{Path: "README.md", Message: "README is missing"}}},
		res("contributing", rules.Pass, report.Warning, "found CONTRIBUTING.md"),
		res("security-policy", rules.Pass, report.Warning, "found SECURITY.md"),
		res("codeowners", rules.NotApplicable, report.Note, "a single maintainer"),
		res("publiccode-yml", rules.NotApplicable, report.Note, "not a public-sector project"),
	}

	return &report.Report{
		Started:  t0,
		Finished: t0.Add(42 * time.Second),
		Rules:    fixtureRules,
		Targets:  []string{"github:acme", "./tools"},
		Policy:   report.Policy{Name: "default", Digest: "sha256:5d41402abc4b2a76b9719d911017c592ae2b1e0c5a3c6f2d1b2e3f4a5b6c7d8e"},
		RunID:    "2026-11-21T09:30:00Z",
		Repos: []report.Repository{
			{Meta: hosted("alpha", "0123456789abcdef0123456789abcdef01234567"), Results: alpha},
			{Meta: hosted("beta", "89abcdef0123456789abcdef0123456789abcdef"), Results: beta},
			{Meta: hosted("delta", "fedcba9876543210fedcba9876543210fedcba98"), Results: delta},
			{Meta: hosted("gamma", ""), Error: "GET /repos/acme/gamma/git/trees/HEAD: 404 Not Found"},
			{Meta: repo.Meta{Name: "tools", FullName: "./tools", Path: "/src/tools"}, Results: tools},
		},
	}
}
