package pages

import (
	"fmt"
	"html"
	"html/template"
	"slices"
	"strings"

	"handbook/internal/cache"
	"handbook/internal/diag"
	"handbook/internal/par"
	"handbook/internal/printpage"
	"handbook/internal/render"
	"handbook/internal/site"
	"handbook/internal/urlpath"
)

// MaxPrintPages bounds the sites that get printable pages: a page holding
// more would be too large for a browser to lay out and print, and joining
// them would cost a large site's build a good part of its time.
const MaxPrintPages = 500

// printURL is the printable page of a level ("" for every page).
func printURL(level string) string {
	if level == "" {
		return "print/"
	}
	return "print/" + strings.ToLower(level) + "/"
}

// Print renders the printable pages: every page in nav order, and each
// level's pages (those tagged with it or with no level), without the
// sections tagged with another level. It needs the pages' HTML, so it
// runs before the pages are rendered (which lets go of it).
func (s *Site) Print() ([]File, diag.List) {
	if len(s.Site.Pages) > MaxPrintPages {
		return nil, nil
	}
	levels := append([]string{""}, s.Config.LevelIDs()...)
	files := make([]*File, len(levels))
	diags := make([]diag.List, len(levels))
	// Every page's first: the ids it finds spare the levels' pages reading
	// each page's HTML once more for them.
	var ids map[*site.Page][]string
	files[0], diags[0], ids = s.printPage("", nil)
	par.For(len(levels)-1, func(i int) { files[i+1], diags[i+1], _ = s.printPage(levels[i+1], ids) })
	var out []File
	var all diag.List
	for i := range levels {
		if files[i] != nil {
			out = append(out, *files[i])
		}
		all = append(all, diags[i]...)
	}
	return out, all
}

// printPage renders the printable page of one level ("" for all), given
// the ids of the pages' HTML when they are known, and returns them when it
// finds them (for every level).
func (s *Site) printPage(level string, ids map[*site.Page][]string) (*File, diag.List, map[*site.Page][]string) {
	url := printURL(level)
	prefix := urlpath.RootPrefix(url)
	nav := s.NavR.For(nil, prefix)
	var shown []*site.Page
	key := cache.NewKey().Str("print", s.Theme.Key, level, s.Config.Title, nav).Value(s.Data)
	for _, p := range s.Order {
		res := s.Converted[p]
		if res == nil || (level != "" && len(p.Levels) > 0 && !slices.Contains(p.Levels, level)) {
			continue
		}
		shown = append(shown, p)
		id := s.ConvIDs[p]
		key.Str(p.URL, p.Title).Str(p.Levels...).Bytes(id[:])
	}
	sum := key.Sum()
	if s.reuse(url+"index.html", sum) {
		return &File{Path: url + "index.html", Key: sum, Kept: true}, nil, nil
	}
	var pages []printpage.Page
	for _, p := range shown {
		pages = append(pages, printpage.Page{URL: p.URL, Title: p.Title, HTML: s.html(p), Levels: p.Levels, IDs: ids[p]})
	}
	doc := printpage.Join(pages, url, level)
	var found map[*site.Page][]string
	if doc.IDs != nil {
		found = make(map[*site.Page][]string, len(shown))
		for i, p := range shown {
			found[p] = doc.IDs[i]
		}
	}
	title := "The whole handbook, to print"
	if level != "" {
		title = level + " pages, to print"
	}
	var b strings.Builder
	b.Grow(len(doc.HTML) + 100*len(doc.TOC) + 512)
	fmt.Fprintf(&b, "<p class=\"lead\">%d pages of %s in the order of the navigation, on one page: print it, or save it as PDF.</p>\n", len(pages), html.EscapeString(s.Config.Title))
	b.WriteString("<nav class=\"hb-print-toc\" aria-labelledby=\"hb-print-contents\">\n<h2 id=\"hb-print-contents\">Contents</h2>\n<ol>\n")
	var toc []render.TOCItem
	for _, e := range doc.TOC {
		fmt.Fprintf(&b, "<li><a href=\"#%s\">%s</a></li>\n", e.ID, html.EscapeString(e.Title))
		toc = append(toc, render.TOCItem{Rank: 2, ID: e.ID, Text: e.Title})
	}
	b.WriteString("</ol>\n</nav>\n")
	b.Write(doc.HTML)
	d := &render.PageData{
		Site: s.Data, Kind: "print", Title: title, TitleID: "page-title", Root: prefix,
		Description: "Every page of " + s.Config.Title + " on one page, to print.",
		Content:     template.HTML(b.String()), Nav: template.HTML(nav), TOC: toc,
	}
	if level != "" {
		d.Levels = []string{level}
	}
	out, err := s.Theme.Page(d)
	if err != nil {
		var diags diag.List
		diags.Errorf("theme/templates/page.html", 0, 0, "theme", "rendering %s: %v", url, err)
		return nil, diags, found
	}
	return &File{Path: url + "index.html", Data: out, Key: sum}, nil, found
}
