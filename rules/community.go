package rules

// The community health files GitHub knows, which an organization may supply for all its
// repositories through its public .github repository.

var (
	contributingDoc = doc{name: "CONTRIBUTING", spec: fileSpec{names: []string{"CONTRIBUTING"}, dirs: githubDirs},
		expected: "CONTRIBUTING.md", inherits: true}
	codeOfConductDoc = doc{name: "CODE_OF_CONDUCT", spec: fileSpec{names: []string{"CODE_OF_CONDUCT"}, dirs: githubDirs},
		expected: "CODE_OF_CONDUCT.md", inherits: true}
	governanceDoc = doc{name: "GOVERNANCE", spec: fileSpec{names: []string{"GOVERNANCE"}, dirs: githubDirs},
		expected: "GOVERNANCE.md", inherits: true}
	// doc/ too: Scorecard accepts it, and the spec keeps every peer's legitimate match.
	securityDoc = doc{name: "SECURITY", spec: fileSpec{names: []string{"SECURITY"}, dirs: []string{".github", "", "docs", "doc"}},
		expected: "SECURITY.md", inherits: true}
	supportDoc = doc{name: "SUPPORT", spec: fileSpec{names: []string{"SUPPORT"}, dirs: githubDirs},
		expected: "SUPPORT.md", inherits: true}
)

// lookNote says where a community file is looked for; examples are accepted spellings.
func lookNote(examples string) string {
	return "repogov looks in `.github/`, the root and `docs/` (GitHub's order), for any case and any documentation extension (" + examples + "). " +
		"When the repository has none, a file in the organization's public `.github` repository counts as the default (status `inherited`), as it does on GitHub; a policy may require the repository's own file (`require-own`)."
}

// Contributing: contribution guidelines.
var Contributing = presenceRule(Rule{
	ID:    "contributing",
	Title: "Contribution guidelines are published",
	Doc: "A CONTRIBUTING file tells newcomers how to propose changes: how to report bugs, how to submit a pull request, what review to expect, and which contributions are welcome. GitHub links it when people open issues and pull requests.\n\n" +
		"Add `CONTRIBUTING.md`. Templates: https://github.com/github/docs/blob/main/CONTRIBUTING.md, https://contributing.md/. " + lookNote("`CONTRIBUTING.md`, `contributing.rst`, `Contributing`") + "\n\n" +
		"`CONTRIBUTORS` (a list of people) does not count.",
	Severity: Error,
	Default:  true,
	Tags:     []string{"community", "standard-for-public-code", "spc:welcome-contributors"},
}, contributingDoc)

// CodeOfConduct: a code of conduct.
var CodeOfConduct = presenceRule(Rule{
	ID:    "code-of-conduct",
	Title: "A code of conduct is adopted",
	Doc: "A code of conduct sets the expectations for behaviour in the project's spaces and says how unacceptable behaviour is handled. It signals a welcoming community and gives maintainers a basis for moderation.\n\n" +
		"Add `CODE_OF_CONDUCT.md`, for example the Contributor Covenant (https://www.contributor-covenant.org/) with its contact placeholder filled in. " + lookNote("`CODE_OF_CONDUCT.md`, `code-of-conduct.rst`, `CodeOfConduct`"),
	Severity: Error,
	Default:  true,
	Tags:     []string{"community", "standard-for-public-code", "spc:welcome-contributors"},
}, codeOfConductDoc)

// Governance: how decisions are made.
var Governance = presenceRule(Rule{
	ID:    "governance",
	Title: "The project's governance is documented",
	Doc: "A GOVERNANCE file says who decides and how: roles, how maintainers are appointed, how disputes are resolved. The Standard for Public Code requires it so that contributors and reusing organizations can trust the project's future.\n\n" +
		"Add `GOVERNANCE.md`; examples: https://github.com/cncf/project-template/blob/main/GOVERNANCE.md, https://standard.publiccode.net/criteria/welcome-contributors.html. " + lookNote("`GOVERNANCE.md`, `governance.adoc`"),
	Severity: Note,
	Default:  true,
	Tags:     []string{"community", "standard-for-public-code", "spc:welcome-contributors"},
}, governanceDoc)

// SecurityPolicy: how to report vulnerabilities.
var SecurityPolicy = presenceRule(Rule{
	ID:    "security-policy",
	Title: "A security policy tells how to report vulnerabilities",
	Doc: "A security policy tells researchers how to report a vulnerability privately and what to expect, so that problems are not disclosed in public issues. GitHub shows it in the repository's Security tab.\n\n" +
		"Add `SECURITY.md` naming a private channel (an address, a form, or GitHub's private vulnerability reporting) and the supported versions; guide: https://docs.github.com/en/code-security/getting-started/adding-a-security-policy-to-your-repository. " +
		lookNote("`SECURITY.md`, `security.rst`, `Security.txt`") + " `doc/` is searched too.",
	Severity: Error,
	Default:  true,
	Tags:     []string{"security", "standard-for-public-code", "spc:make-contributing-easy"},
}, securityDoc)

// Support: where users get help.
var Support = presenceRule(Rule{
	ID:    "support",
	Title: "Users know where to get help",
	Doc: "A SUPPORT file tells users where to ask questions (a forum, chat, mailing list, or paid support) so that the issue tracker stays for bugs. GitHub links it when people open issues.\n\n" +
		"Add `SUPPORT.md`; guide: https://docs.github.com/en/communities/setting-up-your-project-for-healthy-contributions/adding-support-resources-to-your-project. " + lookNote("`SUPPORT.md`, `support.rst`"),
	Severity: Note,
	Default:  true,
	Tags:     []string{"community", "standard-for-public-code", "spc:make-contributing-easy"},
}, supportDoc)
