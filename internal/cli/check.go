package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"handbook/internal/build"
	"handbook/internal/cliflags"
	"handbook/internal/diag"
	"handbook/internal/extlinks"
	"handbook/internal/lint"
	"handbook/internal/progress"
	"handbook/internal/project"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	var format string
	var strict, external bool
	fs := newFlags("check", "[PATH…]", stderr)
	f.siteFlags(fs, false)
	fs.StringVar(&format, "format", "text", "output format: `text|json|github` (GitHub Actions annotations)")
	fs.BoolVar(&strict, "strict", false, "fail on warnings too (link and nav warnings are errors, as build --strict makes them)")
	fs.BoolVar(&external, "external", false, "also request every external link once")
	paths, err := cliflags.ParseInterleaved(fs, args)
	if err != nil {
		return 2
	}
	if format != "text" && format != "json" && format != "github" {
		fmt.Fprintf(stderr, "handbook check: unknown format %q (text, json or github)\n", format)
		return 2
	}
	opts := f.options()
	opts.Strict = strict
	opts.KeepSource = true // the mojibake check reads the sources again
	stop := buildProgress(stderr, &opts)
	res := build.Run(opts)
	stop()
	diags := append(diag.List{}, res.Diags...)
	if res.Site != nil && res.Site.Config.Format == project.FormatHandbook {
		// handbook's own content rules; an MkDocs or Zensical project is
		// checked for exactly what its build reports.
		diags = append(diags, lint.Check(res)...)
	}
	if external {
		diags = append(diags, checkExternal(res, f.source, stderr)...)
	}
	diags = filterPaths(diags, paths, f.source)
	diags.Sort()
	diags = diags.Bound()
	writeDiags(stdout, diags, format)
	errs, warns, notes := 0, 0, 0
	for _, d := range diags {
		n := max(1, d.More) // a "N more" line stands for N problems
		switch d.Severity {
		case diag.Error:
			errs += n
		case diag.Info:
			notes += n
		default:
			warns += n
		}
	}
	if format == "text" {
		fmt.Fprintf(stderr, "checked %s: %s, %s, %s\n", plural(res.Pages, "page", "pages"), plural(errs, "error", "errors"),
			plural(warns, "warning", "warnings"), plural(notes, "note", "notes"))
	}
	if errs > 0 || strict && warns > 0 {
		return 1
	}
	return 0
}

// checkExternal requests the external links, showing how many were
// checked, of how many, and the failures so far once it takes 2 s.
func checkExternal(res *build.Result, source string, stderr io.Writer) diag.List {
	var links []extlinks.Link
	for _, p := range res.Site.Pages {
		for _, r := range res.Refs[p] {
			if r.External {
				links = append(links, extlinks.Link{URL: r.Dest, Path: res.Site.Display(p), Line: r.Line, Col: r.Col})
			}
		}
	}
	m := progress.Start(stderr, progressOptions)
	defer m.Stop()
	m.Phase("checking external links:", 0)
	return extlinks.Check(context.Background(), links, extlinks.Options{
		CacheFile: filepath.Join(source, ".cache", "handbook", "external-links.json"),
		Progress: func(checked, total, failed int) {
			m.Set(checked, total)
			m.SetFailed(failed)
		},
	})
}

// filterPaths keeps diagnostics for the given files or folders (relative to
// the site folder or the current directory); none given keeps all.
func filterPaths(diags diag.List, paths []string, source string) diag.List {
	if len(paths) == 0 {
		return diags
	}
	var keep diag.List
	for _, d := range diags {
		for _, p := range paths {
			p = filepath.ToSlash(filepath.Clean(p))
			if rel, err := filepath.Rel(source, p); err == nil && !strings.HasPrefix(rel, "..") {
				p = filepath.ToSlash(rel)
			}
			if d.Path == p || strings.HasPrefix(d.Path, strings.TrimSuffix(p, "/")+"/") || p == "." {
				keep = append(keep, d)
				break
			}
		}
	}
	return keep
}

func writeDiags(w io.Writer, diags diag.List, format string) {
	switch format {
	case "json":
		type item struct {
			Path     string `json:"path"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"`
			Code     string `json:"code"`
			Message  string `json:"message"`
		}
		items := make([]item, 0, len(diags))
		for _, d := range diags {
			items = append(items, item{d.Path, d.Line, d.Col, d.Severity.String(), d.Code, d.Message})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(items)
	case "github":
		for _, d := range diags {
			level := d.Severity.String()
			if d.Severity == diag.Info {
				level = "notice" // GitHub's name for a note
			}
			fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level, ghProp(d.Path), max(d.Line, 1), max(d.Col, 1), ghProp("handbook "+d.Code), ghData(d.Message))
		}
	default:
		printAll(w, diags)
	}
}

// ghData and ghProp escape values for GitHub Actions workflow commands.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
