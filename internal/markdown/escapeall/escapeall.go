// Package escapeall implements pymdownx.escapeall: a backslash escapes any
// character, not only ASCII punctuation (`\a` is "a"), and optionally an
// escaped space is a non-breaking space. Escaped punctuation and the
// backslash before a line end (a hard break) stay goldmark's.
package escapeall

import (
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options are escapeall's.
type Options struct {
	// Nbsp makes `\ ` a non-breaking space.
	Nbsp bool
}

// KindNbsp is the kind of Nbsp.
var KindNbsp = ast.NewNodeKind("EscapedSpace")

// Nbsp is an escaped space, rendered &nbsp;.
type Nbsp struct{ ast.BaseInline }

// Kind implements ast.Node.
func (n *Nbsp) Kind() ast.NodeKind { return KindNbsp }

// Dump implements ast.Node.
func (n *Nbsp) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

type inlineParser struct{ o Options }

// Trigger implements parser.InlineParser.
func (p *inlineParser) Trigger() []byte { return []byte{'\\'} }

// Parse implements parser.InlineParser.
func (p *inlineParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 {
		return nil
	}
	c := line[1]
	switch {
	case c == ' ' && p.o.Nbsp:
		block.Advance(2)
		return &Nbsp{}
	case c == '\n' || c == '\r' || util.IsPunct(c):
		return nil // goldmark's own escapes and hard breaks
	}
	_, size := utf8.DecodeRune(line[1:])
	block.Advance(1 + size)
	return ast.NewTextSegment(text.NewSegment(seg.Start+1, seg.Start+1+size))
}

type htmlRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindNbsp, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("&nbsp;")
		}
		return ast.WalkContinue, nil
	})
}

type extender struct{ o Options }

// New returns the extension.
func New(o Options) goldmark.Extender { return &extender{o} }

// Extend implements goldmark.Extender.
func (e *extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(&inlineParser{e.o}, 50)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(htmlRenderer{}, 500)))
}
