package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"handbook/internal/project"
)

// runImport writes handbook.yaml beside mkdocs.yml and reports what could
// not be carried over. It never overwrites an existing handbook.yaml.
func runImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("import", "[mkdocs.yml]", stderr)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return 2
	}
	src := "mkdocs.yml"
	if len(pos) > 1 {
		fs.Usage()
		return 2
	}
	if len(pos) == 1 {
		src = pos[0]
	}
	out, report, err := project.Import(src)
	if err != nil {
		fmt.Fprintf(stderr, "handbook import: %v\n", err)
		return 1
	}
	dest := filepath.Join(filepath.Dir(src), project.FileName)
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		fmt.Fprintf(stderr, "handbook import: %v (remove it first to import again)\n", err)
		return 1
	}
	if _, err := f.Write(out); err != nil {
		f.Close()
		fmt.Fprintf(stderr, "handbook import: %v\n", err)
		return 1
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(stderr, "handbook import: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s\n", dest)
	if len(report) > 0 {
		fmt.Fprintln(stdout, "not carried over:")
		for _, r := range report {
			fmt.Fprintf(stdout, "  - %s\n", r)
		}
	}
	return 0
}
