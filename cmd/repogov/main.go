// Command repogov scans repositories for governance compliance.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/repogov/repogov/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal the scan winds down and writes what it has; restore the
		// default handling so that a second Ctrl-C ends the process at once.
		<-ctx.Done()
		stop()
	}()
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
