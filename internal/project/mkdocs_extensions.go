package project

import (
	"strconv"
	"strings"
)

// SupportedExtensions are the markdown_extensions whose syntax handbook
// renders. Python-Markdown's bundled ones may also be written with their
// "markdown.extensions." prefix. Notes on the less obvious ones:
//   - extra, fenced_code, tables, def_list, footnotes, abbr, attr_list,
//     md_in_html: Python-Markdown "extra" and its parts; handbook's markdown
//     always has them.
//   - codehilite, pymdownx.highlight, pymdownx.inlinehilite: handbook
//     highlights code itself, at build time.
//   - meta: handbook reads YAML front matter, which is what MkDocs uses too.
//   - sane_lists, pymdownx.betterem, pymdownx.saneheaders: CommonMark already
//     behaves this way.
//   - pymdownx.magiclink: bare URLs become links (repository shorthands do not).
var SupportedExtensions = []string{
	"toc", "tables", "attr_list", "md_in_html", "def_list", "footnotes", "abbr", "admonition",
	"meta", "sane_lists", "fenced_code", "extra", "codehilite",
	"pymdownx.details", "pymdownx.superfences", "pymdownx.highlight", "pymdownx.inlinehilite",
	"pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.emoji", "pymdownx.keys", "pymdownx.mark",
	"pymdownx.tilde", "pymdownx.caret", "pymdownx.arithmatex", "pymdownx.betterem",
	"pymdownx.magiclink", "pymdownx.saneheaders",
}

var supportedExtension = func() map[string]bool {
	m := map[string]bool{}
	for _, name := range SupportedExtensions {
		m[name] = true
	}
	return m
}()

// extensionName normalises an extension's import path.
func extensionName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "markdown.extensions.")
	return s
}

// readExtensions reads markdown_extensions: a list of names or of one-key
// mappings {name: options} (a plain mapping of names is accepted too).
func (l *loader) readExtensions(root *node) {
	list := root.get("markdown_extensions")
	if list.isNull() {
		return
	}
	var unsupported []string
	l.eachNamed(list, "markdown_extensions", func(name string, opts *node) {
		name = extensionName(name)
		if !supportedExtension[name] {
			unsupported = append(unsupported, name)
			return
		}
		l.extra.Extensions = appendOnce(l.extra.Extensions, name)
		l.readExtensionOptions(name, opts)
	})
	l.reportUnsupported(root.keyNode("markdown_extensions"), "markdown_extensions", unsupported)
}

// eachNamed calls fn for each entry of a MkDocs "names with options" list
// (markdown_extensions, plugins), in order.
func (l *loader) eachNamed(list *node, key string, fn func(name string, opts *node)) {
	switch list.kind {
	case mapKind:
		for i, k := range list.keys {
			fn(k.text, list.vals[i])
		}
		return
	case listKind:
	default:
		l.errorAt(list, "%s must be a list", key)
		return
	}
	for _, it := range list.items {
		switch it.kind {
		case scalarKind:
			fn(it.text, nil)
		case mapKind:
			for i, k := range it.keys {
				fn(k.text, it.vals[i])
			}
		default:
			l.errorAt(it, "%s entry must be a name or a mapping {name: options}", key)
		}
	}
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func (l *loader) reportUnsupported(at *node, key string, names []string) {
	if len(names) == 0 || at == nil {
		return
	}
	for _, n := range names {
		l.extra.Unsupported = appendOnce(l.extra.Unsupported, n)
	}
	l.warnAt(at, "mkdocs-unsupported", "%s not supported by handbook (ignored): %s", key, strings.Join(names, ", "))
	l.note("not carried over: %s %s", key, strings.Join(names, ", "))
}

func (l *loader) readExtensionOptions(name string, opts *node) {
	if opts.isNull() || opts.kind != mapKind {
		return
	}
	switch name {
	case "toc":
		l.readToc(opts)
	case "pymdownx.superfences":
		l.noteCustomFences(opts.get("custom_fences"))
	}
}

func (l *loader) readToc(opts *node) {
	if p := opts.get("permalink"); !p.isNull() {
		switch strings.ToLower(p.text) {
		case "true", "yes", "on":
			l.extra.TocPermalink = true
		case "false", "no", "off", "":
		default:
			l.extra.TocPermalink, l.extra.TocPermalinkSymbol = true, p.text
		}
	}
	if d := opts.get("toc_depth"); !d.isNull() {
		l.readTocDepth(d)
	}
	if s := opts.get("slugify"); !s.isNull() {
		l.note("not carried over: toc slugify %s (handbook makes MkDocs' default heading ids)", pythonName(s))
	}
}

// readTocDepth reads toc_depth: a number, or a range "2-4" whose upper
// bound is the depth (the lower bound is noted as not carried over).
func (l *loader) readTocDepth(d *node) {
	if lo, hi, ok := strings.Cut(d.text, "-"); ok && d.kind == scalarKind {
		n, err := strconv.Atoi(strings.TrimSpace(hi))
		if err != nil || n < 1 {
			l.errorAt(d, "toc_depth must be a number or a range like \"2-4\"")
			return
		}
		l.extra.TocDepth = n
		if strings.TrimSpace(lo) != "1" {
			l.note("not carried over: toc_depth lower bound %s", strings.TrimSpace(lo))
		}
		return
	}
	if n, ok := l.integer(d, "toc_depth"); ok {
		l.extra.TocDepth = n
	}
}

func (l *loader) noteCustomFences(fences *node) {
	if fences.isNull() || fences.kind != listKind {
		return
	}
	var names []string
	for _, f := range fences.items {
		if n := f.get("name"); n != nil && n.kind == scalarKind {
			names = append(names, n.text)
		}
	}
	if len(names) > 0 {
		l.note("pymdownx.superfences custom_fences %s are shown as code blocks", strings.Join(names, ", "))
	}
}

// builtinPlugins are MkDocs plugins whose job handbook does itself.
var builtinPlugins = map[string]bool{
	"git-revision-date-localized": true, // handbook dates pages from git
	"git-revision-date":           true,
}

// readPlugins reads plugins: search and tags are built in; the list
// replaces MkDocs' default [search], so search is off when not listed.
func (l *loader) readPlugins(root *node) {
	list := root.get("plugins")
	if list == nil {
		return
	}
	l.extra.SearchPlugin = false
	if list.isNull() {
		return
	}
	var unsupported []string
	l.eachNamed(list, "plugins", func(name string, opts *node) {
		if !l.pluginEnabled(opts) {
			return
		}
		switch strings.TrimPrefix(name, "material/") {
		case "search":
			l.extra.SearchPlugin = true
		case "tags":
			l.extra.TagsPlugin = true
		default:
			if !builtinPlugins[name] {
				unsupported = append(unsupported, name)
			}
		}
	})
	l.reportUnsupported(root.keyNode("plugins"), "plugins", unsupported)
}

// pluginEnabled honours a plugin's "enabled: false" option (often !ENV).
func (l *loader) pluginEnabled(opts *node) bool {
	if opts.isNull() || opts.kind != mapKind {
		return true
	}
	e := opts.get("enabled")
	if e.isNull() {
		return true
	}
	return l.boolean(e, "enabled")
}

// pythonName names the Python callable a !!python/… value refers to.
func pythonName(n *node) string {
	if i := strings.Index(n.tag, ":"); strings.HasPrefix(n.tag, "!!python/") && i >= 0 {
		return n.tag[i+1:]
	}
	return n.text
}
