//go:build unix

package local

import (
	"os"
	"syscall"
)

// openNoFollow opens a regular file for reading, refusing a symlink in the last
// component and never blocking on a FIFO.
func openNoFollow(p string) (*os.File, error) {
	return os.OpenFile(p, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}
