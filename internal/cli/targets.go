package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/local"
)

// targetOptions is what the scan flags say about how targets are read.
type targetOptions struct {
	local  local.Options
	gitlab gitlabFlags
}

// resolveTargets turns the scan arguments into sources by the form of each argument:
// github:OWNER[/REPO] targets share one GitHub source (one listing per owner, batched
// fetches across all of them), gitlab:PATH targets one GitLab source; anything else is a
// path or a git URL.
func resolveTargets(ctx context.Context, e *env, args []string, gf *githubFlags) ([]scanner.Source, error) {
	var srcs []scanner.Source
	var gh, gl []string
	for _, a := range args {
		switch {
		case strings.TrimSpace(a) == "":
			return nil, fmt.Errorf("empty target")
		case strings.HasPrefix(a, "github:"):
			gh = append(gh, strings.TrimPrefix(a, "github:"))
		case strings.HasPrefix(a, "gitlab:"):
			gl = append(gl, strings.TrimPrefix(a, "gitlab:"))
		default: // a path (working tree, bare repository, .git, folder of repositories) or a git URL
			opts := e.targets.local
			opts.Logger = e.log
			srcs = append(srcs, local.New(a, opts))
		}
	}
	if len(gh) > 0 {
		src, err := gf.githubSource(ctx, e, gh)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, src)
	}
	if len(gl) > 0 {
		src, err := e.targets.gitlab.gitlabSource(e, gf, gl, e.targets.local.OrgDefaults)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, src)
	}
	return srcs, nil
}
