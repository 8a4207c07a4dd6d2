package render

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"handbook/internal/site"
)

// longTree: a top level of eight pages P0…P7, then the section Big (its
// index page big/, then B0…B8) and the section Small (S0, S1). With a
// limit of 6 (windows of 3) the top level (10 entries) and Big's list (9,
// or 10 with its index page as an item) are cut; Small's is not.
func longTree() (root *site.NavNode, byTitle map[string]*site.NavNode) {
	root = &site.NavNode{}
	byTitle = map[string]*site.NavNode{}
	add := func(parent *site.NavNode, title, url string) *site.NavNode {
		n := &site.NavNode{Title: title, Parent: parent}
		if url != "" {
			n.Page = &site.Page{URL: url, Title: title}
		}
		parent.Children = append(parent.Children, n)
		byTitle[title] = n
		return n
	}
	for i := range 8 {
		add(root, fmt.Sprintf("P%d", i), fmt.Sprintf("p%d/", i))
	}
	big := add(root, "Big", "big/")
	big.Page.Title = "Big overview"
	for i := range 9 {
		add(big, fmt.Sprintf("B%d", i), fmt.Sprintf("big/b%d/", i))
	}
	small := add(root, "Small", "")
	add(small, "S0", "small/s0/")
	add(small, "S1", "small/s1/")
	return root, byTitle
}

var testWindow = NavWindow{Limit: 6, AllURL: "nav/", ListPrefix: "nav/list-"}

// navItem is one entry of a rendered list: its text (without nested
// lists), whether it is a "more" item, whether it is marked current, and
// its nested list's items.
type navItem struct {
	Text          string
	More, Current bool
	Href          string
	Children      []navItem
}

// parseList reads the first <ul> of a nav's HTML into its items, with
// the <ul>'s attributes.
func parseList(t *testing.T, s string) ([]navItem, map[string]string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	var ul *html.Node
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "ul" {
			ul = n
			break
		}
	}
	if ul == nil {
		t.Fatalf("no list in %s", s)
	}
	attrs := map[string]string{}
	for _, a := range ul.Attr {
		attrs[a.Key] = a.Val
	}
	return items(ul), attrs
}

func items(ul *html.Node) []navItem {
	var out []navItem
	for li := range ul.ChildNodes() {
		if li.Type != html.ElementNode || li.Data != "li" {
			continue
		}
		var it navItem
		for _, a := range li.Attr {
			if a.Key == "class" && strings.Contains(a.Val, "hb-nav__more") {
				it.More = true
			}
		}
		for c := range li.ChildNodes() {
			switch {
			case c.Type == html.ElementNode && c.Data == "ul":
				it.Children = items(c)
			case c.Type == html.ElementNode:
				it.Text = text(c)
				for _, a := range c.Attr {
					if a.Key == "aria-current" {
						it.Current = true
					}
					if a.Key == "href" {
						it.Href = a.Val
					}
				}
			}
		}
		out = append(out, it)
	}
	return out
}

func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// titles lists items' texts, the current one starred.
func titles(its []navItem) []string {
	var out []string
	for _, it := range its {
		s := it.Text
		if it.Current {
			s += "*"
		}
		out = append(out, s)
	}
	return out
}

