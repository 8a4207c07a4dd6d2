package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"handbook/internal/cliflags"
	"handbook/internal/importer"
	"handbook/internal/project"
)

// findMkDocsConfig is the MkDocs or Zensical config project.Load finds in
// dir, or "".
func findMkDocsConfig(dir string) string {
	cfg, _ := project.Load(project.Options{Source: dir})
	if cfg.Format == project.FormatHandbook {
		return ""
	}
	return cfg.Files[0]
}

// runImport writes handbook.yaml beside mkdocs.yml and reports what could
// not be carried over. It never overwrites an existing handbook.yaml.
func runImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("import", "[CONFIG]", stderr)
	pos, err := cliflags.ParseInterleaved(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) > 1 {
		fs.Usage()
		return 2
	}
	var src string
	if len(pos) == 1 {
		src = pos[0]
	} else if src = findMkDocsConfig("."); src == "" {
		fmt.Fprintln(stderr, "handbook import: no mkdocs.yml, mkdocs.yaml, zensical.toml or zensical.yml here (name one: handbook import FILE)")
		return 1
	}
	out, report, err := importer.Import(src)
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
