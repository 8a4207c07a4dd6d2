package project

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"handbook/internal/diag"
)

// Import reads the MkDocs or Zensical config at path (through Load, as
// every command does) and returns the equivalent handbook.yaml and a
// report of what could not be carried over. It writes nothing. Any error
// diagnostic in the config makes it fail.
func Import(path string) (handbookYAML []byte, report []string, err error) {
	cfg, diags := Load(Options{Source: filepath.Dir(path), ConfigPath: path})
	if cfg.Format == FormatHandbook {
		return nil, nil, fmt.Errorf("%s is not an MkDocs or Zensical config (it has no site_name)", path)
	}
	return importConfig(path, cfg, diags)
}

// importData is Import on a config held in memory.
func importData(path string, data []byte) ([]byte, []string, error) {
	l := parse(path, data)
	l.cfg.MkDocs, l.cfg.Notes = l.extra, dedupe(l.notes)
	return importConfig(path, l.cfg, l.diags)
}

func importConfig(path string, cfg *Config, diags diag.List) ([]byte, []string, error) {
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
	return writeHandbookYAML(filepath.Base(path), cfg, cfg.MkDocs, cfg.Notes), cfg.Notes, nil
}

func dedupe(lines []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range lines {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
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
		w.line(indent, "%s: %s", key, QuoteYAML(value))
	}
}

func (w *yamlWriter) list(key string, values []string) {
	if len(values) == 0 {
		return
	}
	w.line(0, "%s:", key)
	for _, v := range values {
		w.line(1, "- %s", QuoteYAML(v))
	}
}

func writeHandbookYAML(source string, cfg *Config, extra *Extra, report []string) []byte {
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
	writeExtra(&w, extra)
	return w.Bytes()
}

func writeHeader(w *yamlWriter, source string, report []string) {
	w.line(0, "# handbook.yaml, made by `handbook import` from %s.", commentText(source))
	w.line(0, "# Levels are not an MkDocs setting: handbook's default levels apply.")
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

func writeNav(w *yamlWriter, indent int, items []NavItem) {
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
			w.line(indent, "- %s", QuoteYAML(target))
		default:
			w.line(indent, "- %s: %s", yamlKey(it.Title), QuoteYAML(target))
		}
	}
}

// writeExtra writes the settings that need handbook.yaml keys beyond
// Config's current ones (see ProposedKeys), only where they differ
// from handbook's defaults.
func writeExtra(w *yamlWriter, e *Extra) {
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
	if e.Palette != (Palette{}) {
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

// ProposedKeys are the handbook.yaml keys Import writes beyond a plain
// handbook site's (each written only when it differs from the default).
var ProposedKeys = []string{
	"author", "repo_name", "use_directory_urls", "extra_css", "extra_js",
	"allow_remote_assets", "palette", "toc", "search", "tags",
}

var (
	// plainYAML: text that reads back as the same string when written
	// plain, in a block or in a flow sequence ("[a, b]"): a letter, / or _
	// first, then letters, digits, spaces and punctuation that has no
	// meaning inside a plain scalar (no ",", ":", "#", brackets or quotes
	// that would start one).
	plainYAML = regexp.MustCompile(`^[\p{L}_/][\p{L}\p{N} _./()'&+!?-]*$`)
	plainKey  = regexp.MustCompile(`^[A-Za-z0-9_/][A-Za-z0-9 _./-]*$`)
)

// yamlKeywords are plain scalars YAML would read as something other than a string.
var yamlKeywords = map[string]bool{
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true,
	"y": true, "n": true, "null": true, "~": true,
}

// QuoteYAML writes s as a YAML scalar: plain when that reads back as the
// same string, double-quoted (with escapes) otherwise. Used by handbook
// import and handbook new.
func QuoteYAML(s string) string {
	if plainYAML.MatchString(s) && !strings.HasSuffix(s, " ") && !yamlKeywords[strings.ToLower(s)] {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return s
		}
	}
	return strconv.Quote(s)
}

// yamlKey writes a nav title. Titles that look like YAML keywords or
// numbers stay plain: a nav key is read back as its text either way.
func yamlKey(s string) string {
	if plainKey.MatchString(s) && !strings.HasSuffix(s, " ") {
		return s
	}
	return strconv.Quote(s)
}
