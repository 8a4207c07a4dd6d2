package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"handbook/internal/config"
	"handbook/internal/mojibake"
	"handbook/internal/newpage"
	"handbook/internal/output"
)

func runNew(args []string, stdout, stderr io.Writer) int {
	var source, title, level, kind string
	fs := newFlags("new", "PATH [--title T] [--level L6] [--kind case-study|question|page]", stderr)
	fs.StringVar(&source, "source", ".", "site folder")
	fs.StringVar(&title, "title", "", "page title (default: from the file name)")
	fs.StringVar(&level, "level", "", "level id(s), e.g. L6 or L6,L7 (default: from the path, else every level)")
	fs.StringVar(&kind, "kind", "page", "template: case-study, question or page")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) != 1 {
		fs.Usage()
		return 2
	}
	cfg, _ := config.Load(filepath.Join(source, config.FileName), false)
	created, preview, err := newpage.Create(source, cfg.ContentDir, pos[0], newpage.Options{Title: title, Level: level, Kind: kind})
	if err != nil {
		fmt.Fprintf(stderr, "handbook new: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "created %s\npreview at %s (run handbook serve)\n", created, preview)
	return 0
}

// runFix repairs mojibake in the given files or folders (default: the
// content folder), only where the round trip is exact; each file is
// rewritten atomically, and a file with anything uncertain is left alone.
func runFix(args []string, stdout, stderr io.Writer) int {
	var source string
	flags := newFlags("fix", "[PATH…]", stderr)
	flags.StringVar(&source, "source", ".", "site folder (its content folder is fixed when no PATH is given)")
	paths, err := parseInterleaved(flags, args)
	if err != nil {
		return 2
	}
	if len(paths) == 0 {
		cfg, _ := config.Load(filepath.Join(source, config.FileName), false)
		paths = []string{filepath.Join(source, cfg.ContentDir)}
	}
	code := 0
	changed := 0
	for _, root := range paths {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", p, err)
				code = 1
				return nil
			}
			if d.IsDir() {
				if p != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.EqualFold(filepath.Ext(p), ".md") && p != root {
				return nil
			}
			n, err := fixFile(p, stdout)
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", p, err)
				code = 1
			}
			if n > 0 {
				changed++
			}
			return nil
		})
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", root, err)
			code = 1
		}
	}
	fmt.Fprintf(stdout, "fixed %s\n", plural(changed, "file", "files"))
	return code
}

func fixFile(p string, stdout io.Writer) (int, error) {
	src, err := os.ReadFile(p)
	if err != nil {
		return 0, err
	}
	findings := mojibake.Scan(src)
	if len(findings) == 0 {
		return 0, nil
	}
	fixed, n, ok := mojibake.Fix(src)
	if !ok {
		fmt.Fprintf(stdout, "%s: left unchanged: %d damaged sequences, but not every repair is certain\n", p, len(findings))
		return 0, nil
	}
	st, err := os.Stat(p)
	if err != nil {
		return 0, err
	}
	if err := output.WriteFileAtomic(p, fixed, st.Mode().Perm()); err != nil {
		return 0, err
	}
	for _, f := range findings {
		fmt.Fprintf(stdout, "%s:%d:%d: %q → %q\n", p, f.Line, f.Col, f.Bad, f.Fixed)
	}
	return n, nil
}
