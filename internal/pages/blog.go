package pages

import (
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"handbook/internal/blog"
	"handbook/internal/diag"
	"handbook/internal/render"
	"handbook/internal/site"
	"handbook/internal/urlpath"
)

// The blog's pages, as Material's blog plugin makes them: the index lists
// every post (after the index page's own content), archive pages list a
// period's posts, category pages a category's; each listing is split
// into pages of pagination_per_page posts. A post shows its dates,
// authors, categories and read time above its content.

// listing is one list of posts and where it is published.
type listing struct {
	title string // "" for the index
	url   string
	posts []*blog.Post
}

// AddBlogNav takes the posts out of the nav (they are reached from the
// listings, as in Material) and adds the archive and category pages
// beside the blog's index; without an index page in the nav, a "Blog"
// section holds them.
func AddBlogNav(nav *site.NavNode, b *blog.Blog) {
	if b == nil {
		return
	}
	posts := map[*site.Page]bool{}
	for _, p := range b.Posts {
		posts[p.Page] = true
	}
	prune(nav, posts)
	parent := nav
	nav.Walk(func(n *site.NavNode) {
		if b.Index != nil && n.Page == b.Index && parent == nav {
			parent = n // the index's node becomes (or is) the blog's section
		}
	})
	if parent == nav {
		index := &site.Page{URL: b.IndexURL(), OutPath: urlpath.OutPath(b.IndexURL()), Title: "Blog", IsIndex: true}
		sec := &site.NavNode{Title: "Blog", Page: index, Parent: nav}
		nav.Children = append(nav.Children, sec)
		parent = sec
	}
	for _, group := range []struct {
		on    bool
		title string
		lists []listing
	}{
		{b.Config.Archive, b.Config.ArchiveName, archives(b)},
		{b.Config.Categories, b.Config.CategoriesName, categories(b)},
	} {
		if !group.on || len(group.lists) == 0 {
			continue
		}
		sec := &site.NavNode{Title: group.title, Parent: parent}
		for _, l := range group.lists {
			p := &site.Page{URL: l.url, OutPath: urlpath.OutPath(l.url), Title: l.title}
			sec.Children = append(sec.Children, &site.NavNode{Title: l.title, Page: p, Parent: sec})
		}
		parent.Children = append(parent.Children, sec)
	}
}

// prune drops the nav nodes of posts, and sections left empty.
func prune(n *site.NavNode, posts map[*site.Page]bool) {
	n.Children = slices.DeleteFunc(n.Children, func(c *site.NavNode) bool {
		prune(c, posts)
		return c.Page != nil && posts[c.Page] && !c.IsSection() || c.Page == nil && c.URL == "" && !c.IsSection()
	})
}

// archives are the archive periods, newest first.
func archives(b *blog.Blog) []listing {
	var out []listing
	byURL := map[string]int{}
	for _, p := range b.Posts {
		u := b.ArchiveURL(p.Date)
		i, ok := byURL[u]
		if !ok {
			i = len(out)
			byURL[u] = i
			out = append(out, listing{title: blog.FormatDate(p.Date, b.Config.ArchiveDateFormat), url: u})
		}
		out[i].posts = append(out[i].posts, p)
	}
	slices.SortStableFunc(out, func(x, y listing) int { return newest(y.posts).Compare(newest(x.posts)) })
	return out
}

func newest(posts []*blog.Post) time.Time {
	var t time.Time
	for _, p := range posts {
		if p.Date.After(t) {
			t = p.Date
		}
	}
	return t
}

// categories are the categories in name order.
func categories(b *blog.Blog) []listing {
	var out []listing
	byURL := map[string]int{}
	for _, p := range b.Posts {
		for _, c := range p.Categories {
			u := b.CategoryURL(c)
			i, ok := byURL[u]
			if !ok {
				i = len(out)
				byURL[u] = i
				out = append(out, listing{title: c, url: u})
			}
			out[i].posts = append(out[i].posts, p)
		}
	}
	slices.SortStableFunc(out, func(x, y listing) int { return strings.Compare(strings.ToLower(x.title), strings.ToLower(y.title)) })
	return out
}

// pagesOf splits a listing's posts into its pages.
func (s *Site) pagesOf(posts []*blog.Post) [][]*blog.Post {
	per := len(posts)
	if c := s.Blog.Config; c.Pagination && c.PerPage > 0 {
		per = c.PerPage
	}
	if per == 0 || len(posts) == 0 {
		return [][]*blog.Post{nil}
	}
	var out [][]*blog.Post
	for i := 0; i < len(posts); i += per {
		out = append(out, posts[i:min(i+per, len(posts))])
	}
	return out
}

// listingData is page n (from 1) of a listing, seen from its own URL.
func (s *Site) listingData(l listing, n int, heading string) render.BlogPage {
	pages := s.pagesOf(l.posts)
	url := s.Blog.PageURL(l.url, n)
	data := render.BlogPage{Heading: heading}
	for i, p := range pages[n-1] {
		data.Posts = append(data.Posts, render.PostSummary{
			Title: p.Page.Title, URL: relOrDot(url, p.Page.URL), Meta: s.postMeta(p, url),
			Excerpt: template.HTML(blog.ExcerptFor(p, url, "hb-post-"+strconv.Itoa(i+1)+"-")), More: p.More,
		})
	}
	if len(pages) > 1 {
		pg := &render.Pagination{}
		for i := range pages {
			pg.Pages = append(pg.Pages, render.PageNumber{N: i + 1, URL: relOrDot(url, s.Blog.PageURL(l.url, i+1)), Current: i+1 == n})
		}
		if n > 1 {
			pg.Prev = relOrDot(url, s.Blog.PageURL(l.url, n-1))
		}
		if n < len(pages) {
			pg.Next = relOrDot(url, s.Blog.PageURL(l.url, n+1))
		}
		data.Pagination = pg
	}
	return data
}

