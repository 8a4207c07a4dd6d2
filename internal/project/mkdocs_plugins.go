package project

import (
	"path"
	"strings"

	"handbook/internal/project/cfgtree"
)

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

// readPlugins reads plugins: the list replaces MkDocs' default [search],
// so search is off when not listed.
func (l *loader) readPlugins(root *cfgtree.Node) {
	list := root.Get("plugins")
	if list == nil {
		return
	}
	l.extra.SearchPlugin = false
	if list.IsNull() {
		return
	}
	var unsupported []string
	l.eachNamed(list, "plugins", func(name string, opts, _ *cfgtree.Node) {
		if !l.pluginEnabled(opts) {
			return
		}
		at := opts
		if at == nil {
			at = list
		}
		if !l.readPlugin(strings.TrimPrefix(name, "material/"), opts, at) {
			unsupported = append(unsupported, name)
		}
	})
	l.reportUnsupported(root.KeyNode("plugins"), "plugins", unsupported)
}

// readPlugin reads one enabled plugin; it reports false for a plugin
// handbook does not know.
func (l *loader) readPlugin(name string, opts, at *cfgtree.Node) bool {
	p := &l.cfg.Plugins
	switch name {
	case "search":
		l.extra.SearchPlugin = true
		l.readSearch(opts)
	case "tags":
		l.extra.TagsPlugin = true
		p.TagsFile = l.optStr(opts, "tags_file")
	case "blog":
		p.Blog = &PluginEntry{Options: opts, At: at, File: l.fileOf(at)}
	case "redirects":
		l.readRedirects(opts.Get("redirect_maps"))
	case "social":
		l.cfg.SocialCards = true // handbook draws its own Open Graph cards
	case "glightbox":
		p.Glightbox = true
	case "offline":
		p.Offline = true
	case "minify":
		if v := opts.Get("minify_html"); !v.IsNull() {
			p.MinifyHTML = l.boolean(v, "minify.minify_html")
		}
	case "exclude":
		p.ExcludeGlobs = append(p.ExcludeGlobs, opts.Get("glob").Texts()...)
		p.ExcludeRegex = append(p.ExcludeRegex, opts.Get("regex").Texts()...)
	default:
		if what, found := projectCodePlugins[name]; found {
			l.warnAt(at, "mkdocs-plugin", "plugin %s runs the project's Python code, which handbook does not: %s", name, what)
			l.note("not carried over: plugin %s (%s)", name, what)
			return true
		}
		return builtinPlugins[name]
	}
	return true
}

// readRedirects reads redirect_maps: old path → new path or URL.
func (l *loader) readRedirects(m *cfgtree.Node) {
	if m.IsNull() {
		return
	}
	if m.Kind != cfgtree.Map {
		l.errorAt(m, "redirects.redirect_maps must be a mapping of old pages to new ones")
		return
	}
	if l.cfg.Plugins.Redirects == nil {
		l.cfg.Plugins.Redirects = map[string]string{}
	}
	for i, k := range m.Keys {
		to := l.str(m.Vals[i], "redirect_maps."+k.Text)
		if to == "" || k.Text == "" {
			continue
		}
		l.cfg.Plugins.Redirects[strings.TrimPrefix(path.Clean("/"+k.Text), "/")] = to
	}
}

// pluginEnabled honours a plugin's "enabled: false" option (often !ENV).
func (l *loader) pluginEnabled(opts *cfgtree.Node) bool {
	if opts.IsNull() || opts.Kind != cfgtree.Map {
		return true
	}
	e := opts.Get("enabled")
	if e.IsNull() {
		return true
	}
	return l.boolean(e, "enabled")
}

// readHooks warns once per hooks: file, which MkDocs runs as Python code.
func (l *loader) readHooks(hooks *cfgtree.Node) {
	if hooks.IsNull() {
		return
	}
	for _, it := range hooks.Items {
		if it.Kind == cfgtree.Scalar {
			l.warnAt(it, "mkdocs-plugin", "hooks file %s runs Python code at build time, which handbook does not: what it adds or changes is missing", it.Text)
			l.note("not carried over: hooks file %s", it.Text)
		}
	}
}
