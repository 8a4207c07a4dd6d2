package project

import (
	"path/filepath"
	"strconv"
	"strings"

	"handbook/internal/project/cfgtree"
)

// Extension is one entry of markdown_extensions: the extension's name and
// its options as written. internal/mdconfig reads them into the
// converter's options, and reports those handbook does not implement.
type Extension struct {
	Name    string        // without Python-Markdown's "markdown.extensions." prefix
	Options *cfgtree.Node // nil when none are given
	At      *cfgtree.Node // the entry, for messages
}

// extensionName normalises an extension's import path.
func extensionName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "markdown.extensions.")
	return s
}

// readExtensions reads markdown_extensions: a list of names or of one-key
// mappings {name: options} (a plain mapping of names is accepted too, which
// is Zensical's [project.markdown_extensions.NAME] form).
func (l *loader) readExtensions(root *cfgtree.Node) {
	list := root.Get("markdown_extensions")
	if list.IsNull() {
		return
	}
	l.cfg.MarkdownExtensions = nil
	l.extra.Extensions = nil
	l.eachNamed(list, "markdown_extensions", func(name string, opts, at *cfgtree.Node) {
		name = extensionName(name)
		l.cfg.MarkdownExtensions = append(l.cfg.MarkdownExtensions, Extension{Name: name, Options: opts, At: at})
		l.extra.Extensions = appendOnce(l.extra.Extensions, name)
		l.readExtensionOptions(name, opts)
	})
}

// zensicalDefaults are the markdown_extensions Zensical uses when
// zensical.toml lists none: the set Material's documentation recommends.
const zensicalDefaults = `markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.betterem
  - pymdownx.caret
  - pymdownx.details
  - pymdownx.emoji:
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
      emoji_index: !!python/name:material.extensions.emoji.twemoji
  - pymdownx.highlight:
      anchor_linenums: true
      line_spans: __span
      pygments_lang_class: true
  - pymdownx.inlinehilite
  - pymdownx.keys
  - pymdownx.mark
  - pymdownx.smartsymbols
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
  - pymdownx.tabbed:
      alternate_style: true
      combine_header_slug: true
  - pymdownx.tasklist:
      custom_checkbox: true
  - pymdownx.tilde
`

// readZensicalDefaults applies zensicalDefaults.
func (l *loader) readZensicalDefaults() {
	root, _ := cfgtree.ParseYAML(l.path, []byte(zensicalDefaults))
	for _, n := range root.Get("markdown_extensions").Items {
		n.Line, n.Col = 0, 0 // not a place in the project's config
	}
	l.readExtensions(root)
}

// eachNamed calls fn for each entry of a MkDocs "names with options" list
// (markdown_extensions, plugins), in order.
func (l *loader) eachNamed(list *cfgtree.Node, key string, fn func(name string, opts, at *cfgtree.Node)) {
	switch list.Kind {
	case cfgtree.Map:
		for i, k := range list.Keys {
			fn(k.Text, list.Vals[i], k)
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
			fn(it.Text, nil, it)
		case cfgtree.Map:
			for i, k := range it.Keys {
				fn(k.Text, it.Vals[i], k)
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
		opts = &cfgtree.Node{Kind: cfgtree.Map}
	}
	switch name {
	case "toc":
		l.readToc(opts)
	case "pymdownx.snippets":
		l.readSnippetPaths(opts)
	}
}

// readSnippetPaths keeps pymdownx.snippets' base_path (one or a list,
// default the project folder) as file paths, for serve and the build stamp.
func (l *loader) readSnippetPaths(opts *cfgtree.Node) {
	bases := opts.Get("base_path").Texts()
	if opts.Get("base_path").IsNull() {
		bases = []string{"."}
	}
	for _, b := range bases {
		p := filepath.FromSlash(b)
		if !filepath.IsAbs(p) {
			p = filepath.Join(l.dir, p)
		}
		l.cfg.SnippetPaths = append(l.cfg.SnippetPaths, p)
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
		_ = lo // the lower bound is read with the other toc options (internal/mdconfig)
		return
	}
	if n, ok := l.integer(d, "toc_depth"); ok {
		l.extra.TocDepth = n
	}
}
