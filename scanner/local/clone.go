package local

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/repogov/repogov/internal/redact"
	"github.com/repogov/repogov/repo"
)

// cloneSnapshot clones url into memory (depth 1, HEAD's branch only, no checkout, no
// tags) within opts.CloneTimeout and opts.MaxCloneSize, and snapshots HEAD.
func cloneSnapshot(ctx context.Context, url string, meta repo.Meta, opts Options) (*repo.Snapshot, error) {
	timeout, max := opts.CloneTimeout, opts.MaxCloneSize
	if timeout <= 0 {
		timeout = DefaultCloneTimeout
	}
	if max <= 0 {
		max = DefaultMaxCloneSize
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	st := &cappedStorage{Storage: memory.NewStorage(), max: max, stop: cancel}
	r, err := git.CloneContext(cctx, st, nil, &git.CloneOptions{
		URL:          url,
		Depth:        1,
		SingleBranch: true,
		NoCheckout:   true,
		Tags:         git.NoTags,
	})
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return nil, ctx.Err() // the scan was interrupted: not this repository's fault
	case errors.Is(err, errCloneTooLarge) || st.tooLarge:
		return nil, fmt.Errorf("clone %s: larger than %d bytes (--max-clone-size)", redact.URL(url), max)
	case cctx.Err() != nil:
		return nil, fmt.Errorf("clone %s: no complete answer within %s (--clone-timeout)", redact.URL(url), timeout)
	default:
		return nil, fmt.Errorf("clone %s: %w", redact.URL(url), redact.Error(err))
	}
	meta.URL = WebURL(url)
	snap, err := gitSnapshot(ctx, r, nil, meta, "")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", redact.URL(url), redact.Error(err))
	}
	return snap, nil
}

var errCloneTooLarge = errors.New("clone too large")

// cappedStorage is the in-memory storage of a clone, bounded: go-git hands it the
// packfile as received (PackfileWriter), which is counted as it arrives, then unpacked
// with every object's declared size counted before it is inflated.
type cappedStorage struct {
	*memory.Storage
	max      int64
	stop     func() // cancels the clone once it is too large
	tooLarge bool
}

func (s *cappedStorage) PackfileWriter() (io.WriteCloser, error) {
	return &packBuffer{s: s}, nil
}

type packBuffer struct {
	s   *cappedStorage
	buf bytes.Buffer
	err error
}

func (w *packBuffer) Write(p []byte) (int, error) {
	if w.err == nil && int64(w.buf.Len()+len(p)) > w.s.max {
		// Stop the transfer, and take (discard) what still comes: a local upload-pack
		// blocks on a reader that stops reading, and go-git waits for it.
		w.err, w.s.tooLarge = errCloneTooLarge, true
		w.buf = bytes.Buffer{}
		w.s.stop()
	}
	if w.err != nil {
		return len(p), nil
	}
	return w.buf.Write(p)
}

func (w *packBuffer) Close() error {
	if w.err != nil {
		return w.err
	}
	if w.buf.Len() == 0 {
		return packfile.ErrEmptyPackfile
	}
	p, err := packfile.NewParserWithStorage(packfile.NewScanner(bytes.NewReader(w.buf.Bytes())), w.s.Storage, &sizeLimit{max: w.s.max})
	if err != nil {
		return err
	}
	_, err = p.Parse()
	if errors.Is(err, errCloneTooLarge) {
		w.s.tooLarge = true
	}
	return err
}

// sizeLimit stops unpacking once the objects' sizes add up past max (a small packfile
// can inflate to a large repository).
type sizeLimit struct {
	max, used int64
}

func (l *sizeLimit) OnHeader(uint32) error { return nil }

func (l *sizeLimit) OnInflatedObjectHeader(_ plumbing.ObjectType, size int64, _ int64) error {
	l.used += size
	if l.used > l.max {
		return errCloneTooLarge
	}
	return nil
}

func (l *sizeLimit) OnInflatedObjectContent(plumbing.Hash, int64, uint32, []byte) error { return nil }
func (l *sizeLimit) OnFooter(plumbing.Hash) error                                       { return nil }
