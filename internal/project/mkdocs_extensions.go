package project

import (
	"strconv"
	"strings"

	"handbook/internal/project/cfgtree"
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
func (l *loader) readExtensions(root *cfgtree.Node) {
	list := root.Get("markdown_extensions")
	if list.IsNull() {
		return
	}
	var unsupported []string
	l.eachNamed(list, "markdown_extensions", func(name string, opts *cfgtree.Node) {
		name = extensionName(name)
		if !supportedExtension[name] {
			unsupported = append(unsupported, name)
			return
		}
		l.extra.Extensions = appendOnce(l.extra.Extensions, name)
		l.readExtensionOptions(name, opts)
	})
	l.reportUnsupported(root.KeyNode("markdown_extensions"), "markdown_extensions", unsupported)
}

// eachNamed calls fn for each entry of a MkDocs "names with options" list
// (markdown_extensions, plugins), in order.
func (l *loader) eachNamed(list *cfgtree.Node, key string, fn func(name string, opts *cfgtree.Node)) {
	switch list.Kind {
	case cfgtree.Map:
		for i, k := range list.Keys {
			fn(k.Text, list.Vals[i])
		}
		return
	case cfgtree.List:
	default:
		l.errorAt(list, "%s must be a list", key)
		return
	}
	for _, it := range list.Items {
		switch it.Kind {
		case cfgtree.Scalar:
			fn(it.Text, nil)
		case cfgtree.Map:
			for i, k := range it.Keys {
				fn(k.Text, it.Vals[i])
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

func (l *loader) reportUnsupported(at *cfgtree.Node, key string, names []string) {
	if len(names) == 0 || at == nil {
		return
	}
	for _, n := range names {
		l.extra.Unsupported = appendOnce(l.extra.Unsupported, n)
	}
	l.warnAt(at, "mkdocs-unsupported", "%s not supported by handbook (ignored): %s", key, strings.Join(names, ", "))
	l.note("not carried over: %s %s", key, strings.Join(names, ", "))
}

func (l *loader) readExtensionOptions(name string, opts *cfgtree.Node) {
	if opts.IsNull() || opts.Kind != cfgtree.Map {
		return
	}
	switch name {
	case "toc":
		l.readToc(opts)
	case "pymdownx.superfences":
		l.noteCustomFences(opts.Get("custom_fences"))
	}
}

func (l *loader) readToc(opts *cfgtree.Node) {
	if p := opts.Get("permalink"); !p.IsNull() {
		switch strings.ToLower(p.Text) {
		case "true", "yes", "on":
			l.extra.TocPermalink = true
		case "false", "no", "off", "":
		default:
			l.extra.TocPermalink, l.extra.TocPermalinkSymbol = true, p.Text
		}
	}
	if d := opts.Get("toc_depth"); !d.IsNull() {
		l.readTocDepth(d)
	}
	if s := opts.Get("slugify"); !s.IsNull() {
		l.note("not carried over: toc slugify %s (handbook makes MkDocs' default heading ids)", s.PythonName())
	}
}

// readTocDepth reads toc_depth: a number, or a range "2-4" whose upper
// bound is the depth (the lower bound is noted as not carried over).
func (l *loader) readTocDepth(d *cfgtree.Node) {
	if lo, hi, ok := strings.Cut(d.Text, "-"); ok && d.Kind == cfgtree.Scalar {
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

func (l *loader) noteCustomFences(fences *cfgtree.Node) {
	if fences.IsNull() || fences.Kind != cfgtree.List {
		return
	}
	var names []string
	for _, f := range fences.Items {
		if n := f.Get("name"); n != nil && n.Kind == cfgtree.Scalar {
			names = append(names, n.Text)
		}
	}
	if len(names) > 0 {
		l.note("pymdownx.superfences custom_fences %s are shown as code blocks", strings.Join(names, ", "))
	}
}
