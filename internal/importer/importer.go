// Package importer writes the handbook.yaml equivalent to an MkDocs or
// Zensical config (handbook import): what the project loader read, as
// handbook.yaml keys, and a report of what could not be carried over.
package importer

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/mdconfig"
	"handbook/internal/project"
	"handbook/internal/project/cfgtree"
)

// Import reads the MkDocs or Zensical config at path (through Load, as
// every command does) and returns the equivalent handbook.yaml and a
// report of what could not be carried over. It writes nothing. Any error
// diagnostic in the config makes it fail.
func Import(path string) (handbookYAML []byte, report []string, err error) {
	cfg, diags := project.Load(project.Options{Source: filepath.Dir(path), ConfigPath: path})
	if cfg.Format == project.FormatHandbook {
		return nil, nil, fmt.Errorf("%s is not an MkDocs or Zensical config (it has no site_name)", path)
	}
	return importConfig(path, cfg, diags)
}

// importData is Import on a config held in memory.
func importData(path string, data []byte) ([]byte, []string, error) {
	cfg, diags := project.ParseMkDocs(path, data)
	return importConfig(path, cfg, diags)
}

func importConfig(path string, cfg *project.Config, diags diag.List) ([]byte, []string, error) {
	diags.Sort()
	var errs []error
	for _, d := range diags {
		// site_url is carried over as written; the build checks it.
		if d.Severity == diag.Error && d.Code != "base-url" {
			errs = append(errs, errors.New(d.String()))
		}
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	report := cfg.Notes
	// The extensions are carried over as they are; what handbook does not
	// implement of them is reported now as the build will.
	_, extDiags := mdconfig.Read(cfg)
	for _, d := range extDiags {
		report = append(report, strings.TrimPrefix(d.Message, "markdown_extensions: "))
	}
	return writeHandbookYAML(filepath.Base(path), cfg, cfg.MkDocs, report), report, nil
}

// yamlWriter builds handbook.yaml text.
type yamlWriter struct{ bytes.Buffer }

func (w *yamlWriter) line(indent int, format string, args ...any) {
	w.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(w, format, args...)
	w.WriteByte('\n')
}

// str writes "key: value" unless value is empty.
func (w *yamlWriter) str(indent int, key, value string) {
	if value != "" {
		w.line(indent, "%s: %s", key, cfgtree.QuoteYAML(value))
	}
}

func (w *yamlWriter) list(key string, values []string) {
	if len(values) == 0 {
		return
	}
	w.line(0, "%s:", key)
	for _, v := range values {
		w.line(1, "- %s", cfgtree.QuoteYAML(v))
	}
}

func writeHandbookYAML(source string, cfg *project.Config, extra *project.Extra, report []string) []byte {
	var w yamlWriter
	writeHeader(&w, source, report)
	w.str(0, "title", cfg.Title)
	w.str(0, "description", cfg.Description)
	w.str(0, "base_url", extra.SiteURL)
	w.str(0, "repo_url", cfg.RepoURL)
	w.str(0, "edit_path", cfg.EditPath)
	w.str(0, "content_dir", cfg.ContentDir)
	w.str(0, "language", cfg.Language)
	w.str(0, "copyright", cfg.Copyright)
	if len(cfg.Nav) > 0 {
		w.line(0, "nav:")
		writeNav(&w, 1, cfg.Nav)
	}
	writeLevels(&w, cfg.Levels)
	writeExtensions(&w, cfg.MarkdownExtensions)
	writeValidation(&w, cfg)
	writeTheme(&w, cfg.RawTheme, cfg.RawExtra)
	writeStatus(&w, cfg.StatusTitles)
	if !cfg.SocialCards {
		w.line(0, "social_cards: false") // no social plugin: no Open Graph cards
	}
	writeExtra(&w, extra)
	if cfg.Untrusted() {
		w.line(0, "security:")
		w.line(1, "raw_html: false")
	}
	if cfg.NavListLimit != nil {
		w.line(0, "nav_list_limit: %d", *cfg.NavListLimit)
	}
	return w.Bytes()
}

func writeHeader(w *yamlWriter, source string, report []string) {
	w.line(0, "# handbook.yaml, made by `handbook import` from %s.", commentText(source))
	if len(report) > 0 {
		w.line(0, "#")
		w.line(0, "# Not carried over, or carried over differently:")
		for _, r := range report {
			w.line(0, "#   - %s", commentText(r))
		}
	}
	w.WriteByte('\n')
}

// commentText keeps a report line on one comment line.
func commentText(s string) string {
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}

func writeNav(w *yamlWriter, indent int, items []project.NavItem) {
	for _, it := range items {
		target := it.Page
		if target == "" {
			target = it.URL
		}
		switch {
		case len(it.Children) > 0:
			w.line(indent, "- %s:", yamlKey(it.Title))
			writeNav(w, indent+2, it.Children)
		case it.Title == "":
			w.line(indent, "- %s", cfgtree.QuoteYAML(target))
		default:
			w.line(indent, "- %s: %s", yamlKey(it.Title), cfgtree.QuoteYAML(target))
		}
	}
}

// writeExtra writes the settings that need handbook.yaml keys beyond
// Config's current ones (see ProposedKeys), only where they differ
// from handbook's defaults.
func writeExtra(w *yamlWriter, e *project.Extra) {
	w.str(0, "author", e.SiteAuthor)
	w.str(0, "repo_name", e.RepoName)
	if !e.UseDirectoryURLs {
		w.line(0, "use_directory_urls: false")
	}
	w.list("extra_css", e.ExtraCSS)
	w.list("extra_js", e.ExtraJS)
	if e.AllowRemote {
		w.line(0, "allow_remote_assets: true")
	}
	if e.Palette != (project.Palette{}) {
		w.line(0, "palette:")
		w.str(1, "primary", e.Palette.Primary)
		w.str(1, "accent", e.Palette.Accent)
	}
	// handbook's defaults are a permalink on every heading and a table of
	// contents of h2-h3; MkDocs' are no permalink and every level.
	w.line(0, "toc:")
	w.line(1, "permalink: %t", e.TocPermalink)
	w.str(1, "permalink_symbol", e.TocPermalinkSymbol)
	w.line(1, "depth: %d", e.TocDepth)
	if !e.SearchPlugin {
		w.line(0, "search: false")
	}
	if e.TagsPlugin {
		w.line(0, "tags: true")
	}
}

// writeStatus writes the page statuses' titles (extra.status).
func writeStatus(w *yamlWriter, titles map[string]string) {
	if len(titles) == 0 {
		return
	}
	w.line(0, "status:")
	for _, k := range slices.Sorted(maps.Keys(titles)) {
		w.line(1, "%s: %s", yamlKey(k), cfgtree.QuoteYAML(titles[k]))
	}
}

// ProposedKeys are the handbook.yaml keys Import writes beyond a plain
// handbook site's (each written only when it differs from the default).
var ProposedKeys = []string{
	"author", "repo_name", "use_directory_urls", "extra_css", "extra_js",
	"allow_remote_assets", "palette", "toc", "search", "tags",
}

// plainKey: a nav title that reads back as the same key written plain.
var plainKey = regexp.MustCompile(`^[A-Za-z0-9_/][A-Za-z0-9 _./-]*$`)

// yamlKey writes a nav title. Titles that look like YAML keywords or
// numbers stay plain: a nav key is read back as its text either way.
func yamlKey(s string) string {
	if plainKey.MatchString(s) && !strings.HasSuffix(s, " ") {
		return s
	}
	return strconv.Quote(s)
}
