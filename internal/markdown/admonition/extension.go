package admonition

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

type extender struct{}

// Extension adds admonitions (`!!!`) and collapsible blocks (`???`, `???+`)
// to a goldmark instance. It has no options.
var Extension goldmark.Extender = &extender{}

// Extend implements goldmark.Extender.
func (e *extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(
		// Ahead of the paragraph parser; the markers trigger no other parser.
		util.Prioritized(NewParser(), 150),
	), parser.WithASTTransformers(
		util.Prioritized(&defaultTitleTransformer{}, 100),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(NewHTMLRenderer(), 500),
	))
}