func TestNavWindowCutsLongLists(t *testing.T) {
	root, n := longTree()
	r := NewNavRenderer(root)
	r.Options.Indexes = true
	ids := r.Window(testWindow)
	if !slices.Equal(ids, []string{"top", "8"}) {
		t.Fatalf("cut lists %v, want [top 8] (the top level and Big's)", ids)
	}
	for _, c := range []struct {
		name string
		cur  *site.NavNode
		top  []string // the top level's items
		big  []string // Big's items, when it is open
		from string   // the top level's data-hb-from
	}{
		{"first entry", n["P0"], []string{"P0*", "P1", "P2", "7 more entries"}, nil, "0"},
		{"middle entry", n["P4"], []string{"3 more entries", "P3", "P4*", "P5", "4 more entries"}, nil, "3"},
		{"last entries' list", n["S1"], []string{"7 more entries", "P7", "Big", "Small"}, nil, "7"},
		{"nested list, middle", n["B5"], []string{"7 more entries", "P7", "Big", "Small"}, []string{"4 more entries", "B4", "B5*", "B6", "2 more entries"}, "7"},
		{"nested list, first", n["B0"], []string{"7 more entries", "P7", "Big", "Small"}, []string{"B0*", "B1", "B2", "6 more entries"}, "7"},
		{"nested list, last", n["B8"], []string{"7 more entries", "P7", "Big", "Small"}, []string{"6 more entries", "B6", "B7", "B8*"}, "7"},
		{"section's own page", n["Big"], []string{"7 more entries", "P7", "Big*", "Small"}, []string{"B0", "B1", "B2", "6 more entries"}, "7"},
		{"page not in the nav", nil, []string{"P0", "P1", "P2", "7 more entries"}, nil, "0"},
	} {
		prefix := "../"
		nav := r.For(c.cur, prefix)
		top, attrs := parseList(t, nav)
		if got := titles(top); !slices.Equal(got, c.top) {
			t.Errorf("%s: the top level shows %q, want %q", c.name, got, c.top)
		}
		if attrs["data-hb-list"] != "../nav/list-top.html" || attrs["data-hb-from"] != c.from {
			t.Errorf("%s: the top level's list is %v, want its file and from %s", c.name, attrs, c.from)
		}
		for _, it := range top {
			if it.More && it.Href != "../nav/#hb-list-top" {
				t.Errorf("%s: a more item leads to %q", c.name, it.Href)
			}
			if it.Text == "Big" && !slices.Equal(titles(it.Children), c.big) {
				t.Errorf("%s: Big's list shows %q, want %q", c.name, titles(it.Children), c.big)
			}
		}
		if c.big != nil && !strings.Contains(nav, `<ul data-hb-list="../nav/list-8.html" data-hb-from=`) {
			t.Errorf("%s: Big's list does not name its file:\n%s", c.name, nav)
		}
	}
}

// TestNavWindowIndexAsItem: without navigation.indexes a section's index
// page is the first entry of its list, which counts it.
func TestNavWindowIndexAsItem(t *testing.T) {
	root, n := longTree()
	r := NewNavRenderer(root)
	r.Window(testWindow)
	for _, c := range []struct {
		cur  *site.NavNode
		want []string
	}{
		{n["Big"], []string{"Big overview*", "B0", "B1", "7 more entries"}},
		{n["B0"], []string{"Big overview", "B0*", "B1", "7 more entries"}},
		{n["B4"], []string{"4 more entries", "B3", "B4*", "B5", "3 more entries"}},
		{n["B8"], []string{"7 more entries", "B6", "B7", "B8*"}},
	} {
		top, _ := parseList(t, r.For(c.cur, ""))
		for _, it := range top {
			if it.Text == "Big" && !slices.Equal(titles(it.Children), c.want) {
				t.Errorf("%s's page: Big's list shows %q, want %q", c.cur.Title, titles(it.Children), c.want)
			}
		}
	}
}

// TestNavWindowExpand: with every section open, a cut list off the
// page's path shows its first entries.
func TestNavWindowExpand(t *testing.T) {
	root, n := longTree()
	r := NewNavRenderer(root)
	r.Options = NavOptions{Expand: true, Indexes: true}
	r.Window(testWindow)
	top, _ := parseList(t, r.For(n["P0"], ""))
	if got := titles(top); !slices.Equal(got, []string{"P0*", "P1", "P2", "7 more entries"}) {
		t.Errorf("top level %q", got)
	}
	top, _ = parseList(t, r.For(n["S0"], ""))
	for _, it := range top {
		if it.Text == "Big" && !slices.Equal(titles(it.Children), []string{"B0", "B1", "B2", "6 more entries"}) {
			t.Errorf("Big's list, open but off the path: %q", titles(it.Children))
		}
	}
}

// TestNavWholeList: a cut list's file holds every entry as pages show the
// entries off their path, and a page's window is a slice of it.
func TestNavWholeList(t *testing.T) {
	root, n := longTree()
	r := NewNavRenderer(root)
	r.Options.Indexes = true
	r.Window(testWindow)
	whole, ok := r.WholeList("top", "../")
	if !ok {
		t.Fatal("no list top")
	}
	all, attrs := parseList(t, whole)
	want := []string{"P0", "P1", "P2", "P3", "P4", "P5", "P6", "P7", "Big", "Small"}
	if got := titles(all); !slices.Equal(got, want) || len(attrs) != 0 {
		t.Fatalf("the whole top level: %q %v, want %q", got, attrs, want)
	}
	if all[0].Href != "../p0/" || all[9].Href != "../small/s0/" {
		t.Errorf("links not seen from the list's file: %+v", all)
	}
	// P4's window, from 3: its entries are the whole list's, seen from P4.
	win, _ := parseList(t, r.For(n["P4"], "../"))
	for i, it := range win[1:4] {
		it.Current = false
		if w := all[3+i]; it.Text != w.Text || it.Href != w.Href || len(it.Children) != len(w.Children) {
			t.Errorf("window entry %d is %+v, the whole list's %+v", i, it, w)
		}
	}
	if _, ok := r.WholeList("8", ""); !ok {
		t.Error("no list 8")
	}
	if _, ok := r.WholeList("9", ""); ok {
		t.Error("Small's list is not cut, and has no file")
	}
}

