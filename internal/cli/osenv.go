package cli

import "os"

// osGetenv is the only place the CLI reads the environment, so tests can replace it.
var osGetenv = os.Getenv
