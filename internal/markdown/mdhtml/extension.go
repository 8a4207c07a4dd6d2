package mdhtml

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

type extender struct{}

// Extension adds markdown inside HTML block elements to a goldmark instance.
// It has no options of its own; like raw HTML, the element's tags are only
// written when the renderer has html.WithUnsafe().
var Extension goldmark.Extender = &extender{}

// Extend implements goldmark.Extender.
func (e *extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(
		// Ahead of goldmark's HTML block parser (900), which would take the
		// element as raw HTML.
		util.Prioritized(NewParser(), 850),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(NewHTMLRenderer(), 500),
	))
}
