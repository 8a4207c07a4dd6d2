package inline

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindSubscript is the node kind of H~2~O subscripts.
var KindSubscript = ast.NewNodeKind("Subscript")

// SubscriptNode is a ~subscript~, rendered as <sub>.
type SubscriptNode struct{ ast.BaseInline }

// Kind implements ast.Node.
func (n *SubscriptNode) Kind() ast.NodeKind { return KindSubscript }

// Dump implements ast.Node.
func (n *SubscriptNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// ~~delete~~ reuses goldmark's Strikethrough node so code that already
// knows GFM's AST keeps working.
var deleteDelimiter = &pairDelimiterProcessor{char: '~', newNode: func() ast.Node { return extast.NewStrikethrough() }}

type tildeParser struct{}

// NewTildeParser returns an inline parser for ~~delete~~ and H~2~O; the
// double form wins over the single one.
func NewTildeParser() parser.InlineParser { return tildeParser{} }

func (tildeParser) Trigger() []byte { return []byte{'~'} }

func (tildeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if n := parsePair(block, pc, deleteDelimiter); n != nil {
		return n
	}
	return parseScript(block, '~', &SubscriptNode{})
}

// TildeHTMLRenderer renders Strikethrough nodes as <del> and SubscriptNode as <sub>.
type TildeHTMLRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (r TildeHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindStrikethrough, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		renderTag(w, n, "del", entering)
		return ast.WalkContinue, nil
	})
	reg.Register(KindSubscript, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		renderTag(w, n, "sub", entering)
		return ast.WalkContinue, nil
	})
}

type tildeExtension struct{}

// Tilde is the extension for ~~delete~~ → <del> and H~2~O → H<sub>2</sub>O.
//
// It replaces goldmark's extension.Strikethrough, which also claims '~' and
// would turn ~x~ into <del>: use extension.Table, extension.Linkify and
// extension.TaskList (or this package's tasklist) instead of extension.GFM.
var Tilde goldmark.Extender = tildeExtension{}

func (tildeExtension) Extend(m goldmark.Markdown) {
	// Priority 499 runs before GFM's strikethrough parser (500) should a
	// caller add both anyway, so ~x~ still becomes a subscript.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(NewTildeParser(), 499)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(TildeHTMLRenderer{}, 499)))
}
