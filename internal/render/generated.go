package render

import (
	"bytes"
	"html/template"
)

// The pages the build generates without a source file are theme templates
// too: each renders the content of one page, which page.html then wraps.
// A site overrides one with a file of the same name in its
// theme/templates/.
const (
	LevelTemplate    = "level.html"
	LevelsTemplate   = "levels.html"
	TagsTemplate     = "tags.html"
	NotFoundTemplate = "404.html"
	BlogTemplate     = "blog.html"
	NavTemplate      = "nav.html"
	// RedirectTemplate is a whole document, not wrapped in page.html.
	RedirectTemplate = "redirect.html"
)

// NavPage is the data of nav.html: the whole nav. ID is the top-level
// list's anchor, when that list is cut on the pages (see
// NavRenderer.Window).
type NavPage struct {
	ID      string
	Entries []NavPageEntry
}

// NavPageEntry is one entry of the nav: a page, a link or a section (with
// its entries); URL is relative to the page, "" for a section without a
// page. ID is the anchor of its list of entries when that list is cut.
type NavPageEntry struct {
	Title, URL, ID string
	Entries        []NavPageEntry
}

// LevelPage is the data of level.html.
type LevelPage struct {
	Level  LevelData
	Groups []LevelGroup
}

// LevelGroup is the entries of one top-level nav section.
type LevelGroup struct {
	ID, Title string
	Entries   []LevelEntry
}

// LevelEntry is a page or a section listed on a level page; URL is
// relative to the level page.
type LevelEntry struct {
	Title, URL, Summary string
	Sections            []LevelEntry
}

// LevelsPage is the data of levels.html.
type LevelsPage struct{ Levels []LevelRow }

// LevelRow is one level with how many pages and sections are tagged with it.
type LevelRow struct {
	LevelData
	Pages, Sections int
}

// TagsPage is the data of tags.html.
type TagsPage struct{ Tags []TagGroup }

// TagGroup is one tag and its pages (URLs relative to the tags page).
type TagGroup struct {
	ID, Name string
	Pages    []Link
}

// BlogPage is the data of blog.html: a listing of posts (the blog's
// index, an archive period, a category), one page of it.
type BlogPage struct {
	Heading    string // the listing's heading on generated pages, "" on the index
	Posts      []PostSummary
	Pagination *Pagination // nil on a listing of one page
}

// PostSummary is one post on a listing.
type PostSummary struct {
	Title, URL string
	Meta       PostMeta
	Excerpt    template.HTML
	More       bool // the post goes on after its excerpt
}

// PostMeta is what a post shows about itself: dates, authors, categories
// and read time.
type PostMeta struct {
	Date, DateISO, Updated, UpdatedISO string
	Authors                            []BlogAuthor
	Categories                         []Link
	ReadTime                           int // minutes, 0: not shown
}

// BlogAuthor is a post's author (.authors.yml); Avatar is a URL relative
// to the page, or "" (remote avatars are not loaded).
type BlogAuthor struct {
	Name, Description, Avatar, URL, Initials string
}

// Pagination links the pages of a listing.
type Pagination struct {
	Prev, Next string // relative URLs, or ""
	Pages      []PageNumber
}

// PageNumber is one page of a listing.
type PageNumber struct {
	N       int
	URL     string
	Current bool
}

// RedirectPage is the data of redirect.html: where the old page sends
// the reader (relative to it, or a full URL).
type RedirectPage struct{ Target, Lang string }

// NotFoundPage is the data of 404.html.
type NotFoundPage struct{ Home string }

// Content renders a generated page's content with the named template.
func (t *Theme) Content(name string, data any) (template.HTML, error) {
	var buf bytes.Buffer
	if err := t.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}
