package render

import (
	"html"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"handbook/internal/site"
	"handbook/internal/urlpath"
)

// NavRenderer renders the sidebar. Only the branch holding the current page
// is expanded, so a page's nav stays small however large the site grows,
// and each (branch, depth) is rendered once and shared by the pages in it.
type NavRenderer struct {
	Options NavOptions
	// Decor is what the nav shows with a page's title, when anything:
	// Material's page icon, subtitle and status. Set it before rendering.
	Decor map[*site.Page]PageDecor

	root   *site.NavNode
	levels map[*site.NavNode]string // each node's data-levels value, worked out once
	mu     sync.Mutex
	cache  map[navKey]*navEntry
	cuts   // the long lists cut to a window (see Window)
}

type navKey struct {
	branch *site.NavNode // the current page's parent in the nav
	prefix string        // relative URL of the site root from the page
}

type navEntry struct {
	once sync.Once
	html string
}

// NavOptions are the theme features that change the sidebar.
type NavOptions struct {
	Expand   bool // navigation.expand: every section open
	Sections bool // navigation.sections: top-level sections open, as groups
	// Indexes (navigation.indexes): a section's index page is the section's
	// link; without it the section is a label and its page its first item.
	Indexes bool
}

// PageDecor is what the nav shows with a page's title, as Material does:
// its icon before it (the SVG), its subtitle under it, and its status after
// it (StatusIcon is the status's SVG, StatusTitle its tooltip).
type PageDecor struct {
	IconSVG, Subtitle, Status, StatusTitle, StatusIcon string
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

// Forget lets go of the nav HTML worked out so far (For works it out
// again when asked): a site holds one nav for each section its pages are
// in, each as long as the nav, so that a site of many sections holds many
// times the nav's length.
func (r *NavRenderer) Forget() {
	r.mu.Lock()
	r.cache = map[navKey]*navEntry{}
	r.mu.Unlock()
}

// For returns the nav HTML for a page shown by node cur (nil when the page is
// not in the nav), at the given root prefix, with the page marked current.
func (r *NavRenderer) For(cur *site.NavNode, prefix string) string {
	nav, _ := r.ForInto(nil, cur, prefix)
	return nav
}

// ForInto is For writing the page's own nav into room's bytes (grown when
// too small; its length is ignored), which the string it returns shares
// rather than copies: used is what they are then, for the caller to write
// the next page's nav into once done with the string (nothing may keep
// it). A nav shared with other pages is returned as it is, and used is
// room.
func (r *NavRenderer) ForInto(room []byte, cur *site.NavNode, prefix string) (nav string, used []byte) {
	var branch *site.NavNode
	if cur != nil {
		branch = cur.Parent
		if cur.IsSection() {
			branch = cur
		}
	}
	var html string
	if cur != nil && !cur.IsSection() && r.isCut(cur.Parent) {
		// The window of the page's own list is around the page: its
		// nav is its own.
		html = r.render(branch, cur, prefix)
	} else {
		html = r.shared(branch, prefix)
	}
	if cur == nil || cur.Page == nil {
		return html, room
	}
	return markCurrent(room, html, cur.Page.URL, prefix)
}

// shared is the nav of the pages whose branch is branch, worked out once
// for them all.
func (r *NavRenderer) shared(branch *site.NavNode, prefix string) string {
	key := navKey{branch, prefix}
	r.mu.Lock()
	e := r.cache[key]
	if e == nil {
		e = &navEntry{}
		r.cache[key] = e
	}
	r.mu.Unlock()
	e.once.Do(func() { e.html = r.render(branch, branch, prefix) })
	return e.html
}

// render is the nav with branch open, each cut list's window around the
// entry on the path from the root down to at.
func (r *NavRenderer) render(branch, at *site.NavNode, prefix string) string {
	open, active := r.openState(branch)
	var b strings.Builder
	r.writeList(&b, r.root, r.root.Children, navPlace{open: open, active: active, at: at, prefix: prefix})
	return b.String()
}

// openState is which sections are open (the branch and, with
// navigation.expand or .sections, others) and which are on the branch's
// path (active).
func (r *NavRenderer) openState(branch *site.NavNode) (open, active map[*site.NavNode]bool) {
	open, active = map[*site.NavNode]bool{}, map[*site.NavNode]bool{}
	for n := branch; n != nil; n = n.Parent {
		open[n], active[n] = true, true
	}
	if r.Options.Expand || r.Options.Sections {
		r.root.Walk(func(n *site.NavNode) {
			if r.Options.Expand || n.Parent == r.root {
				open[n] = true
			}
		})
	}
	return open, active
}

// markCurrent marks the link to the page at site URL u current (its href
// is unique in the nav), writing the marked nav into room's bytes as
// ForInto does; a nav without the link is returned as it is.
func markCurrent(room []byte, nav, u, prefix string) (string, []byte) {
	href := `href="` + html.EscapeString(urlpath.Join(prefix, u)) + `">`
	if prefix+u == "" {
		href = `href="./">`
	}
	i := strings.Index(nav, href)
	if i < 0 {
		return nav, room
	}
	const mark = ` aria-current="page"`
	at := i + len(href) - 1 // before the ">"
	b := append(room[:0], nav[:at]...)
	b = append(b, mark...)
	b = append(b, nav[at:]...)
	return unsafe.String(unsafe.SliceData(b), len(b)), b
}

// navPlace is what a list is rendered for: the open sections, those on
// the current path, the entry the windows are around and the page's root
// prefix.
type navPlace struct {
	open, active map[*site.NavNode]bool
	at           *site.NavNode
	prefix       string
	whole        bool // the list is written whole, not cut (a cut list's own file)
}

// writeList writes the list of owner's entries, nodes: a window of them
// when the list is cut (see Window).
func (r *NavRenderer) writeList(b *strings.Builder, owner *site.NavNode, nodes []*site.NavNode, p navPlace) {
	from, to := 0, len(nodes)
	id, cut := r.cuts.ids[owner]
	if cut && !p.whole {
		from, to = r.window(owner, len(nodes), p.at)
		b.WriteString(`<ul data-hb-list="` + html.EscapeString(urlpath.Join(p.prefix, r.ListFile(id))) + `" data-hb-from="` + strconv.Itoa(from) + `">`)
		r.writeMore(b, from, id, p.prefix)
	} else {
		b.WriteString("<ul>")
	}
	p.whole = false
	open, active, prefix := p.open, p.active, p.prefix
	for _, n := range nodes[from:to] {
		b.WriteString("<li")
		classes := []string{}
		if n.IsSection() {
			classes = append(classes, "hb-nav__section")
			if open[n] {
				classes = append(classes, "is-open")
			}
			if r.Options.Sections && n.Parent == r.root {
				classes = append(classes, "hb-nav__group")
			}
			if active[n] && n.Parent == r.root {
				classes = append(classes, "is-active") // the current page's top-level section (its tab)
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
			href = urlpath.Join(prefix, n.Page.URL)
		default:
			if first := firstPage(n); first != nil {
				href = urlpath.Join(prefix, first.URL)
			}
		}
		if href == "" && (n.Page != nil || firstPage(n) != nil) {
			href = "./"
		}
		indexAsItem := r.indexAsItem(n)
		if href != "" && !indexAsItem {
			b.WriteString(`<a href="` + html.EscapeString(href) + `">` + r.label(n) + `</a>`)
		} else {
			b.WriteString(`<span>` + r.label(n) + `</span>`)
		}
		if n.IsSection() && open[n] {
			r.writeList(b, n, r.entries(n), p)
		}
		b.WriteString("</li>")
	}
	if cut && to < len(nodes) {
		r.writeMore(b, len(nodes)-to, id, p.prefix)
	}
	b.WriteString("</ul>")
}

// indexAsItem reports whether section n's index page is the first item of
// its list rather than its link (without navigation.indexes).
func (r *NavRenderer) indexAsItem(n *site.NavNode) bool {
	return n.IsSection() && n.Page != nil && !r.Options.Indexes
}

// entries are the entries of section n's list: its children, after its
// index page when that is an item of the list (see indexAsItem).
func (r *NavRenderer) entries(n *site.NavNode) []*site.NavNode {
	if n == r.root || !r.indexAsItem(n) {
		return n.Children
	}
	return append([]*site.NavNode{{Title: n.Page.Title, Page: n.Page, Parent: n}}, n.Children...)
}

// label is a nav entry's text with its page's decor.
func (r *NavRenderer) label(n *site.NavNode) string {
	title := html.EscapeString(n.Title)
	dec, ok := r.Decor[n.Page]
	if n.Page == nil || !ok {
		return title
	}
	var b strings.Builder
	if dec.IconSVG != "" {
		b.WriteString(`<span class="twemoji hb-nav__icon">` + dec.IconSVG + `</span>`)
	}
	b.WriteString(title)
	if dec.Subtitle != "" {
		b.WriteString(`<small class="hb-nav__subtitle">` + html.EscapeString(dec.Subtitle) + `</small>`)
	}
	if dec.Status != "" {
		b.WriteString(`<span class="hb-status hb-status--` + html.EscapeString(dec.Status) + `"`)
		if dec.StatusTitle != "" {
			b.WriteString(` title="` + html.EscapeString(dec.StatusTitle) + `"`)
		}
		b.WriteString(`>` + dec.StatusIcon + `</span>`)
	}
	return b.String()
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

// Tab is one of navigation.tabs' top-level tabs.
type Tab struct {
	Title, URL string
	Current    bool
	// More is, for the tab standing for top-level entries left out (see
	// NavRenderer.Window), how many; 0 for an entry's tab.
	More int
}

// Tabs are the top-level items as tabs, the one holding cur current.
func (r *NavRenderer) Tabs(cur *site.NavNode, prefix string) []Tab {
	top := cur
	for top != nil && top.Parent != nil && top.Parent != r.root {
		top = top.Parent
	}
	var tabs []Tab
	for _, n := range r.root.Children {
		t := Tab{Title: n.Title, Current: n == top}
		switch p := firstPage(n); {
		case n.URL != "":
			t.URL = n.URL
		case p != nil:
			t.URL = urlpath.Join(prefix, p.URL)
			if t.URL == "" {
				t.URL = "./"
			}
		}
		tabs = append(tabs, t)
	}
	return r.cutTabs(tabs, top, prefix)
}

// IntegrateTOC puts a page's table of contents (toc.integrate) into its
// nav, below the link to the page.
func IntegrateTOC(nav string, toc []TOCItem) string {
	at := strings.Index(nav, `aria-current="page">`)
	if at < 0 || len(toc) == 0 {
		return nav
	}
	end := strings.Index(nav[at:], "</a>")
	if end < 0 {
		return nav
	}
	end += at + len("</a>")
	return nav[:end] + `<ul class="hb-nav__toc">` + string(tocItems(toc)) + "</ul>" + nav[end:]
}
