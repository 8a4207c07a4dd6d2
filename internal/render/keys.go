package render

import (
	"slices"
	"strings"

	"handbook/internal/cache"
	"handbook/internal/site"
)

// The keys of what a page is rendered from: a page whose content and
// whose keys are the same as in the last build renders the same bytes, so
// the build keeps the last build's file.

// WriteKey writes every field of a page's data but its content and nav
// into a cache key (the build keys those by what they are made from).
func (d *PageData) WriteKey(k *cache.KeyWriter) {
	k.Str(d.Kind, d.Title, d.TitleID, d.Description, d.Root, d.EditURL, d.ViewURL, d.LastUpdated, d.Canonical)
	k.Num(boolInt(d.IsHome), boolInt(d.HasH1), boolInt(d.HideNavigation), boolInt(d.HideTags))
	k.Str(d.Levels...)
	k.Num(len(d.Tags))
	for _, l := range d.Tags {
		k.Str(l.Title, l.URL)
	}
	k.Str(d.Added)
	if m := d.Post; m != nil {
		k.Str(m.Date, m.Updated).Num(m.ReadTime, len(m.Authors), len(m.Categories))
		for _, a := range m.Authors {
			k.Str(a.Name, a.Description, a.Avatar, a.URL)
		}
		for _, c := range m.Categories {
			k.Str(c.Title, c.URL)
		}
	}
	k.Num(len(d.Breadcrumbs))
	for _, l := range d.Breadcrumbs {
		k.Str(l.Title, l.URL)
	}
	for _, l := range []*Link{d.Prev, d.Next} {
		if l == nil {
			k.Str("-")
			continue
		}
		k.Str(l.Title, l.URL).Str(l.Levels...)
	}
	k.Num(len(d.Backlinks))
	for _, l := range d.Backlinks {
		k.Str(l.Title, l.URL).Str(l.Levels...)
	}
	if d.Social != nil {
		k.Str(d.Social.URL, d.Social.Alt)
	}
	d.Drill.WriteKey(k)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// WriteKey writes what a drill page shows beyond its own content into a
// cache key.
func (d *DrillData) WriteKey(k *cache.KeyWriter) {
	if d == nil {
		k.Str("-")
		return
	}
	k.Str(d.Source, d.SourceTitle, d.Level, d.Reveal).Num(d.Minutes, len(d.Cards))
	for _, c := range d.Cards {
		k.Str(c.ID, c.Group, c.Levels, string(c.Title), string(c.Body), string(c.Answer))
	}
}

// Key is a fingerprint of everything the nav renders from but the current
// page's place in it (NavPlace): every node's title, link, page URL,
// levels and place in the tree, and the pages' decor.
func (r *NavRenderer) Key() string {
	k := cache.NewKey()
	var walk func(n *site.NavNode)
	walk = func(n *site.NavNode) {
		k.Num(len(n.Children))
		for _, c := range n.Children {
			url := ""
			if c.Page != nil {
				url = "p:" + c.Page.URL
			}
			k.Str(c.Title, c.URL, url).Str(c.Levels()...).Str("|")
			walk(c)
		}
	}
	walk(r.root)
	w := r.cuts.window
	k.Num(w.Limit).Str(w.AllURL, w.ListPrefix)
	sum := k.Sum()
	return string(sum[:]) + decorKey(r.Decor)
}

// decorKey is a fingerprint of the nav's page decor.
func decorKey(decor map[*site.Page]PageDecor) string {
	if len(decor) == 0 {
		return ""
	}
	pages := make([]*site.Page, 0, len(decor))
	for p := range decor {
		pages = append(pages, p)
	}
	slices.SortFunc(pages, func(a, b *site.Page) int { return strings.Compare(a.Src, b.Src) })
	k := cache.NewKey()
	for _, p := range pages {
		d := decor[p]
		k.Str(p.Src, d.IconSVG, d.Subtitle, d.Status, d.StatusTitle, d.StatusIcon)
	}
	sum := k.Sum()
	return string(sum[:])
}

// NavPlace identifies a page's place in the nav: the path of nodes from
// the root down to its node n ("" when it is not in the nav).
func NavPlace(n *site.NavNode) string {
	var parts []string
	for ; n != nil; n = n.Parent {
		parts = append(parts, n.Title)
		if n.Page != nil {
			parts = append(parts, n.Page.URL)
		}
		parts = append(parts, "\x00")
	}
	return strings.Join(parts, "\x01")
}
