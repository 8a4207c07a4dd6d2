// Package nav reads MkDocs' nav, from mkdocs.yml, zensical.toml or
// handbook.yaml (whose nav has the same shape).
package nav

import (
	"path"
	"strings"

	"handbook/internal/project/cfgtree"
	"handbook/internal/urlpath"
)

// Item is one entry of an explicit nav: a page, an external link, or a
// section with children (and optionally its own index page).
type Item struct {
	Title    string
	Page     string // content-relative path of a .md file
	URL      string // external link
	Children []Item
	Line     int
}

// Read reads MkDocs' nav: a list whose entries are a page path ("x.md"), a
// one-key mapping {Title: page-or-link}, or {Section: [entries]}. Entries
// keep the shape handbook.yaml's nav has, so a section whose first child is
// its folder's index.md gets that page as its section page when the site
// builds its nav. Each item's Line is its line in the config. Problems are
// reported through r.
func Read(r *cfgtree.Reader, n *cfgtree.Node) []Item {
	if n.Kind != cfgtree.List {
		r.ErrorAt(n, "nav must be a list")
		return nil
	}
	var items []Item
	for _, v := range n.Items {
		switch v.Kind {
		case cfgtree.Scalar:
			items = append(items, target(r, Item{Line: v.Line}, v))
		case cfgtree.Map:
			for i, k := range v.Keys {
				items = append(items, entry(r, k, v.Vals[i]))
			}
		default:
			r.ErrorAt(v, "nav entry must be a page path or a \"Title: page\" mapping")
		}
	}
	return items
}

func entry(r *cfgtree.Reader, title, v *cfgtree.Node) Item {
	item := Item{Title: title.Text, Line: title.Line}
	switch v.Kind {
	case cfgtree.Scalar:
		return target(r, item, v)
	case cfgtree.List:
		item.Children = Read(r, v)
	default:
		r.ErrorAt(title, "nav entry %q must map to a page path, a link or a list", title.Text)
	}
	return item
}

// target sets a nav item's page or link. As in MkDocs, a Markdown file
// path is a page and anything else (a URL, "/other/path/") is a link.
func target(r *cfgtree.Reader, item Item, v *cfgtree.Node) Item {
	dest := strings.TrimSpace(v.Text)
	if dest == "" {
		r.ErrorAt(v, "nav entry has an empty page path")
		return item
	}
	if isPagePath(dest) {
		item.Page = dest
		return item
	}
	item.URL = dest
	if !urlpath.IsRemote(dest) && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
		r.Note("nav link %q (line %d) is not a page: handbook.yaml's nav reads it as a page path", dest, v.Line)
	}
	return item
}

func isPagePath(s string) bool {
	if urlpath.IsRemote(s) || strings.Contains(s, "://") {
		return false
	}
	switch strings.ToLower(path.Ext(s)) {
	case ".md", ".markdown":
		return true
	}
	return false
}
