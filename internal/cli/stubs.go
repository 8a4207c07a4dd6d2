package cli

import (
	"fmt"
	"io"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "handbook serve: not available yet")
	return 2
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "handbook new: not available yet")
	return 2
}

func runFix(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "handbook fix: not available yet")
	return 2
}
