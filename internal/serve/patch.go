package serve

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Update is the new article of a page whose edit changed nothing else: the
// "reload" event sent to that page's stream carries it, so the page shows the
// edit without fetching itself again (see live.js).
type Update struct {
	Page    string  `json:"page"`
	From    string  `json:"from"` // the hash of the version it applies to
	Hash    string  `json:"hash"` // the hash of the version it makes
	Article string  `json:"article"`
	TOC     *string `json:"toc,omitempty"` // nil: the page has no table of contents
}

// The parts live.js swaps: the first element of each kind with the class,
// as document.querySelector finds them.
var swapped = []struct {
	tag   atom.Atom
	class string
}{
	{atom.Article, "hb-article"},
	{atom.Aside, "hb-toc"},
}

// pageParts are a page's byte ranges: the inner HTML of each swapped part
// (article, toc; start -1 when missing), its <title> element, and where
// its <body> begins (-1 when missing).
type pageParts struct {
	inner     [2][2]int
	title     [2]int
	bodyStart int
}

// splitPage finds a page's parts with the HTML tokenizer (so raw text in
// <script>, <style>, comments and attributes is never taken for a tag).
func splitPage(page []byte) pageParts {
	parts := pageParts{inner: [2][2]int{{-1, -1}, {-1, -1}}, title: [2]int{-1, -1}, bodyStart: -1}
	z := html.NewTokenizer(bytes.NewReader(page))
	offset := 0
	open := -1 // the swapped part being read, -1 for none
	depth := 0 // elements of its kind open inside it
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if open >= 0 {
				parts.inner[open] = [2]int{-1, -1} // not closed: no clean split
			}
			return parts
		}
		raw := len(z.Raw())
		start := offset
		offset += raw
		if tt != html.StartTagToken && tt != html.EndTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		tag := atom.Lookup(name)
		switch {
		case tt == html.StartTagToken && tag == atom.Title && parts.title[0] < 0:
			parts.title[0] = start
		case tt == html.EndTagToken && tag == atom.Title && parts.title[0] >= 0 && parts.title[1] < 0:
			parts.title[1] = offset
		case tt == html.StartTagToken && tag == atom.Body && parts.bodyStart < 0:
			parts.bodyStart = start
		}
		if open >= 0 {
			if tag != swapped[open].tag {
				continue
			}
			if tt == html.StartTagToken {
				depth++
			} else if depth--; depth < 0 {
				parts.inner[open][1] = start
				open = -1
			}
			continue
		}
		if tt != html.StartTagToken || !hasAttr {
			continue
		}
		for i, part := range swapped {
			if tag == part.tag && parts.inner[i][0] < 0 && hasClass(z, part.class) {
				parts.inner[i][0] = offset
				open, depth = i, 0
				break
			}
		}
	}
}

// hasClass reads the current start tag's attributes for a class attribute
// holding class.
func hasClass(z *html.Tokenizer, class string) bool {
	for {
		key, val, more := z.TagAttr()
		if string(key) == "class" {
			return slices.Contains(strings.Fields(string(val)), class)
		}
		if !more {
			return false
		}
	}
}

// frame is what of a page live.js compares before swapping its article: its
// title and body without the swapped parts' inner HTML, as a list of byte
// ranges. ok is false when the page cannot be split cleanly.
func (p pageParts) frame(page []byte) (segments [][]byte, ok bool) {
	if p.bodyStart < 0 || p.inner[0][0] < 0 {
		return nil, false
	}
	if p.title[0] >= 0 && p.title[1] >= 0 {
		segments = append(segments, page[p.title[0]:p.title[1]])
	}
	cuts := [][2]int{}
	for _, r := range p.inner {
		if r[0] >= 0 {
			cuts = append(cuts, r)
		}
	}
	slices.SortFunc(cuts, func(a, b [2]int) int { return a[0] - b[0] })
	at := p.bodyStart
	for _, c := range cuts {
		if c[0] < at {
			return nil, false // one inside the other
		}
		segments = append(segments, page[at:c[0]])
		at = c[1]
	}
	return append(segments, page[at:]), true
}

// unswappable are what, in a new article, needs the page loaded again: a
// script, diagrams and math (whose libraries come with the page). Found by
// a plain search: text that only names them costs a fetch, nothing more.
var unswappable = []string{"<script", "mermaid", "arithmatex", "katex"}

// makeUpdate returns the update that turns page name of before into that
// of after, or nil when more than its article and table of contents
// changed (or the new article needs more than a swap).
func makeUpdate(before, after *site, name string) *Update {
	old, okOld := before.files[name]
	next, okNew := after.files[name]
	if !okOld || !okNew || !isHTML(name) {
		return nil
	}
	oldParts, nextParts := splitPage(old), splitPage(next)
	oldFrame, ok1 := oldParts.frame(old)
	nextFrame, ok2 := nextParts.frame(next)
	if !ok1 || !ok2 || !slices.EqualFunc(oldFrame, nextFrame, bytes.Equal) {
		return nil
	}
	article := next[nextParts.inner[0][0]:nextParts.inner[0][1]]
	for _, s := range unswappable {
		if bytes.Contains(article, []byte(s)) {
			return nil
		}
	}
	u := &Update{Page: name, From: before.hashes[name], Hash: after.hashes[name], Article: string(article)}
	if r := nextParts.inner[1]; r[0] >= 0 {
		toc := string(next[r[0]:r[1]])
		u.TOC = &toc
	}
	return u
}

// withUpdate adds the update for page (if any) to a "reload" event's data:
// {...change, "update": {...}}.
func withUpdate(data []byte, u *Update) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // HTML in JSON strings as it is: a third of the size
	if err := enc.Encode(u); err != nil {
		return data
	}
	body := bytes.TrimRight(buf.Bytes(), "\n")
	out := make([]byte, 0, len(data)+len(body)+16)
	out = append(out, bytes.TrimSuffix(data, []byte("}"))...)
	out = append(out, `,"update":`...)
	out = append(out, body...)
	return append(out, '}')
}
