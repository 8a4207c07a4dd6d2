// Package sitediff compares two built sites as a reader sees them: pages
// added, removed and changed by their visible text (headings, paragraphs,
// list items, code, table rows), links changed, internal links broken or
// fixed, and the weight of the pages and of the search index. Fingerprinted
// asset names, dates and the navigation are left out: only a page's content
// (its <article>, else <main>, else <body> without nav, header and footer)
// is compared.
package sitediff

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"handbook/internal/htmlnode"
)

// Site is a built site read for comparison.
type Site struct {
	Pages  map[string]*Page // by file: "guide/setup/index.html"
	Files  map[string]int64 // every file's size
	Search SearchStats
}

// Page is one HTML page's content as a reader sees it.
type Page struct {
	File   string
	URL    string // "guide/setup/", "" for the home page
	Title  string
	Blocks []Block
	Links  []Link
	IDs    map[string]bool // every id in the document: anchor targets
	Size   int64
	// Resources are the site files the page loads (stylesheets, scripts,
	// images), for its weight.
	Resources []string
	// Copy marks a page made of other pages (handbook's print pages, body
	// class hb-kind-print): its changes are theirs, so it is left out.
	Copy bool
}

// Block is one piece of text a reader sees as a unit.
type Block struct {
	Kind string `json:"kind"` // heading, paragraph, list item, code, table row, quote, term, definition, summary, caption, text
	Text string `json:"text"`
}

// Link is a link in a page's content.
type Link struct {
	Href   string `json:"href"`   // as written
	Target string `json:"target"` // internal: site path ("guide/x/", "guide/x/#a"); else the URL
	Text   string `json:"text"`
	// internal links can be checked against the site's files.
	internal bool
}

// SearchStats describe a site's search index files.
type SearchStats struct {
	Files    int   `json:"files"`
	Bytes    int64 `json:"bytes"`
	Sections int   `json:"sections"` // documents the index holds (-1 when unknown)
}

