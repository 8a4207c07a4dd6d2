// Command handbook builds, checks and serves the handbook site.
package main

import (
	"os"

	"handbook/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
