package remediate

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/report"
)

// HostTemplates reads a template source from where the repository lives, so one run
// over GitHub and GitLab repositories alike reads each from its own forge's templates
// repository: GitHub (rr.Meta.Forge "github", or a run stored before reports named the
// forge), GitLab ("gitlab"), and repositories scanned from disk (no host) through
// Local. A forge without a reader is an error for its repositories only.
type HostTemplates struct {
	GitHub TemplateReader // e.g. *GitHubTemplates
	GitLab TemplateReader // e.g. *GitLabTemplates
	Local  TemplateReader // e.g. LocalTemplates; nil: local repositories have no source
	// GitHubHost and GitLabHost, when set, are the host names the readers talk to: a
	// repository of another instance (a second GitLab) is an error, not a read of
	// another instance's templates.
	GitHubHost, GitLabHost string
}

// ReadTemplate reads t's source for rr through the reader of rr's forge.
func (h HostTemplates) ReadTemplate(ctx context.Context, rr report.Repository, t policy.Template) ([]byte, error) {
	r, host, forge := h.Local, "", "local"
	switch {
	case !rr.Meta.Hosted():
	case rr.Meta.Forge == "gitlab":
		r, host, forge = h.GitLab, h.GitLabHost, "GitLab"
	default:
		r, host, forge = h.GitHub, h.GitHubHost, "GitHub"
	}
	if r == nil {
		return nil, fmt.Errorf("source %s: %w for %s repositories", t.SourceName, errNoReader, forge)
	}
	if host != "" && !strings.EqualFold(host, rr.Meta.Host) {
		return nil, fmt.Errorf("source %s: %w for repositories of %s (templates are read from %s)", t.SourceName, errNoReader, rr.Meta.Host, host)
	}
	return r.ReadTemplate(ctx, rr, t)
}

var errNoReader = errors.New("no template reader")
