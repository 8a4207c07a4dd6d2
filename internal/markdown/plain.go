package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"handbook/internal/markdown/gfm"
)

// markdownFor is the goldmark that converts src: the plain one, without
// Linkify, when it gives the same result as md, which tries Linkify after
// every blank of the text (a third of goldmark's work on prose). It does
// when Linkify can find no link in src (see gfm.MayLinkify) and nothing
// differs where goldmark's nodes of text do. Linkify's trigger cuts a
// line's text into two nodes at its last blank, which abbreviations of
// several words, smartsymbols and magiclink read across (plain is nil
// with the last two on); and text's trailing blanks, trimmed from the last
// node only, are trimmed otherwise (blankEnds finds those after parsing).
func (c *Converter) markdownFor(src []byte) goldmark.Markdown {
	if c.plain == nil || gfm.MayLinkify(src) || bytes.Contains(src, []byte("*[")) {
		return c.md
	}
	return c.plain
}

var blankEndsKey = parser.NewContextKey()

// blankEnds is the plain parser's first AST transformer: it marks the
// parse to be done again with Linkify when goldmark trimmed more than one
// blank from the end of a text (a line's, a tab label's, a cell's), the
// only place where its text differs without Linkify: with it, all but
// the last of the blanks stay (each one ended a text node, and only the
// last node is trimmed). The other transformers then do nothing (the page
// transformer, which calls the Linker, included).
type blankEnds struct{}

func (blankEnds) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering && trimmedBlanks(src, t) {
			pc.Set(blankEndsKey, true)
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
}

// trimmedBlanks reports whether more than one blank follows t in src, but
// for a hard line break's two or three spaces (the ones goldmark leaves
// out of the line as the break's mark).
func trimmedBlanks(src []byte, t *ast.Text) bool {
	rest := src[t.Segment.Stop:]
	n := 0
	for n < len(rest) && (rest[n] == ' ' || rest[n] == '\t' || rest[n] == '\v' || rest[n] == '\f' || rest[n] == '\r') {
		n++
	}
	if n < 2 {
		return false
	}
	end := bytes.TrimSuffix(rest[:n], []byte("\r"))
	return !(t.HardLineBreak() && len(end) <= 3 && bytes.Count(end, []byte(" ")) == len(end) &&
		n < len(rest) && rest[n] == '\n')
}