func relOrDot(from, to string) string {
	if u := urlpath.Rel(from, to); u != "" {
		return u
	}
	return "./"
}

// postMeta is what a post shows of itself, with links from the page at from.
func (s *Site) postMeta(p *blog.Post, from string) render.PostMeta {
	c := s.Blog.Config
	m := render.PostMeta{Date: blog.FormatDate(p.Date, c.PostDateFormat), DateISO: p.Date.Format("2006-01-02"), ReadTime: p.ReadTime}
	if !p.Updated.IsZero() {
		m.Updated, m.UpdatedISO = blog.FormatDate(p.Updated, c.PostDateFormat), p.Updated.Format("2006-01-02")
	}
	for _, id := range p.Authors {
		a := s.Blog.Authors[id]
		ba := render.BlogAuthor{Name: a.Name, Description: a.Description, URL: a.URL, Initials: initials(a.Name)}
		if a.Avatar != "" && !strings.Contains(a.Avatar, "//") { // a remote avatar would be a request to another host
			ba.Avatar = relOrDot(from, strings.TrimPrefix(a.Avatar, "/"))
		}
		m.Authors = append(m.Authors, ba)
	}
	if c.Categories {
		for _, name := range p.Categories {
			m.Categories = append(m.Categories, render.Link{Title: name, URL: relOrDot(from, s.Blog.CategoryURL(name))})
		}
	}
	return m
}

func initials(name string) string {
	var b strings.Builder
	for _, f := range strings.Fields(name) {
		r := []rune(f)
		b.WriteString(strings.ToUpper(string(r[0])))
		if b.Len() >= 2 {
			break
		}
	}
	return b.String()
}

// PostMeta is what blog post p shows above its content, or nil when p is
// not a post.
func (s *Site) PostMeta(p *site.Page) *render.PostMeta {
	if s.Blog == nil {
		return nil
	}
	for _, post := range s.Blog.Posts {
		if post.Page == p {
			m := s.postMeta(post, p.URL)
			return &m
		}
	}
	return nil
}

// isBlogIndex reports whether source page p is the blog's index.
func (s *Site) isBlogIndex(p *site.Page) bool {
	return s.Blog != nil && p != nil && s.Blog.Index == p
}

// BlogListing is the blog index page's content followed by the first
// page of the listing, or nil when p is not the index.
func (s *Site) BlogListing(p *site.Page, content []byte) ([]byte, diag.List) {
	if s.Blog == nil || s.Blog.Index != p || p == nil {
		return nil, nil
	}
	out, err := s.Theme.Content(render.BlogTemplate, s.listingData(listing{url: p.URL, posts: s.Blog.Posts}, 1, ""))
	if err != nil {
		var diags diag.List
		diags.Errorf("theme/templates/"+render.BlogTemplate, 0, 0, "theme", "rendering the blog index: %v", err)
		return nil, diags
	}
	return slices.Concat(content, []byte(out)), nil
}

// BlogPages renders the generated listing pages: the index's further
// pages (and its first, without an index page), every archive period's
// and category's.
func (s *Site) BlogPages() ([]File, diag.List) {
	b := s.Blog
	if b == nil {
		return nil, nil
	}
	nodes := map[string]*site.NavNode{}
	s.Nav.Walk(func(n *site.NavNode) {
		if n.Page != nil && nodes[n.Page.URL] == nil {
			nodes[n.Page.URL] = n
		}
	})
	var files []File
	var diags diag.List
	add := func(l listing, kind, title string, first int) {
		node := nodes[l.url]
		for n := first; n <= len(s.pagesOf(l.posts)); n++ {
			url := b.PageURL(l.url, n)
			page := &site.Page{URL: url, OutPath: urlpath.OutPath(url), Title: title}
			if node != nil {
				page.Title = node.Page.Title
			}
			at := &site.NavNode{Title: page.Title, Page: page, Parent: s.Nav}
			if node != nil && n == 1 {
				at = node
			} else if node != nil {
				at.Parent = node.Parent
			}
			f, d := s.generated(at, page.Title, kind, render.BlogTemplate, s.listingData(l, n, headingOf(kind, l.title)), "")
			diags = append(diags, d...)
			if f != nil {
				files = append(files, *f)
			}
		}
	}
	first := 2
	if b.Index == nil {
		first = 1
	}
	add(listing{url: b.IndexURL(), posts: b.Posts}, "blog", "Blog", first)
	if b.Config.Archive {
		for _, l := range archives(b) {
			add(l, "blog-archive", l.title, 1)
		}
	}
	if b.Config.Categories {
		for _, l := range categories(b) {
			add(l, "blog-category", l.title, 1)
		}
	}
	return files, diags
}

func headingOf(kind, title string) string {
	switch kind {
	case "blog-archive":
		return "Posts from " + title
	case "blog-category":
		return "Posts in " + title
	}
	return ""
}
