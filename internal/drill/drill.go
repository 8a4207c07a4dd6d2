// Package drill cuts a page whose sections are questions (a question bank)
// into cards for a question drill: one card per heading of a given rank,
// holding the heading's text, the section's content, and apart from it the
// collapsible blocks that are the answer (a rubric, a model answer), which
// the drill keeps hidden until the reader asks for them.
//
// The cards are shown on another page than the one they come from, so
// their links are rebased to work from there, and their ids are prefixed
// so they cannot collide with the ids of the drill page.
package drill

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"handbook/internal/htmlnode"
)

// Question is a heading of the source page that starts a card.
type Question struct {
	ID     string   // the heading's id in the source page
	Levels []string // the levels it is for; empty means every level
	Group  string   // the text of the enclosing higher-rank heading, if any
}

// Options say how to cut and rewrite the cards.
type Options struct {
	Rank int // the rank of the questions' headings (1–6)
	// Reveal selects the answer blocks: the collapsible blocks (<details>)
	// at the top of a section whose title starts with Reveal (any case);
	// with Reveal empty, every such block.
	Reveal string
	// Rebase rewrites a URL found in an href or src so that it works from
	// the drill page (nil leaves URLs as they are).
	Rebase func(string) string
	// IDPrefix is put before every id (and the attributes that refer to
	// ids: for, name, aria-controls, aria-labelledby, aria-describedby).
	IDPrefix string
}

// Card is one question, as HTML fragments.
type Card struct {
	Question
	Title  string // the heading's inner HTML, without its permalink
	Body   string // the section, without the answer blocks
	Answer string // the answer blocks, in order; empty when there are none
}

// Cut splits the HTML of the source page into one card per question, in
// the order of the page. Only headings at the top level of the page start
// or end a card (a heading inside a block does not cut it in two); a card
// runs to the next top-level heading of the same or a higher rank.
func Cut(source []byte, questions []Question, opts Options) ([]Card, error) {
	byID := make(map[string]Question, len(questions))
	for _, q := range questions {
		byID[q.ID] = q
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(bytes.NewReader(source), body)
	if err != nil {
		return nil, err
	}
	var cards []Card
	var cur *cardBuilder
	flush := func() {
		if cur != nil {
			cards = append(cards, cur.card(opts))
			cur = nil
		}
	}
	for _, n := range nodes {
		if rank := headingRank(n); rank > 0 && rank <= opts.Rank {
			flush()
			if q, ok := byID[htmlnode.Attr(n, "id")]; ok && rank == opts.Rank {
				cur = &cardBuilder{q: q, heading: n}
			}
			continue
		}
		if cur != nil {
			cur.nodes = append(cur.nodes, n)
		}
	}
	flush()
	return cards, nil
}

type cardBuilder struct {
	q       Question
	heading *html.Node
	nodes   []*html.Node
}

func (b *cardBuilder) card(opts Options) Card {
	c := Card{Question: b.q}
	var title, body, answer bytes.Buffer
	for ch := b.heading.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.DataAtom == atom.A && htmlnode.HasClass(ch, "headerlink") {
			continue
		}
		rewrite(ch, opts)
		html.Render(&title, ch)
	}
	nodes := b.nodes
	// A thematic break before the next heading separates sections on the
	// source page; on a card on its own it is noise.
	for len(nodes) > 0 && (isBlank(nodes[len(nodes)-1]) || nodes[len(nodes)-1].DataAtom == atom.Hr) {
		nodes = nodes[:len(nodes)-1]
	}
	for _, n := range nodes {
		rewrite(n, opts)
		if isAnswer(n, opts.Reveal) {
			html.Render(&answer, n)
			answer.WriteByte('\n')
			continue
		}
		html.Render(&body, n)
	}
	c.Title = strings.TrimSpace(title.String())
	c.Body = strings.TrimSpace(body.String())
	c.Answer = strings.TrimSpace(answer.String())
	return c
}

// isAnswer reports whether n is a collapsible block whose title starts
// with reveal.
func isAnswer(n *html.Node, reveal string) bool {
	if n.Type != html.ElementNode || n.DataAtom != atom.Details {
		return false
	}
	if reveal == "" {
		return true
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.DataAtom == atom.Summary {
			t := strings.TrimSpace(htmlnode.Text(ch))
			return len(t) >= len(reveal) && strings.EqualFold(t[:len(reveal)], reveal)
		}
	}
	return false
}

// idAttrs hold ids, or lists of ids separated by spaces.
var idAttrs = map[string]bool{
	"id": true, "for": true, "name": true,
	"aria-controls": true, "aria-labelledby": true, "aria-describedby": true, "aria-owns": true,
}

// rewrite rebases the URLs and prefixes the ids of n and its descendants.
func rewrite(n *html.Node, opts Options) {
	if n.Type == html.ElementNode {
		for i, a := range n.Attr {
			switch {
			case (a.Key == "href" || a.Key == "src") && opts.Rebase != nil:
				n.Attr[i].Val = opts.Rebase(a.Val)
			case idAttrs[a.Key] && opts.IDPrefix != "" && a.Val != "":
				// name is an id only on form controls (the radio buttons of
				// content tabs); on <a name> or <meta name> it is not.
				if a.Key == "name" && n.DataAtom != atom.Input {
					continue
				}
				fields := strings.Fields(a.Val)
				for j, f := range fields {
					fields[j] = opts.IDPrefix + f
				}
				n.Attr[i].Val = strings.Join(fields, " ")
			}
		}
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		rewrite(ch, opts)
	}
}

func isBlank(n *html.Node) bool {
	return n.Type == html.TextNode && strings.TrimSpace(n.Data) == "" || n.Type == html.CommentNode
}

func headingRank(n *html.Node) int {
	if n.Type != html.ElementNode {
		return 0
	}
	switch n.DataAtom {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}
