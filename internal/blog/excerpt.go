package blog

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"handbook/internal/drill"
)

// ExcerptFor is a post's excerpt as shown on the listing page at site URL
// to: its links rebased from the post's URL, its ids prefixed so several
// excerpts never clash (a link to an anchor goes to the post), and its first level-one heading left out (the
// listing shows the title as the link to the post).
func ExcerptFor(p *Post, to, idPrefix string) []byte {
	nodes, err := html.ParseFragment(bytes.NewReader(p.Excerpt), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return nil
	}
	rebase := drill.Rebase(p.Page.URL, to)
	var b bytes.Buffer
	droppedH1 := false
	for _, n := range nodes {
		if n.Type == html.ElementNode && n.DataAtom == atom.H1 && !droppedH1 {
			droppedH1 = true
			continue
		}
		rewrite(n, rebase, idPrefix)
		_ = html.Render(&b, n)
	}
	return b.Bytes()
}

// idAttrs hold ids or references to them.
var idAttrs = map[string]bool{"id": true, "for": true, "aria-controls": true, "aria-labelledby": true, "aria-describedby": true, "aria-owns": true}

func rewrite(n *html.Node, rebase func(string) string, prefix string) {
	if n.Type == html.ElementNode {
		for i, a := range n.Attr {
			switch {
			case a.Key == "href" || a.Key == "src":
				n.Attr[i].Val = rebase(a.Val)
			case idAttrs[a.Key] || a.Key == "name" && n.DataAtom == atom.Input:
				fields := strings.Fields(a.Val)
				for j, f := range fields {
					fields[j] = prefix + f
				}
				n.Attr[i].Val = strings.Join(fields, " ")
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		rewrite(c, rebase, prefix)
	}
}
