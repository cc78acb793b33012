package sarifupload

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// State remembers, per repository, the commit and ref last uploaded, so a weekly job does
// not re-upload analyses of an unchanged HEAD (the ossf/allstar pattern).
type State struct {
	path string
	mu   sync.Mutex
	seen map[string]string // "owner/repo" → "sha ref"
}

// LoadState reads the state file at path; a missing file is an empty state.
func LoadState(path string) (*State, error) {
	s := &State{path: path, seen: map[string]string{}}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := json.NewDecoder(io.LimitReader(f, 64<<20)).Decode(&s.seen); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Uploaded reports whether sha was already uploaded for repo and ref.
func (s *State) Uploaded(repo, sha, ref string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[repo] == sha+" "+ref
}

// Record notes a successful upload.
func (s *State) Record(repo, sha, ref string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen[repo] = sha + " " + ref
}

// Save writes the state atomically.
func (s *State) Save() error {
	s.mu.Lock()
	b, err := json.MarshalIndent(s.seen, "", "  ")
	s.mu.Unlock()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), ".state*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), s.path)
}
