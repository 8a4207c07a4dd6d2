// Package abbr is a goldmark extension for abbreviations in the style of
// Python-Markdown's abbr: a definition line such as
//
//	*[LP]: Leadership Principle
//
// anywhere in the document is removed from the output, and every whole-word
// occurrence of LP in the page's text becomes
// <abbr title="Leadership Principle">LP</abbr>. Code, autolinks, raw HTML
// and image descriptions are left alone.
package abbr

import (
	"regexp"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Node kinds of abbreviations and their definitions.
var (
	KindAbbreviation = ast.NewNodeKind("Abbreviation")
	KindDefinition   = ast.NewNodeKind("AbbreviationDefinition")
)

// Abbreviation is one occurrence of an abbreviation; its child is the Text
// of the occurrence.
type Abbreviation struct {
	ast.BaseInline
	Title string
}

// Kind implements ast.Node.
func (n *Abbreviation) Kind() ast.NodeKind { return KindAbbreviation }

// Dump implements ast.Node.
func (n *Abbreviation) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Title": n.Title}, nil)
}

// Definition is a "*[ABBR]: title" line. The transformer removes these
// nodes from the document once it has applied them.
type Definition struct {
	ast.BaseBlock
	Abbr, Title string
}

// Kind implements ast.Node.
func (n *Definition) Kind() ast.NodeKind { return KindDefinition }

// Dump implements ast.Node.
func (n *Definition) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Abbr": n.Abbr, "Title": n.Title}, nil)
}

var definitionsKey = parser.NewContextKey()

// definitions maps each abbreviation to its title; a later definition of
// the same abbreviation replaces an earlier one.
type definitions map[string]string

func definitionsOf(pc parser.Context) definitions {
	d, _ := pc.Get(definitionsKey).(definitions)
	if d == nil {
		d = definitions{}
		pc.Set(definitionsKey, d)
	}
	return d
}

var definitionLine = regexp.MustCompile(`^\*\[([^\]\\]+)\][ ]?:[ \t]*(.*?)\s*$`)

type definitionParser struct{}

// NewDefinitionParser returns the block parser for "*[ABBR]: title" lines.
func NewDefinitionParser() parser.BlockParser { return definitionParser{} }

func (definitionParser) Trigger() []byte { return []byte{'*'} }

func (definitionParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	m := definitionLine.FindSubmatch(line[pos:])
	if m == nil || len(util.TrimLeftSpace(util.TrimRightSpace(m[1]))) == 0 {
		return nil, parser.NoChildren
	}
	reader.AdvanceToEOL()
	abbr := string(util.TrimLeftSpace(util.TrimRightSpace(m[1])))
	title := string(m[2])
	if title == "" {
		delete(definitionsOf(pc), abbr) // an empty title undefines it
	} else {
		definitionsOf(pc)[abbr] = title
	}
	return &Definition{Abbr: abbr, Title: title}, parser.Close
}

// Continue ends the definition: it is always a single line.
func (definitionParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return parser.Close
}

func (definitionParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

func (definitionParser) CanInterruptParagraph() bool { return true }

func (definitionParser) CanAcceptIndentedLine() bool { return false }

// HTMLRenderer renders Abbreviation as <abbr title="…"> and definitions as nothing.
type HTMLRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (HTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAbbreviation, renderAbbreviation)
	reg.Register(KindDefinition, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	})
}

func renderAbbreviation(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</abbr>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<abbr title="`)
	_, _ = w.Write(util.EscapeHTML([]byte(n.(*Abbreviation).Title)))
	_, _ = w.WriteString(`">`)
	return ast.WalkContinue, nil
}

type abbrExtension struct{}

// Extension adds abbreviation definitions and their <abbr> markup.
var Extension goldmark.Extender = abbrExtension{}

func (abbrExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Before the list (300) and thematic break (200) parsers, which
		// would otherwise look at the leading '*'.
		parser.WithBlockParsers(util.Prioritized(NewDefinitionParser(), 150)),
		parser.WithASTTransformers(util.Prioritized(transformer{}, 500)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(HTMLRenderer{}, 500)))
}