// TestNavWindowCaches: pages whose own list is cut each get their own
// nav; the others share their branch's.
func TestNavWindowCaches(t *testing.T) {
	root, n := longTree()
	r := NewNavRenderer(root)
	r.Options.Indexes = true
	r.Window(testWindow)
	if r.For(n["B1"], "") == r.For(n["B7"], "") {
		t.Error("two pages of a cut list have the same window")
	}
	r.For(n["S0"], "")
	r.For(n["S1"], "")
	if len(r.cache) != 1 {
		t.Errorf("%d navs kept, want one (Small's branch; the pages of cut lists are not kept)", len(r.cache))
	}
}

// TestNavWindowTabs: navigation.tabs' tabs are the top level, cut as the
// sidebar's.
func TestNavWindowTabs(t *testing.T) {
	root, n := longTree()
	r := NewNavRenderer(root)
	r.Window(testWindow)
	var got []string
	for _, tab := range r.Tabs(n["B3"], "../") {
		got = append(got, fmt.Sprintf("%s %d %v", tab.Title, tab.More, tab.Current))
	}
	want := []string{"7 more entries 7 false", "P7 0 false", "Big 0 true", "Small 0 false"}
	if !slices.Equal(got, want) {
		t.Errorf("tabs %q, want %q", got, want)
	}
	if tabs := r.Tabs(n["P0"], "../"); tabs[3].URL != "../nav/#hb-list-top" {
		t.Errorf("the more tab leads to %q", tabs[3].URL)
	}
}

// TestNavWindowShortListsUnchanged: with every list under the limit (or
// a limit of 0), the nav and tabs are exactly those of a nav without
// windows.
func TestNavWindowShortListsUnchanged(t *testing.T) {
	for _, limit := range []int{10, 0} {
		root, n := longTree()
		plain, cut := NewNavRenderer(root), NewNavRenderer(root)
		for _, r := range []*NavRenderer{plain, cut} {
			r.Options.Sections = true
		}
		if ids := cut.Window(NavWindow{Limit: limit, AllURL: "nav/", ListPrefix: "nav/list-"}); len(ids) != 0 {
			t.Fatalf("limit %d cuts %v", limit, ids)
		}
		for _, cur := range append(slices.Collect(func(yield func(*site.NavNode) bool) {
			for _, c := range n {
				if !yield(c) {
					return
				}
			}
		}), nil) {
			if a, b := plain.For(cur, "../"), cut.For(cur, "../"); a != b {
				t.Errorf("limit %d: the nav differs:\n%s\n%s", limit, a, b)
			}
			if a, b := plain.Tabs(cur, "../"), cut.Tabs(cur, "../"); !slices.Equal(a, b) {
				t.Errorf("limit %d: the tabs differ:\n%v\n%v", limit, a, b)
			}
		}
		if plain.Key() == cut.Key() && limit != 0 {
			t.Errorf("limit %d: the key does not cover the limit", limit)
		}
	}
}

// TestNavWindowWork: rendering a page's nav reads a bounded part of a
// cut list however long it is (a site of 10n pages in one folder does 10
// times the work of n pages, not 100 times).
func TestNavWindowWork(t *testing.T) {
	size := func(pages int) int {
		root := &site.NavNode{}
		for i := range pages {
			root.Children = append(root.Children, &site.NavNode{Title: "x", Page: &site.Page{URL: fmt.Sprintf("p%d/", i)}, Parent: root})
		}
		r := NewNavRenderer(root)
		r.Window(NavWindow{Limit: 200, AllURL: "nav/", ListPrefix: "nav/list-"})
		total := 0
		for _, c := range root.Children {
			total += len(r.For(c, ""))
		}
		return total
	}
	small, large := size(1000), size(10000)
	if ratio := float64(large) / float64(small); ratio > 10.5 {
		t.Errorf("the navs of 10,000 pages are %.1f times those of 1,000", ratio)
	}
}
