// Package extensions reads markdown_extensions in mkdocs.yml's shape
// (mkdocs.yml, zensical.toml, handbook.yaml): each extension's name and
// options as written (internal/mdconfig turns them into the converter's
// options), and what the rest of the project needs of them: the
// snippets' base paths and the table of contents settings.
package extensions

import (
	"path/filepath"
	"slices"
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

// List is what a markdown_extensions list says.
type List struct {
	Extensions []Extension
	Names      []string // each extension's name once, in order
	// SnippetPaths are pymdownx.snippets' base_path as file paths (default
	// the project folder), for serve and the build stamp.
	SnippetPaths []string
	// Permalink is toc's permalink when given (PermalinkSymbol its text
	// when it is one, e.g. "#"); Depth is toc_depth's deepest level, or 0.
	Permalink       *bool
	PermalinkSymbol string
	Depth           int
}

// Read reads root's markdown_extensions (ok is false without them): a
// list of names or of one-key mappings {name: options}, or a plain mapping
// of names (Zensical's [project.markdown_extensions.NAME] form). dir is
// the config's folder, which relative snippet paths start from.
func Read(r *cfgtree.Reader, root *cfgtree.Node, dir string) (list List, ok bool) {
	exts := root.Get("markdown_extensions")
	if exts.IsNull() {
		return list, false
	}
	x := reader{Reader: r, dir: dir, out: &list}
	r.EachNamed(exts, "markdown_extensions", func(name string, opts, at *cfgtree.Node) {
		name = strings.TrimPrefix(strings.TrimSpace(name), "markdown.extensions.")
		list.Extensions = append(list.Extensions, Extension{Name: name, Options: opts, At: at})
		if !slices.Contains(list.Names, name) {
			list.Names = append(list.Names, name)
		}
		x.readOptions(name, opts)
	})
	return list, true
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

// ZensicalDefaults is the list Zensical uses when its config lists none.
func ZensicalDefaults(r *cfgtree.Reader, dir string) List {
	root, _ := cfgtree.ParseYAML(r.Path, []byte(zensicalDefaults))
	for _, n := range root.Get("markdown_extensions").Items {
		n.Line, n.Col = 0, 0 // not a place in the project's config
	}
	list, _ := Read(r, root, dir)
	return list
}

type reader struct {
	*cfgtree.Reader
	dir string
	out *List
}

func (l reader) readOptions(name string, opts *cfgtree.Node) {
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
func (l reader) readSnippetPaths(opts *cfgtree.Node) {
	bases := opts.Get("base_path").Texts()
	if opts.Get("base_path").IsNull() {
		bases = []string{"."}
	}
	for _, b := range bases {
		p := filepath.FromSlash(b)
		if !filepath.IsAbs(p) {
			p = filepath.Join(l.dir, p)
		}
		l.out.SnippetPaths = append(l.out.SnippetPaths, p)
	}
}

func (l reader) readToc(opts *cfgtree.Node) {
	if p := opts.Get("permalink"); !p.IsNull() {
		switch strings.ToLower(p.Text) {
		case "true", "yes", "on":
			l.out.Permalink = ptr(true)
		case "false", "no", "off", "":
			l.out.Permalink = ptr(false)
		default:
			l.out.Permalink, l.out.PermalinkSymbol = ptr(true), p.Text
		}
	}
	if d := opts.Get("toc_depth"); !d.IsNull() {
		l.readTocDepth(d)
	}
}

// readTocDepth reads toc_depth: a number, or a range "2-4" whose upper
// bound is the depth (the lower bound is noted as not carried over).
func (l reader) readTocDepth(d *cfgtree.Node) {
	if lo, hi, ok := strings.Cut(d.Text, "-"); ok && d.Kind == cfgtree.Scalar {
		n, err := strconv.Atoi(strings.TrimSpace(hi))
		if err != nil || n < 1 {
			l.ErrorAt(d, "toc_depth must be a number or a range like \"2-4\"")
			return
		}
		l.out.Depth = n
		_ = lo // the lower bound is read with the other toc options (internal/mdconfig)
		return
	}
	if n, ok := l.Int(d, "toc_depth"); ok {
		l.out.Depth = n
	}
}

func ptr[T any](v T) *T { return &v }
