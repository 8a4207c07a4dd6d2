package render

import (
	"html"
	"strconv"
	"strings"

	"handbook/internal/site"
	"handbook/internal/urlpath"
)

// Long nav lists. A page lists every entry of the nav's top level and of
// each section on its path, so a list of thousands of entries would be on
// every page. A list of more entries than the limit is cut: a page shows a
// window of it around its own entry (the entry on its path), with an "N
// more entries" item at each cut end linking to the page that lists the
// whole nav. Each cut list is also written whole to a file of its own
// (WholeList), which the theme's script fetches to put the whole list in
// the window's place.

// NavWindow is how long lists are cut.
type NavWindow struct {
	// Limit is the most entries a list shows whole; 0 cuts none.
	Limit int
	// AllURL is the site URL of the page listing the whole nav, where the
	// "more" items lead; ListPrefix + id + ".html" is the file holding the
	// cut list id whole.
	AllURL, ListPrefix string
}

// Size is the number of entries a window shows: half the limit, so that
// a cut list shows at most half as many entries as the longest whole one.
func (w NavWindow) Size() int { return max(1, w.Limit/2) }

// cuts are the lists cut to a window, by the section they belong to.
type cuts struct {
	window NavWindow
	ids    map[*site.NavNode]string // cut list → its id (see Window)
	owners map[string]*site.NavNode
	place  map[*site.NavNode]int // each entry of a cut list → its index among its parent's children
}

// Window cuts the lists of more entries than w.Limit and returns their
// ids in the nav's order: "top" for the top level, else the path of
// indexes from the top level down to the list's section ("3", "3-12").
// Call it before rendering; a Limit of 0 cuts no list.
func (r *NavRenderer) Window(w NavWindow) []string {
	r.cuts = cuts{window: w, ids: map[*site.NavNode]string{}, owners: map[string]*site.NavNode{}, place: map[*site.NavNode]int{}}
	r.Forget()
	if w.Limit <= 0 || r.root == nil {
		return nil
	}
	var ids []string
	var walk func(n *site.NavNode, id string)
	walk = func(n *site.NavNode, id string) {
		if len(r.entries(n)) > w.Limit {
			r.cuts.ids[n], r.cuts.owners[id] = id, n
			ids = append(ids, id)
			for i, c := range n.Children {
				r.cuts.place[c] = i
			}
		}
		for i, c := range n.Children {
			if !c.IsSection() {
				continue
			}
			cid := strconv.Itoa(i)
			if n != r.root {
				cid = id + "-" + cid
			}
			walk(c, cid)
		}
	}
	walk(r.root, "top")
	return ids
}

// ListID is the id of section n's list when it is cut.
func (r *NavRenderer) ListID(n *site.NavNode) (string, bool) {
	id, ok := r.cuts.ids[n]
	return id, ok
}

// ListFile is the site path of the file holding the cut list id whole.
func (r *NavRenderer) ListFile(id string) string {
	return r.cuts.window.ListPrefix + id + ".html"
}

// ListAnchor is the id of the cut list id's place on the page listing
// the whole nav.
func ListAnchor(id string) string { return "hb-list-" + id }

func (r *NavRenderer) isCut(n *site.NavNode) bool {
	_, ok := r.cuts.ids[n]
	return n != nil && ok
}

// window is the range of the n entries of owner's cut list a page shows:
// Size entries, the entry on the path down to at (when the list has one)
// in the middle, or the first ones.
func (r *NavRenderer) window(owner *site.NavNode, n int, at *site.NavNode) (from, to int) {
	size := r.cuts.window.Size()
	if i := r.entryOnPath(owner, at); i >= 0 {
		from = min(max(i-size/2, 0), n-size)
	}
	return from, from + size
}

// entryOnPath is the index in owner's list (see entries) of the entry on
// the path from the root down to at, or -1.
func (r *NavRenderer) entryOnPath(owner, at *site.NavNode) int {
	for e := at; e != nil; e = e.Parent {
		if e.Parent != owner {
			continue
		}
		i, ok := r.cuts.place[e]
		if !ok || i >= len(owner.Children) || owner.Children[i] != e {
			return -1 // not one of its entries (a generated page's node)
		}
		if owner != r.root && r.indexAsItem(owner) {
			i++
		}
		return i
	}
	return -1
}

// writeMore writes the item standing for n entries left out of the cut
// list id.
func (r *NavRenderer) writeMore(b *strings.Builder, n int, id, prefix string) {
	if n <= 0 {
		return
	}
	href := urlpath.Join(prefix, r.cuts.window.AllURL) + "#" + ListAnchor(id)
	b.WriteString(`<li class="hb-nav__more"><a href="` + html.EscapeString(href) + `">` + MoreText(n) + `</a></li>`)
}

// MoreText is the text of an item standing for n entries left out.
func MoreText(n int) string {
	if n == 1 {
		return "1 more entry"
	}
	return strconv.Itoa(n) + " more entries"
}

// WholeList is the cut list id whole, its links seen from a file whose
// root prefix is prefix, as a page shows the entries of the list that
// are not on its path: the file the theme's script puts in a window's
// place. ok is false when no list has that id.
func (r *NavRenderer) WholeList(id, prefix string) (list string, ok bool) {
	owner, ok := r.cuts.owners[id]
	if !ok {
		return "", false
	}
	open, active := r.openState(nil)
	var b strings.Builder
	r.writeList(&b, owner, r.entries(owner), navPlace{open: open, active: active, prefix: prefix, whole: true})
	return b.String(), true
}

// cutTabs is a window of navigation.tabs' tabs when the top level is cut,
// around the current one, with a tab for the entries left out at each end.
func (r *NavRenderer) cutTabs(tabs []Tab, top *site.NavNode, prefix string) []Tab {
	id, ok := r.cuts.ids[r.root]
	if !ok {
		return tabs
	}
	from, to := r.window(r.root, len(tabs), top)
	more := func(n int) Tab {
		return Tab{Title: MoreText(n), URL: urlpath.Join(prefix, r.cuts.window.AllURL) + "#" + ListAnchor(id), More: n}
	}
	var out []Tab
	if from > 0 {
		out = append(out, more(from))
	}
	out = append(out, tabs[from:to]...)
	if to < len(tabs) {
		out = append(out, more(len(tabs)-to))
	}
	return out
}
