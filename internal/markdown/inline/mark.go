package inline

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindMark is the node kind of ==highlighted== text.
var KindMark = ast.NewNodeKind("Mark")

// MarkNode is ==highlighted== text, rendered as <mark>.
type MarkNode struct{ ast.BaseInline }

// Kind implements ast.Node.
func (n *MarkNode) Kind() ast.NodeKind { return KindMark }

// Dump implements ast.Node.
func (n *MarkNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// NewMark returns an empty MarkNode.
func NewMark() *MarkNode { return &MarkNode{} }

var markDelimiter = &pairDelimiterProcessor{char: '=', newNode: func() ast.Node { return NewMark() }}

type markParser struct{}

// NewMarkParser returns an inline parser for ==mark==.
func NewMarkParser() parser.InlineParser { return markParser{} }

func (markParser) Trigger() []byte { return []byte{'='} }

func (markParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	return parsePair(block, pc, markDelimiter)
}

// MarkHTMLRenderer renders MarkNode as <mark>.
type MarkHTMLRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (r MarkHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMark, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		renderTag(w, n, "mark", entering)
		return ast.WalkContinue, nil
	})
}

type markExtension struct{}

// Mark is the extension for ==mark== → <mark>mark</mark>.
var Mark goldmark.Extender = markExtension{}

func (markExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(NewMarkParser(), 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(MarkHTMLRenderer{}, 500)))
}
