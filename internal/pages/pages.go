// Package pages makes what the build shows beyond each page's own
// content: the pages it generates without a source file (the level pages,
// the tags index, the printable pages, 404.html), the question drills'
// cards, and what every page shows of the site around it (breadcrumbs,
// previous and next, its description, canonical URL and social card).
// Each generated page is a theme template (see internal/render): the
// build feeds this package its model of the site and writes what it
// returns.
package pages

import (
	"html/template"
	"net/url"
	"strings"

	"handbook/internal/blog"
	"handbook/internal/cache"
	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/project"
	"handbook/internal/render"
	"handbook/internal/site"
	"handbook/internal/urlpath"
)

// Site is the build's model of the site, as the generated pages need it.
type Site struct {
	Config *project.Config
	Site   *site.Site
	Theme  *render.Theme
	Nav    *site.NavNode
	NavR   *render.NavRenderer
	Data   render.SiteData
	// Order is every page of the nav in reading order (generated ones too).
	Order []*site.Page
	// NavOf is each page's (first) node in the nav.
	NavOf map[*site.Page]*site.NavNode
	// Converted is each source page's conversion; generated pages have none.
	// It may hold only what the build reads of every page (a large
	// site's build keeps the rest on disk): Full gives it whole.
	Converted map[*site.Page]*markdown.Result
	// Full, when set, gives a source page's whole conversion (but for its
	// HTML, see HTML), which Converted may not hold.
	Full func(p *site.Page) *markdown.Result
	// Blog is the blog (material/blog), or nil.
	Blog *blog.Blog
	// ConvIDs identify each source page's conversion (its text, settings
	// and links' answers), for the keys of the pages made of their HTML.
	ConvIDs map[*site.Page]cache.Key
	// HTML, when set, is asked for a page's HTML when its conversion does
	// not hold it (a conversion kept on disk without it); nil means none.
	HTML func(p *site.Page) []byte
	// Reuse, when set, is asked before a generated page is made, with its
	// output path and the key of everything it shows: true means the
	// output already holds those bytes, and the page is not made again
	// (its File is Kept, without Data).
	Reuse func(path string, key cache.Key) bool
	// TagsMarker, when set, reports whether a source page's HTML holds the
	// tags listing's marker (else its HTML is searched).
	TagsMarker func(p *site.Page) bool

	tagsState
}

// File is one generated output file.
type File struct {
	Path string
	Data []byte
	// Deps are the source files it shows, for serve (nil: none recorded).
	Deps []string
	// Key is the key of what it shows; Kept, that Reuse found the output
	// holds it already.
	Key  cache.Key
	Kept bool
}

// reuse asks Reuse (when set) about the page at path with this key.
func (s *Site) reuse(path string, key cache.Key) bool {
	return s.Reuse != nil && s.Reuse(path, key)
}

// full is a source page's whole conversion (see Full), nil for a
// generated page.
func (s *Site) full(p *site.Page) *markdown.Result {
	if s.Converted[p] == nil || s.Full == nil {
		return s.Converted[p]
	}
	return s.Full(p)
}

// html is a source page's HTML, asking HTML when the conversion lacks it.
func (s *Site) html(p *site.Page) []byte {
	res := s.Converted[p]
	if res == nil {
		return nil
	}
	if s.HTML != nil {
		return s.HTML(p) // (which may fill res.HTML in: not read here meanwhile)
	}
	return res.HTML
}

// Link is a link to page to, as seen from the page at URL from.
func Link(to *site.Page, from string) *render.Link {
	return &render.Link{Title: to.Title, URL: urlpath.Rel(from, to.URL), Levels: to.Levels}
}

// Breadcrumbs are the sections above nav node n, from the top.
func Breadcrumbs(n *site.NavNode, prefix string) []render.Link {
	if n == nil {
		return nil
	}
	var out []render.Link
	for a := n.Parent; a != nil && a.Parent != nil; a = a.Parent {
		l := render.Link{Title: a.Title}
		if a.Page != nil {
			l.URL = urlpath.Join(prefix, a.Page.URL)
			if l.URL == "" {
				l.URL = "./"
			}
		}
		out = append([]render.Link{l}, out...)
	}
	return out
}

// Description is the page's front matter description, else the first
// sentence of the page, else fallback (the site's).
func Description(p *site.Page, res *markdown.Result, fallback string) string {
	if p.FM.Description != "" {
		return p.FM.Description
	}
	for _, s := range res.Sections {
		if s.Summary != "" {
			return s.Summary
		}
	}
	return fallback
}

// Canonical is the full URL of the page at site URL u, or "" when the
// site's URL is not known.
func (s *Site) Canonical(u string) string {
	if s.Config.BaseURL == "" {
		return ""
	}
	return urlpath.Abs(s.Config.BaseURL, u)
}

// BasePath is the URL path the site is published under: "/repo/" or "/".
func (s *Site) BasePath() string {
	if s.Config.BaseURL == "" {
		return "/"
	}
	u, err := url.Parse(s.Config.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	if !strings.HasSuffix(u.Path, "/") {
		return u.Path + "/"
	}
	return u.Path
}

// generated renders a generated page shown by nav node n: its content with
// the theme's template tmpl, then the page around it. It shows every
// source page (its Deps), since what it lists may come from any of them.
func (s *Site) generated(n *site.NavNode, title, kind, tmpl string, data any, description string) (*File, diag.List) {
	return s.generatedPage(n, title, kind, tmpl, data, description, true)
}

// NotFound is 404.html. GitHub Pages serves it for any missing path at
// any depth, so its links are absolute from the site's base path.
func (s *Site) NotFound() (*File, diag.List) {
	var diags diag.List
	root := s.BasePath()
	content, err := s.Theme.Content(render.NotFoundTemplate, render.NotFoundPage{Home: root})
	if err != nil {
		diags.Errorf("theme/templates/"+render.NotFoundTemplate, 0, 0, "theme", "rendering 404.html: %v", err)
		return nil, diags
	}
	d := &render.PageData{
		Site: s.Data, Kind: "404", Title: "Page not found", TitleID: "page-title", Root: root,
		Content: content, Nav: template.HTML(s.NavR.For(nil, root)),
	}
	out, err := s.Theme.Page(d)
	if err != nil {
		diags.Errorf("theme/templates/page.html", 0, 0, "theme", "rendering 404.html: %v", err)
		return nil, diags
	}
	return &File{Path: "404.html", Data: out}, diags
}
