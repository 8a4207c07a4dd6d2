// Package plugins reads the plugins of an MkDocs or Zensical config
// (plugins:, [project.plugins.NAME]) and hooks: what handbook honours,
// what it does itself, and a warning for each plugin that runs the
// project's own code.
package plugins

import (
	"path"
	"slices"
	"strings"

	"github.com/dlclark/regexp2/v2"

	"handbook/internal/project/cfgtree"
)

// Settings are the settings of the MkDocs plugins handbook honours.
type Settings struct {
	// Search is the search plugin's options.
	Search struct {
		Separator string   // a regular expression splitting words ("" = handbook's)
		Lang      []string // the languages the index is for
	}
	// TagsFile is the tags plugin's tags_file: the page (docs-relative)
	// that lists every tag ("" = a generated tags/ page).
	TagsFile string
	// Blog is material/blog's entry in plugins (its options, read by
	// internal/blog), or nil without the plugin.
	Blog *Entry
	// Redirects are the redirects plugin's redirect_maps: an old page
	// (docs-relative .md path) to its new place (a .md path, with an
	// optional anchor, or a full URL).
	Redirects map[string]string
	// Glightbox is on with the glightbox plugin: images open in a lightbox.
	Glightbox bool
	// Offline is on with Material's offline plugin: the build works from
	// disk as with --offline.
	Offline bool
	// MinifyHTML is the minify plugin's minify_html.
	MinifyHTML bool
	// Exclude are the exclude plugin's glob and regex options.
	ExcludeGlobs, ExcludeRegex []string
}

// Entry is a plugin's options as written, for the package that
// reads them, and where it is named (for messages).
type Entry struct {
	Options *cfgtree.Node // nil when none are given
	At      *cfgtree.Node
	File    string // the config file naming it
}

// Listed is what the plugins list says beyond the plugins' settings.
type Listed struct {
	Settings
	// HasSearch, HasTags and HasSocial are on when the list names those
	// plugins (MkDocs' search, Material's tags and social).
	HasSearch, HasTags, HasSocial bool
	// Unsupported are the plugins handbook does not know, in order.
	Unsupported []string
}

// reader reads one plugins list.
type reader struct {
	*cfgtree.Reader
	out *Listed
}

// builtinPlugins are MkDocs plugins whose job handbook does itself: they
// are accepted without a word.
var builtinPlugins = map[string]bool{
	"git-revision-date-localized": true, // handbook dates pages from git
	"git-revision-date":           true,
	"git-committers":              true, // the page's history is one click away (content.action.view, the edit link)
	"git-authors":                 true,
	"privacy":                     true, // a handbook site makes no request to another host
	"meta":                        true, // .meta.yml files apply to their folder
}

// projectCodePlugins run the project's own code at build time; handbook
// cannot, so each gets a warning saying what will be missing.
var projectCodePlugins = map[string]string{
	"macros":       "Jinja2 variables and macros ({{ ... }}) are shown as written",
	"mkdocstrings": "API reference pages generated from source code (::: identifier) are missing",
	"gen-files":    "pages the plugin's scripts generate are missing",
	"literate-nav": "the nav written in SUMMARY.md files is not read; the folder tree is used",
}

// Read reads root's plugins list; ok is false when there is none (the
// list replaces MkDocs' default [search], so search is off when a list
// does not name it).
func Read(r *cfgtree.Reader, root *cfgtree.Node) (listed Listed, ok bool) {
	list := root.Get("plugins")
	if list == nil {
		return listed, false
	}
	if list.IsNull() {
		return listed, true
	}
	l := reader{Reader: r, out: &listed}
	l.EachNamed(list, "plugins", func(name string, opts, _ *cfgtree.Node) {
		if !l.pluginEnabled(opts) {
			return
		}
		at := opts
		if at == nil {
			at = list
		}
		if !l.readPlugin(strings.TrimPrefix(name, "material/"), opts, at) {
			listed.Unsupported = append(listed.Unsupported, name)
		}
	})
	return listed, true
}

