// Package printpage joins pages into one printable document (print/,
// print/l6/, …): each page becomes a section, in nav order, under a table
// of contents. Ids are made unique by prefixing them with the page's
// anchor, links between the joined pages become links within the
// document, and other relative links and images are rewritten to work
// from the document's own URL.
package printpage

import (
	"bytes"
	"html"
	"io"
	"net/url"
	"path"
	"strings"

	xhtml "golang.org/x/net/html"

	"handbook/internal/par"
	"handbook/internal/urlpath"
)

// Page is one page to join.
type Page struct {
	URL    string // site-relative, "experiences/failure-case-studies/"
	Title  string
	HTML   []byte // the article's HTML
	Levels []string
	// IDs are the ids in HTML, as a Join of the page for every level found
	// them (Document.IDs), or nil: a page without level-tagged sections
	// keeps them all in a level's document, and is not read twice.
	IDs []string
}

// Entry is one line of the document's table of contents.
type Entry struct {
	ID, Title string
}

// Document is the joined pages.
type Document struct {
	HTML []byte
	TOC  []Entry
	// IDs are the ids each page's HTML has, in the order of the pages,
	// when no section was left out (a Join for every level): Page.IDs for
	// a level's Join.
	IDs [][]string
}

// Anchor is the id of a page's section in the document.
func Anchor(pageURL string) string {
	s := strings.Trim(pageURL, "/")
	s = strings.TrimSuffix(s, ".html")
	if s == "" {
		return "page-home"
	}
	return "page-" + strings.NewReplacer("/", "--", ".", "-").Replace(s)
}

// idAttrs hold ids; refAttrs hold space-separated lists of ids.
var idAttrs = map[string]bool{"id": true, "for": true, "name": true}
var refAttrs = map[string]bool{"aria-controls": true, "aria-labelledby": true, "aria-describedby": true}

// Join writes pages, in order, as one document published at docURL. With
// a level, the sections a page tags with another level (a heading with
// data-level, down to the next heading of its rank or higher) are left out.
func Join(pages []Page, docURL, level string) Document {
	included := map[string]string{} // page URL → anchor
	for _, p := range pages {
		included[p.URL] = Anchor(p.URL)
	}
	// First the ids the document keeps, so that a link to a section left
	// out goes to the site's page instead.
	var kept map[string]bool // nil: no section is left out, every target is there
	if level != "" {
		found := make([][]string, len(pages))
		par.For(len(pages), func(i int) {
			p := pages[i]
			if p.IDs != nil && !bytes.Contains(p.HTML, []byte("data-level=")) {
				found[i] = p.IDs
				return
			}
			var scratch bytes.Buffer
			rewrite(&scratch, p, Anchor(p.URL), docURL, level, included, nil, &found[i], true)
		})
		kept = map[string]bool{}
		for i, p := range pages {
			a := Anchor(p.URL)
			for _, id := range found[i] {
				kept[a+"--"+id] = true
			}
		}
	}
	// Each page's section is written on its own, on all CPUs, then they
	// are joined in order.
	var doc Document
	sections := make([][]byte, len(pages))
	var ids [][]string
	if level == "" {
		ids = make([][]string, len(pages))
	}
	par.For(len(pages), func(i int) {
		p := pages[i]
		a := Anchor(p.URL)
		var b bytes.Buffer
		b.Grow(len(p.HTML) + len(p.HTML)/8 + 256)
		b.WriteString(`<section class="hb-print-page" id="` + a + `" aria-label="` + html.EscapeString(p.Title) + `">` + "\n")
		if !bytes.Contains(p.HTML, []byte("<h1")) {
			// The page's own h1 (kept as it is) or its title heads its section.
			b.WriteString(`<h1 id="` + a + `--title">` + html.EscapeString(p.Title) + "</h1>\n")
		}
		var found *[]string
		if ids != nil {
			ids[i] = []string{} // (not nil: a page without ids is known to have none)
			found = &ids[i]
		}
		rewrite(&b, p, a, docURL, level, included, kept, found, false)
		b.WriteString("</section>\n")
		sections[i] = b.Bytes()
	})
	size := 0
	for i, p := range pages {
		size += len(sections[i])
		doc.TOC = append(doc.TOC, Entry{ID: Anchor(p.URL), Title: p.Title})
	}
	doc.HTML = make([]byte, 0, size)
	for _, s := range sections {
		doc.HTML = append(doc.HTML, s...)
	}
	doc.IDs = ids
	return doc
}

