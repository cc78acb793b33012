//go:build !unix

package local

import "os"

func openNoFollow(p string) (*os.File, error) {
	fi, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &os.PathError{Op: "open", Path: p, Err: os.ErrInvalid}
	}
	return os.Open(p)
}