// readPlugin reads one enabled plugin; it reports false for a plugin
// handbook does not know.
func (l reader) readPlugin(name string, opts, at *cfgtree.Node) bool {
	p := &l.out.Settings
	switch name {
	case "search":
		l.out.HasSearch = true
		l.readSearch(opts)
	case "tags":
		l.out.HasTags = true
		p.TagsFile = l.OptStr(opts, "tags_file")
	case "blog":
		p.Blog = &Entry{Options: opts, At: at, File: l.FileOf(at)}
	case "redirects":
		l.readRedirects(opts.Get("redirect_maps"))
	case "social":
		l.out.HasSocial = true // handbook draws its own Open Graph cards
	case "glightbox":
		p.Glightbox = true
	case "offline":
		p.Offline = true
	case "minify":
		if v := opts.Get("minify_html"); !v.IsNull() {
			p.MinifyHTML = l.Bool(v, "minify.minify_html")
		}
	case "exclude":
		p.ExcludeGlobs = append(p.ExcludeGlobs, opts.Get("glob").Texts()...)
		p.ExcludeRegex = append(p.ExcludeRegex, opts.Get("regex").Texts()...)
	default:
		if what, found := projectCodePlugins[name]; found {
			l.WarnAt(at, "mkdocs-plugin", "plugin %s runs the project's Python code, which handbook does not: %s", name, what)
			l.Note("not carried over: plugin %s (%s)", name, what)
			return true
		}
		return builtinPlugins[name]
	}
	return true
}

// readRedirects reads redirect_maps: old path → new path or URL.
func (l reader) readRedirects(m *cfgtree.Node) {
	if m.IsNull() {
		return
	}
	if m.Kind != cfgtree.Map {
		l.ErrorAt(m, "redirects.redirect_maps must be a mapping of old pages to new ones")
		return
	}
	if l.out.Redirects == nil {
		l.out.Redirects = map[string]string{}
	}
	for i, k := range m.Keys {
		to := l.Str(m.Vals[i], "redirect_maps."+k.Text)
		if to == "" || k.Text == "" {
			continue
		}
		l.out.Redirects[strings.TrimPrefix(path.Clean("/"+k.Text), "/")] = to
	}
}

// pluginEnabled honours a plugin's "enabled: false" option (often !ENV).
func (l reader) pluginEnabled(opts *cfgtree.Node) bool {
	if opts.IsNull() || opts.Kind != cfgtree.Map {
		return true
	}
	e := opts.Get("enabled")
	if e.IsNull() {
		return true
	}
	return l.Bool(e, "enabled")
}

// ReadHooks warns once per hooks: file, which MkDocs runs as Python code.
func ReadHooks(l *cfgtree.Reader, hooks *cfgtree.Node) {
	if hooks.IsNull() {
		return
	}
	for _, it := range hooks.Items {
		if it.Kind == cfgtree.Scalar {
			l.WarnAt(it, "mkdocs-plugin", "hooks file %s runs Python code at build time, which handbook does not: what it adds or changes is missing", it.Text)
			l.Note("not carried over: hooks file %s", it.Text)
		}
	}
}

// searchLanguages are the languages MkDocs' search plugin knows (lunr
// languages, as Material's documentation lists them).
var searchLanguages = map[string]bool{
	"ar": true, "da": true, "de": true, "du": true, "en": true, "es": true, "fi": true,
	"fr": true, "hi": true, "hu": true, "hy": true, "it": true, "ja": true, "kn": true,
	"ko": true, "no": true, "pt": true, "ro": true, "ru": true, "sa": true, "sv": true,
	"ta": true, "te": true, "th": true, "tr": true, "vi": true, "zh": true,
}

// readSearch reads the search plugin's separator and lang. The separator
// is compiled as the index will use it (JavaScript's syntax, regexp2's
// ECMAScript mode, as internal/search/analyze.CompileSeparator), so a pattern the
// build cannot use is an error at its line.
func (l reader) readSearch(opts *cfgtree.Node) {
	s := &l.out.Search
	if sep := opts.Get("separator"); !sep.IsNull() {
		s.Separator = l.Str(sep, "search.separator")
		if _, err := regexp2.Compile(s.Separator, regexp2.ECMAScript); err != nil {
			l.ErrorAt(sep, "search.separator is not a valid regular expression: %v", err)
			s.Separator = ""
		}
	}
	lang := opts.Get("lang")
	if lang.IsNull() {
		return
	}
	items := lang.Items
	switch lang.Kind {
	case cfgtree.Scalar:
		items = []*cfgtree.Node{lang}
	case cfgtree.Map:
		l.ErrorAt(lang, "search.lang must be a language code or a list of them")
		return
	}
	for _, it := range items {
		code := strings.ToLower(l.Str(it, "search.lang"))
		if code == "" {
			continue
		}
		if !searchLanguages[code] {
			l.WarnAt(it, "mkdocs-plugin", "search.lang: unknown language %q: words in it are matched without stemming", code)
		}
		s.Lang = append(s.Lang, code)
	}
	// handbook.yaml's index splits words its own way and stems English.
	if s.Separator != "" || len(s.Lang) > 0 && !slices.Contains(s.Lang, "en") {
		l.Note("not carried over: the search plugin's separator and lang (handbook.yaml's index uses handbook's own analyser)")
	}
}
