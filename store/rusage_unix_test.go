//go:build unix

package store

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + system) the process has used: on a loaded machine it
// shows what a step costs when wall time mostly measures waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
