package tabs

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

type extender struct{}

// Extension adds content tabs (`=== "Label"`, `===+`, `===!`) to a goldmark
// instance. It has no options.
var Extension goldmark.Extender = &extender{}

// Extend implements goldmark.Extender.
func (e *extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(
			// Ahead of the setext heading parser (100), which also triggers on
			// '=' but never matches a line with a quoted label.
			util.Prioritized(NewParser(), 90),
		),
		parser.WithASTTransformers(util.Prioritized(&setGrouper{}, 100)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(NewHTMLRenderer(), 500),
	))
}

type grouping struct{}

// Grouping groups and renders *Tab nodes that another parser made (the
// `/// tab` blocks), without adding the `===` syntax.
var Grouping goldmark.Extender = &grouping{}

// Extend implements goldmark.Extender.
func (g *grouping) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(&setGrouper{}, 100)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(NewHTMLRenderer(), 500)))
}
