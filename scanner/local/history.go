package local

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/repogov/repogov/repo"
)

// gitHistory is repo.History over a go-git repository.
type gitHistory struct{ r *git.Repository }

func (h gitHistory) Commits(ctx context.Context, fn func(repo.Commit) error) error {
	iter, err := h.r.Log(&git.LogOptions{All: true, Order: git.LogOrderCommitterTime})
	if err != nil {
		if errors.Is(err, plumbing.ErrReferenceNotFound) {
			return nil // no commits yet
		}
		return fmt.Errorf("git log: %w", err)
	}
	defer iter.Close()
	return iter.ForEach(func(c *object.Commit) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return fn(repo.Commit{Hash: c.Hash.String(), Author: c.Author.Name, Message: c.Message, Files: func(ctx context.Context) ([]repo.Entry, error) {
			tree, err := c.Tree()
			if err != nil {
				return nil, fmt.Errorf("tree of %s: %w", c.Hash, err)
			}
			var out []repo.Entry
			err = tree.Files().ForEach(func(f *object.File) error {
				if err := ctx.Err(); err != nil {
					return err
				}
				if !f.Mode.IsFile() {
					return nil
				}
				out = append(out, repo.Entry{Path: f.Name, Kind: repo.File, Size: f.Size, OID: f.Hash.String()})
				return nil
			})
			return out, err
		}})
	})
}

func (h gitHistory) ReadBlob(ctx context.Context, id string, max int64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b, err := h.r.BlobObject(plumbing.NewHash(id))
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", id, err)
	}
	if b.Size > max {
		return nil, &repo.TooLargeError{Path: id, Size: b.Size, Limit: max}
	}
	rc, err := b.Reader()
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", id, err)
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, max))
}
