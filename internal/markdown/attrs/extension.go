package attrs

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

type extender struct{}

// Extension adds attribute lists to a goldmark instance. It has no options.
// Compose it with parser.WithHeadingAttribute() for `## Title { #id }`; the
// extension itself also accepts `## Title {: #id }`. Rendered attributes pass
// through goldmark's per-element attribute filters (global attributes such as
// id, class, title, style, data-* and the element's own, like target on links
// and width on images).
var Extension goldmark.Extender = &extender{}

// Extend implements goldmark.Extender.
func (e *extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// After link reference definitions (100) and tables (200) have
		// claimed their paragraphs.
		parser.WithParagraphTransformers(util.Prioritized(&blockTransformer{}, 300)),
		parser.WithInlineParsers(util.Prioritized(&inlineParser{}, 600)),
		parser.WithASTTransformers(util.Prioritized(&listItemTransformer{}, 100)),
	)
}
