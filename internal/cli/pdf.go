package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"handbook/internal/build"
	"handbook/internal/cliflags"
	"handbook/internal/pdf"
)

// runPDF builds the site in memory and prints its printable page (every
// page, or one level's) to a PDF file with a headless Chromium.
func runPDF(args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	var level, out string
	fs := newFlags("pdf", "", stderr)
	f.projectFlags(fs)
	fs.StringVar(&level, "level", "", "print only this `LEVEL`'s pages, e.g. L6 (default every page)")
	fs.StringVar(&out, "out", "", "PDF `FILE` to write (default handbook.pdf, or handbook-l6.pdf with --level L6)")
	if _, err := cliflags.ParseInterleaved(fs, args); err != nil {
		return 2
	}
	if pdf.Browser() == "" {
		fmt.Fprintf(stderr, "handbook pdf: %v\n", pdf.ErrNoBrowser)
		return 1
	}
	res := build.Run(f.options())
	printDiags(stderr, res.Diags)
	if !res.OK() {
		fmt.Fprintf(stderr, "build failed: %s; no PDF written\n", failure(res, ""))
		return 1
	}
	page := "print/"
	if level != "" {
		page += strings.ToLower(level) + "/"
	}
	if _, ok := res.Files[page+"index.html"]; !ok {
		fmt.Fprintf(stderr, "handbook pdf: no printable page %s (is %q one of the configured levels?)\n", page, level)
		return 1
	}
	if out == "" {
		out = "handbook.pdf"
		if level != "" {
			out = "handbook-" + strings.ToLower(level) + ".pdf"
		}
	}
	b, err := pdf.Print(context.Background(), res.Files, page)
	if errors.Is(err, pdf.ErrNoBrowser) || err != nil {
		fmt.Fprintf(stderr, "handbook pdf: %v\n", err)
		return 1
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		fmt.Fprintf(stderr, "handbook pdf: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "printed %s to %s (%d KB)\n", page, out, (len(b)+1023)/1024)
	return 0
}