// rewrite copies a page's HTML, prefixing ids, keeping its first h1 (the
// section's heading) and turning any other into an h2, and rewriting links.
// kept lists the document's ids (nil: every link target is taken to be
// there); found, when not nil, collects the page's ids (as they are in its
// HTML), and with idsOnly nothing is written.
func rewrite(w *bytes.Buffer, p Page, anchor, docURL, level string, included map[string]string, kept map[string]bool, found *[]string, idsOnly bool) {
	z := xhtml.NewTokenizer(bytes.NewReader(p.HTML))
	depth, skipRank := 0, 0 // skipRank: the rank of the heading whose section is left out
	h1s := 0                // the first h1 heads the section; later ones become h2
	var raw []byte
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			if z.Err() != io.EOF && skipRank == 0 {
				w.Write(z.Raw())
			}
			return
		}
		raw = append(raw[:0], z.Raw()...)
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken && tt != xhtml.EndTagToken {
			if skipRank == 0 {
				w.Write(raw)
			}
			continue
		}
		name, hasAttr := z.TagName()
		tag := tagName(name)
		rank := headingRank(tag)
		// Most tags have nothing to rewrite: only headings and tags with an
		// id, a reference to one or a link have their attributes read.
		var t xhtml.Token
		if tt != xhtml.EndTagToken && hasAttr && (rank > 0 || mayRewrite(raw)) {
			t = xhtml.Token{Type: tt, Data: tag}
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				t.Attr = append(t.Attr, xhtml.Attribute{Key: string(k), Val: string(v)})
			}
		}
		if tt == xhtml.StartTagToken && depth == 0 && rank > 0 {
			if skipRank > 0 && rank <= skipRank {
				skipRank = 0
			}
			if l := attrOf(t, "data-level"); skipRank == 0 && level != "" && l != "" && l != level {
				skipRank = rank
			}
		}
		if tt == xhtml.StartTagToken && !voids[tag] {
			depth++
		} else if tt == xhtml.EndTagToken && depth > 0 {
			depth--
		}
		if skipRank > 0 {
			continue
		}
		if tag == "h1" {
			if tt == xhtml.StartTagToken {
				h1s++
			}
			if h1s > 1 {
				if tt == xhtml.EndTagToken {
					w.WriteString("</h2>")
					continue
				}
				if t.Data == "" {
					t = xhtml.Token{Type: tt, Data: tag}
				}
				t.Data = "h2"
			}
		}
		if t.Data == "" {
			w.Write(raw)
			continue
		}
		if found != nil {
			if id := attrOf(t, "id"); id != "" {
				*found = append(*found, id)
			}
		}
		if idsOnly {
			continue
		}
		for i, at := range t.Attr {
			switch {
			case idAttrs[at.Key] && !(at.Key == "name" && t.Data == "meta"):
				t.Attr[i].Val = anchor + "--" + at.Val
			case refAttrs[at.Key]:
				ids := strings.Fields(at.Val)
				for k := range ids {
					ids[k] = anchor + "--" + ids[k]
				}
				t.Attr[i].Val = strings.Join(ids, " ")
			case at.Key == "href" || at.Key == "src":
				t.Attr[i].Val = link(at.Val, p.URL, docURL, included, kept)
			}
		}
		w.WriteString(t.String())
	}
}

// mayRewrite reports whether a tag's source may hold an attribute to
// rewrite (a cheap test: a false yes only costs reading the attributes):
// whether it has "id=", "for=", "name=", "href=", "src=" or "aria-".
func mayRewrite(raw []byte) bool {
	for i := bytes.IndexByte(raw, '='); i >= 0; {
		before := raw[:i]
		for _, k := range rewriteHints {
			if bytes.HasSuffix(before, k) {
				return true
			}
		}
		j := bytes.IndexByte(raw[i+1:], '=')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return bytes.Contains(raw, []byte("aria-"))
}

var rewriteHints = [][]byte{[]byte("id"), []byte("for"), []byte("name"), []byte("href"), []byte("src")}

// tagName is name as a string, without allocating for the tags pages are
// mostly made of.
func tagName(name []byte) string {
	switch string(name) { // (compared without a copy)
	case "span":
		return "span"
	case "a":
		return "a"
	case "p":
		return "p"
	case "div":
		return "div"
	case "code":
		return "code"
	case "pre":
		return "pre"
	case "li":
		return "li"
	case "td":
		return "td"
	case "tr":
		return "tr"
	}
	return string(name)
}

var voids = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

func headingRank(tag string) int {
	if len(tag) == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6' {
		return int(tag[1] - '0')
	}
	return 0
}

func attrOf(t xhtml.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// link rewrites a link of page pageURL for the document at docURL: to
// the document's copy of its target when it has one (kept), else to the
// site's page.
func link(v, pageURL, docURL string, included map[string]string, kept map[string]bool) string {
	u, err := url.Parse(v)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(v, "/") {
		return v
	}
	base, err := url.Parse("/" + pageURL)
	if err != nil {
		return v
	}
	target := base.ResolveReference(u)
	site := strings.TrimPrefix(target.EscapedPath(), "/")
	key := strings.TrimSuffix(site, "index.html")
	if a, ok := included[key]; ok {
		if target.Fragment == "" {
			return "#" + a
		}
		if id := a + "--" + target.Fragment; kept == nil || kept[id] {
			return "#" + id
		}
	}
	rel := relative(docURL, site)
	if target.RawQuery != "" {
		rel += "?" + target.RawQuery
	}
	if target.Fragment != "" {
		rel += "#" + target.Fragment
	}
	return rel
}

// relative is the URL of site path to from the page at from.
func relative(from, to string) string {
	depth := strings.Count(path.Clean("/"+from+"x"), "/") - 1
	r := strings.Repeat("../", depth) + to
	if r == "" {
		return "./"
	}
	return urlpath.Safe(r)
}
