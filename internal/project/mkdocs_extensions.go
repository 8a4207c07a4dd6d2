package project

import (
	"slices"
	"strings"

	"handbook/internal/project/cfgtree"
	"handbook/internal/project/extensions"
)

// Extension is one entry of markdown_extensions (see
// internal/project/extensions).
type Extension = extensions.Extension

// readExtensions reads markdown_extensions (see extensions.Read).
func (l *loader) readExtensions(root *cfgtree.Node) {
	if list, ok := extensions.Read(&l.Reader, root, l.dir); ok {
		l.applyExtensions(list)
	}
}

// readZensicalDefaults applies the extensions Zensical uses by default.
func (l *loader) readZensicalDefaults() {
	l.applyExtensions(extensions.ZensicalDefaults(&l.Reader, l.dir))
}

func (l *loader) applyExtensions(list extensions.List) {
	l.cfg.MarkdownExtensions, l.extra.Extensions = list.Extensions, list.Names
	l.cfg.SnippetPaths = append(l.cfg.SnippetPaths, list.SnippetPaths...)
	if list.Permalink != nil {
		l.extra.TocPermalink, l.extra.TocPermalinkSymbol = *list.Permalink, list.PermalinkSymbol
	}
	if list.Depth > 0 {
		l.extra.TocDepth = list.Depth
	}
}

func (l *loader) reportUnsupported(at *cfgtree.Node, key string, names []string) {
	if len(names) == 0 || at == nil {
		return
	}
	for _, n := range names {
		if !slices.Contains(l.extra.Unsupported, n) {
			l.extra.Unsupported = append(l.extra.Unsupported, n)
		}
	}
	l.WarnAt(at, "mkdocs-unsupported", "%s not supported by handbook (ignored): %s", key, strings.Join(names, ", "))
	l.Note("not carried over: %s %s", key, strings.Join(names, ", "))
}
