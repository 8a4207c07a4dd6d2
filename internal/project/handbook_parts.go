package project

import (
	"handbook/internal/diag"
	"handbook/internal/project/cfgtree"
	"handbook/internal/project/nav"
)

// readNav reads handbook.yaml's nav, which has MkDocs' shape, with the
// same parser as mkdocs.yml's.
func readNav(path string, data []byte, diags diag.List) ([]NavItem, diag.List) {
	root, _ := cfgtree.ParseYAML(path, data) // its errors were reported by the caller's parse
	list := root.Get("nav")
	if list.IsNull() {
		return nil, diags
	}
	r := cfgtree.Reader{Path: path}
	items := nav.Read(&r, list)
	return items, append(diags, r.Diags...)
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

// readHandbookNavLimit reads handbook.yaml's nav_list_limit.
func readHandbookNavLimit(c *Config, path string, data []byte, diags diag.List) diag.List {
	root, _ := cfgtree.ParseYAML(path, data)
	v := root.Get("nav_list_limit")
	if v.IsNull() {
		return diags
	}
	r := cfgtree.Reader{Path: path}
	c.NavListLimit = navLimit(&r, v, "nav_list_limit")
	return append(diags, r.Diags...)
}

// navLimit reads a nav list limit: a whole number, 0 or more (nil when
// it is not one, reported at v).
func navLimit(r *cfgtree.Reader, v *cfgtree.Node, what string) *int {
	n, ok := r.Int(v, what)
	if !ok {
		return nil
	}
	if n < 0 {
		r.ErrorAt(v, "%s must be 0 (every nav list shown whole) or more", what)
		return nil
	}
	return &n
}
