package pages

import (
	"html/template"

	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/render"
	"handbook/internal/site"
	"handbook/internal/slug"
	"handbook/internal/urlpath"
)

// Source is a page with a source file, as the build has it.
type Source struct {
	Page      *site.Page
	Res       *markdown.Result
	Nav       *site.NavNode // its node in the nav, or nil
	Index     int           // its place in Site.Order, or -1
	Backlinks []*site.Page  // the pages that link to it
	Drill     *render.DrillData
	// EditURL, ViewURL and LastUpdated come from the repository (or are "").
	EditURL, ViewURL, LastUpdated string
}

// PageData is what the page template shows of a source page.
func (s *Site) PageData(src Source) (*render.PageData, diag.List) {
	p, res := src.Page, src.Res
	prefix := urlpath.RootPrefix(p.URL)
	d := &render.PageData{
		Site: s.Data, Kind: "page", IsHome: p.URL == "", Title: p.Title, Root: prefix,
		Description: Description(p, res, s.Config.Description),
		Content:     template.HTML(res.HTML), // (nil when the build has it converted again: see Site.HTML)
		Levels:      p.Levels,
		Canonical:   s.Canonical(p.URL),
		EditURL:     src.EditURL,
		ViewURL:     src.ViewURL,
		LastUpdated: src.LastUpdated,
		// Material's hide: the template leaves out what these say; a
		// hidden table of contents, path or footer is data not given.
		HideNavigation: p.FM.Hides("navigation"), HideTags: p.FM.Hides("tags"),
	}
	if d.IsHome {
		d.Kind = "home"
	}
	if src.Drill != nil {
		d.Kind, d.Drill = "drill", src.Drill
	}
	for _, h := range res.Headings {
		if h.Rank == 1 {
			d.HasH1 = true
		}
		if h.Rank >= 2 && h.InTOC && !p.FM.Hides("toc") {
			d.TOC = append(d.TOC, render.TOCItem{Rank: h.Rank, ID: h.ID, Text: h.Text, Level: h.Level})
		}
	}
	if !d.HasH1 {
		d.TitleID = freeID(slug.Slugify(p.Title), res.IDs)
	}
	if !p.FM.Hides("path") {
		d.Breadcrumbs = Breadcrumbs(src.Nav, prefix)
	}
	if i := src.Index; i >= 0 && !p.FM.Hides("footer") {
		if i > 0 {
			d.Prev = Link(s.Order[i-1], p.URL)
		}
		if i+1 < len(s.Order) {
			d.Next = Link(s.Order[i+1], p.URL)
		}
	}
	if len(src.Backlinks) > 0 {
		d.Backlinks = make([]render.Link, len(src.Backlinks))
		for i, b := range src.Backlinks {
			d.Backlinks[i] = *Link(b, p.URL)
		}
	}
	s.SetSocial(d, p.URL)
	d.Tags = s.PageTags(p)
	d.Post = s.PostMeta(p)
	if !s.isTagsIndex(p) && !s.isBlogIndex(p) {
		return d, nil // (its HTML is not needed to know what it shows)
	}
	html := s.html(p)
	d.Content = template.HTML(html)
	content, diags := s.TagsListing(p, html)
	if content == nil {
		content = html
	}
	withPosts, d2 := s.BlogListing(p, content)
	diags = append(diags, d2...)
	if withPosts != nil {
		content = withPosts
	}
	if len(content) != len(html) {
		d.Content = template.HTML(content)
		d.Added = string(content)
	}
	return d, diags
}

// freeID is id made unique among the ids a page has taken.
func freeID(id string, taken []string) string {
	set := slug.NewIDSet()
	for _, t := range taken {
		set.Add(t)
	}
	return set.Unique(id)
}
