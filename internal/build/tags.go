package build

import (
	"cmp"
	"slices"
	"strings"

	"handbook/internal/slug"

	"handbook/internal/render"
	"handbook/internal/site"
)

// renderTags writes tags/index.html, listing every front-matter tag with
// its pages, when the config asks for tag pages (MkDocs' tags plugin).
func (g *generator) renderTags() {
	if !g.cfg.Tags {
		return
	}
	byTag := map[string][]*site.Page{}
	for _, p := range g.order {
		for _, t := range p.FM.Tags {
			byTag[t] = append(byTag[t], p)
		}
	}
	tags := make([]string, 0, len(byTag))
	for t := range byTag {
		tags = append(tags, t)
	}
	// Case-insensitive, then by bytes: tags differing only in case ("C++",
	// "c++") must not come out in map order.
	slices.SortFunc(tags, func(a, b string) int {
		return cmp.Or(strings.Compare(strings.ToLower(a), strings.ToLower(b)), strings.Compare(a, b))
	})
	page := &site.Page{URL: "tags/", OutPath: "tags/index.html", Title: "Tags"}
	if g.cfg.UseDirectoryURLs != nil && !*g.cfg.UseDirectoryURLs {
		page.URL, page.OutPath = "tags.html", "tags.html"
	}
	var data render.TagsPage
	ids := slug.NewIDSet()
	for _, t := range tags {
		group := render.TagGroup{ID: ids.Unique(slug.Slugify(t)), Name: t}
		for _, p := range byTag[t] {
			group.Pages = append(group.Pages, render.Link{Title: p.Title, URL: site.RelURL(page.URL, p.URL)})
		}
		data.Tags = append(data.Tags, group)
	}
	n := &site.NavNode{Title: "Tags", Page: page, Parent: g.nav}
	g.renderGenerated(n, "Tags", "tags", render.TagsTemplate, data, "Pages by tag.")
}
