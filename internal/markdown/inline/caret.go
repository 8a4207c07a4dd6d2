package inline

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindInsert is the node kind of ^^inserted^^ text.
var KindInsert = ast.NewNodeKind("Insert")

// KindSuperscript is the node kind of x^2^ superscripts.
var KindSuperscript = ast.NewNodeKind("Superscript")

// InsertNode is ^^inserted^^ text, rendered as <ins>.
type InsertNode struct{ ast.BaseInline }

// Kind implements ast.Node.
func (n *InsertNode) Kind() ast.NodeKind { return KindInsert }

// Dump implements ast.Node.
func (n *InsertNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// SuperscriptNode is a ^superscript^, rendered as <sup>.
type SuperscriptNode struct{ ast.BaseInline }

// Kind implements ast.Node.
func (n *SuperscriptNode) Kind() ast.NodeKind { return KindSuperscript }

// Dump implements ast.Node.
func (n *SuperscriptNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

var insertDelimiter = &pairDelimiterProcessor{char: '^', newNode: func() ast.Node { return &InsertNode{} }}

type caretParser struct{}

// NewCaretParser returns an inline parser for ^^insert^^ and x^sup^; the
// double form wins over the single one.
func NewCaretParser() parser.InlineParser { return caretParser{} }

func (caretParser) Trigger() []byte { return []byte{'^'} }

func (caretParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if n := parsePair(block, pc, insertDelimiter); n != nil {
		return n
	}
	return parseScript(block, '^', &SuperscriptNode{})
}

// CaretHTMLRenderer renders InsertNode as <ins> and SuperscriptNode as <sup>.
type CaretHTMLRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (r CaretHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindInsert, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		renderTag(w, n, "ins", entering)
		return ast.WalkContinue, nil
	})
	reg.Register(KindSuperscript, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		renderTag(w, n, "sup", entering)
		return ast.WalkContinue, nil
	})
}

type caretExtension struct{}

// Caret is the extension for ^^insert^^ → <ins> and x^2^ → x<sup>2</sup>.
var Caret goldmark.Extender = caretExtension{}

func (caretExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(NewCaretParser(), 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(CaretHTMLRenderer{}, 500)))
}
