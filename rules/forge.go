package rules

import (
	"net/url"
	"strings"

	"github.com/repogov/repogov/repo"
)

// onGitLab reports whether s follows GitLab's conventions (CODEOWNERS locations and
// syntax, .gitlab/ description templates): it was read from GitLab, or it is a local
// clone whose origin is a GitLab host (a host name containing "gitlab").
func onGitLab(s *repo.Snapshot) bool {
	switch s.Meta.Forge {
	case "gitlab":
		return true
	case "":
		if u, err := url.Parse(s.Meta.URL); err == nil && u.Host != "" {
			return strings.Contains(strings.ToLower(u.Hostname()), "gitlab")
		}
		if i := strings.IndexByte(s.Meta.URL, '@'); i >= 0 { // git@gitlab.com:group/project.git
			host, _, _ := strings.Cut(s.Meta.URL[i+1:], ":")
			return strings.Contains(strings.ToLower(host), "gitlab")
		}
	}
	return false
}
