package pages

import (
	"cmp"
	"slices"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/render"
	"handbook/internal/site"
	"handbook/internal/slug"
)

// Tags renders tags/index.html, listing every front-matter tag with its
// pages, when the config asks for tag pages (MkDocs' tags plugin).
func (s *Site) Tags() (*File, diag.List) {
	if !s.Config.Tags {
		return nil, nil
	}
	byTag := map[string][]*site.Page{}
	for _, p := range s.Order {
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
	if s.Config.UseDirectoryURLs != nil && !*s.Config.UseDirectoryURLs {
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
	n := &site.NavNode{Title: "Tags", Page: page, Parent: s.Nav}
	return s.generated(n, "Tags", "tags", render.TagsTemplate, data, "Pages by tag.")
}
