package cli

import (
	"io"

	"handbook/internal/diffcmd"
)

func runDiff(args []string, stdout, stderr io.Writer) int {
	return diffcmd.Run(args, stdout, stderr)
}
