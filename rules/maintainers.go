package rules

// Maintainers: who maintains the project is written down.
var Maintainers = presenceRule(Rule{
	ID:    "maintainers",
	Title: "The maintainers are listed",
	Doc: "Users and contributors need to know who maintains the project, and an organization needs to know whom to ask about it. A MAINTAINERS, OWNERS or CODEOWNERS file answers that.\n\n" +
		"Add `MAINTAINERS.md` listing the maintainers and how to reach them (or an `OWNERS`/`OWNERS.yaml` file, or `CODEOWNERS`). " +
		"repogov looks in `.github/`, the root and `docs/`, for any case and any documentation extension (`CODEOWNERS.md` counts here, though not for review routing). " +
		"The organization's `.github` repository never supplies it: maintainers are per project.",
	Severity: Warning,
	Tags:     []string{"community", "maintenance"},
}, doc{name: "MAINTAINERS", expected: "MAINTAINERS.md", spec: fileSpec{
	names: []string{"MAINTAINERS", "OWNERS", "CODEOWNERS"}, extraExts: []string{".yaml", ".yml"}, dirs: githubDirs}})
