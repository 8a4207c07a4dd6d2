package render

import (
	"html"
	"strings"
	"sync"

	"handbook/internal/site"
)

// NavRenderer renders the sidebar. Only the branch holding the current page
// is expanded, so a page's nav stays small however large the site grows,
// and each (branch, depth) is rendered once and shared by the pages in it.
type NavRenderer struct {
	root   *site.NavNode
	levels map[*site.NavNode]string // each node's data-levels value, worked out once
	mu     sync.Mutex
	cache  map[navKey]*navEntry
}

type navKey struct {
	branch *site.NavNode // the current page's parent in the nav
	prefix string        // relative URL of the site root from the page
}

type navEntry struct {
	once sync.Once
	html string
}

// NewNavRenderer prepares rendering for this nav tree.
func NewNavRenderer(root *site.NavNode) *NavRenderer {
	r := &NavRenderer{root: root, levels: map[*site.NavNode]string{}, cache: map[navKey]*navEntry{}}
	var walk func(n *site.NavNode)
	walk = func(n *site.NavNode) {
		if ls := n.Levels(); len(ls) > 0 {
			r.levels[n] = html.EscapeString(strings.Join(ls, " "))
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	if root != nil {
		walk(root)
	}
	return r
}

// For returns the nav HTML for a page shown by node cur (nil when the page is
// not in the nav), at the given root prefix, with the page marked current.
func (r *NavRenderer) For(cur *site.NavNode, prefix string) string {
	var branch *site.NavNode
	if cur != nil {
		branch = cur.Parent
		if cur.IsSection() {
			branch = cur
		}
	}
	key := navKey{branch, prefix}
	r.mu.Lock()
	e := r.cache[key]
	if e == nil {
		e = &navEntry{}
		r.cache[key] = e
	}
	r.mu.Unlock()
	e.once.Do(func() {
		open := map[*site.NavNode]bool{}
		for n := branch; n != nil; n = n.Parent {
			open[n] = true
		}
		var b strings.Builder
		r.writeList(&b, r.root.Children, open, prefix)
		e.html = b.String()
	})
	if cur == nil || cur.Page == nil {
		return e.html
	}
	// Mark the current page: its href is unique in the nav.
	href := `href="` + html.EscapeString(prefix+cur.Page.URL) + `"`
	if prefix+cur.Page.URL == "" {
		href = `href="./"`
	}
	return strings.Replace(e.html, href+">", href+` aria-current="page">`, 1)
}

func (r *NavRenderer) writeList(b *strings.Builder, nodes []*site.NavNode, open map[*site.NavNode]bool, prefix string) {
	b.WriteString("<ul>")
	for _, n := range nodes {
		b.WriteString("<li")
		classes := []string{}
		if n.IsSection() {
			classes = append(classes, "hb-nav__section")
			if open[n] {
				classes = append(classes, "is-open")
			}
		}
		if len(classes) > 0 {
			b.WriteString(` class="` + strings.Join(classes, " ") + `"`)
		}
		if ls, ok := r.levels[n]; ok {
			b.WriteString(` data-levels="` + ls + `"`)
		}
		b.WriteString(">")
		href := ""
		switch {
		case n.URL != "":
			href = n.URL
		case n.Page != nil:
			href = prefix + n.Page.URL
		default:
			if first := firstPage(n); first != nil {
				href = prefix + first.URL
			}
		}
		if href == "" && (n.Page != nil || firstPage(n) != nil) {
			href = "./"
		}
		if href != "" {
			b.WriteString(`<a href="` + html.EscapeString(href) + `">` + html.EscapeString(n.Title) + `</a>`)
		} else {
			b.WriteString(`<span>` + html.EscapeString(n.Title) + `</span>`)
		}
		if n.IsSection() && open[n] {
			r.writeList(b, n.Children, open, prefix)
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ul>")
}

func firstPage(n *site.NavNode) *site.Page {
	if n.Page != nil {
		return n.Page
	}
	for _, c := range n.Children {
		if p := firstPage(c); p != nil {
			return p
		}
	}
	return nil
}
