// Package cli implements handbook's commands. Run is called by main and,
// in-process, by the end-to-end tests.
package cli

import (
	"fmt"
	"io"

	"handbook/internal/buildinfo"
)

// command is one subcommand. Its flags and usage line are declared once,
// in its run function (see newFlags); `handbook help NAME` shows them.
type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"build", "build the site into public/ (an MkDocs project: its site_dir)", runBuild},
		{"serve", "preview the site with live reload", runServe},
		{"check", "check links, front matter and text without writing output", runCheck},
		{"pdf", "print the handbook (or one level's pages) to PDF with Chromium", runPDF},
		{"new", "create a page from a template", runNew},
		{"fix", "repair mojibake (UTF-8 read as Mac Roman or Windows-1252) in place", runFix},
		{"diff", "compare two built sites, or two git refs, as readers see them", runDiff},
		{"import", "write the handbook.yaml equivalent to an MkDocs or Zensical config", runImport},
		{"version", "print the version", runVersion},
		{"help", "show help (handbook help COMMAND: its flags)", nil},
	}
}

// Run runs handbook with args (without the program name) and returns the
// exit code: 0 success, 1 problems found, 2 bad usage.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] && c.run != nil {
					return c.run([]string{"-h"}, stdout, stderr)
				}
			}
		}
		usage(stdout)
		return 0
	}
	if name == "--version" || name == "-v" {
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "handbook: unknown command %q\n\n", name)
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "handbook builds a static documentation site from markdown in the Material for MkDocs dialect.")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  handbook %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'handbook help COMMAND' for a command's flags.")
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintf(stdout, "handbook %s\n", buildinfo.Read())
	return 0
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
