package cli

import (
	"context"

	"github.com/repogov/repogov/scanner"
	"github.com/repogov/repogov/scanner/local"
)

// resolveTargets turns the scan arguments into sources.
func resolveTargets(ctx context.Context, e *env, args []string) ([]scanner.Source, error) {
	var srcs []scanner.Source
	for _, a := range args {
		srcs = append(srcs, local.Dir(a))
	}
	return srcs, nil
}
