package server

import (
	"context"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/store"
)

// Store is everything the server reads from the history store; *store.Store satisfies
// it. It has no method that writes, so the server cannot change history (and the CLI opens
// the store read-only besides).
type Store interface {
	Runs(ctx context.Context, f store.RunFilter) ([]store.Run, int, error)
	Resolve(ctx context.Context, ref string) (store.Selection, error)
	RunRules(ctx context.Context, sel store.Selection) ([]report.Rule, error)
	EachRepository(ctx context.Context, sel store.Selection, fn func(store.RunRepository) error) error
	Diff(ctx context.Context, from, to store.Selection) (*history.Diff, error)
	Trend(ctx context.Context, o store.TrendOptions) (*history.Trend, error)
	History(ctx context.Context, repo string) (*history.RepoHistory, error)
	RepositoryIn(ctx context.Context, key string, sel store.Selection) (report.Repository, error)
}

var _ Store = (*store.Store)(nil)
