package project

import (
	"path"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/project/cfgtree"
)

// readNav reads handbook.yaml's nav, which has MkDocs' shape, with the
// same parser as mkdocs.yml's.
func readNav(path string, data []byte, diags diag.List) ([]NavItem, diag.List) {
	root, _ := cfgtree.ParseYAML(path, data) // its errors were reported by the caller's parse
	nav := root.Get("nav")
	if nav.IsNull() {
		return nil, diags
	}
	l := newLoader(path)
	items := l.nav(nav)
	return items, append(diags, l.Diags...)
}

// readHandbookExtensions reads handbook.yaml's markdown_extensions, which
// has mkdocs.yml's shape, with the same reader.
func readHandbookExtensions(c *Config, path string, data []byte, diags diag.List) diag.List {
	root, _ := cfgtree.ParseYAML(path, data) // its errors were reported by the caller's parse
	if root.Get("markdown_extensions").IsNull() {
		return diags
	}
	l := newLoader(path)
	l.readExtensions(root)
	c.MarkdownExtensions, c.SnippetPaths = l.cfg.MarkdownExtensions, l.cfg.SnippetPaths
	return append(diags, l.Diags...)
}

// readHandbookTheme returns handbook.yaml's theme and extra mappings, in
// mkdocs.yml's shape, or nil where there are none.
func readHandbookTheme(path string, data []byte) (theme, extra *cfgtree.Node) {
	root, _ := cfgtree.ParseYAML(path, data)
	if t := root.Get("theme"); !t.IsNull() {
		theme = t
	}
	if e := root.Get("extra"); !e.IsNull() {
		extra = e
	}
	return theme, extra
}

// readHandbookValidation reads handbook.yaml's strict and validation, which
// have mkdocs.yml's shape, with the same reader.
func readHandbookValidation(c *Config, path string, data []byte, diags diag.List) diag.List {
	root, _ := cfgtree.ParseYAML(path, data)
	if root.Get("strict").IsNull() && root.Get("validation").IsNull() {
		return diags
	}
	l := newLoader(path)
	l.cfg.Validation, l.cfg.Strict = c.Validation, c.Strict
	l.readValidation(root)
	c.Validation = l.cfg.Validation
	if s := root.Get("strict"); !s.IsNull() {
		c.Strict = l.cfg.Strict
	}
	return append(diags, l.Diags...)
}

// nav reads MkDocs' nav: a list whose entries are a page path ("x.md"), a
// one-key mapping {Title: page-or-link}, or {Section: [entries]}. Entries
// keep the shape handbook.yaml's nav has, so a section whose first child is
// its folder's index.md gets that page as its section page when the site
// builds its nav. Each item's Line is its line in mkdocs.yml.
func (l *loader) nav(n *cfgtree.Node) []NavItem {
	if n.Kind != cfgtree.List {
		l.ErrorAt(n, "nav must be a list")
		return nil
	}
	var items []NavItem
	for _, v := range n.Items {
		switch v.Kind {
		case cfgtree.Scalar:
			items = append(items, l.navTarget(NavItem{Line: v.Line}, v))
		case cfgtree.Map:
			for i, k := range v.Keys {
				items = append(items, l.navEntry(k, v.Vals[i]))
			}
		default:
			l.ErrorAt(v, "nav entry must be a page path or a \"Title: page\" mapping")
		}
	}
	return items
}

func (l *loader) navEntry(title, v *cfgtree.Node) NavItem {
	item := NavItem{Title: title.Text, Line: title.Line}
	switch v.Kind {
	case cfgtree.Scalar:
		return l.navTarget(item, v)
	case cfgtree.List:
		item.Children = l.nav(v)
	default:
		l.ErrorAt(title, "nav entry %q must map to a page path, a link or a list", title.Text)
	}
	return item
}

// navTarget sets a nav item's page or link. As in MkDocs, a Markdown file
// path is a page and anything else (a URL, "/other/path/") is a link.
func (l *loader) navTarget(item NavItem, v *cfgtree.Node) NavItem {
	target := strings.TrimSpace(v.Text)
	if target == "" {
		l.ErrorAt(v, "nav entry has an empty page path")
		return item
	}
	if isPagePath(target) {
		item.Page = target
		return item
	}
	item.URL = target
	if !isRemote(target) && !strings.HasPrefix(strings.ToLower(target), "mailto:") {
		l.Note("nav link %q (line %d) is not a page: handbook.yaml's nav reads it as a page path", target, v.Line)
	}
	return item
}

func isPagePath(s string) bool {
	if isRemote(s) || strings.Contains(s, "://") {
		return false
	}
	switch strings.ToLower(path.Ext(s)) {
	case ".md", ".markdown":
		return true
	}
	return false
}
