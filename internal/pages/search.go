package pages

import (
	"handbook/internal/markdown"
	"handbook/internal/search"
	"handbook/internal/site"
	"handbook/internal/urlpath"
)

// SearchDocs turns a page's sections into search documents: one per
// section, with its heading path, text, code and levels.
func SearchDocs(p *site.Page, res *markdown.Result) []search.Doc {
	if p.FM.SearchExclude || len(res.Sections) == 0 {
		return nil // (search: {exclude: true})
	}
	var path []markdown.Heading // enclosing headings, by rank
	url := urlpath.Join("", p.URL)
	docs := make([]search.Doc, 0, len(res.Sections))
	for _, s := range res.Sections {
		d := search.Doc{URL: url, Page: p.Title, Text: s.Text, Code: s.Code, Levels: s.Levels}
		if s.Heading >= 0 {
			h := res.Headings[s.Heading]
			for len(path) > 0 && path[len(path)-1].Rank >= h.Rank {
				path = path[:len(path)-1]
			}
			path = append(path, h)
			d.URL = url + "#" + h.ID
			for _, ph := range path {
				if ph.Rank > 1 {
					d.Headings = append(d.Headings, ph.Text)
				}
			}
		}
		if len(d.Levels) == 0 {
			d.Levels = p.Levels
		}
		docs = append(docs, d)
	}
	return docs
}