// Load reads a built site: every .html file is a page.
func Load(fsys fs.FS) (*Site, error) {
	s, htmlFiles, err := list(fsys)
	if err != nil {
		return nil, err
	}
	pages := make([]*Page, len(htmlFiles))
	err = each(len(htmlFiles), func(j int) error {
		data, err := fs.ReadFile(fsys, htmlFiles[j])
		if err == nil {
			pages[j] = ParsePage(htmlFiles[j], data)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		s.Pages[p.File] = p
	}
	return s, nil
}

// list reads a site's file names and sizes, without reading its pages.
func list(fsys fs.FS) (*Site, []string, error) {
	s := &Site{Pages: map[string]*Page{}, Files: map[string]int64{}}
	var htmlFiles []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		s.Files[p] = info.Size()
		if strings.HasSuffix(p, ".html") {
			htmlFiles = append(htmlFiles, p)
		}
		if strings.HasPrefix(p, "search/") {
			s.Search.Files++
			s.Search.Bytes += info.Size()
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	s.Search.Sections = searchSections(fsys)
	return s, htmlFiles, nil
}

// each runs fn(0…n-1) on every core and returns the first error.
func each(n int, fn func(i int) error) error {
	var mu sync.Mutex
	next := 0
	var first error
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				if err := fn(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// searchSections reads the number of indexed sections from handbook's
// search/index.json, or MkDocs' search/search_index.json.
func searchSections(fsys fs.FS) int {
	if data, err := fs.ReadFile(fsys, "search/index.json"); err == nil {
		var e struct {
			Docs *int `json:"docs"`
		}
		if json.Unmarshal(data, &e) == nil && e.Docs != nil {
			return *e.Docs
		}
	}
	if data, err := fs.ReadFile(fsys, "search/search_index.json"); err == nil {
		var e struct {
			Docs []json.RawMessage `json:"docs"`
		}
		if json.Unmarshal(data, &e) == nil {
			return len(e.Docs)
		}
	}
	return -1
}

// PageURL is the URL of an HTML file: "a/index.html" → "a/".
func PageURL(file string) string {
	if file == "index.html" {
		return ""
	}
	if strings.HasSuffix(file, "/index.html") {
		return strings.TrimSuffix(file, "index.html")
	}
	return file
}

// ParsePage reads one HTML page. The HTML parser accepts anything, as
// browsers do, so there is no error.
//
// One pass of the tokenizer (no tree) collects what the whole document
// declares: ids, the title, the files it loads, and where its first
// <article> is; only that article is then parsed into a tree. A site's
// pages repeat the nav, header and footer, often most of their bytes, so
// this reads a large site several times faster than parsing every page
// whole. A page without a well-formed <article> is parsed whole.
func ParsePage(file string, data []byte) *Page {
	p := &Page{File: file, URL: PageURL(file), IDs: map[string]bool{}, Size: int64(len(data))}
	title, start, end := scan(p, data)
	var content []*html.Node
	if start >= 0 && end > start {
		ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
		if nodes, err := html.ParseFragment(bytes.NewReader(data[start:end]), ctx); err == nil {
			content = nodes
		}
	}
	if content == nil {
		if doc, err := html.Parse(bytes.NewReader(data)); err == nil {
			if n := findContent(doc); n != nil {
				content = []*html.Node{n}
			}
		}
	}
	x := &extractor{page: p}
	for _, n := range content {
		x.walk(n)
	}
	x.flush()
	p.Title = title
	for _, b := range p.Blocks {
		if b.Kind == "heading 1" {
			p.Title = b.Text
			break
		}
	}
	return p
}

// scan tokenizes a whole page: it records ids (and <a name>) and loaded
// files in p, and returns the <title> text and the byte span of the first
// <article> element (start -1 when there is none or it is not closed).
func scan(p *Page, data []byte) (title string, start, end int) {
	z := html.NewTokenizer(bytes.NewReader(data))
	start, end = -1, -1
	offset, depth := 0, 0
	inTitle := false
	var titleText strings.Builder
	seenRes := map[string]bool{}
	for {
		tt := z.Next()
		size := len(z.Raw())
		switch tt {
		case html.ErrorToken:
			if end < 0 {
				start = -1
			}
			return collapse(titleText.String()), start, end
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			a := atom.Lookup(name)
			var rel, href, src string
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "class":
					if a == atom.Body && slices.Contains(strings.Fields(string(v)), "hb-kind-print") {
						p.Copy = true
					}
				case "id":
					p.IDs[string(v)] = true
				case "name":
					if a == atom.A {
						p.IDs[string(v)] = true
					}
				case "rel":
					rel = string(v)
				case "href":
					href = string(v)
				case "src":
					src = string(v)
				}
			}
			res := ""
			switch {
			case a == atom.Link && strings.EqualFold(rel, "stylesheet"):
				res = href
			case a == atom.Script || a == atom.Img:
				res = src
			}
			if res != "" {
				if t, internal := resolve(p.URL, res); internal {
					t, _, _ = strings.Cut(t, "#")
					if !seenRes[t] {
						seenRes[t] = true
						p.Resources = append(p.Resources, t)
					}
				}
			}
			switch {
			case a == atom.Title && tt == html.StartTagToken:
				inTitle = true
			case a == atom.Article && tt == html.StartTagToken && end < 0:
				if start < 0 {
					start = offset
				}
				depth++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Title:
				inTitle = false
			case atom.Article:
				if start >= 0 && end < 0 {
					if depth--; depth == 0 {
						end = offset + size
					}
				}
			}
		case html.TextToken:
			if inTitle {
				titleText.Write(z.Text())
			}
		}
		offset += size
	}
}

// findContent is the page's content: its first <article>, else <main>,
// else <body>.
func findContent(doc *html.Node) *html.Node {
	for _, a := range []atom.Atom{atom.Article, atom.Main, atom.Body} {
		if n := find(doc, a); n != nil {
			return n
		}
	}
	return nil
}

func find(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

// collapse trims text and turns runs of white space into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// blockKinds names the elements whose text a reader takes in as a unit.
var blockKinds = map[atom.Atom]string{
	atom.H1: "heading 1", atom.H2: "heading 2", atom.H3: "heading 3", atom.H4: "heading 4", atom.H5: "heading 5", atom.H6: "heading 6",
	atom.P: "paragraph", atom.Li: "list item", atom.Pre: "code", atom.Tr: "table row", atom.Blockquote: "quote",
	atom.Dt: "term", atom.Dd: "definition", atom.Summary: "summary", atom.Figcaption: "caption", atom.Caption: "caption",
	atom.Div: "text", atom.Section: "text", atom.Details: "text", atom.Ul: "text", atom.Ol: "text", atom.Dl: "text",
	atom.Table: "text", atom.Thead: "text", atom.Tbody: "text", atom.Figure: "text", atom.Label: "label",
	atom.Article: "text", atom.Main: "text", atom.Body: "text",
}

// skipped elements show nothing a reader reads as content.
func skipped(n *html.Node, top bool) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Button, atom.Input:
		return true
	case atom.Nav, atom.Header, atom.Footer, atom.Aside:
		return !top
	case atom.A:
		return htmlnode.HasClass(n, "headerlink") // the ¶ permalink beside headings
	}
	_, hidden := attrOK(n, "hidden")
	return hidden
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// extractor splits content into blocks: each block element ends the text
// gathered so far, which belongs to the innermost block open.
type extractor struct {
	page  *Page
	kinds []string
	buf   strings.Builder
	pre   int // depth inside <pre>
}

func (x *extractor) kind() string {
	if len(x.kinds) == 0 {
		return "text"
	}
	return x.kinds[len(x.kinds)-1]
}

func (x *extractor) flush() {
	text := x.buf.String()
	x.buf.Reset()
	if x.kind() == "code" {
		for _, line := range strings.Split(strings.TrimRight(text, "\n "), "\n") {
			if line = strings.TrimRight(line, " \t\r"); strings.TrimSpace(line) != "" {
				x.page.Blocks = append(x.page.Blocks, Block{Kind: "code", Text: line})
			}
		}
		return
	}
	if text = collapse(text); text != "" {
		x.page.Blocks = append(x.page.Blocks, Block{Kind: x.kind(), Text: text})
	}
}

func (x *extractor) walk(n *html.Node) {
	top := len(x.kinds) == 0
	switch n.Type {
	case html.TextNode:
		x.buf.WriteString(n.Data)
		return
	case html.ElementNode:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			x.walk(c)
		}
		return
	}
	if skipped(n, top) {
		return
	}
	kind, block := blockKinds[n.DataAtom]
	if x.pre > 0 {
		block = false // a code block is one block, whatever its markup
	}
	if block {
		x.flush()
		x.kinds = append(x.kinds, kind)
	} else if x.pre == 0 && n.PrevSibling != nil && n.PrevSibling.Type == html.ElementNode && htmlnode.Attr(n, "class") != "" {
		// A styled element right after another, as a summary after its
		// link (<a>Title</a><span class="summary">Text</span>), is shown
		// apart from it: keep their words apart.
		x.buf.WriteByte(' ')
	}
	switch n.DataAtom {
	case atom.Pre:
		x.pre++
	case atom.Br:
		x.buf.WriteString("\n")
	case atom.Td, atom.Th:
		if strings.TrimSpace(x.buf.String()) != "" {
			x.buf.WriteString(" | ")
		}
	case atom.Img:
		if alt := collapse(htmlnode.Attr(n, "alt")); alt != "" {
			x.buf.WriteString(" [image: " + alt + "] ")
		}
	case atom.A:
		if href, ok := attrOK(n, "href"); ok {
			target, internal := resolve(x.page.URL, href)
			x.page.Links = append(x.page.Links, Link{Href: href, Target: target, Text: collapse(htmlnode.Text(n)), internal: internal})
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		x.walk(c)
	}
	if n.DataAtom == atom.Pre {
		x.pre--
	}
	if block {
		x.flush()
		x.kinds = x.kinds[:len(x.kinds)-1]
	}
}

// siteHost stands for the site itself when resolving links.
const siteHost = "site.invalid"

// resolve resolves href against a page URL. Internal links come back as
// site paths ("guide/x/", "guide/x/#a"), with internal true; others as the
// absolute URL.
func resolve(pageURL, href string) (string, bool) {
	href = strings.TrimSpace(href)
	base := &url.URL{Scheme: "https", Host: siteHost, Path: "/" + pageURL}
	ref, err := url.Parse(href)
	if err != nil {
		return href, false
	}
	u := base.ResolveReference(ref)
	if u.Host != siteHost || (u.Scheme != "https" && u.Scheme != "http") {
		return u.String(), false
	}
	p := strings.TrimPrefix(path.Clean(u.Path), "/")
	if p == "." {
		p = ""
	}
	if strings.HasSuffix(u.Path, "/") && p != "" {
		p += "/"
	}
	if u.Fragment != "" {
		p += "#" + u.Fragment
	}
	return p, true
}

// lookup finds the file an internal site path serves ("" if none).
func (s *Site) lookup(p string) string {
	for _, f := range []string{p, strings.TrimSuffix(p, "/") + "/index.html", p + "index.html"} {
		f = strings.TrimPrefix(f, "/")
		if _, ok := s.Files[f]; ok && f != "" {
			return f
		}
	}
	if p == "" {
		if _, ok := s.Files["index.html"]; ok {
			return "index.html"
		}
	}
	return ""
}

// BrokenLink is an internal link whose target is missing.
type BrokenLink struct {
	Page    string `json:"page"` // the linking page's URL
	Href    string `json:"href"`
	Problem string `json:"problem"`
}

// Broken lists the internal links of every page that lead nowhere: to a
// missing file, or to a missing id in an existing page.
func (s *Site) Broken() []BrokenLink {
	var out []BrokenLink
	for _, p := range s.Pages {
		if p.Copy {
			continue // its links are its pages'
		}
		for _, l := range p.Links {
			if !l.internal {
				continue
			}
			target, frag, _ := strings.Cut(l.Target, "#")
			file := s.lookup(target)
			if file == "" {
				out = append(out, BrokenLink{Page: p.URL, Href: l.Href, Problem: "no such page or file: /" + target})
				continue
			}
			if frag == "" {
				continue
			}
			if tp := s.Pages[file]; tp != nil && !tp.IDs[frag] {
				if id, err := url.PathUnescape(frag); err != nil || !tp.IDs[id] {
					out = append(out, BrokenLink{Page: p.URL, Href: l.Href, Problem: "no id \"" + frag + "\" in /" + tp.URL})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Page != b.Page {
			return a.Page < b.Page
		}
		return a.Href < b.Href
	})
	return out
}

// Weight is a page's HTML plus the files it loads.
func (s *Site) Weight(p *Page) int64 {
	w := p.Size
	for _, r := range p.Resources {
		w += s.Files[r]
	}
	return w
}
