// Command testsummary reads `go test -json` on stdin and writes a Markdown
// summary for a CI job page: how many tests passed, failed and skipped,
// and every skipped test by name with the reason it gave (the extra tests
// that need ../shared/ beside the repository first). It exits 1 when a
// test or package failed, so a pipeline `go test -json | testsummary`
// fails as go test would.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	s, err := Read(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	io.WriteString(os.Stdout, s.Markdown())
	if s.Failed() {
		os.Exit(1)
	}
}
