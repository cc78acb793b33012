package repo

import "context"

// History is a repository's commit history, for the few rules that read it (custom rules
// converted from repolinter's git-* types). Git sources on disk set Snapshot.History;
// hosted sources and plain directories leave it nil, and those rules say they are not
// applicable there.
type History interface {
	// Commits calls fn for every commit reachable from any reference (git log --all),
	// each once, newest first; fn's error stops the walk and is returned.
	Commits(ctx context.Context, fn func(Commit) error) error
	// ReadBlob returns the content of the blob id, or *TooLargeError over max bytes.
	ReadBlob(ctx context.Context, id string, max int64) ([]byte, error)
}

// Commit is one commit of a History.
type Commit struct {
	Hash    string
	Author  string // the author's name
	Message string
	// Files lists the commit's tree: files only, with their blob ids and sizes.
	Files func(ctx context.Context) ([]Entry, error)
}
