package site

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/par"
	"handbook/internal/project"
)

// NavNode is one entry of the nav tree.
type NavNode struct {
	Title    string
	Page     *Page  // the page, or a section's index page; nil for a bare section or a link
	URL      string // external URL, for links
	Children []*NavNode
	Parent   *NavNode
}

// IsSection reports whether the node has children.
func (n *NavNode) IsSection() bool { return len(n.Children) > 0 }

// Levels are the levels a node is for: its page's levels, or for a section
// the union of its children's (empty = every level).
func (n *NavNode) Levels() []string {
	if n.Page != nil && len(n.Page.Levels) > 0 && !n.IsSection() {
		return n.Page.Levels
	}
	if !n.IsSection() {
		return nil
	}
	var out []string
	for _, c := range n.Children {
		ls := c.Levels()
		if len(ls) == 0 {
			return nil
		}
		for _, l := range ls {
			if !slices.Contains(out, l) {
				out = append(out, l)
			}
		}
	}
	sort.Strings(out)
	return out
}

// BuildNav makes the nav tree: from the config's nav when it has one, else
// from the folder tree (a folder's index.md is its section page; entries
// ordered by weight, then title).
func (s *Site) BuildNav() (*NavNode, diag.List) {
	if len(s.Config.Nav) > 0 {
		return s.navFromConfig()
	}
	return s.navFromFolders(), nil
}

func (s *Site) navFromFolders() *NavNode {
	root := &NavNode{Title: s.Config.Title}
	sections := map[string]*NavNode{"": root}
	var section func(dir string) *NavNode
	section = func(dir string) *NavNode {
		if n := sections[dir]; n != nil {
			return n
		}
		parent := section(parentDir(dir))
		n := &NavNode{Title: prettify(path.Base(dir)), Parent: parent}
		parent.Children = append(parent.Children, n)
		sections[dir] = n
		return n
	}
	for _, p := range s.Pages {
		dir := strings.TrimSuffix(path.Dir(p.Src), ".")
		dir = strings.TrimSuffix(dir, "/")
		if p.IsIndex && dir != "" {
			n := section(dir)
			n.Page = p
			n.Title = p.Title
			continue
		}
		parent := section(dir)
		parent.Children = append(parent.Children, &NavNode{Title: p.Title, Page: p, Parent: parent})
	}
	sortNavTree(root)
	return root
}

func parentDir(dir string) string {
	i := strings.LastIndex(dir, "/")
	if i < 0 {
		return ""
	}
	return dir[:i]
}

// prettify turns a file or folder name into a title: "system-design" → "System design".
func prettify(name string) string {
	name = strings.TrimSuffix(name, path.Ext(name))
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

func weightOf(n *NavNode) int {
	if n.Page != nil {
		return n.Page.FM.Weight
	}
	return 0
}

// sortNavTree is sortNav of the tree under root, each of root's subtrees
// sorted on its own CPU (a large site's tree takes a while).
func sortNavTree(root *NavNode) {
	sortChildren(root)
	par.For(len(root.Children), func(i int) { sortNav(root.Children[i]) })
}

// sortNav orders the tree under n (see sortChildren).
func sortNav(n *NavNode) {
	sortChildren(n)
	for _, c := range n.Children {
		sortNav(c)
	}
}

// sortChildren orders n's children: the home page first, then by weight
// (weighted before unweighted), then title, then path.
func sortChildren(n *NavNode) {
	// Each title is lowered once, not at each comparison.
	type child struct {
		n     *NavNode
		lower string
	}
	children := make([]child, len(n.Children))
	for i, c := range n.Children {
		children[i] = child{c, strings.ToLower(c.Title)}
	}
	sort.SliceStable(children, func(i, j int) bool {
		a, b := children[i].n, children[j].n
		if ha, hb := isHome(a), isHome(b); ha != hb {
			return ha
		}
		wa, wb := weightOf(a), weightOf(b)
		if (wa == 0) != (wb == 0) {
			return wa != 0
		}
		if wa != wb {
			return wa < wb
		}
		if a.Title != b.Title {
			return children[i].lower < children[j].lower
		}
		return nodeKey(a) < nodeKey(b)
	})
	for i := range children {
		n.Children[i] = children[i].n
	}
}

func isHome(n *NavNode) bool { return n.Page != nil && n.Page.URL == "" && !n.IsSection() }

func nodeKey(n *NavNode) string {
	if n.Page != nil {
		return n.Page.Src
	}
	return n.Title
}

func (s *Site) navFromConfig() (*NavNode, diag.List) {
	var diags diag.List
	root := &NavNode{Title: s.Config.Title}
	var add func(parent *NavNode, items []project.NavItem)
	add = func(parent *NavNode, items []project.NavItem) {
		for _, it := range items {
			n := &NavNode{Title: it.Title, URL: it.URL, Parent: parent}
			if it.Page != "" {
				p := s.Page(path.Clean(strings.TrimPrefix(it.Page, "/")))
				if p == nil {
					s.Report(&diags, s.Config.Validation.NavNotFound, s.Config.Path, it.Line, 1, "nav", fmt.Sprintf("nav names %q, which is not a page in %s", it.Page, s.Config.ContentDir))
					continue
				}
				n.Page = p
				if n.Title == "" {
					n.Title = p.Title
				}
			}
			if len(it.Children) > 0 {
				add(n, it.Children)
				// A section's first child that is its folder's index page
				// becomes the section page, as in Material's navigation.indexes.
				if first := n.Children; len(first) > 0 && first[0].Page != nil && first[0].Page.IsIndex && !first[0].IsSection() && n.Page == nil {
					n.Page = first[0].Page
					n.Children = n.Children[1:]
				}
			}
			parent.Children = append(parent.Children, n)
		}
	}
	add(root, s.Config.Nav)
	s.reportOmitted(root, &diags)
	return root, diags
}

// reportOmitted reports the pages an explicit nav leaves out (MkDocs'
// validation.nav.omitted_files), but those not_in_nav names.
func (s *Site) reportOmitted(root *NavNode, diags *diag.List) {
	level := s.Config.Validation.NavOmittedFiles
	if level == project.CheckIgnore {
		return
	}
	inNav := map[*Page]bool{}
	root.Walk(func(n *NavNode) { inNav[n.Page] = true })
	for _, p := range s.Pages {
		if !inNav[p] && !s.Rules.IsNotInNav(p.Src) && !s.NavByPlugin[p] {
			s.Report(diags, level, s.Display(p), 1, 1, "not-in-nav", fmt.Sprintf("page is not in the nav of %s", s.Config.Path))
		}
	}
}

// Walk calls fn for every node in nav order (depth first, parents first).
func (n *NavNode) Walk(fn func(*NavNode)) {
	for _, c := range n.Children {
		fn(c)
		c.Walk(fn)
	}
}

// PageOrder lists the pages in nav order, each once, for previous/next links.
func (n *NavNode) PageOrder() []*Page {
	var out []*Page
	seen := map[*Page]bool{}
	n.Walk(func(c *NavNode) {
		if c.Page != nil && !seen[c.Page] {
			seen[c.Page] = true
			out = append(out, c.Page)
		}
	})
	return out
}

// Find returns the nav node that shows page p (its deepest occurrence).
func (n *NavNode) Find(p *Page) *NavNode {
	var found *NavNode
	n.Walk(func(c *NavNode) {
		if c.Page == p && found == nil {
			found = c
		}
	})
	return found
}
