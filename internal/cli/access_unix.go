//go:build unix

package cli

import "syscall"

// canWrite asks the kernel whether this process may open path for writing, without
// opening it (opening a FIFO would wait for a reader).
func canWrite(path string) error {
	if err := syscall.Access(path, 0x2 /* W_OK */); err != nil {
		return err
	}
	return nil
}
