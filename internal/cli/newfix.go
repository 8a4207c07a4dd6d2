package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"handbook/internal/atomicfile"
	"handbook/internal/cliflags"
	"handbook/internal/mojibake"
	"handbook/internal/newpage"
	"handbook/internal/project"
	"handbook/internal/srctree"
)

func runNew(args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	var title, level, kind string
	fs := newFlags("new", "PATH", stderr)
	f.projectFlags(fs)
	fs.StringVar(&title, "title", "", "page `TITLE` (default: from the file name)")
	fs.StringVar(&level, "level", "", "`LEVEL` id(s), e.g. L6 or L6,L7 (default: from the path, else every level)")
	fs.StringVar(&kind, "kind", "page", "template: `case-study|question|page`")
	pos, err := cliflags.ParseInterleaved(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) != 1 {
		fs.Usage()
		return 2
	}
	cfg, ok := loadOrReport(&f, stderr)
	if !ok {
		return 1
	}
	created, preview, err := newpage.Create(f.source, docsDirFrom(f.source, cfg), pos[0], newpage.Options{
		Title: title, Level: level, Kind: kind, Templates: srctree.FS(filepath.Join(cfg.ThemeDir, "new"), cfg.Root),
	})
	if err != nil {
		fmt.Fprintf(stderr, "handbook new: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "created %s\npreview at %s (run handbook serve)\n", created, preview)
	return 0
}

// loadOrReport loads the project; errors in its config are printed and
// stop the command.
func loadOrReport(f *buildFlags, stderr io.Writer) (*project.Config, bool) {
	cfg, diags := f.project()
	if diags.HasErrors() {
		printDiags(stderr, diags)
		return nil, false
	}
	return cfg, true
}

// docsDirFrom is the docs folder relative to source when it is inside it.
func docsDirFrom(source string, cfg *project.Config) string {
	docs := cfg.DocsDir()
	if rel, err := filepath.Rel(source, docs); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	if abs, err := filepath.Abs(docs); err == nil {
		return abs
	}
	return docs
}

// runFix repairs mojibake in the given files or folders (default: the
// content folder). Only certain repairs are made, outside code unless
// --include-code; each file is rewritten in place (through symbolic links,
// keeping its inode, hard links and mode), and what was left alone is
// listed with its position.
func runFix(args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	var opts fixOptions
	flags := newFlags("fix", "[PATH…]", stderr)
	f.projectFlags(flags) // the docs folder is fixed when no PATH is given
	flags.BoolVar(&opts.dryRun, "dry-run", false, "show the changes as a diff and write nothing")
	flags.BoolVar(&opts.repair.IncludeCode, "include-code", false, "repair code spans and fenced code blocks too")
	paths, err := cliflags.ParseInterleaved(flags, args)
	if err != nil {
		return 2
	}
	project := f.source
	if project == "" {
		project = "."
	}
	if len(paths) == 0 {
		cfg, ok := loadOrReport(&f, stderr)
		if !ok {
			return 1
		}
		paths, project = []string{cfg.DocsDir()}, cfg.Root
	}
	code := 0
	changed := 0
	for _, root := range paths {
		// Links are followed under the one rule (srctree): never out of
		// the project folder, so fix never writes outside it.
		walkOpts := srctree.Options{Within: []string{project}, Problem: func(rel, msg string) {
			fmt.Fprintf(stderr, "%s: warning: %s\n", filepath.Join(root, filepath.FromSlash(rel)), msg)
		}}
		err := srctree.Walk(root, walkOpts, func(e srctree.Entry) error {
			p := e.Path
			if e.IsDir() || !strings.EqualFold(filepath.Ext(p), ".md") && e.Rel != "." {
				return nil
			}
			did, err := fixFile(p, opts, stdout)
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", p, err)
				code = 1
			}
			if did {
				changed++
			}
			return nil
		})
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", root, err)
			code = 1
		}
	}
	if opts.dryRun {
		fmt.Fprintf(stdout, "would fix %s (nothing written)\n", plural(changed, "file", "files"))
	} else {
		fmt.Fprintf(stdout, "fixed %s\n", plural(changed, "file", "files"))
	}
	return code
}

type fixOptions struct {
	dryRun bool
	repair mojibake.Options
}

func fixFile(p string, opts fixOptions, stdout io.Writer) (changed bool, err error) {
	src, err := os.ReadFile(p)
	if err != nil {
		return false, err
	}
	fixed, skipped := mojibake.Repair(src, opts.repair)
	for _, s := range skipped {
		fmt.Fprintf(stdout, "%s:%d:%d: left %q as written: %s\n", p, s.Line, s.Col, s.Bad, s.Reason)
	}
	if bytes.Equal(fixed, src) {
		return false, nil
	}
	printLineDiff(stdout, p, src, fixed)
	if opts.dryRun {
		return true, nil
	}
	return true, rewriteInPlace(p, fixed)
}

// printLineDiff shows the lines a repair changed (a repair never adds or
// removes a line), as a unified diff would.
func printLineDiff(w io.Writer, p string, before, after []byte) {
	a, b := bytes.Split(before, []byte("\n")), bytes.Split(after, []byte("\n"))
	fmt.Fprintf(w, "--- %s\n+++ %s (repaired)\n", p, p)
	for i := range a {
		if i < len(b) && !bytes.Equal(a[i], b[i]) {
			fmt.Fprintf(w, "@@ -%d +%d @@\n-%s\n+%s\n", i+1, i+1, a[i], b[i])
		}
	}
}

// rewriteInPlace replaces the content of the file p (through symbolic
// links) without replacing the file: its inode, hard links, owner and mode
// stay. The new content is first written and synced beside it, so an
// interruption while the file is rewritten leaves a complete copy.
func rewriteInPlace(p string, data []byte) error {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return err
	}
	backup := filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".fixed")
	if err := atomicfile.Write(backup, data, 0o600); err != nil {
		return err
	}
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		os.Remove(backup)
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("%v (the repaired text is in %s)", err, backup)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("%v (the repaired text is in %s)", err, backup)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%v (the repaired text is in %s)", err, backup)
	}
	return os.Remove(backup)
}
