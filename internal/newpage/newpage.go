// Package newpage creates a content page from a template, for "handbook new":
// front matter filled in from the path and flags, and a skeleton for the kind
// of page (case study, interview question or plain page).
package newpage

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"text/template"
	"unicode"
	"unicode/utf8"

	"handbook/internal/project/cfgtree"
	"handbook/internal/srctree"
	"handbook/internal/urlpath"
)

// PreviewBase is where "handbook serve" serves the site.
const PreviewBase = "http://127.0.0.1:8000/"

// DefaultKind is used when Options.Kind is empty.
const DefaultKind = "page"

// Kinds lists the page kinds, each backed by a template <kind>.md.
var Kinds = []string{"case-study", "page", "question"}

// DefaultLevels are the levels of a page whose level is neither given nor
// named in its path: it concerns every level of the handbook.
var DefaultLevels = []string{"L6", "L7"}

// Options are the choices of "handbook new".
type Options struct {
	Title     string // default: from the file name ("l6-hiring-bar.md" → "L6 Hiring Bar")
	Level     string // e.g. "L6", or several: "L6,L7"; default: l6/l7 tokens in the path, else DefaultLevels
	Kind      string // one of Kinds; default DefaultKind
	Templates fs.FS  // the site's own templates (<kind>.md); nil means <siteDir>/theme/new on disk
}

// templateData is what a template sees.
type templateData struct {
	Title     string   // the page title, as typed
	Levels    []string // e.g. ["L6"]
	LevelText string   // e.g. "L6" or "L6/L7"
	Kind      string
	Path      string // relative to the content folder, slash-separated
	URL       string // the pretty URL relative to the site root
}

// Create writes a new page at relPath (relative to the content folder, which
// is relative to siteDir unless absolute; ".md" is added when missing) from
// the template of opts.Kind, creating parent folders. It never overwrites an
// existing file. It returns the file's path and the URL where "handbook
// serve" shows it.
func Create(siteDir, contentDir, relPath string, opts Options) (createdPath, previewURL string, err error) {
	kind, err := checkKind(opts.Kind)
	if err != nil {
		return "", "", err
	}
	rel, err := cleanPagePath(relPath)
	if err != nil {
		return "", "", err
	}
	data, err := pageData(rel, kind, opts)
	if err != nil {
		return "", "", err
	}
	page, err := render(siteDir, kind, opts.Templates, data)
	if err != nil {
		return "", "", err
	}
	if !filepath.IsAbs(contentDir) {
		contentDir = filepath.Join(siteDir, contentDir)
	}
	target := filepath.Join(contentDir, filepath.FromSlash(rel))
	if err := writeNew(target, page); err != nil {
		return "", "", err
	}
	return target, PreviewBase + data.URL, nil
}

func checkKind(kind string) (string, error) {
	if kind == "" {
		return DefaultKind, nil
	}
	for _, k := range Kinds {
		if k == kind {
			return kind, nil
		}
	}
	return "", fmt.Errorf("unknown page kind %q: choose one of %s", kind, strings.Join(Kinds, ", "))
}

