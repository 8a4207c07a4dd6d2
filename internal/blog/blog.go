// Package blog is Material's blog plugin (material/blog) over the site
// model: the posts under the posts folder, their dates, authors (from
// .authors.yml), categories, slugs and URLs, drafts, excerpts cut at the
// separator and read times. Load runs after the site is read and before
// pages are converted (a post's URL is where links to it go); Finish runs
// after conversion. The listing pages are made by internal/pages.
package blog

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"handbook/internal/diag"
	"handbook/internal/project"
	"handbook/internal/site"
	"handbook/internal/slug"
	"handbook/internal/urlpath"
)

// Blog is the blog of a site.
type Blog struct {
	Config  *Config
	Index   *site.Page // the blog's index.md, or nil
	Posts   []*Post    // newest first, pinned posts first
	Authors map[string]Author
}

// Post is one blog post.
type Post struct {
	Page       *site.Page
	Shown      string // the page's path in messages
	Date       time.Time
	Updated    time.Time // zero when not given
	Authors    []string
	Categories []string
	Slug       string
	Pin        bool
	ReadTime   int // minutes; set by Finish unless the front matter gives it
	// Excerpt is the post's HTML up to the excerpt separator (set by
	// Finish); More is whether the post goes on after it.
	Excerpt []byte
	More    bool
}

// Author is one entry of .authors.yml.
type Author struct {
	ID, Name, Description, Avatar, URL string
}

// Load finds the posts of the site's blog, reads their front matter and
// the authors file, and gives each post Material's URL. Drafts (draft:
// true, or a future date with draft_if_future_date) are left out unless
// drafts is set. A post without a date, a malformed authors file, an
// unknown author or a category not allowed are errors at their line.
func Load(s *site.Site, cfg *project.Config, drafts bool, now time.Time) (*Blog, diag.List) {
	if cfg.Plugins.Blog == nil {
		return nil, nil
	}
	bc, diags := ReadConfig(cfg.Plugins.Blog)
	b := &Blog{Config: bc, Index: s.Page(bc.Dir + "/index.md")}
	var d diag.List
	b.Authors, d = readAuthors(cfg, bc)
	diags = append(diags, d...)
	var drop []*site.Page
	for _, p := range s.Pages {
		if !strings.HasPrefix(p.Src, bc.PostDir+"/") {
			continue
		}
		post, d := readPost(s, p, bc, b.Authors)
		diags = append(diags, d...)
		if post == nil {
			continue
		}
		if !drafts && (post.draft || bc.DraftIfFutureDate && post.Date.After(now)) {
			drop = append(drop, p)
			continue
		}
		p.URL = postURL(bc, post, cfg.UseDirectoryURLs == nil || *cfg.UseDirectoryURLs)
		p.OutPath = urlpath.OutPath(p.URL)
		b.Posts = append(b.Posts, &post.Post)
	}
	s.Remove(drop...)
	slices.SortStableFunc(b.Posts, func(x, y *Post) int {
		if x.Pin != y.Pin {
			if x.Pin {
				return -1
			}
			return 1
		}
		return y.Date.Compare(x.Date)
	})
	return b, diags
}

// postURL is post_url_format with {date}, {slug}, {file} and
// {categories} filled in, under the blog folder.
func postURL(bc *Config, p *readPostResult, dirURLs bool) string {
	cats := make([]string, len(p.Categories))
	for i, c := range p.Categories {
		cats[i] = slugify(c, bc.PostSlugifySep)
	}
	file := strings.TrimSuffix(path.Base(p.Page.Src), path.Ext(p.Page.Src))
	u := strings.NewReplacer(
		"{date}", FormatDate(p.Date, bc.PostURLDateFormat),
		"{slug}", p.Slug, "{file}", file, "{categories}", strings.Join(cats, "/"),
	).Replace(bc.PostURLFormat)
	u = strings.Trim(path.Clean("/"+bc.Dir+"/"+u), "/")
	if dirURLs {
		return urlpath.Encode(u + "/")
	}
	return urlpath.Encode(u + ".html")
}

// slugify is Python-Markdown's slugify with the blog's separator.
func slugify(s, sep string) string {
	id := slug.Slugify(s)
	if sep != "-" {
		id = strings.ReplaceAll(id, "-", sep)
	}
	return id
}

// CategoryURL is a category's listing page, under the blog folder.
func (b *Blog) CategoryURL(name string) string {
	u := strings.ReplaceAll(b.Config.CategoriesURLFormat, "{slug}", slugify(name, b.Config.PostSlugifySep))
	return urlpath.Encode(strings.Trim(path.Clean("/"+b.Config.Dir+"/"+u), "/") + "/")
}

// ArchiveURL is the archive page of the period holding t.
func (b *Blog) ArchiveURL(t time.Time) string {
	u := strings.ReplaceAll(b.Config.ArchiveURLFormat, "{date}", FormatDate(t, b.Config.ArchiveURLDate))
	return urlpath.Encode(strings.Trim(path.Clean("/"+b.Config.Dir+"/"+u), "/") + "/")
}

// IndexURL is the blog index's URL.
func (b *Blog) IndexURL() string {
	if b.Index != nil {
		return b.Index.URL
	}
	return urlpath.Encode(b.Config.Dir + "/")
}

// PageURL is the URL of listing page n (from 1) of the listing at base.
func (b *Blog) PageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + urlpath.Encode(strings.Trim(strings.ReplaceAll(b.Config.PaginationURLFormat, "{page}", strconv.Itoa(n)), "/")+"/")
}

// moreSeparator finds the excerpt separator in a post's HTML.
func moreSeparator(sep string) *regexp.Regexp {
	inner := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(sep), "<!--"), "-->"))
	return regexp.MustCompile(`<!--\s*` + regexp.QuoteMeta(inner) + `\s*-->`)
}

// Finish sets each post's excerpt and read time from its converted HTML.
func (b *Blog) Finish(html func(*site.Page) []byte) diag.List {
	var diags diag.List
	sep := moreSeparator(b.Config.ExcerptSeparator)
	for _, p := range b.Posts {
		h := html(p.Page)
		if loc := sep.FindIndex(h); loc != nil {
			p.Excerpt, p.More = h[:loc[0]], true
		} else {
			p.Excerpt = h
			if b.Config.PostExcerpt == "required" {
				diags.Errorf(p.Shown, 1, 1, "blog", "post has no excerpt separator %s (post_excerpt: required)", b.Config.ExcerptSeparator)
			}
		}
		if p.ReadTime == 0 && b.Config.ReadTime {
			p.ReadTime = readTime(h, b.Config.WordsPerMinute)
		}
	}
	return diags
}

var tagRe = regexp.MustCompile(`(?s)<[^>]*>`)

// readTime is the minutes a post's words take to read (at least one).
func readTime(html []byte, wpm int) int {
	words := len(bytes.Fields(tagRe.ReplaceAll(html, []byte(" "))))
	n := (words + wpm - 1) / wpm
	return max(n, 1)
}
