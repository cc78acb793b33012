package cli

import (
	"context"
	"strings"

	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/local"
)

// resolveTargets turns the scan arguments into sources.
func resolveTargets(ctx context.Context, e *env, args []string, gf *githubFlags) ([]scanner.Source, error) {
	var srcs []scanner.Source
	var gh []string
	for _, a := range args {
		if t, ok := strings.CutPrefix(a, "github:"); ok {
			gh = append(gh, t)
			continue
		}
		srcs = append(srcs, local.Dir(a))
	}
	if len(gh) > 0 {
		src, err := gf.githubSource(ctx, e, gh)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, src)
	}
	return srcs, nil
}
