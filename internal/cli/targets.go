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
	local local.Options
}

// resolveTargets turns the scan arguments into sources, one per argument, by the form
// of the argument. New forms (github:ORG) add a case to the switch.
func resolveTargets(ctx context.Context, e *env, args []string) ([]scanner.Source, error) {
	var srcs []scanner.Source
	for _, a := range args {
		switch {
		case strings.TrimSpace(a) == "":
			return nil, fmt.Errorf("empty target")
		default: // a path (working tree, bare repository, .git, folder of repositories) or a git URL
			opts := e.targets.local
			opts.Logger = e.log
			srcs = append(srcs, local.New(a, opts))
		}
	}
	return srcs, nil
}