// cleanPagePath turns the user's path into a clean slash-separated path
// inside the content folder, ending in ".md".
func cleanPagePath(relPath string) (string, error) {
	p := strings.ReplaceAll(strings.TrimSpace(relPath), `\`, "/")
	if p == "" {
		return "", errors.New("no page path given (e.g. experiences/new-case.md)")
	}
	if strings.ContainsFunc(p, unicode.IsControl) || !utf8.ValidString(p) {
		return "", fmt.Errorf("page path %q contains control characters or invalid UTF-8", relPath)
	}
	if path.IsAbs(p) || filepath.IsAbs(relPath) || filepath.VolumeName(relPath) != "" {
		return "", fmt.Errorf("page path %q must be relative to the content folder", relPath)
	}
	p = path.Clean(p)
	if p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return "", fmt.Errorf("page path %q is outside the content folder", relPath)
	}
	if !strings.HasSuffix(strings.ToLower(p), ".md") {
		p += ".md"
	}
	return p, nil
}

func pageData(rel, kind string, opts Options) (templateData, error) {
	levels, err := chooseLevels(opts.Level, rel)
	if err != nil {
		return templateData{}, err
	}
	title := cleanTitle(opts.Title)
	if title == "" {
		title = titleFromFileName(rel)
	}
	return templateData{
		Title:     title,
		Levels:    levels,
		LevelText: strings.Join(levels, "/"),
		Kind:      kind,
		Path:      rel,
		URL:       PrettyURL(rel),
	}, nil
}

var (
	levelID        = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
	shortLevel     = regexp.MustCompile(`^[lL][0-9]+$`)
	nonAlphanumber = regexp.MustCompile(`[^A-Za-z0-9]+`)
)

// chooseLevels returns the levels given on the command line, else those
// named by l6/l7 tokens in the path, else DefaultLevels.
func chooseLevels(given, rel string) ([]string, error) {
	if strings.TrimSpace(given) != "" {
		return parseLevels(given)
	}
	var found []string
	for _, token := range nonAlphanumber.Split(strings.ToLower(rel), -1) {
		for _, level := range DefaultLevels {
			if token == strings.ToLower(level) && !slices.Contains(found, level) {
				found = append(found, level)
			}
		}
	}
	if len(found) == 0 {
		return append([]string(nil), DefaultLevels...), nil
	}
	sort.Strings(found)
	return found, nil
}

// parseLevels reads "L6" or "L6,L7"; "l6" is written "L6" as level ids are.
func parseLevels(given string) ([]string, error) {
	var levels []string
	for _, field := range strings.Split(given, ",") {
		level := strings.TrimSpace(field)
		if !levelID.MatchString(level) {
			return nil, fmt.Errorf("level %q is not a level id such as L6", level)
		}
		if shortLevel.MatchString(level) {
			level = strings.ToUpper(level)
		}
		if !slices.Contains(levels, level) {
			levels = append(levels, level)
		}
	}
	return levels, nil
}

// cleanTitle drops what a one-line YAML title cannot hold.
func cleanTitle(title string) string {
	title = strings.ToValidUTF8(title, "\uFFFD")
	title = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, title)
	return strings.Join(strings.Fields(title), " ")
}

// titleFromFileName turns "experiences/l6-hiring-bar.md" into "L6 Hiring
// Bar"; an index page takes its folder's name ("guides/index.md" → "Guides").
func titleFromFileName(rel string) string {
	name := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
	if name == "index" {
		name = path.Base(path.Dir(rel))
		if name == "." {
			return "Home"
		}
	}
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || unicode.IsSpace(r) })
	for i, w := range words {
		first, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(first)) + w[size:]
	}
	title := cleanTitle(strings.Join(words, " "))
	if title == "" {
		return "Untitled"
	}
	return title
}

// PrettyURL maps a content path to its URL relative to the site root
// (see urlpath.Page): "a/b.md" → "a/b/", "a/index.md" → "a/".
func PrettyURL(rel string) string { return urlpath.Page(rel, true) }

// builtins are the templates built into the program (templates/<kind>.md).
//
//go:embed templates/*.md
var builtins embed.FS

// render executes the template of kind: the site's own if it has one, else
// the built-in copy.
func render(siteDir, kind string, siteTemplates fs.FS, data templateData) ([]byte, error) {
	if siteTemplates == nil {
		siteTemplates = srctree.FS(filepath.Join(siteDir, "theme", "new"), siteDir)
	}
	name := kind + ".md"
	source, err := fs.ReadFile(siteTemplates, name)
	origin := "theme/new/" + name
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("reading the site's %s: %w", origin, err)
		}
		source, err = fs.ReadFile(builtins, "templates/"+name)
		origin = "built-in template " + name
		if err != nil {
			return nil, fmt.Errorf("no template for kind %q: %w", kind, err)
		}
	}
	tmpl, err := template.New(origin).Option("missingkey=error").Funcs(templateFuncs).Parse(string(source))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", origin, err)
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, data); err != nil {
		return nil, fmt.Errorf("%s: %w", origin, err)
	}
	return out.Bytes(), nil
}

var templateFuncs = template.FuncMap{
	"yaml":     cfgtree.QuoteYAML,
	"yamlList": yamlList,
}

// yamlList writes a flow sequence: [L6, L7].
func yamlList(items []string) string {
	quoted := make([]string, len(items))
	for i, item := range items {
		quoted[i] = cfgtree.QuoteYAML(item)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// writeNew creates path exclusively (O_EXCL), so neither a mistake nor a
// race with another writer can overwrite an existing page.
func writeNew(target string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; not overwriting it (choose another path or edit the file)", target)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(content); err != nil {
		f.Close()
		os.Remove(target)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(target)
		return err
	}
	return nil
}
