package pages

import (
	"bytes"
	"cmp"
	"regexp"
	"slices"
	"strings"
	"sync"

	"handbook/internal/diag"
	"handbook/internal/render"
	"handbook/internal/site"
	"handbook/internal/slug"
	"handbook/internal/urlpath"
)

// The tags plugin, as Material makes it: each page shows its tags above
// its content, each linking to the tags index; the index lists every tag
// with its pages. The index is the page holding the marker
// <!-- material/tags --> (where the listing goes), else the tags_file
// page (the listing follows its content), else a generated tags/ page.

// tagsMarker is Material's listing marker, with optional options.
var tagsMarker = regexp.MustCompile(`<!--\s*material/tags(?:\s[^>]*)?-->`)

// tagIndex is where the tags are listed: a source page, or the generated
// page's URL when page is nil. url is "" without the tags plugin.
type tagIndex struct {
	page *site.Page
	url  string
}

// Prepare works out what needs the pages' HTML, which rendering lets go
// of: it runs before the pages render.
func (s *Site) Prepare() { s.tagsIndex() }

// HasTagsMarker reports whether a page's HTML holds the tags listing's
// marker (which makes it the tags index).
func HasTagsMarker(html []byte) bool {
	return bytes.Contains(html, []byte("material/tags")) && tagsMarker.Match(html)
}

// hasTagsMarker reports whether source page p holds the tags marker,
// asking TagsMarker when set (the page's HTML may not be at hand).
func (s *Site) hasTagsMarker(p *site.Page) bool {
	if s.TagsMarker != nil {
		return s.TagsMarker(p)
	}
	res := s.Converted[p]
	return res != nil && HasTagsMarker(res.HTML)
}

// isTagsIndex reports whether source page p is the tags index.
func (s *Site) isTagsIndex(p *site.Page) bool {
	idx := s.tagsIndex()
	return p != nil && idx.page == p
}

func (s *Site) tagsIndex() tagIndex {
	s.tagsOnce.Do(func() {
		if !s.Config.Tags {
			return
		}
		for _, p := range s.Site.Pages {
			if s.hasTagsMarker(p) {
				s.tags = tagIndex{page: p, url: p.URL}
				return
			}
		}
		if f := s.Config.Plugins.TagsFile; f != "" {
			if p := s.Site.Page(strings.TrimPrefix(f, "/")); p != nil {
				s.tags = tagIndex{page: p, url: p.URL}
				return
			}
		}
		s.tags = tagIndex{url: TagsURL(s.Config.UseDirectoryURLs == nil || *s.Config.UseDirectoryURLs)}
	})
	return s.tags
}

// tagsState is the tags index found once per build.
type tagsState struct {
	tagsOnce sync.Once
	tags     tagIndex
}

// TagsURL is the generated tags page's URL.
func TagsURL(directoryURLs bool) string {
	if directoryURLs {
		return "tags/"
	}
	return "tags.html"
}

// tagID is a tag's anchor on the index.
func tagID(tag string) string { return slug.Slugify(tag) }

// PageTags are the links a page shows to its tags on the index.
func (s *Site) PageTags(p *site.Page) []render.Link {
	idx := s.tagsIndex()
	if idx.url == "" || len(p.FM.Tags) == 0 {
		return nil
	}
	base := urlpath.Rel(p.URL, idx.url)
	if idx.page == p {
		base = ""
	}
	links := make([]render.Link, 0, len(p.FM.Tags))
	for _, t := range p.FM.Tags {
		links = append(links, render.Link{Title: t, URL: base + "#" + tagID(t)})
	}
	return links
}

// tagsData lists every tag with its pages, linked from the page at from.
func (s *Site) tagsData(from string) render.TagsPage {
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
	var data render.TagsPage
	ids := slug.NewIDSet()
	for _, t := range tags {
		group := render.TagGroup{ID: ids.Unique(tagID(t)), Name: t}
		for _, p := range byTag[t] {
			u := urlpath.Rel(from, p.URL)
			if u == "" {
				u = "./"
			}
			group.Pages = append(group.Pages, render.Link{Title: p.Title, URL: u})
		}
		data.Tags = append(data.Tags, group)
	}
	return data
}

// TagsListing is the tags index's listing on source page p (its content
// with the listing in place of the marker, or after it for tags_file),
// or nil when p is not the index.
func (s *Site) TagsListing(p *site.Page, content []byte) ([]byte, diag.List) {
	if idx := s.tagsIndex(); idx.page != p || p == nil {
		return nil, nil
	}
	listing, err := s.Theme.Content(render.TagsTemplate, s.tagsData(p.URL))
	if err != nil {
		var diags diag.List
		diags.Errorf("theme/templates/"+render.TagsTemplate, 0, 0, "theme", "rendering the tags of %s: %v", p.URL, err)
		return nil, diags
	}
	if loc := tagsMarker.FindIndex(content); loc != nil {
		return slices.Concat(content[:loc[0]], []byte(listing), content[loc[1]:]), nil
	}
	return slices.Concat(content, []byte(listing)), nil
}

// Tags renders the generated tags page, when the tags plugin is on and no
// page of the site is its index.
func (s *Site) Tags() (*File, diag.List) {
	idx := s.tagsIndex()
	if idx.url == "" || idx.page != nil {
		return nil, nil
	}
	page := &site.Page{URL: idx.url, OutPath: urlpath.OutPath(idx.url), Title: "Tags"}
	n := &site.NavNode{Title: "Tags", Page: page, Parent: s.Nav}
	return s.generated(n, "Tags", "tags", render.TagsTemplate, s.tagsData(page.URL), "Pages by tag.")
}
