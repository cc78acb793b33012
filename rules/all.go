package rules

import "github.com/repogov/repogov/report"

// DocsURL is where docs/rules.md is published; a rule's HelpURL is DocsURL + "#" + ID.
const DocsURL = report.DocsURL

// All returns the built-in rules in report order. It is the one list: adding a rule
// means adding its file and one line here.
func All() []Rule {
	return []Rule{
		LicenseFile,
		LicenseIdentified,
		LicenseApproved,
		Readme,
		Contributing,
		CodeOfConduct,
		CodeOfConductContact,
		Governance,
		SecurityPolicy,
		SecurityPolicyContact,
		Support,
		Codeowners,
		Maintainers,
		Changelog,
		IssueTemplates,
		PullRequestTemplate,
		PubliccodeYml,
		PubliccodeYmlValid,
		RepositoryDescription,
		RepositoryTopics,
		Inactive,
	}
}
